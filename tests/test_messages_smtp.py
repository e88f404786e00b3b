"""E-mail delivery against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from outreach.messages import compose, templates
from outreach.messages.delivery import batch
from outreach.messages.delivery.send import send_message
from tests.messages_support import Mailbox, SmtpServer, local_smtp, mail_through, parents

PASSWORD = "s3cret-Pa55word-xyz"


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def smtp(mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    with local_smtp(monkeypatch, mailbox) as server:
        yield server


def _message(db: sqlite_utils.Database, **kwargs: object) -> int:
    return compose.create_message(db, templates.find("ru/ice-safety"), **kwargs)  # type: ignore[arg-type]


def test_personalised_mail_arrives_once(db: sqlite_utils.Database, smtp: SmtpServer, mailbox: Mailbox) -> None:
    ids = parents(db, 5)
    message_id = _message(db)
    report = send_message(db, message_id)
    assert (report.sent, report.failed, report.unknown) == (5, 0, 0)
    assert sorted(mailbox.recipients()) == [f"parent{i}@example.ru" for i in range(5)]
    mail = mailbox.messages[0]
    assert mail["Subject"] == "Памятка: тонкий лёд и зимние дороги"
    assert mail["From"] == "teacher@school7.ru"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Уважаемая Анна Викторовна!" in text and "Иван0" in text and "**" not in text
    assert "<strong>112</strong>" in html
    stored = {row["external_id"] for row in compose.delivery_log(db, message_id)}
    assert {m["Message-ID"] for m in mailbox.messages} == stored
    # sending again sends nothing twice
    again = send_message(db, message_id)
    assert again.sent == 0 and len(mailbox.messages) == 5
    assert ids


def test_temporary_451_is_retried_then_delivered(db: sqlite_utils.Database, smtp: SmtpServer, mailbox: Mailbox) -> None:
    parents(db, 2)
    mailbox.data_replies = ["451 4.3.0 Try again later"]
    message_id = _message(db)
    sleeps: list[float] = []
    report = send_message(db, message_id, retry_delay=0.01, sleep=sleeps.append)
    assert report.sent == 2 and report.failed == 0
    assert sleeps == [0.01]
    assert mailbox.recipients() == {"parent0@example.ru": 1, "parent1@example.ru": 1}


def test_persistent_4xx_stays_retryable_for_the_next_send(db: sqlite_utils.Database, smtp: SmtpServer,
                                                          mailbox: Mailbox) -> None:
    parents(db, 1)
    mailbox.data_replies = ["451 busy"] * 3
    message_id = _message(db)
    report = send_message(db, message_id, retry_delay=0, sleep=lambda s: None)
    [row] = [r for r in compose.delivery_log(db, message_id) if r["channel"] == "email"]
    assert report.failed == 1 and row["status"] == "failed" and row["retryable"] and row["error"].startswith("451")
    assert send_message(db, message_id).sent == 1
    assert len(mailbox.messages) == 1


def test_550_for_one_recipient_is_permanent(db: sqlite_utils.Database, smtp: SmtpServer, mailbox: Mailbox) -> None:
    parents(db, 3)
    mailbox.refuse["parent1@example.ru"] = "550 5.1.1 No such user"
    message_id = _message(db)
    report = send_message(db, message_id, retry_delay=0, sleep=lambda s: None)
    assert (report.sent, report.failed) == (2, 1)
    failed = compose.delivery_log(db, message_id, ["failed"])
    assert len(failed) == 1 and failed[0]["error"].startswith("550") and not failed[0]["retryable"]
    assert send_message(db, message_id).sent == 0  # permanent: not retried by itself
    assert compose.retry(db, message_id) == 1      # only when the teacher asks
    mailbox.refuse.clear()
    assert send_message(db, message_id).sent == 1
    assert mailbox.recipients()["parent1@example.ru"] == 1


def test_unreachable_server_leaves_rows_for_later(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 3)
    from tests.messages_support import free_port

    mail_through(free_port(), monkeypatch)
    message_id = _message(db)
    report = send_message(db, message_id, retry_delay=0, sleep=lambda s: None)
    assert report.sent == 0 and report.failed == 1 and report.waiting == {"email": 2}
    assert report.problems and "127.0.0.1" in report.problems[0]
    assert batch.plan(db, message_id)["by_channel"] == {"email": 3}


def test_login_password_never_stored_printed_or_logged(db: sqlite_utils.Database, db_path: Path, mailbox: Mailbox,
                                                       monkeypatch: pytest.MonkeyPatch, cli,  # type: ignore[no-untyped-def]
                                                       caplog: pytest.LogCaptureFixture) -> None:
    server = SmtpServer(mailbox, logins={"teacher": PASSWORD})
    server.start()
    try:
        parents(db, 2)
        message_id = _message(db)
        mail_through(server.port, monkeypatch)
        monkeypatch.setenv("OUTREACH_SMTP_USER", "teacher")
        monkeypatch.setenv("OUTREACH_SMTP_PASSWORD", "wrong-" + PASSWORD)
        caplog.set_level(logging.DEBUG)
        bad = cli("message", "send", str(message_id), "--yes")
        assert bad.exit_code == 0 and "login" in bad.stderr
        monkeypatch.setenv("OUTREACH_SMTP_PASSWORD", PASSWORD)
        good = cli("message", "send", str(message_id), "--yes", "--json")
        assert good.exit_code == 0, good.stderr
        assert len(mailbox.messages) == 2
        log = cli("message", "log", str(message_id), "--json")
        dump = cli("settings", "show", "--json")
    finally:
        server.stop()
    db.close()
    everything = [bad.stdout, bad.stderr, good.stdout, good.stderr, log.stdout, dump.stdout, caplog.text]
    for path in db_path.parent.glob(db_path.name + "*"):
        everything.append(path.read_bytes().decode("latin-1"))
    for text in everything:
        assert PASSWORD not in text
