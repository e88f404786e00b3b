"""Telegram delivery against a local HTTP server speaking the Bot API's sendMessage."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from outreach.channels.preferences import reach_one
from outreach.messages import compose, templates
from outreach.messages.delivery import batch
from outreach.messages.delivery.send import send_message
from tests.messages_support import TELEGRAM_TOKEN, TelegramApi, local_telegram, parents


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with local_telegram(monkeypatch) as server:
        yield server


def test_200_429_and_403(db: sqlite_utils.Database, api: TelegramApi) -> None:
    ids = parents(db, 3, channel="telegram")
    api.slow_down_once.add("100001")
    api.blocked.add("100002")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    waits: list[float] = []
    report = send_message(db, message_id, sleep=waits.append)
    assert (report.sent, report.failed) == (2, 1)
    assert waits == [1.0]  # retry_after honoured
    assert sorted(str(m["chat_id"]) for m in api.received) == ["100000", "100001"]
    first = api.received[0]
    assert first["parse_mode"] == "HTML" and "<b>112</b>" in str(first["text"])
    assert "Уважаемая Анна Викторовна!" in str(first["text"])
    [blocked] = compose.delivery_log(db, message_id, ["failed"])
    assert blocked["guardian_id"] == ids[2] and blocked["error"].startswith("403") and not blocked["retryable"]
    # the parent's Telegram is now unreachable: the next message plans another channel or a call
    assert "telegram" not in reach_one(db, ids[2]).channels
    assert send_message(db, message_id).sent == 0
    assert len(api.received) == 2


def test_token_never_printed_logged_or_stored(db: sqlite_utils.Database, db_path: Path, api: TelegramApi,
                                              cli, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    parents(db, 2, channel="telegram")
    api.blocked.add("100001")
    caplog.set_level(logging.DEBUG)
    created = cli.json("message", "new", "--template", "ice-safety")
    sent = cli("message", "send", str(created["id"]), "--yes", "--json")
    assert sent.exit_code == 0, sent.stderr
    log = cli("message", "log", str(created["id"]), "--json")
    assert len(api.received) == 1
    db.close()
    texts = [sent.stdout, sent.stderr, log.stdout, caplog.text]
    texts += [p.read_bytes().decode("latin-1") for p in db_path.parent.glob(db_path.name + "*")]
    secret_part = TELEGRAM_TOKEN.split(":")[1]
    for text in texts:
        assert secret_part not in text


def test_unset_token_leaves_telegram_waiting(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_TELEGRAM_TOKEN", raising=False)
    monkeypatch.setattr("outreach.settings.secrets._from_keyring", lambda name: None)
    parents(db, 2, channel="telegram")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    report = send_message(db, message_id)
    assert report.waiting == {"telegram": 2} and report.sent == 0
    assert batch.plan(db, message_id)["by_channel"] == {"telegram": 2}


def test_a_blocked_bot_is_said_in_russian(db: sqlite_utils.Database, api: TelegramApi, russian: None) -> None:
    """The Bot API's «Forbidden: bot was blocked by the user» is English: the log says what
    happened, and what it changed, in the teacher's language."""
    parents(db, 1, channel="telegram")
    api.blocked.add("100000")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    assert send_message(db, message_id).failed == 1
    [blocked] = compose.delivery_log(db, message_id, ["failed"])
    assert blocked["error"] == "403: родитель заблокировал бота или не запускал его; Telegram для этого родителя отключён"


def test_a_refusal_is_said_in_russian(db: sqlite_utils.Database, api: TelegramApi, russian: None) -> None:
    """The Bot API's «Bad Request: chat not found» and its other refusals are English: a known
    one is said in words, any other is quoted inside a Russian sentence; neither is sent again."""
    parents(db, 2, channel="telegram")
    api.refused = {"100000": (400, "Bad Request: chat not found"),
                   "100001": (400, "Bad Request: can't parse entities: unsupported start tag")}
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    assert send_message(db, message_id).failed == 2
    errors = sorted(row["error"] for row in compose.delivery_log(db, message_id, ["failed"]))
    assert errors == ["400: Telegram не принял сообщение (Bad Request: can't parse entities: unsupported start tag)",
                      "400: чат не найден: неверный номер чата, или родитель ещё не писал боту"]
    assert not any(row["retryable"] for row in compose.delivery_log(db, message_id, ["failed"]))


def test_a_server_error_is_not_called_a_refusal(db: sqlite_utils.Database, api: TelegramApi, russian: None) -> None:
    """A 500 is Telegram's own trouble, not the message refused (found sending through a Bot
    API that failed halfway): said so, and left to be retried."""
    parents(db, 1, channel="telegram")
    api.refused = {"100000": (500, "Internal Server Error")}
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    assert send_message(db, message_id).failed == 1
    [row] = compose.delivery_log(db, message_id, ["failed"])
    assert row["error"] == "500: ошибка на стороне Telegram (Internal Server Error)" and row["retryable"]
