"""A Forms grid as one question everywhere a survey is listed (`survey show`, the paper
questionnaire), and the class a respondent gave kept with the response when the survey came
from a template that does not ask it. Files in tests/data/ are written as Forms writes them."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from textual.widgets import Label, RadioSet

from outreach.common.i18n import set_language
from outreach_screens.app import make_app
from outreach_screens.surveys.entry import SurveyEntryScreen
from outreach_screens.surveys.screen import SurveysScreen
from tests.conftest import Cli
from tests.tui_support import open_section, screen_lines, settle, until

DATA = Path(__file__).parent / "data"
TWO_CLASSES = DATA / "surveys_hands18" / "google_grid_two_classes.csv"
GRID = "Оцените каналы школы"
ROWS = ["Сайт школы", "Чат класса", "Электронный дневник"]


def _grid_survey(cli: Cli) -> int:
    return int(cli.json("survey", "import", str(TWO_CLASSES), "--new", "Каналы 10-х")["survey"])


def test_survey_show_names_a_grid_once_with_its_rows_under_it(db: sqlite_utils.Database, cli: Cli) -> None:
    """`survey show` listed «Оцените каналы школы [Сайт школы]», «… [Чат класса]»… as three
    questions, each with the same options again; the grid's title now stands once with its
    options, its rows (with the ids `survey question` takes) under it; `--json` adds grid and row."""
    survey_id = _grid_survey(cli)
    ids = [q["id"] for q in cli.json("survey", "show", str(survey_id))["questions"]][-3:]
    for lang, kind in (("ru", "один вариант"), ("en", "single choice")):
        shown = cli("--lang", lang, "survey", "show", str(survey_id)).stdout.splitlines()
        at = shown.index(f"{GRID}  ({kind})")
        assert shown[at + 1:] == ["     · Хорошо", "     · Отлично", "     · Плохо",
                                  *[f"  {qid}. {row}" for qid, row in zip(ids, ROWS, strict=True)]]
        assert sum(GRID in line for line in shown) == 1 and max(map(len, shown)) <= 80
    questions = cli.json("survey", "show", str(survey_id))["questions"]
    assert [(q["grid"], q["row"]) for q in questions] == [(None, None)] * 2 + [(GRID, row) for row in ROWS]
    assert questions[-1]["text"] == f"{GRID} [{ROWS[-1]}]"  # the stored text as it was


def test_a_grid_whose_rows_differ_lists_each_rows_options(db: sqlite_utils.Database, cli: Cli) -> None:
    """A row given another option since (`survey question ID --add-option`) shows its own options
    under it, the grid's title still once."""
    survey_id = _grid_survey(cli)
    last = cli.json("survey", "show", str(survey_id))["questions"][-1]["id"]
    assert cli("survey", "question", str(last), "--add-option", "Не пользуюсь").exit_code == 0
    shown = cli("survey", "show", str(survey_id)).stdout.splitlines()
    at = shown.index(GRID)
    assert shown[at + 1] == f"  {last - 2}. {ROWS[0]}  (single choice)"
    assert shown[at + 2:at + 5] == ["       · Хорошо", "       · Отлично", "       · Плохо"]
    assert shown[-5:] == [f"  {last}. {ROWS[2]}  (single choice)", "       · Хорошо", "       · Отлично",
                          "       · Плохо", "       · Не пользуюсь"]


async def test_the_paper_questionnaire_puts_a_grids_rows_under_its_title(
        db: sqlite_utils.Database, db_path: Path, cli: Cli, russian: None) -> None:
    """The paper questionnaire (m in Surveys) labelled each grid row with the whole
    «Оцените каналы школы [Сайт школы]»; now the title stands once, each row's name under it
    with its choices, at 80×24, and a row is answered as before."""
    survey_id = _grid_survey(cli)
    set_language("ru")  # the in-process CLI puts English back
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "4", SurveysScreen)
        await until(pilot, lambda: screen.survey is not None and screen.survey.id == survey_id)
        entry = await open_section(pilot, "m", SurveyEntryScreen)
        labels = [label for label in entry.query(Label) if label.has_class("question") or label.has_class("grid-row")]
        assert [str(label.render()) for label in labels] == ["Ваш класс", "Какими мессенджерами вы пользуетесь?",
                                                             GRID, *ROWS]
        chat = entry.query_one(f"#q-{entry.survey.questions[3].id}", RadioSet)
        chat.focus()
        await settle(pilot)
        title, row = labels[2], labels[4]
        assert row.region.x > title.region.x and chat.region.x > title.region.x  # under the title
        assert row.region.height == 1 and chat.region.right <= 80
        assert any(f"│   {ROWS[1]}  " in line for line in screen_lines(app))
        await pilot.press("2", "ctrl+s")  # «Отлично» for «Чат класса»
        await settle(pilot)
        assert entry.saved == 1
    answer = db.execute("SELECT o.label FROM survey_answers a JOIN survey_options o ON o.id = a.option_id"
                        " JOIN survey_responses r ON r.id = a.response_id"
                        " WHERE a.question_id = ? AND r.source <> 'import'", [entry.survey.questions[3].id]).fetchall()
    assert answer == [("Отлично",)]
