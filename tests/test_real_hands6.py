"""A Russian teacher's and a script writer's hands on the Students screen, export, backup,
forgetting a family and removing people (sixth pass): each test is a slip or a surprise met
there, and fails without its fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from textual.pilot import Pilot

from outreach.contest.store import student_teams
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.roster.students import StudentsScreen
from tests.conftest import Cli
from tests.tui_support import open_section, settle, until


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


@pytest.mark.parametrize(("lang", "said"), [("en", "a file already there is replaced"),
                                            ("ru", "если такой файл уже есть, он заменяется")])
def test_backup_help_says_a_file_already_there_is_replaced(cli: Cli, lang: str, said: str) -> None:
    """Scripts rely on the replacing (the app asks first); the help says it."""
    result = cli("--lang", lang, "backup", "--help")
    assert result.exit_code == 0 and said in " ".join(result.stdout.replace("│", " ").split())


def family_traces(db: sqlite_utils.Database, student_id: int) -> list[bytes]:
    """The names, phones and e-mails of a student's family, as they sit in a file."""
    rows = db.execute(
        "SELECT g.name_key, g.phone, g.email FROM guardians g"
        " JOIN student_guardians sg ON sg.guardian_id = g.id WHERE sg.student_id = ?", [student_id]).fetchall()
    return [value.encode() for row in rows for value in row if value]


def test_forgetting_a_family_erases_it_from_the_backups_the_teacher_made(
        demo_db: sqlite_utils.Database, tmp_path: Path, cli: Cli, russian: None) -> None:
    """The teacher made «outreach backup ~/Резерв/до.db» in September; in December a family
    asked to be forgotten: «Удалено» was said, and the September copy still held their names,
    phones and e-mails (only the copies made before upgrades were scrubbed)."""
    traces = family_traces(demo_db, 1)
    assert len(traces) >= 2
    backup = tmp_path / "Резерв копии" / "до.db"
    assert cli("backup", str(backup)).exit_code == 0
    assert all(trace in backup.read_bytes() for trace in traces)
    result = cli("roster", "forget", "--student", "1", "--yes")
    assert result.exit_code == 0, result.output
    assert "Также удалено из резервных копий: 1." in result.stdout
    left = b"".join(path.read_bytes() for path in backup.parent.iterdir())
    assert [trace for trace in traces if trace in left] == []
    with sqlite_utils.Database(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert guardian_count(copy) == guardian_count(demo_db) > 0


async def select(pilot: Pilot[None], screen: StudentsScreen, wanted: Callable[[int], bool]) -> None:
    """Put the cursor on the first listed student for whom `wanted(id)` holds."""
    await until(pilot, lambda: screen.table.loaded_row_count == screen.table.row_count > 0)
    screen.table.cursor = next(i for i in range(screen.table.row_count)
                               if wanted(screen.table.row_at(i).data.id))
    await settle(pilot)


async def test_removing_a_student_names_the_contest_team_they_drive_in(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """Removing Софья (she left the school) was asked as «the links to the parents go, the
    parents stay»; nothing said that her team «Кузнецовы» of the 2025 contest would be left
    without its driver and its name on the scoreboard."""
    (title,) = demo_db.execute("SELECT c.title FROM contests c JOIN contest_teams t ON t.contest_id = c.id"
                               " JOIN contest_team_members m ON m.team_id = t.id WHERE m.student_id = 1").fetchone()
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "s", StudentsScreen)
        await select(pilot, screen, lambda sid: sid == 1)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"команда 1 («{title}»)" in app.screen.body
        assert "без водителя" in app.screen.body
        assert "название и результаты команды остаются" in app.screen.body  # the name stays
        await pilot.press("escape")
        await settle(pilot)
        await select(pilot, screen, lambda sid: not student_teams(demo_db, sid))
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "соревнован" not in app.screen.body  # one without a team: as before
