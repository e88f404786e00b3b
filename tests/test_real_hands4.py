"""Fourth hands-on pass (a teacher's parent surveys and the contest day, at 80×24 in Russian):
each slip met, pinned by a test that failed before its fix."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from textual.widgets import Input, RadioSet, SelectionList

from outreach import surveys
from outreach.contest import store as contests
from outreach.surveys.model import Option, Question, create_survey
from outreach_screens.app import make_app
from outreach_screens.surveys.entry import SurveyEntryScreen
from outreach_screens.surveys.screen import SurveysScreen
from tests.conftest import Cli
from tests.test_tui_scoreboard import open_entry, result_row
from tests.tui_support import open_section, settle

SIZE = (80, 24)


async def test_a_start_number_typed_onto_a_team_with_its_result_asks_before_replacing_it(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """Entering the theory ticket of team 2 (wrong answers 3) onto team 2's kept 0 replaced it
    at once: a mistyped start number silently changed another family's score. Enter now says
    what the team has and saves nothing; Enter again on the same entry replaces it."""
    contest = contests.latest_contest(demo_db).id
    kept = result_row(demo_db, contest, 2, "theory")
    assert kept is not None
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, form = await open_entry(pilot, "theory")
        await pilot.press("2", "tab", "tab", "3", "enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 2, "theory") == kept
        question = str(form.query_one("#rf-preview").render())
        assert question.startswith("У команды №2 уже есть результат в этапе «Теория ПДД»: ошибок: 0")
        assert question.endswith("Ещё раз Enter — заменить его.")
        await pilot.press("enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 2, "theory")[1] == 3  # type: ignore[index]
        assert "заменён (был: ошибок: 0" in str(screen.query_one("#message").render())


def test_the_cli_still_replaces_a_result_entered_again(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """The scripting contract: `contest score` entered again replaces."""
    contest = contests.latest_contest(demo_db).id
    assert cli.json("contest", "score", str(contest), "2", "theory", "--wrong", "3")["replaced"] is True
    assert result_row(demo_db, contest, 2, "theory")[1] == 3  # type: ignore[index]


RATING_CSV = ("Отметка времени,Оцените работу классного руководителя\n"
              "05.09.2026 19:42:11,8\n05.09.2026 20:01:02,10\n06.09.2026 7:15:40,7\n06.09.2026 8:00:00,9\n")


def test_a_rating_from_1_to_10_is_not_called_a_scale_of_1_to_5(db: sqlite_utils.Database, cli: Cli,
                                                                tmp_path: Path, russian: None) -> None:
    """A Google Forms rating 1–10, imported, was shown as «шкала 1–5» over bars from 1 to 10."""
    answers = tmp_path / "ответы.csv"
    answers.write_text(RATING_CSV, encoding="utf-8")
    survey = cli.json("survey", "import", str(answers), "--new", "Оценка")["survey"]
    shown = cli("survey", "results", str(survey)).stdout
    assert "(шкала 1–10, ответили: 4)" in shown and "1–5" not in shown
    assert "(шкала 1–10)" in cli("survey", "show", str(survey)).stdout


def test_a_rating_read_as_choices_and_made_a_scale_keeps_its_answers_6_to_10(
        db: sqlite_utils.Database, cli: Cli, tmp_path: Path, russian: None) -> None:
    """One parent wrote «9 баллов», so the import read the 1–10 rating as a single choice; the
    teacher made it a scale (`--type шкала`, or t in the app) and got a 1–5 scale with every
    answer under «другое»."""
    answers = tmp_path / "ответы.csv"
    answers.write_text(RATING_CSV.replace(",9\n", ",9 баллов\n") + "06.09.2026 9:00:00,8\n", encoding="utf-8")
    survey = cli.json("survey", "import", str(answers), "--new", "Оценка")["survey"]
    question = cli.json("survey", "show", str(survey))["questions"][0]
    assert question["type"] == "single"
    assert cli("survey", "question", str(question["id"]), "--type", "шкала").exit_code == 0
    result = cli.json("survey", "results", str(survey))["questions"][0]
    assert list(result["answers"]) == [str(n) for n in range(1, 11)]
    assert {k: n for k, n in result["answers"].items() if n} == {"7": 1, "8": 2, "9": 1, "10": 1}
    assert not result["other"]


def test_a_paper_questionnaires_plus_and_minus_answer_yes_and_no(db: sqlite_utils.Database, cli: Cli,
                                                               russian: None) -> None:
    """«+» and «-» ticked on paper for «Удобно ли вам…?» were refused as no option of the
    question (the yes/no words had them, but cells were compared with their signs stripped)."""
    survey = cli.json("survey", "new", "--template", "satisfaction")["id"]
    questions = [q for q in cli.json("survey", "show", str(survey))["questions"] if q["type"] == "yesno"]
    first, second = questions[0]["id"], questions[1]["id"]
    result = cli("survey", "add-response", str(survey), "--set", f"{first}=+", "--set", f"{second}=-")
    assert result.exit_code == 0, result.stderr
    answers = cli.json("survey", "results", str(survey))["questions"]
    by_id = {q["id"]: q["answers"] for q in answers}
    assert by_id[first] == {"Да": 1, "Нет": 0} and by_id[second] == {"Да": 0, "Нет": 1}


async def test_a_paper_questionnaires_10_typed_on_a_1_to_10_scale_is_10_not_1(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """Keying in a paper form, the teacher typed «10» for a mark of 10: «1» chose 1 and «0»
    did nothing, so the answer saved was 1. Now the second digit makes «10»; in a list of
    ten options «1», «0» ticks the tenth (and not the first)."""
    survey = surveys.get_survey(db, create_survey(db, "Оценка", [
        Question(None, "Оцените работу классного руководителя", "scale", [Option(None, str(n)) for n in range(1, 11)]),
        Question(None, "Какие оценки ставили учителям?", "multiple", [Option(None, str(n)) for n in range(1, 11)])]))
    rating, marks = survey.questions
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        entry = await open_section(pilot, "m", SurveyEntryScreen)
        await pilot.press("tab", "1", "0")
        assert app.focused is entry.query_one(f"#q-{rating.id}", RadioSet)
        await pilot.press("tab", "1", "0", "3")
        assert app.focused is entry.query_one(f"#q-{marks.id}", SelectionList)
        assert entry.answers() == {rating.saved_id: "10", marks.saved_id: ["3", "10"]}
        await pilot.press("shift+tab", "7")
        assert entry.answers()[rating.saved_id] == "7"


async def test_faults_typed_as_said_count_in_the_result_form(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """«2 конуса заглох» and «конус 2» (as the judge calls them out) were refused as «2» being no
    fault of the event; the form reads a count before or after its fault, and refuses a count
    that belongs to none."""
    contest = contests.latest_contest(demo_db).id
    assert result_row(demo_db, contest, 8, "parallel") is None
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, form = await open_entry(pilot, "parallel")
        await pilot.press("8", "tab", *"50", "tab", *"2 конуса заглох", "enter")  # «wrong» is off here
        await settle(pilot)
        assert result_row(demo_db, contest, 8, "parallel") == (50.0, None, '{"cone": 2, "stall": 1}', 0, None)
        await pilot.press("9", "tab", *"48", "tab", *"конус 2 3", "enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 9, "parallel") is None
        assert str(form.query_one("#rf-preview").render()).startswith("Штрафы: «конус 2 3» — не список штрафов")
        form.query_one("#rf-faults", Input).value = "конус 2"
        form.query_one("#rf-faults", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 9, "parallel") == (48.0, None, '{"cone": 2}', 0, None)
