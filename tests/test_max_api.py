"""The MAX Bot API client against a local MAX server on 127.0.0.1 (sending through `message
send` is in test_max_send.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import sqlite_utils

from outreach.channels.errors import Blocked, DeliveryError, InDoubt, RetryAfter
from outreach.channels.max_api import (
    BotStarted,
    Button,
    MaxApi,
    MaxConfig,
    Pressed,
    Written,
    max_config,
)
from outreach.common.errors import OutreachError
from outreach.messages.delivery.max import bot_recipients, split_max
from outreach.roster import guardians as roster
from tests.max_server import TIME, MaxServer

TOKEN = "max-secret-TOKEN-value_for-tests-0123456789"
USER = 4100200


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MaxServer]:
    with MaxServer(TOKEN) as api:
        monkeypatch.setenv("OUTREACH_MAX_TOKEN", TOKEN)
        monkeypatch.setenv("OUTREACH_MAX_API", api.url)
        yield api


def config(server: MaxServer) -> MaxConfig:
    found = max_config({})
    assert found == MaxConfig(server.url, TOKEN)
    return found


def test_no_token_no_config_and_nothing_sent_by_the_bot(db: sqlite_utils.Database,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_MAX_TOKEN", raising=False)
    monkeypatch.setattr("outreach.settings.secrets._from_keyring", lambda name: None)
    assert max_config({"max.api": "http://127.0.0.1:1"}) is None
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "phone": "+79120000001"}, [])
    db.execute("INSERT INTO max_users(guardian_id, user_id, linked_at) VALUES (?, '42', '2026-11-30T10:00')", [gid])
    assert bot_recipients(db, {}, [gid]) == {}  # linked, but without a token its rows are exported
    monkeypatch.setenv("OUTREACH_MAX_TOKEN", TOKEN)
    assert bot_recipients(db, {}, [gid]) == {gid: "42"}


def test_send_with_buttons_puts_the_token_in_the_header(server: MaxServer) -> None:
    with MaxApi(config(server)) as api:
        buttons = [[Button("Приду", payload="rsvp:1:yes"), Button("Не смогу", payload="rsvp:1:no")],
                   [Button("Сайт", url="https://school.example/")]]
        mid = api.send(("user_id", str(USER)), "<b>Собрание</b> в четверг", buttons)
    assert mid == "mid.1"
    sent = server.sent[0]
    assert sent["user_id"] == str(USER) and sent["text"] == "<b>Собрание</b> в четверг" and sent["format"] == "html"
    assert sent["attachments"] == [{"type": "inline_keyboard", "payload": {"buttons": [
        [{"type": "callback", "text": "Приду", "payload": "rsvp:1:yes"},
         {"type": "callback", "text": "Не смогу", "payload": "rsvp:1:no"}],
        [{"type": "link", "text": "Сайт", "url": "https://school.example/"}]]}}]


def test_a_wrong_token_is_refused_and_never_shown(server: MaxServer) -> None:
    with MaxApi(MaxConfig(server.url, TOKEN + "x")) as api, pytest.raises(DeliveryError) as caught:
        api.send(("user_id", str(USER)), "text")
    assert caught.value.permanent and "401" in caught.value.text and TOKEN not in caught.value.text
    assert server.sent == []


def test_429_asks_the_caller_to_wait_and_sends_nothing(server: MaxServer, sleeps: list[float]) -> None:
    server.slow_down_once[str(USER)] = "3"
    with MaxApi(config(server)) as api:
        with pytest.raises(RetryAfter) as caught:
            api.send(("user_id", str(USER)), "text")
        assert caught.value.seconds == 3.0 and not caught.value.permanent and server.sent == []
        assert api.send(("user_id", str(USER)), "text") == "mid.1"
    assert sleeps == []  # the client never sleeps: the send loop waits


def test_unreadable_retry_after_sends_nothing(server: MaxServer, sleeps: list[float]) -> None:
    server.slow_down_once[str(USER)] = "soon"
    with MaxApi(config(server)) as api, pytest.raises(DeliveryError) as caught:
        api.send(("user_id", str(USER)), "text")
    assert not isinstance(caught.value, RetryAfter)
    assert "wait" in caught.value.text and not caught.value.permanent and server.sent == []


def test_blocked_bot_is_permanent(server: MaxServer) -> None:
    server.blocked.add(str(USER))
    with MaxApi(config(server)) as api, pytest.raises(Blocked) as caught:
        api.send(("user_id", str(USER)), "text")
    assert caught.value.permanent and "403" in caught.value.text and server.sent == []


def test_a_refusal_is_quoted_in_the_teacher_s_language(server: MaxServer, russian: None) -> None:
    """MAX's own reasons are English: the refusal quotes it inside a Russian sentence."""
    server.refused[str(USER)] = (400, "text: size must be between 0 and 4000")
    with MaxApi(config(server)) as api, pytest.raises(DeliveryError) as caught:
        api.send(("user_id", str(USER)), "text")
    assert caught.value.text == "400: MAX не принял сообщение (text: size must be between 0 and 4000)"
    assert caught.value.permanent and server.sent == []


@pytest.mark.parametrize("fault", ["gateway_error", "drop"])
def test_a_lost_answer_is_in_doubt(server: MaxServer, fault: str) -> None:
    getattr(server, fault).add(str(USER))
    with MaxApi(config(server)) as api, pytest.raises(InDoubt) as caught:
        api.send(("user_id", str(USER)), "text")
    assert len(server.sent) == 1  # it arrived
    assert "MAX did not answer" in caught.value.text and TOKEN not in caught.value.text


def test_nobody_listening_is_a_retryable_failure(sleeps: list[float]) -> None:
    with MaxServer(TOKEN) as gone:
        url = gone.url
    with MaxApi(MaxConfig(url, TOKEN, timeout=2)) as api, pytest.raises(DeliveryError) as caught:
        api.send(("user_id", str(USER)), "text")
    assert not caught.value.permanent and not isinstance(caught.value, InDoubt)
    assert caught.value.text.startswith("Cannot reach MAX")


def test_updates_from_the_marker_and_answers(server: MaxServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.start(USER, "tok_1")
    server.start(USER + 1, None)
    callback = server.press(USER, "rsvp:7:yes")
    server.write(USER, "Маша сегодня не придёт")
    with MaxApi(config(server)) as api:
        first = api.updates(None)
        assert first.events == [BotStarted(str(USER), "tok_1"), BotStarted(str(USER + 1), ""),
                                Pressed(str(USER), callback, "rsvp:7:yes"),
                                Written(str(USER), "Маша сегодня не придёт", "mid.in.3", "dialog", TIME + 3000)]
        assert first.marker == 4 and first.count == 4
        assert api.updates(first.marker).events == []
        api.answer(callback, "Спасибо!")
    assert server.markers == [None, "4"]
    assert server.answers == [{"callback_id": callback, "notification": "Спасибо!"}]
    assert TOKEN not in caplog.text


def test_an_api_refusal_outside_sending_is_one_sentence(server: MaxServer) -> None:
    with MaxApi(MaxConfig(server.url, "wrong")) as api, pytest.raises(OutreachError) as caught:
        api.updates(None)
    assert caught.value.message == "The MAX Bot API refused the request: 401 Invalid access_token"


def test_long_text_is_cut_at_paragraphs() -> None:
    text = "\n\n".join(["а" * 3000] * 3)
    parts = split_max(text)
    assert [len(p) for p in parts] == [3000, 3000, 3000] and all(len(p) <= 4000 for p in parts)


def test_a_blocked_bot_is_said_in_russian(server: MaxServer, russian: None) -> None:
    server.blocked.add(str(USER))
    with MaxApi(config(server)) as api, pytest.raises(Blocked) as caught:
        api.send(("user_id", str(USER)), "text")
    assert caught.value.text == "403: родитель заблокировал бота или не запускал его; MAX для этого родителя отключён"
