"""Regenerate the parents' e-mail replies in this folder: `python tests/data/replies/make_replies.py`.

Each is a reply to the teacher's invitation in the shape a mail app sends it: its quote header,
its signature, its charset (UTF-8, KOI8-R, windows-1251) and transfer encoding (quoted-printable,
base64, 8bit), text/plain and HTML or HTML alone.
"""

from __future__ import annotations

from email.charset import BASE64, QP, Charset
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import formataddr
from html import escape
from pathlib import Path

HERE = Path(__file__).parent
TEACHER = "Учитель <teacher@school7.ru>"
LETTER = [
    "Уважаемая Анна Викторовна!",
    "",
    "Приглашаю вас на родительское собрание 10А класса.",
    "Когда: 3 декабря, 18:30. Где: кабинет 12.",
    "Если ребёнок заболел и не придёт, напишите мне.",
    "",
    "Ответьте на это письмо словом «Приду» или «Не смогу».",
    "",
    "Ольга Николаевна Белова, школа № 7",
]


def quoted(prefix: str = "> ") -> str:
    return "\n".join(f"{prefix}{line}".rstrip() for line in LETTER)


def html_letter() -> str:
    return "".join(f"<div>{escape(line) or '<br>'}</div>" for line in LETTER)


def part(subtype: str, text: str, charset: str, encoding: str) -> MIMENonMultipart:
    body = Charset(charset)
    body.body_encoding = {"qp": QP, "base64": BASE64, "8bit": None}[encoding]
    mime = MIMENonMultipart("text", subtype)
    if charset == "koi8-r":  # no «», № in KOI8-R: a mail app writes "", N
        text = text.replace("«", "\"").replace("»", "\"").replace("№", "N")
    mime.set_payload(text, body)
    return mime


def letter(sender: str, mailer: str, *parts: MIMENonMultipart) -> bytes:
    mail: MIMENonMultipart | MIMEMultipart = parts[0]
    if len(parts) > 1:
        mail = MIMEMultipart("alternative")
        for item in parts:
            mail.attach(item)
    slug = "".join(c if c.isalnum() else "-" for c in mailer.lower())
    headers = {"From": sender, "To": formataddr(("Учитель", "teacher@school7.ru"), "utf-8"), "Subject": "Re: Родительское собрание 3 декабря",
               "Date": "Tue, 01 Dec 2026 22:05:00 +0300", "Message-ID": f"<reply-1.{slug}@example.ru>",
               "In-Reply-To": "<invitation-1@school7.ru>", "References": "<invitation-1@school7.ru>",
               "X-Mailer": mailer}
    for name, value in headers.items():
        mail[name] = value
    return mail.as_bytes()


PARENT = formataddr(("Петрова Анна", "parent0@example.ru"), "utf-8")

REPLIES = {
    "mailru.eml": letter(
        PARENT, "Mail.Ru web",
        part("plain", "Приду, спасибо!\n\n\n-- \nОтправлено из Почты Mail.ru\n\n"
                      f"вторник, 01 декабря 2026г., 21:40 +03:00 от {TEACHER}:\n\n{quoted()}\n", "utf-8", "base64"),
        part("html", "<div>Приду, спасибо!</div><div>&nbsp;</div><div>--<br>Отправлено из Почты Mail.ru</div>"
                     f"<br><br>вторник, 01 декабря 2026г., 21:40 +03:00 от {escape(TEACHER)}:<br>"
                     f"<blockquote style=\"border-left:1px solid #0857A6;\">{html_letter()}</blockquote>",
             "utf-8", "base64")),
    "mailru_mobile.eml": letter(
        PARENT, "Mail.Ru mobile",
        part("html", "<div>Не смогу, у нас соревнования.</div><div><br></div>"
                     "<div>Отправлено из мобильной Почты Mail.ru</div><br><br>"
                     f"вторник, 01 декабря 2026г., 21:40 +03:00 от {escape(TEACHER)}:<br>"
                     f"<blockquote style=\"border-left:1px solid #0857A6;\">{html_letter()}</blockquote>",
             "windows-1251", "qp")),
    "yandex.eml": letter(
        PARENT, "Yandex.Mail",
        part("plain", "Да, придём вдвоём.\n\n-- \nОтправлено из мобильной Яндекс Почты\n\n"
                      f"01.12.2026, 21:40, \"Учитель\" <teacher@school7.ru>:\n{quoted()}\n", "koi8-r", "qp")),
    "yandex_html.eml": letter(
        PARENT, "Yandex.Mail html",
        part("html", "<div>Спасибо, будем.</div><div> </div>"
                     "<div>01.12.2026, 21:40, &quot;Учитель&quot; &lt;teacher@school7.ru&gt;:</div>"
                     f"<blockquote>{html_letter()}</blockquote>", "utf-8", "base64")),
    "gmail.eml": letter(
        PARENT, "Gmail",
        part("plain", "Здравствуйте! Приду.\nА можно взять с собой младшего?\n\n"
                      f"вт, 1 дек. 2026 г. в 21:40, {TEACHER}:\n\n{quoted()}\n", "utf-8", "qp"),
        part("html", "<div dir=\"ltr\">Здравствуйте! Приду.<div>А можно взять с собой младшего?</div></div><br>"
                     "<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">"
                     f"вт, 1 дек. 2026 г. в 21:40, {escape(TEACHER)}:<br></div>"
                     f"<blockquote class=\"gmail_quote\">{html_letter()}</blockquote></div>", "utf-8", "qp")),
    "outlook.eml": letter(
        PARENT, "Microsoft Outlook 16.0",
        part("plain", "Не смогу, к сожалению.\n\n________________________________\n"
                      f"От: {TEACHER}\nОтправлено: 1 декабря 2026 г. 21:40\nКому: Петрова Анна <parent0@example.ru>\n"
                      "Тема: Родительское собрание 3 декабря\n\n" + "\n".join(LETTER) + "\n", "windows-1251", "qp")),
    "outlook_original.eml": letter(
        PARENT, "Microsoft Outlook 14.0",
        part("plain", "Приду.\n\n-----Original Message-----\nFrom: Учитель [mailto:teacher@school7.ru]\n"
                      "Sent: Tuesday, December 1, 2026 9:40 PM\nTo: parent0@example.ru\n"
                      "Subject: Родительское собрание 3 декабря\n\n" + "\n".join(LETTER) + "\n", "koi8-r", "base64")),
    "samsung.eml": letter(
        PARENT, "Samsung Email",
        part("plain", "Придём оба.\n\n\nОтправлено с устройства Galaxy\n\n\n-------- Исходное сообщение --------\n"
                      f"От: {TEACHER}\nДата: 01.12.2026 21:40 (GMT+03:00)\nКому: parent0@example.ru\n"
                      "Тема: Родительское собрание 3 декабря\n\n" + "\n".join(LETTER) + "\n", "windows-1251", "base64")),
    "mailru_forward.eml": letter(
        PARENT, "Mail.Ru forward",
        part("plain", "Пересылаю письмо мужу, он придёт вместо меня.\n\n\n-------- Пересылаемое сообщение --------\n"
                      f"От кого: {TEACHER}\nКому: parent0@example.ru\nДата: Вторник, 1 декабря 2026, 21:40 +03:00\n"
                      "Тема: Родительское собрание 3 декабря\n\n" + "\n".join(LETTER) + "\n", "utf-8", "8bit")),
    "apple.eml": letter(
        PARENT, "iPhone Mail (22B83)",
        part("html", "<html><body dir=\"auto\">Приду<br><br><div dir=\"ltr\">Отправлено с iPhone</div>"
                     "<div dir=\"ltr\"><br><blockquote type=\"cite\">"
                     f"1 дек. 2026 г., в 21:40, {escape(TEACHER)} написал(а):<br><br></blockquote></div>"
                     f"<blockquote type=\"cite\"><div dir=\"ltr\">{html_letter()}</div></blockquote></body></html>",
             "utf-8", "qp")),
    "thunderbird_inline.eml": letter(
        PARENT, "Mozilla Thunderbird",
        part("plain", "01.12.2026 21:40, Учитель пишет:\n> Когда: 3 декабря, 18:30. Где: кабинет 12.\n\n"
                      "А можно в 19:00? Раньше не успею с работы.\n\n"
                      "> Ответьте на это письмо словом «Приду» или «Не смогу».\n\nПриду к 19:00.\n\n"
                      "> Ольга Николаевна Белова, школа № 7\n", "utf-8", "8bit")),
    "quote_only.eml": letter(
        PARENT, "Mail.Ru empty",
        part("plain", "\n-- \nОтправлено из Почты Mail.ru\n\n"
                      f"вторник, 01 декабря 2026г., 21:40 +03:00 от {TEACHER}:\n\n{quoted()}\n", "utf-8", "qp")),
}

# Answers written inside the quote (between quoted lines), in inline/: HTML alone, and text with HTML.
ANSWER_TOP = "Здравствуйте! Ответила ниже, в письме."
ANSWER_TIME = "А можно в 19:00? Раньше не успею с работы."
ANSWER_COME = "Приду к 19:00."
LETTER_TOP, LETTER_ASK, LETTER_END = LETTER[:5], LETTER[6:7], LETTER[8:]


def html_lines(lines: list[str]) -> str:
    return "".join(f"<div>{escape(line) or '<br>'}</div>" for line in lines)


def inline_html(header: str, quote: str, answer: str = "<div>{}</div>") -> str:
    """The parent's line on top, the app's `header`, then the letter quoted in three parts by
    `quote` (a format with {} for the lines) with her two answers (`answer`) between them."""
    return (f"<div>{escape(ANSWER_TOP)}</div>{header}"
            f"{quote.format(html_lines(LETTER_TOP))}{answer.format(escape(ANSWER_TIME))}"
            f"{quote.format(html_lines(LETTER_ASK))}{answer.format(escape(ANSWER_COME))}"
            f"{quote.format(html_lines(LETTER_END))}")


def inline_plain(header: str) -> str:
    def block(lines: list[str]) -> str:
        return "\n".join(f"> {line}".rstrip() for line in lines)
    return (f"{ANSWER_TOP}\n\n{header}\n{block(LETTER_TOP)}\n\n{ANSWER_TIME}\n\n"
            f"{block(LETTER_ASK)}\n\n{ANSWER_COME}\n\n{block(LETTER_END)}\n")


GMAIL_HEADER = f"вт, 1 дек. 2026 г. в 21:40, {TEACHER}:"
GMAIL_QUOTE = ("<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid"
               " rgb(204,204,204);padding-left:1ex\">{}</blockquote>")
THUNDERBIRD_HEADER = "01.12.2026 21:40, Учитель пишет:"
MAILRU_HEADER = f"Вторник, 1 декабря 2026, 21:40 +03:00 от {TEACHER}:"
YANDEX_HEADER = "01.12.2026, 21:40, \"Учитель\" <teacher@school7.ru> пишет:"
INLINE = {
    "gmail_inline.eml": letter(
        PARENT, "Gmail",
        part("plain", inline_plain(GMAIL_HEADER), "utf-8", "qp"),
        part("html", inline_html("<br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">"
                                 f"{escape(GMAIL_HEADER)}<br></div>", GMAIL_QUOTE, "<div>{}</div><br>") + "</div>",
             "utf-8", "qp")),
    "thunderbird_inline_html.eml": letter(
        PARENT, "Mozilla Thunderbird",
        part("html", "<html><head><meta http-equiv=\"content-type\" content=\"text/html; charset=UTF-8\"></head>"
                     "<body>" + inline_html(f"<div class=\"moz-cite-prefix\">{escape(THUNDERBIRD_HEADER)}<br></div>",
                                 "<blockquote type=\"cite\" cite=\"mid:invitation-1@school7.ru\">{}</blockquote>",
                                 "<p>{}</p>") + "</body></html>", "utf-8", "8bit")),
    "mailru_inline_html.eml": letter(
        PARENT, "Mail.Ru web",
        part("html", inline_html(f"<br><br>{escape(MAILRU_HEADER)}<br>",
                                 "<blockquote style=\"border-left:1px solid #0857A6; margin:10px;"
                                 " padding:0 0 0 10px;\">{}</blockquote>"), "windows-1251", "qp")),
    "yandex_inline.eml": letter(
        PARENT, "Yandex.Mail",
        part("plain", inline_plain(YANDEX_HEADER), "koi8-r", "qp"),
        part("html", inline_html(f"<div> </div><div>{escape(YANDEX_HEADER)}</div>", "<blockquote>{}</blockquote>"),
             "utf-8", "base64")),
    "outlook_html.eml": letter(
        PARENT, "Microsoft Outlook 16.0",
        part("html", "<html><body><div dir=\"ltr\">Не смогу, к сожалению.</div><div id=\"appendonsend\"></div>"
                     "<hr style=\"display:inline-block;width:98%\" tabindex=\"-1\">"
                     "<div id=\"divRplyFwdMsg\" dir=\"ltr\"><font face=\"Calibri, sans-serif\" color=\"#000000\">"
                     f"<b>От:</b> {escape(TEACHER)}<br><b>Отправлено:</b> 1 декабря 2026 г. 21:40<br>"
                     "<b>Кому:</b> Петрова Анна &lt;parent0@example.ru&gt;<br>"
                     "<b>Тема:</b> Родительское собрание 3 декабря</font><div>&nbsp;</div></div>"
                     f"<div>{html_letter()}</div></body></html>", "windows-1251", "qp")),
}

# Outlook quotes our letter under its «От: … Отправлено: … Кому: … Тема:» block with no «>» and
# no <blockquote>: the parent's answers written into it (bold and red in the HTML) are plain lines.
OUTLOOK_FIELDS = ("От: Учитель <teacher@school7.ru> ", "Отправлено: вторник, 1 декабря 2026 г. 21:40",
                  "Кому: Петрова Анна <parent0@example.ru>", "Тема: Родительское собрание 3 декабря")
OWA_FIELDS = ("От: Учитель <teacher@school7.ru>", "Отправлено: 1 декабря 2026 г. 21:40",
              "Кому: Петрова Анна <parent0@example.ru>", "Тема: Родительское собрание 3 декабря")
ABSENT = "Не сможем, Маша заболела, 3 дня её не будет."


def paragraphs(lines: list[str], tag: str = "<p class=\"MsoNormal\">{}<o:p></o:p></p>") -> str:
    """Our letter's HTML as the mail app keeps it: a paragraph per blank-separated block, <br> within."""
    blocks = "\n".join(lines).split("\n\n")
    return "".join(tag.format("<br>".join(escape(line) for line in block.splitlines())) for block in blocks)


def outlook_fields_html(fields: tuple[str, ...]) -> str:
    return "<br>".join(f"<b>{escape(name)}:</b>{escape(value)}" for name, value in (f.split(":", 1) for f in fields))


def outlook_body(top: list[str], answers: tuple[str, str], *, html: bool) -> list[tuple[str, list[str]]]:
    """(kind, lines) in order: the parent's top lines, our letter in three parts, her two answers between."""
    return [("top", top), ("ours", LETTER_TOP), ("hers", [answers[0]]), ("ours", LETTER_ASK),
            ("hers", [answers[1]]), ("ours", LETTER_END)]


def desktop_plain(top: list[str], answers: tuple[str, str]) -> str:
    """Outlook 2016+ desktop's text part: paragraphs apart, a «\u00a0» line for each empty one."""
    parts = ["\n".join(top), " ", "\n".join(OUTLOOK_FIELDS), " "] if top else ["\n".join(OUTLOOK_FIELDS), " "]
    for kind, lines in outlook_body(top, answers, html=False)[1:]:
        parts.append("\n".join(lines).replace("\n\n", "\n\n \n\n") if kind == "ours" else lines[0])
    return "\n\n".join(parts) + "\n"


def desktop_html(top: list[str], answers: tuple[str, str]) -> str:
    """Outlook desktop's (Word's) HTML: MsoNormal paragraphs, the header block in a bordered div."""
    hers = "<p class=\"MsoNormal\"><b><span style=\"color:#C00000\">{}</span></b><o:p></o:p></p>"
    body = "".join(paragraphs(lines) if kind in ("top", "ours") else hers.format(escape(lines[0]))
                   for kind, lines in outlook_body(top, answers, html=True)
                   if kind != "top")
    return ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta http-equiv=\"Content-Type\""
            " content=\"text/html; charset=windows-1251\"><meta name=\"Generator\" content=\"Microsoft Word 15"
            " (filtered medium)\"><style><!-- p.MsoNormal {margin:0cm;font-size:11.0pt;} --></style></head>"
            "<body lang=\"RU\" link=\"#0563C1\" vlink=\"#954F72\"><div class=\"WordSection1\">"
            + (paragraphs(top) + "<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>" if top else "")
            + "<div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm\">"
            f"<p class=\"MsoNormal\">{outlook_fields_html(OUTLOOK_FIELDS)}<o:p></o:p></p></div>"
            f"<p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p>{body}</div></body></html>")


def owa_plain(top: list[str], answers: tuple[str, str]) -> str:
    """Outlook on the web's text part: a «____» rule, the fields, the letter as it reads."""
    quoted = [lines[0] if kind == "hers" else "\n".join(lines) for kind, lines in outlook_body(top, answers, html=False)[1:]]
    return "\n".join([*top, "_" * 32, *OWA_FIELDS, "", "\n\n".join(quoted)]) + "\n"


def owa_html(top: list[str], answers: tuple[str, str]) -> str:
    """Outlook on the web's HTML: #appendonsend, an <hr>, the fields in #divRplyFwdMsg, our letter in a div."""
    hers = "<div style=\"color:rgb(192, 0, 0)\" class=\"elementToProof\"><b>{}</b></div>"
    body = "".join(paragraphs(lines, "<p>{}</p>") if kind == "ours" else hers.format(escape(lines[0]))
                   for kind, lines in outlook_body(top, answers, html=True) if kind != "top")
    own = "".join(f"<div class=\"elementToProof\" style=\"font-family: Aptos, sans-serif; font-size: 12pt;\">"
                  f"{escape(line) or '<br>'}</div>" for line in top)
    return ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
            "<style type=\"text/css\" style=\"display:none;\"> P {margin-top:0;margin-bottom:0;} </style></head>"
            f"<body dir=\"ltr\">{own}<div id=\"appendonsend\"></div>"
            "<hr style=\"display:inline-block;width:98%\" tabindex=\"-1\"><div id=\"divRplyFwdMsg\" dir=\"ltr\">"
            "<font face=\"Calibri, sans-serif\" style=\"font-size:11pt\" color=\"#000000\">"
            f"{outlook_fields_html(OWA_FIELDS)}</font><div>&nbsp;</div></div><div>{body}</div></body></html>")


OUTLOOK = {
    "outlook_desktop_inline.eml": letter(
        PARENT, "Microsoft Outlook 16.0",
        part("plain", desktop_plain([ANSWER_TOP], (ANSWER_TIME, ANSWER_COME)), "windows-1251", "qp"),
        part("html", desktop_html([ANSWER_TOP], (ANSWER_TIME, ANSWER_COME)), "windows-1251", "qp")),
    "outlook_owa_inline.eml": letter(
        PARENT, "Outlook-Express-OWA",
        part("plain", owa_plain([ANSWER_TOP], (ANSWER_TIME, ANSWER_COME)), "utf-8", "base64"),
        part("html", owa_html([ANSWER_TOP], (ANSWER_TIME, ANSWER_COME)), "utf-8", "base64")),
    # nothing above the quote: her answer to «Приду / Не смогу» and the absence are inside it
    "outlook_owa_inside.eml": letter(
        PARENT, "Outlook on the web",
        part("plain", owa_plain([], (ANSWER_TIME, ABSENT)), "utf-8", "base64"),
        part("html", owa_html([], (ANSWER_TIME, ABSENT)), "utf-8", "base64")),
}


def main() -> None:
    for name, raw in REPLIES.items():
        (HERE / name).write_bytes(raw)
    (HERE / "inline").mkdir(exist_ok=True)
    for name, raw in (INLINE | OUTLOOK).items():
        (HERE / "inline" / name).write_bytes(raw)


if __name__ == "__main__":
    main()
