"""Answering a parent from the inbox: a one-parent message on the thread's channel, created and
sent by the one pipeline (consent, opt-outs and quiet hours apply as to any message)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from outreach.channels.preferences import reach_one
from outreach.common import clock
from outreach.common.channel_names import channel_label
from outreach.common.errors import OutreachError
from outreach.common.i18n import current_language, t
from outreach.inbox.threads import Thread, get_thread, mark_read
from outreach.messages import compose, templates
from outreach.messages.delivery.labels import reason_text
from outreach.messages.delivery.preflight import unconfigured
from outreach.messages.delivery.send import send_message
from outreach.messages.mail_thread import MailThread, answering, set_thread


@dataclass(frozen=True)
class Answer:
    """The message made for the answer and what sending it did."""

    message_id: int
    sent: int
    deferred: int
    failed: int
    skipped: int
    to_address: str = ""  # who wrote last in the parent's thread, when not the parent


def send_to_parent(db: sqlite_utils.Database, guardian_id: int, channel: str, text: str, title: str, *,
                   moment: datetime | None = None, sleep: Callable[[float], None] | None = None,
                   set_up: bool = False) -> Answer:
    """Create and send a message to one parent on one channel (an e-mail goes in the mail
    thread of their latest e-mail: the teacher's answer, an absence's acknowledgement, an
    auto-reply). The message is the family's own: forgetting them erases it.
    `set_up`: refuse, creating nothing, when the channel is not set up (no mail server, no bot)."""
    if not text.strip():
        raise OutreachError(t("The answer is empty: write some text first."))
    template = templates.blank(current_language(), text)
    thread = last_mail(db, guardian_id) if channel == "email" else None
    with db.atomic():
        message_id = compose.create_message(db, template, audience=[f"guardian:{guardian_id}"], only=[channel],
                                            title=title, moment=moment, family=guardian_id)
        if thread is not None:
            set_thread(db, message_id, guardian_id, thread)
        missing = unconfigured(db, message_id, moment) if set_up else []
        if missing:
            raise OutreachError(" ".join([*(m.reason for m in missing), t("The answer was not sent.")]))
    report = send_message(db, message_id, moment=moment, sleep=sleep)
    return Answer(message_id, report.sent, report.deferred, report.failed, report.skipped,
                  thread.to_address if thread is not None else "")


def last_mail(db: sqlite_utils.Database, guardian_id: int) -> MailThread | None:
    """The mail thread an answer continues: the latest e-mail with a Message-ID in the parent's
    thread (not an auto-reply), to its sender when that is not the parent (a grandmother who
    answered our letter to the mother)."""
    row = db.execute("SELECT m.external_id, m.refs, m.subject,"
                     " CASE WHEN m.sender_guardian_id IS t.guardian_id THEN '' ELSE coalesce(m.sender, '') END"
                     " FROM inbox_messages m"
                     " JOIN inbox_threads t ON t.id = m.thread_id WHERE t.guardian_id = ? AND t.channel = 'email'"
                     " AND m.outgoing = 0 AND m.automatic = 0 AND m.external_id LIKE '<%>'"
                     " ORDER BY m.received_at DESC, m.id DESC LIMIT 1",
                     [guardian_id]).fetchone()
    return answering(str(row[0]), str(row[1]).split(), str(row[2]), str(row[3])) if row else None


def answer_address(db: sqlite_utils.Database, thread: Thread) -> str:
    """Where an answer in the thread goes when not to the parent: the address of who wrote last."""
    mail = last_mail(db, thread.guardian_id) if thread.channel == "email" else None
    return mail.to_address if mail is not None else ""


def check_reaches(db: sqlite_utils.Database, thread: Thread, moment: datetime | None = None) -> None:
    """Refuse, naming the reason, an answer the thread's channel cannot carry to the parent
    (no consent, opted out, no address): it would only land in a call list or a memo."""
    reach = reach_one(db, thread.guardian_id, moment)
    reach.answer_on(thread.channel)
    if thread.channel in reach.channels:
        return
    raise OutreachError(t("The answer was not sent — {name}, {channel}: {reason}.", channel=channel_label(thread.channel),
                          name=thread.name, reason=reason_text(reach.reason_on(thread.channel))))


def reply(db: sqlite_utils.Database, thread_id: int, text: str, *, moment: datetime | None = None,
          sleep: Callable[[float], None] | None = None) -> Answer:
    """Answer the thread's parent over the thread's channel (an e-mail in the parent's mail
    thread: In-Reply-To, References, «Re: »); an answer sent or waiting for the parent's quiet
    hours shows in the thread (and the thread is read)."""
    thread = get_thread(db, thread_id)
    check_reaches(db, thread, moment)
    answer = send_to_parent(db, thread.guardian_id, thread.channel, text, t("Answer to {name}", name=thread.name),
                            moment=moment, sleep=sleep, set_up=True)
    if not (answer.sent or answer.deferred):
        return answer  # nothing left or waits: the thread does not show it as said
    now = clock.now_iso()
    with db.atomic():
        db.execute("INSERT INTO inbox_messages(thread_id, channel, external_id, message_id, body, received_at,"
                   " outgoing, read_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
                   [thread_id, thread.channel, f"out:{answer.message_id}", answer.message_id, text.strip(), now, now])
    mark_read(db, thread_id)
    return answer
