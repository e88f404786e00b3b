"""A parent's further contacts (the second phone of a cell, a work phone, a handle's note):
seen and corrected in the parent's form and by `roster edit --extra-contacts`, and said for
what they are when a file is imported."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster


def imported(db: sqlite_utils.Database, tmp_path: Path, text: str) -> list[roster.Guardian]:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    report = import_roster(db, path, group="7А")
    assert report.written and not report.rejected, report.rejected
    return roster.list_guardians(db)


@pytest.mark.parametrize("header", ["Рабочий телефон", "Телефон (рабочий)"])
def test_a_work_phone_column_says_which_number_is_the_work_one(
        db: sqlite_utils.Database, tmp_path: Path, russian: None, header: str) -> None:
    """Its number became a further contact (or the only phone) with nothing saying whose work it is."""
    [ivanova, petrova] = imported(db, tmp_path, (
        f"ФИО ученика,ФИО родителя,Телефон,{header}\n"
        "Иванов Иван,Иванова Анна Петровна,8 912 111-22-33,8 343 222-33-44\n"
        "Петров Пётр,Петрова Ольга Ивановна,,8 912 555-66-77 (до 18:00)\n"))
    assert ivanova.extra_contacts == ["+73432223344"] and ivanova.notes == "Телефон +7 343 222-33-44: рабочий"
    assert petrova.phone == "+79125556677" and petrova.notes == "Телефон +7 912 555-66-77: рабочий, до 18:00"


def test_a_work_phone_column_in_english(db: sqlite_utils.Database, tmp_path: Path) -> None:
    [ivanova, petrova] = imported(db, tmp_path, (
        "Student Name,Guardian 1 Name,Guardian 1 Phone,Guardian 1 Work Phone,Guardian 1 Work Email\n"
        "Ivanov Ivan,Anna Ivanova,8 912 111-22-33,8 912 222-33-44,anna@school.ru\n"
        "Petrov Petr,Olga Petrova,8 912 111-22-00,8 912 333-44-55 (work),\n"))
    assert ivanova.extra_contacts == ["+79122223344"] and ivanova.email == "anna@school.ru"
    assert ivanova.notes == "Phone +7 912 222-33-44: work; E-mail anna@school.ru: work"
    assert petrova.notes == "Phone +7 912 333-44-55: work"  # said once


def test_words_in_brackets_beside_a_handle_are_its_note_or_say_whose_it_is(
        db: sqlite_utils.Database, tmp_path: Path, russian: None) -> None:
    """«(пишите вечером)» beside a handle was dropped; «(после 19:00)» refused the row."""
    [ivanova, petrova] = imported(db, tmp_path, (
        "ФИО ученика,ФИО родителя,Телефон,Telegram,ВК\n"
        "Иванов Иван,Иванова Анна Петровна,8 912 111-22-33,@anna_k (пишите вечером),id123 (мама; после 19:00)\n"
        "Петров Пётр,Петрова Ольга Ивановна,8 912 555-66-77,@olga_p (бабушка),\n"))
    assert (ivanova.telegram, ivanova.vk) == ("anna_k", "id123")
    assert ivanova.notes == "Telegram anna_k: пишите вечером; ВК id123: после 19:00"
    assert ivanova.students[0].relation == "mother"
    assert petrova.telegram == "olga_p" and petrova.students[0].relation == "grandmother" and not petrova.notes
