"""Storing incoming messages once each, matched to a roster parent and to our message.

`keep` is the one entry for every channel (e-mail, Telegram, MAX): a message of no roster
parent is counted and dropped, never stored; a message seen before changes nothing. An
e-mail's quote of our letter is marked against the letter it answers (our_letter.py)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable

import sqlite_utils

from outreach.inbox.absence import note_absences
from outreach.inbox.model import Incoming, Kept
from outreach.inbox.our_letter import with_our_lines_marked
from outreach.inbox.reply_text import own_text

_ADDRESSES = {
    "email": "SELECT lower(email), id FROM guardians WHERE email IS NOT NULL",
    "telegram": "SELECT telegram, id FROM guardians WHERE telegram IS NOT NULL",
    "max": "SELECT max, id FROM guardians WHERE max IS NOT NULL"
           " UNION ALL SELECT user_id, guardian_id FROM max_users",
}
# An e-mail answers the first of our letters its chain names: a reply to the teacher's answer
# from the inbox (whose References carry the thread) stays with the message the thread is about.
_ANSWERED = {
    "email": "SELECT d.message_id, d.guardian_id FROM deliveries d WHERE d.channel = 'email'"
             " AND d.external_id IN (SELECT value FROM json_each(:ids)) ORDER BY d.id LIMIT 1",
    "telegram": "SELECT d.message_id, d.guardian_id FROM deliveries d WHERE d.channel = :channel"
                " AND d.guardian_id = :guardian AND (d.external_id IN (SELECT value FROM json_each(:ids))"
                " OR d.id IN (SELECT delivery_id FROM delivery_parts WHERE external_id IN"
                " (SELECT value FROM json_each(:ids)))) ORDER BY d.id DESC LIMIT 1",
}
_ANSWERED["max"] = _ANSWERED["telegram"]


class Matcher:
    """Finds the parent of a sender address and the message of ours a reply answers; the
    address maps are read once per channel and batch."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._maps: dict[str, dict[str, int]] = {}

    def guardian(self, channel: str, sender: str) -> int | None:
        if channel not in self._maps:
            self._maps[channel] = self._addresses(channel)
        key = sender.strip().lower() if channel == "email" else sender.strip()
        return self._maps[channel].get(key)

    def _addresses(self, channel: str) -> dict[str, int]:
        found: dict[str, int] = {}
        rows = list(self.db.execute(_ADDRESSES[channel])) if channel in _ADDRESSES else []
        rows += list(self.db.execute(
            "SELECT address, guardian_id FROM guardian_channels WHERE channel = ? AND address IS NOT NULL"
            " ORDER BY guardian_id", [channel]))
        for address, guardian_id in rows:
            key = str(address).strip().lower() if channel == "email" else str(address).strip()
            found.setdefault(key, int(guardian_id))
        return found

    def answered(self, item: Incoming, guardian_id: int | None) -> tuple[int | None, int | None]:
        """(our message id, its guardian) when `item` answers a message of ours."""
        if not item.answers or item.channel not in _ANSWERED:
            return None, None
        row = self.db.execute(_ANSWERED[item.channel], {"ids": json.dumps(list(item.answers)),
                                                        "channel": item.channel,
                                                        "guardian": guardian_id}).fetchone()
        return (int(row[0]), int(row[1])) if row and row[1] is not None else (None, None)


def keep(db: sqlite_utils.Database, items: Iterable[Incoming], matcher: Matcher | None = None,
         on_new: Callable[[Incoming, int], None] | None = None) -> Kept:
    """Store each message of a roster parent once (call inside a transaction, or alone);
    `on_new(item, guardian_id)` for each message stored now (never for one seen before)."""
    matcher = matcher or Matcher(db)
    new: Counter[str] = Counter()
    matched = unmatched = 0
    with db.atomic():
        for item in items:
            writer = matcher.guardian(item.channel, item.sender)
            message_id, their = matcher.answered(item, writer)
            guardian_id = their if their is not None else writer
            if guardian_id is None:
                unmatched += 1
                continue
            matched += 1
            item = with_our_lines_marked(db, item, guardian_id)
            if _insert(db, item, guardian_id, message_id, writer):
                new[item.channel] += 1
                if on_new is not None:
                    on_new(item, guardian_id)
    return Kept(dict(new), matched, unmatched)


def _address(item: Incoming) -> str:
    return item.sender.strip().lower() if item.channel == "email" else item.sender.strip()


def _insert(db: sqlite_utils.Database, item: Incoming, guardian_id: int, message_id: int | None,
            writer: int | None) -> bool:
    """Store the message in the parent's thread, with its sender's address and roster parent
    (`writer`: None for an address not in the roster)."""
    at = item.received_at.astimezone().isoformat(timespec="seconds")
    db.execute("INSERT INTO inbox_threads(guardian_id, channel, last_at) VALUES (?, ?, ?)"
               " ON CONFLICT(guardian_id, channel) DO NOTHING", [guardian_id, item.channel, at])
    thread_id = int(db.execute("SELECT id FROM inbox_threads WHERE guardian_id = ? AND channel = ?",
                               [guardian_id, item.channel]).fetchone()[0])
    cursor = db.execute(
        "INSERT INTO inbox_messages(thread_id, channel, external_id, message_id, subject, body, received_at,"
        " automatic, refs, sender, sender_guardian_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(channel, external_id) DO NOTHING",
        [thread_id, item.channel, item.external_id, message_id, item.subject, item.body, at, int(item.automatic),
         " ".join(item.references), _address(item), writer])
    if cursor.rowcount != 1:
        return False
    if not item.automatic:
        note_absences(db, int(cursor.lastrowid or 0), guardian_id, own_text(item.channel, item.body),
                      item.received_at.astimezone())
    db.execute("UPDATE inbox_threads SET unread = unread + 1, open = 1, last_at = max(last_at, ?),"
               " message_id = coalesce(?, message_id) WHERE id = ?", [at, message_id, thread_id])
    return True
