"""The Roster section in September, in Russian at 80×24: a consent a year old is marked, and
`y` shows only the parents to ask for consent (a year old or none), then everyone again."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlite_utils
from textual.pilot import Pilot
from textual.widgets import RadioButton

from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.roster.consent_dialog import ConsentDialog
from outreach_screens.roster.export_dialog import ExportDialog
from outreach_screens.roster.screen import RosterScreen
from tests.consent_age_support import PARENTS, TO_ASK, YEAR_OLD, consent_ages
from tests.tui_support import footer_text, screen_lines, settle, until

SIZE = (80, 24)
pytestmark = pytest.mark.usefixtures("russian")


async def roster_screen(pilot: Pilot) -> RosterScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RosterScreen)
    return screen


def shown(screen: RosterScreen) -> dict[str, str]:
    """The table's rows as surname → consent cell."""
    table = screen.finder.table
    rows = [table.row_at(index) for index in range(table.row_count)]
    return {row.data.surname: row.cells[3] for row in rows if row is not None}


def count_text(screen: RosterScreen) -> str:
    return str(screen.finder.count_label.render())


async def test_a_consent_a_year_old_is_marked_in_the_table_and_the_detail(
        db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    consent_ages(db, monkeypatch)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await roster_screen(pilot)
        consents = shown(screen)
        assert consents["Андреева"] == "✓ 12.09.2025 ⏳"  # a year old today, to the day
        assert consents["Жукова"] == "✓ 01.09.2024 ⏳"
        assert consents["Борисова"] == "✓ 13.09.2025"  # a day short of a year
        assert consents["Дмитриева"] == "✓ 01.09.2026"
        assert any("Андреева Анна" in line and line.endswith("✓ 12.09.2025 ⏳") for line in screen_lines(app))
        assert screen.highlighted is not None and screen.highlighted.surname == "Андреева"
        assert "⏳ согласие дано год назад или раньше (12.09.2025): попросите его снова" in str(screen.detail.render())
        await pilot.press("down")
        await until(pilot, lambda: screen.highlighted is not None and screen.highlighted.surname == "Борисова")
        assert "год назад" not in str(screen.detail.render())


async def test_y_shows_only_the_parents_to_ask_with_their_count_and_y_again_everyone(
        db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    consent_ages(db, monkeypatch)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await roster_screen(pilot)
        assert "y Собрать согласия" in footer_text(screen)
        await pilot.press("y")
        await until(pilot, lambda: set(shown(screen)) == TO_ASK)
        assert shown(screen)["Васильева"] == "—"
        assert count_text(screen) == "Собрать согласие: 3 из 6"
        assert any("Собрать согласие: 3 из 6" in line for line in screen_lines(app))
        assert "y Все родители" in footer_text(screen) and "Собрать согласия" not in footer_text(screen)
        screen.finder.group_select.value = "7А"  # the class chosen too: its parents to ask
        await until(pilot, lambda: set(shown(screen)) == TO_ASK - {"Жукова"})
        assert count_text(screen) == "Собрать согласие: 2 из 6"
        await pilot.press("н")  # the same key on the Russian layout: everyone of 7А again
        await until(pilot, lambda: len(shown(screen)) == 5)
        assert "Собрать" not in count_text(screen) and "y Собрать согласия" in footer_text(screen)


async def test_a_consent_recorded_while_filtered_takes_the_parent_off_the_list(
        db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = consent_ages(db, monkeypatch)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await roster_screen(pilot)
        await pilot.press("y")
        await until(pilot, lambda: set(shown(screen)) == TO_ASK)
        await pilot.press("c")  # Андреева, highlighted first: given again, today, is offered
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConsentDialog) and dialog.query_one("#consent-given", RadioButton).value
        dialog.date_input.focus()
        await pilot.press("enter")
        await until(pilot, lambda: set(shown(screen)) == TO_ASK - {"Андреева"})
        assert roster.get_guardian(db, ids["Андреева"]).consent_date == "2026-09-12"
        assert count_text(screen) == "Собрать согласие: 2 из 6"


async def test_export_while_filtered_writes_the_parents_shown(
        db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    consent_ages(db, monkeypatch)
    target = tmp_path / "to-ask.csv"
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await roster_screen(pilot)
        await pilot.press("y")
        await until(pilot, lambda: set(shown(screen)) == TO_ASK)
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.filter == roster.Filter(no_consent_since=YEAR_OLD)
        assert "собрать согласие (старше года или нет)" in str(dialog.query_one("#scope").render())
        dialog.path_input.value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: target.exists())
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream, delimiter=";"))[1:]
    assert sorted(row[4] for row in rows) == sorted(TO_ASK)
    assert len(rows) == len(TO_ASK) < len(PARENTS)
