"""A real Dovecot for the inbox tests (started by scripts/dovecot.sh, once a session) and a
mailbox folder of its own for each test, into which scripted parents' replies are appended."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import imap_tools
import pytest
import sqlite_utils

from outreach.settings.values import set_setting

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "dovecot.sh"
USER = "teacher"
PASSWORD = "teacher-secret"
NOT_INSTALLABLE = 3


@dataclass(frozen=True)
class Dovecot:
    port: int


def start_dovecot() -> Dovecot:
    """The script's server (it reuses one already running); a skip only when Dovecot cannot be
    installed on this machine, a failure when it is there but does not start."""
    done = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=600, check=False)
    if done.returncode == NOT_INSTALLABLE:
        pytest.skip(f"Dovecot cannot be installed here: {done.stderr.strip().splitlines()[-1]}")
    assert done.returncode == 0, done.stderr
    return Dovecot(int(done.stdout.strip().splitlines()[-1]))


class ParentMail:
    """One test's IMAP folder: parents' mail lands in it by IMAP APPEND, as a delivery would."""

    def __init__(self, server: Dovecot) -> None:
        self.port = server.port
        self.folder = f"test{time.time_ns()}"
        with self.box() as box:
            box.folder.create(self.folder)

    def box(self) -> imap_tools.MailBoxUnencrypted:
        mailbox = imap_tools.MailBoxUnencrypted("127.0.0.1", self.port)
        mailbox.login(USER, PASSWORD)
        return mailbox

    def deliver(self, sender: str, text: str, *, subject: str = "Re: письмо из школы", answers: str = "",
                message_id: str = "", html: str = "", when: datetime | None = None,
                headers: dict[str, str] | None = None, arrived: datetime | None = None) -> str:
        mail = EmailMessage()
        mail["From"] = sender
        mail["To"] = "teacher@school7.ru"
        mail["Subject"] = subject
        mail["Message-ID"] = message_id or f"<{time.time_ns()}@parents.example>"
        if when is not None:
            mail["Date"] = format_datetime(when)
        if answers:
            mail["In-Reply-To"] = answers
            mail["References"] = answers
        for name, value in (headers or {}).items():
            mail[name] = value
        if html:
            mail.set_content(html, subtype="html")
        else:
            mail.set_content(text)
        with self.box() as box:
            box.append(mail.as_bytes(), self.folder, dt=arrived)
        return str(mail["Message-ID"])

    def deliver_raw(self, raw: bytes, answers: str = "") -> None:
        """A mail app's message as it was written (charset, transfer encoding and all);
        `answers` replaces its In-Reply-To and References with a Message-ID of ours."""
        if answers:
            mail = message_from_bytes(raw)
            for name in ("In-Reply-To", "References"):
                del mail[name]
                mail[name] = answers
            raw = mail.as_bytes()
        with self.box() as box:
            box.append(raw, self.folder)

    def configure(self, db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch, password: str = PASSWORD) -> None:
        for key, value in (("imap.host", "127.0.0.1"), ("imap.port", str(self.port)), ("imap.security", "none"),
                           ("imap.user", USER), ("imap.folder", self.folder)):
            set_setting(db, key, value)
        monkeypatch.setenv("OUTREACH_IMAP_PASSWORD", password)


@pytest.fixture(scope="session")
def dovecot() -> Dovecot:
    return start_dovecot()


@pytest.fixture
def parent_mail(dovecot: Dovecot) -> Iterator[ParentMail]:
    mail = ParentMail(dovecot)
    yield mail
    with mail.box() as box:
        box.folder.delete(mail.folder)
