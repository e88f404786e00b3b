"""Contest setup without the CLI (issue 16): a contest from a preset, its events and penalties,
teams registered by picking a student, edited and withdrawn; the DB checked after each step.
Run at 80×24, the smallest terminal the app supports."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static

from outreach.common.i18n import set_language
from outreach.contest import store
from outreach.roster import guardians as roster
from outreach.roster.students import StudentFilter, list_students
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.contest.events import ContestEventsDialog
from outreach_screens.contest.new import ContestNewDialog
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.contest.team_dialog import TeamDialog
from tests.test_contest_setup_cli import result_count
from tests.tui_support import open_section, paste, settle, until

SIZE = (80, 24)


def contest_rows(db) -> list[tuple]:
    return db.execute("SELECT title, date, place, preset FROM contests ORDER BY id").fetchall()


def error_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def visible(screen, selector: str) -> bool:
    """The widget lies inside the 80×24 screen (not cut off below the dialog)."""
    region = screen.query_one(selector).region
    return region.height > 0 and region.bottom <= SIZE[1]


async def type_into(pilot: Pilot, screen, selector: str, text: str) -> None:
    field = screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await pilot.press(*text)


async def test_a_contest_from_the_preset_on_an_empty_scoreboard_in_russian(db, db_path) -> None:
    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "5", ScoreboardScreen)
        hint = str(screen.query_one("#message", Label).render())
        assert "нажмите n" in hint and "outreach contest" not in hint
        dialog = await open_section(pilot, "т", ContestNewDialog)  # the Russian layout's n
        assert visible(dialog, "#save")

        await pilot.press("enter")
        await settle(pilot)
        assert error_text(dialog, "#form-error").startswith("Название:")
        await paste(pilot, "Моя автомобильная семья 2026")
        await pilot.press("tab")
        await paste(pilot, "31.02.2026")
        await pilot.press("tab")
        await paste(pilot, "Автодром")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert error_text(dialog, "#form-error").startswith("Дата: «31.02.2026»")
        assert contest_rows(db) == []  # nothing stored while a field is refused

        await type_into(pilot, dialog, "#field-date", "16.05.2026")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ScoreboardScreen)
        assert contest_rows(db) == [("Моя автомобильная семья 2026", "2026-05-16", "Автодром", "family")]
        cid = store.latest_contest(db).id
        assert [e.slug for e in store.events(db, cid)] == [e.slug for e in screen.board.events]
        assert screen.board.contest.id == cid and screen.contest_select.value == cid
        assert store.faults(db, cid)


async def test_the_palette_opens_a_new_contest_from_another_section(demo_db, db_path) -> None:
    before = len(contest_rows(demo_db))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert CommandPalette.is_open(app)
        await paste(pilot, "New contest")
        palette = app.screen
        await until(pilot, lambda: palette.query_one("CommandList").option_count > 0)
        assert "New contest" in str(palette.query_one("CommandList").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ContestNewDialog))
        assert app.current_mode == "scoreboard"
        await pilot.press(*"Autumn round", "enter")
        await settle(pilot)
        assert len(contest_rows(demo_db)) == before + 1
        assert contest_rows(demo_db)[-1] == ("Autumn round", None, "", "family")


def free_student(db) -> dict:
    """A student with parents, not yet in the latest contest, found alone by their full name."""
    contest = store.latest_contest(db).id
    busy = {m.person_id for tm in store.teams(db, contest) for m in tm.members if m.role == "student"}
    return next(s for s in list_students(db) if s.guardians and s.id not in busy
                and len(list_students(db, StudentFilter(text=f"{s.surname} {s.name}"))) == 1)


async def test_a_team_registered_by_picking_a_student_with_the_number_suggested(demo_db, db_path) -> None:
    contest = store.latest_contest(demo_db).id
    student = free_student(demo_db)
    suggested = store.next_number(demo_db, contest)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "5", ScoreboardScreen)
        dialog = await open_section(pilot, "t", TeamDialog)
        assert dialog.query_one("#team-number", Input).value == str(suggested)
        await pilot.press(*f"{student.surname} {student.name}")
        matches = dialog.query_one("#team-students", OptionList)
        await until(pilot, lambda: matches.option_count == 1)
        await pilot.press("enter", "enter")  # to the match, choose it
        await settle(pilot)
        assert sorted(dialog.guardian_list.selected) == sorted(student.guardians)

        await type_into(pilot, dialog, "#team-number", "0")
        await pilot.press("enter")  # enter in a search field does not save: use the button
        await pilot.click("#save")
        await settle(pilot)
        assert "Start №" in error_text(dialog, "#team-error")
        assert all(tm.student.person_id != student.id for tm in store.teams(demo_db, contest)
                   if tm.student)

        await type_into(pilot, dialog, "#team-number", "42")
        assert visible(dialog, "#save")
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, ScoreboardScreen)
        team = store.teams(demo_db, contest)[-1]
        assert (team.number, team.student.person_id) == (42, student.id)
        assert sorted(g.person_id for g in team.guardians) == sorted(student.guardians)


async def test_the_suggested_number_taken_meanwhile_becomes_the_next_free_one(demo_db, db_path) -> None:
    contest = store.latest_contest(demo_db).id
    student = free_student(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "5", ScoreboardScreen)
        dialog = await open_section(pilot, "t", TeamDialog)
        suggested = int(dialog.query_one("#team-number", Input).value)
        await pilot.press(*f"{student.surname} {student.name}")
        matches = dialog.query_one("#team-students", OptionList)
        await until(pilot, lambda: matches.option_count == 1)
        await pilot.press("enter", "enter")
        await settle(pilot)
        other = next(s for s in list_students(demo_db) if s.guardians and s.id != student.id
                     and all(tm.student is None or tm.student.person_id != s.id
                             for tm in store.teams(demo_db, contest)))
        store.add_team(demo_db, contest, other.id, other.guardians)  # the other desk
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, ScoreboardScreen)
        mine = next(tm for tm in store.teams(demo_db, contest)
                    if tm.student and tm.student.person_id == student.id)
        assert mine.number == suggested + 1


async def highlight(pilot: Pilot, screen: ScoreboardScreen, number: int) -> None:
    screen.table.move_cursor(row=screen.table.get_row_index(str(number)))
    screen.table.focus()
    await settle(pilot)


async def test_a_team_edited_keeps_its_results_and_a_withdrawn_one_loses_them(demo_db, db_path) -> None:
    contest = store.latest_contest(demo_db).id
    team = next(tm for tm in store.teams(demo_db, contest)
                if len(tm.guardians) > 1 and result_count(demo_db, tm.id))
    results = result_count(demo_db, team.id)
    kept = team.guardians[0]
    free = store.next_number(demo_db, contest) + 10
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "5", ScoreboardScreen)
        await highlight(pilot, screen, team.number)
        dialog = await open_section(pilot, "a", TeamDialog)
        await until(pilot, lambda: dialog.query_one("#team-number", Input).value == str(team.number))
        assert dialog.query_one("#team-student", Input).disabled
        assert sorted(dialog.guardian_list.selected) == sorted(g.person_id for g in team.guardians)
        dialog.guardian_list.deselect_all()
        await pilot.click("#save")
        await settle(pilot)
        assert app.screen is dialog
        assert error_text(dialog, "#team-error").startswith("Parents in the team: tick")
        dialog.guardian_list.select(kept.person_id)
        for index in range(1, dialog.guardian_list.option_count):  # keep the first parent only
            dialog.guardian_list.deselect(dialog.guardian_list.get_option_at_index(index).value)
        await type_into(pilot, dialog, "#team-name", "Гонщики")
        await type_into(pilot, dialog, "#team-number", str(free))
        await pilot.press("enter")  # Enter in the start number saves, as the button does
        await settle(pilot)
        assert isinstance(app.screen, ScoreboardScreen)
        edited = next(tm for tm in store.teams(demo_db, contest) if tm.id == team.id)
        assert (edited.number, edited.name) == (free, "Гонщики")
        assert [g.person_id for g in edited.guardians] == [kept.person_id]
        assert result_count(demo_db, team.id) == results  # its results stay

        await highlight(pilot, screen, free)
        question = await open_section(pilot, "w", ConfirmScreen)
        assert f"removed with it: {results}" in question.body
        assert app.focused is question.cancel_button
        await pilot.press("enter")  # the safe answer keeps the team
        await settle(pilot)
        assert any(tm.id == team.id for tm in store.teams(demo_db, contest))

        await highlight(pilot, screen, free)
        await open_section(pilot, "w", ConfirmScreen)
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert all(tm.id != team.id for tm in store.teams(demo_db, contest))
        assert result_count(demo_db, team.id) == 0
        assert screen.board.row_for(free) is None


async def test_events_renamed_and_a_penalty_changed_a_bad_one_named(demo_db, db_path) -> None:
    contest = store.latest_contest(demo_db).id
    first = store.events(demo_db, contest)[0]
    fault = store.faults(demo_db, contest)[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "5", ScoreboardScreen)
        dialog = await open_section(pilot, "v", ContestEventsDialog)
        assert app.focused is dialog.query_one("#event-0-name", Input)
        await type_into(pilot, dialog, "#event-0-name", "Warm-up quiz")
        await type_into(pilot, dialog, "#fault-0-points", "lots")
        await pilot.press("enter")
        await settle(pilot)
        assert error_text(dialog, "#form-error").startswith(f"{fault.name}: «lots»")
        assert store.events(demo_db, contest)[0].name == first.name

        await type_into(pilot, dialog, "#fault-0-points", "2,5")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ScoreboardScreen)
        assert store.events(demo_db, contest)[0].name == "Warm-up quiz"
        assert store.faults(demo_db, contest)[0].points == 2.5
        assert store.events(demo_db, contest)[0].driver == first.driver
        assert str(screen.table.columns[first.slug].label).replace("\n", " ") == "Warm-up quiz"  # the column renamed, whole



async def test_editing_a_team_with_a_confirmed_relative_does_not_ask_again(demo_db, db_path) -> None:
    contest = store.latest_contest(demo_db).id
    student = free_student(demo_db)
    relative = next(g for g in roster.list_guardians(demo_db) if g.id not in student.guardians)
    _, number = store.add_team(demo_db, contest, student.id, [*student.guardians, relative.id],
                               any_guardian=True)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "5", ScoreboardScreen)
        await highlight(pilot, screen, number)
        dialog = await open_section(pilot, "a", TeamDialog)
        await until(pilot, lambda: relative.id in dialog.guardian_list.selected)
        await type_into(pilot, dialog, "#team-name", "Дружные")
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, ScoreboardScreen)  # no second question about the relative
        team = next(tm for tm in store.teams(demo_db, contest) if tm.number == number)
        assert team.name == "Дружные" and relative.id in [g.person_id for g in team.guardians]


async def test_the_judge_finishes_the_contest_in_the_app_and_opens_it_again(demo_db, db_path, monkeypatch) -> None:
    """F on the scoreboard locks the results (asked first, the safe answer focused), as
    `outreach contest finish` does; F again opens them for a correction."""
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    set_language("ru")
    contest = store.latest_contest(demo_db).id
    assert not store.get_contest(demo_db, contest).locked
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "5", ScoreboardScreen)
        question = await open_section(pilot, "f", ConfirmScreen)
        assert "Результаты закрываются" in question.body and app.focused is question.cancel_button
        await pilot.press("enter")  # the safe answer: nothing changes
        await settle(pilot)
        assert not store.get_contest(demo_db, contest).locked
        question = await open_section(pilot, "f", ConfirmScreen)
        await pilot.press("left")  # ← to «Завершить», as in a desktop dialog; → back to «Отмена»
        assert app.focused is question.confirm_button
        await pilot.press("right")
        assert app.focused is question.cancel_button
        await pilot.press("left", "enter")
        await until(pilot, lambda: screen.board is not None and screen.board.contest.locked)
        assert store.get_contest(demo_db, contest).locked
        assert screen.check_action("enter_result", ()) is None  # no result can change now
        question = await open_section(pilot, "f", ConfirmScreen)  # the same key opens it again
        assert "снова можно менять" in question.body
        await pilot.press("shift+tab", "enter")
        await until(pilot, lambda: screen.board is not None and not screen.board.contest.locked)
        assert not store.get_contest(demo_db, contest).locked
        assert screen.check_action("enter_result", ()) is True
