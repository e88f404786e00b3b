"""Small things a teacher trips on, found by hand at 80×24 in Russian (session 21): Enter in
the team's searches, a status wrapped in the delivery log, a workbook's «encoding», what «o»
does in the messages list, public posts for a class's meeting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils
from textual.widgets import Input, OptionList

from outreach.common.i18n import set_language
from outreach.contest import store as contest_store
from outreach.messages import compose, outbox, templates
from outreach.messages.delivery import batch
from outreach.messages.delivery.labels import status_label
from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.bindings import binding_rows
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.contest.team_dialog import TeamDialog
from outreach_screens.messages.screen import MessagesScreen
from tests.test_tui_contest_setup import free_student
from tests.test_tui_import_files import ROSTERS, open_file
from tests.test_tui_messages import pick_template
from tests.tui_support import open_message_list, open_section, settle, until

SIZE = (80, 24)
PUBLIC = {"site", "forum", "blog", "vk_group", "telegram_group", "max_group", "paper"}


async def test_enter_on_the_student_search_chooses_the_one_match(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """The hint says «Ввод — выбрать», but Enter only moved to the matches; a second Enter,
    out of that habit, must not untick a parent once Enter has chosen the student."""
    contest = contest_store.latest_contest(demo_db).id
    student = free_student(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "5", ScoreboardScreen)
        dialog = await open_section(pilot, "t", TeamDialog)
        await pilot.press(*f"{student.surname} {student.name}")
        matches = dialog.query_one("#team-students", OptionList)
        await until(pilot, lambda: matches.option_count == 1)
        await pilot.press("enter")
        await settle(pilot)
        assert dialog.student is not None and dialog.student.id == student.id
        assert app.focused is dialog.guardian_list
        assert sorted(dialog.guardian_list.selected) == sorted(student.guardians)
        await pilot.press("enter")
        await settle(pilot)
        assert sorted(dialog.guardian_list.selected) == sorted(student.guardians)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ScoreboardScreen)
    team = contest_store.teams(demo_db, contest)[-1]
    assert team.student is not None and team.student.person_id == student.id
    assert sorted(g.person_id for g in team.guardians) == sorted(student.guardians)


async def test_enter_on_the_adult_search_adds_the_one_match(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    student = free_student(demo_db)
    relative = next(g for g in roster.list_guardians(demo_db) if g.id not in student.guardians
                    and len(roster.list_guardians(demo_db, roster.Filter(text=g.full_name))) == 1)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "5", ScoreboardScreen)
        dialog = await open_section(pilot, "t", TeamDialog)
        await pilot.press(*f"{student.surname} {student.name}", "enter")
        await until(pilot, lambda: dialog.student is not None)
        dialog.query_one("#team-adult", Input).focus()
        await pilot.press(*relative.full_name)
        matches = dialog.query_one("#team-adults", OptionList)
        await until(pilot, lambda: matches.option_count == 1)
        await pilot.press("enter")
        await settle(pilot)
        assert relative.id in dialog.guardian_list.selected and relative.id in dialog.unlinked
        assert dialog.query_one("#team-adult", Input).value == ""


def _in_doubt_and_failed(db: sqlite_utils.Database) -> int:
    """A message to three parents: one delivery failed with a server's long error, one in
    doubt after an interrupted send, the third still queued (as a send leaves them)."""
    parents = [g.id for g in roster.list_guardians(db) if g.consent][:3]
    message_id = compose.create_message(db, templates.find("ru/announcement"),
                                        audience=[f"guardian:{gid}" for gid in parents],
                                        values={"heading": "Сокращённые уроки", "text": "Завтра уроки по 30 минут."})
    rows = [row for (row,) in db.execute(
        "SELECT id FROM deliveries WHERE message_id = ? AND status = 'queued' ORDER BY id", [message_id]).fetchall()]
    db.execute("UPDATE deliveries SET status = 'failed', error = ? WHERE id = ?",
               ["550 5.1.1 <parent@example.org>: Recipient address rejected: User unknown in virtual mailbox table",
                rows[0]])
    db.execute("UPDATE deliveries SET status = 'unknown', error = 'interrupted' WHERE id = ?", [rows[1]])
    db.conn.commit()
    return message_id


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_the_delivery_log_keeps_each_status_on_one_line(
        demo_db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """«в очереди» wrapped onto two lines at 80×24 beside a long error (and «неизвестно, дошло
    ли» onto three): a short status is read at a glance down the column; the long one («in
    doubt») wraps at its words, as kept whole it would leave the error a few columns."""
    monkeypatch.setenv("OUTREACH_LANG", lang)
    set_language(lang)
    message_id = _in_doubt_and_failed(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.show_log(message_id)
        log = screen.log_view
        await until(pilot, lambda: log.message_id == message_id and log.table.row_count == 3)
        statuses = [str(log.table.get_row_at(i)[2]) for i in range(log.table.row_count)]
        short = {status_label(s) for s in ("queued", "failed")}
        doubt = status_label("unknown")
        assert short < set(statuses), statuses  # whole, on one line
        assert doubt.split() == " ".join(s for s in statuses if s not in short).split(), statuses
        assert all("\n" in s for s in statuses if s not in short), statuses  # at its words
        # the send settled: no long status left to give the column its width
        demo_db.execute("UPDATE deliveries SET status = 'queued', error = NULL WHERE message_id = ?"
                        " AND status = 'unknown'", [message_id])
        demo_db.conn.commit()
        log.message_id = None
        screen.show_log(message_id)
        await until(pilot, lambda: log.message_id == message_id and log.table.row_count == 3
                    and str(log.table.get_row_at(1)[2]) != statuses[1])
        settled = [str(log.table.get_row_at(i)[2]) for i in range(log.table.row_count)]
    set_language("en")
    assert set(settled) == short, settled


async def test_the_wizard_names_a_workbooks_sheets_not_an_encoding(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, russian: None) -> None:
    """«Кодировка: xlsx · разделитель: —» for a workbook: it has sheets, not an encoding."""
    book = tmp_path / "classes.xlsx"
    shutil.copy(ROSTERS / "files_class_sheets.xlsx", book)
    async with make_app(db_path).run_test(size=SIZE) as pilot:
        wizard = await open_file(pilot, book)
        first = str(wizard.query_one("#detected").render()).splitlines()[0]
    assert first.startswith("Книга XLSX · прочитаны листы: «7А», «7-Б класс» · строк с данными:"), first
    assert "Кодировка" not in first and "разделитель" not in first


async def test_o_in_the_messages_list_says_it_opens_the_delivery_log(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """«o Открыть» read as opening the message in the composer; it shows its delivery log
    (the composer's «l Журнал»), and l does the same here."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        listing = await open_message_list(pilot, rows=2)
        rows = dict(binding_rows(listing))
        assert rows["o l"] == "Журнал доставки"
        assert "Открыть" not in rows.values()
        newest = listing.highlighted
        assert newest is not None
        await pilot.press("l")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MessagesScreen)
        await until(pilot, lambda: screen.views.current == "log" and screen.log_view.message_id == newest.id)


async def test_a_class_meeting_posts_nothing_publicly_unless_ticked(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """Every row of the public posts' list showed an X (Textual's faint one for unticked), so
    the site, the forum, the blog and the VK group read as ticked for a class's meeting: the
    box says none are, an unticked one is drawn empty, and a tick is counted."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pick_template(app, pilot, "родительское собрание")
        posts = screen.options.broadcast_list
        assert screen.options.broadcast == ()
        assert posts.border_title == "публикации: нет"
        empty = posts.get_component_rich_style("selection-list--button")
        assert empty.color == empty.bgcolor
        ticked = posts.get_component_rich_style("selection-list--button-selected")
        assert ticked.color != ticked.bgcolor
        posts.focus()
        await pilot.press("space")
        await settle(pilot)
        assert screen.options.broadcast == ("site",) and posts.border_title == "публикации: 1"


def test_a_copy_for_a_class_or_a_reminder_does_not_post_publicly_again(demo_db: sqlite_utils.Database) -> None:
    """«Send the same to 10Б» (and the reminder to the parents who did not answer) copied the
    original's site, VK group and paper memo: posted a second time, for one class."""
    everyone = next(m.id for m in compose.list_messages(demo_db)
                    if compose.get_message(demo_db, m.id).template == "dark-season-reflectors")
    assert set(compose.get_message(demo_db, everyone).broadcast) == {"vk_group", "site", "paper"}
    for_class = outbox.duplicate(demo_db, everyone, ["group:10Б"])
    assert compose.get_message(demo_db, for_class).broadcast == []
    assert not PUBLIC & set(batch.plan(demo_db, for_class)["by_channel"])
    again = outbox.duplicate(demo_db, everyone, ["all"])
    assert set(compose.get_message(demo_db, again).broadcast) == {"vk_group", "site", "paper"}


def test_the_demo_class_meeting_has_no_public_post(demo_db: sqlite_utils.Database) -> None:
    meeting = next(m.id for m in compose.list_messages(demo_db)
                   if compose.get_message(demo_db, m.id).template == "parent-meeting")
    assert compose.get_message(demo_db, meeting).broadcast == []
