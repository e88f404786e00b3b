"""Dialogs that fill their table in a worker as they open (a list of parents from the Channels
section, a message's answers, the day's absences) keep the keys typed in the same burst as the
key that opened them until the table is filled: an arrow moves over the loaded rows and Enter
or a key acts on the row it reached (they went to the empty table and were lost). Pilot at 80×24,
in Russian."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from outreach.channels.coverage import coverage
from outreach.common import clock
from outreach.inbox.fetch import fetch
from outreach.messages import compose, rsvp, templates
from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.channels.screen import ChannelsScreen
from outreach_screens.inbox import absences
from outreach_screens.inbox.absences import AbsencesScreen
from outreach_screens.inbox.screen import InboxScreen
from outreach_screens.messages.outbox import MessageListScreen
from outreach_screens.messages.rsvp_dialog import RsvpScreen
from outreach_screens.messages.screen import MessagesScreen
from tests.messages_support import TelegramApi, local_telegram, parents
from tests.test_rsvp_tui import invitation
from tests.test_tui_dialog_keys import burst_while_held, held
from tests.tui_support import open_message_list, open_section, settle, until

SIZE = (80, 24)
pytestmark = pytest.mark.usefixtures("russian")


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with local_telegram(monkeypatch) as server:
        yield server


async def test_a_parent_picked_in_a_burst_after_n_is_the_one_the_arrow_reached(
        demo_db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """«n↓p»: the second parent without consent is picked in the Channels section (the arrow
    and «p» went to the list before its rows came, and the list stayed open)."""
    no_consent = coverage(demo_db)["no_consent"]
    assert len(no_consent) > 1
    loaded = threading.Event()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "2", ChannelsScreen)
        monkeypatch.setattr(roster, "get_guardian", held(roster.get_guardian, loaded))
        await burst_while_held(pilot, loaded, "n", "down", "p")
        assert app.screen is screen
        await until(pilot, lambda: screen.state is not None and screen.state.guardian_id == no_consent[1])


async def test_answers_asked_in_a_burst_after_m_are_those_of_the_message_the_arrow_reached(
        db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """«m↓a» in the Messages section: the second message's answers open (the arrow and «a» went
    to the empty list: the first message's opened, or none)."""
    invitation(db)
    compose.create_message(db, templates.find("ru/ice-safety"), audience=["group:10А"])
    loaded = threading.Event()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "3", MessagesScreen)
        monkeypatch.setattr(compose, "list_messages", held(compose.list_messages, loaded))
        await burst_while_held(pilot, loaded, "m", "down", "a")
        await settle(pilot)
        dialog, listing = app.screen, app.screen_stack[-2]
        assert isinstance(dialog, RsvpScreen) and isinstance(listing, MessageListScreen)
        assert dialog.message_id == listing.rows[1].id


async def test_an_arrow_typed_in_a_burst_after_a_moves_over_the_loaded_answers(
        db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    invitation(db)
    loaded = threading.Event()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_message_list(pilot, 1)
        monkeypatch.setattr(rsvp, "tally", held(rsvp.tally, loaded))
        await burst_while_held(pilot, loaded, "a", "down", "down")
        dialog = app.screen
        assert isinstance(dialog, RsvpScreen) and dialog.table.row_count == 3
        assert dialog.table.cursor_row == 2


async def test_an_arrow_typed_in_a_burst_after_a_moves_over_the_loaded_absences(
        db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch, api: TelegramApi) -> None:
    parents(db, 2, channel="telegram")
    for i in range(2):
        api.message(100000 + i, f"Иван{i} сегодня не придёт, заболел")
        api.updates[-1]["message"]["date"] = int(clock.now().timestamp())  # type: ignore[index]
    fetch(db)
    loaded = threading.Event()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "6", InboxScreen)
        monkeypatch.setattr(absences, "absences", held(absences.absences, loaded))
        await burst_while_held(pilot, loaded, "a", "down")
        dialog = app.screen
        assert isinstance(dialog, AbsencesScreen) and dialog.table.row_count == 2
        assert dialog.table.cursor_row == 1
