"""A parent's own words in an e-mail reply: each mail app's quote of our letter (its header,
the quoted lines, the app's signature) cut, on raw e-mails as those apps send them; inline
answers and a reply that is only a quote stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from imap_tools import MailMessage

from outreach.inbox.imap import incoming
from outreach.inbox.reply_text import own_text, split_reply

REPLIES = Path(__file__).parent / "data" / "replies"
OWN = {
    "mailru.eml": "Приду, спасибо!",
    "mailru_mobile.eml": "Не смогу, у нас соревнования.",
    "yandex.eml": "Да, придём вдвоём.",
    "yandex_html.eml": "Спасибо, будем.",
    "gmail.eml": "Здравствуйте! Приду.\nА можно взять с собой младшего?",
    "outlook.eml": "Не смогу, к сожалению.",
    "outlook_original.eml": "Приду.",
    "samsung.eml": "Придём оба.",
    "mailru_forward.eml": "Пересылаю письмо мужу, он придёт вместо меня.",
    "apple.eml": "Приду",
}


def reply_of(name: str) -> MailMessage:
    return MailMessage.from_bytes((REPLIES / name).read_bytes())


@pytest.mark.parametrize("name", sorted(OWN))
def test_each_mail_app_s_quote_and_signature_are_cut(name: str) -> None:
    body = incoming(reply_of(name)).body
    reply = split_reply(body)
    assert reply.own == OWN[name] and reply.text == OWN[name] and reply.quoted
    assert "Уважаемая Анна Викторовна!" in reply.rest  # our letter, one key away
    assert "Отправлено" not in reply.own and "Уважаемая" not in reply.own
    assert body.startswith(OWN[name])


def test_inline_answers_stay_and_only_the_trailing_quote_is_cut() -> None:
    reply = split_reply(incoming(reply_of("thunderbird_inline.eml")).body)
    assert reply.own.startswith("01.12.2026 21:40, Учитель пишет:\n> Когда: 3 декабря")
    assert "А можно в 19:00?" in reply.own and "> Ответьте на это письмо" in reply.own
    assert reply.own.endswith("Приду к 19:00.")
    assert reply.rest == "> Ольга Николаевна Белова, школа № 7"


def test_a_reply_that_is_only_a_quote_is_shown_whole_and_read_as_nothing() -> None:
    body = incoming(reply_of("quote_only.eml")).body
    reply = split_reply(body)
    assert reply.own == "" and not reply.quoted
    assert reply.text == body and "Уважаемая Анна Викторовна!" in reply.text
    assert own_text("email", body) == ""


@pytest.mark.parametrize(("body", "own"), [
    # Gmail wraps a long header
    ("Придём.\n\nOn Tue, Dec 1, 2026 at 9:40 PM Ольга Николаевна Белова <\nteacher@school7.ru> wrote:\n\n> Придёте?",
     "Придём."),
    ("Нет.\n\n1 дек. 2026 г., в 21:40, Учитель <teacher@school7.ru> написал(а):\n\n> Придёте?\n> Да / Нет", "Нет."),
    # a quote with no header at all
    ("Спасибо!\n\n> Придёте?\n>\n> Да / Нет\n", "Спасибо!"),
    # the parent's own signature stays; only a mail app's goes
    ("Приду.\n-- \nАнна Петрова, мама Ивана", "Приду.\n-- \nАнна Петрова, мама Ивана"),
    ("Приду.\n\nSent from my iPhone", "Приду."),
    ("Приду.\n\nПолучить Outlook для Android", "Приду."),
    # a time and a year in the parent's own line is not a header
    ("Собрание 03.12.2026 в 18:30, запишите:\nкабинет 12", "Собрание 03.12.2026 в 18:30, запишите:\nкабинет 12"),
    ("Отправлено вчера, дошло?", "Отправлено вчера, дошло?"),
])
def test_the_cut_on_texts(body: str, own: str) -> None:
    assert split_reply(body).text == own


def test_chat_messages_are_never_cut() -> None:
    text = "Приду.\n\n> Придёте?"
    assert own_text("telegram", text) == text
    assert own_text("email", text) == "Приду."
