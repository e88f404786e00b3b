"""Opening the SQLite file: private permissions, WAL, foreign keys, migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlite_utils

from outreach.common import clock, collation, groups, paths
from outreach.common.errors import OutreachError, reason_of
from outreach.common.faults import pause
from outreach.common.formats import first_names
from outreach.common.i18n import t
from outreach.common.private_files import folder_locked, private_dir, replacing_file, set_mode
from outreach.store import search
from outreach.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000
_WAL_TRIES = 100  # × 0.05 s: as long as the busy timeout's share of a first start needs


@contextmanager
def backups_locked(db_path: Path, wait: bool = True) -> Iterator[bool]:
    """One process at a time writes or scrubs the backups; with `wait=False`, yields whether
    the lock was free."""
    folder = db_path.parent / "backups"
    if not folder.is_dir():
        yield True
        return
    with folder_locked(folder, wait) as free:
        yield free


def _touch_private(path: Path) -> None:
    """Create the database file 0600 before SQLite does; its -wal/-shm inherit the mode."""
    private_dir(path.parent)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    set_mode(path, 0o600)


class Database(sqlite_utils.Database):
    """`atomic()` takes the write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads first cannot become a writer once another connection
    has committed (WAL answers "database is locked" at once, ignoring the busy timeout).
    """

    @contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. Several processes opening a new file at once: one may find it locked while
    another switches it, and SQLite then answers «database is locked» at once, without its busy
    handler; that one tries again."""
    for attempt in range(_WAL_TRIES):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_TRIES - 1:
                raise
            clock.sleep(0.05)


def connect(path: Path | str) -> sqlite_utils.Database:
    """A connection usable from any thread, without migrating (for workers)."""
    path = Path(path)
    _touch_private(path)
    conn = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    db = Database(conn, execute_plugins=False)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    with db.ensure_autocommit_on():
        _use_wal(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("PRAGMA synchronous=NORMAL")
    search.register(db)
    groups.register(db)
    collation.register(conn)
    return db


def _refuse_other_files(path: Path) -> None:
    """An OutreachError, before anything is touched (its mode, its journal, tables added), when
    `path` holds something else than an outreach database: a folder, a file of another kind, or
    another program's SQLite database."""
    if path.is_dir():
        reason = t("it is a folder, not a file")
    elif not path.is_file() or path.stat().st_size == 0:
        return
    else:
        reason = _not_ours(path)
        if not reason:
            return
    raise OutreachError(t("Cannot open the database {path}: {reason}.", path=str(path), reason=reason))


def _not_ours(path: Path) -> str:
    """Why an existing file is no outreach database this version can use ('' when it is one:
    its version is set, and not beyond this version's),
    asked of SQLite itself, read-only. Never through a plain file handle: closing one drops
    every lock this process's connections hold on the file (POSIX locks go with any of its
    descriptors), and another process would then take itself for the last user and delete
    the shared WAL index under them."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:  # this outreach would miss what the newer one keeps
            return t("it was written by a newer version of outreach (its schema {found}, this version knows up to {known}); install that version here too",
                     found=version, known=SCHEMA_VERSION)
        if version:
            return ""
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name")]
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB":
            return t("the file is not an SQLite database")
        raise
    finally:
        conn.close()
    if not tables:
        return ""
    return t("it is another program's SQLite database (tables: {tables}); give outreach a file of its own",
             tables=first_names(tables, 5))


def open_db(path: Path | str | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path` or the default."""
    db_path = Path(path) if path else paths.default_db_path()
    _refuse_other_files(db_path)
    db = connect(db_path)
    migrate(db, db_path)
    return db


def insert(db: sqlite_utils.Database, sql: str, params: Sequence[object]) -> int:
    """Run one INSERT and return the new row's id."""
    row_id = db.execute(sql, params).lastrowid
    if row_id is None:  # sqlite3 sets it after every INSERT; None means `sql` inserted nothing
        raise sqlite3.ProgrammingError(f"not an INSERT: {sql.split(maxsplit=1)[0]}")
    return row_id


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database, db_path: Path) -> None:
    """Run pending migrations forward in one transaction, after a backup when the file already
    holds data. One process at a time (a lock on the database's folder): the others, opening
    the same new file at once, read the version again once they hold it and find it done."""
    if schema_version(db) >= SCHEMA_VERSION:
        return
    with folder_locked(db_path.parent):
        version = schema_version(db)
        if version >= SCHEMA_VERSION:
            return
        if version > 0:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = paths.migration_backup(db_path, version, stamp)
            with backups_locked(db_path):
                backup(db, target)
        with db.atomic():
            for step in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[step](db)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            pause("migrate.applied")  # a kill here rolls every step back (tests)


def backup(db: sqlite_utils.Database, target: Path | str) -> Path:
    """Copy the live database to `target` with SQLite's online backup API (0600); the file
    appears under its name only once the copy is complete."""
    target = Path(target)
    source = paths.database_file(db)
    if source and target.exists() and os.path.samefile(source, target):
        raise OutreachError(t("{path} is the database itself; give the backup another file name.", path=str(target)))
    with replacing_file(target, database=True) as temp:
        dest = sqlite3.connect(temp)
        try:
            db.conn.backup(dest)
        except sqlite3.OperationalError as exc:  # the copy's disk is full, read-only or gone
            raise OutreachError(t("Cannot write {path}: {reason}.", path=str(target), reason=reason_of(exc))) from None
        finally:
            dest.close()
        pause("backup.copied")
    return target


def keep_backup(db: sqlite_utils.Database, target: Path | str) -> Path:
    """`backup` for the teacher (`outreach backup`), remembered: forgetting a family later
    erases it from this copy too."""
    written = backup(db, target)
    with db.atomic():
        db.execute("INSERT INTO backups(path, made_at) VALUES (?, ?)"
                   " ON CONFLICT(path) DO UPDATE SET made_at = excluded.made_at",
                   [str(written.resolve()), clock.now_iso()])
    return written
