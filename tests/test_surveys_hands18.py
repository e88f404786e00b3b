"""Eighteenth hands-on pass, Surveys: the files teachers get from parent surveys, each slip
pinned by a test that failed before its fix. The fixtures in tests/data/surveys_hands18/ are
written as the services write them (invented families only)."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from textual.widgets import OptionList, Select

from outreach import surveys
from outreach.common.i18n import set_language
from outreach_screens.app import make_app
from outreach_screens.surveys.question import QuestionTypeDialog
from outreach_screens.surveys.screen import SurveysScreen
from tests.conftest import Cli
from tests.tui_support import open_section, settle, until

DATA = Path(__file__).parent / "data" / "surveys_hands18"
# Google Forms from an English-locale account («2026/09/14 8:02:11 PM GMT+3», «Email Address»),
# a class question, a checkbox question, a grid of three rows, the empty column Forms leaves last.
TWO_CLASSES = DATA / "google_grid_two_classes.csv"
GRID = "Оцените каналы школы"
ROWS = ["Сайт школы", "Чат класса", "Электронный дневник"]


def _imported(cli: Cli) -> int:
    report = cli.json("survey", "import", str(TWO_CLASSES), "--new", "Каналы 10-х")
    assert (report["imported"], report["unmatched_columns"]) == (4, [])
    return int(report["survey"])


def test_a_grid_is_one_question_with_one_scale_for_its_rows(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """A Forms grid exported as «Вопрос [Строка]» columns was read as unrelated questions, each
    with the options its own answers showed («Сайт школы» without «Отлично», «Чат класса»
    without «Плохо»); its rows now share the grid's options and the results name the grid once,
    its rows under it (`--json` adds `grid` and `row`)."""
    survey = surveys.get_survey(demo_db, _imported(cli))
    rows = [q for q in survey.questions if q.text.startswith(GRID)]
    assert [set(q.labels) for q in rows] == [{"Хорошо", "Отлично", "Плохо"}] * 3
    assert len({(q.type, tuple(q.labels)) for q in rows}) == 1
    doc = cli.json("survey", "results", str(survey.id))
    assert [(q["grid"], q["row"]) for q in doc["questions"][-3:]] == [(GRID, row) for row in ROWS]
    assert doc["questions"][0]["grid"] is None
    shown = cli("--lang", "ru", "survey", "results", str(survey.id)).stdout.splitlines()
    assert shown.count(GRID) == 1
    at = shown.index(GRID)
    assert shown[at + 1].startswith(f"  {ROWS[0]}  (один вариант, ответили: 4)")
    assert shown[at + 2].startswith("    Хорошо")


def test_the_class_a_respondent_gave_decides_the_class_filter(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """Answers from two classes in one file, the form asking «Ваш класс»: `--group 10Б` counted
    only respondents matched to a 10Б parent (none here: 0 responses), so a class's results were
    empty or another class's; a response now belongs to the class it names."""
    survey_id = _imported(cli)
    for group, messengers in (("10А", {"Telegram": 2, "WhatsApp": 1, "MAX": 1}),
                              ("10Б", {"Telegram": 1, "WhatsApp": 1, "MAX": 0})):
        doc = cli.json("survey", "results", str(survey_id), "--group", group)
        assert doc["responses"] == 2
        by_text = {q["text"]: q for q in doc["questions"]}
        assert by_text["Ваш класс"]["answers"][group] == 2
        assert by_text["Какими мессенджерами вы пользуетесь?"]["answers"] == messengers


async def test_the_app_shows_a_grid_under_its_question_and_a_class_by_its_answers(
        demo_db: sqlite_utils.Database, db_path: Path, cli: Cli, russian: None) -> None:
    """The Surveys section: the class filter keeps the 10Б families' two responses, and the grid
    stands as one question with its rows indented under it."""
    survey_id = _imported(cli)
    set_language("ru")  # the in-process CLI puts English back
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "4", SurveysScreen)
        screen.survey_select.value = survey_id
        await until(pilot, lambda: screen.results is not None and screen.results["survey"] == survey_id)
        screen.group_select.value = "10Б"
        await settle(pilot)
        await until(pilot, lambda: screen.results is not None and screen.results["group"] == "10Б")
        lines = screen.results_view.plain.splitlines()
        assert lines[0].startswith("Ответов: 2;")
        assert lines.count(GRID) == 1
        assert lines[lines.index(GRID) + 1].startswith(f"  {ROWS[0]}  (один вариант, ответили: 2)")
        assert lines[lines.index(GRID) + 2].startswith("    Хорошо")


def test_a_choice_after_an_other_answer_is_counted(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """Yandex Forms joins a checkbox cell's answers by «;» with «Другое: …» where it was chosen
    (a Windows-1251 CSV as Excel saves it): «Другое: бумажный дневник;MAX» kept «бумажный
    дневник;MAX» as one other answer, MAX lost; the other text now ends at its «;»."""
    report = cli.json("survey", "import", str(DATA / "yandex_other_cp1251.csv"), "--new", "Мессенджеры")
    assert (report["encoding"], report["delimiter"]) == ("cp1251", ";")
    assert report["warnings"] == [{"row": 4, "column": "Какими мессенджерами вы пользуетесь?",
                                   "value": "бумажный дневник"}]
    doc = cli.json("survey", "results", str(report["survey"]))
    messengers = doc["questions"][1]
    assert messengers["answers"] == {"Telegram": 3, "MAX": 2, "WhatsApp": 1}
    assert messengers["other"] == {"бумажный дневник": 1}


def _prompts(select: Select) -> list[str]:
    """A Select's choices as its list shows them."""
    options = select.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_the_question_type_dialog_lists_a_grid_once_and_retypes_all_its_rows(
        demo_db: sqlite_utils.Database, db_path: Path, cli: Cli, russian: None) -> None:
    """«t» in Surveys listed each row of a grid as a question of its own («Оцените каналы
    школы [Сайт школы]»…), though the results and `survey show` name the grid once; it is one
    choice now, and its new type goes to every row, with options read off all their answers."""
    survey_id = _imported(cli)
    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "4", SurveysScreen)
        screen.survey_select.value = survey_id
        await until(pilot, lambda: screen.results is not None and screen.results["survey"] == survey_id)
        for qtype in ("text", "single"):
            dialog = await open_section(pilot, "t", QuestionTypeDialog)
            prompts = _prompts(dialog.question_select)
            assert prompts.count(GRID) == 1 and not [p for p in prompts if "[" in p]
            dialog.question_select.value = prompts.index(GRID)
            await settle(pilot)  # the type shown is the grid's
            dialog.type_select.value = qtype
            await pilot.press("ctrl+s")
            await settle(pilot)
            rows = [q for q in surveys.get_survey(demo_db, survey_id).questions if q.text.startswith(GRID)]
            assert [q.type for q in rows] == [qtype] * 3
    assert [set(q.labels) for q in rows] == [{"Хорошо", "Отлично", "Плохо"}] * 3
