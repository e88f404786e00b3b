"""A class teacher at the turn of the school year (hands15): the whole class moves up a year,
consent a year old, a child who left. Real SQLite, the CLI's runner and the real app."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.common.i18n import set_language
from outreach.roster import guardians as roster
from outreach.roster import students
from outreach.roster.classes import next_class
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.roster.students import ClassMoveForm, StudentsScreen
from tests.tui_support import footer_text, open_section, settle


def _classes(db: sqlite_utils.Database) -> dict[str, int]:
    found: dict[str, int] = {}
    for student in students.list_students(db):
        found[student.group or ""] = found.get(student.group or "", 0) + 1
    return found


def test_next_class_is_a_year_up() -> None:
    assert [next_class(g) for g in ("10А", "7 б", "9", "11А", "Автошкола В-1")] == \
        ["11А", "8Б", "10", "", ""]


def test_move_class_from_a_script_asks_first_and_says_a_merge(demo_db: sqlite_utils.Database,
                                                             cli, russian) -> None:
    before = _classes(demo_db)
    asked = cli("roster", "move-class", "10а", "11А")  # no answer: a no
    assert asked.exit_code == 1
    assert "Все ученики 10А (8) переходят в 11А" in asked.stdout
    assert "В 11А уже есть ученики (7): два класса станут одним." in asked.stdout
    assert "Никто не переведён" in asked.stderr
    assert _classes(demo_db) == before  # nothing moved without her yes
    assert "имеется в виду" not in asked.stdout
    lettered = cli("roster", "move-class", "10А", "11")  # the letter left off: said before she answers
    assert lettered.exit_code == 1 and _classes(demo_db) == before
    assert "У класса 11 нет буквы, а у 10А есть: может быть, имеется в виду 11А?" in " ".join(lettered.stdout.split())

    # graduates first, then the class a year up: parents and their links stay
    links = demo_db.execute("SELECT count(*) FROM student_guardians").fetchone()[0]
    assert cli.json("roster", "move-class", "11А", "Выпуск 2027", "--yes") == \
        {"from": "11А", "to": "Выпуск 2027", "moved": 7}
    done = cli("roster", "move-class", "10А", "11А", input="д\n")
    assert done.exit_code == 0, done.stderr
    assert "10А → 11А: переведено учеников — 8." in done.stdout
    after = _classes(demo_db)
    assert (after.get("10А"), after["11А"], after["Выпуск 2027"]) == (None, 8, 7)
    assert "10А" not in roster.group_names(demo_db)
    assert demo_db.execute("SELECT count(*) FROM student_guardians").fetchone()[0] == links
    assert cli("roster", "list", "--group", "11А", "--json").exit_code == 0

    refused = cli("roster", "move-class", "9А", "10А", "--yes")
    assert refused.exit_code == 1 and "9А" in refused.stderr
    same = cli("roster", "move-class", "11А", "11 а", "--yes")
    assert same.exit_code == 1 and "уже так называется" in same.stderr


async def test_students_screen_moves_a_whole_class_after_asking(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "s", StudentsScreen)
        assert "m Перевести класс" in footer_text(screen)
        assert screen.highlighted.group == "10А"
        form = await open_section(pilot, "m", ClassMoveForm)
        assert form.field_input("group").value == "11А"  # a year up, suggested
        assert form.field_input("group").placeholder == ""  # cleared, it showed «10А» as if typed
        form.field_input("group").value = "10а"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form and "уже так называется" in str(form.field_error("group").render())
        form.field_input("group").value = "11А"
        await pilot.press("enter")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "Все ученики 10А (8) переходят в 11А" in confirm.body
        assert "два класса станут одним" in confirm.body
        await pilot.press("enter")  # the focused answer is «Отмена»
        await settle(pilot)
        assert _classes(demo_db)["10А"] == 8
        await pilot.press("ь")  # the Russian layout's m
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("left", "enter")
        await settle(pilot)
        assert "10А" not in _classes(demo_db) and _classes(demo_db)["11А"] == 15
        assert screen.highlighted.group == "11А"  # the cursor stays on the child, now in 11А
        assert "10А" not in [screen.table.row_at(i).cells[1] for i in range(screen.table.row_count)]


async def test_removing_a_child_who_left_names_the_parents_left_without_a_child(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    set_language("ru")
    gleb = next(s for s in students.list_students(demo_db) if (s.surname, s.name) == ("Волков", "Глеб"))
    ira, andrey = sorted(gleb.parents, key=lambda p: p.id)  # Ирина also has Алиса in 10Б
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "s", StudentsScreen)
        await pilot.press("down")
        await settle(pilot)
        assert screen.highlighted.id == gleb.id
        confirm = await open_section(pilot, "delete", ConfirmScreen)
        assert f"Без ребёнка в списке останутся: {andrey.short_name};" in confirm.body
        assert ira.short_name not in confirm.body.split("Без ребёнка")[1]
        assert "f («Забыть семью»)" in confirm.body
        await pilot.press("escape")
        await settle(pilot)
        assert students.get_student(demo_db, gleb.id)  # nothing removed without her yes
        assert roster.get_guardian(demo_db, andrey.id)
