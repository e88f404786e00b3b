"""Erasing a forgotten family from the backups outreach made itself before migrations.

Those copies sit beside the database (`paths.migration_backups`) and may hold an older schema.
A guardian is matched by the same id and name, or by the same phone or e-mail; a student by
the same id and name. Each backup is scrubbed in memory and written back over itself, so no
file (not even a rollback journal) keeps the erased rows.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from .paths import migration_backups


@dataclass
class Family:
    """Who is being forgotten, as the backups may know them."""

    guardians: list[tuple[int, str, str | None, str | None]] = field(default_factory=list)
    students: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def read(cls, db: sqlite_utils.Database, guardians: set[int], students: set[int]) -> Family:
        """Read from the live database before the rows are deleted."""
        return cls(
            guardians=[tuple(r) for r in db.execute(
                "SELECT id, name_key, phone, email FROM guardians"
                " WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(guardians))])],
            students=[tuple(r) for r in db.execute(
                "SELECT id, name_key FROM students WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(sorted(students))])],
        )


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The main database's file, or None in memory."""
    name = db.execute("PRAGMA database_list").fetchone()[2]
    return Path(name) if name else None


@dataclass
class Scrubbed:
    """What `scrub_backups` did: files changed, and files it could not read or write."""

    changed: int = 0
    failed: list[tuple[Path, str]] = field(default_factory=list)


def scrub_backups(db_path: Path | None, family: Family) -> Scrubbed:
    """Remove the family from every migration backup it can; a damaged file is reported."""
    done = Scrubbed()
    for path in migration_backups(db_path) if db_path is not None else []:
        try:
            done.changed += _scrub(path, family)
        except (sqlite3.Error, OSError) as exc:
            done.failed.append((path, getattr(exc, "strerror", None) or str(exc)))
    return done


def _scrub(path: Path, family: Family) -> bool:
    memory = sqlite3.connect(":memory:")
    try:
        source = sqlite3.connect(path)  # closing it folds and removes any -wal/-shm
        try:
            source.backup(memory)
        finally:
            source.close()
        if not _delete(memory, family):
            return False
        _write_back(memory, path)
        return True
    finally:
        memory.close()


def _delete(conn: sqlite3.Connection, family: Family) -> bool:
    conn.execute("PRAGMA foreign_keys=ON")  # deliveries, channels, links go with their people
    gone = set()
    for gid, key, phone, email in family.guardians:
        gone.update(g for (g,) in conn.execute(
            "SELECT id FROM guardians WHERE (id = ? AND name_key = ?) OR phone = ? OR email = ?",
            [gid, key, phone, email]))
    students = {s for sid, key in family.students for (s,) in conn.execute(
        "SELECT id FROM students WHERE id = ? AND name_key = ?", [sid, key])}
    if not gone and not students:
        return False
    with conn:
        ids = json.dumps(sorted(gone))
        conn.execute("DELETE FROM guardians WHERE id IN (SELECT value FROM json_each(?))", [ids])
        conn.execute("DELETE FROM students WHERE id IN (SELECT value FROM json_each(?))",
                     [json.dumps(sorted(students))])
        conn.execute("DELETE FROM guardian_search WHERE rowid IN (SELECT value FROM json_each(?))",
                     [ids])
        conn.execute("INSERT INTO guardian_search(guardian_search) VALUES ('optimize')")
    return True


def _write_back(memory: sqlite3.Connection, path: Path) -> None:
    """VACUUM the scrubbed copy into a fresh private file, then overwrite the backup in place."""
    fresh = path.with_name(f".{path.name}.scrub")
    fresh.unlink(missing_ok=True)
    os.close(os.open(fresh, os.O_CREAT | os.O_WRONLY, 0o600))
    try:
        memory.execute("VACUUM INTO ?", [str(fresh)])
        data = fresh.read_bytes()
        with path.open("r+b") as target:
            target.write(data)
            target.truncate()
            target.flush()
            os.fsync(target.fileno())
    finally:
        fresh.unlink(missing_ok=True)
