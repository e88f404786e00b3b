"""A Russian teacher's and a script writer's hands on the Students screen, export, backup,
forgetting a family and removing people (sixth pass): each test is a slip or a surprise met
there, and fails without its fix."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from tests.conftest import Cli


def guardian_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM guardians").fetchone()[0])


def test_an_export_never_writes_over_a_database(demo_db: sqlite_utils.Database, db_path: Path,
                                                cli: Cli, russian: None) -> None:
    """`outreach roster export outreach.db` (the file name tab-completed) wrote the CSV over the
    database itself: the whole roster gone, «file is not a database» from then on."""
    before = guardian_count(demo_db)
    for args in (["roster", "export", str(db_path)], ["roster", "export", str(db_path), "--excel"],
                 ["backup", str(db_path)]):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert str(db_path) in result.stderr and "база данных" in result.stderr
        assert "Traceback" not in result.stderr
    assert db_path.read_bytes().startswith(b"SQLite format 3\x00")
    assert guardian_count(demo_db) == before


def test_a_backup_still_replaces_an_older_backup(demo_db: sqlite_utils.Database, tmp_path: Path,
                                                 cli: Cli) -> None:
    """Writing today's backup over last week's stays allowed (only the live file is refused)."""
    target = tmp_path / "копии" / "outreach.db"
    assert cli("backup", str(target)).exit_code == 0
    assert cli("backup", str(target)).exit_code == 0
    with sqlite_utils.Database(target) as copy:
        assert guardian_count(copy) == guardian_count(demo_db)
