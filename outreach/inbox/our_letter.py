"""Our letters a parent's e-mail quotes back, as text: what tells her answers written into an
Outlook quote (which marks nothing as quoted) apart from our own lines."""

from __future__ import annotations

import dataclasses
import json

import sqlite_utils

from outreach.common.errors import OutreachError
from outreach.inbox.model import Incoming
from outreach.inbox.reply_text import mark_ours, own_text
from outreach.inbox.text import html_to_text
from outreach.messages.compose import get_message, render_for
from outreach.messages.markup import to_html, to_text
from outreach.messages.rsvp import Answer
from outreach.messages.rsvp_mail import MailAnswer, answer_in_text


def letters_answered(db: sqlite_utils.Database, item: Incoming, guardian_id: int) -> list[str]:
    """The texts of our e-mails the reply's chain names, as sent to that parent (its text and
    its HTML read as text) and as written; [] when none of ours is known."""
    rows = db.execute("SELECT DISTINCT message_id FROM deliveries WHERE channel = 'email'"
                      " AND external_id IN (SELECT value FROM json_each(?))", [json.dumps(list(item.answers))])
    texts: list[str] = []
    for (message_id,) in rows.fetchall():
        message = get_message(db, int(message_id))
        texts.append(message.body)
        try:
            markdown = render_for(db, message, guardian_id)[1]
        except OutreachError:
            continue  # a template that no longer renders: its written text still tells
        texts += [to_text(markdown), html_to_text(to_html(markdown))]
    return texts


def with_our_lines_marked(db: sqlite_utils.Database, item: Incoming, guardian_id: int) -> Incoming:
    """An e-mail whose unmarked quote (Outlook's) is compared with the letters of ours it
    answers: our lines marked «>», her answers in it kept as hers (and an answer word among
    them read when the reply had none); unchanged when nothing of ours is known."""
    if item.channel != "email" or not item.answers:
        return item
    letters = letters_answered(db, item, guardian_id)
    body = mark_ours(item.body, letters) if letters else item.body
    if body == item.body:
        return item
    answer = item.answer
    if answer is None and not item.automatic and (word := _answer_in_lines(own_text("email", body))) is not None:
        answer = MailAnswer(word)
    return dataclasses.replace(item, body=body, answer=answer)


def _answer_in_lines(text: str) -> Answer | None:
    """The one answer word her lines give (the first may be a greeting or a question, the
    answer written under our «Приду / Не смогу» line); None when none or both are given."""
    found = {word for line in text.splitlines() if (word := answer_in_text(line)) is not None}
    return found.pop() if len(found) == 1 else None
