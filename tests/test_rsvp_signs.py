"""«+» and «-» answer an invitation as «Приду» and «Не смогу» do, in an e-mail and in a chat
reply (Telegram, MAX), when the sign is the whole answer: «+7 912 …» is a phone, not a yes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from outreach.messages import rsvp
from outreach.messages.rsvp_mail import answer_in_text
from tests.inbox_support import ParentMail
from tests.max_server import MaxServer
from tests.messages_support import Mailbox, TelegramApi, local_telegram, parents
from tests.test_invitemail import invitation, outbox  # noqa: F401 - the local SMTP server
from tests.test_rsvp import USERS, invited, server  # noqa: F401 - three parents invited on MAX


@pytest.mark.parametrize(("text", "answer"), [
    ("+", "yes"), ("++", "yes"), ("+++", "yes"), ("+1", "yes"), ("+2", "yes"), ("+ 2", "yes"), ("+!", "yes"),
    ("Здравствуйте! +", "yes"), ("+\n\nС уважением,\nАнна Петрова", "yes"), ("+\n> Приглашаем на собрание", "yes"),
    ("-", "no"), ("–", "no"), ("—", "no"), ("-\nболеем", "no"),
    ("+7 912 345-67-89", None), ("+79123456789", None), ("Мой номер +7 912 345-67-89", None),
    ("--\nАнна Петрова", None), ("-- \nС уважением", None), ("+ а во сколько?", None), ("-5", None),
    ("> +\nА можно с младшим?", None),
])
def test_a_sign_alone_is_an_answer(text: str, answer: str | None) -> None:
    assert answer_in_text(text) == answer


def test_a_plus_by_e_mail_is_tallied(cli, db: sqlite_utils.Database, outbox: Mailbox,  # type: ignore[no-untyped-def]  # noqa: F811
                                     parent_mail: ParentMail, monkeypatch: pytest.MonkeyPatch) -> None:
    mid, gids = invitation(cli, db, 3)
    letters = {str(m["To"]).split("<")[-1].rstrip(">"): str(m["Message-ID"]) for m in outbox.messages}
    parent_mail.configure(db, monkeypatch)
    parent_mail.deliver("parent0@example.ru", "+\n\n-- \nАнна\n\n> Ответьте на это письмо словом «Приду» или «Не смогу».",
                        answers=letters["parent0@example.ru"])
    parent_mail.deliver("parent1@example.ru", "–", answers=letters["parent1@example.ru"])
    parent_mail.deliver("parent2@example.ru", "+7 912 345-67-89 — мой новый номер", answers=letters["parent2@example.ru"])
    assert cli.json("inbox", "fetch")["rsvp_answers"] == 2
    assert {p["guardian_id"]: p["answer"] for p in cli.json("message", "rsvp", str(mid))["people"]} == {
        gids[0]: "yes", gids[1]: "no", gids[2]: None}


@pytest.fixture
def telegram(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with local_telegram(monkeypatch) as api:
        yield api


def invited_on_telegram(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                        telegram: TelegramApi) -> tuple[int, list[int], dict[str, int]]:
    """Four parents of 10А on Telegram invited with «Приду / Не смогу»: the message, the
    parents, and each chat's Telegram message id of the invitation."""
    gids = parents(db, 4, channel="telegram")
    mid = cli.json("message", "new", "--template", "ru/parent-meeting", "--audience", "group:10А",
                   "--set", "date=3 декабря", "--set", "time=18:30", "--set", "place=каб. 12",
                   "--set", "topic=ПДД")["id"]
    cli.json("message", "rsvp", str(mid), "--ask")
    assert cli.json("message", "send", str(mid), "--yes")["sent"] == 4
    return mid, gids, {str(body["chat_id"]): number for number, body in enumerate(telegram.received, start=1)}


def test_chat_replies_in_telegram_are_tallied(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                              telegram: TelegramApi) -> None:
    mid, gids, sent = invited_on_telegram(cli, db, telegram)
    telegram.message(100000, "+2", reply_to=sent["100000"])  # Reply on the invitation
    telegram.message(100001, "-")  # typed under it
    telegram.message(100002, "+7 912 345-67-89")  # a phone
    telegram.message(100003, "++", reply_to=999)  # a reply to something else
    assert cli.json("channels", "link-updates")["answers"] == 2
    assert {p["guardian_id"]: (p["answer"], p["channel"]) for p in cli.json("message", "rsvp", str(mid))["people"]} == {
        gids[0]: ("yes", "telegram"), gids[1]: ("no", "telegram"), gids[2]: (None, "telegram"),
        gids[3]: (None, "telegram")}
    assert cli.json("inbox", "list")  # the replies stay in the inbox too


def test_a_sign_in_max_answers_the_invitation_the_chat_last_got(  # type: ignore[no-untyped-def]
        cli, db: sqlite_utils.Database, invited: tuple[int, list[int]], server: MaxServer) -> None:  # noqa: F811
    mid, gids = invited
    server.write(USERS[0], "+")
    server.write(USERS[1], "—")
    server.write(USERS[2], "+79123456789")
    assert cli.json("channels", "link-max-updates")["answers"] == 2
    tally = rsvp.tally(db, mid)
    assert (tally.yes, tally.no, tally.silent) == (1, 1, 1)


# -- `inbox fetch` counts the chats' answers too --------------------------------------------

def test_inbox_fetch_counts_the_answers_in_telegram_chats(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                          telegram: TelegramApi) -> None:
    mid, gids, sent = invited_on_telegram(cli, db, telegram)
    telegram.message(100000, "+2", reply_to=sent["100000"])
    telegram.message(100001, "-")
    telegram.press(100002, f"rsvp:{mid}:yes")  # the button, as the other way to answer
    telegram.message(100003, "+7 912 345-67-89")  # a phone: no answer
    report = cli.json("inbox", "fetch")
    assert (report["chat_rsvp_answers"], report["rsvp_answers"]) == (3, 0)  # the e-mail key keeps its meaning
    assert report["new"] == {"telegram": 3}
    assert rsvp.tally(db, mid).yes == 2 and rsvp.tally(db, mid).no == 1
    telegram.message(100003, "Приду")
    said = cli("inbox", "fetch")
    assert said.exit_code == 0 and "Answers to invitations recorded: 1." in said.stdout
    assert [p["answer"] for p in cli.json("message", "rsvp", str(mid))["people"]
            if p["guardian_id"] == gids[3]] == ["yes"]


def test_inbox_fetch_counts_the_answers_in_max_chats_in_russian(  # type: ignore[no-untyped-def]
        cli, db: sqlite_utils.Database, invited: tuple[int, list[int]], server: MaxServer,  # noqa: F811
        russian: None) -> None:
    server.write(USERS[0], "+")
    server.write(USERS[1], "Не смогу")
    said = cli("--lang", "ru", "inbox", "fetch")
    assert said.exit_code == 0 and "Записано ответов на приглашения: 2." in said.stdout
    server.write(USERS[2], "+")
    assert cli.json("inbox", "fetch")["chat_rsvp_answers"] == 1
