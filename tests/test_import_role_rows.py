"""Lists of people, one person a row, with a column saying who each is: a teacher's sheet of
family blocks («Кто»: ученик, then мама and папа under the child), a school system's user
list («Роль»: Ученик / Родитель / Учитель, with the parent's child named)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster, preview


def families(db) -> dict[str, tuple[str | None, list[tuple[str, str, str | None]]]]:
    """Every guardian by name: phone and (child, class, relation)."""
    return {g.full_name: (g.phone, [(s.short_name, s.group, s.relation) for s in g.students])
            for g in roster.list_guardians(db)}


def test_a_teachers_family_blocks_the_child_first_then_its_parents(db, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "7А"
    for row in (["ФИО", "Кто", "Телефон"],
                ["Петров Пётр", "ученик", "+7 999 000-00-01"],  # the child's own phone: no parent's
                ["Петрова Анна Сергеевна", "мама", "8 903 111-22-33"],
                ["Петров Олег Иванович", "папа", "8 903 111-22-44"],
                ["Васильев Василий", "ученица", ""],
                ["Васильева Ирина", "Законный представитель", "8 903 111-22-55"]):
        sheet.append(row)
    path = tmp_path / "семьи.xlsx"
    book.save(path)
    assert ("Кто", "role") in preview(path).mapping
    report = import_roster(db, path)
    assert report.rejected == [] and (report.students.created, report.guardians.created) == (2, 3)
    assert families(db) == {
        "Петрова Анна Сергеевна": ("+79031112233", [("Петров Пётр", "7А", "mother")]),
        "Петров Олег Иванович": ("+79031112244", [("Петров Пётр", "7А", "father")]),
        "Васильева Ирина": ("+79031112255", [("Васильев Василий", "7А", "guardian")]),
    }


def test_a_school_systems_user_list_with_roles_and_the_parents_children(db, tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    path.write_text("Фамилия;Имя;Отчество;Роль;Класс;Телефон;Ребёнок\n"
                    "Соколова;Мария;Ивановна;Учитель;;+79030000000;\n"
                    "Петров;Пётр;;Ученик;7А;;\n"
                    "Петрова;Анна;Сергеевна;Родитель;7А;+79031112233;Петров Пётр\n"
                    "Лосев;Лев;;Обучающийся;7Б;;\n"
                    "Лосева;Лидия;;Родитель;7Б;+79031112288;Лосев Лев\n", encoding="utf-8")
    report = import_roster(db, path)
    assert report.rejected == [] and (report.students.created, report.guardians.created) == (2, 2)
    assert families(db) == {  # the teacher is nobody the roster keeps; «Родитель» is no relation
        "Петрова Анна Сергеевна": ("+79031112233", [("Петров Пётр", "7А", "")]),
        "Лосева Лидия": ("+79031112288", [("Лосев Лев", "7Б", "")]),
    }


def test_a_relation_column_with_the_childs_row_in_it(db, tmp_path: Path) -> None:
    path = tmp_path / "7Б.csv"
    path.write_text("ФИО;Кем приходится;Телефон\nОрлов Олег;ученик;\nОрлова Ольга;тётя (по маме);89031117777\n",
                    encoding="utf-8")
    report = import_roster(db, path, group="7Б")
    assert report.rejected == []
    assert families(db) == {"Орлова Ольга": ("+79031117777", [("Орлов Олег", "7Б", "aunt")])}


def test_a_parents_row_before_any_child_is_refused_by_name(db, tmp_path: Path) -> None:
    path = tmp_path / "7Б.csv"
    path.write_text("ФИО;Кто;Телефон\nОрлова Ольга;мама;89031117777\nОрлов Олег;сын;\n", encoding="utf-8")
    report = import_roster(db, path, group="7Б")
    assert [(p.row, p.field, p.reason, p.person) for p in report.rejected] == [
        (2, "Кто", "a parent's row with no child above it or named in it", "Орлова Ольга")]
    assert report.written is False and families(db) == {}


def test_a_role_list_naming_no_class_asks_for_it(cli, tmp_path: Path) -> None:
    path = tmp_path / "семьи.csv"
    path.write_text("ФИО;Кто;Телефон\nОрлов Олег;ученик;\nОрлова Ольга;мама;89031117777\n", encoding="utf-8")
    result = cli("roster", "import", str(path))
    assert result.exit_code != 0
    assert "The file names no class: give it with --group" in result.stderr


def test_the_wizard_says_the_own_name_column_is_the_rows_person(tmp_path: Path) -> None:
    from outreach_screens.roster.import_wizard import _own_names_said

    path = tmp_path / "семьи.csv"
    path.write_text("ФИО;Кто;Телефон\nОрлов Олег;ученик;\nОрлова Ольга;мама;89031117777\n", encoding="utf-8")
    assert _own_names_said(preview(path)) == {"ФИО": "the name of the row's person: a student or a parent, by «Кто»"}
    plain = tmp_path / "7Б.csv"
    plain.write_text("ФИО ученика;ФИО родителя;Кем приходится\nОрлов Олег;Орлова Ольга;мама\n", encoding="utf-8")
    assert _own_names_said(preview(plain)) == {}


def test_a_family_block_whose_child_has_left_goes_whole(db, tmp_path: Path) -> None:
    path = tmp_path / "7Б.csv"
    path.write_text("ФИО;Кто;Статус;Телефон\nОрлов Олег;ученик;выбыл;\nОрлова Ольга;мама;;89031117777\n"
                    "Лосев Лев;ученик;;\nЛосева Лидия;мама;;89031118888\n", encoding="utf-8")
    report = import_roster(db, path, group="7Б")
    assert report.rejected == [] and [left.person for left in report.left_rows] == ["Орлов Олег"]
    assert families(db) == {"Лосева Лидия": ("+79031118888", [("Лосев Лев", "7Б", "mother")])}


def test_a_parent_naming_a_child_who_has_left_is_not_imported(db, tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    path.write_text("Фамилия;Имя;Роль;Класс;Статус;Телефон;Ребёнок\n"
                    "Орлов;Олег;Ученик;7Б;Выбыл;;\n"
                    "Лосев;Лев;Ученик;7Б;;;\n"
                    "Орлова;Ольга;Родитель;7Б;;89031117777;Орлов Олег\n"
                    "Лосева;Лидия;Родитель;7Б;;89031118888;Лосев Лев\n", encoding="utf-8")
    report = import_roster(db, path)
    assert report.rejected == [] and report.students.created == 1
    assert families(db) == {"Лосева Лидия": ("+79031118888", [("Лосев Лев", "7Б", "")])}


def test_a_row_that_stops_before_the_role_column_is_a_parents(db, tmp_path: Path) -> None:
    path = tmp_path / "7Б.csv"
    path.write_text("ФИО;Телефон;Кто\nОрлов Олег;;ученик\nОрлова Ольга;89031117777\n", encoding="utf-8")
    report = import_roster(db, path, group="7Б")
    assert report.rejected == []
    assert families(db) == {"Орлова Ольга": ("+79031117777", [("Орлов Олег", "7Б", "")])}
