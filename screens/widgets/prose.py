"""Prose whose no-break spaces hold: «эл. почта» is never split at the end of a line.

Textual wraps text at any whitespace, the no-break space too (U+00A0 is whitespace to its
regular expressions), so a hint that names the channel «эл. почта» could end a line with «эл.».
`Prose` wraps its text itself with the standard library's `textwrap`, which breaks only at
ordinary spaces, and hands Textual lines that already fit."""

from __future__ import annotations

import textwrap

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static


class WholePhrases(Visual):
    """Plain text wrapped at ordinary spaces only (never inside a word or at a no-break space
    unless a phrase is longer than the whole line)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def wrapped(self, width: int) -> Content:
        lines = [textwrap.fill(paragraph, max(width, 1), break_on_hyphens=False) if paragraph.strip() else ""
                 for paragraph in self.text.split("\n")]
        return Content("\n".join(lines))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return Content(self.text).get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.wrapped(width).get_height(rules, width)

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        return self.wrapped(width).render_strips(width, height, style, options)


class Prose(Static):
    """A `Static` of plain text (no markup) that keeps phrases joined by no-break spaces whole."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(text, id=id, classes=classes, markup=False)

    def render(self) -> Visual:
        content = self.content
        return WholePhrases(content) if isinstance(content, str) else self.visual
