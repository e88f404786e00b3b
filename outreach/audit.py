"""The audit log: what was done, when, to which record id; never personal data."""

from __future__ import annotations

import json

import sqlite_utils

from . import clock


def record(db: sqlite_utils.Database, action: str, entity: str, entity_id: int | None,
           detail: dict[str, object] | None = None) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO audit_log(at, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)",
            [clock.now_iso(), action, entity, entity_id, json.dumps(detail or {}, ensure_ascii=False)],
        )
