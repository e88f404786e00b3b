"""Parents' e-mail replies from each mail app, delivered to a real Dovecot and fetched: the
inbox shows what the parent wrote (our letter quoted back and the app's signature one key
away: `c` in the app, `inbox show --full`), and no absence is read from our own letter."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.inbox.fetch import fetch
from outreach_screens.app import make_app
from outreach_screens.inbox.screen import InboxScreen
from tests.inbox_support import ParentMail
from tests.messages_support import Mailbox, parents
from tests.test_invitemail import outbox  # noqa: F401 - the local SMTP server
from tests.test_reply_text import ANSWERS, INLINE, OWN, REPLIES, SENT_LETTER
from tests.tui_support import footer_text, open_section, screen_lines, settle, until

ALL = sorted(p.name for p in REPLIES.glob("*.eml"))
LETTER = "Уважаемая Анна Викторовна!"


def delivered(db: sqlite_utils.Database, parent_mail: ParentMail, monkeypatch: pytest.MonkeyPatch,
              names: list[str]) -> None:
    parents(db, 1)
    parent_mail.configure(db, monkeypatch)
    for name in names:
        parent_mail.deliver_raw((REPLIES / name).read_bytes())


def test_inbox_show_gives_the_parent_s_text_and_the_whole_with_full(
        cli, db: sqlite_utils.Database, parent_mail: ParentMail, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    delivered(db, parent_mail, monkeypatch, ALL)
    assert cli.json("inbox", "fetch")["new"] == {"email": len(ALL)}
    (thread,) = cli.json("inbox", "list")
    shown = cli.json("inbox", "show", str(thread["thread"]))
    assert shown["thread"] == thread["thread"] and shown["channel"] == "email"
    messages = dict(zip(ALL, shown["messages"], strict=True))
    for name, own in OWN.items():
        assert messages[name]["text"] == own and messages[name]["quoted"], name
        assert LETTER in messages[name]["text_full"] and messages[name]["text_full"].startswith(own)
    whole = messages["quote_only.eml"]
    assert whole["text"] == whole["text_full"] and LETTER in whole["text"] and not whole["quoted"]
    assert messages["thunderbird_inline.eml"]["text"].endswith("Приду к 19:00.")

    printed = cli("inbox", "show", str(thread["thread"])).stdout
    assert "Приду, спасибо!" in printed and "[quoted text hidden]" in printed
    assert printed.count(LETTER) == 1  # the reply that is only a quote, shown whole
    assert cli("inbox", "show", str(thread["thread"]), "--full").stdout.count(LETTER) == len(ALL) - 1
    assert db.execute("SELECT read_at FROM inbox_messages WHERE read_at IS NOT NULL").fetchall() == []


def test_our_letter_quoted_back_is_not_read_as_an_absence_note(
        db: sqlite_utils.Database, parent_mail: ParentMail, monkeypatch: pytest.MonkeyPatch) -> None:
    # our letter says «Если ребёнок заболел и не придёт, напишите мне»; the parents answer «Приду»
    delivered(db, parent_mail, monkeypatch, ALL)
    assert fetch(db).new == {"email": len(ALL)}
    assert db.execute("SELECT count(*) FROM inbox_absences").fetchone()[0] == 0


def test_a_thread_that_does_not_exist_is_named(cli, db: sqlite_utils.Database) -> None:  # type: ignore[no-untyped-def]
    result = cli("inbox", "show", "99")
    assert result.exit_code == 1 and "There is no inbox thread 99." in result.stderr


async def test_the_message_view_shows_the_parent_s_text_and_c_the_quote(
        db: sqlite_utils.Database, db_path: Path, parent_mail: ParentMail, monkeypatch: pytest.MonkeyPatch,
        russian: None) -> None:
    delivered(db, parent_mail, monkeypatch, ["mailru.eml"])
    fetch(db)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "6", InboxScreen)
        await until(pilot, lambda: screen.table.loaded_row_count == 1)
        await pilot.press("enter")
        await until(pilot, lambda: "Приду, спасибо!" in "\n".join(screen_lines(app)))
        lines = "\n".join(screen_lines(app))
        assert "[цитата скрыта]" in lines and LETTER not in lines and "Отправлено из Почты" not in lines
        assert "Показать цитату" in footer_text(screen)
        await pilot.press("c")
        await until(pilot, lambda: LETTER in "\n".join(screen_lines(app)))
        assert "Скрыть цитату" in footer_text(screen) and "Показать цитату" not in footer_text(screen)
        assert "[цитата скрыта]" not in str(screen.view.render())
        await pilot.press("с")  # the same key on the Russian layout hides it again
        await until(pilot, lambda: "[цитата скрыта]" in str(screen.view.render()))
        assert LETTER not in str(screen.view.render())
        await pilot.press("escape")
        await settle(pilot)
        assert "цитат" not in footer_text(screen)  # nothing to show in the list


def test_an_html_only_reply_answered_inside_the_quote_shows_her_answers(
        cli, db: sqlite_utils.Database, parent_mail: ParentMail, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    parents(db, 1)
    parent_mail.configure(db, monkeypatch)
    parent_mail.deliver_raw((INLINE / "thunderbird_inline_html.eml").read_bytes())
    assert cli.json("inbox", "fetch")["new"] == {"email": 1}
    (thread,) = cli.json("inbox", "list")
    (message,) = cli.json("inbox", "show", str(thread["thread"]))["messages"]
    assert all(answer in message["text"] for answer in ANSWERS) and message["quoted"]
    assert "Ольга Николаевна Белова" not in message["text"]
    printed = cli("inbox", "show", str(thread["thread"])).stdout
    assert "Приду к 19:00." in printed and "[quoted text hidden]" in printed


def invited_by_letter(cli, db: sqlite_utils.Database, outbox: Mailbox) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]  # noqa: F811
    """Our letter of tests/data/replies, asking «Приду / Не смогу», sent to one parent: the
    message, the parent and the letter's Message-ID."""
    (gid,) = parents(db, 1)
    mid = cli.json("message", "new", "--text", SENT_LETTER, "--subject", "Родительское собрание 3 декабря",
                   "--audience", f"guardian:{gid}")["id"]
    cli.json("message", "rsvp", str(mid), "--ask")
    assert cli.json("message", "send", str(mid), "--yes")["sent"] == 1
    return mid, gid, str(outbox.messages[-1]["Message-ID"])


def test_answers_written_into_an_outlook_quote_are_shown_counted_and_read_as_an_absence(
        cli, db: sqlite_utils.Database, outbox: Mailbox, parent_mail: ParentMail,  # type: ignore[no-untyped-def]  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Outlook on the web, nothing above the quote: «Не сможем, Маша заболела, 3 дня её не
    будет» written under our «Приду / Не смогу» line is her text, her answer and an absence."""
    mid, gid, ours = invited_by_letter(cli, db, outbox)
    parent_mail.configure(db, monkeypatch)
    parent_mail.deliver_raw((INLINE / "outlook_owa_inside.eml").read_bytes(), answers=ours)
    fetched = cli.json("inbox", "fetch")
    assert fetched["new"] == {"email": 1} and fetched["rsvp_answers"] == 1
    assert {p["guardian_id"]: p["answer"] for p in cli.json("message", "rsvp", str(mid))["people"]} == {gid: "no"}
    assert [a["guardian_id"] for a in cli.json("inbox", "absences", "--date", "01.12.2026")] == [gid]
    (thread,) = cli.json("inbox", "list")
    (message,) = cli.json("inbox", "show", str(thread["thread"]))["messages"]
    assert message["quoted"] and not message["quote_unchecked"]
    assert ANSWERS[1] in message["text"] and message["text"].endswith("> Ответьте на это письмо словом «Приду» или"
                                                                      " «Не смогу».\n\nНе сможем, Маша заболела,"
                                                                      " 3 дня её не будет.")
    assert "Ольга Николаевна Белова" not in message["text"]


def test_a_quote_that_cannot_be_compared_with_our_letter_is_said_to_maybe_hold_answers(
        cli, db: sqlite_utils.Database, parent_mail: ParentMail, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    delivered(db, parent_mail, monkeypatch, ["outlook.eml"])  # it answers a letter not sent from here
    cli.json("inbox", "fetch")
    (thread,) = cli.json("inbox", "list")
    (message,) = cli.json("inbox", "show", str(thread["thread"]))["messages"]
    assert message["text"] == "Не смогу, к сожалению." and message["quoted"] and message["quote_unchecked"]
    printed = cli("inbox", "show", str(thread["thread"])).stdout
    assert "[quoted text hidden: it may hold answers written into the letter]" in printed
