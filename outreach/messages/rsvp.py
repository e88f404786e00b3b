"""Answers by button: an invitation carries «Приду / Не смогу» (Telegram inline keyboard,
MAX callback buttons); a press is recorded as the guardian's latest answer to that message,
and the tally shows who answered what and who did not. A press counts only from a guardian
the message was addressed to; nothing else changes (consent, audience, scores)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

import sqlite_utils

from outreach.channels.max_api import Button
from outreach.common import clock
from outreach.common.errors import NotFound, OutreachError
from outreach.common.i18n import N_, t
from outreach.common.names import full_name
from outreach.store import audit
from outreach.store.order import name_order

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
class Event:
    """When and where an invitation's event is: what its e-mail's .ics says."""

    message_id: int
    starts_at: str  # ISO minutes with the offset
    minutes: int
    place: str
    title: str
    sequence: int = 0  # changes since it was first set (the .ics SEQUENCE)

    @property
    def start(self) -> datetime:
        return datetime.fromisoformat(self.starts_at)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


DEFAULT_MINUTES = 60


def set_event(db: sqlite_utils.Database, message_id: int, starts_at: datetime | None = None, *,
              minutes: int | None = None, place: str | None = None, title: str | None = None) -> Event:
    """Give the invitation its event's time (aware), length, place and title; what is not
    given stays as it was, or is the message's title, the `place` value it was written with
    and an hour. A reminder's event is its invitation's; a message without buttons gets them.
    NotFound for an unknown message; no time yet, a time that has passed, a length under a
    minute are refused."""
    message = _title(db, message_id)
    message_id = buttons_for(db, message_id) or message_id
    known = event_of(db, message_id)
    if starts_at is None and known is None:
        raise OutreachError(t("Message {id} has no event time yet: give it with --at ДД.ММ.ГГГГ ЧЧ:ММ.", id=message_id))
    starts_at = check_event_time(starts_at or (known.start if known else clock.now()))
    minutes = minutes if minutes is not None else known.minutes if known else DEFAULT_MINUTES
    if minutes <= 0:
        raise OutreachError(t("The event must last at least a minute, not {value}.", value=minutes))
    values = _values(db, message_id)
    place = (place if place is not None else known.place if known else values.get("place", "")).strip()
    title = (title if title is not None else known.title if known else message).strip() or message
    event = Event(message_id, starts_at.isoformat(timespec="minutes"), minutes, place, title)
    if known is not None:
        event = replace(event, sequence=known.sequence + (replace(known, sequence=0) != event))
    with db.atomic():
        db.execute("INSERT INTO rsvp_events(message_id, starts_at, minutes, place, title, sequence)"
                   " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(message_id) DO UPDATE SET starts_at = excluded.starts_at,"
                   " minutes = excluded.minutes, place = excluded.place, title = excluded.title,"
                   " sequence = excluded.sequence",
                   [message_id, event.starts_at, minutes, place, title, event.sequence])
        if buttons_for(db, message_id) is None:
            ask(db, message_id)
        audit.record(db, "rsvp_event", "message", message_id)
    return event


def check_event_time(starts_at: datetime) -> datetime:
    """`starts_at`, unless it has passed (an invitation to the past is a typo)."""
    if starts_at <= clock.now():
        raise OutreachError(t("The event time {when} has already passed.", when=f"{starts_at:%d.%m.%Y %H:%M}"))
    return starts_at


def event_line(event: Event) -> str:
    """«Событие: 03.12.2026 18:30, 90 мин., каб. 12» for the tally."""
    when = f"{event.start:%d.%m.%Y %H:%M}"
    if event.place:
        return t("Event: {when}, {minutes} min., {place}.", when=when, minutes=event.minutes, place=event.place)
    return t("Event: {when}, {minutes} min.", when=when, minutes=event.minutes)


def _values(db: sqlite_utils.Database, message_id: int) -> dict[str, str]:
    row = db.execute("SELECT variables FROM messages WHERE id = ?", [message_id]).fetchone()
    values = json.loads(row[0]) if row and row[0] else {}
    return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else {}


def event_of(db: sqlite_utils.Database, message_id: int) -> Event | None:
    """The invitation's event, None while it has no time."""
    row = db.execute("SELECT starts_at, minutes, place, title, sequence FROM rsvp_events WHERE message_id = ?",
                     [message_id]).fetchone()
    if row is None:
        return None
    return Event(message_id, str(row[0]), int(row[1]), str(row[2]), str(row[3]), int(row[4]))


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
    return record_answer(db, *parsed, guardian_ids, channel)


def record_answer(db: sqlite_utils.Database, message_id: int, answer: Answer, guardian_ids: Iterable[int],
                  channel: str, at: datetime | None = None) -> Recorded | None:
    """Store `answer` to the invitation `message_id`, given `at` (a press: now; an e-mail: when
    it was written), for whoever of `guardian_ids` it was addressed to, unless they answered
    later (a button pressed after the e-mail was written); None when it is not an invitation
    of theirs, or nothing changed. Runs inside the caller's transaction."""
    row = db.execute("SELECT lang FROM messages WHERE id = ? AND rsvp_for = id", [message_id]).fetchone()
    if row is None:
        return None
    addressed = [gid for (gid,) in db.execute(
        "SELECT DISTINCT guardian_id FROM deliveries WHERE message_id = ? AND kind = 'personal'"
        " AND guardian_id IN (SELECT value FROM json_each(?)) ORDER BY guardian_id",
        [message_id, json.dumps(sorted(set(guardian_ids)))])]
    if not addressed:
        return None
    now = clock.now()
    stamp = min(at, now).astimezone().isoformat(timespec="seconds") if at is not None else clock.now_iso()
    changed = [gid for gid in addressed if db.execute(
        "INSERT INTO rsvp(message_id, guardian_id, answer, channel, answered_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(message_id, guardian_id) DO UPDATE SET answer = excluded.answer,"
        " channel = excluded.channel, answered_at = excluded.answered_at"
        " WHERE excluded.answered_at >= rsvp.answered_at",
        [message_id, gid, answer, channel, stamp]).rowcount]
    if not changed:
        return None
    addressed = changed
    audit.record(db, "rsvp_answer", "message", message_id, {"guardians": len(addressed)})
    return Recorded(message_id, addressed, answer, str(row[0]))


def invitation_in_chat(db: sqlite_utils.Database, guardian_id: int, channel: str,
                       replied_to: Iterable[str]) -> int | None:
    """The invitation a parent's chat message (Telegram, MAX) answers: the one whose message (or
    a reminder's) it is a reply to; without a reply, the one the chat's latest message to them
    was. None when the message replies to something else or the latest one was no invitation."""
    ids = json.dumps(list(replied_to))
    if ids != "[]":
        row = db.execute(
            "SELECT m.rsvp_for FROM deliveries d JOIN messages m ON m.id = d.message_id"
            " WHERE d.channel = ? AND d.guardian_id = ? AND (d.external_id IN (SELECT value FROM json_each(?))"
            " OR d.id IN (SELECT delivery_id FROM delivery_parts WHERE external_id IN (SELECT value FROM json_each(?))))"
            " ORDER BY d.id DESC LIMIT 1", [channel, guardian_id, ids, ids]).fetchone()
    else:
        row = db.execute(
            "SELECT m.rsvp_for FROM deliveries d JOIN messages m ON m.id = d.message_id"
            " WHERE d.channel = ? AND d.guardian_id = ? AND d.status = 'sent'"
            " ORDER BY coalesce(d.sent_at, d.updated_at) DESC, d.id DESC LIMIT 1",
            [channel, guardian_id]).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def invitation_in_letters(db: sqlite_utils.Database, guardian_id: int, external_ids: Iterable[str]) -> int | None:
    """The invitation whose e-mail to the guardian (or a reminder's) is among `external_ids`
    (the Message-IDs a parent's reply names), the latest one; None when none is."""
    row = db.execute("SELECT m.rsvp_for FROM deliveries d JOIN messages m ON m.id = d.message_id"
                     " WHERE d.channel = 'email' AND d.guardian_id = ? AND m.rsvp_for IS NOT NULL"
                     " AND d.external_id IN (SELECT value FROM json_each(?)) ORDER BY d.id DESC LIMIT 1",
                     [guardian_id, json.dumps(list(external_ids))]).fetchone()
    return int(row[0]) if row else None


def thanks(recorded: Recorded | None) -> str:
    """The short notification a parent sees after pressing."""
    if recorded is None:
        return t("This answer was not counted: the invitation is no longer open.")
    return t(_RSVP_THANKS[recorded.answer], lang=recorded.lang)


@dataclass(frozen=True)
class Person:
    """A parent of the message: `channel` the invitation went by, `answered_on` the channel
    the answer came by (a parent invited by e-mail may press in Telegram)."""

    guardian_id: int
    name: str
    channel: str
    answer: Answer | None
    answered_at: str | None
    answered_on: str | None = None

    @property
    def shown_channel(self) -> str:
        """Where the answer came from, or (no answer yet) where the invitation went."""
        return self.answered_on or self.channel


@dataclass(frozen=True)
class Tally:
    message_id: int
    title: str
    asked: bool
    yes: int
    no: int
    silent: int
    people: list[Person]
    event: Event | None = None

    def document(self) -> dict[str, object]:
        """`message rsvp --json`: the contract's `yes`, `no` and `none` are lists of guardian
        ids (who is coming, who is not, who did not answer); `counts` has their sizes."""
        ids = {key: [p.guardian_id for p in self.people if p.answer == answer]
               for key, answer in (("yes", "yes"), ("no", "no"), ("none", None))}
        return {"message_id": self.message_id, "title": self.title, "asked": self.asked, **ids,
                "counts": {key: len(found) for key, found in ids.items()},
                "people": [asdict(p) for p in self.people],
                "event": asdict(self.event) if self.event is not None else None}


_PEOPLE_SQL = f"""
SELECT d.guardian_id, g.surname, g.name, g.patronymic, d.channel, r.answer, r.answered_at, r.channel
FROM deliveries d JOIN guardians g ON g.id = d.guardian_id
LEFT JOIN rsvp r ON r.message_id = d.message_id AND r.guardian_id = d.guardian_id
WHERE d.message_id = ? AND d.kind = 'personal' AND d.status <> 'skipped'
ORDER BY {name_order("g")}, g.id, d.id
"""


def tally(db: sqlite_utils.Database, message_id: int) -> Tally:
    """Who of the message's parents answered what, and who did not (by surname)."""
    title = _title(db, message_id)
    people: dict[int, Person] = {}
    for gid, surname, name, patronymic, channel, answer, at, on in db.execute(_PEOPLE_SQL, [message_id]):
        people.setdefault(gid, Person(gid, full_name(surname, name, patronymic or ""), channel, answer, at, on))
    rows = list(people.values())
    return Tally(message_id, title, buttons_for(db, message_id) == message_id,
                 sum(p.answer == "yes" for p in rows), sum(p.answer == "no" for p in rows),
                 sum(p.answer is None for p in rows), rows, event_of(db, buttons_for(db, message_id) or message_id))
