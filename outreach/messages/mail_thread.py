"""An answer to a parent's e-mail continues their thread: its letter carries `In-Reply-To` (the
parent's Message-ID), `References` (their chain and their Message-ID) and a «Re: » subject, so
the parent's mail client shows it under their message and their next reply names ours."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

MAX_REFERENCES = 20  # the chain's first id (the thread's root) and the latest ones
_ALREADY_REPLY = re.compile(r"^\s*(re|ответ|отв|aw|sv)\s*(\[\d+\])?\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class MailThread:
    """The headers that put a letter in a thread."""

    in_reply_to: str
    references: tuple[str, ...]
    subject: str
    to_address: str = ""  # who wrote it, when not the parent (the letter goes there)


def answering(message_id: str, references: Sequence[str], subject: str, to_address: str = "") -> MailThread:
    """The thread of an answer to the e-mail `message_id` whose own chain is `references`
    (`to_address`: its sender, when not the parent)."""
    chain = list(dict.fromkeys([*references, message_id]))
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1):]]
    return MailThread(message_id, tuple(chain), reply_subject(subject), to_address)


def reply_subject(subject: str) -> str:
    """«Re: » and the parent's subject (once, however many times it was answered)."""
    subject = " ".join(subject.split())
    if not subject or _ALREADY_REPLY.match(subject):
        return subject
    return f"Re: {subject}"


def set_thread(db: sqlite_utils.Database, message_id: int, guardian_id: int, thread: MailThread) -> None:
    """Make the message's e-mail to the guardian continue their `thread` (inside the caller's
    transaction; forgetting the guardian erases it)."""
    db.execute("INSERT INTO mail_replies(message_id, guardian_id, in_reply_to, refs, subject, to_address)"
               " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(message_id) DO UPDATE SET guardian_id = excluded.guardian_id,"
               " in_reply_to = excluded.in_reply_to, refs = excluded.refs, subject = excluded.subject,"
               " to_address = excluded.to_address",
               [message_id, guardian_id, thread.in_reply_to, " ".join(thread.references), thread.subject,
                thread.to_address or None])


def thread_of(db: sqlite_utils.Database, message_id: int) -> MailThread | None:
    """The thread the message's e-mail continues, None for a letter of its own."""
    row = db.execute("SELECT in_reply_to, refs, subject, to_address FROM mail_replies WHERE message_id = ?",
                     [message_id]).fetchone()
    return MailThread(str(row[0]), tuple(str(row[1]).split()), str(row[2]), str(row[3] or "")) if row else None
