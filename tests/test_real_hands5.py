"""A Russian teacher's hands on Channels, the Inbox and Settings (fifth pass): each test is a
slip or a surprise the teacher met, and fails without its fix."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
import sqlite_utils
from imap_tools import MailMessage

from outreach.channels.preferences import set_preferences
from outreach.common.errors import OutreachError
from outreach.common.i18n import set_language
from outreach.inbox.imap import incoming
from outreach.inbox.model import Incoming
from outreach.inbox.reply import reply
from outreach.inbox.store import keep
from outreach.inbox.threads import list_threads
from outreach_screens.app import make_app
from outreach_screens.inbox.screen import InboxScreen
from tests.messages_support import Mailbox, local_smtp, parents
from tests.tui_support import open_section, recorded_notifications, screen_lines, settle, until


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        yield box


def parent_wrote_by_email(db: sqlite_utils.Database, guardian_id: int) -> int:
    """The parent's e-mail kept in the inbox; its thread's id."""
    address = db.execute("SELECT email FROM guardians WHERE id = ?", [guardian_id]).fetchone()[0]
    keep(db, [Incoming("email", "<1@parents.example>", address, "Соня заболела, справка будет в пятницу.",
                       datetime(2026, 12, 1, 9).astimezone(), subject="Справка")])
    return list_threads(db)[0].thread


def test_an_answer_goes_by_e_mail_to_a_parent_who_wrote_one_though_it_is_not_in_their_order(
        db: sqlite_utils.Database, mailbox: Mailbox) -> None:
    """A father's order was «Telegram» alone (his chat not linked yet); he wrote an e-mail, and
    the teacher's answer from the inbox went into a printed memo instead of his mailbox."""
    (gid,) = parents(db, 1)
    set_preferences(db, gid, prefer=["telegram"])
    answer = reply(db, parent_wrote_by_email(db, gid), "Спасибо, выздоравливайте!")
    assert answer.sent == 1
    assert mailbox.recipients() == {"parent0@example.ru": 1}
    assert db.execute("SELECT channel, status FROM deliveries WHERE message_id = ?",
                      [answer.message_id]).fetchall() == [("email", "sent")]


def messages_made(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM messages").fetchone()[0])


def test_an_answer_the_parent_opted_out_of_is_refused_with_the_reason(
        db: sqlite_utils.Database, mailbox: Mailbox, russian: None) -> None:
    """She had opted out of e-mail yet wrote one: the answer landed in a call list, and the
    teacher read only «not sent, see outreach message log»."""
    (gid,) = parents(db, 1)
    set_preferences(db, gid, opt_out=["email"])
    thread = parent_wrote_by_email(db, gid)
    with pytest.raises(OutreachError, match="Ответ не отправлен — Петрова Анна Викторовна, эл.\xa0почта: родитель отказался"):
        reply(db, thread, "Спасибо!")
    assert mailbox.messages == [] and messages_made(db) == 0


def test_an_answer_by_e_mail_without_a_mail_server_says_so_and_makes_nothing(
        db: sqlite_utils.Database, russian: None) -> None:
    """No smtp.host yet: the answer was queued for ever and the teacher read «not sent, see
    outreach message log»."""
    (gid,) = parents(db, 1)
    with pytest.raises(OutreachError, match=r"smtp\.host.*Ответ не отправлен\."):
        reply(db, parent_wrote_by_email(db, gid), "Спасибо!")
    assert messages_made(db) == 0


async def test_the_app_names_why_an_answer_cannot_go_and_keeps_the_text(
        db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (gid,) = parents(db, 1)
    parent_wrote_by_email(db, gid)
    set_language("ru")
    try:
        app = make_app(db_path)
        notes = recorded_notifications(app, monkeypatch)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_section(pilot, "6", InboxScreen)
            await until(pilot, lambda: screen.table.loaded_row_count == 1)
            await pilot.press("r")
            await settle(pilot)
            await pilot.press(*"Спасибо")
            await pilot.press("ctrl+s")
            await until(pilot, lambda: any("smtp.host" in note for note in notes))
            await settle(pilot)
            assert screen.answer_box.text == "Спасибо"
    finally:
        set_language("en")
    assert messages_made(db) == 0


def test_a_port_pasted_with_a_space_is_the_port(cli, db: sqlite_utils.Database) -> None:
    """«587 » copied from the provider's help page was refused as «587  — не номер порта»: the
    space the teacher could not see made the port no port."""
    assert cli("settings", "set", "smtp.port", "587 ").exit_code == 0
    assert cli("settings", "set", "imap.port", " 993").exit_code == 0
    assert cli.json("settings", "show")["smtp.port"] == "587"
    assert cli.json("settings", "show")["imap.port"] == "993"
    assert cli("settings", "set", "smtp.port", "58 7").exit_code == 1


BODY = "Добрый день! Подскажите, пожалуйста, во сколько начнётся собрание в четверг?"


@pytest.mark.parametrize(("width", "list_beside"), [(80, False), (120, True)])
async def test_an_open_thread_reads_whole_on_a_narrow_terminal(
        db: sqlite_utils.Database, db_path: Path, width: int, list_beside: bool) -> None:
    """At 80 columns the thread list beside an open thread left each parent's name four letters
    a line («Вино / град / ов …») and wrapped the parent's every sentence; now the thread takes
    the width and escape brings the list back. A wide terminal keeps both."""
    (gid,) = parents(db, 1)
    address = db.execute("SELECT email FROM guardians WHERE id = ?", [gid]).fetchone()[0]
    keep(db, [Incoming("email", "<2@parents.example>", address, BODY, datetime(2026, 12, 1, 9).astimezone())])
    app = make_app(db_path)
    async with app.run_test(size=(width, 24)) as pilot:
        screen = await open_section(pilot, "6", InboxScreen)
        await until(pilot, lambda: screen.table.loaded_row_count == 1)
        await pilot.press("enter")
        await until(pilot, lambda: BODY[:20] in "".join(screen_lines(app)))
        assert any(BODY in line for line in screen_lines(app))
        assert any("Петрова Анна Викторовна" in line for line in screen_lines(app))
        assert screen.table.display is list_beside
        await pilot.press("escape")
        await settle(pilot)
        assert screen.table.display and screen.table.has_focus


def test_a_parent_s_attached_file_is_named_in_the_inbox(russian: None) -> None:
    """«Прикладываю справку от врача» — and the inbox showed no sign of the file: the teacher
    could not know a certificate was waiting in the mailbox."""
    mail = EmailMessage()
    mail["From"] = "viktor.belyaev72@list.ru"
    mail["Subject"] = "Справка"
    mail.set_content("Здравствуйте, Соня болела, прикладываю справку от врача.")
    mail.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="справка_Соня.pdf")
    mail.add_attachment(b"\x89PNG", maintype="image", subtype="png", filename="logo.png", disposition="inline")
    body = incoming(MailMessage.from_bytes(mail.as_bytes())).body
    assert body.startswith("Здравствуйте, Соня болела, прикладываю справку от врача.\n\n")
    assert body.endswith("Вложения: справка_Соня.pdf (откройте письмо в своей почте, чтобы их увидеть).")
