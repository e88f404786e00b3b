"""The SQLite file: permissions, pragmas, migrations with backups, concurrency, backup."""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster
from outreach.store import db as storage
from outreach.store import schema
from tests.conftest import spelled

DATA = Path(__file__).parent / "data"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_new_database_and_its_wal_and_shm_are_private(db_path: Path) -> None:
    db = storage.open_db(db_path)
    try:
        roster.add_guardian(db, {"surname": "Петрова", "phone": "8 912 345-67-89"})
        wal, shm = Path(f"{db_path}-wal"), Path(f"{db_path}-shm")
        assert wal.exists() and shm.exists()
        assert mode(db_path) == 0o600
        assert mode(wal) == 0o600
        assert mode(shm) == 0o600
    finally:
        db.close()


def test_pragmas_wal_foreign_keys_busy_timeout_and_version(db_path: Path) -> None:
    db = storage.open_db(db_path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO student_guardians(student_id, guardian_id) VALUES (999, 999)")
    finally:
        db.close()
    # WAL is a property of the file: any other tool sees it too.
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_plain_schema_is_readable_by_any_sqlite_tool(demo_db, db_path: Path) -> None:
    names = {n for (n,) in rows(db_path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"groups", "students", "guardians", "student_guardians", "audit_log", "settings"} <= names
    phones = rows(db_path, "SELECT typeof(phone), phone FROM guardians WHERE phone IS NOT NULL")
    assert phones and all(kind == "text" and value.startswith("+7") for kind, value in phones)


def test_migrating_a_version_0_file_creates_the_tables_without_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # an empty file at user_version 0
    db = storage.open_db(path)
    try:
        assert storage.schema_version(db) == schema.SCHEMA_VERSION
        assert {"groups", "students", "guardians", "settings"} <= set(db.table_names())
    finally:
        db.close()
    backups = tmp_path / "backups"
    assert not backups.exists() or not list(backups.iterdir())


CURRENT = schema.SCHEMA_VERSION
NEXT = CURRENT + 1


def install_next_migration(monkeypatch: pytest.MonkeyPatch, upgrade) -> None:
    """Pretend the next release ships `upgrade` as migration NEXT."""
    monkeypatch.setattr(storage, "MIGRATIONS", {**schema.MIGRATIONS, NEXT: upgrade})
    monkeypatch.setattr(storage, "SCHEMA_VERSION", NEXT)


def _current_file_with_data(path: Path) -> list[tuple]:
    db = storage.open_db(path)
    try:
        import_roster(db, DATA / "school_cp1251.csv")
        return db.execute("SELECT id, surname, phone FROM guardians ORDER BY id").fetchall()
    finally:
        db.close()


def test_migration_backs_up_first_and_keeps_the_data(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "school.db"
    before = _current_file_with_data(path)
    assert len(before) == 5
    next_migration: list[int] = []

    def upgrade(db) -> None:
        next_migration.append(NEXT)
        db.execute("ALTER TABLE guardians ADD COLUMN nickname TEXT")
        db.execute("UPDATE guardians SET nickname = 'x' || id")

    install_next_migration(monkeypatch, upgrade)
    db = storage.open_db(path)
    try:
        assert next_migration == [NEXT]
        assert storage.schema_version(db) == NEXT
        assert db.execute("SELECT id, surname, phone FROM guardians ORDER BY id").fetchall() == before
        assert db.execute("SELECT nickname FROM guardians WHERE id = 1").fetchone() == ("x1",)
    finally:
        db.close()
    backups = list((tmp_path / "backups").glob(f"school-v{CURRENT}-*.db"))
    assert len(backups) == 1
    assert mode(backups[0]) == 0o600
    assert rows(backups[0], "PRAGMA user_version") == [(CURRENT,)]
    assert rows(backups[0], "SELECT id, surname, phone FROM guardians ORDER BY id") == before
    assert rows(backups[0], "PRAGMA integrity_check") == [("ok",)]
    # Opening again does not migrate nor back up again.
    storage.open_db(path).close()
    assert next_migration == [NEXT]
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "school.db"
    before = _current_file_with_data(path)

    def broken(db) -> None:
        db.execute("ALTER TABLE guardians ADD COLUMN nickname TEXT")
        db.execute("DELETE FROM guardians")
        raise RuntimeError("half-way")

    install_next_migration(monkeypatch, broken)
    with pytest.raises(RuntimeError):
        storage.open_db(path)
    assert rows(path, "PRAGMA user_version") == [(CURRENT,)]
    assert rows(path, "SELECT id, surname, phone FROM guardians ORDER BY id") == before
    columns = [r[1] for r in rows(path, "PRAGMA table_info(guardians)")]
    assert "nickname" not in columns


def test_a_writer_thread_and_a_reader_writer_never_see_database_locked(db_path: Path) -> None:
    storage.open_db(db_path).close()
    errors: list[BaseException] = []
    done = threading.Event()

    def writer() -> None:
        db = storage.connect(db_path)
        try:
            for i in range(60):
                roster.add_guardian(db, {"surname": "Писатель", "name": f"Номер{spelled(i)}"})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            db.close()
            done.set()

    thread = threading.Thread(target=writer)
    thread.start()
    db = storage.connect(db_path)
    try:
        seen = added = 0
        while not done.is_set() or seen < 60:
            seen = roster.count_guardians(db, roster.Filter(text="писатель"))
            added += 1  # a child of each name: the same one twice in a class is refused
            roster.add_student(db, "Читатель", f"Ученик{spelled(added)}", "", "10А")
            if done.is_set():
                seen = roster.count_guardians(db, roster.Filter(text="писатель"))
                break
    finally:
        thread.join(30)
        db.close()
    assert not errors, errors
    assert seen == 60
    assert rows(db_path, "SELECT count(*) FROM students") and rows(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_a_held_write_lock_makes_the_other_writer_wait_not_fail(db_path: Path) -> None:
    storage.open_db(db_path).close()
    first = storage.connect(db_path)
    second = storage.connect(db_path)
    try:
        first.conn.execute("BEGIN IMMEDIATE")
        first.conn.execute("INSERT INTO groups(name) VALUES ('10А')")
        # WAL: readers are not blocked by the open write transaction.
        assert second.execute("SELECT count(*) FROM groups").fetchone()[0] == 0
        release = threading.Timer(0.4, first.conn.commit)
        release.start()
        started = time.monotonic()
        with second.conn:
            second.conn.execute("INSERT INTO groups(name) VALUES ('10Б')")
        assert time.monotonic() - started >= 0.2
        release.join()
        assert sorted(n for (n,) in second.execute("SELECT name FROM groups")) == ["10А", "10Б"]
    finally:
        first.close()
        second.close()


def test_backup_command_writes_a_valid_private_copy(cli, demo_db, db_path: Path, tmp_path: Path) -> None:
    count = demo_db.execute("SELECT count(*) FROM guardians").fetchone()[0]
    target = tmp_path / "copies" / "outreach-backup.db"
    result = cli("backup", str(target))
    assert result.exit_code == 0, result.output
    assert str(target) in result.stdout
    assert mode(target) == 0o600
    assert rows(target, "PRAGMA integrity_check") == [("ok",)]
    assert rows(target, "SELECT count(*) FROM guardians") == [(count,)]
    assert rows(target, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    # A backup is a full database: it opens with outreach and lists the same roster.
    copy = storage.open_db(target)
    try:
        assert [g.id for g in roster.list_guardians(copy)] == [g.id for g in roster.list_guardians(demo_db)]
    finally:
        copy.close()


def test_outreach_db_environment_chooses_the_file(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from outreach.cli.main import app

    target = tmp_path / "env" / "chosen.db"
    target.parent.mkdir()  # a named file is made on first use; its folder never is
    monkeypatch.setenv("OUTREACH_DB", str(target))
    result = CliRunner().invoke(app, ["settings", "set", "teacher_name", "Белова О. Н."])
    assert result.exit_code == 0, result.output
    assert rows(target, "SELECT value FROM settings WHERE key = 'teacher_name'") == [("Белова О. Н.",)]


def test_default_database_lives_in_the_user_data_dir(isolated_env: Path) -> None:
    from typer.testing import CliRunner

    from outreach.cli.main import app

    result = CliRunner().invoke(app, ["settings", "show", "--json"])
    assert result.exit_code == 0, result.output
    assert (isolated_env / "outreach.db").is_file()
    assert mode(isolated_env / "outreach.db") == 0o600


def test_a_write_from_another_connection_during_an_import_loses_nothing(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The teacher adds a parent in the app while a script imports a file."""
    from outreach.roster.importing import importer

    storage.open_db(db_path).close()
    threads: list[threading.Thread] = []
    errors: list[BaseException] = []

    def add_elsewhere() -> None:
        other = storage.connect(db_path)
        try:
            roster.add_guardian(other, {"surname": "Параллельная", "phone": "89160001122"})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            other.close()

    class RacingResolver(importer.Resolver):
        def __init__(self, db) -> None:
            super().__init__(db)
            if not threads:  # once the stored roster has been read, another writer strikes
                threads.append(threading.Thread(target=add_elsewhere))
                threads[0].start()
                threads[0].join(0.5)

    monkeypatch.setattr(importer, "Resolver", RacingResolver)
    db = storage.open_db(db_path)
    try:
        report = import_roster(db, DATA / "school_cp1251.csv")
        threads[0].join(30)
        assert report.written and not errors, errors
        surnames = {g.surname for g in roster.list_guardians(db)}
        assert {"Параллельная", "Иванова", "Семёнова"} <= surnames
        assert roster.count_guardians(db) == 6
    finally:
        db.close()
