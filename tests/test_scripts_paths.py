"""A database path a script or the teacher names (--db, OUTREACH_DB) is taken at its word: a
missing folder is refused, a missing file is made only by a command that puts data in; what
`settings show` prints is what a send will use; `/` where there is nothing to search says so.
Real SQLite files, the CLI's runner and the real app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from outreach.cli.main import app as cli_app
from outreach.common.i18n import set_language
from outreach_screens.app import make_app
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.surveys.screen import SurveysScreen
from tests.conftest import Cli
from tests.tui_support import open_section, recorded_notifications, settle, until

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


# -- settings show: what a send will use ------------------------------------------------------

SECRET = "pa55-w0rd-never-shown"


@pytest.fixture
def overridden(db: sqlite_utils.Database, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """smtp.host stored as old.example, the environment naming another server, port and password."""
    assert cli("settings", "set", "smtp.host", "old.example").exit_code == 0
    assert cli("settings", "set", "teacher_name", "Белова").exit_code == 0
    monkeypatch.setenv("OUTREACH_SMTP_HOST", "new.example")
    monkeypatch.setenv("OUTREACH_SMTP_PORT", "2525")
    monkeypatch.setenv("OUTREACH_SMTP_PASSWORD", SECRET)
    return cli


def test_settings_show_prints_what_a_send_uses_and_where_it_comes_from(overridden: Cli) -> None:
    """It printed smtp.host = old.example while a send went to OUTREACH_SMTP_HOST's server."""
    shown = overridden("settings", "show")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert "smtp.host = new.example  (environment variable OUTREACH_SMTP_HOST)" in lines
    assert "smtp.port = 2525  (environment variable OUTREACH_SMTP_PORT)" in lines
    assert "quiet_hours = 21:00-08:00  (default)" in lines
    assert "teacher_name = Белова" in lines  # stored: as ever
    assert "smtp.password: set (environment variable OUTREACH_SMTP_PASSWORD)" in lines
    assert SECRET not in shown.stdout and "old.example" not in shown.stdout


def test_settings_show_in_russian_marks_the_environment(overridden: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    monkeypatch.setenv("COLUMNS", "200")  # a row on one line
    shown = overridden("settings", "show")
    assert shown.exit_code == 0, shown.output
    rows = {line.split("│")[3].strip(): line.split("│")[2].strip() for line in shown.stdout.splitlines()
            if line.startswith("│") and line.split("│")[3].strip()}
    assert rows["smtp.host"] == "new.example (переменная окружения OUTREACH_SMTP_HOST)"
    assert rows["smtp.password"] == "задан (переменная окружения OUTREACH_SMTP_PASSWORD)"
    assert rows["quiet_hours"] == "21:00–08:00 (по умолчанию)"
    assert SECRET not in shown.stdout


def test_settings_show_json_keeps_its_keys_and_adds_the_sources(overridden: Cli,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    shown = overridden.json("settings", "show")
    sources = shown.pop("sources")
    for variable in ("OUTREACH_SMTP_HOST", "OUTREACH_SMTP_PORT", "OUTREACH_SMTP_PASSWORD"):
        monkeypatch.delenv(variable)
    assert {k: v for k, v in overridden.json("settings", "show").items() if k != "sources"} == shown
    assert shown["smtp.host"] == "old.example" and shown["smtp.port"] == "587"  # stored values, as ever
    assert sources["smtp.host"] == {"source": "environment", "value": "new.example", "variable": "OUTREACH_SMTP_HOST"}
    assert sources["smtp.port"] == {"source": "environment", "value": "2525", "variable": "OUTREACH_SMTP_PORT"}
    assert sources["teacher_name"] == {"source": "stored", "value": "Белова"}
    assert sources["quiet_hours"] == {"source": "default", "value": "21:00-08:00"}
    assert sources["smtp.password"] == {"source": "environment", "set": True, "variable": "OUTREACH_SMTP_PASSWORD"}
    assert set(sources) >= set(shown)
    assert SECRET not in json.dumps(sources)


# -- / where there is nothing to search -------------------------------------------------------

async def test_slash_where_a_section_has_no_search_says_so(db: sqlite_utils.Database, db_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """/ in Surveys did nothing and said nothing; in the Roster it still opens the search."""
    app = make_app(db_path)
    notes = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        await pilot.press("slash")
        await until(pilot, lambda: bool(notes))
        assert notes == ["Surveys: nothing to search here. ? lists the keys of this screen; "
                         "Ctrl+P finds sections and commands."]
        await pilot.press("full_stop")  # the same key on the Russian layout
        await until(pilot, lambda: len(notes) == 2)

        roster = await open_section(pilot, "1", RosterScreen)
        await pilot.press("slash")
        await settle(pilot)
        assert len(notes) == 2
        assert roster.finder.search_input.has_focus
