"""Who answered a survey: the columns school forms ask before the questions («Ваше ФИО», «ФИО
ребёнка», «Класс», «Кем вы приходитесь ребёнку?», Microsoft Forms' own «Имя») were imported as
questions whose results were lists of names. They now name the respondent: the response goes
to the roster parent they point to, the import says how responses were matched, and no
question is made of them. Fixtures: tests/data/surveys_identity/ (invented families, make.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlite_utils
from textual.widgets import Label, Select

from outreach.common.i18n import set_language
from outreach_screens.app import make_app
from outreach_screens.surveys.import_dialog import SurveyImportWizard
from outreach_screens.surveys.question import QuestionTypeDialog
from outreach_screens.surveys.screen import SurveysScreen
from tests.conftest import Cli
from tests.test_cli_help_ru import flat
from tests.tui_support import open_section, screen_lines, settle

DATA = Path(__file__).parent / "data" / "surveys_identity"
MESSENGER = "Какой мессенджер вам удобнее всего для связи со школой?"


def _roster(cli: Cli) -> dict[str, int]:
    """The class list imported; {guardian's full name: id}."""
    assert cli.json("roster", "import", str(DATA / "roster.csv"))["guardians"]["created"] == 10
    return {" ".join(p for p in (g["surname"], g["name"], g["patronymic"]) if p): g["id"]
            for g in cli.json("roster", "list")}


def _import(cli: Cli, name: str, *args: str) -> dict[str, Any]:
    report: dict[str, Any] = cli.json("survey", "import", str(DATA / name), "--new", name, *args)
    return report


def _questions(cli: Cli, survey: int) -> list[str]:
    return [q["text"] for q in cli.json("survey", "show", str(survey))["questions"]]


def _respondents(db: sqlite_utils.Database, survey: int) -> list[tuple[int | None, str | None]]:
    return db.execute("SELECT guardian_id, given_class FROM survey_responses WHERE survey_id = ? ORDER BY id",
                      [survey]).fetchall()


def test_google_form_with_the_parents_and_the_childs_names(cli: Cli, db: sqlite_utils.Database) -> None:
    ids = _roster(cli)
    report = _import(cli, "google_ru.csv")
    assert (report["imported"], report["matched"]) == (6, 5)
    assert report["matched_by"] == {"name": 4, "child": 1}
    assert report["identity_columns"] == [{"column": "Ваше ФИО", "field": "respondent.name"},
                                          {"column": "ФИО ребёнка", "field": "child.name"},
                                          {"column": "Класс", "field": "child.class"}]
    assert _questions(cli, report["survey"]) == [MESSENGER, "Удобно ли вам время собраний (четверг, 18:00)?",
                                                 "Ваши пожелания"]
    # «белова ольга» typed small, «Гусева Е.И.» by initials, «Смирнова Анна» (two in the roster)
    # told apart by her son; a stranger's child in 7В matches nobody.
    assert _respondents(db, report["survey"]) == [
        (ids["Соколова Марина Викторовна"], "7А"), (ids["Белова Ольга Сергеевна"], "7А"),
        (ids["Гусева Елена Игоревна"], "7Б"), (ids["Смирнова Анна Ивановна"], "7А"), (None, "7В"),
        (ids["Фёдорова Наталья Юрьевна"], "7Б")]
    # Only the child named, who has two parents: the first is said to have answered, and told.
    assert report["parent_guesses"] == [{"row": 7, "child": "Фёдорова Алиса Романовна (7Б)",
                                         "guardian_id": ids["Фёдорова Наталья Юрьевна"],
                                         "guardian": "Фёдорова Наталья Юрьевна", "parents": 2}]
    # The names are used, not kept: no answer and no response holds them.
    stored = db.execute("SELECT group_concat(text, '|') FROM survey_answers").fetchone()[0]
    assert "Соколов" not in stored and "Белова" not in stored
    results = cli.json("survey", "results", str(report["survey"]))
    assert [q["text"] for q in results["questions"]] == _questions(cli, report["survey"])
    assert cli.json("survey", "results", str(report["survey"]), "--group", "7Б")["responses"] == 2


def test_the_import_says_who_answered_and_how_they_were_matched(cli: Cli, russian: None) -> None:
    _roster(cli)
    said = cli("--lang", "ru", "survey", "import", str(DATA / "google_ru.csv"), "--new", "Собрание")
    assert said.exit_code == 0, said.stderr
    assert "Родители узнаны по ФИО родителя: 4, по ФИО ребёнка: 1." in said.stdout
    assert "«Ваше ФИО» (ФИО отвечающего), «ФИО ребёнка» (ФИО ребёнка), «Класс» (класс ребёнка)" in said.stderr
    assert "Строка 7: у ребёнка Фёдорова Алиса Романовна (7Б) в списке 2 родителя" in said.stderr


def test_yandex_form_matched_by_phone_then_by_the_parents_name(cli: Cli, db: sqlite_utils.Database) -> None:
    ids = _roster(cli)
    report = _import(cli, "yandex_ru.csv", "--match", "phone")
    assert (report["imported"], report["matched"], report["matched_by"]) == (5, 4, {"phone": 3, "name": 1})
    assert [c["field"] for c in report["identity_columns"]] == ["respondent.name", "respondent.phone",
                                                                "respondent.relation"]
    assert _questions(cli, report["survey"]) == ["Какими мессенджерами вы пользуетесь?",
                                                 "Оцените работу родительского чата"]
    # Белов Андрей left a phone the roster does not have: his name finds him.
    assert [g for g, _ in _respondents(db, report["survey"])] == [
        ids["Соколов Дмитрий Олегович"], ids["Орлов Максим Сергеевич"], ids["Белов Андрей Петрович"],
        ids["Фёдорова Наталья Юрьевна"], None]
    alone = _import(cli, "yandex_ru.csv")  # without --match, the names alone
    assert (alone["duplicates"], alone["matched_by"]) == (0, {"name": 4})


def test_microsoft_forms_account_name_and_a_childs_name_question(cli: Cli, db: sqlite_utils.Database) -> None:
    ids = _roster(cli)
    report = _import(cli, "msforms_ru.xlsx")
    assert (report["format"], report["imported"], report["matched_by"]) == ("msforms", 4, {"name": 1, "child": 2})
    assert _questions(cli, report["survey"]) == [MESSENGER, "Какие темы обсудить на собрании?"]
    assert [g for g, _ in _respondents(db, report["survey"])] == [
        ids["Белова Ольга Сергеевна"], ids["Гусева Елена Игоревна"], ids["Орлов Максим Сергеевич"], None]
    assert [g["guardian"] for g in report["parent_guesses"]] == ["Белова Ольга Сергеевна"]


def test_a_parents_name_in_two_fields(cli: Cli, db: sqlite_utils.Database) -> None:
    ids = _roster(cli)
    report = _import(cli, "split_ru.csv")
    assert [c["field"] for c in report["identity_columns"]] == [
        "respondent.surname", "respondent.first_name", "child.name", "child.class", "respondent.relation"]
    assert (report["imported"], report["matched_by"], report["parent_guesses"]) == (4, {"name": 4}, [])
    assert _questions(cli, report["survey"]) == ["Придёте ли вы на собрание 15 октября?", "Какие темы обсудить?"]
    # «Белова» without a first name is the one Белова among Ксения's parents; «Смирнова Анна»
    # is Вера's mother, not Егор's.
    assert [g for g, _ in _respondents(db, report["survey"])] == [
        ids["Фёдоров Роман Алексеевич"], ids["Белова Ольга Сергеевна"], ids["Соколова Марина Викторовна"],
        ids["Смирнова Анна Петровна"]]


def test_a_column_that_only_looks_like_a_name_stays_a_question(cli: Cli, tmp_path: Path) -> None:
    _roster(cli)
    form = tmp_path / "form.csv"
    form.write_text("Отметка времени,ФИО,Придёте ли вы на собрание?\n"
                    "02.10.2026 19:04:11,Приду после 18:00 если успею с работы,Да\n"
                    "02.10.2026 19:05:11,2 человека,Да\n"
                    "02.10.2026 19:06:11,Соколова Марина Викторовна,Нет\n", encoding="utf-8")
    said = cli("survey", "import", str(form), "--new", "Собрание", "--json")
    report = json.loads(said.stdout)
    assert report["identity_doubts"] == [{"column": "ФИО", "field": "respondent.name",
                                          "reason": "most of its answers do not read as names"}]
    assert (report["identity_columns"], report["matched"]) == ([], 0)
    assert _questions(cli, report["survey"]) == ["ФИО", "Придёте ли вы на собрание?"]
    # The teacher says what it is: the names are then read, the sentences match nobody.
    mapped = cli.json("survey", "import", str(form), "--new", "Собрание 2", "--map", "ФИО=respondent.name")
    assert (mapped["identity_columns"], mapped["matched"]) == ([{"column": "ФИО", "field": "respondent.name"}], 1)
    assert _questions(cli, mapped["survey"]) == ["Придёте ли вы на собрание?"]
    told = cli("survey", "import", str(form), "--new", "Собрание 3")
    assert "The column «ФИО» reads by its header as the respondent's full name, but most of its answers" in told.stderr


def test_the_teacher_corrects_the_reading_with_map(cli: Cli) -> None:
    _roster(cli)
    kept = _import(cli, "google_ru.csv", "--map", "Ваше ФИО=question", "--dry-run")
    assert kept["matched_by"] == {"child": 5}  # the children still tell; her name is a question again
    assert "Ваше ФИО" not in [c["column"] for c in kept["identity_columns"]]
    wrong = cli("survey", "import", str(DATA / "google_ru.csv"), "--new", "X", "--map", "Ваше ФИО=parent")
    assert wrong.exit_code == 1 and "--map Ваше ФИО=parent: use 'Header=field'" in wrong.stderr
    absent = cli("survey", "import", str(DATA / "google_ru.csv"), "--new", "X", "--map", "Телефон=respondent.phone")
    assert absent.exit_code == 1 and "the file has no such column" in absent.stderr
    assert cli.json("survey", "list") == []  # nothing half-written


async def test_the_import_preview_shows_who_answered(cli: Cli, db_path: Path) -> None:
    _roster(cli)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        wizard.path_input.value = str(DATA / "google_ru.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert wizard.plan is not None and wizard.plan.matched == 5
        rows = [tuple(str(c) for c in wizard.mapping.get_row_at(i)) for i in range(wizard.mapping.row_count)]
        assert ("Ваше ФИО", "—", "who answered: the respondent's full name") in rows
        assert ("ФИО ребёнка", "—", "who answered: the child's full name") in rows
        status = str(wizard.query_one("#import-status").render())
        assert "Matched by the parent's name: 4, by the child's name: 1." in status
        assert "Row 7: Фёдорова Алиса Романовна (7Б) has 2 parents" in status


def test_map_skips_a_column_and_gives_a_field_to_one_column(cli: Cli) -> None:
    _roster(cli)
    skipped = _import(cli, "google_ru.csv", "--map", "Ваши пожелания=skip", "--map", "Класс=skip")
    assert _questions(cli, skipped["survey"]) == [MESSENGER, "Удобно ли вам время собраний (четверг, 18:00)?"]
    assert [c["column"] for c in skipped["identity_columns"]] == ["Ваше ФИО", "ФИО ребёнка"]
    # The teacher's column gives the parent's name; the one read so by its header gives way.
    moved = _import(cli, "google_ru.csv", "--map", "Ваши пожелания=respondent.name", "--dry-run")
    assert moved["identity_columns"] == [{"column": "ФИО ребёнка", "field": "child.name"},
                                         {"column": "Класс", "field": "child.class"},
                                         {"column": "Ваши пожелания", "field": "respondent.name"}]
    twice = cli("survey", "import", str(DATA / "google_ru.csv"), "--new", "X",
                "--map", "Ваше ФИО=child.name", "--map", "ФИО ребёнка=child.name")
    assert twice.exit_code == 1 and "the column «Ваше ФИО» already gives it" in twice.stderr
    assert len(cli.json("survey", "list")) == 1  # nothing half-written


def test_map_takes_the_words_the_russian_help_shows(cli: Cli) -> None:
    """The Russian help says 'Имя=вопрос', 'Комментарий=пропустить': typed so, they work."""
    _roster(cli)
    worded = _import(cli, "google_ru.csv", "--map", "Ваши пожелания=пропустить", "--map", "Класс=Пропустить",
                     "--map", "ФИО ребёнка=вопрос", "--dry-run")
    coded = _import(cli, "google_ru.csv", "--map", "Ваши пожелания=skip", "--map", "Класс=skip",
                    "--map", "ФИО ребёнка=question", "--dry-run")
    assert worded == coded
    assert [c["column"] for c in worded["identity_columns"]] == ["Ваше ФИО"]


def test_without_a_contact_match_the_names_still_tell_and_the_help_says_so(cli: Cli, russian: None) -> None:
    _roster(cli)
    helped = cli("--lang", "ru", "survey", "import", "--help")
    assert "По ФИО родителя и ребёнка узнаём и без этого" in flat(helped.stdout)
    assert _import(cli, "google_ru.csv", "--dry-run")["matched_by"] == {"name": 4, "child": 1}


async def test_the_teacher_says_what_a_column_is_in_the_preview(cli: Cli, db_path: Path,
                                                                db: sqlite_utils.Database) -> None:
    _roster(cli)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        wizard.path_input.value = str(DATA / "google_ru.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert wizard.query_one("#import-match", Select).value == "none"
        assert "no e-mail or phone matching" in "\n".join(screen_lines(app))  # names still match: said so
        assert wizard.plan is not None and wizard.plan.matched_by == {"name": 4, "child": 1}
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "down")  # Import → the columns, on «Ваше ФИО»
        assert wizard.mapping.has_focus
        label = wizard.query_one("#meaning-label", Label)
        assert str(label.render()) == "Read «Ваше ФИО» as:"
        await pilot.press("tab", "enter", "up", "enter")  # → «a question»
        await settle(pilot)
        assert wizard.meaning_select.has_focus and wizard.overrides == {"Ваше ФИО": "question"}
        assert wizard.plan is not None and wizard.plan.matched_by == {"child": 5}
        rows = [tuple(str(c) for c in wizard.mapping.get_row_at(i)) for i in range(wizard.mapping.row_count)]
        assert ("Ваше ФИО", "Ваше ФИО", "free text") in rows
        await pilot.press("shift+tab", "ctrl+end", "tab", "enter", "end", "enter")  # «Ваши пожелания» → skip
        await settle(pilot)
        assert wizard.overrides == {"Ваше ФИО": "question", "Ваши пожелания": "skip"}
        assert str(label.render()) == "Read «Ваши пожелания» as:"
        assert wizard.plan is not None and wizard.mapping.get_row_at(wizard.mapping.cursor_row)[2] == "skipped, as you chose"
        assert app.screen.size.height <= 24 and wizard.query_one("#confirm").region.bottom <= 24  # seen at 80×24
        await pilot.press("ctrl+s")
        await settle(pilot)
    survey = db.execute("SELECT max(id) FROM surveys").fetchone()[0]
    assert _questions(cli, survey) == ["Ваше ФИО", MESSENGER, "Удобно ли вам время собраний (четверг, 18:00)?"]


def test_a_name_question_of_an_earlier_import_becomes_who_answered(cli: Cli, db: sqlite_utils.Database) -> None:
    ids = _roster(cli)
    before = _import(cli, "google_ru.csv", *(f"--map={h}=question" for h in ("Ваше ФИО", "ФИО ребёнка", "Класс")))
    survey = before["survey"]
    assert before["matched"] == 0 and _questions(cli, survey)[:3] == ["Ваше ФИО", "ФИО ребёнка", "Класс"]
    qid = {q["text"]: q["id"] for q in cli.json("survey", "show", str(survey))["questions"]}
    done = cli.json("survey", "question", str(qid["Ваше ФИО"]), "--type", "respondent.name")
    assert done == {"question": qid["Ваше ФИО"], "field": "respondent.name", "answers_removed": 5,
                    "matched": 3, "matched_by": {"name": 3}}
    assert cli.json("survey", "question", str(qid["Класс"]), "--type", "child.class")["answers_removed"] == 6
    assert _questions(cli, survey) == ["ФИО ребёнка", MESSENGER, "Удобно ли вам время собраний (четверг, 18:00)?",
                                       "Ваши пожелания"]
    assert _respondents(db, survey)[:3] == [(ids["Соколова Марина Викторовна"], "7А"),
                                            (ids["Белова Ольга Сергеевна"], "7А"), (ids["Гусева Елена Игоревна"], "7Б")]
    stored = db.execute("SELECT group_concat(text, '|') FROM survey_answers").fetchone()[0]
    assert "Соколова Марина" not in stored  # the names went with the question
    mixed = cli("survey", "question", str(qid["ФИО ребёнка"]), "--type", "child.name", "--text", "X")
    assert mixed.exit_code == 2 and "removes the question" in mixed.stderr
    contact = cli("survey", "question", str(qid["ФИО ребёнка"]), "--type", "respondent.email")
    assert contact.exit_code == 2 and "respondent.email" in contact.stderr
    assert "ФИО ребёнка" in _questions(cli, survey)  # nothing half-done


async def test_the_type_dialog_says_a_question_is_who_answered(cli: Cli, db_path: Path, db: sqlite_utils.Database) -> None:
    _roster(cli)
    survey = _import(cli, "google_ru.csv", "--map=Ваше ФИО=question")["survey"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        dialog = await open_section(pilot, "t", QuestionTypeDialog)
        assert dialog.blocks[0][0] == "Ваше ФИО"
        dialog.type_select.value = "respondent.name"
        await settle(pilot)
        assert "removed with its answers" in str(dialog.query_one("#question-hint", Label).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "Ваше ФИО" not in _questions(cli, survey)
    assert db.execute("SELECT count(*) FROM survey_answers WHERE text LIKE 'Гусева%'").fetchone()[0] == 0


def test_a_column_with_a_blank_header_is_named_by_its_place(cli: Cli) -> None:
    """A question deleted from a Google form leaves its column, header blank, earlier answers in
    it: shown as «Column 2» («Столбец 2»), which `--map` could not name («no such column»)."""
    _roster(cli)
    asis = _import(cli, "deleted_ru.csv", "--dry-run")
    assert asis["matched_by"] == {} and asis["identity_columns"] == []
    named = _import(cli, "deleted_ru.csv", "--map", "Column 2=respondent.name")
    assert named["matched_by"] == {"name": 3}
    assert named["identity_columns"] == [{"column": "Column 2", "field": "respondent.name"}]
    assert _questions(cli, named["survey"]) == [MESSENGER, "Удобно ли вам время собраний (четверг, 18:00)?"]
    russian = cli.json("--lang", "ru", "survey", "import", str(DATA / "deleted_ru.csv"), "--new", "X",
                       "--map", "Столбец 2=пропустить", "--dry-run")
    assert russian["identity_columns"] == [] and russian["unmatched_columns"] == []
    missing = cli("survey", "import", str(DATA / "deleted_ru.csv"), "--new", "X", "--map", "Column 7=skip")
    assert missing.exit_code == 1
    assert "the file has no such column; its columns: Отметка времени, Column 2, Какой" in missing.stderr


async def test_the_preview_gives_a_blank_header_column_a_meaning(cli: Cli, db_path: Path, db: sqlite_utils.Database,
                                                                 russian: None) -> None:
    """Choosing what «Столбец 2» is said «--map Столбец 2: такого столбца в файле нет»."""
    _roster(cli)
    set_language("ru")  # as `russian` left it: the CLI run goes back to English
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        wizard.path_input.value = str(DATA / "deleted_ru.csv")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "down")  # Import → the columns, on «Столбец 2»
        assert str(wizard.query_one("#meaning-label", Label).render()) == "Читать «Столбец 2» как:"
        await pilot.press("tab", "enter", "down", "enter")  # «вопрос» → «ФИО отвечающего»
        await settle(pilot)
        assert wizard.overrides == {"Столбец 2": "respondent.name"}
        assert wizard.plan is not None and wizard.plan.matched_by == {"name": 3}
        assert "такого столбца" not in "\n".join(screen_lines(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
    survey = db.execute("SELECT max(id) FROM surveys").fetchone()[0]
    assert _questions(cli, survey) == [MESSENGER, "Удобно ли вам время собраний (четверг, 18:00)?"]
    assert [g for g, _ in _respondents(db, survey)].count(None) == 2


def _form(cli: Cli, tmp_path: Path, title: str, *lines: str) -> dict[str, Any]:
    """A form's answers, the header line first, imported as a new survey `title`."""
    path = tmp_path / "form.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report: dict[str, Any] = cli.json("survey", "import", str(path), "--new", title)
    return report


def _who_fills(cli: Cli, tmp_path: Path, child: str, group: str, who: str) -> dict[str, Any]:
    """A Yandex form's answer naming the child, its class and who filled the form in, imported."""
    return _form(cli, tmp_path, child, "ID,Время создания,ФИО ребёнка,Класс,Кто заполняет анкету?," + MESSENGER,
                 f"501,2026-11-20 19:00:00,{child},{group},{who},Telegram")


def test_who_fills_the_form_in_tells_which_parent_answered(cli: Cli, db: sqlite_utils.Database, tmp_path: Path) -> None:
    """«Кто заполняет анкету?» — «Папа»: the child's father answered, not the first parent."""
    ids = _roster(cli)
    report = _who_fills(cli, tmp_path, "Фёдорова Алиса", "7Б", "Папа")
    assert {"column": "Кто заполняет анкету?", "field": "respondent.relation"} in report["identity_columns"]
    assert report["parent_guesses"] == [] and _questions(cli, report["survey"]) == [MESSENGER]
    father = next(gid for name, gid in ids.items() if name.startswith("Фёдоров "))
    assert _respondents(db, report["survey"]) == [(father, "7Б")]


def test_the_childs_name_with_its_class_and_a_parents_name_with_a_note(cli: Cli, db: sqlite_utils.Database,
                                                                        tmp_path: Path) -> None:
    """One column «ФИО ребёнка, класс» («Фёдорова Алиса, 7Б»), and «Ваше ФИО» answered as
    «Фёдоров Роман (папа)» or just «мама»: each response goes to the parent meant."""
    ids = _roster(cli)
    report = _form(cli, tmp_path, "ФИО и класс", "Отметка времени,\"ФИО ребёнка, класс\",Ваше ФИО," + MESSENGER,
                   "20.11.2026 19:00:00,\"Фёдорова Алиса, 7Б\",Фёдоров Роман (папа),Telegram",
                   "20.11.2026 19:05:00,Фёдорова Алиса 7 б,мама,MAX")
    assert {"column": "ФИО ребёнка, класс", "field": "child.name"} in report["identity_columns"]
    assert (report["matched"], report["respondent_warnings"], report["parent_guesses"]) == (2, [], [])
    assert _questions(cli, report["survey"]) == [MESSENGER]
    assert _respondents(db, report["survey"]) == [(ids["Фёдоров Роман Алексеевич"], "7Б"),
                                                  (ids["Фёдорова Наталья Юрьевна"], "7Б")]


def test_a_child_named_as_at_home_is_found(cli: Cli, db: sqlite_utils.Database, tmp_path: Path) -> None:
    """«Соколов Тёма» is Соколов Артём: parents write the names they call their children."""
    ids = _roster(cli)
    report = _who_fills(cli, tmp_path, "Соколов Тёма", "7А", "мама")
    assert (report["matched_by"], report["respondent_warnings"]) == ({"child": 1}, [])
    assert _respondents(db, report["survey"]) == [(ids["Соколова Марина Викторовна"], "7А")]


def test_the_two_names_typed_each_in_the_others_field(cli: Cli, db: sqlite_utils.Database, tmp_path: Path) -> None:
    """«ФИО ребёнка: Гусева Елена Игоревна», «Ваше ФИО: Гусев Матвей»: the mother and her son,
    typed in each other's field; a name that is nobody's either way stays unmatched."""
    ids = _roster(cli)
    report = _form(cli, tmp_path, "Перепутали", "Отметка времени,Ваше ФИО,ФИО ребёнка,Класс," + MESSENGER,
                   "20.11.2026 19:00:00,Гусев Матвей,Гусева Елена Игоревна,7Б,Telegram",
                   "20.11.2026 19:01:00,Иванов Иван,Иванова Ирина,7Б,MAX")
    assert (report["matched"], report["matched_by"]) == (1, {"name": 1})
    assert _respondents(db, report["survey"]) == [(ids["Гусева Елена Игоревна"], "7Б"), (None, "7Б")]


def test_who_filled_the_form_in_is_asked_in_either_language_and_other_who_questions_stay() -> None:
    from outreach.surveys.identity import header_field

    asked = ["Кто заполняет анкету?", "Кто вы ребёнку?", "Who is filling in this form?", "Who are you to the student?"]
    assert [header_field(h, "google") for h in asked] == ["respondent.relation"] * 4
    kept = ["Кто забирает ребёнка из школы?", "Who picks the child up?", "Кто в семье чаще всего водит машину?"]
    assert [header_field(h, "google") for h in kept] == [None] * 3


def test_a_parent_stored_without_her_patronymic_answers_with_it(cli: Cli, db: sqlite_utils.Database, tmp_path: Path) -> None:
    """The roster from the class teacher's own sheet («Волкова Ирина», «Белова О.»); the form
    asked «Ваше ФИО» and she wrote it in full. Her answer is hers, as an import would match her."""
    roster = tmp_path / "класс.csv"
    roster.write_text("Ученик;Класс;Мама;Телефон мамы\nВолков Глеб;10А;Волкова Ирина;+79031234567\n"
                      "Белов Артём;10А;Белова О.;+79031234569\n", encoding="utf-8")
    assert cli.json("roster", "import", str(roster))["guardians"]["created"] == 2
    ids = {g["surname"]: g["id"] for g in cli.json("roster", "list")}
    report = _form(cli, tmp_path, "Собрания", "Отметка времени,Ваше ФИО,Удобно ли вам время собраний?",
                   "13.09.2026 19:42:11,Волкова Ирина Сергеевна,Да", "13.09.2026 20:01:05,Белова Ольга Ивановна,Нет")
    assert (report["imported"], report["matched"]) == (2, 2)
    assert [g for g, _ in _respondents(db, report["survey"])] == [ids["Волкова"], ids["Белова"]]
