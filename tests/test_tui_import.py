"""The roster import wizard through Textual's Pilot: file → preview → problems → import."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils
from textual.pilot import Pilot

from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.roster.import_wizard import ImportWizard
from outreach_screens.roster.screen import RosterScreen
from tests.tui_support import open_section, settle, until

DATA = Path(__file__).parent / "data"
SIZE = (100, 30)

ROSTER_CSV = """ФИО ученика;Класс;ФИО родителя;Кем приходится;Телефон;Примечание
Орлов Павел Игоревич;9В;Орлова Екатерина Сергеевна;мать;8 (912) 111-22-01;ok
Орлов Павел Игоревич;9В;Орлов Игорь Петрович;отец;8 (912) 111-22-02;
Седова Нина Олеговна;9В;Седова Вера Павловна;мать;+7 912 111-22-03;
"""


async def press_enter_on_button(pilot: Pilot) -> None:
    """Enter on the focused button, once its press animation (which ignores presses) is over."""
    button = pilot.app.focused
    await until(pilot, lambda: not button.has_class("-active"))
    await pilot.press("enter")


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The wizard's file tree starts in the working directory: keep it small."""
    monkeypatch.chdir(tmp_path)


async def test_import_a_csv_through_the_wizard(db: sqlite_utils.Database, db_path: Path,
                                               tmp_path: Path) -> None:
    source = tmp_path / "class9.csv"
    source.write_text(ROSTER_CSV, encoding="cp1251")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RosterScreen) and screen.finder.table.row_count == 0

        w = await open_section(pilot, "i", ImportWizard)
        assert app.focused is w.path_input
        await pilot.press(*"class9.csv", "enter")  # relative to the working directory
        await settle(pilot)
        assert w.step == "step-preview"
        detected = str(w.query_one("#detected").render())
        assert "cp1251" in detected and "delimiter: ;" in detected and "3" in detected
        mapping = w.query_one("#mapping")
        fields = [str(mapping.get_row_at(i)[1]) for i in range(mapping.row_count)]
        assert any("(student.fio)" in f for f in fields) and "phone (guardian.phone)" in fields
        assert "Примечание" in str(w.query_one("#unknown").render())
        assert w.query_one("#sample").row_count == 3

        await press_enter_on_button(pilot)  # Next is focused: the dry run
        await settle(pilot)
        assert w.step == "step-check"
        assert w.report is not None and w.report.dry_run and not w.report.rejected
        assert w.report.guardians.created == 3 and w.report.students.created == 2
        assert "guardians: 3" in str(w.query_one("#counts").render())
        assert roster.count_guardians(db) == 0  # a dry run writes nothing
        assert not w.next_button.disabled

        await press_enter_on_button(pilot)  # Import
        await settle(pilot)
        assert isinstance(pilot.app.screen, RosterScreen)
        assert roster.count_guardians(db) == 3
        phones = {g.phone for g in roster.list_guardians(db)}
        assert phones == {"+79121112201", "+79121112202", "+79121112203"}
        assert roster.group_names(db) == ["9В"]
        assert screen.finder.table.row_count == 3
        assert any("3 created" in n.message for n in pilot.app._notifications)
        assert screen.finder.groups == ["9В"]


async def test_problems_block_the_import_until_skip_invalid(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "bad_rows.csv"
    shutil.copy(DATA / "bad_rows.csv", source)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        w = await open_section(pilot, "i", ImportWizard)
        w.path_input.value = str(source)
        await pilot.press("enter")
        await settle(pilot)
        await press_enter_on_button(pilot)
        await settle(pilot)
        assert w.step == "step-check"
        problems = w.problems_table
        assert problems.row_count == len(w.report.rejected) > 0
        rows = {int(str(problems.get_row_at(i)[0])) for i in range(problems.row_count)}
        assert 3 in rows  # the row with phone 12345, as a spreadsheet numbers it
        assert w.next_button.disabled and app.focused is w.skip_invalid

        await pilot.press("space")  # skip the invalid rows
        assert not w.next_button.disabled
        assert app.focused is w.next_button  # the box ticked, Import takes the focus
        await press_enter_on_button(pilot)
        await settle(pilot)
        assert isinstance(pilot.app.screen, RosterScreen)
        good = w.report.guardians.created
        assert roster.count_guardians(db) == good > 0
        assert (tmp_path / "bad_rows.rejects.xlsx").exists()


async def test_a_bad_file_is_an_error_not_a_crash(db: sqlite_utils.Database, db_path: Path,
                                                  tmp_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        w = await open_section(pilot, "i", ImportWizard)
        await pilot.press(*"missing.csv", "enter")
        await settle(pilot)
        assert pilot.app.screen is w  # still the wizard
        assert w.step == "step-file" and not w.busy and not w.next_button.disabled
        assert any(n.severity == "error" and "missing.csv" in n.message
                   for n in pilot.app._notifications)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, RosterScreen)
        assert roster.count_guardians(db) == 0


async def test_file_contents_are_shown_as_is(db: sqlite_utils.Database, db_path: Path,
                                             tmp_path: Path) -> None:
    """Brackets in a file are data, not markup: the preview shows them and does not crash."""
    source = tmp_path / "brackets.csv"
    source.write_text("ФИО родителя,Телефон,[/bold] заметки\n"
                      "Скобкина [Анна] Ивановна,89120000001,[red]x[/]\n", encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        w = await open_section(pilot, "i", ImportWizard)
        w.path_input.value = str(source)
        await pilot.press("enter")
        await settle(pilot)
        assert w.step == "step-preview"
        sample = w.query_one("#sample")
        assert [str(c) for c in sample.get_row_at(0)][2] == "[red]x[/]"
        assert "[/bold]" in str(w.query_one("#unknown").render())
        await press_enter_on_button(pilot)
        await settle(pilot)
        await press_enter_on_button(pilot)
        await settle(pilot)
        assert roster.count_guardians(db) == 1
        screen = pilot.app.screen
        assert isinstance(screen, RosterScreen)
        assert screen.finder.table.highlighted_row.cells[0].startswith("Скобкина")
        assert not [n for n in pilot.app._notifications if n.severity == "error"]
