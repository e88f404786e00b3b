"""The scoreboard's spectator memo (m) and invitation (i) through Textual's Pilot, asserting on
the written file and the database."""

from __future__ import annotations

import json

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from outreach.contest import store
from outreach.contest.memo import human_date
from outreach.settings.values import all_settings
from outreach_screens.app import make_app
from outreach_screens.contest.memo import ContestMemoDialog
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.messages.screen import MessagesScreen
from tests.tui_support import open_section, settle

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def instant_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MessagesScreen, "PREVIEW_DELAY", 0)




async def open_board(pilot: Pilot) -> ScoreboardScreen:
    screen = await open_section(pilot, "5", ScoreboardScreen)
    assert screen.board is not None
    return screen


async def test_m_writes_the_spectator_memo_where_the_teacher_confirms(demo_db, db_path, tmp_path):
    contest = store.latest_contest(demo_db)
    links = [v for k, v in all_settings(demo_db).items() if k.startswith("links.") and v]
    assert links
    target = tmp_path / "printed" / "memo.html"
    target.parent.mkdir()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        dialog = await open_section(pilot, "m", ContestMemoDialog)
        field = dialog.query_one("#contest-memo-path", Input)
        assert field.value.endswith(f"contest-{contest.id}-memo.html")
        field.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ScoreboardScreen)
        assert any(str(target) in str(n.message) for n in app._notifications)
    page = target.read_text(encoding="utf-8")
    assert contest.title in page and contest.place in page and human_date(contest.date) in page
    for url in links:
        assert url in page
    assert page.count("<svg") == len(links)


async def test_m_then_escape_writes_nothing(demo_db, db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ContestMemoDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ScoreboardScreen)
    assert list(tmp_path.glob("*.html")) == []


async def test_i_opens_messages_with_the_invitation_filled_and_saves_it(demo_db, db_path):
    contest = store.latest_contest(demo_db)
    before = demo_db.execute("SELECT max(id) FROM messages").fetchone()[0] or 0
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        screen = await open_section(pilot, "i", MessagesScreen)
        assert screen.template is not None and screen.template.slug == "family-contest"
        assert screen.values["date"] == human_date(contest.date, screen.template.lang)
        assert screen.values["place"] == contest.place
        assert screen.problem == ""
        assert human_date(contest.date, screen.template.lang) in screen.preview_text
        assert contest.place in screen.preview_text
        fields = {f.name: f.value for f in screen.query(".var-value").results(Input)}
        assert fields["date"] == screen.values["date"] and fields["place"] == contest.place
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.saved is not None and screen.saved[0] > before
        message_id = screen.saved[0]
    template, variables = demo_db.execute(
        "SELECT template, variables FROM messages WHERE id = ?", [message_id]).fetchone()
    assert template == "family-contest"
    values = json.loads(variables)
    assert values["place"] == contest.place and values["date"] == human_date(contest.date, "en")
    assert demo_db.execute("SELECT count(*) FROM deliveries WHERE message_id = ?",
                           [message_id]).fetchone()[0] > 0
