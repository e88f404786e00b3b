"""Issue 12 replayed in the app: each slip's keystrokes now do only what the teacher meant."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from outreach.contest import store
from outreach.i18n import set_language
from screens.app import make_app
from screens.scoreboard import ScoreboardScreen
from screens.widgets.result_form import ResultForm

from .tui_support import open_section, settle

SIZE = (100, 30)


def garage_time(db, contest_id: int, number: int) -> float | None:
    row = db.execute(
        "SELECT r.time FROM contest_results r JOIN contest_teams tm ON tm.id = r.team_id"
        " JOIN contest_events e ON e.id = r.event_id"
        " WHERE tm.contest_id = ? AND tm.number = ? AND e.slug = 'garage'", [contest_id, number]).fetchone()
    return None if row is None else row[0]


async def result_form(pilot: Pilot) -> tuple[ScoreboardScreen, ResultForm]:
    screen = await open_section(pilot, "5", ScoreboardScreen)
    await pilot.press("e")
    await settle(pilot)
    form = screen.query_one(ResultForm)
    form.select_event("garage")
    return screen, form


async def type_result(pilot: Pilot, form: ResultForm, number: str, time: str) -> None:
    field = form.query_one("#rf-number", Input)
    field.value = ""
    field.focus()
    await pilot.press(*number, "tab", *time, "enter")
    await settle(pilot)


async def test_slip4_a_decimal_comma_is_kept_in_the_entry_form(demo_db, db_path) -> None:
    contest = store.latest_contest(demo_db).id
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, form = await result_form(pilot)
        await type_result(pilot, form, "8", "52,3")
        assert garage_time(demo_db, contest, 8) == 52.3
        assert screen.table.get_row("8")[screen.table.get_column_index("garage")] == "52.3"
        await type_result(pilot, form, "9", "1:05,3")
        assert garage_time(demo_db, contest, 9) == 65.3


async def test_slip4_an_impossible_time_is_refused_in_russian(demo_db, db_path) -> None:
    contest = store.latest_contest(demo_db).id
    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        _, form = await result_form(pilot)
        await type_result(pilot, form, "8", "1:75")
        assert "меньше 60" in str(form.query_one("#rf-preview").render())
        assert garage_time(demo_db, contest, 8) is None
