"""Numbered classes («7-1», «10-2») that a teacher typed into Excel, which made them dates:
7 January in the workbook, «07.янв» in the CSV it saves. A careful reader sees the class."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from outreach.common.groups import class_from_date
from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster
from outreach_screens.roster.import_wizard import summary


@pytest.mark.parametrize(("cell", "group"), [
    ("2026-01-07", "7-1"), ("2026-02-10 00:00:00", "10-2"), ("07.янв", "7-1"), ("10.фев", "10-2"),
    ("7-Jan", "7-1"), ("07.01.2026", "7-1"),
    ("2013-05-12", ""), ("7А", ""), ("7-1", ""), ("01.09", ""), ("Автошкола В-1", ""),
])
def test_a_class_made_a_date_reads_back(cell: str, group: str) -> None:
    assert class_from_date(cell) == group


def test_a_workbooks_date_classes_are_read_as_typed_and_said(db, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Список"
    sheet.append(["ФИО ученика", "Класс", "ФИО родителя", "Телефон"])
    sheet.append(["Петров Пётр", datetime(2026, 1, 7), "Петрова Анна", "89031112233"])
    sheet.append(["Васильев Василий", datetime(2026, 2, 10), "Васильева Ирина", "89031112255"])
    sheet.append(["Гусев Георгий", "7-1", "Гусева Ольга", "89031112277"])
    for cell in ("B2", "B3"):
        sheet[cell].number_format = "d-m"
    path = tmp_path / "классы.xlsx"
    book.save(path)
    report = import_roster(db, path)
    assert report.rejected == []
    assert {s.short_name: s.group for g in roster.list_guardians(db) for s in g.students} == {
        "Петров Пётр": "7-1", "Васильев Василий": "10-2", "Гусев Георгий": "7-1"}
    assert [(d.row, d.text, d.group) for d in report.class_dates] == [(2, "2026-01-07", "7-1"), (3, "2026-02-10", "10-2")]
    assert report.warnings[0] == ("Sheet «Список», row 2, Класс: a date, not a class: a spreadsheet turns «7-1» into a date;"
                                  " read as 7-1, check it — «2026-01-07»")
    assert "Classes read back from dates a spreadsheet made of them: 7-1, 10-2 (check them)." in summary(report)


def test_a_leavers_date_class_is_not_said(db, tmp_path: Path) -> None:
    """A school system's export: the class Excel made a date, and a leaving date on one row;
    that row is not imported, so its class is nothing to check (seen in the app's wizard)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Фамилия", "Имя", "Класс", "Дата выбытия", "Законный представитель", "Телефон заявителя"])
    sheet.append(["Абрамов", "Илья", datetime(2026, 2, 8), None, "Абрамова Ольга Петровна", "89125550101"])
    sheet.append(["Белкина", "Вера", datetime(2026, 2, 8), datetime(2026, 10, 15), "Белкин Андрей Ильич", "89125550102"])
    path = tmp_path / "8-2.xlsx"
    book.save(path)
    report = import_roster(db, path)
    assert [d.row for d in report.class_dates] == [2] and [left.row for left in report.left_rows] == [3]
