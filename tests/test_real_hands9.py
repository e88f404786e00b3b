"""A Russian teacher's and a script's hands on the Surveys section with real form exports
(ninth pass): Google Forms downloaded in a Russian account, the same file saved again by
Russian Excel, Yandex Forms, LimeSurvey in Russian, a form edited after the survey was made,
a family e-mail, a paper questionnaire left with Escape. Each test fails without its fix.
The files are made by tests/data/surveys/hands_make.py, which says where each shape comes from."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from textual.widgets import Input, RadioSet, Static

from outreach import surveys
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.surveys.entry import SurveyEntryScreen
from outreach_screens.surveys.import_dialog import SurveyImportWizard
from outreach_screens.surveys.screen import SurveysScreen
from tests.conftest import Cli
from tests.tui_support import open_section, settle

DATA = Path(__file__).parent / "data" / "surveys"
MESSENGER = "Какой мессенджер вам удобнее всего для связи со школой?"


def guardian_by(db: sqlite_utils.Database, column: str, value: str) -> int:
    return int(db.execute(f"SELECT id FROM guardians WHERE {column} = ?", [value]).fetchone()[0])


def share_family_contacts(db: sqlite_utils.Database) -> tuple[int, int]:
    """Голубевы: the father given the mother's e-mail and phone (one family address, one phone)."""
    mother = guardian_by(db, "email", "oksana.golubeva@bk.ru")
    father = guardian_by(db, "email", "vladimir.golubev@bk.ru")
    with db.atomic():
        db.execute("UPDATE guardians SET email = 'oksana.golubeva@bk.ru', phone = '+79853157082' WHERE id = ?", [father])
    return mother, father


def new_survey(cli: Cli, template: str) -> int:
    return int(cli.json("--lang", "ru", "survey", "new", "--template", template)["id"])


def test_a_family_email_two_parents_share_matches_neither_and_says_so(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """Two parents with one family e-mail: the Google Forms answers sent from it went silently
    to the one with the lower id (the mother), whose channels apply-channels then changed,
    though the father may have answered."""
    mother, father = share_family_contacts(demo_db)
    sid = new_survey(cli, "channels")
    report = cli.json("survey", "import", str(DATA / "hands_google_channels.csv"), "--survey", str(sid), "--match", "email")
    assert report["imported"] == 5
    assert [(w["row"], w["value"]) for w in report["respondent_warnings"]] == [
        (3, "oksana.golubeva@bk.ru"), (6, "oksana.golubeva@bk.ru")]
    assert f"nos. {mother}, {father}" in report["respondent_warnings"][0]["reason"]
    matched = {g for (g,) in demo_db.execute("SELECT guardian_id FROM survey_responses WHERE survey_id = ?", [sid])}
    assert mother not in matched and father not in matched
    plan = cli.json("survey", "apply-channels", str(sid), "--dry-run")
    assert {c["guardian_id"] for c in plan["changes"]}.isdisjoint({mother, father})
    result = cli("survey", "import", str(DATA / "hands_google_channels.csv"), "--survey", str(new_survey(cli, "channels")),
                 "--match", "email")
    assert result.exit_code == 0
    assert "Row 3, Адрес электронной почты: 'oksana.golubeva@bk.ru': 2 guardians have it" in result.stderr


def test_a_phone_excel_rounded_is_named_with_its_row_column_and_reason(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """Russian Excel turned a phone into «8,97E+10»: the response was left unmatched without a
    word, the import reporting «matched 1» as if the parent were not in the roster."""
    sid = new_survey(cli, "channels")
    result = cli("--lang", "ru", "survey", "import", str(DATA / "hands_excel_channels_cp1251.csv"),
                 "--survey", str(sid), "--match", "phone")
    assert result.exit_code == 0
    assert "Строка 2, «Телефон»: «8,97E+10»: Excel сохранил номер округлённым числом" in result.stderr
    assert "ответ сохранён без привязки к родителю" in result.stderr
    again = cli.json("survey", "import", str(DATA / "hands_excel_channels_bom.csv"), "--new", "Каналы",
                     "--match", "phone")
    assert again["respondent_warnings"][0]["row"] == 2 and again["respondent_warnings"][0]["column"] == "Телефон"


def test_the_same_answers_saved_again_by_excel_are_not_counted_twice(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """The Google Forms file imported, then the copy Russian Excel saved (`;`, cp1251 or a BOM,
    the seconds dropped from the dates): all five answered again, «imported 5, already there
    0», and the parent not in the roster counted twice in the results."""
    sid = new_survey(cli, "channels")
    first = cli.json("survey", "import", str(DATA / "hands_google_channels.csv"), "--survey", str(sid))
    assert first["imported"] == 5
    for name in ("hands_excel_channels_cp1251.csv", "hands_excel_channels_bom.csv"):
        again = cli.json("survey", "import", str(DATA / name), "--survey", str(sid))
        assert (again["imported"], again["duplicates"]) == (0, 5), name
    assert cli.json("survey", "results", str(sid))["responses"] == 5


def test_a_question_renamed_in_the_form_is_still_read(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """The teacher shortened the messenger question in Google Forms after making the survey:
    its column was dropped as «no such question» (the answers apply-channels needs most)."""
    sid = new_survey(cli, "channels")
    report = cli.json("survey", "import", str(DATA / "hands_google_edited.csv"), "--survey", str(sid), "--match", "email")
    assert report["unmatched_columns"] == []
    assert report["renamed_columns"] == [{"column": "Какой мессенджер вам удобнее для связи со школой?",
                                          "question": MESSENGER}]
    assert [w["value"] for w in report["warnings"]] == ["Дзен"]  # the form's new option: kept as other
    messenger = next(q for q in cli.json("survey", "results", str(sid))["questions"] if q["text"] == MESSENGER)
    assert (messenger["answers"]["MAX"], messenger["answers"]["Telegram"]) == (1, 1)


def test_results_of_a_class_typed_in_lower_case(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """`survey results 1 --group 10а` said «5 of 0 guardians answered (0%)»: the class was
    made canonical for the answers but not for the count of its parents."""
    sid = int(surveys.list_surveys(demo_db)[0]["id"])
    canonical = cli.json("survey", "results", str(sid), "--group", "10А")
    for typed in ("10а", "10 А", "10-а"):
        doc = cli.json("survey", "results", str(sid), "--group", typed)
        assert (doc["guardians"], doc["response_rate"]) == (canonical["guardians"], canonical["response_rate"]) != (0, 0.0)


def test_russian_refusals_and_limesurvey_service_columns(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """«Нет столбца phone…» named the match in English; LimeSurvey in Russian listed its «Зерно»
    (seed) column as a question not found."""
    sid = new_survey(cli, "channels")
    result = cli("--lang", "ru", "survey", "import", str(DATA / "hands_google_channels.csv"), "--survey", str(sid),
                 "--match", "телефон")
    assert result.exit_code == 1
    assert result.stderr.startswith("Нет столбца «телефон»") and "phone" not in result.stderr
    lime = cli.json("survey", "import", str(DATA / "hands_limesurvey_ru.csv"), "--survey", str(sid))
    assert (lime["format"], lime["imported"], lime["unmatched_columns"]) == ("limesurvey", 2, [])
    assert [w["value"] for w in lime["warnings"]] == ["Дзен", "Сферум"]


async def test_escape_on_a_half_filled_questionnaire_asks_and_the_wizard_names_doubts(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """Esc on a paper questionnaire with the parent and an answer filled in closed it and the
    answers were gone, without a question. The import wizard said nothing of the answers it
    would leave without a parent (a family phone) or of a column read as an edited question."""
    share_family_contacts(demo_db)
    sid = surveys.new_from_template(demo_db, "satisfaction", lang="ru")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "4", SurveysScreen)
        assert screen.survey is not None and screen.survey.id == sid
        entry = await open_section(pilot, "m", SurveyEntryScreen)
        await pilot.press("3", "tab", "x", "4")  # a letter in the scale changes nothing; «4» chooses
        assert isinstance(app.focused, RadioSet) and app.focused.pressed_index == 3
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the safe answer is focused: back to the questionnaire
        await settle(pilot)
        assert app.screen is entry and entry.query_one("#entry-guardian", Input).value == "3"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#confirm")  # «Do not save»
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
        entry = await open_section(pilot, "m", SurveyEntryScreen)
        await pilot.press("escape")  # nothing filled in: closes at once
        await settle(pilot)
        assert isinstance(app.screen, SurveysScreen)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        wizard.path_input.value = str(DATA / "hands_google_satisfaction.csv")
        await pilot.press("enter")
        await settle(pilot)
        status = str(wizard.query_one("#import-status", Static).render())
        assert "1 response is kept without a guardian: row 3, «+7 985 315-70-82»: 2 guardians have it" in status
    assert demo_db.execute("SELECT count(*) FROM survey_responses WHERE survey_id = ?", [sid]).fetchone()[0] == 0
