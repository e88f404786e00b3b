"""Answers by button: an invitation with «Приду / Не смогу» sent by `message send` over MAX to
linked parents on a local MAX server; their presses are recorded, answered and tallied; a reminder goes to
those who did not answer and feeds the same tally."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from outreach.messages import rsvp
from tests.max_server import MaxServer
from tests.test_max_api import TOKEN
from tests.test_max_link import family, link

USERS = (9100001, 9100002, 9100003)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MaxServer]:
    with MaxServer(TOKEN) as api:
        monkeypatch.setenv("OUTREACH_MAX_TOKEN", TOKEN)
        monkeypatch.setenv("OUTREACH_MAX_API", api.url)
        yield api


@pytest.fixture
def invited(cli, db: sqlite_utils.Database, server: MaxServer) -> tuple[int, list[int]]:  # type: ignore[no-untyped-def]
    """Three parents linked on MAX and a meeting invitation with buttons, sent to each by the bot."""
    gids = [family(db, surname, child) for surname, child in
            (("Петрова", "Иван"), ("Смирнова", "Олег"), ("Иванова", "Маша"))]
    for gid, user in zip(gids, USERS, strict=True):
        link(cli, server, gid, user)
    mid = cli.json("message", "new", "--template", "ru/parent-meeting", "--audience", "group:10А",
                   "--set", "date=25 сентября", "--set", "time=18:30", "--set", "place=каб. 12",
                   "--set", "topic=ПДД")["id"]
    assert cli.json("message", "plan", str(mid))["by_channel"] == {"max": 3}
    assert cli.json("message", "rsvp", str(mid))["asked"] is False
    assert cli.json("message", "rsvp", str(mid), "--ask")["asked"] is True
    assert rsvp.buttons_for(db, mid) == mid
    sent = cli.json("message", "send", str(mid), "--yes")
    assert (sent["sent"], sent["exported"], sent["failed"]) == (3, 0, 0)
    assert sorted(m["user_id"] for m in server.sent) == sorted(str(u) for u in USERS)
    return mid, gids


def test_buttons_go_with_the_invitation(invited: tuple[int, list[int]], server: MaxServer) -> None:
    mid, _ = invited
    keyboards = [m["attachments"] for m in server.sent]
    assert len(keyboards) == 3 and keyboards[0] == [{"type": "inline_keyboard", "payload": {"buttons": [[
        {"type": "callback", "text": "Приду", "payload": f"rsvp:{mid}:yes"},
        {"type": "callback", "text": "Не смогу", "payload": f"rsvp:{mid}:no"}]]}}]


def test_presses_are_recorded_answered_and_tallied(cli, invited: tuple[int, list[int]], server: MaxServer) -> None:  # type: ignore[no-untyped-def]
    mid, gids = invited
    yes = server.press(USERS[0], f"rsvp:{mid}:yes")
    no = server.press(USERS[1], f"rsvp:{mid}:no")
    stranger = server.press(9999999, f"rsvp:{mid}:yes")           # nobody linked this account
    other = server.press(USERS[2], f"rsvp:{mid + 1}:yes")         # not an invitation of ours
    polled = cli.json("channels", "link-max-updates")
    assert polled == {"linked": [], "unknown": 0, "answers": 2, "unanswered": 0}
    assert server.answers == [
        {"callback_id": yes, "notification": "Спасибо, ждём вас!"},
        {"callback_id": no, "notification": "Спасибо, что предупредили."},
        {"callback_id": stranger, "notification": "This answer was not counted: the invitation is no longer open."},
        {"callback_id": other, "notification": "This answer was not counted: the invitation is no longer open."}]
    tally = cli.json("message", "rsvp", str(mid))
    assert tuple(tally["counts"].values()) == (1, 1, 1)
    answers = {p["guardian_id"]: p["answer"] for p in tally["people"]}
    assert answers == {gids[0]: "yes", gids[1]: "no", gids[2]: None}
    assert {p["channel"] for p in tally["people"]} == {"max"}

    # a parent who changes their mind: the latest press counts, once
    server.press(USERS[1], f"rsvp:{mid}:yes")
    cli.json("channels", "link-max-updates")
    tally = cli.json("message", "rsvp", str(mid))
    assert tuple(tally["counts"].values()) == (2, 0, 1)


def test_remind_the_silent_and_their_answers_feed_the_invitation(  # type: ignore[no-untyped-def]
        cli, db: sqlite_utils.Database, invited: tuple[int, list[int]], server: MaxServer) -> None:
    mid, gids = invited
    server.press(USERS[0], f"rsvp:{mid}:yes")
    server.press(USERS[1], f"rsvp:{mid}:no")
    cli.json("channels", "link-max-updates")
    reminded = cli.json("message", "rsvp", str(mid), "--remind")["reminder"]
    assert reminded["guardians"] == [gids[2]] and reminded["id"] != mid
    assert cli.json("message", "plan", str(reminded["id"]))["by_channel"] == {"max": 1}
    assert rsvp.buttons_for(db, reminded["id"]) == mid  # the reminder's buttons answer the invitation
    assert db.execute("SELECT count(*) FROM deliveries WHERE message_id = ? AND status = 'queued'",
                      [reminded["id"]]).fetchone() == (1,)  # a draft: nothing sent unconfirmed

    server.press(USERS[2], f"rsvp:{mid}:no")
    assert cli.json("channels", "link-max-updates")["answers"] == 1
    tally = cli.json("message", "rsvp", str(reminded["id"]))
    assert tally["message_id"] == reminded["id"] and tally["people"][0]["answer"] is None
    original = cli.json("message", "rsvp", str(mid))
    assert tuple(original["counts"].values()) == (1, 2, 0)
    refused = cli("message", "rsvp", str(mid), "--remind")
    assert refused.exit_code == 1 and f"Every parent of message {mid} has answered" in refused.stderr


def test_text_output_in_russian(cli, invited: tuple[int, list[int]], server: MaxServer) -> None:  # type: ignore[no-untyped-def]
    mid, _ = invited
    server.press(USERS[0], f"rsvp:{mid}:yes")
    cli.json("channels", "link-max-updates")
    result = cli("--lang", "ru", "message", "rsvp", str(mid))
    assert result.exit_code == 0, result.stderr
    assert "придут — 1, не смогут — 0, без ответа — 2." in result.stdout
    assert "Петрова Анна Викторовна" in result.stdout and "нет ответа" in result.stdout


def test_a_message_without_buttons_says_so(cli, db: sqlite_utils.Database) -> None:  # type: ignore[no-untyped-def]
    gid = family(db)
    mid = cli.json("message", "new", "--text", "Завтра сокращённые уроки", "--audience", f"guardian:{gid}")["id"]
    shown = cli("message", "rsvp", str(mid))
    assert shown.exit_code == 0 and f"Message {mid} has no answer buttons" in shown.stdout
    assert rsvp.record(db, f"rsvp:{mid}:yes", [gid], "max") is None
    assert cli("message", "rsvp", "999").exit_code == 1


def test_payloads() -> None:
    assert rsvp.parse_payload(rsvp.payload(12, "no")) == (12, "no")
    for text in ("rsvp:12:maybe", "rsvp:x:yes", "rsvp:12:yes ", "", "rsvp:1234567890123:yes"):
        assert rsvp.parse_payload(text) is None
    assert len(rsvp.payload(10 ** 12 - 1, "yes").encode()) <= 64


def test_forget_erases_the_family_s_max_link_and_answers(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                         invited: tuple[int, list[int]], server: MaxServer) -> None:
    mid, gids = invited
    server.press(USERS[0], f"rsvp:{mid}:yes")
    server.press(USERS[1], f"rsvp:{mid}:no")
    cli.json("channels", "link-max-updates")
    assert cli("roster", "forget", "--guardian", str(gids[0]), "--yes").exit_code == 0
    for table in ("max_users", "rsvp", "telegram_links"):
        assert db.execute(f"SELECT count(*) FROM {table} WHERE guardian_id = ?", [gids[0]]).fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM max_users WHERE user_id = ?", [str(USERS[0])]).fetchone() == (0,)
    tally = cli.json("message", "rsvp", str(mid))
    assert tuple(tally["counts"].values()) == (0, 1, 1)
    # a press from the forgotten parent's account no longer counts for anyone
    server.press(USERS[0], f"rsvp:{mid}:yes")
    assert cli.json("channels", "link-max-updates")["answers"] == 0
