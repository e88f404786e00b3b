"""E-mail at most once, against a scripted SMTP server on 127.0.0.1 that drops the connection
after the final dot, answers 250 after the client's timeout, or answers 451 / 550 / 421.
Every test counts what the server kept: no parent gets anything twice, and a server that
drops two letters in a row leaves the rest queued for the next send, not in doubt."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import sqlite_utils

from outreach.common.errors import OutreachError
from outreach.messages import compose, templates
from outreach.messages.delivery import batch
from outreach.messages.delivery.labels import row_moment, row_note, status_label
from outreach.messages.delivery.send import SendReport, send_message
from outreach.messages.delivery.smtp import smtp_config
from outreach.settings.values import all_settings, set_setting
from tests.fault_servers import DROP, GARBLED, LATE, ScriptedSmtp
from tests.messages_support import mail_through, parents

TIMEOUT = 1.5  # the client waits this long: short, yet past a busy machine's pause (0.5 s was not)


def address(i: int) -> str:
    return f"parent{i}@example.ru"


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[ScriptedSmtp]:
    with ScriptedSmtp(late_by=TIMEOUT * 3) as server:
        mail_through(server.port, monkeypatch)
        yield server


def _send(db: sqlite_utils.Database, message_id: int) -> SendReport:
    return send_message(db, message_id, retry_delay=2.0, timeout=TIMEOUT)


def _rows(db: sqlite_utils.Database, message_id: int) -> dict[str, dict[str, object]]:
    by_guardian = {row["guardian_id"]: row for row in compose.delivery_log(db, message_id)}
    return {address(int(gid) - 1): row for gid, row in by_guardian.items()}  # type: ignore[arg-type]


def _message(db: sqlite_utils.Database, count: int) -> int:
    parents(db, count)
    return compose.create_message(db, templates.find("ru/ice-safety"))  # type: ignore[arg-type]


@pytest.mark.parametrize("fault", [DROP, LATE, GARBLED])
def test_lost_answer_after_the_dot_is_unknown_and_the_run_goes_on(db: sqlite_utils.Database, smtp: ScriptedSmtp,
                                                                  sleeps: list[float], fault: str) -> None:
    message_id = _message(db, 4)
    smtp.script[address(1)] = [fault]
    report = _send(db, message_id)
    assert (report.sent, report.failed, report.unknown) == (3, 0, 1)
    assert smtp.counts() == {address(i): 1 for i in range(4)}
    rows = _rows(db, message_id)
    doubt = rows[address(1)]
    assert doubt["status"] == "unknown" and doubt["attempts"] == 1 and not doubt["retryable"]
    kept = dict(smtp.received)
    assert doubt["external_id"] == kept[address(1)]  # the Message-ID to look up in the server's log
    assert status_label("unknown") == "unknown whether it arrived"
    assert f"look up Message-ID {doubt['external_id']} in the mail server's log" in row_note(doubt)
    assert all(rows[address(i)]["status"] == "sent" for i in (0, 2, 3))
    assert smtp.connections == 2  # the parents after the lost one went on a fresh connection
    assert sleeps == []           # nothing was retried
    again = _send(db, message_id)
    assert (again.sent, again.unknown) == (0, 1)
    assert smtp.counts() == {address(i): 1 for i in range(4)}


def test_every_answer_lost_sends_each_parent_once_two_a_send(db: sqlite_utils.Database, smtp: ScriptedSmtp,
                                                             sleeps: list[float]) -> None:
    message_id = _message(db, 5)
    for i in range(5):
        smtp.script[address(i)] = [DROP, DROP, DROP]
    assert [_send(db, message_id).newly_unknown for _ in range(4)] == [2, 2, 1, 0]
    assert smtp.counts() == {address(i): 1 for i in range(5)}
    assert {row["status"] for row in _rows(db, message_id).values()} == {"unknown"}
    assert "queued" not in batch.plan(db, message_id)["statuses"]  # type: ignore[operator]


def test_two_lost_in_a_row_stop_the_mail_and_the_rest_waits_queued(db: sqlite_utils.Database, smtp: ScriptedSmtp,
                                                                  sleeps: list[float]) -> None:
    """A letter lost after the dot, then the next one on a fresh connection lost too: the
    other parents are not tried (a flaky relay would leave them all in doubt); a letter
    refused (550, 451 three times) or sent between two lost ones starts the count again."""
    message_id = _message(db, 10)
    busy = "451 4.3.0 busy"
    for i, script in enumerate([[DROP], ["550 5.1.1 No such user"], [DROP], [busy] * 3, [DROP], [],
                                [DROP], [DROP], [DROP], [DROP]]):
        smtp.script[address(i)] = script
    report = _send(db, message_id)
    assert (report.sent, report.failed, report.newly_unknown) == (1, 2, 5)
    assert report.waiting == {"email": 2} and sleeps == [2.0, 4.0]  # the 451s were tried again
    assert report.problems == ["The mail server cut the connection twice in a row just after a letter had left;"
                               " 2 more letters wait for the next send."]
    statuses = {a: row["status"] for a, row in _rows(db, message_id).items()}
    assert [statuses[address(i)] for i in range(10)] == [
        "unknown", "failed", "unknown", "failed", "unknown", "sent", "unknown", "unknown", "queued", "queued"]
    assert set(smtp.counts()) == {address(i) for i in (0, 2, 4, 5, 6, 7)}  # 8 and 9 were not tried

    smtp.script.clear()  # the relay is fine again: the queued ones go, the unknown ones are left be
    again = _send(db, message_id)
    assert (again.sent, again.newly_unknown, again.unknown, again.waiting) == (3, 0, 5, {})
    assert smtp.counts() == {address(i): 1 for i in (0, 2, 3, 4, 5, 6, 7, 8, 9)}


def test_message_send_says_the_mail_stopped_and_the_next_send_takes_the_rest(
        db: sqlite_utils.Database, smtp: ScriptedSmtp, sleeps: list[float], cli) -> None:  # type: ignore[no-untyped-def]
    message_id = _message(db, 5)
    for i in range(5):
        smtp.script[address(i)] = [DROP]
    result = cli("--lang", "ru", "message", "send", str(message_id), "--yes")
    assert result.exit_code == 0, result.stderr
    said, shown = " ".join(result.stderr.split()), " ".join(result.stdout.split())  # as wrapped at 80
    assert ("Почтовый сервер дважды подряд оборвал соединение сразу после отправки письма;"
            " ещё 3 письма ждут следующей отправки.") in said
    assert "неизвестно 2" in shown and "ещё в очереди 3" in shown
    assert "@" not in said + shown  # no parent's address in what is said
    assert len(smtp.received) == 2

    smtp.script.clear()
    document = cli.json("message", "send", str(message_id), "--yes")
    assert (document["sent"], document["newly_unknown"], document["unknown"]) == (3, 0, 2)
    assert (document["waiting"], document["problems"], document["totals"]["queued"]) == ({}, [], 0)
    assert smtp.counts() == {address(i): 1 for i in range(5)}


def test_retry_unknown_resends_with_the_same_message_id(db: sqlite_utils.Database, smtp: ScriptedSmtp,
                                                        sleeps: list[float]) -> None:
    """Only the teacher resends an unknown one; the same Message-ID lets mail servers and
    clients drop a copy that did arrive."""
    message_id = _message(db, 1)
    smtp.script[address(0)] = [DROP]
    _send(db, message_id)
    assert compose.retry(db, message_id, include_unknown=True) == 1
    assert _send(db, message_id).sent == 1
    [(_, first), (_, second)] = smtp.received
    assert first == second


def test_451_is_retried_with_backoff_and_counted_as_tries(db: sqlite_utils.Database, smtp: ScriptedSmtp,
                                                          sleeps: list[float]) -> None:
    message_id = _message(db, 2)
    smtp.script[address(0)] = ["451 4.3.0 Try again later", "451 4.3.0 Try again later"]
    report = _send(db, message_id)
    assert (report.sent, report.failed) == (2, 0)
    assert sleeps == [2.0, 4.0]
    rows = _rows(db, message_id)
    assert (rows[address(0)]["attempts"], rows[address(1)]["attempts"]) == (3, 1)
    assert smtp.counts() == {address(0): 1, address(1): 1}


def test_451_every_time_stays_retryable_for_the_next_send(db: sqlite_utils.Database, smtp: ScriptedSmtp,
                                                          sleeps: list[float]) -> None:
    message_id = _message(db, 2)
    smtp.script[address(0)] = ["451 4.3.0 busy"] * 3
    report = _send(db, message_id)
    assert (report.sent, report.failed) == (1, 1)
    row = _rows(db, message_id)[address(0)]
    assert row["status"] == "failed" and row["retryable"] and row["attempts"] == 3
    assert _send(db, message_id).sent == 1
    assert _rows(db, message_id)[address(0)]["attempts"] == 4  # tries, not runs
    assert smtp.counts() == {address(0): 1, address(1): 1}


def test_550_is_permanent_and_the_rest_still_go(db: sqlite_utils.Database, smtp: ScriptedSmtp,
                                                sleeps: list[float]) -> None:
    message_id = _message(db, 3)
    smtp.script[address(0)] = ["550 5.1.1 No such user"]
    report = _send(db, message_id)
    assert (report.sent, report.failed) == (2, 1)
    row = _rows(db, message_id)[address(0)]
    assert row["status"] == "failed" and not row["retryable"] and row["attempts"] == 1
    assert str(row["error"]).startswith("550") and sleeps == []
    assert _send(db, message_id).sent == 0
    assert smtp.counts() == {address(1): 1, address(2): 1}


@pytest.mark.parametrize("reply", ["421 4.3.2 Service shutting down", "Sender OK"])  # the second has no code
@pytest.mark.parametrize("stage", ["at_mail", "at_rcpt"])
def test_421_or_no_reply_code_before_data_reconnects_and_retries(db: sqlite_utils.Database, smtp: ScriptedSmtp,
                                                                 sleeps: list[float], stage: str, reply: str) -> None:
    message_id = _message(db, 2)
    setattr(smtp, stage, [reply])
    report = _send(db, message_id)
    assert (report.sent, report.failed) == (2, 0)
    assert smtp.connections == 2 and _rows(db, message_id)[address(0)]["attempts"] == 2
    assert smtp.counts() == {address(0): 1, address(1): 1}


def test_a_dropped_connection_before_the_dot_is_retried(db: sqlite_utils.Database, smtp: ScriptedSmtp,
                                                        sleeps: list[float]) -> None:
    message_id = _message(db, 2)
    smtp.at_mail = ["ok", DROP]  # the server drops the idle connection before the second parent
    report = _send(db, message_id)
    assert (report.sent, report.failed, report.unknown) == (2, 0, 0)
    assert smtp.counts() == {address(0): 1, address(1): 1}


def test_421_after_the_dot_waits_for_the_next_send(db: sqlite_utils.Database, smtp: ScriptedSmtp,
                                                   sleeps: list[float]) -> None:
    message_id = _message(db, 3)
    smtp.script[address(0)] = ["421 4.3.2 Service shutting down"]
    report = _send(db, message_id)
    assert (report.sent, report.failed) == (2, 1)
    row = _rows(db, message_id)[address(0)]
    assert row["status"] == "failed" and row["retryable"] and row["attempts"] == 1 and sleeps == []
    assert _send(db, message_id).sent == 1
    assert smtp.counts() == {address(i): 1 for i in range(3)}


def test_plain_login_to_another_machine_is_refused(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch,
                                                   cli) -> None:  # type: ignore[no-untyped-def]
    for key, value in {"HOST": "mail.school7.ru", "SECURITY": "none", "USER": "teacher",
                       "FROM": "teacher@school7.ru", "PASSWORD": "pw-never-sent"}.items():
        monkeypatch.setenv(f"OUTREACH_SMTP_{key}", value)
    with pytest.raises(OutreachError, match="unencrypted"):
        smtp_config(all_settings(db))
    message_id = _message(db, 2)
    report = send_message(db, message_id)
    assert report.sent == 0 and report.waiting == {"email": 2}
    assert any("smtp.allow_plain_login" in problem for problem in report.problems)
    bad = cli("settings", "set", "smtp.allow_plain_login", "maybe")
    assert bad.exit_code == 1 and "yes or no" in bad.stderr
    assert cli("settings", "set", "smtp.allow_plain_login", "YES").exit_code == 0
    config = smtp_config(all_settings(db))
    assert config is not None and config.password == "pw-never-sent"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_plain_login_on_this_machine_is_allowed(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch,
                                                host: str) -> None:
    set_setting(db, "smtp.host", host)
    set_setting(db, "smtp.security", "none")
    set_setting(db, "smtp.user", "teacher")
    set_setting(db, "smtp.from", "teacher@school7.ru")
    assert smtp_config(all_settings(db)) is not None


def test_the_log_says_unknown_and_what_to_check(db: sqlite_utils.Database, smtp: ScriptedSmtp, sleeps: list[float],
                                                monkeypatch: pytest.MonkeyPatch, cli) -> None:  # type: ignore[no-untyped-def]
    message_id = _message(db, 2)
    smtp.script[address(0)] = [DROP]
    _send(db, message_id)
    [(_, kept)] = [(r, m) for r, m in smtp.received if r == address(0)]
    monkeypatch.setenv("COLUMNS", "400")
    shown = cli("--lang", "ru", "message", "log", str(message_id), "--status", "unknown")
    assert shown.exit_code == 0, shown.stderr
    assert "неизвестно, дошло ли" in shown.stdout
    assert f"найдите Message-ID {kept} в журнале почтового сервера" in shown.stdout
    [row] = cli.json("message", "log", str(message_id), "--status", "unknown")
    assert row["external_id"] == kept and row["attempts"] == 1


def test_an_error_mid_send_leaves_no_row_sending(db: sqlite_utils.Database, smtp: ScriptedSmtp) -> None:
    message_id = _message(db, 3)
    smtp.script[address(1)] = ["451 4.3.0 busy"]

    def interrupted(seconds: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        send_message(db, message_id, sleep=interrupted, timeout=TIMEOUT)
    statuses = {a: row["status"] for a, row in _rows(db, message_id).items()}
    assert statuses == {address(0): "sent", address(1): "unknown", address(2): "queued"}
    assert db.execute("SELECT sender_pid FROM messages WHERE id = ?", [message_id]).fetchone() == (None,)
    assert _send(db, message_id).sent == 1
    assert smtp.counts() == {address(0): 1, address(2): 1}


def test_a_connection_closed_after_the_dot_is_explained_in_russian(
        db: sqlite_utils.Database, smtp: ScriptedSmtp, sleeps: list[float], russian: None) -> None:
    """smtplib's own text («Connection unexpectedly closed») is English; the teacher reads why
    in her language."""
    message_id = _message(db, 2)
    smtp.script[address(1)] = [DROP]
    assert _send(db, message_id).unknown == 1
    assert _rows(db, message_id)[address(1)]["error"] == (
        "связь с почтовым сервером оборвалась уже после того, как письмо было отправлено (сервер закрыл соединение)")


def test_a_connection_closed_before_the_dot_again_and_again_says_so_once(
        db: sqlite_utils.Database, smtp: ScriptedSmtp, sleeps: list[float], russian: None) -> None:
    message_id = _message(db, 2)
    smtp.at_mail = ["ok", *[DROP] * 20]  # the second parent's every try
    report = _send(db, message_id)
    assert (report.sent, report.failed) == (1, 1)
    row = _rows(db, message_id)[address(1)]
    assert row["status"] == "failed" and row["retryable"]
    assert row["error"] == "Почтовый сервер разорвал соединение."


def test_a_letter_held_by_quiet_hours_then_in_doubt_shows_when_it_was_tried(
        db: sqlite_utils.Database, smtp: ScriptedSmtp, sleeps: list[float], monkeypatch: pytest.MonkeyPatch,
        cli) -> None:  # type: ignore[no-untyped-def]
    """Held at 21:55 until 08:00, tried by `send-due` at 08:20 and lost after the dot: the log
    said «сегодня в 08:00», the end of the quiet hours, as if that were when it went."""
    monkeypatch.setenv("TZ", "Europe/Moscow")
    time.tzset()
    try:
        message_id = _message(db, 2)
        set_setting(db, "quiet_hours", "21:00-08:00")
        smtp.script[address(0)] = [DROP]
        monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T21:55:00+03:00")
        assert _send(db, message_id).deferred == 2
        monkeypatch.setenv("OUTREACH_NOW", "2026-12-02T08:20:00+03:00")
        due = _send(db, message_id)
        assert (due.sent, due.unknown) == (1, 1)
        rows = _rows(db, message_id)
        assert [row_moment(rows[address(i)]) for i in (0, 1)] == ["today at 08:20", "today at 08:20"]
        monkeypatch.setenv("COLUMNS", "200")
        shown = cli("--lang", "ru", "message", "log", str(message_id)).stdout
        assert shown.count("сегодня в 08:20") == 2 and "08:00" not in shown
    finally:
        monkeypatch.undo()
        time.tzset()
