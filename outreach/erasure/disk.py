"""Erasing a forgotten family down to the disk: the erasure journal, the database file, the
backups outreach made itself before migrations and those the teacher made (`outreach backup`).

`roster forget` writes a journal row in the same transaction that deletes the family: ids and
salted hashes of their names and contacts, never the data itself. The rest is then finished
from the journal, by that run or by the next start after a crash: the database file is
checkpointed (its write-ahead log folded in and truncated), and every migration backup
(`paths.migration_backups`, possibly an older schema) and every copy `outreach backup` wrote
(the `backups` table) is scrubbed. A backup matches a guardian
by the same id and name, or the same phone or e-mail; a student by the same id and name. A
scrubbed copy is written whole beside the backup, then copied over the backup in place (so the
old bytes are overwritten, not merely unlinked); a copy left by a crash is finished at start.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from outreach.common import clock, collation
from outreach.common.errors import reason_of
from outreach.common.faults import pause
from outreach.common.paths import database_file, migration_backups
from outreach.common.private_files import TEMP_SUFFIX, is_database, replacing_file
from outreach.store import search
from outreach.store.db import backups_locked, insert

CHECKPOINT_WAIT_MS = 2_000  # how long `forget` waits for readers before saying who holds the file
SCRUB_SUFFIX = ".scrub"


def _hash(salt: str, value: str | None) -> str | None:
    if value is None:
        return None
    return hmac.new(bytes.fromhex(salt), value.encode(), hashlib.sha256).hexdigest()[:32]


@dataclass
class Erasure:
    """One journal row: who is being forgotten, as ids and salted hashes, and what is done."""

    id: int
    salt: str
    guardians: list[list[Any]]  # [id, hash(name_key), hash(phone), hash(email)]
    students: list[list[Any]]  # [id, hash(name_key)]
    folders_done: bool = False
    backups_done: list[str] = field(default_factory=list)
    backups: int = 0

    @property
    def guardian_ids(self) -> set[int]:
        return {int(g[0]) for g in self.guardians}

    @property
    def student_ids(self) -> set[int]:
        return {int(s[0]) for s in self.students}

    def contacts(self) -> set[str]:
        return {h for g in self.guardians for h in g[2:] if isinstance(h, str)}


_COLUMNS = "id, salt, guardians, students, folders_done, backups_done, backups"


def _erasure(row: tuple[Any, ...]) -> Erasure:
    eid, salt, guardians, students, folders_done, backups_done, backups = row
    return Erasure(eid, salt, json.loads(guardians), json.loads(students), bool(folders_done),
                   json.loads(backups_done), backups)


def record(db: sqlite_utils.Database, guardians: set[int], students: set[int]) -> Erasure:
    """Journal the erasure of these people (call inside the transaction that deletes them)."""
    salt = secrets.token_hex(16)
    ids = json.dumps(sorted(guardians))
    people = [[gid, _hash(salt, key), _hash(salt, phone), _hash(salt, email)]
              for gid, key, phone, email in db.execute(
                  "SELECT id, name_key, phone, email FROM guardians"
                  " WHERE id IN (SELECT value FROM json_each(?))", [ids])]
    children = [[sid, _hash(salt, key)] for sid, key in db.execute(
        "SELECT id, name_key FROM students WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(students))])]
    eid = insert(db,
        "INSERT INTO erasure_journal(created_at, salt, guardians, students) VALUES (?, ?, ?, ?)",
        [clock.now_iso(), salt, json.dumps(people), json.dumps(children)])
    return Erasure(eid, salt, people, children)


def pending(db: sqlite_utils.Database) -> list[Erasure]:
    return [_erasure(row) for row in db.execute(
        f"SELECT {_COLUMNS} FROM erasure_journal WHERE done_at IS NULL ORDER BY id")]


def unfinished(db: sqlite_utils.Database) -> bool:
    """Whether a crash or a reader left an erasure or a scrub to finish (a query and, when
    the backups folder exists, a look into it)."""
    if db.execute("SELECT 1 FROM erasure_journal WHERE done_at IS NULL LIMIT 1").fetchone():
        return True
    path = database_file(db)
    folder = path.parent / "backups" if path is not None else None
    return folder is not None and folder.is_dir() and any(
        name.startswith(".") and name.endswith((SCRUB_SUFFIX, TEMP_SUFFIX)) for name in os.listdir(folder))


def journalled(db: sqlite_utils.Database, guardian_id: int | None,
               student_id: int | None) -> Erasure | None:
    """The latest erasure that took this guardian or student, if they no longer exist."""
    table, wanted = ("guardians", guardian_id) if guardian_id is not None else ("students", student_id)
    if db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [wanted]).fetchone():
        return None
    for row in db.execute(f"SELECT {_COLUMNS} FROM erasure_journal ORDER BY id DESC"):
        erasure = _erasure(row)
        if guardian_id in erasure.guardian_ids or student_id in erasure.student_ids:
            return erasure
    return None


def is_done(db: sqlite_utils.Database, erasure: Erasure) -> bool:
    row = db.execute("SELECT done_at FROM erasure_journal WHERE id = ?", [erasure.id]).fetchone()
    return row is None or row[0] is not None


def mark_folders_done(db: sqlite_utils.Database, erasure: Erasure) -> None:
    with db.atomic():
        db.execute("UPDATE erasure_journal SET folders_done = 1 WHERE id = ?", [erasure.id])
    erasure.folders_done = True


def mark_done(db: sqlite_utils.Database, erasure: Erasure) -> None:
    """Finished everywhere: keep only the ids (a later `forget` of them can say so)."""
    with db.atomic():
        db.execute("UPDATE erasure_journal SET done_at = ?, salt = '', guardians = ?, students = ?"
                   " WHERE id = ?", [clock.now_iso(), json.dumps([[g] for g in sorted(erasure.guardian_ids)]),
                                     json.dumps([[s] for s in sorted(erasure.student_ids)]), erasure.id])


def delete_family(db: sqlite_utils.Database, guardians: set[int], students: set[int],
                  responses: Iterable[int] = ()) -> None:
    """Delete the family (their deliveries, channels, links and team places go with them by
    foreign key; a team's name that names them is cleared), their survey responses with the answers, what they wrote in another parent's inbox thread, the choice options only their
    answers used in imported surveys (free text the import turned into options), and their
    search index rows; a parent who stays (a child of theirs stays) loses the erased children
    from their search row. Call inside a transaction."""
    ids = json.dumps(sorted(guardians))
    staying = {g for (g,) in db.execute(
        "SELECT guardian_id FROM student_guardians WHERE student_id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(students))])} - guardians
    if "contest_teams" in db.table_names():
        # imported here: the contest's store loads its presets, and every command loads this module
        from outreach.contest.store import unname_teams_of

        unname_teams_of(db, guardians, students)
    if "survey_responses" in db.table_names():
        taken = json.dumps(sorted({*responses, *(r for (r,) in db.execute(
            "SELECT id FROM survey_responses WHERE guardian_id IN (SELECT value FROM json_each(?))",
            [ids]))}))
        db.execute(_THEIR_OPTIONS, [taken, taken])
        db.execute("DELETE FROM survey_responses WHERE id IN (SELECT value FROM json_each(?))", [taken])
    if "sender_guardian_id" in db["inbox_messages"].columns_dict:  # what they wrote in another parent's thread
        db.execute("DELETE FROM inbox_messages WHERE sender_guardian_id IN (SELECT value FROM json_each(?))", [ids])
    db.execute("DELETE FROM guardians WHERE id IN (SELECT value FROM json_each(?))", [ids])
    db.execute("DELETE FROM students WHERE id IN (SELECT value FROM json_each(?))",
               [json.dumps(sorted(students))])
    if staying:  # a class erased: its parents with a child in another class (a backup's schema may be older)
        search.reindex(db, staying, search.fields_in(db))
    search.drop(db, guardians)  # merges the index segments too: the old rows leave the file


_THEIR_OPTIONS = """
DELETE FROM survey_options WHERE id IN (
    SELECT a.option_id FROM survey_answers a WHERE a.response_id IN (SELECT value FROM json_each(?)))
AND id NOT IN (
    SELECT a.option_id FROM survey_answers a WHERE a.option_id IS NOT NULL
    AND a.response_id NOT IN (SELECT value FROM json_each(?)))
AND question_id IN (
    SELECT q.id FROM survey_questions q JOIN surveys s ON s.id = q.survey_id
    WHERE s.template IS NULL AND q.type IN ('single', 'multiple'))
"""


def responses_by_contact(db: sqlite_utils.Database, phones: set[str], emails: set[str]) -> set[int]:
    """Survey responses matched to nobody that carry one of these phones or e-mails."""
    return {r for (r,) in db.execute(
        "SELECT id FROM survey_responses WHERE phone IN (SELECT value FROM json_each(?))"
        " OR email IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(phones)), json.dumps(sorted(emails))])}


# -- the database file --------------------------------------------------------------------------


def checkpoint(db: sqlite_utils.Database) -> list[str] | None:
    """Fold the write-ahead log into the database file and truncate it, so the deleted rows
    leave the disk. None when done; otherwise the programs holding the file open (may be
    empty when they cannot be named)."""
    previous = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
    try:
        with db.ensure_autocommit_on():
            busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        db.execute(f"PRAGMA busy_timeout={previous}")
    path = database_file(db)
    return None if not busy else (_holders(path) if path else [])


def _holders(path: Path) -> list[str]:
    """Other processes with the database (or its log) open, as "name (pid N)"; Linux only."""
    names = {os.path.realpath(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")}
    found = []
    for entry in Path("/proc").iterdir() if Path("/proc/self/fd").is_dir() else []:
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if any(os.readlink(fd) in names for fd in (entry / "fd").iterdir()):
                found.append(f"{(entry / 'comm').read_text().strip()} (pid {entry.name})")
        except OSError:
            continue  # gone, or not ours to look at
    return found


# -- migration backups --------------------------------------------------------------------------


def finish_leftovers(db_path: Path) -> None:
    """After a crash: copy a complete scrubbed copy over its backup, remove temporary files.
    Skipped while another process works on the backups."""
    folder = db_path.parent / "backups"
    if not folder.is_dir():
        return
    with backups_locked(db_path, wait=False) as free:
        if not free:
            return
        for scrubbed in folder.glob(f".*{SCRUB_SUFFIX}"):
            backup = scrubbed.with_name(scrubbed.name[1:-len(SCRUB_SUFFIX)])
            if backup.exists():
                _overwrite(backup, scrubbed)
            scrubbed.unlink()
        for temp in folder.glob(f".*{TEMP_SUFFIX}"):
            temp.unlink(missing_ok=True)


@dataclass
class Scrubbed:
    """What `scrub_backups` did: files changed, and files it could not read or write."""

    changed: int = 0
    failed: list[tuple[Path, str]] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)  # recorded copies no longer where made


def scrub_backups(db: sqlite_utils.Database, erasure: Erasure) -> Scrubbed:
    """Remove the family from every backup (migration backups, the teacher's own) not yet done; a damaged file is reported
    (and tried again at the next start), and so is a copy of the teacher's no longer where
    `outreach backup` wrote it (moved: it may still hold the family)."""
    done = Scrubbed()
    db_path = database_file(db)
    if db_path is None:
        return done
    with backups_locked(db_path):
        finished = set(json.loads(db.execute(
            "SELECT backups_done FROM erasure_journal WHERE id = ?", [erasure.id]).fetchone()[0]))
        found, missing = _backups(db, db_path)
        done.missing = [path for path in missing if str(path) not in finished]
        for key, path in found:
            if key in finished:
                continue
            try:
                changed = _scrub(path, erasure)
            except (sqlite3.Error, OSError) as exc:
                done.failed.append((path, reason_of(exc)))
                continue
            done.changed += changed
            with db.atomic():
                db.execute("UPDATE erasure_journal SET backups_done = json_insert(backups_done,"
                           " '$[#]', ?), backups = backups + ? WHERE id = ?",
                           [key, int(changed), erasure.id])
    erasure.backups += done.changed
    return done


def _backups(db: sqlite_utils.Database, db_path: Path) -> tuple[list[tuple[str, Path]], list[Path]]:
    """Every backup to scrub, keyed as the journal notes it done: the migration backups by
    name, the teacher's own copies (`outreach backup`) still there by their full path; and
    the teacher's copies no longer there."""
    found = [(path.name, path) for path in migration_backups(db_path)]
    missing = []
    for (kept,) in db.execute("SELECT path FROM backups ORDER BY path"):
        if is_database(Path(kept)):
            found.append((kept, Path(kept)))
        elif not os.path.lexists(kept):
            missing.append(Path(kept))
    return found, missing


def _scrub(path: Path, erasure: Erasure) -> bool:
    memory = sqlite3.connect(":memory:")
    try:
        source = sqlite3.connect(path)  # closing it folds and removes any -wal/-shm
        try:
            source.backup(memory)
        finally:
            source.close()
        collation.register(memory)  # the app's SQL runs on the copy as on the file
        copy = sqlite_utils.Database(memory)
        search.register(copy)
        copy.execute("PRAGMA foreign_keys=ON")  # deliveries, channels, links go with their people
        guardians, students, responses = _matches(copy, erasure)
        if not (guardians or students or responses):
            return False
        with memory:
            delete_family(copy, guardians, students, responses)
        _write_back(memory, path)
        return True
    finally:
        memory.close()


def _matches(copy: sqlite_utils.Database, erasure: Erasure) -> tuple[set[int], set[int], set[int]]:
    """The family's rows in a backup: ids with the same name, or the same phone or e-mail."""
    salt = erasure.salt
    named = {(int(g[0]), g[1]) for g in erasure.guardians}
    contacts = erasure.contacts()
    guardians = {gid for gid, key, phone, email in copy.execute(
        "SELECT id, name_key, phone, email FROM guardians")
        if (gid, _hash(salt, key)) in named or {_hash(salt, phone), _hash(salt, email)} & contacts}
    children = {(int(s[0]), s[1]) for s in erasure.students}
    students = {sid for sid, key in copy.execute("SELECT id, name_key FROM students")
                if (sid, _hash(salt, key)) in children}
    responses: set[int] = set()
    if "survey_responses" in copy.table_names():
        responses = {rid for rid, phone, email in copy.execute(
            "SELECT id, phone, email FROM survey_responses WHERE phone IS NOT NULL OR email IS NOT NULL")
            if {_hash(salt, phone), _hash(salt, email)} & contacts}
    return guardians, students, responses


def _write_back(memory: sqlite3.Connection, path: Path) -> None:
    """VACUUM the scrubbed copy into a complete private file beside the backup, then copy it
    over the backup in place; a kill in between leaves the copy for `finish_leftovers`."""
    scrubbed = path.with_name(f".{path.name}{SCRUB_SUFFIX}")
    with replacing_file(scrubbed, database=True) as temp:
        memory.execute("VACUUM INTO ?", [str(temp)])
    pause("scrub.copied")
    _overwrite(path, scrubbed)
    scrubbed.unlink()


def _overwrite(target: Path, source: Path) -> None:
    with source.open("rb") as data, target.open("r+b") as out:
        shutil.copyfileobj(data, out)
        out.truncate()
        out.flush()
        os.fsync(out.fileno())
