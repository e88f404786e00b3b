"""A child named less fully than the roster names them: a school system's class list gives
«Волков Глеб Андреевич», the parents' sheet or a form the class teacher collects gives «Волков
Глеб» or «Соколова Аня». The second file names the same children; it must not add them again."""

from __future__ import annotations

from pathlib import Path

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def students(db) -> list[tuple[str, str, str, str]]:
    return [tuple(row) for row in db.execute(
        "SELECT surname, students.name, patronymic, groups.name FROM students JOIN groups ON groups.id = group_id"
        " ORDER BY students.id")]


def children_of(db) -> dict[str, list[str]]:
    return {g.full_name: [f"{s.full_name} ({s.group})" for s in g.students] for g in roster.list_guardians(db)}


CLASS_LIST = ("Фамилия;Имя;Отчество;Класс",
              "Волков;Глеб;Андреевич;10А",
              "Соколова;Анна;Петровна;10А",
              "Белов;Артём;Ильич;10А")


def test_the_parents_sheet_names_the_school_lists_children_without_patronymics_or_by_home_names(db, tmp_path: Path) -> None:
    import_roster(db, write(tmp_path / "класс.csv", *CLASS_LIST))
    report = import_roster(db, write(tmp_path / "родители.csv",
                                     "ФИО ребёнка;Класс;ФИО мамы;Телефон мамы",
                                     "Волков Глеб;10А;Волкова Ирина Сергеевна;+79031234567",
                                     "Соколова Аня;10А;Соколова Мария;+79031234568",
                                     "Белов Тёма;10А;Белова Ольга;+79031234569"))
    assert report.rejected == []
    assert (report.students.created, report.students.updated, report.students.unchanged) == (0, 0, 3)
    assert report.not_in_file == [] and report.updates == []
    assert students(db) == [("Волков", "Глеб", "Андреевич", "10А"), ("Соколова", "Анна", "Петровна", "10А"),
                            ("Белов", "Артём", "Ильич", "10А")]
    assert children_of(db) == {"Волкова Ирина Сергеевна": ["Волков Глеб Андреевич (10А)"],
                               "Соколова Мария": ["Соколова Анна Петровна (10А)"],
                               "Белова Ольга": ["Белов Артём Ильич (10А)"]}


def test_a_school_list_gives_the_patronymics_a_teachers_own_list_lacked(db, tmp_path: Path) -> None:
    import_roster(db, write(tmp_path / "мой.csv", "Ученик;Класс;Мама;Телефон",
                            "Волков Глеб;10А;Волкова Ирина;+79031234567"))
    report = import_roster(db, write(tmp_path / "класс.csv", *CLASS_LIST[:2]))
    assert (report.students.created, report.students.updated) == (0, 1)
    assert [(u.field, u.before, u.after) for u in report.updates] == [
        ("name", "Волков Глеб", "Волков Глеб Андреевич")]
    assert children_of(db) == {"Волкова Ирина": ["Волков Глеб Андреевич (10А)"]}


def test_a_new_years_list_without_patronymics_moves_the_children_and_keeps_theirs(db, tmp_path: Path) -> None:
    import_roster(db, write(tmp_path / "7а.csv", "Ученик;Класс;Мама;Телефон",
                            "Волков Глеб Андреевич;7А;Волкова Ирина;+79031234567"))
    report = import_roster(db, write(tmp_path / "8а.csv", "Ученик;Класс;Мама;Телефон",
                                     "Волков Глеб;8А;Волкова Ирина;+79031234567"))
    assert (report.students.created, report.students.updated) == (0, 1)
    assert [(u.field, u.before, u.after) for u in report.updates] == [("group", "7А", "8А")]
    assert students(db) == [("Волков", "Глеб", "Андреевич", "8А")]


def test_a_parents_row_naming_the_child_more_fully_than_the_childs_own_row(db, tmp_path: Path) -> None:
    report = import_roster(db, write(tmp_path / "users.csv", "Фамилия;Имя;Отчество;Роль;Класс;Телефон;Ребёнок",
                                     "Волков;Глеб;;Ученик;10А;;",
                                     "Волкова;Ирина;Сергеевна;Родитель;10А;+79031234567;Волков Глеб Андреевич"))
    assert (report.students.created, report.guardians.created) == (1, 1)
    assert students(db) == [("Волков", "Глеб", "Андреевич", "10А")]
    assert children_of(db) == {"Волкова Ирина Сергеевна": ["Волков Глеб Андреевич (10А)"]}


def test_no_guess_between_two_namesakes_or_for_another_name(db, tmp_path: Path) -> None:
    import_roster(db, write(tmp_path / "класс.csv", "Фамилия;Имя;Отчество;Класс",
                            "Иванов;Александр;Петрович;10А", "Иванов;Александр;Сергеевич;10А",
                            "Смирнов;Александр;;10А", "Козлов;Глеб;Андреевич;10А"))
    report = import_roster(db, write(tmp_path / "родители.csv", "ФИО ребёнка;Класс;ФИО мамы;Телефон мамы",
                                     "Иванов Саша;10А;Иванова Анна;+79031234567",  # which of the two?
                                     "Смирнова Александра;10А;Смирнова Ольга;+79031234568",  # his sister
                                     "Козлов Глеб Ильич;10А;Козлова Ирина;+79031234569"))  # another father's son
    assert report.students.created == 3
    assert [(c.name, [n.name for n in c.namesakes]) for c in report.not_moved] == [
        ("Иванов Саша", ["Иванов Александр Петрович", "Иванов Александр Сергеевич"])]  # said, for her to decide
    assert ("Иванов Саша (10А) may be any of Иванов Александр Петрович, Иванов Александр Сергеевич, and which of them"
            " it is is not certain: taken as a new student.") in " ".join(report.warnings)
    assert children_of(db) == {"Иванова Анна": ["Иванов Саша (10А)"],
                               "Смирнова Ольга": ["Смирнова Александра (10А)"],
                               "Козлова Ирина": ["Козлов Глеб Ильич (10А)"]}


def parents(db) -> dict[str, tuple[str | None, str | None, list[str]]]:
    return {g.full_name: (g.phone, g.email, [s.full_name for s in g.students]) for g in roster.list_guardians(db)}


def test_a_parent_named_less_or_more_fully_by_another_list_is_the_same_parent(db, tmp_path: Path) -> None:
    import_roster(db, write(tmp_path / "телефоны.csv", "Ученик;Класс;Мама;Телефон мамы",
                            "Волков Глеб;10А;Волкова Ирина;+79031234567",
                            "Белов Артём;10А;Белова Ольга Ивановна;+79031234569"))
    report = import_roster(db, write(tmp_path / "почта.csv", "ФИО ребёнка;Класс;ФИО матери;E-mail матери",
                                     "Волков Глеб;10А;Волкова Ирина Сергеевна;irina@mail.ru",
                                     "Белов Тёма;10А;Белова Оля;olga@mail.ru"))
    assert (report.guardians.created, report.guardians.updated) == (0, 2)
    assert parents(db) == {
        "Волкова Ирина Сергеевна": ("+79031234567", "irina@mail.ru", ["Волков Глеб"]),
        "Белова Ольга Ивановна": ("+79031234569", "olga@mail.ru", ["Белов Артём"]),
    }


def test_a_home_name_with_the_same_phone_or_twice_in_one_file_is_one_parent(db, tmp_path: Path) -> None:
    import_roster(db, write(tmp_path / "a.csv", "Ученик;Класс;Мама;Телефон мамы",
                            "Белов Артём;10А;Белова Ольга;+79031234569"))
    report = import_roster(db, write(tmp_path / "b.csv", "Ученик;Класс;Мама;Телефон мамы",
                                     "Белов Артём;10А;Белова Оля;8 903 123-45-69",
                                     "Белова Вера;10А;Белова Ольга;8 903 123-45-69",  # his sister
                                     "Белова Вера;10А;Белова Оля;"))
    assert (report.guardians.created, report.guardians.updated) == (0, 1)
    assert parents(db) == {"Белова Ольга": ("+79031234569", None, ["Белов Артём", "Белова Вера"])}


def test_another_relative_of_the_same_surname_is_not_taken_for_the_parent(db, tmp_path: Path) -> None:
    import_roster(db, write(tmp_path / "a.csv", "Ученик;Класс;Мама;Телефон мамы",
                            "Волков Глеб;10А;Волкова Ирина;+79031234567"))
    report = import_roster(db, write(tmp_path / "b.csv", "Ученик;Класс;Бабушка",
                                     "Волков Глеб;10А;Волкова Анна Петровна"))
    assert report.guardians.created == 1
    assert set(parents(db)) == {"Волкова Ирина", "Волкова Анна Петровна"}


def test_a_parent_stored_by_initials_is_the_one_a_later_list_names_in_full_and_back(db, tmp_path: Path) -> None:
    """An official list gives «Волкова И. С.»; the class teacher's sheet «Волкова Ирина
    Сергеевна» with her e-mail: one mother, her name now whole; initials again keep it."""
    import_roster(db, write(tmp_path / "список.csv", "Ученик;Класс;Мама;Телефон мамы",
                            "Волков Глеб;10А;Волкова И.С.;+79031234567"))
    report = import_roster(db, write(tmp_path / "почта.csv", "ФИО ребёнка;Класс;ФИО матери;E-mail матери",
                                     "Волков Глеб;10А;Волкова Ирина Сергеевна;irina@mail.ru"))
    assert (report.guardians.created, report.guardians.updated) == (0, 1)
    assert parents(db) == {"Волкова Ирина Сергеевна": ("+79031234567", "irina@mail.ru", ["Волков Глеб"])}
    again = import_roster(db, tmp_path / "список.csv")
    assert (again.guardians.created, again.guardians.updated) == (0, 0)
    assert list(parents(db)) == ["Волкова Ирина Сергеевна"]


def test_a_father_by_initials_on_the_mothers_phone_is_not_taken_for_her(db, tmp_path: Path) -> None:
    """A family's shared home phone: «Волков А.» is not «Волкова Анна» though his initial is
    hers; «Волкова А.» on it is."""
    import_roster(db, write(tmp_path / "a.csv", "Ученик;Класс;Мама;Телефон мамы",
                            "Волков Глеб;10А;Волкова Анна;+79031234567"))
    report = import_roster(db, write(tmp_path / "b.csv", "Ученик;Класс;Папа;Телефон папы;Мама;Телефон мамы",
                                     "Волков Глеб;10А;Волков А.;+79031234567;Волкова А.;+79031234567"))
    assert (report.guardians.created, report.guardians.updated) == (1, 0)
    assert set(parents(db)) == {"Волкова Анна", "Волков А."}
