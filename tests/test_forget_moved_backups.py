"""A copy `outreach backup` wrote and the teacher has since moved: forgetting a family cannot
scrub it, and says so (the family's data may still be in it where she put it)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.erasure.forget import forget_family
from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.roster.screen import RosterScreen
from tests.conftest import Cli
from tests.tui_support import open_section, recorded_notifications, settle, until


def moved_backup(cli: Cli, tmp_path: Path) -> tuple[Path, Path]:
    """(where `outreach backup` wrote it, where the teacher moved it)."""
    made = tmp_path / "Резерв" / "сентябрь.db"
    assert cli("backup", str(made)).exit_code == 0
    moved = tmp_path / "флешка" / "сентябрь.db"
    moved.parent.mkdir()
    made.rename(moved)
    return made, moved


def test_the_cli_names_a_recorded_backup_that_is_gone(demo_db: sqlite_utils.Database, tmp_path: Path,
                                                      cli: Cli) -> None:
    kept = tmp_path / "kept.db"
    assert cli("backup", str(kept)).exit_code == 0
    made, moved = moved_backup(cli, tmp_path)
    result = cli("roster", "forget", "--student", "1", "--yes")
    assert result.exit_code == 0, result.output
    assert "Also erased from backups: 1." in result.output  # the copy still there
    said = " ".join(result.stderr.split())
    assert f"is no longer where it was made: {made.resolve()}" in said
    assert "still holds the family's data" in said
    with sqlite_utils.Database(moved) as copy:  # not touched: it could not be found
        assert copy.execute("SELECT 1 FROM students WHERE id = 1").fetchone()


def test_the_json_lists_the_missing_backups(demo_db: sqlite_utils.Database, tmp_path: Path,
                                            cli: Cli) -> None:
    made, _ = moved_backup(cli, tmp_path)
    done = cli.json("roster", "forget", "--guardian", "1", "--yes", "--json")
    assert done["backups_missing"] == [str(made.resolve())]
    assert done["backups_failed"] == [] and done["guardians"] >= 1
    assert cli.json("roster", "forget", "--student", "2", "--yes", "--json")["backups_missing"] == [
        str(made.resolve())]  # every later erasure: the copy was made before it


def test_nothing_is_said_when_every_backup_is_in_its_place(demo_db: sqlite_utils.Database,
                                                           tmp_path: Path) -> None:
    done = forget_family(demo_db, student_id=1)
    assert done["backups_missing"] == []


def test_the_russian_line(demo_db: sqlite_utils.Database, tmp_path: Path, cli: Cli,
                          russian: None) -> None:
    made, _ = moved_backup(cli, tmp_path)
    result = cli("roster", "forget", "--student", "1", "--yes")
    said = " ".join(result.stderr.split())
    assert f"Резервной копии больше нет там, где она была сделана: {made.resolve()}" in said


async def test_the_app_says_it_after_forgetting(demo_db: sqlite_utils.Database, db_path: Path,
                                                tmp_path: Path, cli: Cli,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    made, _ = moved_backup(cli, tmp_path)
    guardian = next(g for g in roster.list_guardians(demo_db) if g.students)
    app = make_app(db_path)
    notes = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        screen.finder.search_input.value = guardian.email or guardian.phone or ""
        await until(pilot, lambda: screen.finder.table.row_count == 1)
        await open_section(pilot, "f", ConfirmScreen)
        await pilot.press("shift+tab", "enter")
        await until(pilot, lambda: any("Erased" in note for note in notes))
    [note] = [note for note in notes if "Erased" in note]
    assert str(made.resolve()) in note and "still holds the family's data" in note
