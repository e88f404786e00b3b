"""One canonical class name everywhere: the forms, the filters and the importer."""

from __future__ import annotations

import pytest

from outreach.common.groups import canonical_group, class_after_name, class_in_text
from outreach.roster import guardians as roster
from outreach.roster.students import StudentFilter, check_student, list_students


@pytest.mark.parametrize("text", ["7 А", "7а", "7-А", "7A", "7 «А»", "7 «а» класс", " 7  a ", "Класс 7А"])
def test_spellings_of_one_class_are_one(text: str) -> None:
    assert canonical_group(text) == "7А"


@pytest.mark.parametrize(("text", "expected"), [
    ("10б", "10Б"), ("11-в кл.", "11В"), ("10 класс", "10"),
    ("Подготовительная   группа", "Подготовительная группа"), ("7А1", "7А1"), ("", ""),
])
def test_other_names_are_kept_tidy(text: str, expected: str) -> None:
    assert canonical_group(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("VII Б", "7Б"), ("XI-А", "11А"), ("vii а", "7А"), ("IX «В»", "9В"), ("VIIБ", "7Б"), ("VII B", "7В"),
    ("VIII класс", "8"), ("Класс: IV-а", "4А"),
    ("XII А", "XII А"), ("Vii а", "Vii а"), ("I. V.", "I. V."), ("Вий", "Вий"), ("Ли", "Ли"), ("Ким", "Ким"),
])
def test_a_class_in_roman_numerals_is_the_same_class(text: str, expected: str) -> None:
    """Only the grades I..XI, in capitals or small letters; a dot after one is an initial's."""
    assert canonical_group(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Иванов Иван VII Б", ("Иванов Иван", "7Б")), ("Петров Пётр, IX «В»", ("Петров Пётр", "9В")),
    ("Орлов Денис (xi-а)", ("Орлов Денис", "11А")),
    ("Иванов И. В.", ("Иванов И. В.", "")), ("Ким Ли Вий", ("Ким Ли Вий", "")),
    ("Ivanov Ivan I A", ("Ivanov Ivan I A", "")), ("Smith Vii A", ("Smith Vii A", "")),
])
def test_a_roman_class_after_a_name_and_initials_that_are_none(text: str, expected: tuple[str, str]) -> None:
    assert class_after_name(text) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Список класса 7Б на 2026/27 уч. год", "7Б"), ("7 «Б» класс", "7Б"), ("Класс: 7-б", "7Б"),
    ("МБОУ СОШ № 5 г. Кирова", ""), ("Учебный год 2026/27", ""), ("Родители 5 А класса", "5А"),
    ("Список VII Б класса", "7Б"), ("Список класса XI-А на 2026/27 уч. год", "11А"), ("Лист I", ""),
])
def test_a_title_names_its_class(title: str, expected: str) -> None:
    assert class_in_text(title) == expected


def test_forms_and_filters_use_the_canonical_name(db) -> None:
    first = roster.add_student(db, "Петров", "Иван", "", "7 а", [])
    second = roster.add_student(db, "Сидоров", "Пётр", "", "7A", [])
    assert {s.group for s in list_students(db)} == {"7А"}
    assert [s.id for s in list_students(db, StudentFilter(group="7-А"))] == [first, second]
    assert check_student({"surname": "Петров", "name": "Иван", "group": "7 «а»"})[0]["group"] == "7А"


def test_the_migration_merges_the_spellings_of_one_class(tmp_path) -> None:
    """A database written before classes were canonical: «7 а», «7A», «7-А» were three groups."""
    import sqlite3

    from outreach.store import db as storage
    from outreach.store import schema

    path = tmp_path / "old.db"
    before = schema.STEPS.index(schema.V8)  # the schema just before classes became canonical
    conn = sqlite3.connect(path)
    for version in range(1, before + 1):
        schema.MIGRATIONS[version](storage.Database(conn))
    conn.executescript(
        "INSERT INTO groups(id, name) VALUES (1, '7 а'), (2, '7A'), (3, '7-А'), (4, 'Кружок  ЮИД'), (5, '8Б');"
        "INSERT INTO students(id, surname, name, patronymic, group_id, name_key, created_at, updated_at)"
        " VALUES (1, 'Петров', 'Иван', '', 1, 'петров иван', '', ''),"
        " (2, 'Сидоров', 'Пётр', '', 2, 'сидоров петр', '', ''),"
        " (3, 'Орлова', 'Мия', '', 3, 'орлова мия', '', ''),"
        " (4, 'Юдин', 'Лев', '', 4, 'юдин лев', '', ''), (5, 'Ким', 'Ли', '', 5, 'ким ли', '', '');"
        f"PRAGMA user_version = {before};")
    conn.commit()
    conn.close()
    db = storage.open_db(path)
    try:
        assert db.execute("SELECT id, name FROM groups ORDER BY id").fetchall() == [
            (1, "7А"), (4, "Кружок ЮИД"), (5, "8Б")]
        assert sorted(s.id for s in list_students(db, StudentFilter(group="7а"))) == [1, 2, 3]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


def test_an_upgrade_merges_a_class_stored_in_roman_numerals(tmp_path) -> None:
    """«VII Б» imported before Roman numerals were read is the class «7Б» typed in the form."""
    import sqlite3

    from outreach.store import db as storage
    from outreach.store import schema

    path = tmp_path / "old.db"
    before = schema.STEPS.index(schema.V21_ROMANCLASS)
    conn = sqlite3.connect(path)
    conn.create_function("canonical_group", 1, lambda name: name)  # as that version read them
    for version in range(1, before + 1):
        schema.MIGRATIONS[version](storage.Database(conn))
    conn.executescript(
        "INSERT INTO groups(id, name) VALUES (1, 'VII Б'), (2, '7Б'), (3, 'Вий');"
        "INSERT INTO students(id, surname, name, patronymic, group_id, name_key, created_at, updated_at)"
        " VALUES (1, 'Петров', 'Иван', '', 1, 'петров иван', '', ''),"
        " (2, 'Сидоров', 'Пётр', '', 2, 'сидоров петр', '', '');"
        f"PRAGMA user_version = {before};")
    conn.commit()
    conn.close()
    db = storage.open_db(path)
    try:
        assert db.execute("SELECT id, name FROM groups ORDER BY id").fetchall() == [(1, "7Б"), (3, "Вий")]
        assert sorted(s.id for s in list_students(db, StudentFilter(group="VII Б"))) == [1, 2]
    finally:
        db.close()


def test_a_message_audience_and_survey_filter_name_the_class_in_any_spelling(db) -> None:
    from outreach.messages.compose import parse_audience, resolve_audience

    student = roster.add_student(db, "Петров", "Иван", "", "7А", [])
    guardian = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна"}, [(student, "mother")], None)
    assert parse_audience(["group:7 a"]) == [("group", "7А")]
    assert resolve_audience(db, parse_audience(["group:7-а"])) == [guardian]


def test_an_audience_typed_as_the_class_alone_or_as_several_classes(db, cli) -> None:
    from outreach.messages.compose import parse_audience, resolve_audience

    seventh = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна"},
                                  [(roster.add_student(db, "Петров", "Иван", "", "7А", []), "mother")], None)
    eighth = roster.add_guardian(db, {"surname": "Лосева", "name": "Лидия"},
                                 [(roster.add_student(db, "Лосев", "Лев", "", "8Б", []), "mother")], None)
    roster.add_guardian(db, {"surname": "Орлова", "name": "Ольга"},
                        [(roster.add_student(db, "Орлов", "Олег", "", "9В", []), "mother")], None)
    assert parse_audience(["7 а"]) == [("group", "7А")]
    assert parse_audience(["группа:7А, 8б"]) == [("group", "7А"), ("group", "8Б")]
    assert sorted(resolve_audience(db, parse_audience(["класс:7А;8Б"]))) == sorted([seventh, eighth])
    for typed in ("12", "Автошкола В-1", "7"):  # a number alone may be an id: still refused
        result = cli("message", "new", "--text", "Собрание", "--audience", typed)
        assert result.exit_code != 0 and f"Audience {typed}: use all, group:NAME" in result.stderr
