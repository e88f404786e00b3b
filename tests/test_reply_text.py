"""A parent's own words in an e-mail reply: each mail app's quote of our letter (its header,
the quoted lines, the app's signature) cut, on raw e-mails as those apps send them; inline
answers and a reply that is only a quote stay."""

from __future__ import annotations

from pathlib import Path

import pytest
from imap_tools import MailMessage

from outreach.inbox.imap import incoming
from outreach.inbox.reply_text import mark_ours, own_text, split_reply
from outreach.inbox.text import html_to_text

REPLIES = Path(__file__).parent / "data" / "replies"
INLINE = REPLIES / "inline"
ANSWERS = ("Здравствуйте! Ответила ниже, в письме.", "А можно в 19:00? Раньше не успею с работы.", "Приду к 19:00.")
ANSWERED_INLINE = ("gmail_inline.eml", "thunderbird_inline_html.eml", "mailru_inline_html.eml", "yandex_inline.eml")
OUTLOOK_INLINE = ("outlook_desktop_inline.eml", "outlook_owa_inline.eml")
SENT_LETTER = "\n".join(["Уважаемая Анна Викторовна!", "", "Приглашаю вас на родительское собрание 10А класса.",
                    "Когда: 3 декабря, 18:30. Где: кабинет 12.", "Если ребёнок заболел и не придёт, напишите мне.",
                    "", "Ответьте на это письмо словом «Приду» или «Не смогу».", "",
                    "Ольга Николаевна Белова, школа № 7"])
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


def inline_reply(name: str) -> MailMessage:
    return MailMessage.from_bytes((INLINE / name).read_bytes())


def assert_answers_kept(body: str) -> None:
    reply = split_reply(body)
    assert reply.own.startswith(ANSWERS[0]) and ANSWERS[1] in reply.own and reply.own.endswith(ANSWERS[2])
    assert reply.text == reply.own and reply.quoted
    assert reply.rest.startswith("> Ольга Николаевна Белова, школа") and "\n" not in reply.rest
    own = own_text("email", body)  # what answers and absences are read from: her lines, not our letter's
    assert own.startswith(ANSWERS[0]) and ANSWERS[1] in own and own.endswith(ANSWERS[2])
    assert "Ответьте на это письмо" not in own and "Когда: 3 декабря" not in own


@pytest.mark.parametrize("name", ANSWERED_INLINE)
def test_answers_written_inside_the_quote_stay(name: str) -> None:
    """A parent answering between the quoted lines (Gmail, Thunderbird, Mail.ru, Yandex): her
    line on top and her answers below the quote header stay; only the quote's tail is cut."""
    assert_answers_kept(incoming(inline_reply(name)).body)


@pytest.mark.parametrize("name", ["gmail_inline.eml", "yandex_inline.eml"])
def test_the_html_part_keeps_the_same_answers_as_the_text_part(name: str) -> None:
    message = inline_reply(name)
    assert message.text.strip() and message.html.strip()
    assert_answers_kept(html_to_text(message.html))


def test_an_html_quote_is_marked_line_by_line() -> None:
    text = html_to_text("<div>Да.</div><div>1 дек. 2026, 21:40, Учитель пишет:</div><blockquote type=\"cite\">"
                        "<div>Придёте?</div><div><br></div><blockquote><div>Старое</div></blockquote>"
                        "</blockquote><p>Придём.</p>")
    assert text.splitlines() == ["Да.", "", "1 дек. 2026, 21:40, Учитель пишет:", "", "> Придёте?", "",
                                 ">> Старое", "", "Придём."]


def test_an_outlook_html_reply_is_cut_at_its_header_block() -> None:
    reply = split_reply(incoming(inline_reply("outlook_html.eml")).body)
    assert reply.own == "Не смогу, к сожалению." and reply.quoted
    assert reply.rest.startswith("От: Учитель <teacher@school7.ru>\nОтправлено:") and "Уважаемая Анна" in reply.rest


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


@pytest.mark.parametrize("name", OUTLOOK_INLINE)
@pytest.mark.parametrize("html", [False, True])
def test_answers_written_into_an_outlook_quote_are_told_from_our_letter(name: str, html: bool) -> None:
    """Outlook (desktop, on the web) marks nothing as quoted: compared with our letter, her
    answers between its lines stay (the text part and the HTML alike), the rest is cut."""
    message = inline_reply(name)
    body = html_to_text(message.html) if html else incoming(message).body
    assert split_reply(body).own == ANSWERS[0]  # not compared: her answers go with the quote
    marked = mark_ours(body, [SENT_LETTER])
    assert_answers_kept(marked)
    assert "> От: Учитель <teacher@school7.ru>" in marked and "> Когда: 3 декабря, 18:30. Где: кабинет 12." in marked
    assert own_text("email", marked) == "\n\n".join(ANSWERS)  # what answers and absences are read from


def test_an_outlook_quote_of_only_our_letter_is_cut_whole() -> None:
    reply = split_reply(mark_ours(incoming(reply_of("outlook.eml")).body, [SENT_LETTER]))
    assert reply.own == "Не смогу, к сожалению." and reply.quoted and not reply.unchecked
    assert reply.rest.startswith("> ________________________________\n> От: Учитель")


def test_a_quote_not_compared_with_our_letter_may_hold_answers() -> None:
    for name in ("outlook.eml", "outlook_original.eml", "samsung.eml"):
        reply = split_reply(incoming(reply_of(name)).body)
        assert reply.quoted and reply.unchecked, name
    for name in ("mailru.eml", "gmail.eml", "apple.eml"):  # quoted with «>»: her answers would stand apart
        assert not split_reply(incoming(reply_of(name)).body).unchecked, name
    assert not split_reply("Приду.\n\nSent from my iPhone").unchecked


@pytest.mark.parametrize(("body", "ours", "marked"), [
    # a line of ours wrapped by the mail app, a link as Outlook writes it, a list's bullet
    ("Да.\n\nОт: Учитель\nОтправлено: 1 декабря 2026 г. 21:40\nКому: Анна\nТема: Собрание\n\n"
     "Собрание в четверг в 18:00, кабинет\n12, вход со двора.\nАнкета<https://forms.example/a>\n- сменная обувь\nВозьму",
     "Собрание в четверг в 18:00, кабинет 12, вход со двора.\n\nАнкета (https://forms.example/a)\n\n• сменная обувь",
     "Да.\n\n> От: Учитель\n> Отправлено: 1 декабря 2026 г. 21:40\n> Кому: Анна\n> Тема: Собрание\n\n"
     "> Собрание в четверг в 18:00, кабинет\n> 12, вход со двора.\n> Анкета<https://forms.example/a>\n> - сменная обувь\n"
     "Возьму"),
    # an older letter quoted under it is ours whole; a quote already marked is left as it is
    ("Да.\n-----Original Message-----\nFrom: Учитель\nSent: 1\n\nПридёте?\nДа\n\nFrom: Учитель\nSent: Monday"
     "\nTo: Анна\nSubject: Старое\n\nСтарое письмо", "Придёте?",
     "Да.\n> -----Original Message-----\n> From: Учитель\n> Sent: 1\n\n> Придёте?\nДа\n\n> From: Учитель\n"
     "> Sent: Monday\n> To: Анна\n> Subject: Старое\n\n> Старое письмо"),
    ("Да.\n\n1 дек. 2026 г., в 21:40, Учитель <t@school7.ru> написал(а):\n> Придёте?", "Придёте?",
     "Да.\n\n1 дек. 2026 г., в 21:40, Учитель <t@school7.ru> написал(а):\n> Придёте?"),
])
def test_our_lines_are_marked(body: str, ours: str, marked: str) -> None:
    assert mark_ours(body, [ours]) == marked
