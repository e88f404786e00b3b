"""A saved message edited in the composer and saved again is that message, changed: not a
second message beside an unsent copy of the first (the lead's hands-on pass, session 17: a
teacher who fixed a typo after seeing the plan had two near-identical drafts, either of which
could be sent). Each test fails without its fix."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import sqlite_utils

from outreach.common import clock
from outreach.messages import compose, drafts, outbox, templates
from outreach.settings.values import set_setting
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.messages.screen import MessagesScreen
from tests.messages_support import Mailbox, local_smtp, parents
from tests.test_real_hands import recorded_notes
from tests.test_replaced_message import held_and_edited
from tests.test_tui_messages_slips import pick_template
from tests.tui_support import open_section, settle, until

SIZE = (80, 24)


def bodies(db: sqlite_utils.Database) -> list[tuple[int, str]]:
    return db.execute("SELECT id, body FROM messages ORDER BY id").fetchall()


def test_an_edit_of_a_draft_keeps_its_number_time_and_nothing_else(db: sqlite_utils.Database) -> None:
    ids = parents(db, 3)
    first = compose.create_message(db, templates.blank("ru", "Собрание в 18:00."))
    outbox.schedule(db, first, clock.now() + timedelta(days=1))
    send_at = db.execute("SELECT send_at FROM messages WHERE id = ?", [first]).fetchone()[0]
    edited = compose.create_message(db, templates.blank("ru", "Собрание в 19:00."),
                                    audience=[f"guardian:{ids[0]}"], replacing=first)
    assert edited == first
    assert bodies(db) == [(first, "Собрание в 19:00.")]
    assert db.execute("SELECT send_at, audience FROM messages").fetchone() == (send_at, f'["guardian:{ids[0]}"]')
    # its queued rows are the edited audience's, not the first one's as well
    assert db.execute("SELECT guardian_id FROM deliveries WHERE message_id = ?", [first]).fetchall() == [(ids[0],)]
    assert compose.message_state(db, first) == "scheduled"


def test_an_edit_of_a_message_gone_out_is_a_new_message(db: sqlite_utils.Database) -> None:
    parents(db, 2)
    first = compose.create_message(db, templates.blank("ru", "Собрание в 18:00."))
    with db.conn:  # as a send that delivered one letter leaves it
        db.execute("UPDATE deliveries SET status = 'sent', attempts = 1 WHERE id ="
                   " (SELECT min(id) FROM deliveries WHERE message_id = ?)", [first])
    edited = compose.create_message(db, templates.blank("ru", "Собрание в 19:00."), replacing=first)
    assert edited != first
    assert bodies(db) == [(first, "Собрание в 18:00."), (edited, "Собрание в 19:00.")]
    assert db.execute("SELECT count(*) FROM deliveries WHERE message_id = ? AND status = 'sent'",
                      [first]).fetchone()[0] == 1


async def test_fixing_a_typo_after_the_plan_saves_into_the_same_message(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 2)
    monkeypatch.setattr(MessagesScreen, "KEEP_DELAY", 0)
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.editor.focus()
        await pilot.press(*"Собрание в 18:0")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.send_panel.saved is not None)
        first = screen.send_panel.saved[0]  # type: ignore[index]
        await pilot.press("0", "ctrl+s")  # the typo fixed
        await until(pilot, lambda: any("обновлено" in note for note in notes))
        assert screen.send_panel.saved is not None and screen.send_panel.saved[0] == first
        assert not screen.send_panel.plan_label.has_class("stale")
        assert str(screen.send_panel.plan_label.render()).startswith(f"#{first} · ")
        # another template is another message: saving it leaves the first as it is
        await pick_template(pilot, "тонкий")
        await pilot.press("shift+tab", "enter")  # «Replace your text?» Replace
        await settle(pilot)
        assert screen.template is not None and screen.send_panel.saved is None
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.send_panel.saved is not None)
        second = screen.send_panel.saved[0]  # type: ignore[index]
    assert second != first
    assert [row[0] for row in bodies(db)] == [first, second]
    assert bodies(db)[0][1] == "Собрание в 18:00"


async def test_changes_back_after_a_restart_are_saved_into_their_message(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app closed with message 1 edited and not saved again: the edit comes back said as
    such, and ctrl+s saves it into message 1 (it made message 2 beside the unsent 1)."""
    parents(db, 2)
    message_id = compose.create_message(db, templates.blank("ru", "Собрание в 18:00."))
    edited = "Собрание в 19:00."
    drafts.save_draft(db, {"template": None, "body": edited, "saved_as": message_id, "edited": True,
                           "attachments": [], "kind": "all", "value": None, "chosen": [],
                           "mode": "preferred", "broadcast": [], "values": {}})
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await until(pilot, lambda: screen.draft_ready and screen.editor.text == edited)
        assert any(f"Сообщение {message_id} снова в редакторе с вашими изменениями" in note for note in notes)
        await until(pilot, lambda: screen.send_panel.plan_label.has_class("stale"))
        await pilot.press("escape", "ctrl+s")
        await until(pilot, lambda: any("обновлено" in note for note in notes))
        await settle(pilot)
    assert bodies(db) == [(message_id, edited)]


async def test_a_text_cleared_whole_and_written_anew_is_another_message(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Clearing the whole editor is starting over: the next save keeps the first message."""
    parents(db, 2)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.editor.focus()
        await pilot.press(*"Субботник")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.send_panel.saved is not None)
        first = screen.send_panel.saved[0]  # type: ignore[index]
        screen.editor.clear()
        await settle(pilot)
        assert screen.send_panel.saved is None
        await pilot.press(*"Собрание", "ctrl+s")
        await until(pilot, lambda: screen.send_panel.saved is not None)
        second = screen.send_panel.saved[0]  # type: ignore[index]
    assert bodies(db) == [(first, "Субботник"), (second, "Собрание")]


async def test_a_sent_message_back_after_a_restart_is_said_to_have_gone_out(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sent from the composer, the app closed and opened again: the composer said «Сообщение 1
    снова в редакторе, как вы его оставили», as of a draft, and a change saved made message 2."""
    parents(db, 2)
    monkeypatch.setattr(MessagesScreen, "KEEP_DELAY", 0)
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, "3", MessagesScreen)
            screen.editor.focus()
            await pilot.press(*"Собрание в 18:00", "ctrl+g")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("shift+tab", "enter")  # Send
            await until(pilot, lambda: len(box.messages) == 2)
            await settle(pilot)
            await app.action_quit()
    [(message_id, _)] = bodies(db)
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await until(pilot, lambda: screen.draft_ready and any("снова в редакторе" in n for n in notes))
        said = next(n for n in notes if "снова в редакторе" in n)
        assert said == (f"Сообщение {message_id} снова в редакторе; оно уже отправлялось (его журнал — l),"
                        " поэтому сохранённые изменения станут новым сообщением.")
        assert str(screen.send_panel.plan_label.render()).startswith(f"#{message_id} · ")


async def test_an_edit_of_a_message_waiting_for_quiet_hours_says_the_old_text_still_goes(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Message 1 sent at 22:15 waits for quiet hours to end; its text edited and saved made
    message 2 «as message 1 has gone out», without a word that message 1 still goes at 08:00."""
    parents(db, 2)
    set_setting(db, "quiet_hours", "21:00-08:00")
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T22:15")
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        _, first = await held_and_edited(pilot, db, 2)
        await pilot.press("enter")  # «Оставить оба», the answer focused: as before the question
        await until(pilot, lambda: any("новое сообщение" in n for n in notes))
        said = next(n for n in notes if "новое сообщение" in n)
    assert [row[0] for row in bodies(db)] == [first, first + 1]
    assert (f"Сообщение {first} не изменено: из его доставок ещё не ушли 2 — они уйдут со старым текстом"
            " (когда кончатся тихие часы или при его следующей отправке). Те из его родителей, кому идёт"
            " и новое сообщение, получат оба текста.") in said
