"""Keys typed in one burst right after the key that opens a dialog (or the search) land in
it, as when typed slowly; a dialog that loads first, or saves before it closes, keeps them
until it has."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from textual.pilot import Pilot
from textual.widgets import Input

from outreach.contest import store
from outreach.roster import guardians as roster
from outreach_screens.app import OutreachApp, make_app
from outreach_screens.channels.screen import ChannelsScreen
from outreach_screens.contest import team_dialog
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.contest.team_dialog import TeamDialog
from outreach_screens.roster.screen import RosterScreen
from tests.test_tui_contest_setup import free_student, highlight
from tests.tui_support import burst, open_section, settle, until

SIZE = (80, 24)


def held(function: Callable[..., Any], done: threading.Event) -> Callable[..., Any]:
    """`function` that answers only once `done` is set: a slow disk, while the keys come in."""
    def waiting(*args: Any, **kwargs: Any) -> Any:
        done.wait()
        return function(*args, **kwargs)
    return waiting


async def burst_while_held(pilot: Pilot, done: threading.Event, *keys: str) -> None:
    """The keys in one burst while a worker waits on `done`; then it answers."""
    burst(pilot.app, *keys)
    for _ in range(5):  # every key taken, and handed on where the gate lets it go
        await pilot.pause()
    done.set()
    await settle(pilot)


async def roster_on(pilot: Pilot, **where: str) -> RosterScreen:
    """The roster with its table focused, filtered by `text` or `group`."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RosterScreen)
    if "text" in where:
        screen.finder.search_input.value = where["text"]
        await until(pilot, lambda: screen.finder.table.row_count == 1)
    if "group" in where:
        screen.finder.group_select.value = where["group"]
        await until(pilot, lambda: screen.finder.filter.group == where["group"])
    screen.finder.table.focus()
    await settle(pilot)
    return screen


async def test_consent_typed_in_a_burst_after_c_goes_into_the_consent_dialog(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """«c⇥⇥рассылки⏎»: the consent is recorded with that scope (the keys went to the roster)."""
    without = next(g for g in roster.list_guardians(demo_db) if not g.consent)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await roster_on(pilot, text=without.email or without.phone or "")
        burst(app, "c", "tab", "tab", "рассылки", "enter")
        await settle(pilot)
        after = roster.get_guardian(demo_db, without.id)
        assert (after.consent, after.consent_scope) == (True, "рассылки")


async def test_class_consent_typed_in_a_burst_after_shift_c_waits_for_the_count(
        demo_db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """«C» counts the class's guardians before its dialog opens: the scope typed after it goes
    into that dialog, not into the roster."""
    group = "10А"
    counted = threading.Event()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await roster_on(pilot, group=group)
        monkeypatch.setattr(roster, "guardian_ids", held(roster.guardian_ids, counted))
        await burst_while_held(pilot, counted, "C", "tab", "tab", "рассылки", "enter")
        scopes = {g.consent_scope for g in roster.list_guardians(demo_db, roster.Filter(group=group))
                  if g.consent and not g.consent_withdrawn_at}
        assert scopes == {"рассылки"}


async def test_a_search_typed_in_a_burst_after_slash_goes_into_the_search(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """«/Вол»: the search field takes the focus, then the letters (they went to the table)."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await roster_on(pilot)
        burst(app, "slash", "Вол")
        await settle(pilot)
        assert app.screen is screen and screen.finder.search_input.value == "Вол"


async def channel_form_burst(app: OutreachApp, pilot: Pilot, db: sqlite_utils.Database, *keys: str) -> int:
    """Channels on a parent with consent, then `keys` in one burst; the parent's id."""
    guardian = next(g for g in roster.list_guardians(db) if g.consent and g.phone)
    screen = await open_section(pilot, "2", ChannelsScreen)
    await pilot.press("slash")
    screen.finder.search_input.value = guardian.full_name
    await pilot.press("enter")
    await settle(pilot)
    assert screen.state is not None and screen.state.guardian_id == guardian.id
    burst(app, *keys)
    await settle(pilot)
    return int(guardian.id)


def quiet_hours(db: sqlite_utils.Database, guardian_id: int) -> str | None:
    return db.execute("SELECT quiet_hours FROM guardians WHERE id = ?", [guardian_id]).fetchone()[0]


async def test_quiet_hours_typed_in_a_burst_after_e_go_into_the_channel_form(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """«e22:00-07:00⏎»: the form opens and saves them («2» opened Channels again, the rest was lost)."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        gid = await channel_form_burst(app, pilot, demo_db, "e", "22:00-07:00", "enter")
        assert quiet_hours(demo_db, gid) == "22:00-07:00"


async def test_a_key_after_saving_the_channel_form_in_a_burst_reaches_the_section(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """«…⏎1»: the form saves and closes, then «1» opens the roster (it went into the form)."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        gid = await channel_form_burst(app, pilot, demo_db, "e", "22:00-07:00", "enter", "1")
        assert quiet_hours(demo_db, gid) == "22:00-07:00"
        assert app.current_mode == "roster"


async def test_a_student_typed_in_a_burst_after_t_goes_into_the_team_dialog(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """«t» and the student's name: the name is searched in the new team's dialog (it went to
    the board, its letters taken as commands)."""
    student = free_student(demo_db)
    typed = f"{student.surname} {student.name}"
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "5", ScoreboardScreen)
        burst(app, "t", typed)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TeamDialog)
        assert dialog.query_one("#team-student", Input).value == typed


async def test_a_team_name_typed_in_a_burst_after_a_waits_for_the_team_to_load(
        demo_db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The edited team's parents and number load first; the name typed after «a» then goes
    into its field and Enter saves (the keys went on while the dialog was empty, and Enter
    found no parent ticked)."""
    contest = store.latest_contest(demo_db).id
    team = next(tm for tm in store.teams(demo_db, contest) if not tm.given_name and tm.student)
    loaded = threading.Event()
    monkeypatch.setattr(team_dialog, "get_student", held(team_dialog.get_student, loaded))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "5", ScoreboardScreen)
        await highlight(pilot, screen, team.number)
        await burst_while_held(pilot, loaded, "a", "tab", "tab", "Гонщики", "enter")
        assert isinstance(app.screen, ScoreboardScreen)
        edited = next(tm for tm in store.teams(demo_db, contest) if tm.id == team.id)
        assert (edited.given_name, edited.number) == ("Гонщики", team.number)
