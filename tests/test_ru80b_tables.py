"""Tables whose every name, class and error reads whole at 80×24, and keys help for where the
focus is: the column layout on its own, then the roster, the students, the scoreboard and the
delivery log driven in the real app."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from rich.cells import cell_len
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Label

from outreach.common.i18n import set_language
from outreach_screens.app import make_app
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.help import HelpScreen
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.roster.students import StudentsScreen
from outreach_screens.widgets.table_layout import Column, cell_lines, measure, plan
from tests.test_whole_screens import LONG_ERROR, LONG_NAME, long_texts
from tests.tui_support import open_section, screen_lines, settle

NAMES = ["Андреев Алексей Геннадьевич", "Белова Галина Олеговна"]
CHILDREN = ["Андреева Варвара 10А, Андреев Глеб 11Б", "Белов Егор 10Б"]


def test_columns_take_their_texts_width_and_the_name_the_rest() -> None:
    columns = [Column("Name", ratio=1), Column("Class", ratio=0)]
    layout = plan(columns, [measure(NAMES), measure(["10А", "Автошкола В-1"])], 60)
    assert layout.lines == 1 and layout.widths == (60 - 1 - 13, 13)


def test_a_column_shown_elsewhere_goes_first_then_rows_take_two_lines() -> None:
    columns = [Column("Parent"), Column("Children", elsewhere="below"), Column("Phone", width=16)]
    measures = [measure(NAMES), measure(CHILDREN), measure(["+7 985 163-17-75"])]
    narrow = plan(columns, measures, 50)
    assert narrow.widths[1] == 0 and narrow.labels[0] == "Parent (below)" and narrow.lines == 1
    kept = plan([columns[0], Column("Children"), columns[2]], measures, 66)
    assert kept.lines == 2 and kept.widths[0] >= cell_len(NAMES[0])  # the name whole on one line
    assert all("…" not in line for text in CHILDREN for line in cell_lines(text, kept.widths[1], 2))


def test_a_double_name_wraps_after_its_hyphen_only_when_it_must() -> None:
    name = " ".join(LONG_NAME)
    assert cell_lines(name, 36, 2)[0].rstrip() == "Абрамова-Преображенская"
    assert [line.rstrip() for line in cell_lines(name, 15, 3)][:2] == ["Абрамова-", "Преображенская"]


async def test_the_roster_says_where_the_children_went_at_80x24_and_shows_them_wider(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    for size, header, lines in (((80, 24), "Родитель (дети — ниже)", 1), ((120, 36), "Дети", 1)):
        app = make_app(db_path)
        async with app.run_test(size=size) as pilot:
            screen = await open_section(pilot, "1", RosterScreen)
            assert header in "\n".join(screen_lines(app))
            assert screen.finder.table.row_layout.lines == lines  # the demo's names whole on one line
    long_texts(demo_db)  # a name longer than 80 columns leave it: on two lines at 80, whole
    for size, lines in (((80, 24), 2), ((120, 36), 1)):
        app = make_app(db_path)
        async with app.run_test(size=size) as pilot:
            screen = await open_section(pilot, "1", RosterScreen)
            text = "\n".join(screen_lines(app)[:-6])  # the table, not the detail box's title
            assert screen.finder.table.row_layout.lines == lines
            assert all(part in text for part in LONG_NAME)


async def test_the_class_column_is_as_wide_as_the_longest_class(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_section(pilot, "1", RosterScreen)
        screen = await open_section(pilot, "s", StudentsScreen)
        groups = {row.data.group for row in (screen.table.row_at(i) for i in range(screen.table.row_count)) if row}
        assert screen.table.row_layout.widths[1] == max(map(cell_len, [*groups, "Класс"])) == cell_len("Автошкола В-1")


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_the_scoreboard_shows_the_members_it_has_no_room_for_under_the_table(
        demo_db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    long_texts(demo_db)
    monkeypatch.setenv("OUTREACH_LANG", lang)
    set_language(lang)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "5", ScoreboardScreen)
        team = screen.highlighted_team
        assert team is not None and team.number == 2
        assert str(screen.query_one("#team", Label).render()) == f"№2 {team.name}: {team.people}"
        assert str(screen.table.get_cell_at(Coordinate(0, 2))) == team.name
        columns = screen.table.ordered_columns  # never a column in part at the right edge
        edges = [sum(c.get_render_width(screen.table) for c in columns[:i + 1]) for i in range(len(columns))]
        assert screen.table.scrollable_content_region.width in edges
    app = make_app(db_path)
    async with app.run_test(size=(200, 50)) as pilot:  # room beside the names: no line under the table
        screen = await open_section(pilot, "5", ScoreboardScreen)
        assert not screen.query_one("#team", Label).display
        assert f"{team.name} ({team.people})" in "\n".join(screen_lines(app))


async def test_the_delivery_log_wraps_a_long_name_and_error_in_a_taller_row(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    long_texts(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pilot.press("l")
        await settle(pilot)
        table = screen.query_one("#log-table", DataTable)
        first = table.ordered_rows[0]
        # each row as tall as its own texts need (the demo's rows are two lines at 80 columns)
        assert first.height > 2 and min(row.height for row in table.ordered_rows) < first.height
        text = "\n".join(screen_lines(app))
        assert all(word in text for word in LONG_ERROR.split()), text


async def test_keys_help_lists_the_keys_where_the_focus_is(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "3", MessagesScreen)
        composer = dict(await help_rows(pilot))
        assert composer["m"] == "Список"  # the composer's m: every message
        await pilot.press("l")
        await settle(pilot)
        log = dict(await help_rows(pilot))
        assert log["m"] == "Сообщение" and log["r"] == "Повторить"  # the log's own keys
        assert "Шаблон" not in log.values()  # the composer's keys do not work in the log
        await pilot.press("m")  # what help says: m chooses the message whose log is shown
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "log-message"
        await open_section(pilot, "1", RosterScreen)
        roster = dict(await help_rows(pilot))
        assert "Shift+C" not in roster and roster["c"] == "Согласие"  # no class chosen: no class consent


async def help_rows(pilot: Pilot[None]) -> list[tuple[str, str]]:
    await pilot.press("question_mark")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HelpScreen)
    rows = list(screen.rows)
    await pilot.press("escape")
    await settle(pilot)
    return rows
