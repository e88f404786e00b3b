"""Parents' e-mail replies fetched from a real Dovecot: matched to the parent and to our
message, stored once, resumed from the stored UID; auto-replies at night, once an evening."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import sqlite_utils

from outreach.erasure.forget import forget_family
from outreach.inbox.fetch import fetch
from outreach.messages import templates
from outreach.messages.compose import create_message
from outreach.messages.delivery.send import send_message
from outreach.settings.values import set_setting
from tests.inbox_support import ParentMail
from tests.messages_support import Mailbox, free_port, local_smtp, parents


@pytest.fixture
def outbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        yield box


def send_one(db: sqlite_utils.Database, guardian_id: int, outbox: Mailbox) -> str:
    """Our e-mail to one parent through the pipeline; its Message-ID."""
    message = create_message(db, templates.blank("ru", "Собрание в четверг в 18:00."),
                             audience=[f"guardian:{guardian_id}"])
    assert send_message(db, message).sent == 1
    return str(outbox.messages[-1]["Message-ID"])


def test_replies_are_matched_stored_once_and_resumed(cli, db: sqlite_utils.Database, parent_mail: ParentMail,
                                                     outbox: Mailbox, monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    first, second = parents(db, 2)
    ours = send_one(db, first, outbox)
    parent_mail.configure(db, monkeypatch)
    # the first parent answers from another address, the second writes from the roster address
    parent_mail.deliver("Анна <anna.home@example.org>", "Спасибо, придём вдвоём.", answers=ours)
    parent_mail.deliver("parent1@example.ru", "", html="<p>Добрый день!</p><script>x()</script><p>Ваня <b>заболел</b>.</p>")
    parent_mail.deliver("spam@example.com", "Купите слона")
    caplog.set_level(logging.DEBUG)
    report = cli.json("inbox", "fetch")
    assert report == {"new": {"email": 2}, "matched": 2, "unmatched": 1, "auto_replies": 0, "acknowledged": 1,
                      "problems": [], "rsvp_answers": 0, "chat_rsvp_answers": 0}  # «Ваня заболел»: an absence note, thanked
    threads = {t["guardian_id"]: t for t in cli.json("inbox", "list")}
    assert set(threads) == {first, second}
    assert set(threads[first]) >= {"thread", "guardian_id", "channel", "last_at", "unread", "message_id"}
    message_id = db.execute("SELECT message_id FROM deliveries WHERE guardian_id = ?", [first]).fetchone()[0]
    assert threads[first]["message_id"] == message_id and threads[second]["message_id"] is None
    assert threads[first]["unread"] == 1 and threads[first]["channel"] == "email"
    bodies = dict(db.execute("SELECT t.guardian_id, m.body FROM inbox_messages m JOIN inbox_threads t"
                             " ON t.id = m.thread_id").fetchall())
    assert bodies == {first: "Спасибо, придём вдвоём.", second: "Добрый день!\n\nВаня заболел."}
    assert "Слона" not in str(db.execute("SELECT * FROM inbox_messages").fetchall())
    assert "заболел" not in caplog.text and "придём" not in caplog.text

    assert cli.json("inbox", "fetch")["new"] == {}  # resumed after the stored UID
    parent_mail.deliver("parent1@example.ru", "И ещё: мы опоздаем.")
    assert cli.json("inbox", "fetch")["new"] == {"email": 1}
    assert cli.json("inbox", "list", "--unread")[0]["unread"] == 2


def test_a_first_fetch_reads_the_last_month_only(db: sqlite_utils.Database, parent_mail: ParentMail,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 1)
    parent_mail.configure(db, monkeypatch)
    parent_mail.deliver("parent0@example.ru", "Старое письмо", arrived=datetime.now().astimezone() - timedelta(days=60))
    parent_mail.deliver("parent0@example.ru", "Новое письмо")
    assert fetch(db).new == {"email": 1}
    assert db.execute("SELECT body FROM inbox_messages").fetchall() == [("Новое письмо",)]


def test_a_new_uidvalidity_reads_the_folder_again_without_duplicates(db: sqlite_utils.Database,
                                                                      parent_mail: ParentMail,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 1)
    parent_mail.configure(db, monkeypatch)
    parent_mail.deliver("parent0@example.ru", "Здравствуйте!")
    assert fetch(db).new == {"email": 1}
    db.execute("UPDATE inbox_cursors SET uidvalidity = uidvalidity + 1")
    again = fetch(db)
    assert (again.new, again.matched) == ({}, 1)
    assert db.execute("SELECT count(*) FROM inbox_messages").fetchone()[0] == 1


def test_a_refused_login_is_one_sentence_without_the_password(cli, db: sqlite_utils.Database,
                                                              parent_mail: ParentMail,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 1)
    parent_mail.configure(db, monkeypatch, password="wrong-password-123")
    result = cli("inbox", "fetch")
    assert result.exit_code == 1
    assert "refused the login of teacher" in result.stderr
    assert "wrong-password-123" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr and "Internal error" not in result.stderr


def test_a_folder_the_mailbox_has_not_is_named_with_the_ones_it_has(cli, db: sqlite_utils.Database,
                                                                   parent_mail: ParentMail,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """«Входящие», as the mail's site calls it, is INBOX over IMAP: said, and which there are."""
    parents(db, 1)
    parent_mail.configure(db, monkeypatch)
    set_setting(db, "imap.folder", "Входящие")
    result = cli("inbox", "fetch")
    assert result.exit_code == 1
    assert "The mailbox on 127.0.0.1 has no folder «Входящие»; its folders: INBOX, " in result.stderr
    assert "Set imap.folder to one of them" in result.stderr and "\\x" not in result.stderr
    assert "Traceback" not in result.stderr and "Internal error" not in result.stderr


def test_a_server_that_is_not_there_is_one_sentence(cli, db: sqlite_utils.Database,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 1)
    for key, value in (("imap.host", "127.0.0.1"), ("imap.port", str(free_port())), ("imap.security", "none"),
                       ("imap.user", "teacher")):
        set_setting(db, key, value)
    result = cli("inbox", "fetch")
    assert result.exit_code == 1
    assert result.stderr.startswith("The mailbox on 127.0.0.1 could not be read:")
    assert "Traceback" not in result.stderr and "Internal error" not in result.stderr


def test_forget_erases_the_family_s_inbox(db: sqlite_utils.Database, parent_mail: ParentMail,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = parents(db, 2)
    parent_mail.configure(db, monkeypatch)
    parent_mail.deliver("parent0@example.ru", "Личное: у Вани аллергия.")
    parent_mail.deliver("parent1@example.ru", "Спасибо!")
    fetch(db)
    forget_family(db, guardian_id=first)
    left = db.execute("SELECT t.guardian_id, m.body FROM inbox_messages m JOIN inbox_threads t"
                      " ON t.id = m.thread_id").fetchall()
    assert left == [(second, "Спасибо!")]


def test_a_night_message_gets_one_auto_reply_and_lists_and_auto_replies_none(
        db: sqlite_utils.Database, parent_mail: ParentMail, outbox: Mailbox,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, _second, _third = parents(db, 3)
    set_setting(db, "inbox.working_hours", "08:00-20:00")
    parent_mail.configure(db, monkeypatch)
    night = datetime.fromisoformat("2026-12-01T23:00:00").astimezone()
    monkeypatch.setenv("OUTREACH_NOW", night.replace(minute=5).isoformat())
    parent_mail.deliver("parent0@example.ru", "Когда будет собрание?", when=night)
    parent_mail.deliver("parent0@example.ru", "И ещё вопрос про экскурсию.", when=night.replace(minute=2))
    parent_mail.deliver("parent1@example.ru", "I am out of office.", when=night,
                        headers={"Auto-Submitted": "auto-replied"})
    parent_mail.deliver("parent2@example.ru", "Рассылка родительского комитета", when=night,
                        headers={"Precedence": "bulk"})
    report = fetch(db)
    assert (report.new, report.auto_replies) == ({"email": 4}, 1)
    assert [m["To"] for m in outbox.messages] == ["Петрова Анна Викторовна <parent0@example.ru>"]
    assert "08:00–20:00" in outbox.messages[0].get_body(("plain",)).get_content()
    parent_mail.deliver("parent0@example.ru", "Вы тут?", when=night.replace(minute=4))
    assert fetch(db).auto_replies == 0 and len(outbox.messages) == 1  # once an evening
    assert db.execute("SELECT guardian_id, evening FROM inbox_auto_replies").fetchall() == [(first, "2026-12-01")]


def test_the_teacher_s_own_auto_reply_is_sent_as_written(
        db: sqlite_utils.Database, parent_mail: ParentMail, outbox: Mailbox,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Her text is plain text with {hours}: other braces and template-like words reach the
    parent as typed (they are not fields, and no refusal stops the night's reply)."""
    parents(db, 1)
    set_setting(db, "inbox.working_hours", "08:00-20:00")
    set_setting(db, "inbox.auto_reply", "Отвечу в рабочее время ({hours}). {Подпись}: {{ не поле }}")
    parent_mail.configure(db, monkeypatch)
    night = datetime.fromisoformat("2026-12-01T23:00:00").astimezone()
    monkeypatch.setenv("OUTREACH_NOW", night.replace(minute=5).isoformat())
    parent_mail.deliver("parent0@example.ru", "Когда будет собрание?", when=night)
    assert fetch(db).auto_replies == 1
    body = outbox.messages[0].get_body(("plain",)).get_content()
    assert "Отвечу в рабочее время (08:00–20:00). {Подпись}: {{ не поле }}" in body


def test_no_auto_reply_during_working_hours_or_when_off(db: sqlite_utils.Database, parent_mail: ParentMail,
                                                        outbox: Mailbox, monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 1)
    parent_mail.configure(db, monkeypatch)
    night = datetime.fromisoformat("2026-12-01T23:00:00").astimezone()
    monkeypatch.setenv("OUTREACH_NOW", night.isoformat())
    parent_mail.deliver("parent0@example.ru", "Добрый вечер", when=night)
    assert fetch(db).auto_replies == 0  # working hours are off by default
    set_setting(db, "inbox.working_hours", "08:00-20:00")
    monkeypatch.setenv("OUTREACH_NOW", night.replace(day=2, hour=9).isoformat())
    parent_mail.deliver("parent0@example.ru", "Доброе утро", when=night.replace(day=2, hour=9))
    assert fetch(db).auto_replies == 0 and outbox.messages == []


def test_a_reply_from_an_address_not_in_the_roster_says_who_wrote_and_is_answered_there(
        cli, db: sqlite_utils.Database, parent_mail: ParentMail, outbox: Mailbox,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The grandmother answers our letter to the mother from her own address: the message stays
    in the mother's thread, says who wrote, and the teacher's answer goes to the grandmother."""
    mother, = parents(db, 1)
    ours = send_one(db, mother, outbox)
    parent_mail.configure(db, monkeypatch)
    hers = parent_mail.deliver("Галина Петровна <Galina.Petrova@mail.ru>", "Это бабушка. Придём вдвоём.", answers=ours)
    assert cli.json("inbox", "fetch")["matched"] == 1
    thread, = cli.json("inbox", "list")
    assert thread["guardian_id"] == mother
    shown = cli.json("inbox", "show", str(thread["thread"]))
    assert (shown["messages"][0]["sender"], shown["messages"][0]["sender_guardian_id"]) == ("galina.petrova@mail.ru", None)
    assert shown["answer_to"] == "galina.petrova@mail.ru"
    assert "from: galina.petrova@mail.ru — not in the roster" in cli("inbox", "show", str(thread["thread"])).stdout
    answered = cli("inbox", "reply", str(thread["thread"]), "--text", "Спасибо, ждём!")
    assert answered.exit_code == 0 and "galina.petrova@mail.ru" in answered.stdout
    letter = outbox.messages[-1]
    assert (str(letter["To"]), str(letter["In-Reply-To"])) == ("galina.petrova@mail.ru", hers)
    assert outbox.envelopes[-1][1] == ["galina.petrova@mail.ru"]
    parent_mail.deliver("parent0@example.ru", "А я, мама, тоже напишу.", answers=ours)  # the mother's own
    cli.json("inbox", "fetch")
    assert cli.json("inbox", "show", str(thread["thread"]))["answer_to"] is None
    assert cli.json("inbox", "show", str(thread["thread"]))["messages"][-1]["sender_guardian_id"] == mother
