"""Answer buttons a message carries besides an invitation's «Приду / Не смогу» (rsvp.py): rows
of (label, payload) stored with the message — a bot questionnaire's options — and drawn as a
Telegram inline keyboard or MAX callback buttons by the senders. A payload is at most 64 bytes
(Telegram's limit for callback_data)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from outreach.channels.max_api import Button

PAYLOAD_LIMIT = 64


@dataclass(frozen=True)
class Choice:
    label: str
    payload: str


Rows = list[list[Choice]]


def attach(db: sqlite_utils.Database, message_id: int, rows: Rows) -> None:
    """Store the message's buttons (inside the caller's transaction)."""
    for row_number, row in enumerate(rows):
        for position, choice in enumerate(row):
            if len(choice.payload.encode()) > PAYLOAD_LIMIT:
                raise ValueError(f"a button payload over {PAYLOAD_LIMIT} bytes: {choice.payload!r}")
            db.execute("INSERT INTO message_buttons(message_id, row, position, label, payload)"
                       " VALUES (?, ?, ?, ?, ?)", [message_id, row_number, position, choice.label, choice.payload])


def stored(db: sqlite_utils.Database, message_id: int) -> Rows:
    """The message's buttons, row by row (empty when it has none)."""
    rows: dict[int, list[Choice]] = {}
    for row_number, label, payload in db.execute(
            "SELECT row, label, payload FROM message_buttons WHERE message_id = ? ORDER BY row, position",
            [message_id]):
        rows.setdefault(int(row_number), []).append(Choice(str(label), str(payload)))
    return list(rows.values())


def telegram_keyboard(rows: Rows) -> dict[str, object] | None:
    """The `reply_markup` of a Telegram sendMessage; None without buttons."""
    if not rows:
        return None
    return {"inline_keyboard": [[{"text": c.label, "callback_data": c.payload} for c in row] for row in rows]}


def max_buttons(rows: Rows) -> list[list[Button]] | None:
    """MAX callback buttons; None without buttons."""
    return [[Button(c.label, payload=c.payload) for c in row] for row in rows] or None
