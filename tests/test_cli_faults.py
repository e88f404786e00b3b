"""The CLI around failures and hostile input: user text printed verbatim (never Rich markup),
a busy database in one sentence, unexpected errors logged without personal data, clear
sentences for bad paths and numbers, control characters refused in names."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach import db as storage
from outreach.cli import main

# Brackets, backslashes, colons (emoji codes) and a few letters: what breaks markup.
TEXT = st.text(alphabet=st.sampled_from(list("[]/\\:=@#!abxyzRED ёжЖ0-_")), min_size=1, max_size=14) \
    .map(str.strip).filter(lambda s: s[:1] not in ("", "-") and "  " not in s)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_text_stored_through_the_cli_prints_back_verbatim(cli, text: str) -> None:
    assert cli("settings", "set", "school_name", text).exit_code == 0
    shown = cli("settings", "show")
    assert shown.exit_code == 0 and f"school_name = {text}\n" in shown.stdout
    assert cli("contest", "new", text).exit_code == 0
    assert f"  {text}  " in cli("contest", "list").stdout
    created = cli("survey", "new", "--template", "satisfaction", "--title", text)
    assert created.exit_code == 0, created.output
    assert text in cli("survey", "list").stdout


@pytest.mark.parametrize("text", ["[/]", "[red]x[/red]", ":smile:", "\\[b]"])
def test_markup_in_names_and_titles_is_printed_not_applied(cli, text: str, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # tables wide enough to keep each cell on one line
    assert cli("settings", "set", "school_name", text).exit_code == 0
    assert f"school_name = {text}" in cli("settings", "show").stdout
    assert cli("roster", "add-guardian", "--surname", f"Kim{text}").exit_code == 0
    listed = cli("roster", "list")
    assert listed.exit_code == 0 and f"Kim{text}" in listed.stdout
    sid = cli.json("survey", "new", "--template", "satisfaction", "--title", text)["id"]
    assert cli("survey", "show", str(sid)).stdout.startswith(f"{text}\n")
    cid = cli.json("contest", "new", text)["id"]
    assert text in cli("contest", "board", str(cid)).stdout


def test_a_busy_database_is_one_sentence_and_exit_1(cli, db_path: Path, monkeypatch) -> None:
    storage.open_db(db_path).close()
    monkeypatch.setattr(storage, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = cli("settings", "set", "school_name", "Школа")
        assert result.exit_code == 1
        assert result.stderr == "The database is busy with another program; try again.\n"
        result = cli("--lang", "ru", "roster", "add-guardian", "--surname", "Ким")
        assert result.stderr == "База занята другой программой, попробуйте ещё раз.\n"
    finally:
        holder.rollback()
        holder.close()


PERSONAL = "+7 912 345-67-89 ivanova@example.org"


def test_an_unexpected_error_is_logged_without_personal_data(monkeypatch, capsys, db_path: Path,
                                                             isolated_env: Path) -> None:
    def broken(*_args: object) -> None:
        raise ValueError(PERSONAL)  # the message (here: a parent's contacts) stays out of the log

    monkeypatch.setattr(main, "all_settings", broken)
    monkeypatch.setattr(sys, "argv", ["outreach", "--db", str(db_path), "settings", "show"])
    with pytest.raises(SystemExit) as exit_:
        main.run()
    assert exit_.value.code == 1
    log = isolated_env / "state" / "errors.log"
    message = capsys.readouterr().err
    assert message.startswith("Internal error (ValueError).") and str(log) in message
    assert "half-written" not in message
    text = log.read_text(encoding="utf-8")
    assert "builtins.ValueError" in text and "settings_show" in text and "broken" in text
    assert "912" not in text and "ivanova" not in text
    assert log.stat().st_mode & 0o777 == 0o600
