"""What an import built is let go of beside, a slice at a time, and nothing the report holds
goes with it; a command closes the databases it opened."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from outreach.common.release import SLICE, containers, release
from outreach.roster.importing.importer import DROP_THREAD, import_roster
from tests.conftest import Cli


@dataclass
class Built:
    rows: list[list[str]] = field(default_factory=list)
    index: dict[str, list[int]] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)
    name: str = "kept"


def test_release_empties_every_container_it_is_given() -> None:
    built = Built([[str(i)] * 3 for i in range(3 * SLICE + 7)], {str(i): [i] for i in range(SLICE + 1)},
                  set(range(2 * SLICE)))
    boxes = containers(built)
    assert [type(b) for b in boxes] == [list, dict, set]  # the attributes that are containers
    release(boxes)
    assert (built.rows, built.index, built.seen, built.name) == ([], {}, set(), "kept")


def test_the_report_survives_what_the_import_lets_go_of(db: sqlite_utils.Database, tmp_path: Path) -> None:
    source = tmp_path / "class.csv"
    source.write_text("Ученик;Класс;Мама;Телефон\n"
                      "Алексеев Дмитрий;5Б;Алексеева Ольга;89123456701\n"
                      "Борисова Анна;5Б;Борисова Марина;12345\n", encoding="utf-8")
    report = import_roster(db, source, skip_invalid=True, rejects=tmp_path / "rejects.csv")
    for thread in threading.enumerate():
        if thread.name == DROP_THREAD:
            thread.join()
    assert [(p.row, p.value) for p in report.rejected] == [(3, "12345")]
    assert report.guardians.created == 1 and report.sheets[0].rows == 2


def test_a_command_closes_the_database_it_opened(cli: Cli, db_path: Path) -> None:
    """The last connection to close removes the -wal and -shm files (left behind, a 100,000-row
    import's was 80 MB)."""
    assert cli("settings", "set", "teacher_name", "Белова").exit_code == 0  # creates the file
    assert cli("roster", "list").exit_code == 0
    assert db_path.exists()
    assert not Path(f"{db_path}-wal").exists() and not Path(f"{db_path}-shm").exists()
