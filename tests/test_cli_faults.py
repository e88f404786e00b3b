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

from outreach.cli import main, settings_cmd
from outreach.store import db as storage

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


def test_an_unexpected_error_is_logged_without_personal_data(monkeypatch, capsys, db, db_path: Path,
                                                             isolated_env: Path) -> None:
    def broken(*_args: object) -> None:
        raise ValueError(PERSONAL)  # the message (here: a parent's contacts) stays out of the log

    monkeypatch.setattr(settings_cmd, "all_settings", broken)
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


@pytest.mark.parametrize("args", [
    ("roster", "forget", "--student", "9223372036854775808", "--yes"),
    ("roster", "forget", "--guardian=-9223372036854775809", "--yes"),
    ("contest", "show", "99999999999999999999999"),
])
def test_an_id_sqlite_cannot_hold_is_one_sentence(db, cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    given = args[2] if args[2].startswith("--guardian=") else " ".join(args[2:4]).replace(" --yes", "")
    assert result.stderr == f"{given.replace('=', ' ')}: the number is out of range (at most 9223372036854775807).\n"


def test_paths_that_cannot_be_written_are_one_sentence(demo_db, cli, tmp_path: Path) -> None:
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    folder = tmp_path / "folder"
    folder.mkdir()
    long = tmp_path / ("x" * 300 + ".csv")
    cases = {
        ("roster", "export", str(a_file / "roster.csv")): f"Cannot write {a_file / 'roster.csv'}: a part of that path is a file, not a folder.",
        ("roster", "export", str(folder)): f"{folder} is a folder; give the path of a file to write.",
        ("roster", "export", str(long)): f"Cannot write {long}: the path or a name in it is too long.",
        ("export", str(a_file / "dump")): f"Cannot write {a_file / 'dump'}: a part of that path is a file, not a folder.",
        ("backup", str(a_file / "copy.db")): f"Cannot write {a_file / 'copy.db'}: a part of that path is a file, not a folder.",
    }
    for args, sentence in cases.items():
        result = cli(*args)
        assert (result.exit_code, result.stderr) == (1, sentence + "\n"), args
    bad = tmp_path / "bad.csv"
    bad.write_text("ФИО ученика;Класс;ФИО родителя;Телефон\nИванов Иван;5А;Иванова Мария;12\n"
                   "Петров Пётр;5А;Петрова Анна;\n", encoding="utf-8")
    before = demo_db.execute("SELECT count(*) FROM students").fetchone()
    for rejects, sentence in ((folder, f"{folder} is a folder; give the path of a file to write."),
                              (a_file / "r.csv", f"Cannot write {a_file / 'r.csv'}: a part of that path is a file, not a folder.")):
        result = cli("roster", "import", str(bad), "--skip-invalid", "--rejects", str(rejects))
        assert (result.exit_code, result.stderr.strip()) == (1, sentence)  # (after the progress line)
    assert demo_db.execute("SELECT count(*) FROM students").fetchone() == before


@pytest.mark.parametrize("bad", ["Ким\x00", "Ки\x07м", "Ким\x1b[31m"])
def test_control_characters_are_refused_in_names(cli, tmp_path: Path, bad: str) -> None:
    result = cli("roster", "add-guardian", "--surname", bad)
    assert result.exit_code == 1
    assert "surname" in result.stderr and "control character" in result.stderr
    result = cli("roster", "add-student", "--surname", "Ким", "--name", bad, "--group", "5А")
    assert result.exit_code == 1 and "control character" in result.stderr
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text(f"ФИО ученика;Класс;ФИО родителя\nКим Юна;5А;{bad} Ольга\n", encoding="utf-8")
    result = cli("roster", "import", str(roster_file), "--json")
    assert result.exit_code == 1
    report = __import__("json").loads(result.stdout)
    assert [{k: p[k] for k in ("row", "field", "reason")} for p in report["rejected"]] == [
        {"row": 2, "field": "ФИО родителя",
         "reason": "contains an invisible control character (such as NUL); type it again"}]
    assert "\x00" not in cli("roster", "list", "--json").stdout
