"""The message being written in the app, kept as the teacher types: a restart brings it back.

One slot: the state is whatever the composer needs to rebuild itself (template reference,
text, values, audience choice, mode, broadcast), stored as JSON. Guardians appear by id only.
"""

from __future__ import annotations

import json

import sqlite_utils

from outreach.common import clock


def save_draft(db: sqlite_utils.Database, state: dict[str, object]) -> None:
    with db.atomic():
        db.execute("INSERT INTO message_drafts(id, state, updated_at) VALUES (1, ?, ?)"
                   " ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                   [json.dumps(state, ensure_ascii=False), clock.now_iso()])


def load_draft(db: sqlite_utils.Database) -> dict[str, object] | None:
    row = db.execute("SELECT state FROM message_drafts WHERE id = 1").fetchone()
    if row is None:
        return None
    try:
        state = json.loads(row[0])
    except ValueError:
        return None
    return state if isinstance(state, dict) else None


def clear_draft(db: sqlite_utils.Database) -> None:
    with db.atomic():
        db.execute("DELETE FROM message_drafts")
