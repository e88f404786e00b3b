"""A new teacher's first hour, by keyboard at 80×24 in Russian (session 20): an empty database,
a class list with a title row and two phones in a cell, consent, a message from a template to
one class, a survey export, the scoreboard."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from textual.widgets import Label, OptionList

from outreach.contest import store as contest_store
from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.contest.team_dialog import TeamDialog
from outreach_screens.messages.pickers import TemplatePicker
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.consent_dialog import ConsentDialog
from outreach_screens.roster.screen import RosterScreen
from tests.conftest import Cli
from tests.test_tui_contest_setup import free_student
from tests.test_tui_messages import pick_template
from tests.test_tui_messages_slips import notes
from tests.tui_support import burst, open_message_list, open_section, paste, settle, until

SIZE = (80, 24)
CLASS_LIST = """Список 8 Б класса, классный руководитель Смирнова Т. В.
№,ФИО ученика,ФИО родителя,Телефон,Эл. почта
1,Алексеев Дмитрий Игоревич,Алексеева Ольга Петровна,"8 (912) 345-67-89, 8-922-111-22-33",olga.alexeeva@mail.ru
2,Борисова Ксения Андреевна,Борисов Андрей Викторович,+7 903 123 45 67,borisov@yandex.ru
"""


def class_list(db: sqlite_utils.Database, tmp_path: Path) -> None:
    path = tmp_path / "8Б.csv"
    path.write_text(CLASS_LIST, encoding="utf-8")
    report = import_roster(db, path, group="8Б")
    assert report.written and not report.rejected


async def test_the_second_phone_of_a_cell_shows_beside_the_parent_search_finds_by_it(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, russian: None) -> None:
    """«8 (912) 345-67-89, 8-922-111-22-33» in one cell: the second number was kept and
    searchable, but shown nowhere, so a search by it found a parent whose row and detail named
    only the first: the teacher could not see why, nor that the number was on record."""
    class_list(db, tmp_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        await pilot.press("slash", *"9221112233")
        await until(pilot, lambda: screen.finder.table.row_count == 1 and screen.highlighted is not None)
        assert screen.highlighted is not None and screen.highlighted.surname == "Алексеева"
        assert "ещё: +7 922 111-22-33" in str(screen.detail.render())


async def test_ctrl_s_records_the_consent_as_in_every_other_form(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, russian: None) -> None:
    """The consent dialog opens on its given/withdrawn choice; ctrl+s, which saves every
    other form of the app, did nothing there."""
    class_list(db, tmp_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_section(pilot, "c", ConsentDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
    consented = [g.surname for g in roster.list_guardians(db) if g.consent]
    assert consented == ["Алексеева"]


async def test_ctrl_s_enters_the_team_as_in_every_other_form(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """The new team's dialog: the student chosen, the parents ticked, ctrl+s did nothing."""
    contest = contest_store.latest_contest(demo_db).id
    student = free_student(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "5", ScoreboardScreen)
        dialog = await open_section(pilot, "t", TeamDialog)
        await pilot.press(*f"{student.surname} {student.name}")
        matches = dialog.query_one("#team-students", OptionList)
        await until(pilot, lambda: matches.option_count == 1)
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ScoreboardScreen)
    team = contest_store.teams(demo_db, contest)[-1]
    assert team.student is not None and team.student.person_id == student.id


async def test_a_long_question_wraps_inside_its_dialog(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """A template over the teacher's own text asks first; its question, longer in Russian than
    the dialog is wide, ended «…оставит ваш текст как» at 80×24: a Label is as wide as its
    text, and the dialog cut it instead of wrapping it."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pilot.press("e")
        await paste(pilot, "Добрый день!")
        await pick_template(app, pilot, "собрание")
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.query_one("#question", Label)
        dialog = app.screen.query_one("#dialog").content_region
        assert question.region.right <= dialog.right and question.region.height >= 2
        assert screen.editor.text == "Добрый день!"


async def test_the_values_a_template_asks_for_take_what_is_typed_after_choosing_it(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """The parent-meeting invitation: «Заполните ниже: дата, время, место…», and the cursor
    in the editor. «10 декабря ⇥ 18:30» went into the letter, Tab to the preview beside it,
    and «1», «8», «3», «0» switched sections."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TemplatePicker)
        await paste(pilot, "Приглашение на родительское собрание")
        burst(app, "enter", "10 декабря", "tab", "18:30")
        await settle(pilot)
        assert app.screen is screen
        assert screen.options.values.get("date") == "10 декабря"
        assert screen.options.values.get("time") == "18:30"
        assert "10 декабря" not in screen.editor.text


@pytest.fixture
def meeting(db: sqlite_utils.Database, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> str:
    """At 10:00, the class's parents (with consent, both by e-mail) invited to a meeting."""
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-02T10:00")
    class_list(db, tmp_path)
    assert cli("roster", "consent", "--all", "--given").exit_code == 0
    return str(cli.json("message", "new", "--template", "ru/parent-meeting", "--audience", "group:8Б",
                        "--set", "date=10 декабря", "--set", "time=18:30", "--set", "place=каб. 214",
                        "--set", "topic=итоги четверти")["id"])


QUIET = "Это тихие часы: 2 личных сообщения уйдут завтра в 08:00."


def test_a_message_scheduled_in_quiet_hours_says_when_its_letters_go(cli: Cli, meeting: str) -> None:
    """«Сообщение уйдёт сегодня в 22:30», while quiet hours (21:00–08:00) held its personal
    messages until the morning: the teacher learnt it only from the log the next day."""
    late = cli("--lang", "ru", "message", "schedule", meeting, "--at", "02.12.2026 22:30")
    assert late.exit_code == 0 and "уйдёт сегодня в 22:30" in late.stdout and QUIET in " ".join(late.stdout.split())
    day = cli("--lang", "ru", "message", "schedule", meeting, "--at", "02.12.2026 12:30")
    assert day.exit_code == 0 and "тихие часы" not in day.stdout


async def test_the_list_says_what_quiet_hours_hold_of_a_message_scheduled_in_them(
        meeting: str, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_message_list(pilot, 1)
        await pilot.press("s")
        await settle(pilot)
        await paste(pilot, "02.12.2026 22:30")
        await pilot.press("enter")
        await until(pilot, lambda: any("22:30" in note for note in notes(app)))
        assert any(QUIET in note for note in notes(app))


async def test_consents_recorded_at_speed_down_the_list_to_collect_go_to_each_parent(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, russian: None) -> None:
    """«y» lists the parents to ask; «c ⇥ ⇥ ⏎» records one, who then leaves the list. Typed
    twice in one go, the second «c» came before the list was read again and opened the first
    parent's dialog once more: her consent recorded twice, the next parent's not at all."""
    class_list(db, tmp_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        await pilot.press("y")
        await until(pilot, lambda: screen.consent_due and screen.finder.table.row_count == 2)
        burst(app, "c", "tab", "tab", "enter", "c", "tab", "tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
    assert sorted(g.surname for g in roster.list_guardians(db) if g.consent) == ["Алексеева", "Борисов"]
