"""Keys that move the focus, typed faster than the app takes them (session 19, by hand at
80×24 in Russian). Textual's `Widget.focus()` moves the focus only after the keys already
waiting: «/» then «Фомина» in one read put its letters (Russian-layout keys of the roster's
commands) on the roster's table; «← ⏎» in a confirmation pressed «Отмена», the button focused
before «←». A text field's own keys (Backspace, Ctrl+U, Home) run once the key has travelled up
to the app, while the field inserts the letters typed after them at once: «Ивак⌫нов» read
«Ивакно»."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from textual.widgets import RadioSet, SelectionList

from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.surveys.entry import SurveyEntryScreen
from outreach_screens.surveys.screen import SurveysScreen
from tests.tui_support import burst, open_section, settle

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


async def test_a_typo_put_right_at_speed_in_the_search_reads_as_typed(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        search = app.screen.finder.search_input
        burst(app, "Ивак", "backspace", "нов")
        await settle(pilot)
        assert search.value == "Иванов"
        burst(app, "ctrl+u", "Вол", "home", "Д")
        await settle(pilot)
        assert search.value == "ДВол"


async def test_a_typo_put_right_at_speed_in_the_letter_reads_as_typed(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pilot.press("e")
        burst(app, "Добрый дент", "backspace", "ь!")
        await settle(pilot)
        assert screen.editor.text == "Добрый день!"


async def test_a_paper_questionnaire_typed_at_speed_ticks_the_questions_it_was_typed_for(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """«Волкова Анна ⇥ Space ↓ ↓ Space ⇥ 2 ⇥» in one read: Space and the arrows are the
    question's own keys, run once they reach the app, where the Tab typed after them had
    already moved on: the first question was left blank and its ticks went to the second."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        entry = await open_section(pilot, "m", SurveyEntryScreen)
        burst(app, "Волкова Анна", "tab", " ", "down", "down", " ", "tab", "2", "tab")
        await settle(pilot)
        networks = entry.query_one("#q-1", SelectionList)
        messenger = entry.query_one("#q-2", RadioSet)
        assert networks.selected == [networks.get_option_at_index(0).value, networks.get_option_at_index(2).value]
        assert messenger.pressed_index == 1
        assert app.focused is entry.query_one("#q-3", SelectionList)
