"""Roster headers read by meaning: roles, fields, slots, columns left out, --map targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.common.errors import OutreachError
from outreach.roster.importing.cells import EXCERPT, contact_items, excerpt, people_in, person_name
from outreach.roster.importing.columns import (
    IGNORE,
    Column,
    classify,
    header_score,
    mappable_meanings,
    parse_target,
    read_header,
)
from outreach.roster.relations import CODES as RELATIONS


@pytest.mark.parametrize("header, role, field, slot", [
    ("Родитель", "guardian", "fio", ""),
    ("Мама", "guardian", "fio", "mother"),
    ("Папа", "guardian", "fio", "father"),
    ("Ученик", "student", "fio", ""),
    ("Обучающийся", "student", "fio", ""),
    ("Законный представитель", "guardian", "fio", ""),
    ("ФИО заявителя", "guardian", "fio", ""),
    ("Parent 1", "guardian", "fio", "1"),
    ("Parent 1 Name", "guardian", "fio", "1"),
    ("Mother's name", "guardian", "fio", "mother"),
    ("Mother_First", "guardian", "name", "mother"),
    ("MotherLastName", "guardian", "surname", "mother"),
    ("Parent/Guardian", "guardian", "fio", ""),
    ("Student First", "student", "name", ""),
    ("Student Last", "student", "surname", ""),
    ("Child 2 Name", "student", "fio", "2"),
    ("Ф.И.О. ученика", "student", "fio", ""),
    ("Фамилия, имя, отчество", "", "fio", ""),
    ("Homeroom", "", "group", ""),
    ("Grade_Level", "", "grade", ""),
    ("Адрес эл. почты", "", "email", ""),
    ("Моб. тел.", "", "phone", ""),
    ("Телефон заявителя", "guardian", "phone", ""),
    ("Email заявителя", "guardian", "email", ""),
    ("Телефон папы", "guardian", "phone", "father"),
    ("Контакты", "", "contacts", ""),
    ("Кем приходится", "", "relation", ""),
    ("ФИО второго родителя", "guardian", "fio", "2"),
    ("Телефон первого родителя", "guardian", "phone", "1"),
    ("Согласие на обработку ПД", "", "consent", ""),
])
def test_headers_read_by_meaning(header: str, role: str, field: str, slot: str) -> None:
    meaning = classify(header)
    assert meaning is not None
    assert (meaning.role, meaning.field, meaning.slot) == (role, field, slot)


@pytest.mark.parametrize("header", ["№", "Дата рождения", "Адрес", "СНИЛС", "GPA", "Medical Notes", "Пол",
                                    "Классный руководитель", "Student Email", "Телефон ученика", "№ п/п"])
def test_columns_not_kept_on_purpose(header: str) -> None:
    assert classify(header) == classify("№") and classify(header).field == IGNORE


def test_unknown_columns_are_listed_apart_from_those_left_out_on_purpose() -> None:
    reading = read_header(["№", "ФИО ученика", "Класс", "Мама", "Хобби", "СНИЛС"])
    assert reading.ignored == ["№", "СНИЛС"]
    assert reading.unknown == ["Хобби"]
    assert reading.left_out == ["№", "Хобби", "СНИЛС"]


def test_a_contact_column_without_a_role_belongs_to_the_one_parent_named() -> None:
    columns = read_header(["Ученик", "Класс", "Мама", "Мобильник"]).columns
    assert columns[3] == Column("guardian.phone", "mother", "mother")
    beside_parents = read_header(["Student First", "Student Last", "Email", "Parent 1 Name", "Parent 1 Email"])
    assert beside_parents.ignored == ["Email"]  # every parent has an e-mail column: the student's


def test_header_score_prefers_the_header_row_to_titles_and_data() -> None:
    header = ["№", "ФИО ученика", "Класс", "Мама", "Телефон мамы", "Папа", "Телефон папы"]
    title = ["Список класса 7Б на 2026/27 уч. год", "", "", "", "", "", ""]
    data = ["1", "Иванов Иван Иванович", "7Б", "Иванова Анна", "89121234567", "мать", "anna@mail.ru"]
    assert header_score(header) == 7
    assert header_score(title) <= 1
    assert header_score(data) <= 1
    assert header_score([]) == 0


def test_every_offered_meaning_is_a_valid_map_target() -> None:
    meanings = mappable_meanings()
    assert {"mother.fio", "father.phone", "parent2.email", "child1.fio", "guardian.fio", "student.fio",
            "group", "ignore"} <= set(meanings)
    assert all(parse_target(m) is not None for m in meanings)
    assert parse_target("parent3.phone") == Column("guardian.phone", "3")
    assert parse_target("child2.group") == Column("group", "2")
    for bad in ("mother", "aunt.fio", "guardian.group", "child.fio", "parent1.colour"):
        assert parse_target(bad) is None


def test_map_names_slots_so_two_full_name_columns_can_coexist(db, cli, tmp_path: Path) -> None:
    path = tmp_path / "letters.csv"
    path.write_text("A;B;C;D;E;F\nЛьвов Марк Ильич;6В;Львова Ада Романовна;Львов Илья Маркович;"
                    "8 912 000-77-01;ada@mail.ru\n", encoding="utf-8")
    same = cli("roster", "import", str(path), "--map", "A=student.fio", "--map", "C=guardian.fio",
               "--map", "D=guardian.fio")
    assert same.exit_code == 1 and "mean the same field" in same.stderr
    data = cli.json("roster", "import", str(path), "--map", "A=student.fio", "--map", "B=group",
                    "--map", "C=mother.fio", "--map", "D=father.fio", "--map", "E=father.phone",
                    "--map", "F=mother.email")
    assert data["rejected"] == [] and data["guardians"]["created"] == 2
    rows = db.execute("SELECT g.surname, g.name, g.phone, g.email, s.surname, s.name, sg.relation"
                      " FROM guardians g JOIN student_guardians sg ON sg.guardian_id = g.id"
                      " JOIN students s ON s.id = sg.student_id ORDER BY g.id").fetchall()
    assert rows == [("Львова", "Ада", None, "ada@mail.ru", "Львов", "Марк", "mother"),
                    ("Львов", "Илья", "+79120007701", None, "Львов", "Марк", "father")]


def test_map_rejects_an_unknown_target_with_the_list_of_targets() -> None:
    with pytest.raises(OutreachError) as caught:
        read_header(["Мама"], ["Мама=mother"])
    assert "mother.FIELD" in caught.value.message and "guardian.fio" in caught.value.message


@settings(max_examples=200, deadline=None, database=None)
@given(text=st.text(max_size=60), kind=st.sampled_from(["phone", "email", "telegram", "vk", "max", "contacts"]))
def test_any_cell_reads_without_crashing(text: str, kind: str) -> None:
    for item in contact_items(text, kind):
        assert item.raw.strip() and item.kind in ("phone", "email", "telegram", "vk", "max")
    for name, label in people_in(text):
        assert name and label in ("", *RELATIONS)
        assert all(isinstance(part, str) for part in person_name(name, latin_order=True))
    assert len(excerpt(text)) <= EXCERPT


@settings(max_examples=200, deadline=None, database=None)
@given(headers=st.lists(st.text(max_size=30), max_size=8))
def test_any_header_reads_without_crashing(headers: list[str]) -> None:
    assert 0 <= header_score(headers) <= len(headers)
    try:
        reading = read_header(headers)
    except OutreachError as exc:
        assert "mean the same field" in exc.message
        return
    assert set(reading.left_out) <= set(headers)
    assert all(0 <= index < len(headers) for index in reading.columns)
