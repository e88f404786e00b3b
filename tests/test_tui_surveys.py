"""The Surveys section through Textual's Pilot, asserting on the database."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, RadioSet, Select, SelectionList

from outreach import surveys
from outreach.channels.preferences import load_preferences, reach_one
from outreach.surveys.model import Option, Question, create_survey
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.messages.pickers import GuardianPicker
from outreach_screens.surveys.entry import SurveyEntryScreen
from outreach_screens.surveys.import_dialog import SurveyImportWizard
from outreach_screens.surveys.question import QuestionTypeDialog
from outreach_screens.surveys.screen import SurveysScreen
from outreach_screens.surveys.templates import SurveyTemplatePicker
from tests.tui_support import open_section, paste, screen_lines, settle, until

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
        assert f"Responses: {expected['responses']}" in text
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


async def test_empty_database_then_new_survey_from_the_chosen_template(db, db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_surveys(pilot)
        assert screen.survey is None and "press n" in screen.results_view.plain
        picker = await open_section(pilot, "n", SurveyTemplatePicker)
        titles = [x["title"] for x in picker.templates]
        assert picker.templates[0]["lang"] == "en" and len(titles) == 4  # two templates, two languages
        wanted = next(i for i, x in enumerate(picker.templates) if x["slug"] == "satisfaction" and x["lang"] == "en")
        picker.options.highlighted = wanted
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
        assert screen.survey is not None and screen.survey.template == "satisfaction"
        await open_section(pilot, "n", SurveyTemplatePicker)
        await pilot.press("escape")  # changed her mind: nothing is created
        await settle(pilot)
    assert [s["kind"] for s in surveys.list_surveys(db)] == ["satisfaction"]


async def test_combined_answers_are_counted_per_option_on_screen(db, db_path):
    report = surveys.import_responses(db, DATA / "combinations_ru.csv", new_title="Консультации")
    app = make_app(db_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_surveys(pilot)
        assert screen.survey is not None and screen.survey.id == report["survey"]
        lines = screen.results_view.plain.splitlines()

        def count(label: str) -> int:
            line = next(x for x in lines if x.strip().startswith(label + " "))
            return int(line.split()[-2])

        assert [count(x) for x in ("Telegram", "ВКонтакте", "WhatsApp", "Viber")] == [6, 4, 3, 2]
        assert count("Вторник, 18:00") == 4 and count("Четверг, 18:00") == 3
        assert not any(x.strip().startswith("Telegram, ВКонтакте") for x in lines)
        assert "— Спасибо за конкурс!" in screen.results_view.plain


async def test_free_text_shows_who_wrote_it(demo_db, db_path):
    sid = surveys.new_from_template(demo_db, "channels", lang="ru", title="Новый опрос")
    surveys.import_responses(demo_db, DATA / "google_ru.csv", survey_id=sid, match="email")
    app = make_app(db_path)
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await open_surveys(pilot)
        assert screen.survey is not None and screen.survey.id == sid
        line = next(x for x in screen.results_view.plain.splitlines() if "не позже 21:00" in x)
        assert "(Кузнецова Валентина" in line and "10А)" in line


async def test_paper_questionnaire_finds_the_parent_by_name(demo_db, db_path):
    sid = demo_survey(demo_db)
    gid = demo_db.execute("SELECT id FROM guardians WHERE email = 'valentina.kuznetsova@list.ru'").fetchone()[0]
    survey = surveys.get_survey(demo_db, sid)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        entry = await open_section(pilot, "m", SurveyEntryScreen)
        entry.guardian_input.value = "кузнецова вал"
        entry.query_one(f"#q-{survey.questions[1].id}", RadioSet).focus()
        await pilot.press("down", "enter", "ctrl+s")
        await settle(pilot)
        assert entry.saved == 1
        entry.guardian_input.value = "Кузнецова"  # two guardians: refused, nothing saved
        entry.query_one(f"#q-{survey.questions[1].id}", RadioSet).focus()
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert entry.saved == 1 and "2 guardians match" in str(entry.query_one("#entry-status").render())
        picker = await open_section(pilot, "ctrl+f", GuardianPicker)
        await paste(pilot, "golubeva")
        await pilot.press("enter")  # the search, then the table
        await until(pilot, lambda: picker.table.highlighted_row is not None
                    and "Голубева" in picker.table.highlighted_row.data.full_name)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is entry and entry.guardian_input.value.isdigit()
        assert "Голубева" in str(entry.query_one("#entry-status").render())
    rows = demo_db.execute("SELECT guardian_id FROM survey_responses WHERE survey_id = ? AND source = 'manual'"
                           " ORDER BY id DESC LIMIT 1", [sid]).fetchall()
    assert rows == [(gid,)]


async def test_changing_a_question_type_rereads_its_answers(db, db_path):
    report = surveys.import_responses(db, DATA / "combinations_ru.csv", new_title="Консультации")
    sid = int(report["survey"])  # type: ignore[call-overload]
    messengers = surveys.get_survey(db, sid).questions[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        dialog = await open_section(pilot, "t", QuestionTypeDialog)
        assert dialog.type_select.value == "multiple"
        dialog.type_select.value = "text"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert surveys.get_survey(db, sid).questions[0].type == "text"
        assert len(surveys.results(db, sid)["questions"][0]["text_answers"]) == 9
        dialog = await open_section(pilot, "t", QuestionTypeDialog)
        dialog.type_select.value = "multiple"
        await pilot.press("ctrl+s")
        await settle(pilot)
    question = surveys.results(db, sid)["questions"][0]
    assert question["id"] == messengers.id and question["type"] == "multiple"
    # Options learned again from the answers; «Сферум», once free text, is now an option too.
    assert question["answers"] == {"Telegram": 6, "ВКонтакте": 4, "WhatsApp": 3, "Viber": 2, "Сферум": 1}


async def test_import_preview_follows_the_matching_option(demo_db, db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        wizard.path_input.value = str(DATA / "google_ru.csv")
        await pilot.press("enter")
        await settle(pilot)
        # the file has an e-mail column: matching by it is proposed, and said
        assert wizard.plan is not None and wizard.plan.match == "email" and wizard.plan.matched == 4
        assert wizard.query_one("#import-match", Select).value == "email"
        assert "«Адрес электронной почты»" in str(wizard.query_one("#match-note").render())
        status = str(wizard.query_one("#import-status").render())
        assert "matched to guardians: 4" in status and status.startswith("Google Forms export. New responses: 5 (replacing a parent's earlier answer: 3)")  # the demo had their answers
        wizard.query_one("#import-match", Select).value = "none"  # the teacher's choice stays
        await settle(pilot)
        assert wizard.plan is not None and wizard.plan.match is None and wizard.plan.matched == 0
        assert str(wizard.query_one("#match-note").render()) == ""
        wizard.path_input.focus()
        await pilot.press("enter")  # previewed again: not proposed again
        await settle(pilot)
        assert wizard.plan is not None and wizard.plan.match is None
        assert wizard.query_one("#import-match", Select).value == "none"
    assert demo_db.execute("SELECT count(*) FROM survey_responses WHERE email IS NOT NULL").fetchone()[0] == 0


async def test_apply_with_quiet_hours_after_the_preview(demo_db, db_path):
    sid = demo_survey(demo_db)
    plan = [p for p in surveys.channel_plan(demo_db, sid, quiet_hours=True) if p["quiet_after"]]
    target = plan[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        confirm = await open_section(pilot, "h", ConfirmScreen)
        assert "quiet hours" in confirm.body
        assert load_preferences(demo_db, int(target["guardian_id"])).quiet_hours == target["quiet_before"]
        confirm.confirm_button.press()
        await settle(pilot)
    assert load_preferences(demo_db, int(target["guardian_id"])).quiet_hours == target["quiet_after"]


async def test_import_wizard_reads_a_limesurvey_export(demo_db, db_path):
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        wizard.path_input.value = str(DATA / "limesurvey_full.csv")
        await pilot.press("enter")
        await settle(pilot)
        table = wizard.query_one("#mapping", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert ["Last page", "—", "service column: skipped"] in rows
        assert ["Какими социальными сетями вы пользуетесь?", "Какими социальными сетями вы пользуетесь?",
                "multiple choice"] in rows
        assert str(wizard.query_one("#import-status").render()).startswith("LimeSurvey export. New responses: 2")


async def test_a_digit_chooses_the_option_of_the_focused_question(db, db_path):
    """A teacher keying in paper forms types what the paper says: «4» on a 0–10 scale picks
    the option named 4 (the fifth), on a question of words «2» the second one; «2» in a list
    of several ticks the second option and «2» again unticks it; a digit in the respondent's
    field stays text."""
    survey = surveys.get_survey(db, create_survey(db, "Школа", [
        Question(None, "Порекомендуете ли вы школу знакомым?", "single", [Option(None, str(i)) for i in range(11)]),
        Question(None, "Как вам удобнее получать новости?", "single",
                 [Option(None, label) for label in ("Telegram", "Почта", "Звонок")]),
        Question(None, "Какие темы обсудить?", "multiple",
                 [Option(None, label) for label in ("Питание", "Безопасность", "Экзамены")])]))
    score, news, topics = survey.questions
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        entry = await open_section(pilot, "m", SurveyEntryScreen)
        await pilot.press("1", "2", "backspace", "backspace", "tab")
        assert entry.guardian_input.value == "" and app.focused is entry.query_one(f"#q-{score.id}", RadioSet)
        await pilot.press("4", "tab", "2", "9")  # no ninth way to get news: nothing changes
        assert app.focused is entry.query_one(f"#q-{news.id}", RadioSet)
        await pilot.press("tab", "2", "3", "2")
        assert app.focused is entry.query_one(f"#q-{topics.id}", SelectionList)
        assert entry.answers() == {score.saved_id: "4", news.saved_id: "Почта", topics.saved_id: ["Экзамены"]}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert entry.saved == 1
    chosen = {(q, label) for q, label in db.execute(
        "SELECT a.question_id, o.label FROM survey_answers a JOIN survey_options o ON o.id = a.option_id")}
    assert chosen == {(score.id, "4"), (news.id, "Почта"), (topics.id, "Экзамены")}


async def test_the_import_summary_is_whole_at_80x24_in_russian(demo_db, db_path, russian):
    """The Russian summary of a Microsoft Forms file takes four lines; the dialog cut it after
    three («Пока не нажато «Импортировать», ничего не»), for an existing survey and a new one."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        wizard.path_input.value = str(DATA / "msforms_ru.xlsx")
        await pilot.press("enter")
        await settle(pilot)
        status = str(wizard.query_one("#import-status").render())
        assert status.startswith("Выгрузка Microsoft Forms") and status.endswith("ничего не записано.")
        for target in ("existing", "new"):
            if target == "new":
                wizard.query_one("#import-target", Select).focus()
                await pilot.press("enter", "down", "enter")
                await settle(pilot)
                assert wizard.query_one("#import-title", Input).display
            lines = " ".join(line.strip("│ ") for line in screen_lines(app))
            assert "ничего не записано." in " ".join(lines.split()), target
            assert wizard.query_one("#mapping", DataTable).region.height >= 3, target


async def test_the_import_preview_says_the_rows_a_filter_hides(demo_db, db_path):
    sid = demo_survey(demo_db)
    before = count_responses(demo_db, sid)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_surveys(pilot)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        wizard.path_input.value = str(DATA / "google_filtered_ru.xlsx")
        await pilot.press("enter")
        await settle(pilot)
        status = " ".join(str(wizard.query_one("#import-status").render()).split())
        assert "New responses: 3" in status
        assert "2 filled rows hidden in the workbook (by a filter or by hand) are not imported." in status
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
    assert count_responses(demo_db, sid) == before + 3
