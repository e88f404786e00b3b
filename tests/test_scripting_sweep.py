"""The Scripting contract as a script writer (cron, shell pipes) meets it: stdout holds one
JSON document and nothing else, stderr stays empty on success, refusals are one sentence
naming the thing and the reason in the interface language, and no command hangs or paints a
screen when no terminal is there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
    assert failed.stderr.startswith("Nothing was imported: the file has ")  # no blank line first


def test_settings_show_json_lists_the_contract_keys_on_a_new_database(cli) -> None:
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
