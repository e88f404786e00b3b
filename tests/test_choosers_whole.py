"""The choosers above a section's content read whole at 80×24 in Russian: the delivery log's
message (number and title), and a survey whose long title wraps onto a second line."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.messages import compose
from outreach.surveys.model import Question, create_survey
from outreach_screens.app import make_app
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.surveys.screen import SurveysScreen
from tests.tui_support import open_section, screen_lines, until


async def test_the_chosen_message_reads_whole(demo_db: sqlite_utils.Database, db_path: Path,
                                              russian: None) -> None:
    newest = compose.list_messages(demo_db)[0]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.show_log(newest.id)
        await until(pilot, lambda: screen.log_view.message_id == newest.id)
        chooser = screen.log_view.message_select
        line = screen_lines(app)[chooser.region.y][chooser.region.x:chooser.region.right]
        shown = line.split("▼")[0].strip()
        assert shown == f"#{newest.id} {newest.title}", line  # and nothing after it cut off


LONG_TITLE = "Удовлетворённость родителей организацией горячего питания в 2026/27 учебном году"


async def test_a_long_survey_title_wraps_whole(db: sqlite_utils.Database, db_path: Path,
                                              russian: None) -> None:
    survey = create_survey(db, LONG_TITLE, [Question(None, "Довольны ли вы питанием?", "yesno")])
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "4", SurveysScreen)
        await until(pilot, lambda: screen.survey_select.value == survey)
        chooser = screen.survey_select.region
        shown = " ".join(line[chooser.x:chooser.right].replace("▼", " ").strip()
                         for line in screen_lines(app)[chooser.y:chooser.bottom])
        assert f"{LONG_TITLE} (0)" in " ".join(shown.split()), shown
