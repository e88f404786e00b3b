"""The `real20_*` roster corpus: exports and sheets as systems and people make them (Excel's
cp1251 CSV with Alt+Enter breaks, Google Sheets, Сетевой город's «Родители», МЭШ, 1С, a class
teacher's sheet, an English SIS). Each is imported from the CLI and read as a careful teacher
reads it: who is whose parent, whose phone is whose, the classes, nothing silently lost.
Regenerate the files with tests/data/rosters/real20_make.py."""

from __future__ import annotations

import pytest

from outreach.roster import guardians as roster
from tests.test_roster_corpus_files import Expected, imported, stored

CASES = {
    "real20_excel_linebreaks.csv": Expected(3, 3, 3, 2, {"6А": 3}),
    "real20_google_sheets.csv": Expected(3, 3, 3, 2, {"3Б": 3}),
    "real20_setevoy_parents.csv": Expected(2, 3, 3, 2, {"8Б": 2}),
    "real20_mesh_representatives.csv": Expected(2, 3, 3, 1, {"9В": 2}),
    "real20_1c_obrazovanie.csv": Expected(2, 3, 3, 1, {"2А": 2}),
    "real20_teacher_sheet.xlsx": Expected(3, 4, 4, 0, {"4Г": 3}),
    "real20_english_guardians.csv": Expected(2, 3, 2, 2, {"5С": 2}),
}


def found(db) -> dict[str, tuple[str | None, list[str], str | None, list[tuple[str, str, str]]]]:
    """Each parent: phone, extra contacts, notes, and (child, class, relation)."""
    return {f"{g.surname} {g.name}": (g.phone, g.extra_contacts, g.notes,
                                      [(f"{s.surname} {s.name}", str(s.group), s.relation) for s in g.students])
            for g in roster.list_guardians(db)}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_file_imports_what_a_careful_reader_counts(cli, db, name: str) -> None:
    report = imported(cli, name)
    assert report["unrecognised_columns"] == [] and report["unheaded_columns"] == []
    assert stored(db) == CASES[name]
    again = imported(cli, name)
    assert again["students"]["created"] == again["guardians"]["created"] == again["guardians"]["updated"] == 0


def test_excel_csv_two_phones_in_one_cell_on_two_lines(cli, db) -> None:
    imported(cli, "real20_excel_linebreaks.csv")
    people = found(db)
    assert people["Алмазова Вера"][:2] == ("+79125011001", ["+79125011002"])
    # «… мама» / «… папа» on two lines with the mother alone named: her phone first, his kept as whose it is
    assert people["Бурова Ольга"][:3] == ("+79125012001", ["+79125012002"], "Phone +7 912 501-20-02: father")


def test_a_phone_labelled_for_a_parent_the_row_does_not_name_comes_after_the_named_ones(cli, db) -> None:
    report = imported(cli, "real20_teacher_sheet.xlsx")
    assert [row["text"] for row in report["footer_rows"]] == [
        "Итого: 3 человека", "Классный руководитель ____________ /Соколова Т.В./"]
    people = found(db)
    assert people["Назарова Ирина"][0] == "+79125061101" and people["Назаров Павел"][0] == "+79125061102"
    assert people["Орлова Елена"][3] == [("Орлова Дарья", "4Г", "mother")]
    # «мама – …, папа – …» beside the father alone: his own phone is his first, hers kept said as hers
    assert people["Петров Олег"][:3] == ("+79125063302", ["+79125063301"], "Phone +7 912 506-33-01: mother")


def test_parents_on_rows_of_their_own_under_the_child(cli, db) -> None:
    report = imported(cli, "real20_setevoy_parents.csv")
    assert report["encoding"] == "cp1251" and report["ignored_columns"] == ["№"]
    people = found(db)
    assert people["Жарова Светлана"][3] == [("Жаров Максим", "8Б", "mother")]
    assert people["Жаров Игорь"][3] == [("Жаров Максим", "8Б", "father")]
    assert people["Зайцева Инна"][3] == [("Зайцева Полина", "8Б", "mother")]


def test_numbered_representatives_and_their_relations(cli, db) -> None:
    imported(cli, "real20_mesh_representatives.csv")
    people = found(db)
    assert people["Ильина Татьяна"][3] == [("Ильин Роман", "9В", "mother")]
    assert people["Ильин Сергей"][0::3] == ("+79035041002", [("Ильин Роман", "9В", "father")])
    assert people["Карпенко Олег"][3] == [("Карпенко Ева", "9В", "guardian")]
    imported(cli, "real20_1c_obrazovanie.csv")
    people = found(db)
    assert people["Мухина Людмила"][3] == [("Мухин Глеб", "2А", "grandmother")]
    assert people["Лебедев Илья"][3] == [("Лебедев Артём", "2А", "father")]


def test_an_english_export_with_numbered_guardians(cli, db) -> None:
    report = imported(cli, "real20_english_guardians.csv")
    assert report["ignored_columns"] == ["Student ID", "Grade"]
    people = found(db)
    assert people["Parker Emma"][:2] == ("+13125550101", ["+13125550199"])  # the cell phone first, then work
    assert people["Parker Lucas"][3] == [("Parker Olivia", "5С", "father")]
    assert people["Reed Sophia"][3] == [("Reed Mason", "5С", "grandmother")]
