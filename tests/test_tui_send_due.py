"""The messages list (from the command palette) and the app's own send-due timer, through
Textual's Pilot on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.common.formats import parse_moment
from outreach.messages import compose, outbox, templates
from outreach.messages.delivery import due
from outreach.messages.delivery.send import send_message
from outreach_screens.app import OutreachApp, make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.messages.outbox import MessageListScreen, TextPrompt
from outreach_screens.messages.screen import MessagesScreen
from tests.fault_servers import DROP, LATE, ScriptedSmtp
from tests.messages_support import mail_through, parents
from tests.test_real_hands import recorded_notes
from tests.tui_support import paste, settle, until

SIZE = (100, 30)


def _message(db: sqlite_utils.Database, audience: str) -> int:
    return compose.create_message(db, templates.find("ru/ice-safety"), audience=[audience])


def _cells(screen: MessageListScreen) -> dict[int, list[str]]:
    table = screen.table
    return {int(str(table.get_row_at(i)[0])): [str(c) for c in table.get_row_at(i)] for i in range(table.row_count)}


async def test_list_shows_states_and_counts_duplicates_and_deletes_a_draft(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path) -> None:
    parents(db, 2, channel="sms", group="10А")
    parents(db, 1, channel="sms", group="10Б")
    sent_id = _message(db, "group:10А")
    send_message(db, sent_id, folder=tmp_path / "out")
    draft_id = _message(db, "group:10А")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await paste(pilot, "Messages list")
        palette = app.screen
        await until(pilot, lambda: palette.query_one("CommandList").option_count > 0)
        assert "Messages list" in str(palette.query_one("CommandList").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MessageListScreen)
        await until(pilot, lambda: screen.table.row_count == 2)
        rows = _cells(screen)
        assert rows[sent_id][2] == "sent" and "exported 2" in rows[sent_id][4]
        assert rows[draft_id][2] == "draft" and "queued 2" in rows[draft_id][4]

        screen.table.move_cursor(row=0)  # newest first: the draft
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"group:", "enter")  # not an audience: refused in place
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("ctrl+u", *"10Б", "enter")  # a class by its name (group:10Б works too)
        await until(pilot, lambda: screen.table.row_count == 3)
        copy = max(_cells(screen))
        assert _cells(screen)[copy][3] == "parents of 10Б" and "queued 1" in _cells(screen)[copy][4]
        assert compose.get_message(db, copy).body == compose.get_message(db, draft_id).body

        screen.table.move_cursor(row=[int(str(screen.table.get_row_at(i)[0])) for i in range(3)].index(draft_id))
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        app.screen.confirm_button.press()
        await until(pilot, lambda: screen.table.row_count == 2)
        assert draft_id not in _cells(screen)

        screen.table.move_cursor(row=[int(str(screen.table.get_row_at(i)[0])) for i in range(2)].index(sent_id))
        await pilot.press("x")
        await settle(pilot)
        app.screen.confirm_button.press()
        await settle(pilot)
        assert sent_id in _cells(screen)  # a sent message is never deleted
        assert any("only a draft" in n.message for n in app._notifications)

        await pilot.press("slash", *"10б")
        await until(pilot, lambda: screen.table.row_count == 1)
        assert list(_cells(screen)) == [copy]

        await pilot.press("enter", "o")  # leave the search, open the message's log
        await settle(pilot)
        assert app.current_mode == "messages" and isinstance(app.screen, MessagesScreen)
        await until(pilot, lambda: app.screen.log_view.message_id == copy)


async def test_the_open_app_sends_a_scheduled_message_when_its_time_comes(
        db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 2, channel="sms")
    message_id = _message(db, "all")
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T18:00")
    outbox.schedule(db, message_id, parse_moment("01.12.2026 08:30"))
    monkeypatch.setattr(OutreachApp, "DUE_INTERVAL", 0.05)
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)  # a note shown under load may time out unseen
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert compose.message_state(db, message_id) == "scheduled"  # not yet its time
        monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T08:30")
        await until(pilot, lambda: compose.message_state(db, message_id) == "sent")
        await until(pilot, lambda: any("Sent by schedule" in note for note in notes))
    assert compose.list_messages(db)[0].counts == {"exported": 2}
    assert (db_path.parent / f"{db_path.stem}-messages").is_dir()


def _due_now(db: sqlite_utils.Database, message_id: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The message scheduled for 08:30 the next morning, now 08:30, the app checking every 0.05 s."""
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T18:00")
    outbox.schedule(db, message_id, parse_moment("01.12.2026 08:30"))
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T08:30")
    monkeypatch.setattr(OutreachApp, "DUE_INTERVAL", 0.05)


async def test_the_open_app_says_why_its_scheduled_mail_waits(
        db: sqlite_utils.Database, db_path: Path, russian: None, sleeps: list[float],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The mail server cut the connection after two letters in a row: the schedule's note
    gave the counts only, not that the other letters wait and why."""
    parents(db, 4)
    message_id = _message(db, "all")
    _due_now(db, message_id, monkeypatch)
    with ScriptedSmtp() as server:
        for i in range(4):
            server.script[f"parent{i}@example.ru"] = [DROP]
        mail_through(server.port, monkeypatch)
        app = make_app(db_path)
        notes = recorded_notes(app, monkeypatch)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: any("по расписанию" in note for note in notes))
            said = next(note for note in notes if "по расписанию" in note)
    assert "неизвестно 2" in said
    assert "Почтовый сервер дважды подряд оборвал соединение" in said and "ещё 2 письма ждут" in said


async def test_a_slow_mail_server_is_waited_for_not_joined_by_a_send_at_every_tick(
        db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A letter the server answers a second late, ticks every 0.05 s: each tick started another
    sending thread beside the first (Textual marked the older one cancelled; its thread ran on),
    so a silent server gathered a thread a minute in the open app."""
    parents(db, 1)
    message_id = _message(db, "all")
    _due_now(db, message_id, monkeypatch)
    running, most, calls = [0], [0], [0]
    real = due.send_due

    def counted(database: sqlite_utils.Database) -> due.DueReport:
        running[0] += 1
        calls[0] += 1
        most[0] = max(most[0], running[0])
        try:
            return real(database)
        finally:
            running[0] -= 1

    monkeypatch.setattr(due, "send_due", counted)
    with ScriptedSmtp(late_by=1.0) as server:
        server.script["parent0@example.ru"] = [LATE]
        mail_through(server.port, monkeypatch)
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: compose.message_state(db, message_id) == "sent")
            await until(pilot, lambda: calls[0] >= 3)  # the timer goes on once the letter is out
    assert most[0] == 1
