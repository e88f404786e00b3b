"""The Scripting contract as a script writer (cron, shell pipes) meets it: stdout holds one
JSON document and nothing else, stderr stays empty on success, refusals are one sentence
naming the thing and the reason in the interface language, and no command hangs or paints a
screen when no terminal is there."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from outreach.store import db as storage

DATA = Path(__file__).parent / "data"


def test_a_roster_import_into_a_pipe_leaves_stderr_empty_and_stdout_one_json(cli) -> None:
    result = cli("roster", "import", str(DATA / "school_cp1251.csv"), "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json.loads(result.stdout)["students"]["created"] > 0
    failed = cli("roster", "import", str(DATA / "bad_rows.csv"), "--json")
    assert failed.exit_code == 1
    assert json.loads(failed.stdout)["rejected"]
    assert failed.stderr.startswith("Nothing was imported. Problems in the file: ")  # no blank line first


def test_settings_show_json_lists_the_contract_keys_on_a_new_database(db, cli) -> None:
    shown = cli.json("settings", "show")
    for key in ("quiet_hours", "default_channels", "teacher_name", "school_name", "smtp.host", "smtp.port",
                "smtp.from", "smtp.security", "smtp.user", "links.vk_group", "links.telegram_group"):
        assert isinstance(shown.get(key), str), key
    assert shown["links.vk_group"] == ""
    assert cli("settings", "set", "links.vk_group", "https://vk.com/school7").exit_code == 0
    assert cli.json("settings", "show")["links.vk_group"] == "https://vk.com/school7"


def outreach_command() -> list[str]:
    """The installed entry point, as cron runs it."""
    return [str(Path(sys.executable).with_name("outreach"))]


@pytest.mark.parametrize("args", [[], ["demo", "--open"], ["--lang", "ru"]])
def test_no_command_without_a_terminal_is_a_usage_error_not_a_hung_app(args: list[str], db_path: Path,
                                                                       isolated_env: Path) -> None:
    """`outreach` with the command forgotten, from cron or a pipe: the app painted the roster
    (names, phones) into the log as escape codes and waited for keys for ever."""
    done = subprocess.run([*outreach_command(), "--db", str(db_path), *args], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "OUTREACH_HOME": str(isolated_env), "OUTREACH_LANG": "en"})
    assert done.returncode == 2
    assert done.stdout == "" and "\x1b" not in done.stderr
    expected = ("Приложению нужен терминал" if "ru" in args else "The app needs a terminal")
    assert expected in done.stderr and "Traceback" not in done.stderr
    if "demo" in args:
        assert not db_path.exists() or outreach_is_empty(db_path)  # refused before any data was written


def outreach_is_empty(path: Path) -> bool:
    from outreach.demo import is_empty

    database = storage.open_db(path)
    try:
        return is_empty(database)
    finally:
        database.close()


def run_on(database: Path, *args: str):
    """`outreach --db DATABASE …` in-process, whatever the database is."""
    from tests.conftest import Cli

    return Cli(database)(*args)


def test_a_folder_given_as_the_database_is_named_and_left_as_it_was(tmp_path: Path) -> None:
    """`--db ~/Documents` turned the folder's mode into 0600 (no one could enter it) and said
    «unable to open database file»."""
    folder = tmp_path / "Documents"
    folder.mkdir(mode=0o755)
    result = run_on(folder, "roster", "list", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"Cannot open the database {folder}: it is a folder, not a file.\n"
    assert folder.stat().st_mode & 0o777 == 0o755


def test_a_text_file_given_as_the_database_is_refused_in_russian_untouched(tmp_path: Path, russian) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    notes.chmod(0o644)
    result = run_on(notes, "--lang", "ru", "roster", "list")
    assert result.exit_code == 1
    assert result.stderr == f"Не удаётся открыть базу {notes}: файл не является базой данных SQLite.\n"
    assert notes.read_text() == "hello\n" and notes.stat().st_mode & 0o777 == 0o644


def test_another_programs_sqlite_file_gets_no_outreach_tables(tmp_path: Path) -> None:
    """A mistyped --db naming another program's SQLite file: outreach added its forty tables
    to it, switched it to WAL and reported success."""
    places = tmp_path / "places.sqlite"
    with closing(sqlite3.connect(places)) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.commit()
    places.chmod(0o644)
    result = run_on(places, "settings", "show", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (f"Cannot open the database {places}: it is another program's SQLite database"
                             " (tables: moz_places); give outreach a file of its own.\n")
    with closing(sqlite3.connect(places)) as conn:
        assert [name for (name,) in conn.execute("SELECT name FROM sqlite_master")] == ["moz_places"]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert places.stat().st_mode & 0o777 == 0o644


def test_a_damaged_database_is_said_so_in_russian(tmp_path: Path, demo_db, db_path: Path, russian) -> None:
    demo_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(db_path.read_bytes()[:8192])
    result = run_on(damaged, "--lang", "ru", "roster", "list", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"Не удаётся открыть базу {damaged}: файл повреждён.\n"


def test_an_empty_file_and_outreachs_own_database_still_open(tmp_path: Path, demo_db, db_path: Path) -> None:
    empty = tmp_path / "new.db"
    empty.touch()
    assert run_on(empty, "roster", "list", "--json").stdout == "[]\n"
    assert json.loads(run_on(db_path, "roster", "list", "--json").stdout)


@pytest.mark.parametrize("args", [["roster", "import", "{folder}", "--json"],
                                  ["survey", "import", "{folder}", "--new", "Каналы"],
                                  ["message", "template-add", "{folder}"]])
def test_a_folder_given_as_the_file_to_read_is_called_a_folder(cli, tmp_path: Path, args: list[str]) -> None:
    """«File not found: exports.» for a folder that is plainly there."""
    folder = tmp_path / "exports"
    folder.mkdir()
    result = cli(*(arg.format(folder=folder) for arg in args))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"Cannot read {folder}: it is a folder, not a file.\n"


def test_a_folder_given_as_the_text_file_is_said_in_russian(cli, tmp_path: Path, russian) -> None:
    """The system's own English («Is a directory») in the Russian sentence."""
    result = cli("--lang", "ru", "message", "new", "--text-file", str(tmp_path), "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"Не удалось прочитать текст из {tmp_path}: это папка, а не файл.\n"


def test_a_question_no_script_answers_is_a_refusal_pointing_at_yes(cli, demo_db, monkeypatch) -> None:
    """Without --yes and with stdin empty (cron): «Aborted.» glued to the question, or, after
    a «n», exit 1 with nothing said at all."""
    # the message's e-mail and Telegram set up, so that the send asks at any hour (outside quiet
    # hours its letters go at once, and channels not set up are refused before the question)
    for key, value in (("smtp.host", "127.0.0.1"), ("smtp.from", "teacher@school7.ru")):
        assert cli("settings", "set", key, value).exit_code == 0
    monkeypatch.setenv("OUTREACH_TELEGRAM_TOKEN", "123:test")
    guardians = len(cli.json("roster", "list"))
    result = cli("roster", "forget", "--guardian", "2")
    assert result.exit_code == 1
    assert result.stderr == "Nothing was erased (not confirmed; use --yes in scripts).\n"
    assert len(cli.json("roster", "list")) == guardians
    declined = cli("survey", "delete", "1", input="n\n")
    assert declined.exit_code == 1
    assert declined.stderr == "Nothing was deleted (not confirmed; use --yes in scripts).\n"
    assert cli.json("survey", "list")
    assert cli("survey", "apply-channels", "1").stderr.endswith(
        "Nothing was changed (not confirmed; use --yes in scripts).\n")
    unsent = cli("message", "send", "2")
    assert unsent.exit_code == 1 and unsent.stderr.endswith("? [y/N] \nNothing was sent (not confirmed; use --yes in scripts).\n")


def test_an_unanswered_question_is_refused_in_russian(cli, demo_db, russian) -> None:
    result = cli("--lang", "ru", "roster", "forget", "--student", "3")
    assert result.exit_code == 1
    assert result.stderr == "Ничего не стёрто (нет подтверждения; в скриптах используйте --yes).\n"


def test_a_mistyped_class_is_named_not_taken_for_an_empty_one(cli, demo_db) -> None:
    """`roster consent --group 99Я --given` said «Consent recorded for 0 guardians.» (exit 0),
    and the coverage report of a class that does not exist reached nobody, as for a real one;
    message new and link-sheet already refused it."""
    consent = cli("roster", "consent", "--group", "99Я", "--given")
    assert consent.exit_code == 1 and consent.stdout == ""
    assert consent.stderr == "There is no group 99Я; the roster has: 10А, 10Б, 11А, Автошкола В-1.\n"
    report = cli("channels", "report", "--group", "99Я", "--json")
    assert report.exit_code == 1 and report.stdout == "" and report.stderr == consent.stderr
    assert cli.json("channels", "report", "--group", "10 а")["audience"] > 0  # spelled another way, still found
    assert cli("roster", "consent", "--group", "10a", "--withdrawn").exit_code == 0


def test_export_to_standard_output_is_a_usage_error_not_a_folder_named_dash(cli, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("export", "-")
    assert result.exit_code == 2 and result.stdout == ""
    assert "outreach export writes a folder of CSV files" in result.stderr
    assert not (tmp_path / "-").exists()
