"""The HTML part of an e-mail keeps the lines and paragraphs the preview shows (issue 12, slip 8)."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
import sqlite_utils

from outreach.messages import compose, templates
from outreach.messages.delivery.send import send_message
from tests.messages_support import Mailbox, local_smtp, parents


class Lines(HTMLParser):
    """The text of an HTML body as a mail client lays it out: one entry per line, where
    paragraphs and <br> break lines and plain newlines inside a paragraph do not."""

    BREAKS = {"p", "br", "div", "li", "h1", "h2", "h3"}

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        self.lines[-1] += " ".join(data.split("\n"))

    def text_lines(self) -> list[str]:
        return [" ".join(line.split()) for line in self.lines if line.strip()]


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        yield box


def test_when_where_topic_arrive_on_three_lines(db: sqlite_utils.Database, mailbox: Mailbox) -> None:
    parents(db, 1)
    values = {"date": "18 сентября", "time": "18:30", "place": "кабинет 12", "topic": "экзамены"}
    message_id = compose.create_message(db, templates.find("ru/parent-meeting"), values=values)
    report = send_message(db, message_id)
    assert report.sent == 1
    [mail] = mailbox.messages
    parser = Lines()
    parser.feed(mail.get_body(("html",)).get_content())
    lines = parser.text_lines()
    assert "Когда: 18 сентября, 18:30" in lines
    assert "Где: кабинет 12" in lines
    assert "Тема: экзамены" in lines
    when = lines.index("Когда: 18 сентября, 18:30")
    assert lines[when + 1:when + 3] == ["Где: кабинет 12", "Тема: экзамены"]
    # the plain part and the HTML part agree line for line
    text = mail.get_body(("plain",)).get_content()
    assert "Когда: 18 сентября, 18:30\nГде: кабинет 12\nТема: экзамены" in text
    assert "Уважаемая Анна Викторовна!" in lines
