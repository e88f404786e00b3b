"""Messenger columns in a class list («WhatsApp», «Вотсап мамы», «Viber»): ticked «да» for the
parent's phone, or holding another number. outreach sends no WhatsApp, but the teacher keeps
what the sheet says: the number, and which messenger it is on, in the parent's notes."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster, preview


def contacts(db) -> dict[str, tuple[str | None, list[str], str | None]]:
    return {g.full_name: (g.phone, g.extra_contacts, g.notes) for g in roster.list_guardians(db)}


def test_a_ticked_messenger_column_notes_the_phone_and_a_number_in_it_is_kept(db, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "7А"
    for row in (["ФИО ученика", "ФИО мамы", "Телефон мамы", "WhatsApp", "Viber"],
                ["Петров Пётр", "Петрова Анна", "8 903 111-22-33", "да", ""],
                ["Васильев Василий", "Васильева Ирина", "8 903 111-22-55", "+7 903 111-99-99", "нет"],
                ["Гусев Георгий", "Гусева Ольга", "", "+", "✓"]):
        sheet.append(row)
    path = tmp_path / "7А.xlsx"
    book.save(path)
    shown = preview(path).first
    assert ("WhatsApp", "guardian.phone [mother]") in shown.mapping and ("Viber", "guardian.phone [mother]") in shown.mapping
    report = import_roster(db, path)
    assert report.rejected == [] and report.unrecognised_columns == []
    assert contacts(db) == {
        "Петрова Анна": ("+79031112233", [], "Phone +7 903 111-22-33: WhatsApp"),
        "Васильева Ирина": ("+79031112255", ["+79031119999"], "Phone +7 903 111-99-99: WhatsApp"),
        "Гусева Ольга": (None, [], None),  # ticked, with no phone to say it of
    }


def test_a_messenger_column_beside_both_parents_is_nobodys(db, tmp_path: Path) -> None:
    path = tmp_path / "7А.csv"
    path.write_text("ФИО ученика;ФИО мамы;Телефон мамы;ФИО папы;Телефон папы;Вотсап\n"
                    "Петров Пётр;Петрова Анна;89031112233;Петров Олег;89031112244;89035550000\n", encoding="utf-8")
    report = import_roster(db, path, group="7А")
    assert report.rejected == [] and "Вотсап" in report.ignored_columns  # whose number it is cannot be known
    assert "+79035550000" not in str(contacts(db))
