"""Asking a survey by bot from the Surveys screen: the audience count confirmed first (Pilot,
80×24, in Russian, keyboard only), the first question on a local Telegram Bot API."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.common.i18n import set_language
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.surveys.screen import SurveysScreen
from tests.messages_support import local_telegram, parents
from tests.test_survey_bot import meeting_survey
from tests.tui_support import open_section, settle, until


async def test_ask_by_bot_after_confirming_the_count(db: sqlite_utils.Database, db_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 2, channel="telegram")
    sid = meeting_survey(db)
    set_language("ru")
    with local_telegram(monkeypatch) as api:
        app = make_app(db_path)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_section(pilot, "4", SurveysScreen)
            assert screen.survey is not None and screen.survey.id == sid
            descriptions = {a.binding.key: a.binding.description for a in screen.active_bindings.values()}
            assert descriptions["b"] == "Опрос в боте"
            confirm = await open_section(pilot, "b", ConfirmScreen)
            assert "Telegram: 2" in confirm.body and "Родителей: 2" in confirm.question
            await pilot.press("escape")
            await settle(pilot)
            assert api.received == [] and db.execute("SELECT count(*) FROM survey_bot_sessions").fetchone() == (0,)

            confirm = await open_section(pilot, "b", ConfirmScreen)
            confirm.confirm_button.focus()
            await pilot.press("enter")
            await until(pilot, lambda: len(api.received) == 2)
            await until(pilot, lambda: "Доставлено: 2" in str(screen.query_one("#message").render()))
            assert all("вопрос 1 из 2" in str(m["text"]) for m in api.received)

            # asked once: pressing again says there is nobody left to ask
            await pilot.press("b")
            await until(pilot, lambda: "Некого спрашивать" in str(screen.query_one("#message").render()))
            assert not isinstance(app.screen, ConfirmScreen) and len(api.received) == 2
