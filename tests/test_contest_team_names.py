"""A team's name the teacher gave stays when a member leaves the team or the roster; only the
automatic family name follows the members who remain. Forgetting a family clears a name that
names them, and only such a name."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.contest import store
from outreach.erasure.forget import forget_family
from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.roster.screen import RosterScreen
from tests.tui_support import open_section, settle, until


def two_parent_team(db: sqlite_utils.Database, name: str | None) -> tuple[int, int, int, list[int]]:
    """(contest id, start number, student id, [mother, father]) of a team of the Петровы."""
    mother = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "phone": "+79121112233"})
    father = roster.add_guardian(db, {"surname": "Петров", "name": "Сергей", "phone": "+79121112244"})
    student = roster.add_student(db, "Петров", "Иван", "", "10А", [(mother, ""), (father, "")])
    contest = store.new_contest(db, "Моя автомобильная семья 2026")
    _, number = store.add_team(db, contest, student, [mother, father], name=name)
    return contest, number, student, [mother, father]


def team(db: sqlite_utils.Database, contest: int, number: int) -> store.Team:
    return next(tm for tm in store.teams(db, contest) if tm.number == number)


def test_a_given_name_stays_when_a_parent_leaves_the_roster(db) -> None:
    contest, number, _, (mother, _father) = two_parent_team(db, "Ивановы-Петровы")
    roster.remove_guardian(db, mother)
    kept = team(db, contest, number)
    assert (kept.given_name, kept.name) == ("Ивановы-Петровы", "Ивановы-Петровы")
    assert [g.name for g in kept.guardians] == ["Сергей"]


def test_a_given_name_stays_when_the_student_leaves_the_roster(db) -> None:
    contest, number, student, _ = two_parent_team(db, "Ракета")
    roster.remove_student(db, student)
    kept = team(db, contest, number)
    assert kept.student is None and kept.name == "Ракета"


def test_a_given_name_stays_when_the_team_drops_a_parent(db) -> None:
    contest, number, _, (mother, _father) = two_parent_team(db, "Ракета")
    store.edit_team(db, contest, number, guardian_ids=[mother])
    assert team(db, contest, number).name == "Ракета"


def test_the_family_name_follows_the_members_who_remain(db) -> None:
    contest, number, student, (mother, _father) = two_parent_team(db, None)
    assert team(db, contest, number).name == "Петровы"
    roster.remove_student(db, student)
    left = team(db, contest, number)
    assert left.given_name is None and left.name == "Петровы"  # the parents' family name
    roster.remove_guardian(db, mother)
    assert team(db, contest, number).name == "Петровы"


def test_forgetting_a_family_clears_a_name_that_names_them_and_keeps_another(db) -> None:
    contest, number, student, _ = two_parent_team(db, "Ракета")
    other = roster.add_guardian(db, {"surname": "Лесная", "name": "Ольга", "phone": "+79121112255"})
    child = roster.add_student(db, "Лесной", "Олег", "", "10А", [(other, "")])
    _, named = store.add_team(db, contest, child, [other], name="Команда Лесных")
    forget_family(db, student_id=student)
    forget_family(db, guardian_id=other)
    assert team(db, contest, number).given_name == "Ракета"
    assert team(db, contest, named).given_name is None


async def test_a_parent_removed_in_the_app_leaves_the_team_its_name(db, db_path: Path) -> None:
    contest, number, _, (mother, _father) = two_parent_team(db, "Ракета")
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        screen.finder.search_input.value = "+79121112233"
        await until(pilot, lambda: screen.finder.table.row_count == 1)
        await open_section(pilot, "r", ConfirmScreen)
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        await until(pilot, lambda: roster.count_guardians(db) == 1)
        board = await open_section(pilot, "5", ScoreboardScreen)
        await until(pilot, lambda: board.table.row_count == 1)
        assert "Ракета (Иван, Сергей)" in [str(cell) for cell in board.table.get_row(str(number))]
    assert team(db, contest, number).name == "Ракета"
