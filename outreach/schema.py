"""The schema, as forward migrations keyed by `PRAGMA user_version`."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

V1 = """
CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    surname TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    patronymic TEXT NOT NULL DEFAULT '',
    group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    name_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX students_name_key ON students(name_key, group_id);
CREATE TABLE guardians (
    id INTEGER PRIMARY KEY,
    surname TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    patronymic TEXT NOT NULL DEFAULT '',
    phone TEXT,
    email TEXT,
    telegram TEXT,
    vk TEXT,
    max TEXT,
    consent_given_at TEXT,
    consent_scope TEXT,
    consent_withdrawn_at TEXT,
    quiet_hours TEXT,
    notes TEXT,
    name_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX guardians_phone ON guardians(phone);
CREATE INDEX guardians_email ON guardians(email);
CREATE INDEX guardians_name_key ON guardians(name_key);
CREATE INDEX guardians_sort ON guardians(surname, name, patronymic, id);
CREATE TABLE student_guardians (
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    guardian_id INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    relation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (student_id, guardian_id)
);
CREATE INDEX student_guardians_guardian ON student_guardians(guardian_id);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE VIRTUAL TABLE guardian_search USING fts5(doc, tokenize = 'trigram');
"""


def _v1(db: sqlite_utils.Database) -> None:
    for statement in V1.split(";"):
        if statement.strip():
            db.execute(statement)


V2 = """
CREATE TABLE guardian_channels (
    guardian_id INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    rank INTEGER,
    opted_out INTEGER NOT NULL DEFAULT 0,
    address TEXT,
    PRIMARY KEY (guardian_id, channel)
);
"""


def _v2(db: sqlite_utils.Database) -> None:
    db.execute(V2)


MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {1: _v1, 2: _v2}
SCHEMA_VERSION = max(MIGRATIONS)
