"""Rosters that still list the students who have left: a school system's export with a «Дата
выбытия» column, a teacher's sheet with «Статус» (обучается / выбыл), an English SIS's
«Enrollment Status». A careful reader does not add a child who has left, nor the parents."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from outreach.roster import guardians as roster
from outreach.roster.importing.cells import says_left
from outreach.roster.importing.importer import import_roster, preview
from outreach_screens.roster.import_wizard import summary


def children(db) -> set[str]:
    return {s.short_name for g in roster.list_guardians(db) for s in g.students}


def parents(db) -> set[str]:
    return {g.full_name for g in roster.list_guardians(db)}


@pytest.mark.parametrize(("cell", "left"), [
    ("выбыл", True), ("Выбыла 12.10.2026", True), ("отчислен", True), ("Отчислена приказом № 15", True),
    ("переведён в другую школу", True), ("Переведена в другое ОУ", True), ("не обучается", True),
    ("Withdrawn", True), ("Transferred out", True), ("Inactive", True), ("Graduated", True),
    ("обучается", False), ("учится", False), ("Active", False), ("Enrolled", False), ("не выбыл", False),
    ("переведён в 8А", False), ("на домашнем обучении", False), ("многодетная", False), ("", False),
])
def test_status_words_as_schools_and_teachers_write_them(cell: str, left: bool) -> None:
    assert says_left(cell) is left


def test_a_school_systems_leaving_date_keeps_the_child_and_both_parents_out(db, tmp_path: Path) -> None:
    # a school system's class list: the second parent on the row below, the child's cells merged
    path = tmp_path / "7А.csv"
    path.write_text("ФИО ученика;Класс;Дата выбытия;ФИО родителя;Телефон\n"
                    "Петров Пётр;7А;;Петрова Анна;+79031112233\n"
                    "Васильев Василий;7А;12.10.2026;Васильева Ирина;+79031112244\n"
                    ";;;Васильев Олег;+79031112266\n"
                    "Гусев Георгий;7А;—;Гусева Ольга;+79031112255\n", encoding="utf-8")
    assert ("Дата выбытия", "status") in preview(path).mapping
    report = import_roster(db, path)
    assert report.rejected == []
    assert children(db) == {"Петров Пётр", "Гусев Георгий"}
    assert parents(db) == {"Петрова Анна", "Гусева Ольга"}
    assert [(left.row, left.field, left.text, left.person) for left in report.left_rows] == [
        (3, "Дата выбытия", "12.10.2026", "Васильев Василий")]  # said once for both parents' rows
    assert report.warnings == [
        "Row 3, Дата выбытия: the student has left (by the status): not imported, nor the parents — «12.10.2026» (Васильев Василий)"]


def test_a_status_column_says_who_left_and_other_statuses_are_kept(db, tmp_path: Path) -> None:
    path = tmp_path / "7А.csv"
    path.write_text("ФИО ученика,Класс,Статус,ФИО родителя,Телефон,Социальный статус семьи\n"
                    "Петров Пётр,7А,обучается,Петрова Анна,+79031112233,многодетная\n"
                    "Васильев Василий,7А,выбыл,Васильева Ирина,+79031112244,\n"
                    "Гусева Галина,7А,Отчислена 12.10.2026,Гусева Ольга,+79031112255,\n"
                    "Дроздов Денис,7А,на домашнем обучении,Дроздова Дарья,+79031112277,\n", encoding="utf-8")
    report = import_roster(db, path)
    assert report.rejected == [] and "Статус" not in report.unrecognised_columns
    assert "Социальный статус семьи" in report.ignored_columns  # not kept, and no departure
    assert children(db) == {"Петров Пётр", "Дроздов Денис"}
    assert [left.person for left in report.left_rows] == ["Васильев Василий", "Гусева Галина"]


def test_an_english_sis_enrollment_status(db, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Student Last Name", "Student First Name", "Homeroom", "Enrollment Status",
                        "Guardian Name", "Guardian Email"])
    book.active.append(["Carter", "Emily", "7B", "Active", "Laura Carter", "laura.carter@example.com"])
    book.active.append(["Hughes", "Noah", "7B", "Withdrawn", "Grace Hughes", "grace.h@example.com"])
    path = tmp_path / "homeroom.xlsx"
    book.save(path)
    report = import_roster(db, path)
    assert report.rejected == [] and children(db) == {"Carter Emily"}
    assert [(left.field, left.person) for left in report.left_rows] == [("Enrollment Status", "Hughes Noah")]


def test_a_stored_child_the_file_marks_as_left_is_named_for_removal_not_removed(cli, db, tmp_path: Path) -> None:
    september = tmp_path / "september.csv"
    september.write_text("ФИО ученика;Класс;ФИО родителя;Телефон\n"
                         "Петров Пётр;7А;Петрова Анна;+79031112233\n"
                         "Васильев Василий;7А;Васильева Ирина;+79031112244\n"
                         "Лосев Лев;7А;Лосева Лидия;+79031112288\n", encoding="utf-8")
    import_roster(db, september)
    november = tmp_path / "november.csv"
    november.write_text("ФИО ученика;Класс;Статус;ФИО родителя;Телефон\n"
                        "Петров Пётр;7А;обучается;Петрова Анна;+79031112233\n"
                        "Васильев Василий;7А;выбыл;Васильева Ирина;+79031112244\n", encoding="utf-8")
    stored = {s.short_name: s.id for g in roster.list_guardians(db) for s in g.students}
    report = cli.json("roster", "import", str(november))
    assert [(a["name"], a["left"]) for a in report["not_in_file"]] == [("Васильев Василий", True), ("Лосев Лев", False)]
    assert children(db) == {"Петров Пётр", "Васильев Василий", "Лосев Лев"}  # nothing removed unasked
    said = cli("roster", "import", str(november)).stdout
    assert (f"Left the school by the file's status column, still in the roster (remove them yourself: outreach roster remove --student N): Васильев Василий (7А, no. {stored['Васильев Василий']})."
            in " ".join(said.split()))
    assert "Not in the file, left in the roster as they are (remove them yourself if they left the class): Лосев Лев (7А)." in " ".join(said.split())


def test_the_apps_summary_names_who_left(db, tmp_path: Path) -> None:
    path = tmp_path / "7А.csv"
    path.write_text("ФИО ученика;Класс;Статус;ФИО родителя\nПетров Пётр;7А;;Петрова Анна\n"
                    "Васильев Василий;7А;выбыл;Васильева Ирина\n", encoding="utf-8")
    assert "Students who have left, not imported with their parents: Васильев Василий." in summary(import_roster(db, path))


def test_status_can_be_mapped_by_hand(db, tmp_path: Path) -> None:
    path = tmp_path / "7А.csv"
    path.write_text("ФИО ученика;Класс;Отметка;ФИО родителя\nПетров Пётр;7А;;Петрова Анна\n"
                    "Васильев Василий;7А;выбыл;Васильева Ирина\n", encoding="utf-8")
    assert "Отметка" in preview(path).unrecognised
    report = import_roster(db, path, mapping=["Отметка=status"])
    assert children(db) == {"Петров Пётр"} and [left.person for left in report.left_rows] == ["Васильев Василий"]
