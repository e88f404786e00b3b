"""The e-mail side of two-way, through a real aiosmtpd (our letters) and a real Dovecot (the
parents' replies): the teacher's answer continues the parent's mail thread; an invitation's
e-mail carries an .ics request and reply words; a parent's reply word or calendar REPLY is
tallied as a button press is, and anything else stays a normal inbox message."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest
import sqlite_utils
from icalendar import Calendar

from outreach.erasure.forget import forget_family
from outreach.inbox.fetch import fetch
from outreach.inbox.reply import reply
from outreach.messages import rsvp, templates
from outreach.messages.compose import create_message
from outreach.messages.delivery.send import send_message
from outreach.messages.mail_thread import reply_subject
from outreach.messages.rsvp_mail import answer_in_text
from outreach.settings.values import set_setting
from tests.inbox_support import ParentMail
from tests.messages_support import Mailbox, local_smtp, parents

EVENT_AT = "03.12.2030 18:30"


@pytest.fixture
def outbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        yield box


def thread_of(db: sqlite_utils.Database, guardian_id: int) -> int:
    return int(db.execute("SELECT id FROM inbox_threads WHERE guardian_id = ? AND channel = 'email'",
                          [guardian_id]).fetchone()[0])


def calendar_part(mail: EmailMessage, content_type: str) -> Calendar:
    (part,) = [p for p in mail.walk() if p.get_content_type() == content_type]
    return Calendar.from_ical(part.get_payload(decode=True))


def test_the_teacher_s_answer_continues_the_parent_s_mail_thread(db: sqlite_utils.Database, outbox: Mailbox,
                                                                  parent_mail: ParentMail,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (gid,) = parents(db, 1)
    message = create_message(db, templates.blank("ru", "Собрание в четверг в 18:00."), audience=[f"guardian:{gid}"])
    assert send_message(db, message).sent == 1
    ours = str(outbox.messages[-1]["Message-ID"])
    parent_mail.configure(db, monkeypatch)
    theirs = parent_mail.deliver("parent0@example.ru", "А можно прийти в 18:30?", subject="Re: Собрание в четверг",
                                 headers={"In-Reply-To": ours, "References": ours})
    assert fetch(db).new == {"email": 1}

    answer = reply(db, thread_of(db, gid), "Да, конечно, ждём вас.")
    assert answer.sent == 1
    sent = outbox.messages[-1]
    assert sent["In-Reply-To"] == theirs
    assert str(sent["References"]).split() == [ours, theirs]
    assert sent["Subject"] == "Re: Собрание в четверг"  # «Re: » once, the parent's subject kept
    assert sent.get_body(("plain",)).get_content().strip() == "Да, конечно, ждём вас."

    # the parent's next reply names our answer and the chain: same thread, same message of ours
    parent_mail.deliver("parent0@example.ru", "Спасибо!", subject="Re: Собрание в четверг",
                        headers={"In-Reply-To": str(sent["Message-ID"]),
                                 "References": f"{ours} {theirs} {sent['Message-ID']}"})
    assert fetch(db).new == {"email": 1}
    rows = db.execute("SELECT thread_id, message_id, body FROM inbox_messages WHERE outgoing = 0 ORDER BY id").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(thread_of(db, gid), message)] * 2
    assert rows[1][2] == "Спасибо!"

    forget_family(db, gid)  # the parent's subject and Message-IDs go with the family
    assert db.execute("SELECT count(*) FROM mail_replies").fetchone() == (0,)


def test_an_auto_reply_at_night_continues_the_parent_s_thread(db: sqlite_utils.Database, outbox: Mailbox,
                                                               parent_mail: ParentMail,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    parents(db, 1)
    set_setting(db, "inbox.working_hours", "08:00-20:00")
    parent_mail.configure(db, monkeypatch)
    night = datetime.fromisoformat("2026-12-01T23:00:00").astimezone()
    monkeypatch.setenv("OUTREACH_NOW", night.replace(minute=5).isoformat())
    theirs = parent_mail.deliver("parent0@example.ru", "Когда экскурсия?", subject="Экскурсия", when=night)
    assert fetch(db).auto_replies == 1
    (sent,) = outbox.messages
    assert (sent["In-Reply-To"], str(sent["References"]), sent["Subject"]) == (theirs, theirs, "Re: Экскурсия")


def invitation(cli, db: sqlite_utils.Database, count: int) -> tuple[int, list[int]]:  # type: ignore[no-untyped-def]
    """`count` parents invited by e-mail to a meeting with a time and a place; sent."""
    gids = parents(db, count)
    mid = cli.json("message", "new", "--template", "ru/parent-meeting", "--audience", "group:10А",
                   "--set", "date=3 декабря", "--set", "time=18:30", "--set", "place=каб. 12",
                   "--set", "topic=ПДД")["id"]
    shown = cli.json("message", "rsvp", str(mid), "--at", EVENT_AT, "--minutes", "90")
    assert shown["asked"] is True
    assert shown["event"] == {"message_id": mid, "starts_at": shown["event"]["starts_at"], "minutes": 90,
                              "place": "каб. 12", "title": shown["title"], "sequence": 0}
    assert shown["event"]["starts_at"].startswith("2030-12-03T18:30")
    sent = cli.json("message", "send", str(mid), "--yes")
    assert (sent["sent"], sent["failed"]) == (count, 0)
    return mid, gids


def test_an_invitation_e_mail_carries_an_ics_request_and_reply_words(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                                     outbox: Mailbox) -> None:
    mid, _ = invitation(cli, db, 2)
    assert len(outbox.messages) == 2
    for number, mail in enumerate(outbox.messages):
        text = mail.get_body(("plain",)).get_content()
        assert text.rstrip().endswith("Ответьте на это письмо словом «Приду» или «Не смогу».")
        attached = [p for p in mail.iter_attachments() if p.get_filename() == "invitation.ics"]
        assert len(attached) == 1
        for calendar in (Calendar.from_ical(attached[0].get_payload(decode=True)),
                         calendar_part(mail, "text/calendar")):
            assert calendar["METHOD"] == "REQUEST"
            (event,) = calendar.walk("VEVENT")
            assert str(event["UID"]) == f"outreach-rsvp-{mid}@school7.ru"
            start = event.decoded("DTSTART")
            assert start == datetime(2030, 12, 3, 18, 30).astimezone()
            assert event.decoded("DTEND") - start == timedelta(minutes=90)
            assert str(event["LOCATION"]) == "каб. 12"
            assert str(event["SUMMARY"]) == "Приглашение на родительское собрание"
            assert event["SEQUENCE"] == 0
            assert str(event["ORGANIZER"]) == "mailto:teacher@school7.ru"
            attendee = event["ATTENDEE"]
            assert str(attendee) == f"mailto:parent{number}@example.ru"
            assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("NEEDS-ACTION", "TRUE")
            assert attendee.params["CN"] == "Петрова Анна Викторовна"
    assert outbox.messages[0]["Content-Type"].startswith("multipart/mixed")
    (inline,) = [p for p in outbox.messages[0].walk() if p.get_content_type() == "text/calendar"]
    assert inline.get_param("method") == "REQUEST"  # what Gmail and Outlook offer «Accept / Decline» on


def gmail_reply(uid: str, attendee: str, partstat: str) -> bytes:
    """An iCalendar REPLY as Gmail sends it when a parent presses «Yes» or «No» under the invitation."""
    return ("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"
            "CALSCALE:GREGORIAN\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nDTSTART:20301203T153000Z\r\n"
            "DTEND:20301203T170000Z\r\nDTSTAMP:20301201T090000Z\r\n"
            "ORGANIZER;CN=teacher@school7.ru:mailto:teacher@school7.ru\r\n"
            f"UID:{uid}\r\nATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN=Анна Петрова;\r\n"
            f" X-NUM-GUESTS=0:mailto:{attendee}\r\nCREATED:20301130T190000Z\r\n"
            "DESCRIPTION:\r\nLAST-MODIFIED:20301201T090000Z\r\nLOCATION:каб. 12\r\nSEQUENCE:0\r\n"
            "STATUS:CONFIRMED\r\nSUMMARY:Родительское собрание\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n"
            "END:VCALENDAR\r\n").encode()


def deliver_gmail_reply(parent_mail: ParentMail, sender: str, ours: str, ics: bytes) -> None:
    """Gmail's letter: a short text, the REPLY as text/calendar and as invite.ics (no References
    on some clients: here only In-Reply-To)."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "teacher@school7.ru"
    mail["Subject"] = "Принято: Родительское собрание @ ср 3 дек. 2030 18:30 - 20:00 (MSK)"
    mail["Message-ID"] = f"<{time.time_ns()}.gmail@mail.gmail.com>"
    mail["In-Reply-To"] = ours
    mail.set_content("Анна Петрова приняла это приглашение.")
    mail.add_alternative(ics, maintype="text", subtype="calendar", params={"method": "REPLY", "charset": "UTF-8"})
    mail.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    with parent_mail.box() as box:
        box.append(mail.as_bytes(), parent_mail.folder)


def test_e_mail_answers_are_tallied_as_button_presses_are(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                          outbox: Mailbox, parent_mail: ParentMail,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    mid, gids = invitation(cli, db, 4)
    letters = {str(m["To"]).split("<")[-1].rstrip(">"): str(m["Message-ID"]) for m in outbox.messages}
    parent_mail.configure(db, monkeypatch)
    # a word on top, the quoted invitation below (which itself says «Приду»... and «Не смогу»)
    parent_mail.deliver("parent0@example.ru", "Да, придём!\n\n> Ответьте на это письмо словом «Приду» или «Не смогу».",
                        answers=letters["parent0@example.ru"])
    parent_mail.deliver("parent1@example.ru", "Не смогу, к сожалению.", answers=letters["parent1@example.ru"])
    # not an answer: a question; it stays an ordinary inbox message
    parent_mail.deliver("parent2@example.ru", "А во сколько начало?\n> Приду", answers=letters["parent2@example.ru"])
    # Gmail's REPLY, accepted, naming our event by its UID
    deliver_gmail_reply(parent_mail, "parent3@example.ru", letters["parent3@example.ru"],
                        gmail_reply(f"outreach-rsvp-{mid}@school7.ru", "parent3@example.ru", "ACCEPTED"))

    report = cli.json("inbox", "fetch")
    assert report["new"] == {"email": 4} and report["rsvp_answers"] == 3
    tally = cli.json("message", "rsvp", str(mid))
    assert tuple(tally["counts"].values()) == (2, 1, 1)
    assert {p["guardian_id"]: p["answer"] for p in tally["people"]} == {
        gids[0]: "yes", gids[1]: "no", gids[2]: None, gids[3]: "yes"}
    assert db.execute("SELECT DISTINCT channel FROM rsvp").fetchall() == [("email",)]
    unread = {t["guardian_id"]: t["unread"] for t in cli.json("inbox", "list")}
    assert unread == {gids[0]: 1, gids[1]: 1, gids[2]: 1, gids[3]: 1}  # every reply is in the inbox too

    # the latest answer wins: Gmail's «No» after the «Yes»; fetched again, nothing counts twice
    deliver_gmail_reply(parent_mail, "parent3@example.ru", letters["parent3@example.ru"],
                        gmail_reply(f"outreach-rsvp-{mid}@school7.ru", "parent3@example.ru", "DECLINED"))
    assert cli.json("inbox", "fetch")["rsvp_answers"] == 1
    assert cli.json("inbox", "fetch")["rsvp_answers"] == 0
    tally = cli.json("message", "rsvp", str(mid))
    assert tuple(tally["counts"].values()) == (1, 2, 1)
    # a letter written before that answer, arriving late, does not undo it
    parent_mail.deliver("parent3@example.ru", "Приду", answers=letters["parent3@example.ru"],
                        when=datetime.now().astimezone() - timedelta(days=1))
    late = cli.json("inbox", "fetch")
    assert (late["new"], late["rsvp_answers"]) == ({"email": 1}, 0)
    assert cli.json("message", "rsvp", str(mid))["counts"]["no"] == 2

    # the reminder goes to the one parent who did not answer, with the invitation's event
    reminded = cli.json("message", "rsvp", str(mid), "--remind")["reminder"]
    assert reminded["guardians"] == [gids[2]]
    moved = cli.json("message", "rsvp", str(reminded["id"]), "--place", "актовый зал")  # the invitation's event
    assert moved["event"]["message_id"] == mid and moved["event"]["sequence"] == 1
    assert rsvp.buttons_for(db, reminded["id"]) == mid  # still answering the invitation
    assert cli.json("message", "send", str(reminded["id"]), "--yes")["sent"] == 1
    (event,) = calendar_part(outbox.messages[-1], "text/calendar").walk("VEVENT")
    assert (str(event["UID"]), str(event["LOCATION"]), event["SEQUENCE"]) == (
        f"outreach-rsvp-{mid}@school7.ru", "актовый зал", 1)
    assert str(outbox.messages[-1]["To"]).endswith("<parent2@example.ru>")
    cli.json("message", "rsvp", str(mid), "--place", "каб. 12")
    shown = cli("--lang", "ru", "message", "rsvp", str(mid))
    assert "Событие: 03.12.2030 18:30, 90 мин., каб. 12." in shown.stdout


def test_a_reply_to_the_teacher_s_answer_still_answers_the_invitation(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                                      outbox: Mailbox, parent_mail: ParentMail,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    mid, (gid,) = invitation(cli, db, 1)
    ours = str(outbox.messages[-1]["Message-ID"])
    parent_mail.configure(db, monkeypatch)
    theirs = parent_mail.deliver("parent0@example.ru", "А можно с младшим ребёнком?", answers=ours)
    assert fetch(db).rsvp_answers == 0
    reply(db, thread_of(db, gid), "Да, конечно.")
    answer = outbox.messages[-1]
    assert answer["In-Reply-To"] == theirs and str(answer["References"]).split() == [ours, theirs]
    assert "invitation.ics" not in str([p.get_filename() for p in answer.iter_attachments()])
    parent_mail.deliver("parent0@example.ru", "Приду", headers={"In-Reply-To": str(answer["Message-ID"]),
                                                                "References": f"{ours} {theirs} {answer['Message-ID']}"})
    fetched = cli("inbox", "fetch")
    assert fetched.exit_code == 0 and "Answers to invitations recorded: 1." in fetched.stdout
    assert rsvp.tally(db, mid).yes == 1


def test_answers_from_a_stranger_or_to_a_message_without_buttons_are_not_counted(  # type: ignore[no-untyped-def]
        cli, db: sqlite_utils.Database, outbox: Mailbox, parent_mail: ParentMail,
        monkeypatch: pytest.MonkeyPatch) -> None:
    mid, (first, second) = invitation(cli, db, 2)
    plain = create_message(db, templates.blank("ru", "Завтра сокращённые уроки."), audience=[f"guardian:{first}"])
    assert send_message(db, plain).sent == 1
    parent_mail.configure(db, monkeypatch)
    parent_mail.deliver("parent0@example.ru", "Да", answers=str(outbox.messages[-1]["Message-ID"]))
    # the second parent forwards a REPLY naming another invitation: not one of theirs
    deliver_gmail_reply(parent_mail, "parent1@example.ru", "<unknown@school7.ru>",
                        gmail_reply(f"outreach-rsvp-{plain}@school7.ru", "parent1@example.ru", "ACCEPTED"))
    report = fetch(db)
    assert report.rsvp_answers == 0 and report.new == {"email": 2}
    assert rsvp.tally(db, mid).silent == 2


def test_the_event_is_checked_and_kept(cli, db: sqlite_utils.Database) -> None:  # type: ignore[no-untyped-def]
    (gid,) = parents(db, 1)
    mid = cli.json("message", "new", "--text", "Приглашаем на концерт", "--audience", f"guardian:{gid}")["id"]
    no_time = cli("message", "rsvp", str(mid), "--place", "актовый зал")
    assert no_time.exit_code == 1 and f"Message {mid} has no event time yet" in no_time.stderr
    passed = cli("message", "rsvp", str(mid), "--at", "01.01.2020 10:00")
    assert passed.exit_code == 1 and "The event time 01.01.2020 10:00 has already passed." in passed.stderr
    short = cli("message", "rsvp", str(mid), "--at", EVENT_AT, "--minutes", "0")
    assert short.exit_code == 1 and "at least a minute, not 0" in short.stderr
    assert rsvp.event_of(db, mid) is None and rsvp.buttons_for(db, mid) is None  # nothing half-written
    cli.json("message", "rsvp", str(mid), "--at", EVENT_AT, "--event-title", "Новогодний концерт")
    event = cli.json("message", "rsvp", str(mid), "--place", "актовый зал")["event"]
    assert (event["title"], event["place"], event["minutes"]) == ("Новогодний концерт", "актовый зал", 60)
    assert event["starts_at"].startswith("2030-12-03T18:30")
    assert event["sequence"] == 1  # changed once: calendars take the new .ics as an update
    assert cli.json("message", "rsvp", str(mid), "--place", "актовый зал")["event"]["sequence"] == 1  # unchanged


@pytest.mark.parametrize(("text", "answer"), [
    ("Приду", "yes"), ("приду!", "yes"), ("Да, придём", "yes"), ("Yes", "yes"), ("Здравствуйте! Придём.", "yes"),
    ("Не смогу", "no"), ("Нет", "no"), ("No", "no"), ("Can't make it, sorry", "no"), ("Не сможем, болеем", "no"),
    ("Да, но не сможем", None), ("Спасибо, а во сколько?", None), ("No problem, we'll come", None),
    ("> Приду\n", None), ("Дата подходит", None), ("", None),
    ("Будет ли трансляция?", None), ("Приду. А во сколько начало?", "yes"), ("Да! Но не сможем к началу", "yes"),
    # thanks and apologies before the answer: a parent changing her mind writes them
    ("Извините, всё-таки не сможем: Глеб заболел.", "no"), ("К сожалению, не сможем.", "no"),
    ("Спасибо, придём!", "yes"), ("Здравствуйте! Спасибо, будем.", "yes"), ("Sorry, can't make it", "no"),
    ("Спасибо!", None), ("Извините, а где кабинет 12?", None),
])
def test_reply_words(text: str, answer: str | None) -> None:
    assert answer_in_text(text) == answer


def test_reply_subject() -> None:
    assert reply_subject("Собрание") == "Re: Собрание"
    assert reply_subject("RE: Собрание") == "RE: Собрание"
    assert reply_subject("Ответ: Собрание") == "Ответ: Собрание"
    assert reply_subject("") == ""


def test_message_new_can_make_an_invitation_with_its_event(cli, db: sqlite_utils.Database) -> None:  # type: ignore[no-untyped-def]
    (gid,) = parents(db, 1)
    refused = cli("message", "new", "--text", "Концерт", "--audience", f"guardian:{gid}", "--event-at", "01.01.2020 10:00")
    assert refused.exit_code == 1 and "has already passed" in refused.stderr
    assert db.execute("SELECT count(*) FROM messages").fetchone() == (0,)  # nothing stored half-written
    mid = cli.json("message", "new", "--template", "ru/parent-meeting", "--audience", f"guardian:{gid}",
                   "--set", "date=3 декабря", "--set", "time=18:30", "--set", "place=каб. 12", "--set", "topic=ПДД",
                   "--event-at", EVENT_AT)["id"]
    event = rsvp.event_of(db, mid)
    assert event is not None and (f"{event.start:%d.%m.%Y %H:%M}", event.place) == (EVENT_AT, "каб. 12")
    assert rsvp.buttons_for(db, mid) == mid
