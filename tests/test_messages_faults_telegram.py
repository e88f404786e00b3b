"""Telegram at most once, against a scripted Bot API on 127.0.0.1: answers after the client's
timeout, connections closed without an answer, a long message whose second part fails,
and answers that do not read as the Bot API's. The server counts what it kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from outreach.messages import compose, templates
from outreach.messages.delivery import batch
from outreach.messages.delivery.labels import row_note
from outreach.messages.delivery.send import SendReport, send_message
from tests.fault_servers import Reply, ScriptedBotApi, bad_json
from tests.messages_support import parents

TOKEN = "123456789:AAHsecretTOKENvalue_for-faults"
TIMEOUT = 0.5
LONG_BODY = "\n\n".join(f"Абзац {i}. " + "слово " * 100 for i in range(9))  # two parts


def chat(i: int) -> str:
    return str(100000 + i)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedBotApi]:
    with ScriptedBotApi(TOKEN) as server:
        monkeypatch.setenv("OUTREACH_TELEGRAM_TOKEN", TOKEN)
        monkeypatch.setenv("OUTREACH_TELEGRAM_API", server.url)
        yield server


def _message(db: sqlite_utils.Database, count: int, body: str | None = None) -> int:
    parents(db, count, channel="telegram")
    return compose.create_message(db, templates.find("ru/ice-safety"), body=body)  # type: ignore[arg-type]


def _send(db: sqlite_utils.Database, message_id: int) -> SendReport:
    return send_message(db, message_id, timeout=TIMEOUT)


def _rows(db: sqlite_utils.Database, message_id: int) -> dict[str, dict[str, object]]:
    return {chat(int(row["guardian_id"]) - 1): row for row in compose.delivery_log(db, message_id)}  # type: ignore[call-overload]


LOST = {
    "late": Reply(delay=TIMEOUT * 3),
    "closed": Reply(close=True),
    # the gateway in front of the Bot API lost its answer: the message may have gone out (a
    # retry after a 502 sent it twice)
    "502 from the Bot API's front": Reply(502, bad_json({"ok": False, "error_code": 502, "description": "Bad Gateway"})),
    "504 page": Reply(504, b"<html><body><h1>504 Gateway Time-out</h1></body></html>"),
    "500 page, no Bot API document": Reply(500, b"<html>500 Internal Server Error</html>"),
}


@pytest.mark.parametrize("lost", LOST.values(), ids=LOST.keys())
def test_an_answer_lost_after_the_request_is_unknown(db: sqlite_utils.Database, api: ScriptedBotApi,
                                                     sleeps: list[float], lost: Reply) -> None:
    message_id = _message(db, 3)
    api.script[chat(0)] = [lost]
    report = _send(db, message_id)
    assert (report.sent, report.failed, report.unknown) == (2, 0, 1)
    row = _rows(db, message_id)[chat(0)]
    assert row["status"] == "unknown" and row["attempts"] == 1 and not row["retryable"] and sleeps == []
    assert "ask the parent whether it came in Telegram" in row_note(row)
    assert lost.status == 200 or str(lost.status) in str(row["error"])
    assert _send(db, message_id).sent == 0
    assert api.counts() == {chat(i): 1 for i in range(3)}


@pytest.mark.parametrize("status", [500, 503])
def test_the_bot_apis_own_server_error_is_tried_again(db: sqlite_utils.Database, api: ScriptedBotApi,
                                                      sleeps: list[float], status: int) -> None:
    """A 5xx that is the Bot API's own answer says the message failed: the next send tries again."""
    message_id = _message(db, 1)
    api.script[chat(0)] = [Reply(status, bad_json({"ok": False, "error_code": status, "description": "Internal Server Error"}),
                                 delivered=False)]
    assert _send(db, message_id).failed == 1
    assert _rows(db, message_id)[chat(0)]["retryable"]
    assert _send(db, message_id).sent == 1
    assert api.counts() == {chat(0): 1}


def test_two_answers_lost_in_a_row_stop_telegram_and_the_rest_waits_queued(db: sqlite_utils.Database,
                                                                          api: ScriptedBotApi,
                                                                          sleeps: list[float]) -> None:
    """The same rule as for e-mail, in the one send loop: a second message in a row left in
    doubt stops the channel for this send; the next send takes the rest and leaves the two."""
    message_id = _message(db, 5)
    for i in range(5):
        api.script[chat(i)] = [Reply(close=True)]
    report = _send(db, message_id)
    assert (report.sent, report.newly_unknown, report.waiting) == (0, 2, {"telegram": 3})
    assert report.problems == ["Telegram gave no answer twice in a row just after a message had left;"
                               " 3 more messages wait for the next send."]
    assert [_rows(db, message_id)[chat(i)]["status"] for i in range(5)] == ["unknown"] * 2 + ["queued"] * 3
    assert api.requests == 2
    api.script.clear()
    again = _send(db, message_id)
    assert (again.sent, again.newly_unknown, again.unknown) == (3, 0, 2)
    assert api.counts() == {chat(i): 1 for i in range(5)}


def test_a_long_message_resumes_from_the_part_not_delivered(db: sqlite_utils.Database, api: ScriptedBotApi,
                                                            sleeps: list[float]) -> None:
    message_id = _message(db, 2, body=LONG_BODY)
    api.script[chat(0)] = [Reply(), Reply(status=500, body=bad_json(
        {"ok": False, "error_code": 500, "description": "Internal Server Error"}), delivered=False)]
    report = _send(db, message_id)
    assert (report.sent, report.failed) == (1, 1)
    row = _rows(db, message_id)[chat(0)]
    assert row["status"] == "failed" and row["retryable"]
    assert row["parts"] == [{"part": 1, "message_id": "1"}]
    assert _send(db, message_id).sent == 1
    first, second = api.texts(chat(0))  # each part once: part 1 was not sent again
    assert first.startswith("Абзац 0.") and second.startswith("Абзац") and first != second
    row = _rows(db, message_id)[chat(0)]
    assert row["status"] == "sent" and row["external_id"] == "1"
    assert [p["part"] for p in row["parts"]] == [1, 2]  # type: ignore[attr-defined, index]
    assert row["attempts"] == 3
    assert len(api.texts(chat(1))) == 2


def test_a_long_message_in_doubt_after_part_one_says_which_parts_arrived(db: sqlite_utils.Database,
                                                                          api: ScriptedBotApi,
                                                                          sleeps: list[float]) -> None:
    message_id = _message(db, 1, body=LONG_BODY)
    api.script[chat(0)] = [Reply(), Reply(delay=TIMEOUT * 3)]
    assert _send(db, message_id).unknown == 1
    row = _rows(db, message_id)[chat(0)]
    assert row["status"] == "unknown" and "parts delivered: 1;" in row_note(row)
    assert compose.retry(db, message_id, include_unknown=True) == 1  # the teacher chose to resend
    assert _send(db, message_id).sent == 1
    texts = api.texts(chat(0))
    assert len(texts) == 3 and texts[1] == texts[2]  # part 1 never again; part 2 was the doubt


MALFORMED = {
    "429 retry_after -1": (Reply(429, bad_json({"ok": False, "parameters": {"retry_after": -1}}), False), True),
    "429 retry_after soon": (Reply(429, bad_json({"ok": False, "parameters": {"retry_after": "soon"}}), False), True),
    "429 parameters list": (Reply(429, bad_json({"ok": False, "parameters": [5]}), False), True),
    "200 body a list": (Reply(200, bad_json([{"ok": True}])), False),
    "200 not JSON": (Reply(200, b"<html>gateway</html>"), False),
    "200 without ok": (Reply(200, bad_json({"result": {"message_id": 7}})), False),
}


def test_malformed_answers_fail_that_delivery_only(db: sqlite_utils.Database, api: ScriptedBotApi,
                                                   sleeps: list[float]) -> None:
    cases = list(MALFORMED.items())
    message_id = _message(db, len(cases) + 1)
    for i, (_, (reply, _)) in enumerate(cases):
        api.script[chat(i)] = [reply]
    report = _send(db, message_id)
    assert (report.sent, report.failed, report.unknown) == (1, len(cases), 0)
    rows = _rows(db, message_id)
    assert rows[chat(len(cases))]["status"] == "sent"  # the parent after them all still got it
    for i, (name, (_, retryable)) in enumerate(cases):
        row = rows[chat(i)]
        assert row["status"] == "failed" and row["retryable"] == retryable, name
        assert row["error"] and "Internal" not in str(row["error"]) and len(str(row["error"])) < 300, name
    assert sleeps == []
    assert "sending" not in batch.plan(db, message_id)["statuses"]  # type: ignore[operator]
    # the 200s may have arrived: never sent again by themselves
    _send(db, message_id)
    assert max(api.counts().values()) == 1


def test_429_waits_as_asked_and_each_request_is_a_try(db: sqlite_utils.Database, api: ScriptedBotApi,
                                                      sleeps: list[float]) -> None:
    message_id = _message(db, 1)
    api.script[chat(0)] = [Reply(429, bad_json({"ok": False, "parameters": {"retry_after": 3}}), False)] * 2
    assert _send(db, message_id).sent == 1
    assert sleeps == [3.0, 3.0]
    assert _rows(db, message_id)[chat(0)]["attempts"] == 3
    assert api.counts() == {chat(0): 1}


def test_a_connection_closed_without_an_answer_is_explained_in_russian(
        db: sqlite_utils.Database, api: ScriptedBotApi, sleeps: list[float], russian: None) -> None:
    """httpx's own text («Server disconnected without sending a response.») is English; the
    teacher reads why in her language."""
    message_id = _message(db, 2)
    api.script[chat(0)] = [Reply(close=True)]
    assert _send(db, message_id).unknown == 1
    assert _rows(db, message_id)[chat(0)]["error"] == (
        "Telegram не ответил, хотя сообщение уже было отправлено (сервер закрыл соединение, не дав ответа)")
