"""Issue 17's "done when", end to end on the local servers (aiosmtpd and Dovecot for e-mail, a
local Telegram Bot API, a local MAX): one scripted parent replies by e-mail, Telegram and MAX to
an invitation, presses «Приду», answers a two-question bot survey and writes at 23:00 (the
teacher's hours set, auto-reply on, the clock frozen). The teacher, through the domain calls the
app makes and the Inbox screen, sees all of it, answers, and the night message got one
auto-reply and nothing else was sent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils

from outreach.inbox.fetch import fetch
from outreach.inbox.reply import reply
from outreach.inbox.threads import list_threads, thread_messages
from outreach.messages import rsvp, templates
from outreach.messages.compose import create_message
from outreach.messages.delivery.send import send_message
from outreach.roster import guardians as roster
from outreach.settings.values import set_setting
from outreach.surveys import bot, results
from outreach_screens.app import make_app
from outreach_screens.inbox.screen import InboxScreen
from tests.inbox_support import ParentMail
from tests.max_server import MaxServer
from tests.messages_support import Mailbox, TelegramApi, local_smtp, local_telegram
from tests.test_max_api import TOKEN as MAX_TOKEN
from tests.test_max_link import token_of
from tests.test_survey_bot import keyboard, meeting_survey
from tests.tui_support import open_section, settle, until

CHAT = 100000
MAX_USER = 9000100
EMAIL = "anna.petrova@example.ru"
DAY = "2026-12-01T10:00:00"  # local time, as the teacher's hours are
NIGHT = "2026-12-01T23:00:00"


@pytest.fixture
def outbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        yield box


@pytest.fixture
def telegram(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with local_telegram(monkeypatch) as server:
        yield server


@pytest.fixture
def max_bot(monkeypatch: pytest.MonkeyPatch) -> Iterator[MaxServer]:
    with MaxServer(MAX_TOKEN) as server:
        monkeypatch.setenv("OUTREACH_MAX_TOKEN", MAX_TOKEN)
        monkeypatch.setenv("OUTREACH_MAX_API", server.url)
        yield server


def at(moment: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Freeze the clock at `moment`; its Unix time."""
    monkeypatch.setenv("OUTREACH_NOW", moment)
    return int(datetime.fromisoformat(moment).timestamp())


def the_parent(db: sqlite_utils.Database) -> int:
    sid = roster.add_student(db, "Петров", "Иван", "", "7Б")
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "patronymic": "Викторовна",
                                   "email": EMAIL, "telegram": str(CHAT), "phone": "+79120001234"},
                              [(sid, "mother")])
    roster.set_consent(db, [gid], True)
    for key, value in (("default_channels", "telegram,email,max"), ("quiet_hours", "off"), ("smtp.rate", "0"),
                       ("teacher_name", "Ольга Николаевна Белова"), ("max.bot", "https://max.ru/school_7b_bot"),
                       ("inbox.working_hours", "08:00-20:00")):
        set_setting(db, key, value)
    return gid


class Sent:
    """Everything that left for the parent, on every server."""

    def __init__(self, outbox: Mailbox, telegram: TelegramApi, max_bot: MaxServer) -> None:
        self.outbox, self.telegram, self.max_bot = outbox, telegram, max_bot

    def count(self) -> int:
        return len(self.outbox.messages) + len(self.telegram.received) + len(self.max_bot.sent)


async def test_one_parent_on_every_channel_and_the_teacher_sees_it_all(
        cli, db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
        parent_mail: ParentMail, outbox: Mailbox, telegram: TelegramApi, max_bot: MaxServer) -> None:
    gid = the_parent(db)
    parent_mail.configure(db, monkeypatch)
    sent = Sent(outbox, telegram, max_bot)
    now = at(DAY, monkeypatch)
    # the parent links MAX to the bot through the teacher's link
    max_bot.start(MAX_USER, token_of(cli.json("channels", "link-max", str(gid))["link"]))
    assert cli.json("channels", "link-max-updates")["linked"] == [gid]
    assert max_bot.texts(MAX_USER) == ["Done: the school's messages will come to this chat now."
                                       " Teacher: Ольга Николаевна Белова."]  # the bot said so, and who writes
    max_bot.sent.clear()

    # the teacher invites on every channel at once, with «Приду / Не смогу»
    invitation = create_message(db, templates.blank("ru", "Приглашаем на собрание в четверг в 18:00."),
                                audience=[f"guardian:{gid}"], mode="duplicate", title="Собрание 7Б")
    rsvp.ask(db, invitation)
    assert send_message(db, invitation).sent == 3
    assert sent.count() == 3
    our_mail = str(outbox.messages[0]["Message-ID"])
    assert [label for label, _ in keyboard(telegram.received[0])] == ["Приду", "Не смогу"]

    # the parent answers by e-mail, Telegram and MAX and presses «Приду»
    parent_mail.deliver(f"Анна Петрова <{EMAIL}>", "Спасибо, придём вдвоём.", answers=our_mail,
                        when=datetime.fromisoformat(DAY))
    telegram.message(CHAT, "А можно прийти с младшим?")
    telegram.updates[-1]["message"].update(date=now + 60, reply_to_message={"message_id": 1})  # type: ignore[union-attr]
    max_bot.write(MAX_USER, "Будем обязательно", at=(now + 120) * 1000)
    press = telegram.press(CHAT, keyboard(telegram.received[0])[0][1])
    report = fetch(db)
    assert (report.new, report.auto_replies, report.problems) == ({"email": 1, "telegram": 1, "max": 1}, 0, [])
    assert telegram.answered[-1] == {"callback_query_id": press, "text": "Спасибо, ждём вас!"}

    # the bot survey: a button for the choice, the next text for the free answer
    survey = meeting_survey(db)
    assert bot.ask(db, survey).sent == 1
    telegram.press(CHAT, keyboard(telegram.received[-1])[1][1])
    fetch(db)
    assert "Какие темы обсудить?" in str(telegram.received[-1]["text"])
    telegram.message(CHAT, "Питание в столовой")
    telegram.updates[-1]["message"]["date"] = now + 300  # type: ignore[index]
    assert fetch(db).new == {}  # an answer, not an inbox message
    assert "Спасибо! Ваши ответы" in str(telegram.received[-1]["text"])
    before_night = sent.count()
    assert before_night == 3 + 3  # the invitation thrice, two questions and the thank-you

    # 23:00: the parent writes; exactly one auto-reply, and a second fetch sends nothing
    night = at(NIGHT, monkeypatch)
    telegram.message(CHAT, "Добрый вечер! Во сколько начнётся собрание?")
    telegram.updates[-1]["message"]["date"] = night  # type: ignore[index]
    assert fetch(db).auto_replies == 1
    assert fetch(db).auto_replies == 0
    assert sent.count() == before_night + 1
    assert telegram.received[-1]["chat_id"] == str(CHAT) and "08:00–20:00" in str(telegram.received[-1]["text"])

    # the teacher sees all three replies and the night message, the tally and the survey
    threads = {t.channel: t for t in list_threads(db)}
    assert set(threads) == {"email", "telegram", "max"} and {t.guardian_id for t in threads.values()} == {gid}
    bodies = {channel: [m.body for m in thread_messages(db, t.thread)] for channel, t in threads.items()}
    assert bodies == {"email": ["Спасибо, придём вдвоём."], "max": ["Будем обязательно"],
                      "telegram": ["А можно прийти с младшим?", "Добрый вечер! Во сколько начнётся собрание?"]}
    assert threads["email"].message_id == invitation and threads["telegram"].message_id == invitation
    tally = rsvp.tally(db, invitation)
    assert (tally.yes, tally.no, tally.silent) == (1, 0, 0)
    found = results(db, survey)
    assert found["responses"] == 1
    assert found["questions"][0]["answers"] == {"В будни вечером": 0, "В субботу утром": 1}
    assert found["questions"][1]["text_answers"] == ["Питание в столовой"]

    # the Inbox screen shows the three threads, the latest first, and opens it
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "6", InboxScreen)
        await until(pilot, lambda: screen.table.loaded_row_count == 3)
        channels = [screen.table.row_at(i).cells[1] for i in range(3)]
        assert channels[0] == "Telegram" and set(channels) == {"Telegram", "e-mail", "MAX"}  # names, not codes
        await pilot.press("enter")
        await settle(pilot)
        assert "Во сколько начнётся собрание?" in str(screen.view.render())
        assert "Питание в столовой" not in str(screen.view.render())
    assert sent.count() == before_night + 1  # the app's own polling sent nothing more

    # the next morning the teacher answers on Telegram; it arrives on the local Bot API
    at("2026-12-02T09:00:00", monkeypatch)
    answer = reply(db, threads["telegram"].thread, "Начало в 18:00, приходите с младшим.")
    assert answer.sent == 1 and sent.count() == before_night + 2
    assert telegram.received[-1]["chat_id"] == str(CHAT) and "Начало в 18:00" in str(telegram.received[-1]["text"])
