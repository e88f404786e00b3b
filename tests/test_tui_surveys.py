"""The Surveys section through Textual's Pilot, asserting on the database."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, RadioSet, Select, SelectionList

from outreach import surveys
from outreach.channels import load_preferences, reach_one
from screens.app import make_app
from screens.confirm import ConfirmScreen
from screens.survey_entry import SurveyEntryScreen
from screens.survey_import import SurveyImportWizard
from screens.surveys import SurveysScreen
from textual.pilot import Pilot

from .tui_support import open_section, settle

DATA = Path(__file__).parent / "data" / "surveys"
SIZE = (80, 24)




async def open_surveys(pilot: Pilot) -> SurveysScreen:
    return await open_section(pilot, "4", SurveysScreen)


def demo_survey(db) -> int:
    return int(surveys.list_surveys(db)[0]["id"])  # type: ignore[call-overload]


def count_responses(db, survey_id: int) -> int:
    return db.execute("SELECT count(*) FROM survey_responses WHERE survey_id = ?", [survey_id]).fetchone()[0]


async def test_results_with_bars_and_group_filter_at_80x24(demo_db, db_path):
    sid = demo_survey(demo_db)
    expected = surveys.results(demo_db, sid)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        assert screen.survey is not None and screen.survey.id == sid
        text = screen.results_view.plain
        assert expected["questions"][0]["text"] in text and "█" in text
        assert f"{expected['responses']} responses" in text
        for g in expected["groups"]:
            assert f"{g['answered']}/{g['guardians']}" in text
        assert max(len(line) for line in text.splitlines() if "░" in line or "█" in line) <= 76
        screen.group_select.value = "10А"
        await settle(pilot)
        only = surveys.results(demo_db, sid, group="10А")
        assert screen.results is not None and screen.results["group"] == "10А"
        assert screen.results["responses"] == only["responses"] < expected["responses"]
        assert app.group == "10А"  # the filter follows the teacher


async def test_paper_questionnaire_by_keyboard(demo_db, db_path):
    sid = demo_survey(demo_db)
    before = count_responses(demo_db, sid)
    survey = surveys.get_survey(demo_db, sid)
    networks, messenger = survey.questions[0], survey.questions[1]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        entry = await open_section(pilot, "m", SurveyEntryScreen)
        await pilot.press("3", "tab")  # guardian id 3
        assert isinstance(app.focused, SelectionList)
        await pilot.press("space", "down", "space", "tab")  # the first two networks
        assert isinstance(app.focused, RadioSet)
        await pilot.press("down", "enter")  # the second messenger
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert entry.saved == 1
        assert entry.query_one("#entry-guardian", Input).value == ""  # ready for the next one
        await pilot.press("escape")
        await settle(pilot)
    assert count_responses(demo_db, sid) == before + 1
    rid, source, guardian = demo_db.execute(
        "SELECT id, source, guardian_id FROM survey_responses WHERE survey_id = ? ORDER BY id DESC LIMIT 1",
        [sid]).fetchone()
    assert (source, guardian) == ("manual", 3)
    chosen = {(q, label) for q, label in demo_db.execute(
        "SELECT a.question_id, o.label FROM survey_answers a JOIN survey_options o ON o.id = a.option_id"
        " WHERE a.response_id = ?", [rid])}
    assert chosen == {(networks.id, networks.labels[0]), (networks.id, networks.labels[1]),
                      (messenger.id, messenger.labels[1])}


async def test_a_refused_questionnaire_saves_nothing(demo_db, db_path):
    sid = demo_survey(demo_db)
    before = count_responses(demo_db, sid)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        await pilot.press("m")
        await settle(pilot)
        entry = app.screen
        await pilot.press("9", "9", "9", "9", "ctrl+s")  # no such guardian, no answers
        await settle(pilot)
        assert entry.saved == 0
        assert "9999" in str(entry.query_one("#entry-status").render())
    assert count_responses(demo_db, sid) == before


async def test_import_wizard_shows_the_mapping_before_writing(demo_db, db_path):
    sid = demo_survey(demo_db)
    before = count_responses(demo_db, sid)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        wizard.query_one("#import-match", Select).value = "email"
        wizard.path_input.value = str(DATA / "google_ru.csv")
        await pilot.press("enter")
        await settle(pilot)
        table = wizard.query_one("#mapping", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows[0][0] == "Отметка времени"
        assert any(r[0] == "Ваш класс" and r[1] == "—" for r in rows)
        assert any(r[0] == r[1] == "Какой мессенджер вам удобнее всего для связи со школой?" for r in rows)
        assert count_responses(demo_db, sid) == before  # nothing written yet
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
    assert count_responses(demo_db, sid) == before + 5
    assert demo_db.execute("SELECT count(*) FROM survey_responses WHERE survey_id = ? AND email IS NOT NULL",
                           [sid]).fetchone()[0] == 5


async def test_apply_to_channels_after_confirmation(demo_db, db_path):
    sid = demo_survey(demo_db)
    plan = [p for p in surveys.channel_plan(demo_db, sid) if p["changed"]]
    target = plan[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        confirm = await open_section(pilot, "a", ConfirmScreen)
        assert reach_one(demo_db, int(target["guardian_id"])).order == target["current"]
        assert confirm.body.startswith("Coverage: ") and f"{target['name']}: " in confirm.body
        confirm.confirm_button.press()
        await settle(pilot)
    assert load_preferences(demo_db, int(target["guardian_id"])).order == target["new"]
    assert set(target["current"]) <= set(target["new"])  # added and reordered, nothing removed


async def test_empty_database_then_new_channel_survey(db, db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        assert screen.survey is None and "press n" in screen.results_view.plain
        await pilot.press("n")
        await settle(pilot)
        assert screen.survey is not None and screen.survey.title == "How to reach parents"
    assert [s["title"] for s in surveys.list_surveys(db)] == ["How to reach parents"]
