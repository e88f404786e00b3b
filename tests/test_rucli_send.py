"""`message send` when every e-mail failed (issue 15): the exit code stays 0 and the JSON keeps
the failed count (the Scripting contract), but the Russian teacher reads plainly that nothing
was delivered. Against a real SMTP server on 127.0.0.1 that refuses every recipient."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from outreach.messages import compose, templates
from outreach.settings.values import set_setting
from tests.fault_servers import ScriptedSmtp
from tests.messages_support import mail_through, parents


@pytest.fixture
def refusing(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedSmtp]:
    with ScriptedSmtp(late_by=1.5) as server:
        mail_through(server.port, monkeypatch)
        yield server


@pytest.mark.parametrize("count,russian", [
    (3, "Ничего не доставлено: не удались все 3 доставки"),
    (1, "Ничего не доставлено: не удалась 1 доставка"),
])
def test_every_email_failed_says_nothing_was_delivered(cli, db, refusing: ScriptedSmtp, count: int,
                                                       russian: str) -> None:
    set_setting(db, "quiet_hours", "off")
    parents(db, count)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))  # type: ignore[arg-type]  # find → Template | None
    for i in range(count):
        refusing.script[f"parent{i}@example.ru"] = ["550 5.1.1 No such user"]
    result = cli("--lang", "ru", "message", "send", str(message_id), "--yes")
    assert result.exit_code == 0
    assert russian in result.stderr and "--status ошибка" in result.stderr  # as the log takes it
    assert "В этот раз: отправлено 0, ошибок " + str(count) in result.stdout
    again = cli("message", "send", str(message_id), "--yes", "--json")  # nothing left queued
    assert again.exit_code == 0 and json.loads(again.stdout)["totals"]["failed"] == count
    assert "Nothing was delivered" not in again.stderr and "Nothing" not in again.stdout


def test_a_partly_delivered_send_does_not_say_nothing(cli, db, refusing: ScriptedSmtp) -> None:
    set_setting(db, "quiet_hours", "off")
    parents(db, 2)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))  # type: ignore[arg-type]  # find → Template | None
    refusing.script["parent0@example.ru"] = ["550 5.1.1 No such user"]
    result = cli("message", "send", str(message_id), "--yes")
    assert result.exit_code == 0 and "This send: sent 1, failed 1" in result.stdout
    assert "Nothing was delivered" not in result.stderr


def test_send_due_says_nothing_was_delivered_when_every_delivery_failed(
        cli, db, refusing: ScriptedSmtp, monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 2)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))  # type: ignore[arg-type]  # find → Template | None
    for i in range(2):
        refusing.script[f"parent{i}@example.ru"] = ["550 5.1.1 No such user"]
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T18:00")
    assert cli("message", "schedule", str(message_id), "--at", "01.12.2026 08:30").exit_code == 0
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T08:31")
    result = cli("--lang", "ru", "send-due")
    assert result.exit_code == 0
    assert f"Ничего не доставлено: не удались 2 доставки (сообщения {message_id};" in result.stderr
