"""One canonical class name everywhere: the forms, the filters and the importer."""

from __future__ import annotations

import pytest

from outreach import roster
from outreach.groups import canonical_group, class_in_text
from outreach.students import StudentFilter, check_student, list_students


@pytest.mark.parametrize("text", ["7 А", "7а", "7-А", "7A", "7 «А»", "7 «а» класс", " 7  a ", "Класс 7А"])
def test_spellings_of_one_class_are_one(text: str) -> None:
    assert canonical_group(text) == "7А"


@pytest.mark.parametrize(("text", "expected"), [
    ("10б", "10Б"), ("11-в кл.", "11В"), ("10 класс", "10"),
    ("Подготовительная   группа", "Подготовительная группа"), ("7А1", "7А1"), ("", ""),
])
def test_other_names_are_kept_tidy(text: str, expected: str) -> None:
    assert canonical_group(text) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Список класса 7Б на 2026/27 уч. год", "7Б"), ("7 «Б» класс", "7Б"), ("Класс: 7-б", "7Б"),
    ("МБОУ СОШ № 5 г. Кирова", ""), ("Учебный год 2026/27", ""), ("Родители 5 А класса", "5А"),
])
def test_a_title_names_its_class(title: str, expected: str) -> None:
    assert class_in_text(title) == expected


def test_forms_and_filters_use_the_canonical_name(db) -> None:
    first = roster.add_student(db, "Петров", "Иван", "", "7 а", [])
    second = roster.add_student(db, "Сидоров", "Пётр", "", "7A", [])
    assert {s["group"] for s in list_students(db)} == {"7А"}
    assert [s["id"] for s in list_students(db, StudentFilter(group="7-А"))] == [first, second]
    assert check_student({"surname": "Петров", "name": "Иван", "group": "7 «а»"})[0]["group"] == "7А"
