"""The audit log: what was done, when, to which record id; never personal data."""

from __future__ import annotations

import json

import sqlite_utils

from outreach.common import clock


def record(db: sqlite_utils.Database, action: str, entity: str, entity_id: int | None,
           detail: dict[str, object] | None = None) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO audit_log(at, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)",
            [clock.now_iso(), action, entity, entity_id, json.dumps(detail or {}, ensure_ascii=False)],
        )


def record_many(db: sqlite_utils.Database, action: str, entity: str,
                rows: list[tuple[int, dict[str, object]]]) -> None:
    """One audit row per (entity id, detail), in one statement; equal details (a class-wide
    change) are encoded once."""
    at = clock.now_iso()
    encoded: dict[tuple[tuple[str, object], ...], str] = {}
    for _, detail in rows:
        key = tuple(detail.items())
        if key not in encoded:
            encoded[key] = json.dumps(detail, ensure_ascii=False)
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO audit_log(at, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)",
            [(at, action, entity, entity_id, encoded[tuple(detail.items())])
             for entity_id, detail in rows])
