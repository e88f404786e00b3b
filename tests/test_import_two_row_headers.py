"""A roster whose heading takes two rows: whose columns they are («Ученик», «Мать», «Отец», cells
merged across) over the columns themselves («ФИО», «Телефон»), as school systems' printouts
and hand-made sheets have it."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster, preview


def people(db) -> dict[str, tuple[str | None, str | None, list[tuple[str, str | None]]]]:
    """Every guardian by name: phone, e-mail and (child, relation) pairs."""
    return {g.full_name: (g.phone, g.email, [(s.short_name, s.relation) for s in g.students])
            for g in roster.list_guardians(db)}


def test_a_merged_band_over_the_columns_says_whose_they_are(db, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "7Б"
    sheet.append(["Список родителей 7Б класса"])
    sheet.append(["№", "Ученик", "", "Мать", "", "Отец", ""])
    sheet.append(["", "ФИО", "Дата рождения", "ФИО", "Телефон", "ФИО", "Телефон"])
    for cells in ("A2:A3", "B2:C2", "D2:E2", "F2:G2"):
        sheet.merge_cells(cells)
    sheet.append([1, "Агеев Максим Олегович", "12.03.2013", "Агеева Ирина Петровна", "8-912-345-67-01",
                  "Агеев Олег Иванович", "8-912-345-67-02"])
    sheet.append([2, "Белова Дарья Сергеевна", "01.09.2013", "Белова Светлана Юрьевна", "+7 912 345 67 03", "", ""])
    path = tmp_path / "7Б.xlsx"
    book.save(path)
    shown = preview(path).first
    assert shown.header_row == 3
    assert shown.mapping == [("Ученик ФИО", "student.fio"), ("Мать ФИО", "guardian.fio [mother]"),
                             ("Мать Телефон", "guardian.phone [mother]"), ("Отец ФИО", "guardian.fio [father]"),
                             ("Отец Телефон", "guardian.phone [father]")]
    report = import_roster(db, path)
    assert report.rejected == [] and (report.students.created, report.guardians.created) == (2, 3)
    assert people(db) == {
        "Агеева Ирина Петровна": ("+79123456701", None, [("Агеев Максим", "mother")]),
        "Агеев Олег Иванович": ("+79123456702", None, [("Агеев Максим", "father")]),
        "Белова Светлана Юрьевна": ("+79123456703", None, [("Белова Дарья", "mother")]),
    }
    assert {s.group for g in roster.list_guardians(db) for s in g.students} == {"7Б"}


def test_a_band_that_reads_as_the_header_takes_the_row_under_it(db, tmp_path: Path) -> None:
    # «ФИО ученика» and «Класс» merged down, «Мама» and «Папа» across: the first row alone reads
    # as a header as well as the second, and the second is no child
    path = tmp_path / "7Б.csv"
    path.write_text("ФИО ученика;Класс;Мама;;Папа;\n"
                    ";;ФИО;E-mail;ФИО;E-mail\n"
                    "Агеев Максим;7Б;Агеева Ирина;ageeva@mail.ru;Агеев Олег;ageev@mail.ru\n"
                    "Белова Дарья;7Б;;;Белов Юрий;belov@ya.ru\n", encoding="utf-8")
    report = import_roster(db, path)
    assert report.rejected == [] and (report.students.created, report.guardians.created) == (2, 3)
    assert people(db) == {
        "Агеева Ирина": (None, "ageeva@mail.ru", [("Агеев Максим", "mother")]),
        "Агеев Олег": (None, "ageev@mail.ru", [("Агеев Максим", "father")]),
        "Белов Юрий": (None, "belov@ya.ru", [("Белова Дарья", "father")]),
    }


def test_a_title_over_a_header_that_reads_alone_stays_a_title(db, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Родители 5 «А» класса;;\n"
                    "ФИО ученика;ФИО родителя;Телефон\n"
                    "Агеев Максим;Агеева Ирина;89123456701\n", encoding="utf-8")
    shown = preview(path).first
    assert shown.header_row == 2 and shown.table.headers == ["ФИО ученика", "ФИО родителя", "Телефон"]
    assert shown.group == "5А"
    report = import_roster(db, path)
    assert report.rejected == [] and people(db) == {"Агеева Ирина": ("+79123456701", None, [("Агеев Максим", "")])}


def test_a_note_above_the_header_is_no_band(db, tmp_path: Path) -> None:
    # two cells above the header, but a note with a phone in it: the header row alone
    path = tmp_path / "list.csv"
    path.write_text("Классный руководитель: Петрова А. И.;;Тел.: 8-912-345-67-00\n"
                    "ФИО ученика;Класс;ФИО родителя;Телефон\n"
                    "Агеев Максим;5А;Агеева Ирина;89123456701\n", encoding="utf-8")
    shown = preview(path).first
    assert shown.table.headers == ["ФИО ученика", "Класс", "ФИО родителя", "Телефон"]
    assert import_roster(db, path).rejected == []
    assert people(db) == {"Агеева Ирина": ("+79123456701", None, [("Агеев Максим", "")])}
