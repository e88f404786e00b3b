"""The Scripting contract as a script writer (cron, shell pipes) meets it: stdout holds one
JSON document and nothing else, stderr stays empty on success, refusals are one sentence
naming the thing and the reason in the interface language, and no command hangs or paints a
screen when no terminal is there."""

from __future__ import annotations

import json
from pathlib import Path

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
