"""Reading the inbox: threads (one per parent and channel) and their messages; read and done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

from outreach.common import clock
from outreach.common.errors import NotFound
from outreach.common.formats import show_moment
from outreach.common.i18n import t
from outreach.common.names import full_name
from outreach.inbox.reply_text import Reply, split_reply


@dataclass(frozen=True)
class Thread:
    """One parent's conversation on one channel (`open`: a message not marked done)."""

    thread: int
    guardian_id: int
    channel: str
    last_at: str
    unread: int
    message_id: int | None
    name: str
    open: bool


@dataclass(frozen=True)
class InboxMessage:
    """A message of a thread; `body` as it came (a parent's e-mail with our letter quoted)."""

    id: int
    received_at: str
    subject: str
    body: str
    outgoing: bool
    automatic: bool
    message_id: int | None
    read: bool
    done: bool
    channel: str = ""
    sender: str = ""  # the address it came from (incoming messages kept since schema 23)
    sender_guardian_id: int | None = None  # the roster parent of that address, None: not in the roster
    sender_name: str = ""

    def written_by_other(self, thread: Thread) -> bool:
        """A parent's message not from the thread's parent (a grandmother answering our letter)."""
        return not self.outgoing and bool(self.sender) and self.sender_guardian_id != thread.guardian_id

    def from_line(self) -> str:
        """«от: galina.petrova@mail.ru — не из списка», or the other roster parent's name."""
        if self.sender_guardian_id is None:
            return t("from: {address} — not in the roster", address=self.sender)
        return t("from: {address} ({name})", address=self.sender, name=self.sender_name)

    def reply(self) -> Reply:
        """The text cut where a parent's e-mail quotes us (our own answers stay whole)."""
        return split_reply(self.body) if self.channel == "email" and not self.outgoing else Reply(self.body)


_THREADS = ("SELECT t.id, t.guardian_id, t.channel, t.last_at, t.unread, t.message_id, g.surname, g.name,"
            " g.patronymic, t.open FROM inbox_threads t JOIN guardians g ON g.id = t.guardian_id")


def _thread(row: tuple[Any, ...]) -> Thread:
    tid, gid, channel, last_at, unread, message_id, surname, name, patronymic, is_open = row
    return Thread(int(tid), int(gid), str(channel), str(last_at), int(unread),
                  None if message_id is None else int(message_id),
                  full_name(str(surname), str(name or ""), str(patronymic or "")), bool(is_open))


def list_threads(db: sqlite_utils.Database, unread_only: bool = False, limit: int = 500,
                 offset: int = 0) -> list[Thread]:
    """Threads, the latest first (a page of them: the inbox opens from this short table)."""
    where = " WHERE t.unread > 0" if unread_only else ""
    rows = db.execute(f"{_THREADS}{where} ORDER BY t.last_at DESC, t.id DESC LIMIT ? OFFSET ?", [limit, offset])
    return [_thread(row) for row in rows]


def count_threads(db: sqlite_utils.Database, unread_only: bool = False) -> int:
    where = " WHERE unread > 0" if unread_only else ""
    return int(db.execute(f"SELECT count(*) FROM inbox_threads{where}").fetchone()[0])


def get_thread(db: sqlite_utils.Database, thread_id: int) -> Thread:
    row = db.execute(f"{_THREADS} WHERE t.id = ?", [thread_id]).fetchone()
    if row is None:
        raise NotFound(t("There is no inbox thread {id}.", id=thread_id))
    return _thread(row)


def thread_messages(db: sqlite_utils.Database, thread_id: int, limit: int = 200) -> list[InboxMessage]:
    """The thread's latest messages, oldest first."""
    rows = db.execute(
        "SELECT * FROM (SELECT m.id, m.received_at, m.subject, m.body, m.outgoing, m.automatic, m.message_id,"
        " m.read_at, m.done_at, m.channel, m.sender, m.sender_guardian_id, g.surname, g.name, g.patronymic"
        " FROM inbox_messages m LEFT JOIN guardians g ON g.id = m.sender_guardian_id WHERE m.thread_id = ?"
        " ORDER BY m.received_at DESC, m.id DESC LIMIT ?) ORDER BY received_at, id", [thread_id, limit])
    return [InboxMessage(int(i), str(at), str(subject), str(body), bool(out), bool(auto),
                         None if mid is None else int(mid), read is not None, done is not None, str(channel),
                         str(sender or ""), None if sid is None else int(sid),
                         full_name(str(ss), str(sn or ""), str(sp or "")) if sid is not None else "")
            for i, at, subject, body, out, auto, mid, read, done, channel, sender, sid, ss, sn, sp in rows]


def thread_text(thread: Thread, messages: list[InboxMessage], quotes: bool = False) -> str:
    """The messages as the teacher reads them: a line of when and who, the subject, the text —
    a parent's e-mail without our letter quoted back unless `quotes` (said to be there, and
    to perhaps hold answers when it could not be told from them)."""
    lines: list[str] = []
    for message in messages:
        who = t("You") if message.outgoing else message.from_line() if message.written_by_other(thread) \
            else thread.name
        extra = f" · {t('automatic')}" if message.automatic else ""
        lines.append(f"{show_moment(message.received_at)} · {who}{extra}")
        if message.subject:
            lines.append(message.subject)
        reply = message.reply()
        lines += [message.body if quotes else reply.text]
        if reply.quoted and not quotes:
            lines.append(t("[quoted text hidden: it may hold answers written into the letter]") if reply.unchecked
                         else t("[quoted text hidden]"))
        lines.append("")
    return "\n".join(lines)


def mark_read(db: sqlite_utils.Database, thread_id: int) -> None:
    """The thread opened: its messages are read."""
    get_thread(db, thread_id)
    with db.atomic():
        db.execute("UPDATE inbox_messages SET read_at = ? WHERE thread_id = ? AND read_at IS NULL",
                   [clock.now_iso(), thread_id])
        db.execute("UPDATE inbox_threads SET unread = 0 WHERE id = ?", [thread_id])


def mark_done(db: sqlite_utils.Database, thread_id: int) -> Thread:
    """Every message of the thread is dealt with (and read); a new one opens it again.
    Returns the thread (as it was)."""
    thread = get_thread(db, thread_id)
    now = clock.now_iso()
    with db.atomic():
        db.execute("UPDATE inbox_messages SET done_at = coalesce(done_at, ?), read_at = coalesce(read_at, ?)"
                   " WHERE thread_id = ?", [now, now, thread_id])
        db.execute("UPDATE inbox_threads SET unread = 0, open = 0 WHERE id = ?", [thread_id])
    return thread


def unread_total(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT coalesce(sum(unread), 0) FROM inbox_threads").fetchone()[0])
