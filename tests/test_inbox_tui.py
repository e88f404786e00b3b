"""The Inbox section through Textual's Pilot at 80×24, by keyboard alone: open a thread (read),
answer over its channel (through the pipeline), mark it done, fetch now; Russian labels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils
from textual.pilot import Pilot
from textual.widgets import Label

from outreach.common import clock
from outreach.common.i18n import set_language
from outreach.inbox.fetch import fetch
from outreach_screens.app import make_app
from outreach_screens.inbox.absences import AbsencesScreen
from outreach_screens.inbox.screen import InboxScreen
from tests.messages_support import TelegramApi, local_telegram, parents
from tests.tui_support import open_section, settle, until

SIZE = (80, 24)

@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with local_telegram(monkeypatch) as server:
        yield server


def thread_row(db: sqlite_utils.Database) -> tuple[int, int]:
    return db.execute("SELECT unread, open FROM inbox_threads").fetchone()


async def test_open_answer_and_mark_done_by_keyboard(db: sqlite_utils.Database, db_path: Path,
                                                     api: TelegramApi) -> None:
    parents(db, 1, channel="telegram")
    api.message(100000, "Когда родительское собрание?")
    fetch(db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "6", InboxScreen)
        await until(pilot, lambda: screen.table.loaded_row_count == 1)
        assert screen.table.row_at(0).cells[3] == "1"
        await pilot.press("enter")
        await settle(pilot)
        assert "Когда родительское собрание?" in str(screen.view.render())
        assert thread_row(db) == (0, 1)
        await pilot.press("r")
        await settle(pilot)
        assert screen.answer_box.has_focus
        await pilot.press(*"Во вторник")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(api.received) == 1)
        assert api.received[0]["chat_id"] == "100000" and "Во вторник" in str(api.received[0]["text"])
        await until(pilot, lambda: "Во вторник" in str(screen.view.render()))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await until(pilot, lambda: thread_row(db) == (0, 0))
        name = db.execute("SELECT surname FROM guardians").fetchone()[0]
        # the parent named, not «Thread 1» (a number the teacher never sees)
        await until(pilot, lambda: any(name in n.message and "marked done" in n.message for n in app._notifications))
        assert screen.active_bindings["d"].binding.id == "inbox.done"


async def test_fetch_key_brings_new_messages_and_labels_are_russian(db: sqlite_utils.Database, db_path: Path,
                                                                    api: TelegramApi) -> None:
    parents(db, 2, channel="telegram")
    set_language("ru")
    try:
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, "6", InboxScreen)
            assert screen.table.row_count == 0
            assert "Входящие" in screen.sub_title
            api.message(100001, "Добрый вечер!")
            await pilot.press("f")
            await until(pilot, lambda: screen.table.row_count == 1)
            await until(pilot, lambda: screen.table.loaded_row_count == 1)
            assert screen.table.row_at(0).cells[1] == "Telegram"  # the channel by its name, not its code
            assert screen.table.columns[0].label == "Родитель"
    finally:
        set_language("en")


def _written_today(db: sqlite_utils.Database, api: TelegramApi, text: str) -> None:
    """`text` from the mother of Иван0 (the roster's one parent) on Telegram today, fetched."""
    parents(db, 1, channel="telegram")
    api.message(100000, text)
    api.updates[-1]["message"]["date"] = int(clock.now().timestamp())  # type: ignore[index]
    fetch(db)


async def _absences(pilot: Pilot) -> AbsencesScreen:
    await open_section(pilot, "6", InboxScreen)
    return await open_section(pilot, "a", AbsencesScreen)


async def test_absences_of_today_open_with_a(db: sqlite_utils.Database, db_path: Path, api: TelegramApi) -> None:
    _written_today(db, api, "Иван0 сегодня не придёт, заболел")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _absences(pilot)
        await until(pilot, lambda: screen.table.row_count == 1)
        assert screen.table.get_row_at(0)[:2] == ["10А", "Петров Иван0"]
        await pilot.press("x")  # the list for Excel, beside the message folders
        book = db_path.parent / "test-messages" / f"absences-{clock.today().isoformat()}.xlsx"
        await until(pilot, book.is_file)
        rows = list(openpyxl.load_workbook(book).active.iter_rows(values_only=True))
        assert rows[1][1:4] == ("10А", "Петров Иван0", "Петрова Анна Викторовна")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)


async def test_absences_say_how_a_note_was_read(db: sqlite_utils.Database, db_path: Path, api: TelegramApi,
                                               russian: None) -> None:
    """«Маша … 3 дня» from the mother of Иван0 alone: today's row names the guess and the span."""
    _written_today(db, api, "Маша заболела, 3 дня не будет")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _absences(pilot)
        await until(pilot, lambda: screen.table.row_count == 1)
        assert screen.table.get_row_at(0)[1] == "Петров Иван0 (?)"
        note = screen.query_one("#absences-note", Label)
        await until(pilot, lambda: str(note.render()).startswith("не уверено: в записке — Маша; «3 дня»: "))
        assert note.region.width * note.region.height >= len(str(note.render()))  # whole, in the dialog


async def test_a_thread_says_who_wrote_and_the_answer_box_where_it_goes(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """The grandmother answered our e-mail to the mother from her own address: the mother's
    thread says «от: … — не из списка», and the answer box that the answer goes to her."""
    from outreach.inbox.model import Incoming
    from outreach.inbox.store import keep
    from outreach.messages import templates
    from outreach.messages.compose import create_message

    mother, = parents(db, 1)
    message = create_message(db, templates.blank("ru", "Собрание в четверг."), audience=[f"guardian:{mother}"])
    db.execute("UPDATE deliveries SET status = 'sent', external_id = '<ours@school7.ru>' WHERE message_id = ?",
               [message])
    keep(db, [Incoming("email", "<g1@mail.ru>", "galina.petrova@mail.ru", "Это бабушка. Придём.", clock.now(),
                       answers=("<ours@school7.ru>",))])
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "6", InboxScreen)
        await until(pilot, lambda: screen.table.loaded_row_count == 1)
        await pilot.press("enter")
        await until(pilot, lambda: "Это бабушка" in str(screen.view.render()))
        assert "от: galina.petrova@mail.ru — не из списка" in str(screen.view.render())
        heading = str(screen.query_one("#answer-heading", Label).render())
        assert heading.startswith("Ответ на адрес galina.petrova@mail.ru (написали в ветке «Петрова Анна")
