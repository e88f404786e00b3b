"""Answers by button: an invitation carries «Приду / Не смогу» (Telegram inline keyboard,
MAX callback buttons); a press is recorded as the guardian's latest answer to that message,
and the tally shows who answered what and who did not. A press counts only from a guardian
the message was addressed to; nothing else changes (consent, audience, scores)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import sqlite_utils

from outreach.channels.max_api import Button
from outreach.common import clock
from outreach.common.errors import NotFound
from outreach.common.i18n import N_, t
from outreach.common.names import full_name
from outreach.store import audit

_RSVP_THANKS = {"yes": N_("Thank you, see you there!"), "no": N_("Thank you for letting us know."), "unknown": N_("This answer was not counted: the invitation is no longer open.")}

_RSVP_ANSWER = {"yes": N_("coming"), "no": N_("not coming"), "none": N_("no answer")}


def answer_label(answer: str | None) -> str:
    """A parent's answer (`yes`, `no`, none yet) in words."""
    return t(_RSVP_ANSWER[answer or "none"])


_RSVP_BUTTON = {"yes": N_("I'll come"), "no": N_("I can't come")}

Answer = Literal["yes", "no"]
ANSWERS: tuple[Answer, ...] = ("yes", "no")
_PAYLOAD = re.compile(r"^rsvp:([0-9]{1,12}):(yes|no)$")


def payload(message_id: int, answer: Answer) -> str:
    """What a button carries back (at most 64 bytes, Telegram's limit for callback_data)."""
    return f"rsvp:{message_id}:{answer}"


def parse_payload(text: str) -> tuple[int, Answer] | None:
    found = _PAYLOAD.match(text)
    if not found:
        return None
    return int(found.group(1)), "yes" if found.group(2) == "yes" else "no"


def max_buttons(message_id: int, lang: str) -> list[list[Button]]:
    return [[Button(t(_RSVP_BUTTON[a], lang=lang), payload=payload(message_id, a)) for a in ANSWERS]]


def telegram_keyboard(message_id: int, lang: str) -> dict[str, object]:
    """The `reply_markup` of a Telegram sendMessage."""
    return {"inline_keyboard": [[{"text": t(_RSVP_BUTTON[a], lang=lang), "callback_data": payload(message_id, a)}
                                 for a in ANSWERS]]}


def buttons_for(db: sqlite_utils.Database, message_id: int) -> int | None:
    """The invitation whose answers the message's buttons carry (itself, or the invitation a
    reminder repeats); None when it has no buttons."""
    row = db.execute("SELECT rsvp_for FROM messages WHERE id = ?", [message_id]).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def _title(db: sqlite_utils.Database, message_id: int) -> str:
    row = db.execute("SELECT title FROM messages WHERE id = ?", [message_id]).fetchone()
    if row is None:
        raise NotFound(t("There is no message with id {id}.", id=message_id))
    return str(row[0])


def ask(db: sqlite_utils.Database, message_id: int, on: bool = True, invitation: int | None = None) -> None:
    """Make the message carry the buttons for `invitation` (default: itself), or no longer;
    NotFound for an unknown message."""
    _title(db, message_id)
    with db.atomic():
        db.execute("UPDATE messages SET rsvp_for = ? WHERE id = ?",
                   [(invitation or message_id) if on else None, message_id])
        audit.record(db, "rsvp_ask" if on else "rsvp_off", "message", message_id)


@dataclass(frozen=True)
class Recorded:
    message_id: int
    guardian_ids: list[int]
    answer: Answer
    lang: str


def record(db: sqlite_utils.Database, text: str, guardian_ids: Iterable[int], channel: str) -> Recorded | None:
    """Store a press of `text` by whoever of `guardian_ids` (the parents behind one chat) the
    message was addressed to; None when it is not an answer to an invitation of theirs.
    Runs inside the caller's transaction."""
    parsed = parse_payload(text)
    if parsed is None:
        return None
    message_id, answer = parsed
    row = db.execute("SELECT lang FROM messages WHERE id = ? AND rsvp_for = id", [message_id]).fetchone()
    if row is None:
        return None
    addressed = [gid for (gid,) in db.execute(
        "SELECT DISTINCT guardian_id FROM deliveries WHERE message_id = ? AND kind = 'personal'"
        " AND guardian_id IN (SELECT value FROM json_each(?)) ORDER BY guardian_id",
        [message_id, json.dumps(sorted(set(guardian_ids)))])]
    if not addressed:
        return None
    now = clock.now_iso()
    for gid in addressed:
        db.execute("INSERT INTO rsvp(message_id, guardian_id, answer, channel, answered_at) VALUES (?, ?, ?, ?, ?)"
                   " ON CONFLICT(message_id, guardian_id) DO UPDATE SET answer = excluded.answer,"
                   " channel = excluded.channel, answered_at = excluded.answered_at",
                   [message_id, gid, answer, channel, now])
    audit.record(db, "rsvp_answer", "message", message_id, {"guardians": len(addressed)})
    return Recorded(message_id, addressed, answer, str(row[0]))


def thanks(recorded: Recorded | None) -> str:
    """The short notification a parent sees after pressing."""
    if recorded is None:
        return t("This answer was not counted: the invitation is no longer open.")
    return t(_RSVP_THANKS[recorded.answer], lang=recorded.lang)


@dataclass(frozen=True)
class Person:
    guardian_id: int
    name: str
    channel: str
    answer: Answer | None
    answered_at: str | None


@dataclass(frozen=True)
class Tally:
    message_id: int
    title: str
    asked: bool
    yes: int
    no: int
    silent: int
    people: list[Person]


_PEOPLE_SQL = """
SELECT d.guardian_id, g.surname, g.name, g.patronymic, d.channel, r.answer, r.answered_at
FROM deliveries d JOIN guardians g ON g.id = d.guardian_id
LEFT JOIN rsvp r ON r.message_id = d.message_id AND r.guardian_id = d.guardian_id
WHERE d.message_id = ? AND d.kind = 'personal' AND d.status <> 'skipped'
ORDER BY g.name_key, g.id, d.id
"""


def tally(db: sqlite_utils.Database, message_id: int) -> Tally:
    """Who of the message's parents answered what, and who did not (by surname)."""
    title = _title(db, message_id)
    people: dict[int, Person] = {}
    for gid, surname, name, patronymic, channel, answer, at in db.execute(_PEOPLE_SQL, [message_id]):
        people.setdefault(gid, Person(gid, full_name(surname, name, patronymic or ""), channel, answer, at))
    rows = list(people.values())
    return Tally(message_id, title, buttons_for(db, message_id) == message_id,
                 sum(p.answer == "yes" for p in rows), sum(p.answer == "no" for p in rows),
                 sum(p.answer is None for p in rows), rows)
