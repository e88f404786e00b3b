"""A new school year's list whose class letter changed: classes are re-formed between years,
so 8Б's September list names children who were in 7А or 7В. Each of them was created a
second time beside last year's record; each test fails without the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from outreach_screens.app import make_app
from outreach_screens.roster.import_wizard import ImportWizard
from tests.conftest import Cli
from tests.tui_support import open_section, recorded_notifications, settle, until

LAST_YEAR = ("ФИО ученика;Класс;ФИО родителя;Телефон\n"
             "Алексеев Богдан Кириллович;7А;Алексеева Марина Викторовна;89124011101\n"
             "Белова Варвара Денисовна;7В;Белова Анна Петровна;89124011103\n"
             "Белова Варвара Денисовна;9Б;Белова Ольга Ивановна;89124011105\n"
             "Ершов Жан Андреевич;7Б;Ершова Алла Игоревна;89124011109\n"
             "Гусева Дарья Олеговна;7А;Гусева Нина Павловна;89124011110\n"
             "Смирнов Иван Петрович;7А;Смирнова Ольга Ивановна;89124011107\n"
             "Смирнов Иван Петрович;7В;Смирнова Елена Ивановна;89124011108\n")
STORED = 7


@pytest.fixture
def last_year(cli: Cli, tmp_path: Path) -> Cli:
    """Last year's 7А, 7Б and 7В with their parents, and a 9Б namesake of 7В's Белова."""
    path = tmp_path / "7 классы.csv"
    path.write_text(LAST_YEAR, encoding="utf-8")
    cli.json("roster", "import", str(path))
    return cli


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    return str(path)


def students(cli: Cli) -> list[tuple[str, str]]:
    """Every student as («Фамилия Имя Отчество», class), sorted."""
    return sorted((f"{s['surname']} {s['name']} {s['patronymic']}", s["group"]) for s in cli.json("roster", "students"))


def moves(report: dict[str, list[dict[str, str]]]) -> set[tuple[str, str, str]]:
    return {(u["name"], u["before"], u["after"]) for u in report["updates"] if u["field"] == "group"}


def children(cli: Cli) -> dict[str, list[str]]:
    """Each guardian's children as «Фамилия Имя (класс)», by the guardian's «Фамилия Имя»."""
    return {f"{g['surname']} {g['name']}": sorted(f"{s['surname']} {s['name']} ({s['group']})" for s in g["students"])
            for g in cli.json("roster", "list")}


def test_a_students_only_list_moves_children_from_any_letter_a_year_below(last_year: Cli, tmp_path: Path) -> None:
    """8Б's list from the school system (a title row, «8 Б» with a space) names 7А's Алексеев
    and 7В's Белова: each was created again in 8Б. 9Б's Белова is no year below and stays."""
    cli = last_year
    september = write(tmp_path, "8Б.csv", "Список 8Б класса;\nФИО ученика;Класс\n"
                      "Алексеев Богдан Кириллович;8 Б\nБелова Варвара Денисовна;8 Б\n"
                      "Ершов Жан Андреевич;8 Б\nНовикова Ева Сергеевна;8 Б\n")
    dry = cli.json("roster", "import", september, "--dry-run")
    assert dry["students"] == {"created": 1, "updated": 3, "unchanged": 0}
    assert moves(dry) == {("Алексеев Богдан Кириллович", "7А", "8Б"), ("Белова Варвара Денисовна", "7В", "8Б"),
                          ("Ершов Жан Андреевич", "7Б", "8Б")}
    assert dry["warnings"] == [] and dry["not_moved"] == []
    assert len(cli.json("roster", "students")) == STORED  # a dry run writes nothing
    cli.json("roster", "import", september)
    assert len(students(cli)) == STORED + 1
    assert ("Алексеев Богдан Кириллович", "8Б") in students(cli)
    assert [g for n, g in students(cli) if n == "Белова Варвара Денисовна"] == ["8Б", "9Б"]
    assert children(cli)["Алексеева Марина"] == ["Алексеев Богдан (8Б)"]
    assert children(cli)["Белова Анна"] == ["Белова Варвара (8Б)"]
    assert children(cli)["Белова Ольга"] == ["Белова Варвара (9Б)"]


def test_two_namesakes_a_year_below_are_not_guessed_and_the_report_names_both(
        last_year: Cli, tmp_path: Path) -> None:
    """8В's list (split name columns, the class typed with a Latin «B») names Смирнов Иван
    Петрович, of whom 7А and 7В each have one: 7В's was moved by its letter, a guess. Now
    nobody moves, he is a new student and the report names him and both classes."""
    cli = last_year
    september = write(tmp_path, "8В.csv", "Список учащихся 8 «В» класса на 2027/28 уч. год;;;\n"
                      "Фамилия;Имя;Отчество;Класс\nГусева;Дарья;Олеговна;8B\nСмирнов;Иван;Петрович;8B\n")
    dry = cli.json("roster", "import", september, "--dry-run")
    assert moves(dry) == {("Гусева Дарья Олеговна", "7А", "8В")}
    assert [(n["name"], n["group"], [s["group"] for s in n["namesakes"]]) for n in dry["not_moved"]] == [
        ("Смирнов Иван Петрович", "8В", ["7А", "7В"])]
    assert [w for w in dry["warnings"] if "Смирнов Иван Петрович (8В)" in w and "7А, 7В" in w]
    result = cli("--lang", "ru", "roster", "import", september)
    assert result.exit_code == 0, result.stderr
    assert "Смирнов Иван Петрович (8В): ученики с таким ФИО есть в 7А, 7В" in result.stderr
    assert [g for n, g in students(cli) if n == "Смирнов Иван Петрович"] == ["7А", "7В", "8В"]
    assert len(students(cli)) == STORED + 1
    assert children(cli)["Смирнова Елена"] == ["Смирнов Иван (7В)"]


def test_a_child_the_file_names_in_their_own_class_is_not_moved(last_year: Cli, tmp_path: Path) -> None:
    """A list of the whole parallel names 7А's Гусева and Смирнов in 7А and a Гусева and a
    Смирнов in 8Б: 7А's stay; 8Б's Смирнов is then 7В's (the one namesake left), Гусева new."""
    cli = last_year
    lists = write(tmp_path, "параллель.csv", "ФИО ученика;Класс\nГусева Дарья Олеговна;7А\n"
                  "Смирнов Иван Петрович;7А\nГусева Дарья Олеговна;8Б\nСмирнов Иван Петрович;8Б\n")
    dry = cli.json("roster", "import", lists, "--dry-run")
    assert moves(dry) == {("Смирнов Иван Петрович", "7В", "8Б")}
    assert dry["students"] == {"created": 1, "updated": 1, "unchanged": 2} and dry["not_moved"] == []
    cli.json("roster", "import", lists)
    assert [g for n, g in students(cli) if n == "Гусева Дарья Олеговна"] == ["7А", "8Б"]
    assert [g for n, g in students(cli) if n == "Смирнов Иван Петрович"] == ["7А", "8Б"]


def test_a_list_with_parents_moves_by_the_parent_and_a_row_without_one_by_the_name(
        last_year: Cli, tmp_path: Path) -> None:
    """Across letters a parent's phone tells which namesake it is (7В's Смирнов, not 7А's);
    a row whose parent cells are empty falls back to the name: 7В's Белова, not 9Б's."""
    cli = last_year
    september = write(tmp_path, "8Б.csv", "ФИО ученика;Класс;ФИО родителя;Телефон\n"
                      "Алексеев Богдан Кириллович;8Б;Алексеева Марина Викторовна;8 (912) 401-11-01\n"
                      "Смирнов Иван Петрович;8Б;Смирнова Елена Ивановна;89124011108\n"
                      "Белова Варвара Денисовна;8Б;;\n")
    dry = cli.json("roster", "import", september, "--dry-run")
    assert moves(dry) == {("Алексеев Богдан Кириллович", "7А", "8Б"), ("Смирнов Иван Петрович", "7В", "8Б"),
                          ("Белова Варвара Денисовна", "7В", "8Б")}
    assert dry["students"]["created"] == 0 and dry["not_moved"] == []
    cli.json("roster", "import", september)
    assert len(students(cli)) == STORED
    assert children(cli)["Смирнова Елена"] == ["Смирнов Иван (8Б)"]
    assert children(cli)["Смирнова Ольга"] == ["Смирнов Иван (7А)"]
    assert children(cli)["Белова Анна"] == ["Белова Варвара (8Б)"]


async def test_the_wizard_shows_each_move_across_letters_and_the_child_it_would_not_guess(
        last_year: Cli, db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, russian: None) -> None:
    """The third step lists 7А → 8Б and Смирнов's two classes; the summary names him."""
    write(tmp_path, "8Б.csv", "Список 8Б класса;\nФИО ученика;Класс\nАлексеев Богдан Кириллович;8 Б\n"
          "Смирнов Иван Петрович;8 Б\n")
    monkeypatch.chdir(tmp_path)
    app = make_app(db_path)
    notes = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_section(pilot, "i", ImportWizard)
        await pilot.press(*"8Б.csv", "enter")
        await until(pilot, lambda: wizard.step == "step-preview")
        wizard.next_button.press()
        await until(pilot, lambda: wizard.step == "step-check")
        changes = wizard.query_one("#changes", DataTable)
        rows = [[str(cell).replace("\n", " ") for cell in changes.get_row_at(i)] for i in range(changes.row_count)]
        assert ["Алексеев Богдан Кириллович", "класс", "7А", "8Б"] in rows
        assert ["Смирнов Иван Петрович", "класс", "7А, 7В?", "8Б, новый ученик"] in rows
        assert "уберите лишнего" in str(wizard.query_one("#changes-title", Static).render())
        wizard.next_button.press()
        await until(pilot, lambda: any("Смирнов Иван Петрович (8Б)" in note for note in notes))
        await settle(pilot)
    assert students(last_year).count(("Алексеев Богдан Кириллович", "8Б")) == 1
    assert len(students(last_year)) == STORED + 1
