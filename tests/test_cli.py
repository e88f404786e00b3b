"""The scripting contract: JSON shapes, stdout/stderr discipline, exit codes, settings, demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from outreach.messages import drafts
from outreach.roster import guardians as roster

DATA = Path(__file__).parent / "data"
IMPORT_KEYS = {"students", "guardians", "rejected", "dry_run"}
COUNT_KEYS = {"created", "updated", "unchanged"}
LIST_KEYS = {"id", "surname", "name", "patronymic", "phone", "email", "telegram", "vk", "max",
             "consent", "students"}
STUDENT_KEYS = {"id", "surname", "name", "patronymic", "group"}


def snapshot(db) -> dict[str, list[tuple]]:
    names = [n for (n,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {n: sorted(db.execute(f"SELECT * FROM [{n}]").fetchall(), key=repr) for n in names}


def one_sentence(text: str) -> str:
    message = text.strip()
    assert message, "expected a message on stderr"
    assert "\n" not in message, message
    assert "Traceback" not in message and "Error:" not in message.split(" ")[0]
    return message


# --- JSON contract -----------------------------------------------------------------------

def test_roster_import_json_shape(db, cli) -> None:
    result = cli("roster", "import", str(DATA / "school_cp1251.csv"), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # stdout is exactly one JSON document
    assert IMPORT_KEYS <= set(data)
    for part in ("students", "guardians"):
        assert set(data[part]) == COUNT_KEYS
        assert all(type(v) is int for v in data[part].values())
    assert data["rejected"] == [] and data["dry_run"] is False
    bad = cli("roster", "import", str(DATA / "bad_rows.csv"), "--json", "--dry-run")
    assert bad.exit_code == 1
    data = json.loads(bad.stdout)
    assert data["dry_run"] is True
    for item in data["rejected"]:
        assert {"row", "field", "reason"} <= set(item)  # "value" and "person" were added
        assert type(item["row"]) is int and item["row"] >= 2
        assert isinstance(item["field"], str) and item["reason"]


def test_roster_list_json_shape(demo_db, cli) -> None:
    data = cli.json("roster", "list")
    assert len(data) == roster.count_guardians(demo_db)
    for guardian in data:
        assert LIST_KEYS <= set(guardian)
        assert type(guardian["id"]) is int and type(guardian["consent"]) is bool
        for student in guardian["students"]:
            assert STUDENT_KEYS <= set(student)
            assert type(student["id"]) is int and student["group"]
    # each child's relation to the parent, as a code a script can compare (not the shown word)
    relations = {student["relation"] for guardian in data for student in guardian["students"]}
    assert {"mother", "father"} <= relations
    assert any(g["students"] for g in data)
    assert cli.json("roster", "list", "--search", "zzzzzz") == []


def test_json_output_is_only_json(demo_db, cli) -> None:
    for args in (["roster", "list"], ["settings", "show"],
                 ["roster", "import", str(DATA / "parents.tsv"), "--dry-run"],
                 ["roster", "add-guardian", "--surname", "Новая", "--phone", "89120001100"],
                 ["roster", "add-student", "--surname", "Новый", "--name", "Ученик", "--group", "1А"]):
        result = cli(*args, "--json")
        assert result.exit_code == 0, (args, result.output)
        json.loads(result.stdout)
        assert result.stdout[:1] in "[{" and result.stdout.rstrip("\n")[-1:] in "]}"


def test_ids_are_integers_in_add_commands(db, cli) -> None:
    sid = cli.json("roster", "add-student", "--surname", "Петров", "--name", "Иван", "--group", "10Б")
    gid = cli.json("roster", "add-guardian", "--surname", "Петрова", "--student", str(sid["id"]))
    assert type(sid["id"]) is int and type(gid["id"]) is int
    assert roster.get_guardian(db, gid["id"]).students[0].id == sid["id"]


# --- errors and exit codes ---------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["no-such-command"],
    ["roster", "list", "--no-such-option"],
    ["roster", "import"],
    ["roster", "edit", "--guardian", "abc"],
    ["roster", "consent", "--all"],
    ["roster", "forget"],
    ["roster", "remove"],
    ["settings", "set", "quiet_hours"],
])
def test_usage_errors_exit_2(db, cli, args) -> None:
    before = snapshot(db)
    result = cli(*args)
    assert result.exit_code == 2, (args, result.output)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert snapshot(db) == before


@pytest.mark.parametrize("args", [
    ["roster", "edit", "--guardian", "42", "--name", "Анна"],
    ["roster", "remove", "--student", "42"],
    ["roster", "import", "/nonexistent/roster.csv"],
    ["settings", "set", "quiet_hours", "25:00-07:00"],
    ["settings", "set", "no.such.key", "1"],
])
def test_invalid_data_exits_1_with_one_sentence(db, cli, args) -> None:
    before = snapshot(db)
    result = cli(*args)
    assert result.exit_code == 1, (args, result.output)
    one_sentence(result.stderr)
    assert result.stdout == ""
    assert snapshot(db) == before


def test_unopenable_database_is_one_sentence(cli, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    from typer.testing import CliRunner

    from outreach.cli.main import app

    result = CliRunner().invoke(app, ["--db", str(blocker / "x.db"), "roster", "list"])
    assert result.exit_code == 1
    assert "x.db" in one_sentence(result.stderr)


def test_not_a_database_file_is_one_sentence(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from outreach.cli.main import app

    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    result = CliRunner().invoke(app, ["--db", str(bogus), "roster", "list"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    one_sentence(result.stderr)


def _outreach(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "OUTREACH_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "outreach", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_real_process_exit_codes_and_no_tracebacks(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    usage = _outreach("--db", db, "roster", "consent", "--all", cwd=tmp_path)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    invalid = _outreach("--db", db, "settings", "set", "quiet_hours", "25:00-07:00", cwd=tmp_path)
    assert invalid.returncode == 1 and invalid.stdout == ""
    assert one_sentence(invalid.stderr).startswith("25:00-07:00")
    bad_import = _outreach("--db", db, "roster", "import", str(DATA / "bad_rows.csv"), "--json", cwd=tmp_path)
    assert bad_import.returncode == 1 and "Traceback" not in bad_import.stderr
    assert len(json.loads(bad_import.stdout)["rejected"]) == 3
    ok = _outreach("--db", db, "roster", "list", "--json", cwd=tmp_path)
    assert ok.returncode == 0 and json.loads(ok.stdout) == []


# --- settings ----------------------------------------------------------------------------

def test_settings_set_and_show(db, cli) -> None:
    shown = cli.json("settings", "show")
    assert shown["quiet_hours"] == "21:00-08:00"
    assert shown["default_channels"] == "telegram,max,vk,email"
    for key in ("teacher_name", "school_name", "smtp.host", "smtp.port", "smtp.from", "smtp.security",
                "smtp.user"):
        assert key in shown
    assert cli("settings", "set", "quiet_hours", "22:30-07:15").exit_code == 0
    assert cli("settings", "set", "teacher_name", "Белова Ольга Николаевна").exit_code == 0
    assert cli("settings", "set", "links.vk_group", "https://vk.com/school7").exit_code == 0
    assert cli("settings", "set", "default_channels", " Email, telegram ,email").exit_code == 0
    shown = cli.json("settings", "show")
    assert shown["quiet_hours"] == "22:30-07:15"
    assert shown["teacher_name"] == "Белова Ольга Николаевна"
    assert shown["links.vk_group"] == "https://vk.com/school7"
    assert shown["default_channels"] == "email,telegram"
    text = cli("settings", "show")
    assert "quiet_hours = 22:30-07:15" in text.stdout


def test_quiet_hours_validation(db, cli) -> None:
    for bad in ("25:00-07:00", "21:00", "21:00-08:60", "вечером", "", "9-7"):
        result = cli("settings", "set", "quiet_hours", bad)
        assert result.exit_code == 1, bad
        one_sentence(result.stderr)
        assert cli.json("settings", "show")["quiet_hours"] == "21:00-08:00"
    assert db.execute("SELECT count(*) FROM settings WHERE key = 'quiet_hours'").fetchone() == (0,)
    assert cli("settings", "set", "quiet_hours", "off").exit_code == 0
    assert cli.json("settings", "show")["quiet_hours"] == "off"
    assert cli("settings", "set", "quiet_hours", "21:00–08:00").exit_code == 0  # an en dash
    assert cli.json("settings", "show")["quiet_hours"] == "21:00-08:00"


def test_quiet_hours_over_the_day_are_stored_only_with_yes(db, cli) -> None:
    """The hours to write in typed as quiet hours would send at night only."""
    for day in ("08:00-21:00", "8-21", "с 8 до 20"):
        result = cli("settings", "set", "quiet_hours", day)
        assert result.exit_code == 1 and "covers the day" in result.stderr and "--yes" in result.stderr, day
        assert cli.json("settings", "show")["quiet_hours"] == "21:00-08:00"
    assert cli("settings", "set", "quiet_hours", "09:00-15:00").exit_code == 0  # a part of the day: as typed
    assert cli("settings", "set", "quiet_hours", "08:00-21:00", "--yes").exit_code == 0
    assert cli.json("settings", "show")["quiet_hours"] == "08:00-21:00"


def test_default_channels_validation(db, cli) -> None:
    for bad in ("email,fax", "", " , ", "whatsapp"):
        result = cli("settings", "set", "default_channels", bad)
        assert result.exit_code == 1, bad
        one_sentence(result.stderr)
    assert cli.json("settings", "show")["default_channels"] == "telegram,max,vk,email"


@pytest.mark.parametrize("key", ["smtp.password", "telegram.token", "password", "token"])
def test_secrets_are_refused(db, cli, key) -> None:
    result = cli("settings", "set", key, "hunter2")
    assert result.exit_code == 1
    assert "environment" in one_sentence(result.stderr)
    assert "hunter2" not in result.output
    assert db.execute("SELECT count(*) FROM settings WHERE value = 'hunter2'").fetchone() == (0,)


def test_smtp_port_and_security_validation(db, cli) -> None:
    assert cli("settings", "set", "smtp.port", "465").exit_code == 0
    assert cli("settings", "set", "smtp.port", "70000").exit_code == 1
    assert cli("settings", "set", "smtp.security", "ssl").exit_code == 0
    assert cli("settings", "set", "smtp.security", "tls1.0").exit_code == 1
    shown = cli.json("settings", "show")
    assert (shown["smtp.port"], shown["smtp.security"]) == ("465", "ssl")


# --- demo --------------------------------------------------------------------------------

def test_demo_fills_an_empty_database(db, cli) -> None:
    result = cli("demo")
    assert result.exit_code == 0, result.output
    guardians = roster.list_guardians(db)
    students = db.execute("SELECT count(*) FROM students").fetchone()[0]
    assert len(roster.group_names(db)) >= 3
    assert students >= 25 and len(guardians) >= 40
    assert str(students) in result.stdout
    for field in ("phone", "email", "telegram", "vk", "max"):
        filled = sum(1 for g in guardians if getattr(g, field))
        assert 0 < filled < len(guardians) or field == "phone", field
    consents = [g.consent for g in guardians]
    assert any(consents) and not all(consents)
    assert sum(1 for g in guardians if len(g.students) > 1) >= 1  # siblings
    assert all(g.surname and g.name for g in guardians)
    settings = cli.json("settings", "show")
    assert settings["teacher_name"] and settings["school_name"]


def test_second_demo_needs_force(db, cli) -> None:
    assert cli("demo").exit_code == 0
    before = snapshot(db)
    again = cli("demo")
    assert again.exit_code == 1
    assert "--force" in one_sentence(again.stderr)
    assert snapshot(db) == before


def test_demo_force_refills(db, cli) -> None:
    assert cli("demo").exit_code == 0
    fresh = sorted(((g.surname, g.name, g.phone) for g in roster.list_guardians(db)), key=repr)
    roster.add_guardian(db, {"surname": "Лишняя", "name": "Запись"})
    roster.remove_guardian(db, roster.list_guardians(db)[0].id)
    assert cli("demo", "--force").exit_code == 0
    assert sorted(((g.surname, g.name, g.phone) for g in roster.list_guardians(db)), key=repr) == fresh
    assert roster.list_guardians(db, roster.Filter(text="лишняя")) == []


def test_demo_force_drops_the_composers_draft(db, cli) -> None:
    """The refill gives the parents' and the message's ids to other people: a draft kept from
    before would come back in the composer addressed to them."""
    assert cli("demo").exit_code == 0
    chosen = [g.id for g in roster.list_guardians(db)[:2]]
    saved_as = db.execute("SELECT max(id) FROM messages").fetchone()[0]
    drafts.save_draft(db, {"body": "Черновик до демо", "chosen": chosen, "saved_as": saved_as})
    result = cli("demo", "--force")
    assert result.exit_code == 0, result.output
    assert drafts.load_draft(db) is None


def test_the_demos_inbox_has_answers_to_its_sent_message_and_an_absence(db, cli) -> None:
    """Every section shows data at once: parents' answers to the sent demo message, one of
    them this morning's absence, kept as a fetch keeps mail and Telegram; a refill keeps
    one set of them."""
    assert cli("demo").exit_code == 0
    threads = cli.json("inbox", "list")
    assert sorted(t["channel"] for t in threads) == ["email", "email", "telegram"]
    assert sum(1 for t in threads if t["unread"]) == 2
    sent = db.execute("SELECT id FROM messages WHERE id IN (SELECT message_id FROM deliveries"
                      " WHERE status = 'sent')").fetchone()[0]
    assert {m for (m,) in db.execute("SELECT message_id FROM inbox_messages")} == {sent}  # answers to it
    absences = cli.json("inbox", "absences")
    telegram = next(t for t in threads if t["channel"] == "telegram")
    assert [(a["guardian_id"], a["first"]) for a in absences] == [(telegram["guardian_id"], telegram["last_at"][:10])]
    assert cli("demo", "--force").exit_code == 0
    assert len(cli.json("inbox", "list")) == 3
