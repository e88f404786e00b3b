"""An HTML e-mail body as plain text (the inbox stores and shows text only)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "hr"}
_HIDDEN = {"script", "style", "head", "title"}


class _Text(HTMLParser):
    """The visible text as lines, each with the depth of the `<blockquote>`s around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []
        self.line: list[str] = []
        self.depth = 0
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.end_line()
            self.depth += tag == "blockquote"

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.end_line()
            self.depth = max(0, self.depth - (tag == "blockquote"))

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            first, *more = data.split("\n")
            self.line.append(first)
            for piece in more:
                self.end_line()
                self.line.append(piece)

    def end_line(self) -> None:
        self.lines.append((self.depth, "".join(self.line)))
        self.line = []


def html_to_text(html: str) -> str:
    """The visible text of `html`: blocks on their own lines, no tags, scripts or styles; a
    quoted block's lines begin with «>» (one per level), as a mail app's text part has them, so
    a parent's answers written between the quoted lines stay told apart from the quote."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser.end_line()
    lines = (_marked(depth, " ".join(line.split())) for depth, line in parser.lines)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _marked(depth: int, text: str) -> str:
    return f"{'>' * depth} {text}" if depth and text else text
