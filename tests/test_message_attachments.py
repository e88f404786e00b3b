"""Files attached to a message (issue 16): `message new --attach`, carried as MIME parts by
e-mail through a local aiosmtpd, said to go without them elsewhere, refused over the limit,
and a file gone before sending stops the send before anything leaves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from outreach.channels.preferences import set_preferences
from outreach.messages import compose, outbox
from outreach.messages.delivery import batch
from tests.messages_support import Mailbox, SmtpServer, local_smtp, mail_through, parents


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


@pytest.fixture
def smtp(mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    with local_smtp(monkeypatch, mailbox) as server:
        yield server


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    form = tmp_path / "заявление.pdf"
    form.write_bytes(b"%PDF-1.4 form " + bytes(range(256)) * 40)
    plan = tmp_path / "schedule.txt"
    plan.write_text("Пн 18:00 — собрание\n", encoding="utf-8")
    return form, plan


def test_attachments_go_as_mime_parts_by_e_mail_only(cli, db: sqlite_utils.Database, smtp: SmtpServer,  # type: ignore[no-untyped-def]
                                                     mailbox: Mailbox, files: tuple[Path, Path]) -> None:
    ids = parents(db, 3)
    set_preferences(db, ids[2], prefer=["sms"])
    form, plan = files
    created = cli("--lang", "ru", "message", "new", "--text", "Собрание в понедельник.", "--attach", str(form),
                  "--attach", str(plan))
    assert created.exit_code == 0, created.stderr
    assert "Вложения: заявление.pdf, schedule.txt." in created.stdout
    assert "Вложения уходят только письмами; без них уйдут: СМС 1." in " ".join(created.stdout.split())
    [message_id] = [m.id for m in compose.list_messages(db)]
    assert batch.plan(db, message_id)["attachments"] == ["заявление.pdf", "schedule.txt"]

    sent = cli.json("message", "send", str(message_id), "--yes")
    assert (sent["sent"], sent["exported"]) == (2, 1)
    assert len(mailbox.messages) == 2
    for mail in mailbox.messages:
        parts = {part.get_filename(): part for part in mail.iter_attachments()}
        assert set(parts) == {"заявление.pdf", "schedule.txt"}
        assert parts["заявление.pdf"].get_content_type() == "application/pdf"
        assert parts["заявление.pdf"].get_content() == form.read_bytes()
        assert parts["schedule.txt"].get_content() == "Пн 18:00 — собрание\n"
        assert "Собрание в понедельник." in mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]

    copy = outbox.duplicate(db, message_id, ["all"])  # «the same to another class» keeps the files
    assert batch.plan(db, copy)["attachments"] == ["заявление.pdf", "schedule.txt"]


def test_too_much_is_refused_with_a_sentence_and_nothing_is_stored(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path) -> None:
    parents(db, 1)
    big = tmp_path / "video.mp4"
    with big.open("wb") as out:
        out.truncate(11 * 1024 * 1024)
    refused = cli("--lang", "ru", "message", "new", "--text", "Видео с праздника", "--attach", str(big))
    assert refused.exit_code == 1
    assert "Вложения вместе занимают 11 МБ, а к сообщению можно приложить не больше 10 МБ" in refused.stderr
    missing = cli("message", "new", "--text", "Form", "--attach", str(tmp_path / "nowhere.pdf"))
    assert missing.exit_code == 1 and "nowhere.pdf: there is no such file." in missing.stderr
    assert compose.list_messages(db) == []
    assert db.execute("SELECT count(*) FROM message_attachments").fetchone()[0] == 0


def test_a_file_gone_before_sending_stops_the_send_before_anything_leaves(
        cli, db: sqlite_utils.Database, smtp: SmtpServer, mailbox: Mailbox, files: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    parents(db, 2)
    form, _ = files
    message_id = cli.json("message", "new", "--text", "Form attached.", "--attach", str(form))["id"]
    form.unlink()
    sent = cli("message", "send", str(message_id), "--yes")
    assert sent.exit_code == 1
    assert f"Attachment «заявление.pdf» is no longer readable at {form}: nothing of message {message_id} was sent." \
        in " ".join(sent.stderr.split())
    assert mailbox.messages == []
    assert {row["status"] for row in compose.delivery_log(db, message_id)} == {"queued"}


def test_a_letter_over_the_mail_servers_size_is_failed_in_words_not_sent_twice(
        cli, db: sqlite_utils.Database, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A school's mail server takes letters up to its SIZE (Exchange's 10 MB, here 20 KB):
    a 30 KB file grows to ≈ 41 KB in base64. Each letter is refused at MAIL FROM (552): the
    log says the sizes and what to do, in the teacher's language, and nothing is sent again."""
    ids = parents(db, 2)
    program = tmp_path / "программа.pdf"
    program.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 120)
    server = SmtpServer(mailbox, size_limit=20_000)
    server.start()
    try:
        mail_through(server.port, monkeypatch)
        message_id = cli.json("message", "new", "--text", "Программа поездки.", "--attach", str(program))["id"]
        sent = cli.json("--lang", "ru", "message", "send", str(message_id), "--yes")
        again = cli.json("--lang", "ru", "message", "send", str(message_id), "--yes")
    finally:
        server.stop()
    assert (sent["sent"], sent["failed"], again["sent"], again["failed"]) == (0, 2, 0, 0)
    assert mailbox.messages == []
    log = cli.json("message", "log", str(message_id))
    assert {row["guardian_id"] for row in log if row["status"] == "failed"} == set(ids)
    error = log[0]["error"]
    assert error.startswith("Письмо с вложениями весит 4") and "не больше 20 КБ" in error and "552" in error
    assert error.endswith("уберите часть вложений или дайте ссылку на них.")


def test_a_letter_refused_as_too_large_after_the_dot_says_so(cli, db: sqlite_utils.Database, smtp: SmtpServer,  # type: ignore[no-untyped-def]
                                                              mailbox: Mailbox, files: tuple[Path, Path]) -> None:
    """A relay that announces no smaller SIZE and refuses the letter once it has it (552
    after the dot): a refusal, not «unknown», said in words."""
    parents(db, 1)
    mailbox.data_replies = ["552 5.3.4 Message size exceeds fixed limit"]
    message_id = cli.json("message", "new", "--text", "Программа.", "--attach", str(files[0]))["id"]
    sent = cli.json("message", "send", str(message_id), "--yes")
    assert (sent["sent"], sent["failed"], sent["unknown"]) == (0, 1, 0)
    [row] = cli.json("message", "log", str(message_id))
    assert row["error"].startswith("The mail server refused the e-mail of 1") and "as too large (552 5.3.4" in row["error"]
