"""MAX and the answer buttons through `outreach message send`, end to end against the local MAX
server and the local Telegram Bot API: a parent linked on MAX gets the message from the bot
(a parent not linked stays in max.csv), an invitation's «Приду / Не смогу» ride on the last
part and a press is tallied by `message rsvp`; a 429 is waited out through the loop's
injected sleep; a parent who blocked the bot is opted out of MAX; two answers lost in a row
stop MAX for the send, as they stop e-mail and Telegram."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from outreach.channels.preferences import reach_one, set_preferences
from outreach.messages import compose
from tests.max_server import MaxServer
from tests.messages_support import TelegramApi, local_telegram, parents
from tests.test_max_api import TOKEN
from tests.test_max_link import family, link

USER = 9200001
LONG = "\n\n".join(f"Абзац {n}: " + "о" * 2990 for n in range(3))  # three parts on MAX and Telegram


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MaxServer]:
    with MaxServer(TOKEN) as api:
        monkeypatch.setenv("OUTREACH_MAX_TOKEN", TOKEN)
        monkeypatch.setenv("OUTREACH_MAX_API", api.url)
        yield api


def invitation(cli, text: str = "Приглашаем на собрание в четверг в 18:30.") -> int:  # type: ignore[no-untyped-def]
    mid = int(cli.json("--lang", "ru", "message", "new", "--text", text, "--audience", "group:10А")["id"])
    assert cli.json("message", "rsvp", str(mid), "--ask")["asked"] is True
    return mid


def keyboard(mid: int) -> list[dict[str, object]]:
    return [{"type": "inline_keyboard", "payload": {"buttons": [[
        {"type": "callback", "text": "Приду", "payload": f"rsvp:{mid}:yes"},
        {"type": "callback", "text": "Не смогу", "payload": f"rsvp:{mid}:no"}]]}}]


def test_linked_parent_gets_the_bot_s_message_with_buttons_and_the_press_is_tallied(  # type: ignore[no-untyped-def]
        cli, db: sqlite_utils.Database, server: MaxServer) -> None:
    linked = family(db, "Петрова", "Иван")
    by_hand = family(db, "Смирнова", "Олег")
    set_preferences(db, by_hand, addresses={"max": "+79125550101"})  # a MAX number, never linked to the bot
    link(cli, server, linked, USER)
    mid = invitation(cli, LONG)
    assert cli.json("message", "send", str(mid), "--dry-run")["sent"] == 1  # the bot's one; the other: files

    report = cli.json("message", "send", str(mid), "--yes")
    assert (report["sent"], report["exported"], report["failed"], report["waiting"]) == (1, 1, 0, {})
    sent = server.sent
    assert [m["user_id"] for m in sent] == [str(USER)] * 3
    assert [m.get("attachments") for m in sent] == [None, None, keyboard(mid)]  # buttons under the last part
    assert sent[0]["text"].startswith("Абзац 0") and sent[0]["format"] == "html"  # type: ignore[union-attr]
    log = {row["guardian_id"]: row for row in compose.delivery_log(db, mid)}
    assert (log[linked]["status"], log[linked]["external_id"]) == ("sent", "mid.1")
    assert [p["message_id"] for p in log[linked]["parts"]] == ["mid.1", "mid.2", "mid.3"]
    assert log[by_hand]["status"] == "exported"
    max_csv = (Path(report["folder"]) / "max.csv").read_text(encoding="utf-8-sig")
    assert "Смирнова" in max_csv and "Петрова" not in max_csv

    callback = server.press(USER, f"rsvp:{mid}:yes")
    assert cli.json("channels", "link-max-updates")["answers"] == 1
    assert server.answers == [{"callback_id": callback, "notification": "Спасибо, ждём вас!"}]
    tally = cli.json("message", "rsvp", str(mid))
    assert tuple(tally["counts"].values()) == (1, 0, 1)
    assert {p["guardian_id"]: p["answer"] for p in tally["people"]} == {linked: "yes", by_hand: None}

    again = cli.json("message", "send", str(mid), "--yes")
    assert (again["sent"], again["exported"]) == (0, 0) and len(server.sent) == 3  # nothing goes twice


def test_a_message_without_buttons_carries_none(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                server: MaxServer) -> None:
    link(cli, server, family(db), USER)
    mid = cli.json("message", "new", "--text", "Завтра сокращённые уроки", "--audience", "group:10А")["id"]
    assert cli.json("message", "send", str(mid), "--yes")["sent"] == 1
    assert [(m["text"], m.get("attachments")) for m in server.sent] == [("Завтра сокращённые уроки", None)]


def test_429_is_waited_out_through_the_loop_s_sleep(cli, db: sqlite_utils.Database, server: MaxServer,  # type: ignore[no-untyped-def]
                                                    sleeps: list[float]) -> None:
    gid = family(db)
    link(cli, server, gid, USER)
    server.slow_down_once[str(USER)] = "3"
    mid = invitation(cli)
    report = cli.json("message", "send", str(mid), "--yes")
    assert (report["sent"], report["failed"]) == (1, 0)
    assert sleeps == [3.0] and len(server.sent) == 1
    [row] = compose.delivery_log(db, mid)
    assert (row["status"], row["attempts"]) == ("sent", 2)  # the request asked to wait counts


def test_a_retry_after_too_long_fails_the_row_for_this_run(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                           server: MaxServer, sleeps: list[float]) -> None:
    link(cli, server, family(db), USER)
    server.slow_down_once[str(USER)] = "600"
    mid = invitation(cli)
    assert cli.json("message", "send", str(mid), "--yes")["failed"] == 1
    [row] = compose.delivery_log(db, mid)
    assert (row["status"], row["retryable"], sleeps) == ("failed", True, [])
    assert cli.json("message", "send", str(mid), "--yes")["sent"] == 1  # the next send tries again


def test_a_blocked_bot_opts_the_parent_out_of_max(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                  server: MaxServer) -> None:
    gid = family(db)
    link(cli, server, gid, USER)
    server.blocked.add(str(USER))
    mid = invitation(cli)
    report = cli.json("message", "send", str(mid), "--yes")
    assert (report["sent"], report["failed"]) == (0, 1) and server.sent == []
    [row] = compose.delivery_log(db, mid)
    assert (row["status"], row["retryable"]) == ("failed", False) and row["error"].startswith("403")
    assert reach_one(db, gid).reasons["max"] == "opted_out"
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'max_blocked' AND entity_id = ?",
                      [gid]).fetchone()[0] == 1
    later = cli.json("message", "new", "--text", "Напоминание", "--audience", "group:10А")["id"]
    assert cli.json("message", "plan", str(later))["by_channel"] == {"phone": 1}  # MAX no longer; a call instead


def test_without_a_token_linked_parents_stay_in_max_csv(cli, db: sqlite_utils.Database, server: MaxServer,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    link(cli, server, family(db), USER)
    monkeypatch.delenv("OUTREACH_MAX_TOKEN")
    mid = invitation(cli)
    sent = cli("message", "send", str(mid), "--yes")  # not refused: MAX rows go to the file
    assert sent.exit_code == 0, sent.stderr
    assert compose.delivery_log(db, mid)[0]["status"] == "exported" and server.sent == []


@pytest.fixture
def telegram(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with local_telegram(monkeypatch) as api:
        yield api


def test_telegram_carries_the_keyboard_on_the_last_part(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                        telegram: TelegramApi) -> None:
    gids = parents(db, 2, channel="telegram")
    mid = invitation(cli, LONG)
    report = cli.json("message", "send", str(mid), "--yes")  # in English; the buttons in the message's Russian
    assert (report["sent"], report["failed"]) == (2, 0)
    first = [m for m in telegram.received if m["chat_id"] == "100000"]
    assert [m.get("reply_markup") for m in first] == [None, None, {"inline_keyboard": [[
        {"text": "Приду", "callback_data": f"rsvp:{mid}:yes"},
        {"text": "Не смогу", "callback_data": f"rsvp:{mid}:no"}]]}]

    telegram.press(100001, f"rsvp:{mid}:no")
    assert cli.json("channels", "link-updates")["answers"] == 1
    tally = cli.json("message", "rsvp", str(mid))
    assert {p["guardian_id"]: p["answer"] for p in tally["people"]} == {gids[0]: None, gids[1]: "no"}


def test_a_lost_answer_is_unknown_never_resent_and_the_log_says_what_to_check(  # type: ignore[no-untyped-def]
        cli, db: sqlite_utils.Database, server: MaxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    link(cli, server, family(db), USER)
    server.gateway_error.add(str(USER))
    mid = invitation(cli)
    report = cli.json("message", "send", str(mid), "--yes")
    assert (report["sent"], report["newly_unknown"], report["unknown"]) == (0, 1, 1) and len(server.sent) == 1
    assert cli.json("message", "send", str(mid), "--yes")["newly_unknown"] == 0 and len(server.sent) == 1
    monkeypatch.setenv("COLUMNS", "400")
    shown = cli("--lang", "ru", "message", "log", str(mid), "--status", "unknown")
    assert shown.exit_code == 0, shown.stderr
    assert "спросите у родителя, пришло ли сообщение в MAX" in shown.stdout


def test_two_answers_lost_in_a_row_stop_max_and_the_rest_waits_queued(  # type: ignore[no-untyped-def]
        cli, db: sqlite_utils.Database, server: MaxServer) -> None:
    """The rule of e-mail and Telegram, in the one send loop: MAX keeps the message and closes
    the connection twice in a row, so the other parents are not tried (a flaky service would
    leave them all in doubt); the next send takes them and leaves the two in doubt alone."""
    users = {family(db, surname, "Иван"): USER + n
             for n, surname in enumerate(["Петрова", "Смирнова", "Козлова", "Волкова"])}
    for gid, user in users.items():
        link(cli, server, gid, user)
        server.drop.add(str(user))
    mid = invitation(cli)
    report = cli.json("message", "send", str(mid), "--yes")
    assert (report["sent"], report["newly_unknown"], report["waiting"]) == (0, 2, {"max": 2})
    assert report["problems"] == ["MAX gave no answer twice in a row just after a message had left;"
                                  " 2 more messages wait for the next send."]
    status = {users[row["guardian_id"]]: row["status"] for row in compose.delivery_log(db, mid)}
    lost = {int(str(m["user_id"])) for m in server.sent}
    assert sorted(status.values()) == ["queued", "queued", "unknown", "unknown"]
    assert lost == {user for user, state in status.items() if state == "unknown"}

    server.drop.clear()  # MAX answers again: the queued ones go, the two in doubt are left be
    again = cli.json("message", "send", str(mid), "--yes")
    assert (again["sent"], again["newly_unknown"], again["unknown"]) == (2, 0, 2)
    assert sorted(int(str(m["user_id"])) for m in server.sent) == sorted(users.values())


def test_a_service_that_keeps_asking_to_wait_fails_the_row_for_this_run(  # type: ignore[no-untyped-def]
        cli, db: sqlite_utils.Database, server: MaxServer, sleeps: list[float]) -> None:
    link(cli, server, family(db), USER)
    server.slow_down[str(USER)] = "1"
    mid = invitation(cli)
    assert cli.json("message", "send", str(mid), "--yes")["failed"] == 1
    assert sleeps == [1.0] * 5 and server.sent == []
    [row] = compose.delivery_log(db, mid)
    assert (row["status"], row["retryable"]) == ("failed", True)
    assert row["error"] == "MAX keeps asking to slow down; the rest waits for the next send."
