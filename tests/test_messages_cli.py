"""`outreach message …`: the scripting contract's commands, JSON keys and exit codes."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from tests.messages_support import parents


def test_templates_json(cli) -> None:  # type: ignore[no-untyped-def]
    listed = cli.json("message", "templates")
    assert {"slug", "title", "lang", "channels", "variables"} <= set(listed[0])
    meeting = next(x for x in listed if x["slug"] == "parent-meeting")
    assert meeting["lang"] == "en" and meeting["variables"] == ["date", "time", "place", "topic"]
    ru = cli.json("--lang", "ru", "message", "templates")
    assert next(x for x in ru if x["slug"] == "ice-safety")["title"] == "Осторожно, тонкий лёд"


def test_new_plan_send_log_export(cli, db: sqlite_utils.Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = parents(db, 3, channel="sms")
    created = cli.json("message", "new", "--template", "ru/parent-meeting", "--audience", "group:10А",
                       "--set", "date=25 сентября", "--set", "time=18:30", "--set", "place=каб. 12",
                       "--set", "topic=ПДД", "--broadcast", "vk_group")
    assert set(created) == {"id"}
    mid = str(created["id"])
    plan = cli.json("message", "plan", mid)
    assert {"by_channel", "deferred", "unreachable", "no_consent"} <= set(plan)
    assert plan["by_channel"] == {"sms": 3, "vk_group": 1}
    dry = cli.json("message", "send", mid, "--dry-run")
    assert dry["exported"] == 4 and dry["dry_run"]
    refused = cli("message", "send", mid, input="n\n")
    assert refused.exit_code == 1
    sent = cli.json("message", "send", mid, "--yes", "--out", str(tmp_path / "out"))
    assert {"sent", "failed", "deferred", "skipped", "unknown"} <= set(sent)
    assert sent["exported"] == 4 and (tmp_path / "out" / "sms.csv").is_file()
    log = cli.json("message", "log", mid)
    assert {"guardian_id", "channel", "status", "error", "sent_at"} <= set(log[0])
    assert {row["guardian_id"] for row in log if row["channel"] == "sms"} == set(ids)
    assert all(row["status"] == "exported" for row in log)
    preview = cli("message", "preview", mid, "--guardian", str(ids[0]))
    assert preview.exit_code == 0 and "Уважаемая Анна Викторовна!" in preview.stdout
    exported = cli("message", "export", mid, str(tmp_path / "again"))
    assert exported.exit_code == 0 and (tmp_path / "again" / "post.html").is_file()
    assert cli.json("message", "retry", mid) == {"queued": 0}
    assert cli.json("message", "list")[0]["id"] == int(mid)


def test_broadcast_channels_are_taken_by_name(cli, db: sqlite_utils.Database) -> None:  # type: ignore[no-untyped-def]
    parents(db, 1)
    created = cli.json("--lang", "ru", "message", "new", "--template", "ice-safety",
                       "--broadcast", "Группа ВК", "--broadcast", "сайт", "--broadcast", "vk_group")
    assert cli.json("message", "plan", str(created["id"]))["by_channel"] == {"email": 1, "vk_group": 1, "site": 1}


def test_errors_and_exit_codes(cli, db: sqlite_utils.Database) -> None:  # type: ignore[no-untyped-def]
    parents(db, 1)
    missing = cli("message", "new", "--template", "parent-meeting")
    assert missing.exit_code == 1 and "--set" in missing.stderr and "Traceback" not in missing.stderr
    assert cli("message", "new", "--template", "nope").exit_code == 1
    assert cli("message", "new", "--template", "ice-safety", "--audience", "class:1").exit_code == 1
    assert cli("message", "new", "--template", "ice-safety", "--mode", "sometimes").exit_code == 2
    assert cli("message", "plan", "99").exit_code == 1
    pigeon = cli("--lang", "ru", "message", "new", "--template", "ice-safety", "--broadcast", "голубятня")
    assert pigeon.exit_code == 1 and "«голубятня»" in pigeon.stderr and "группа ВК" in pigeon.stderr
    assert cli("message", "log", "1", "--status", "lost").exit_code == 2
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_template_add(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "cleanup.md"
    source.write_text("---\ntitle: Clean-up day\nchannels: [email]\n---\n{{ guardian.dear }}, see you!\n", encoding="utf-8")
    added = cli("message", "template-add", str(source), "--template-lang", "en")
    assert added.exit_code == 0, added.stderr
    listed = cli.json("message", "templates")
    assert any(x["slug"] == "cleanup" and x["source"] == "user" for x in listed)


def test_demo_has_a_sent_message(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo").exit_code == 0
    messages = cli.json("message", "list")
    sent = next(m for m in messages if m["statuses"].get("sent"))
    log = cli.json("message", "log", str(sent["id"]))
    assert {"sent", "exported", "failed", "skipped"} <= {row["status"] for row in log}
    assert cli.json("message", "plan", str(messages[0]["id"]))["by_channel"]


def test_log_table_speaks_the_interface_language(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "200")  # tables wide enough to keep each cell on one line
    assert cli("demo").exit_code == 0
    sent = next(m for m in cli.json("message", "list") if m["statuses"].get("sent"))
    log = cli.json("message", "log", str(sent["id"]))
    assert any(row["error"] == "no_consent" for row in log)  # --json keeps the codes
    table = cli("--lang", "ru", "message", "log", str(sent["id"]))
    text = " ".join(table.stdout.replace("│", " ").split())
    assert table.exit_code == 0
    assert "пропущено" in text and "отправлено" in text and "нет согласия на обработку" in text
    assert "no_consent" not in text and "skipped" not in text
