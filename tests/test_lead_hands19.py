"""Keys that move the focus, typed faster than the app takes them (session 19, by hand at
80×24 in Russian). Textual's `Widget.focus()` moves the focus only after the keys already
waiting: «/» then «Фомина» in one read put «Ф» (the Russian-layout «a», a new parent) on the
roster's table; «← ⏎» in a confirmation pressed «Отмена», the button focused before «←»."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.roster.screen import RosterScreen
from tests.tui_support import burst, settle

SIZE = (80, 24)


async def test_a_search_typed_right_after_the_slash_goes_into_the_search(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "/", "Фомина")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)  # «Ф» opened the new parent's form
        assert app.screen.finder.search_input.value == "Фомина"


async def test_left_and_enter_at_once_choose_the_answer_on_the_left(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    answers: list[bool | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ConfirmScreen("?", "", "?", "Да"), answers.append)
        await settle(pilot)
        burst(app, "left", "enter")
        await settle(pilot)
        assert answers == [True]
