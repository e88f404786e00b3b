"""The Scoreboard section through Textual's Pilot, asserting on the database."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import openpyxl
from textual.pilot import Pilot
from textual.widgets import Checkbox, Digits, Input

from outreach.contest import store
from outreach_screens.app import make_app
from outreach_screens.contest.export import ContestExportDialog
from outreach_screens.contest.projector import ProjectorScreen
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.widgets.result_form import ResultForm
from tests.tui_support import burst, open_section, screen_lines, settle, until

ROOT = Path(__file__).resolve().parent.parent
SIZE = (80, 24)




async def open_board(pilot: Pilot) -> ScoreboardScreen:
    screen = await open_section(pilot, "5", ScoreboardScreen)
    return screen


async def open_entry(pilot: Pilot, event: str) -> tuple[ScoreboardScreen, ResultForm]:
    """The board's result form (e) on `event`, the cursor in an empty start number."""
    screen = await open_board(pilot)
    await pilot.press("e")
    await settle(pilot)
    form = screen.query_one(ResultForm)
    form.select_event(event)
    number = form.query_one("#rf-number", Input)
    number.value = ""
    number.focus()
    return screen, form


def result_row(db, contest_id: int, number: int, slug: str):
    return db.execute(
        "SELECT r.time, r.wrong, r.faults, r.dnf, r.dsq FROM contest_results r"
        " JOIN contest_teams tm ON tm.id = r.team_id JOIN contest_events e ON e.id = r.event_id"
        " WHERE tm.contest_id = ? AND tm.number = ? AND e.slug = ?", [contest_id, number, slug]).fetchone()


async def test_opens_on_the_most_recent_contest_at_80x24(demo_db, db_path):
    latest = store.latest_contest(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        assert screen.board is not None and screen.board.contest.id == latest.id
        assert screen.table.row_count == len(store.teams(demo_db, latest.id))
        assert screen.contest_select.value == latest.id
        first = screen.table.get_row_at(0)
        assert first[0] == "1"
        assert screen.table.get_row_at(screen.table.row_count - 1)[0] == "—"  # DSQ last, no rank


async def test_keyboard_entry_saves_and_shows_the_new_rank(demo_db, db_path):
    contest = store.latest_contest(demo_db).id
    assert result_row(demo_db, contest, 8, "garage") is None
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, form = await open_entry(pilot, "garage")
        await pilot.press("8", "tab")
        await pilot.press(*"30.5", "tab")  # "wrong answers" is off for an exercise
        await pilot.press(*"cone=2")
        await pilot.pause()
        assert "rank" in str(form.query_one("#rf-preview").render())
        await pilot.press("enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 8, "garage") == (30.5, None, '{"cone": 2}', 0, None)
        row = screen.board.row_for(8)
        assert row.standing.events["garage"].score == 50.5
        message = str(screen.query_one("#message").render())
        assert f"ranked {row.rank}, " in message
        assert screen.table.cursor_row == screen.board.rows.index(row)
        assert form.query_one("#rf-number", Input).value == "" and form.query_one("#rf-number").has_focus
        # a fault the event does not have: refused, nothing written
        await pilot.press("8", "tab", *"31", "tab", *"smoke", "enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 8, "garage")[0] == 30.5
        assert "smoke" in str(form.query_one("#rf-preview").render())
        await pilot.press("escape")  # the refused entry is still typed: asked first (session 17)
        await settle(pilot)
        await pilot.press("shift+tab", "enter")  # «Do not save»
        await settle(pilot)
        assert not screen.query(ResultForm)


async def test_a_result_typed_in_one_burst_lands_field_by_field(demo_db, db_path):
    """A judge's «8⇥30.5⇥cone=2⏎» arriving in one read of the terminal: number, time and
    faults each in their own field and saved, as when typed slowly (the tabs were lost)."""
    contest = store.latest_contest(demo_db).id
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, form = await open_entry(pilot, "garage")
        await settle(pilot)  # the event chosen: "wrong answers" is off for an exercise
        burst(app, "8", "tab", "30.5", "tab", "cone=2", "enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 8, "garage") == (30.5, None, '{"cone": 2}', 0, None)
        assert form.query_one("#rf-number", Input).has_focus


async def test_the_next_team_typed_in_a_burst_after_enter_is_a_new_entry(demo_db, db_path):
    """«8⇥30.5⏎9⇥31⏎» in one read of the terminal: team 8 saved, the form cleared, then team 9
    typed into the empty form and saved, as when typed slowly («9» went into the number of
    the entry being saved)."""
    contest = store.latest_contest(demo_db).id
    assert result_row(demo_db, contest, 9, "garage") is None
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        _screen, form = await open_entry(pilot, "garage")
        await settle(pilot)
        burst(app, "8", "tab", "30.5", "enter", "9", "tab", "31", "enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 8, "garage")[0] == 30.5
        assert result_row(demo_db, contest, 9, "garage")[0] == 31.0
        number = form.query_one("#rf-number", Input)
        assert number.value == "" and number.has_focus


async def test_a_slip_of_the_comma_is_asked_about_before_it_is_saved(demo_db, db_path):
    """«715» typed for 71,5 in the garage, where the others drive about 70 s: Enter saves
    nothing and says so; Enter again on the same entry saves it as typed; a corrected time
    is saved at the first Enter."""
    contest = store.latest_contest(demo_db).id
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, form = await open_entry(pilot, "garage")
        await pilot.press("8", "tab", *"715", "enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 8, "garage") is None
        question = str(form.query_one("#rf-preview").render())
        assert "slip of the comma" in question and "Enter again" in question
        assert any(line.rstrip().endswith("saves it as it is.") for line in screen_lines(app))  # whole
        await pilot.press("enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 8, "garage")[0] == 715
        await pilot.press("8", "tab", *"71,5", "enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 8, "garage")[0] == 71.5


async def test_board_shows_a_write_from_another_process_within_a_second(demo_db, db_path):
    contest = store.latest_contest(demo_db).id
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        assert screen.board.row_for(9).standing.events["parallel"] is None
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "outreach", "--db", str(db_path), "contest", "score", str(contest),
            "9", "parallel", "--time", "44", env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        _, err = await proc.communicate()
        assert proc.returncode == 0, err
        written = time.monotonic()
        while time.monotonic() - written < 1.0:
            if screen.board.row_for(9).standing.events["parallel"] is not None:
                break
            await pilot.pause(0.02)
        assert screen.board.row_for(9).standing.events["parallel"].score == 44
        assert time.monotonic() - written < 1.0
        assert screen.table.get_row("9")[screen.table.get_column_index("parallel")] == "44"


async def test_projector_shows_the_top_places_in_digits(demo_db, db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        top = screen.board.rows[0]
        await pilot.press("p")
        await pilot.pause()
        projector = app.screen
        assert isinstance(projector, ProjectorScreen)
        digits = projector.query_one("#place-0").query(Digits)
        assert [d.value for d in digits] == ["1", f"{top.standing.total:g}"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_the_projector_follows_a_write_from_another_process(demo_db, db_path):
    """The scoreboard under the projector keeps following the file: the projector is fed."""
    contest = store.latest_contest(demo_db).id
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        projector = await open_section(pilot, "p", ProjectorScreen)
        assert projector.board.row_for(9).standing.events["parallel"] is None
        store.score(demo_db, contest, 9, "parallel", time=44)  # the test's own connection
        await until(pilot, lambda: projector.board.row_for(9).standing.events["parallel"] is not None)
        assert projector.board.row_for(9).standing.events["parallel"].score == 44
        assert app.screen is projector


async def test_choosing_another_contest_shows_its_board(demo_db, db_path):
    older = store.latest_contest(demo_db).id
    newer = store.new_contest(demo_db, "Осенний заезд")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        assert screen.contest_id == newer
        screen.contest_select.value = older
        await until(pilot, lambda: screen.board is not None and screen.board.contest.id == older)
        assert screen.contest_id == older


async def test_export_writes_standings_and_protocol(demo_db, db_path, tmp_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ContestExportDialog)
        dialog.path_input.value = str(tmp_path / "out")
        await pilot.press("enter")
        await settle(pilot)
        # workbooks by default; unticked, the CSV of before
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#contest-export-xlsx", Checkbox).value = False
        app.screen.path_input.value = str(tmp_path / "csv")
        await pilot.press("enter")
        await settle(pilot)
    standings = openpyxl.load_workbook(tmp_path / "out" / "standings.xlsx").active
    assert [cell.value for cell in standings[1]][:3] == ["#", "No.", "Team"]
    assert (tmp_path / "out" / "protocol.xlsx").is_file()
    assert (tmp_path / "csv" / "standings.csv").read_text(encoding="utf-8").startswith("#,No.,Team")
    assert (tmp_path / "csv" / "protocol.csv").is_file()


async def test_finished_contest_refuses_entry(demo_db, db_path):
    latest = store.latest_contest(demo_db)
    store.set_status(demo_db, latest.id, store.FINISHED)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        assert screen.board.contest.locked
        await pilot.press("e")
        await pilot.pause()
        assert not screen.query(ResultForm)


async def test_empty_database_shows_how_to_start(db, db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        assert screen.board is None
        assert "press n" in str(screen.query_one("#message").render())  # the app, not the CLI
