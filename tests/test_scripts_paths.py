"""A database path a script or the teacher names (--db, OUTREACH_DB) is taken at its word: a
missing folder is refused, a missing file is made only by a command that puts data in; what
`settings show` prints is what a send will use; `/` where there is nothing to search says so.
Real SQLite files, the CLI's runner and the real app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outreach.cli.main import app as cli_app
from outreach.common.i18n import set_language
from tests.conftest import Cli

DATA = Path(__file__).parent / "data"
READING = [("roster", "list", "--json"), ("roster", "export", "-"), ("channels", "report", "--json"),
           ("message", "plan", "1"), ("message", "log", "1"), ("message", "list", "--json"),
           ("survey", "results", "1"), ("contest", "show", "1"), ("contest", "board", "1"),
           ("settings", "show"), ("inbox", "list"), ("send-due", "--json")]
WRITING = [("demo",), ("roster", "import", str(DATA / "school_cp1251.csv")),
           ("roster", "add-guardian", "--surname", "Петрова", "--name", "Анна"),
           ("roster", "add-student", "--surname", "Петров", "--name", "Иван", "--group", "10А"),
           ("settings", "set", "teacher_name", "Белова"), ("survey", "new", "--template", "channels"),
           ("contest", "new", "Автомногоборье")]


def one_sentence(text: str) -> str:
    assert text.count("\n") == 1 and "Traceback" not in text, text
    return text.strip()


@pytest.mark.parametrize("args", [*READING, *WRITING], ids=" ".join)
def test_a_named_database_in_a_missing_folder_is_refused_and_nothing_is_made(tmp_path: Path,
                                                                            args: tuple[str, ...]) -> None:
    """`--db /home/t/shcool/o.db` (a typo in the folder) made the folder and an empty database,
    printed an empty list and exited 0."""
    typo = tmp_path / "shcool" / "o.db"
    result = Cli(typo)(*args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert one_sentence(result.stderr) == (f"There is no folder {typo.parent} for the database {typo}; check the path "
                                           "(outreach creates the database file, never its folder).")
    assert not typo.parent.exists()


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_a_missing_file_is_not_made_by_a_command_that_only_reads(tmp_path: Path, args: tuple[str, ...]) -> None:
    missing = tmp_path / "outreahc.db"
    result = Cli(missing)(*args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert one_sentence(result.stderr).startswith(f"There is no database at {missing} yet; ")
    assert "roster import" in result.stderr and "demo" in result.stderr  # how to make one
    assert list(tmp_path.iterdir()) == []  # no file, no -wal, no backups folder


def test_outreach_db_is_held_to_the_same_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, russian: None) -> None:
    typo = tmp_path / "shcool" / "o.db"
    monkeypatch.setenv("OUTREACH_DB", str(typo))
    refused = CliRunner().invoke(cli_app, ["roster", "list", "--json"])
    set_language("en")
    assert refused.exit_code == 1 and refused.stdout == ""
    assert one_sentence(refused.stderr).startswith(f"Нет папки {typo.parent} для базы данных {typo}")
    assert not typo.parent.exists()
    missing = tmp_path / "o.db"
    monkeypatch.setenv("OUTREACH_DB", str(missing))
    read = CliRunner().invoke(cli_app, ["roster", "list", "--json"])
    set_language("en")
    assert read.exit_code == 1 and one_sentence(read.stderr).startswith(f"Базы данных {missing} ещё нет")
    assert not missing.exists()
    made = CliRunner().invoke(cli_app, ["roster", "add-guardian", "--surname", "Петрова", "--json"])
    set_language("en")
    assert made.exit_code == 0, made.output
    assert CliRunner().invoke(cli_app, ["roster", "list", "--json"]).exit_code == 0


@pytest.mark.parametrize("args", WRITING, ids=" ".join)
def test_only_a_command_that_puts_data_in_makes_the_named_file(tmp_path: Path, args: tuple[str, ...]) -> None:
    new = tmp_path / "school.db"
    cli = Cli(new)
    assert cli("roster", "list", "--json").exit_code == 1 and not new.exists()
    made = cli(*args)
    assert made.exit_code == 0, made.output
    assert new.is_file()
    assert cli("roster", "list", "--json").exit_code == 0  # and now it reads


def test_the_default_place_is_made_on_first_use_a_named_folder_never(tmp_path: Path, isolated_env: Path) -> None:
    assert CliRunner().invoke(cli_app, ["--db", str(tmp_path / "typo" / "o.db"), "roster", "list"]).exit_code == 1
    result = CliRunner().invoke(cli_app, ["roster", "list", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert (isolated_env / "outreach.db").is_file()
    assert not (tmp_path / "typo").exists()
