"""The Students screen (roster `s`) through Textual's Pilot, asserting on the database."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.common.i18n import set_language
from outreach.roster import guardians as roster
from outreach.roster import students
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.roster.students import StudentForm, StudentsScreen
from tests.tui_support import footer_text, open_section, paste, settle, until

SIZE = (100, 30)


def names(screen: StudentsScreen) -> list[str]:
    return [screen.table.row_at(i).cells[0] for i in range(screen.table.row_count)]


async def test_students_list_search_and_those_without_parents(demo_db: sqlite_utils.Database,
                                                              db_path: Path) -> None:
    lone = roster.add_student(demo_db, "Одинцова", "Вера", "", "10А")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "s", StudentsScreen)
        assert screen.table.row_count == students.count_students(demo_db)
        assert str(screen.query_one("#student-count").render()) == \
            f"Students: {students.count_students(demo_db)}"
        await pilot.press("slash", *"волков", "enter")
        await until(pilot, lambda: 0 < screen.table.row_count < students.count_students(demo_db))
        assert all("Волков" in name for name in names(screen))
        assert app.focused is screen.table
        await pilot.press("slash", *["backspace"] * 6, "enter", "w")
        await until(pilot, lambda: screen.table.row_count == 1)
        assert screen.highlighted.id == lone and screen.table.row_at(0).cells[2] == "—"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)


async def test_move_a_student_to_another_class_and_add_one(demo_db: sqlite_utils.Database,
                                                           db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "s", StudentsScreen)
        first = screen.highlighted
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, StudentForm)
        assert form.field_input("surname").value == first.surname
        form.field_input("group").value = "11Б"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert students.get_student(demo_db, first.id).group == "11Б"
        assert "11Б" in roster.group_names(demo_db)

        # a new student; a missing class keeps the form open and writes nothing
        before = students.count_students(demo_db)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, StudentForm)
        form.field_input("surname").value = "Новенькая"
        form.field_input("name").value = "Ника"
        form.field_input("group").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.field_error("group").has_class("-visible")
        form.field_input("group").value = "5А"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert students.count_students(demo_db) == before + 1
        [nika] = students.list_students(demo_db, students.StudentFilter(text="Новенькая"))
        assert (nika.name, nika.group, nika.guardians) == ("Ника", "5А", [])
        assert screen.table.row_count == before + 1


async def test_remove_a_student_asks_first_and_keeps_the_parents(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    guardians = roster.count_guardians(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "s", StudentsScreen)
        student = screen.highlighted
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert student.surname in app.screen.body
        await pilot.press("escape")
        await settle(pilot)
        assert students.get_student(demo_db, student.id)  # still there
        await pilot.press("d")
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert students.count_students(demo_db, students.StudentFilter(text=student.surname + " "
                                                                   + student.name)) == 0
        assert roster.count_guardians(demo_db) == guardians
        roster_screen = await open_section(pilot, "escape", RosterScreen)
        children = " ".join(roster_screen.finder.table.row_at(i).cells[1]
                            for i in range(roster_screen.finder.table.row_count))
        assert f"{student.surname} {student.name}" not in children


async def test_russian_at_80_by_24(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "s", StudentsScreen)
        assert screen.sub_title.startswith("Ученики")
        footer = footer_text(screen)
        assert "Без родителей" in footer and "Назад" in footer
        assert "мать: " in " ".join(screen.table.row_at(i).cells[2] for i in range(5))
        await pilot.press("ц")  # the Russian layout's w
        await settle(pilot)
        assert screen.lone_only


async def test_students_follow_a_script_adding_one(demo_db: sqlite_utils.Database,
                                                   db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "s", StudentsScreen)
        before = screen.table.row_count
        roster.add_student(demo_db, "Аaронова", "Ада", "", "10А")  # another connection
        await until(pilot, lambda: screen.table.row_count == before + 1)


async def test_forget_a_student_and_their_family(demo_db: sqlite_utils.Database,
                                                 db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "s", StudentsScreen)
        student = screen.highlighted
        family_guardians, family_students = roster.family(demo_db, student_id=student.id)
        confirm = await open_section(pilot, "f", ConfirmScreen)
        assert student.surname in confirm.body
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        remaining = {s.id for s in students.list_students(demo_db)}
        assert student.id in family_students and not family_students & remaining
        left = {g.id for g in roster.list_guardians(demo_db)}
        assert not family_guardians & left
        assert screen.table.row_count == students.count_students(demo_db)
        assert any("Erased:" in n.message for n in app._notifications)


async def test_the_palette_opens_students_from_another_section(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    from textual.command import CommandPalette

    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert CommandPalette.is_open(app)
        await paste(pilot, "Ученики")
        palette = app.screen
        await until(pilot, lambda: palette.query_one("CommandList").option_count > 0)
        assert "Ученики" in str(palette.query_one("CommandList").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StudentsScreen) and app.current_mode == "roster"
