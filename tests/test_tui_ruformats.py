"""Russian conventions on screen (issue 15): the scoreboard takes «30,5» and «конус=2» and shows a
decimal comma; the delivery log shows names, Russian channel names and «23.11 в 18:05»."""

from __future__ import annotations

import re

from textual.widgets import Input, Label

from outreach.contest import store
from outreach_screens.app import make_app
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.widgets.result_form import ResultForm
from tests.tui_support import open_section, settle, until

SIZE = (80, 24)
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T?\s?\d{2}:\d{2}")


async def test_a_result_typed_the_russian_way_is_stored_right_and_shown_with_a_comma(
        demo_db, db_path, russian) -> None:  # type: ignore[no-untyped-def]
    contest = store.latest_contest(demo_db).id
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "5", ScoreboardScreen)
        await pilot.press("у")  # e on the Russian layout
        await settle(pilot)
        form = screen.query_one(ResultForm)
        form.select_event("garage")
        await settle(pilot)
        assert "конус +10" in str(form.query_one("#rf-hint", Label).render())
        number = form.query_one("#rf-number", Input)
        number.value = ""
        number.focus()
        await pilot.press("8", "tab", *"30,5", "tab", *"конус=2", "enter")
        await until(pilot, lambda: screen.board is not None and
                    screen.board.row_for(8).standing.events["garage"] is not None)
        time, faults = demo_db.execute(
            "SELECT r.time, r.faults FROM contest_results r JOIN contest_teams tm ON tm.id = r.team_id"
            " JOIN contest_events e ON e.id = r.event_id WHERE tm.contest_id = ? AND tm.number = 8"
            " AND e.slug = 'garage'", [contest]).fetchone()
        assert (time, faults) == (30.5, '{"cone": 2}')  # «30,5» is 30.5, never 305
        row = screen.board.rows.index(screen.board.row_for(8))
        assert screen.table.get_row_at(row)[screen.table.get_column_index("garage")] == "50,5"
        message = str(screen.query_one("#message", Label).render())
        assert not re.search(r"\d\.\d", message)


async def test_the_delivery_log_reads_in_russian(demo_db, db_path, russian) -> None:  # type: ignore[no-untyped-def]
    sent = demo_db.execute("SELECT message_id FROM deliveries WHERE sent_at IS NOT NULL LIMIT 1").fetchone()[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pilot.press("escape", "д")  # l on the Russian layout
        await settle(pilot)
        log = screen.log_view
        log.show_message(sent)
        await until(pilot, lambda: log.message_id == sent and log.table.row_count > 0)
        rows = [[str(cell) for cell in log.table.get_row_at(i)] for i in range(log.table.row_count)]
        names, channels, times = {r[0] for r in rows}, {r[1] for r in rows}, [r[4] for r in rows if r[4]]
        assert not any(name.startswith("#") for name in names)
        assert "эл.\u00a0почта" in channels and "email" not in channels
        assert times and not any(ISO_MOMENT.search(when) for when in times)
        assert all(re.fullmatch(r"(сегодня|вчера|\d\d\.\d\d(\.\d{4})?) в \d\d:\d\d", when) for when in times)


async def test_the_roster_shows_consent_dates_day_first_in_russian(demo_db, db_path, russian) -> None:  # type: ignore[no-untyped-def]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        await until(pilot, lambda: screen.finder.table.loaded_row_count > 0)
        consents = [str(screen.finder.table.row_at(i).cells[3]) for i in range(screen.finder.table.loaded_row_count)]
        given = [c for c in consents if c.startswith("✓")]
        assert given and all(re.fullmatch(r"✓ \d\d\.\d\d\.\d{4}", c) for c in given)
