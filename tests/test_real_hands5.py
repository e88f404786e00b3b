"""A Russian teacher's hands on Channels, the Inbox and Settings (fifth pass): each test is a
slip or a surprise the teacher met, and fails without its fix."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import sqlite_utils

from outreach.channels.preferences import set_preferences
from outreach.inbox.model import Incoming
from outreach.inbox.reply import reply
from outreach.inbox.store import keep
from outreach.inbox.threads import list_threads
from tests.messages_support import Mailbox, local_smtp, parents


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


def test_an_answer_still_keeps_the_parent_s_opt_out(db: sqlite_utils.Database, mailbox: Mailbox) -> None:
    (gid,) = parents(db, 1)
    set_preferences(db, gid, prefer=["telegram"], opt_out=["email"])
    answer = reply(db, parent_wrote_by_email(db, gid), "Спасибо!")
    assert answer.sent == 0 and mailbox.messages == []
