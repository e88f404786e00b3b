"""A Forms grid as one question everywhere a survey is listed (`survey show`, the paper
questionnaire), and the class a respondent gave kept with the response when the survey came
from a template that does not ask it. Files in tests/data/ are written as Forms writes them."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from itertools import takewhile
from pathlib import Path

import sqlite_utils
from textual.widgets import Label, RadioSet

from outreach.common.i18n import set_language
from outreach.store import db as storage
from outreach.store import schema
from outreach.surveys.model import new_from_template
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


def test_survey_question_retypes_a_whole_grid_as_the_app_does(db: sqlite_utils.Database, cli: Cli) -> None:
    """`survey question ROW --type` retyped that one row and left its sister rows as they were
    (with options read off its own answers only), where the app's type dialog retypes the grid;
    both now go through surveys.retype_questions. A question outside a grid changes alone."""
    survey_id = _grid_survey(cli)
    before = cli.json("survey", "show", str(survey_id))["questions"]
    rows = [q["id"] for q in before[-3:]]
    done = cli.json("survey", "question", str(rows[1]), "--type", "text")
    assert done["id"] == rows[1]
    assert [(q["id"], q["type"], q["options"]) for q in done["questions"]] == [(i, "text", []) for i in rows]
    printed = cli("survey", "question", str(rows[2]), "--type", "single")
    assert printed.exit_code == 0, printed.output
    assert f"Questions {rows[0]}, {rows[1]}, {rows[2]} (the rows of one grid) saved" in printed.stdout
    after = cli.json("survey", "show", str(survey_id))["questions"]
    assert [q["type"] for q in after[-3:]] == ["single"] * 3
    assert [{o["label"] for o in q["options"]} for q in after[-3:]] == [{"Хорошо", "Отлично", "Плохо"}] * 3
    assert after[:-3] == before[:-3]
    alone = cli.json("survey", "question", str(before[0]["id"]), "--type", "text")["questions"]
    assert [(q["id"], q["type"]) for q in alone] == [(before[0]["id"], "text")]


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


# A Google form made from the channel template with «Ваш класс» added, classes spelt as parents
# type them («10 А», «10а», «10-Б»).
TEMPLATE_WITH_CLASS = DATA / "surveys_grid" / "template_channels_with_class.csv"
MESSENGER = "Какой мессенджер вам удобнее всего для связи со школой?"


def _by_class(cli: Cli, survey_id: int) -> dict[str, tuple[int, dict[str, int]]]:
    """{class: (responses, the messenger question's counts without zeros)} for 10А and 10Б."""
    found = {}
    for group in ("10А", "10Б"):
        doc = cli.json("survey", "results", str(survey_id), "--group", group)
        answers = next(q["answers"] for q in doc["questions"] if q["text"] == MESSENGER)
        found[group] = (doc["responses"], {k: n for k, n in answers.items() if n})
    return found


def test_a_template_survey_keeps_the_class_each_respondent_gave(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """Answers imported into a survey made from a template: the file's «Ваш класс» column was
    listed in unmatched_columns and lost, so `--group 10Б` showed none of the 10Б answers (their
    e-mails match no parent). The class now stays with each response and decides the filter."""
    survey_id = int(cli.json("--lang", "ru", "survey", "new", "--template", "channels")["id"])
    report = cli.json("survey", "import", str(TEMPLATE_WITH_CLASS), "--survey", str(survey_id))
    assert (report["imported"], report["unmatched_columns"], report["class_column"]) == (4, [], "Ваш класс")
    given = demo_db.execute("SELECT given_class FROM survey_responses WHERE survey_id = ? ORDER BY id",
                            [survey_id]).fetchall()
    assert given == [("10А",), ("10Б",), ("10А",), ("10Б",)]
    assert _by_class(cli, survey_id) == {"10А": (2, {"Telegram": 2}), "10Б": (2, {"MAX": 2})}
    said = cli("--lang", "ru", "survey", "import", str(TEMPLATE_WITH_CLASS), "--survey", str(survey_id))
    assert "«Ваш класс» хранится как класс, который назвал родитель" in said.stderr


def test_the_given_class_comes_with_an_upgrade_of_a_previous_version(db_path: Path, cli: Cli) -> None:
    """A database of the previous schema, with a template survey and a paper answer in it, is
    upgraded when the file is imported: the answer stays (no class given), the file's classes are kept."""
    old = schema.STEPS.index(schema.V20_GIVENCLASS)  # the schema just before the step under test
    database = storage.connect(db_path)
    for step in range(1, old + 1):
        schema.MIGRATIONS[step](database)
    database.execute(f"PRAGMA user_version={old}")
    database.execute("INSERT INTO groups(name) VALUES ('10А'), ('10Б')")
    survey_id = new_from_template(database, "channels", lang="ru")
    database.execute("INSERT INTO survey_responses(survey_id, source, created_at) VALUES (?, 'manual', '2026-09-01')",
                     [survey_id])
    database.conn.commit()
    database.close()
    report = cli.json("survey", "import", str(TEMPLATE_WITH_CLASS), "--survey", str(survey_id))
    assert (report["imported"], report["class_column"]) == (4, "Ваш класс")
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (schema.SCHEMA_VERSION,)
        assert conn.execute("SELECT source, given_class FROM survey_responses ORDER BY id").fetchall() == [
            ("manual", None), ("import", "10А"), ("import", "10Б"), ("import", "10А"), ("import", "10Б")]
    assert [p.name.startswith(f"test-v{old}-") for p in (db_path.parent / "backups").iterdir()] == [True]
    assert _by_class(cli, survey_id) == {"10А": (2, {"Telegram": 2}), "10Б": (2, {"MAX": 2})}


def _documented_keys(command: str) -> set[str]:
    """The JSON keys the README's command-line block names for `outreach survey COMMAND`."""
    lines = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"outreach survey {command} "))
    block = [lines[at], *takewhile(lambda line: not line.startswith("outreach "), lines[at + 1:])]
    return set(re.findall(r'"(\w+)"', " ".join(block)))


def test_the_readme_names_the_json_keys_scripts_get(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """The README's command lines name what `survey results --json` (grid, row) and `survey
    import --json` (class_column) give, and every key they name is in the output."""
    survey_id = int(cli.json("--lang", "ru", "survey", "new", "--template", "channels")["id"])
    report = cli.json("survey", "import", str(TEMPLATE_WITH_CLASS), "--survey", str(survey_id))
    doc = cli.json("survey", "results", str(survey_id))
    results, imported = _documented_keys("results"), _documented_keys("import")
    assert {"grid", "row"} <= results <= doc.keys() | doc["questions"][0].keys()
    assert "class_column" in imported <= report.keys()
    assert {"grid", "row"} <= _documented_keys("show") <= cli.json("survey", "show", str(survey_id))["questions"][0].keys()
