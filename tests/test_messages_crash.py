"""A send process killed with SIGKILL mid-batch, then a second send: nothing twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from outreach.messages import compose, templates
from outreach.messages.delivery import batch
from outreach.messages.delivery.send import send_message
from tests.messages_support import Mailbox, SmtpServer, parents

ROOT = Path(__file__).resolve().parent.parent
COUNT = 30


def test_sigkill_mid_batch_then_resend(db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       isolated_env: Path) -> None:
    mailbox = Mailbox()
    mailbox.arrive_after = 5
    server = SmtpServer(mailbox, delay=0.01)
    server.start()
    try:
        env = {**os.environ, "OUTREACH_SMTP_HOST": "127.0.0.1", "OUTREACH_SMTP_PORT": str(server.port),
               "OUTREACH_SMTP_SECURITY": "none", "OUTREACH_SMTP_FROM": "teacher@school7.ru",
               "OUTREACH_HOME": str(isolated_env), "PYTHONPATH": str(ROOT)}
        for key in ("OUTREACH_SMTP_HOST", "OUTREACH_SMTP_PORT", "OUTREACH_SMTP_SECURITY", "OUTREACH_SMTP_FROM"):
            monkeypatch.setenv(key, env[key])
        parents(db, COUNT)
        message_id = compose.create_message(db, templates.find("ru/ice-safety"))
        proc = subprocess.Popen([sys.executable, "-m", "outreach", "--db", str(db_path), "message", "send",
                                 str(message_id), "--yes", "--json"], env=env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert mailbox.arrived.wait(30), proc.communicate(timeout=5)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL
        arrived_before = len(mailbox.messages)
        assert arrived_before < COUNT
        statuses = batch.plan(db, message_id)["statuses"]
        assert statuses.get("queued", 0) > 0
        report = send_message(db, message_id)
        log = compose.delivery_log(db, message_id)
    finally:
        server.stop()
    received = mailbox.recipients()
    assert max(received.values()) == 1, "a parent got the message twice"
    by_status: dict[str, list[str]] = {}
    for row in log:
        by_status.setdefault(row["status"], []).append(f"parent{row['guardian_id'] - 1}@example.ru")
    assert set(by_status) <= {"sent", "unknown"}
    assert len(by_status.get("unknown", [])) <= 1
    for address in by_status["sent"]:
        assert received[address] == 1
    assert report.newly_unknown == len(by_status.get("unknown", [])) == report.unknown
    unknown = by_status.get("unknown", [])
    assert sum(received.values()) == len(by_status["sent"]) + sum(received[a] for a in unknown)
    arrived_unknown = sum(received[a] for a in unknown)
    assert report.sent == COUNT - (arrived_before - arrived_unknown) - len(unknown)
    # unknown rows are shown, never resent by themselves
    assert send_message(db, message_id).sent == 0
    assert json.dumps(log)
