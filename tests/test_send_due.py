"""Scheduled and held-back messages going out by `outreach send-due`: at the frozen clock's
time (OUTREACH_NOW), once, even with two real processes running it at the same moment
against a local aiosmtpd; and the messages list, duplicate, delete and schedule commands."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
import sqlite_utils

from outreach.messages import compose, templates
from outreach.messages.delivery.due import DueReport, send_due
from outreach.messages.delivery.send import SendReport, send_message
from outreach.settings.values import set_setting
from outreach.store import db as storage
from tests.conftest import Cli
from tests.fault_servers import DROP, ScriptedSmtp
from tests.messages_support import Mailbox, SmtpServer, free_port, mail_through, parents

ROOT = Path(__file__).resolve().parent.parent
COUNT = 6
AT = "01.12.2026 08:30"


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def smtp_env(mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    server = SmtpServer(mailbox, delay=0.02)  # slow enough for two senders to overlap
    server.start()
    env = {"OUTREACH_SMTP_HOST": "127.0.0.1", "OUTREACH_SMTP_PORT": str(server.port),
           "OUTREACH_SMTP_SECURITY": "none", "OUTREACH_SMTP_FROM": "teacher@school7.ru"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    yield env
    server.stop()


def _message(db: sqlite_utils.Database, audience: str = "all") -> int:
    return compose.create_message(db, templates.find("ru/ice-safety"), audience=[audience])


def _send_due_process(db_path: Path, now: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "outreach", "--db", str(db_path), "send-due", "--json"],
                            env={**os.environ, **env, "OUTREACH_NOW": now, "PYTHONPATH": str(ROOT)},
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen[str]) -> dict[str, object]:
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    return json.loads(stdout)


def test_scheduled_message_goes_once_though_two_processes_run_send_due(
        db: sqlite_utils.Database, db_path: Path, cli, smtp_env: dict[str, str], mailbox: Mailbox,
        monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    parents(db, COUNT)
    message_id = _message(db)
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T18:00")
    assert cli("message", "schedule", str(message_id), "--at", AT).exit_code == 0
    early = _finish(_send_due_process(db_path, "2026-12-01T08:29", smtp_env))
    assert early["sent"] == 0 and mailbox.messages == []
    first, second = (_send_due_process(db_path, "2026-12-01T08:30", smtp_env) for _ in range(2))
    reports = [_finish(first), _finish(second)]
    assert sum(int(r["sent"]) for r in reports) == COUNT  # type: ignore[call-overload]
    assert {"sent", "deferred", "unknown", "failed"} <= set(reports[0])
    assert sorted(mailbox.recipients().values()) == [1] * COUNT
    again = _finish(_send_due_process(db_path, "2026-12-01T09:00", smtp_env))
    assert again["sent"] == 0 and again["messages"] == []
    assert len(mailbox.messages) == COUNT
    listed = next(m for m in cli.json("message", "list") if m["id"] == message_id)
    assert listed["status"] == "sent" and listed["counts"] == {"sent": COUNT}


def test_deferred_by_quiet_hours_go_when_they_end_and_are_judged_again(
        db: sqlite_utils.Database, smtp_env: dict[str, str], mailbox: Mailbox,
        monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 2)
    set_setting(db, "quiet_hours", "21:00-08:00")
    message_id = _message(db)
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T22:15")
    assert send_message(db, message_id).deferred == 2
    listed = compose.list_messages(db)[0]
    assert listed.status == "sent" and listed.counts == {"deferred": 2}
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T07:59")
    assert send_due(db).messages == []
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T08:00")
    set_setting(db, "quiet_hours", "07:30-08:30")  # the teacher moved the window: judged at the moment of sending
    held = send_due(db)
    assert (held.sent, held.deferred, mailbox.messages) == (0, 2, [])
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T08:31")
    done = send_due(db)
    assert (done.sent, done.deferred) == (2, 0) and len(mailbox.messages) == 2
    assert send_due(db).sent == 0


def test_list_schedule_duplicate_delete_cli(db: sqlite_utils.Database, cli,
                                            monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    parents(db, 2, group="10А")
    parents(db, 3, group="10Б")
    sent_id = _message(db, "group:10А")
    send_message(db, sent_id)  # no SMTP configured: waits, nothing left
    draft_id = _message(db, "group:10А")
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T18:00")
    listed = cli.json("message", "list")
    assert {"id", "title", "status", "audience", "counts"} <= set(listed[0])
    states = {m["id"]: m["status"] for m in listed}
    assert states == {sent_id: "draft", draft_id: "draft"}  # waiting for SMTP: nothing has left yet
    copy = cli.json("message", "duplicate", str(draft_id), "--audience", "group:10Б")
    copied = next(m for m in cli.json("message", "list") if m["id"] == copy["id"])
    assert copied["audience"] == ["group:10Б"] and copied["counts"] == {"queued": 3}
    assert copied["title"] == compose.get_message(db, draft_id).title
    assert [m["id"] for m in cli.json("message", "list", "--search", "10б")] == [copy["id"]]
    assert cli("message", "schedule", str(copy["id"]), "--at", "2026-12-01T08:30").exit_code == 0
    scheduled = next(m for m in cli.json("message", "list") if m["id"] == copy["id"])
    assert scheduled["status"] == "scheduled" and scheduled["send_at"].startswith("2026-12-01T08:30")
    passed = cli("message", "schedule", str(draft_id), "--at", "29.11.2026 08:00")
    assert passed.exit_code == 1 and "yesterday at 08:00" in passed.stderr
    bad = cli("message", "schedule", str(draft_id), "--at", "завтра утром")
    assert bad.exit_code == 1 and "DD.MM.YYYY HH:MM" in bad.stderr and "Traceback" not in bad.stderr
    assert cli("message", "schedule", str(draft_id)).exit_code == 2
    assert cli("message", "schedule", str(copy["id"]), "--clear").exit_code == 0
    unscheduled = next(m for m in cli.json("message", "list") if m["id"] == copy["id"])
    assert (unscheduled["status"], unscheduled["send_at"]) == ("draft", None)
    title = next(m["title"] for m in cli.json("message", "list") if m["id"] == draft_id)
    deleted = cli("message", "delete", str(draft_id))  # named: a mistyped number shows at once
    assert deleted.exit_code == 0 and deleted.stdout.strip() == f"Draft {draft_id} «{title}» deleted."
    assert cli("message", "delete", "999").exit_code == 1
    assert draft_id not in {m["id"] for m in cli.json("message", "list")}


def test_a_sent_message_is_neither_deleted_nor_rescheduled(db: sqlite_utils.Database, cli, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    parents(db, 2, channel="sms")
    message_id = _message(db)
    send_message(db, message_id, folder=tmp_path / "out")
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T18:00")
    refused = cli("message", "delete", str(message_id))
    assert refused.exit_code == 1 and "draft" in refused.stderr
    assert cli("message", "schedule", str(message_id), "--at", AT).exit_code == 1
    listed = cli.json("message", "list")[0]
    assert listed["status"] == "sent" and listed["counts"] == {"exported": 2}
    assert db.execute("SELECT count(*) FROM deliveries WHERE message_id = ?", [message_id]).fetchone()[0] == 2


def test_two_databases_keep_their_message_folders_apart(tmp_path: Path) -> None:
    folders = []
    for name, first_name in (("first", "Анна"), ("second", "Мария")):
        database = storage.open_db(tmp_path / f"{name}.db")
        parents(database, 1, channel="sms")
        database.execute("UPDATE guardians SET name = ?", [first_name])
        database.conn.commit()
        report = send_message(database, _message(database))
        database.close()
        assert report.exported == 1 and report.folder
        folders.append(Path(report.folder))
    assert folders[0] != folders[1]
    assert folders[0].parent == tmp_path / "first-messages" and folders[1].parent == tmp_path / "second-messages"
    assert folders[0].name.startswith("0001-") and folders[1].name.startswith("0001-")
    first, second = ((folder / "sms.csv").read_text(encoding="utf-8") for folder in folders)
    assert "Анна Викторовна" in first and "Мария Викторовна" in second and "Анна" not in second
    for folder in folders:
        assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert {stat.S_IMODE(f.stat().st_mode) for f in folder.iterdir()} == {0o600}


def test_install_timer_writes_the_units_under_the_config_dir(cli, db, db_path: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path / "home-dir"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    result = cli("send-due", "--install-timer")
    assert result.exit_code == 0, result.stderr
    units = tmp_path / "config" / "systemd" / "user"
    service = (units / "outreach-send-due.service").read_text(encoding="utf-8")
    timer = (units / "outreach-send-due.timer").read_text(encoding="utf-8")
    assert f'"{db_path.resolve()}" "send-due"' in service and "Type=oneshot" in service
    assert "OnCalendar=*:0/5" in timer and "Persistent=true" in timer
    assert "systemctl --user enable --now outreach-send-due.timer" in result.stdout
    assert not (tmp_path / "home-dir").exists()


def test_install_timer_for_a_database_that_is_not_there_writes_nothing(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A mistyped --db wrote a timer whose every run, every 5 minutes, found no database."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    result = Cli(tmp_path / "typo.db")("send-due", "--install-timer")
    assert result.exit_code == 1 and "There is no database at" in result.stderr
    assert not (tmp_path / "config").exists() and not (tmp_path / "typo.db").exists()


def test_the_app_worker_and_a_send_in_the_same_process_never_share_a_message(
        db: sqlite_utils.Database, db_path: Path, smtp_env: dict[str, str], mailbox: Mailbox,
        monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 3)
    set_setting(db, "quiet_hours", "21:00-08:00")
    message_id = _message(db)
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T22:15")
    assert send_message(db, message_id).deferred == 3
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T08:05")
    during: list[object] = []

    def progress(done: int, total: int) -> None:
        if done == 1:  # the teacher's own send is under way: the app's timer fires now
            other = storage.connect(db_path)
            during.append(send_due(other))
            other.close()

    report = send_message(db, message_id, progress=progress)
    assert report.sent == 3
    assert during and during[0].busy == [message_id] and during[0].sent == 0  # type: ignore[attr-defined]
    assert sorted(mailbox.recipients().values()) == [1, 1, 1]


def test_send_due_adds_up_each_messages_report_in_its_own_shape() -> None:
    """`unknown` counts the rows that became unknown in this run (a message's report also
    counts those unknown before), `waiting` sums every channel; `--json` keys stay."""
    report = DueReport()
    report.add(3, SendReport(sent=2, failed=1, deferred=1, unknown=4, exported=1, newly_unknown=1,
                             waiting={"telegram": 2, "max": 1}, problems=["No bot token.", "No MAX token."]))
    report.add(5, SendReport(sent=1, skipped=7, unknown=1, newly_unknown=1, problems=["No bot token."]))
    assert asdict(report) == {"sent": 3, "deferred": 1, "unknown": 2, "failed": 1, "exported": 1,
                              "waiting": 3, "messages": [3, 5], "busy": [],
                              "problems": ["No bot token.", "No MAX token."]}  # each reason once
    assert report.anything and not DueReport().anything


@pytest.mark.parametrize("fault", ["unreachable", "dropping"])
def test_send_due_says_why_deliveries_wait_when_the_mail_is_set_up(
        cli, db: sqlite_utils.Database, sleeps: list[float], monkeypatch: pytest.MonkeyPatch,
        fault: str) -> None:  # type: ignore[no-untyped-def]
    """The mail set up but its server not answering, or cutting the connection twice in a row:
    send-due said «ждущих настройки почты или Telegram» and sent the teacher to the settings."""
    parents(db, 5)
    message_id = _message(db)
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T18:00")
    assert cli("message", "schedule", str(message_id), "--at", AT).exit_code == 0
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T08:31")
    with ScriptedSmtp() as server:
        for i in range(5):
            server.script[f"parent{i}@example.ru"] = [DROP]
        port = free_port() if fault == "unreachable" else server.port  # free_port: nobody listens there
        mail_through(port, monkeypatch)
        said = cli("--lang", "ru", "send-due")
        document = cli.json("send-due")  # the rows left wait still: tried again, said again
    assert said.exit_code == 0, said.stderr
    why = {"unreachable": "Не удаётся связаться с почтовым сервером 127.0.0.1:",
           "dropping": "Почтовый сервер дважды подряд оборвал соединение"}[fault]
    text = " ".join(said.stderr.split())
    assert why in text and "ждут следующей отправки (почему — сказано выше)" in text
    assert "настройки почты" not in text and "@" not in text
    assert {"sent", "deferred", "unknown", "failed", "waiting", "messages", "busy"} <= set(document)
    assert document["waiting"] and len(document["problems"]) == 1 and document["problems"][0].startswith(
        {"unreachable": "Cannot reach the mail server 127.0.0.1:", "dropping": "The mail server cut the connection"}[fault])
