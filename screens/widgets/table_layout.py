"""How a table's columns share its width so that every text reads whole: each column as wide
as its widest text and the spare width shared by ratio; when a row is wider than the table,
its optional columns go (another place shows them), then rows take two lines, each text
wrapped at its words."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

ROW_LINES = 2
"""The lines a row takes when its texts do not fit on one."""

NARROWEST = 4
"""A column is never narrower than this, even when the texts must be cut."""


@dataclass(frozen=True)
class Column:
    """A column: its (translated) label; a fixed width for texts of one known length (a phone,
    a date), else as wide as its widest text; its share of the spare width (none: short texts
    that never wrap); `elsewhere`: where
    else its texts show (said in brackets after the column before it), when it is left out
    rather than wrapped as a row is wider than the table."""

    label: str
    width: int = 0
    ratio: int = 1
    elsewhere: str = ""


@dataclass(frozen=True)
class Measure:
    """A column's widest text on one line, the width its texts need on two, its longest word."""

    one_line: int = 0
    two_lines: int = 0
    word: int = 0

    def widest(self, other: Measure) -> Measure:
        return Measure(max(self.one_line, other.one_line), max(self.two_lines, other.two_lines),
                       max(self.word, other.word))


@dataclass(frozen=True)
class Layout:
    """The columns' labels and widths (0: left out) and the lines each row takes."""

    labels: tuple[str, ...]
    widths: tuple[int, ...]
    lines: int = 1

    def shown(self) -> list[int]:
        return [index for index, width in enumerate(self.widths) if width]


def two_line_width(text: str) -> int:
    """The narrowest width at which `text` wraps at its words into two lines."""
    length = cell_len(text)
    width = max([math.ceil(length / ROW_LINES), *map(cell_len, text.split())], default=0)
    while width < length and len(textwrap.wrap(text, width)) > ROW_LINES:
        width += 1
    return width


def measure(texts: Sequence[str]) -> Measure:
    words = [cell_len(word) for text in texts for word in text.split()]
    return Measure(max(map(cell_len, texts), default=0), max(map(two_line_width, texts), default=0),
                   max(words, default=0))


def plan(columns: Sequence[Column], measures: Sequence[Measure], room: int,
         gap: int = 1) -> Layout:
    """The layout for `room` cells (`gap` cells between columns): one line with every column
    if it fits, else without the ones shown elsewhere, else two lines a row (the texts cut
    only when even that cannot fit)."""
    if room <= 0:  # not laid out yet
        labels = [column.label for column in columns]
        return Layout(tuple(labels), tuple(_needs(columns, labels, measures, two=False)))
    shown = list(range(len(columns)))
    for index in [*reversed(range(len(columns))), None]:
        labels = _labels(columns, shown)
        one_line = _needs(columns, labels, measures, two=False)
        if sum(one_line[i] for i in shown) + (len(shown) - 1) * gap <= room:
            return _spread(columns, labels, one_line, shown, room - (len(shown) - 1) * gap, 1)
        if index is not None and columns[index].elsewhere and len(shown) > 1:
            shown.remove(index)
    two_lines = _needs(columns, labels, measures, two=True)
    for i in shown:  # the first columns whole on one line where the spare width allows
        if sum(two_lines[j] for j in shown) + (len(shown) - 1) * gap + one_line[i] - two_lines[i] <= room:
            two_lines[i] = one_line[i]
    floors = [max(NARROWEST, measure.word) for measure in measures]
    return _spread(columns, labels, two_lines, shown, room - (len(shown) - 1) * gap, ROW_LINES,
                   floors)


def _labels(columns: Sequence[Column], shown: list[int]) -> list[str]:
    """The labels, each left-out column's «where else» in brackets after the one before it."""
    labels = [column.label for column in columns]
    for index, column in enumerate(columns):
        if index not in shown:
            before = max((i for i in shown if i < index), default=shown[0])
            labels[before] += f" ({column.elsewhere})"
    return labels


def _needs(columns: Sequence[Column], labels: list[str], measures: Sequence[Measure],
           two: bool) -> list[int]:
    """Each column's width for its texts on one line, or on two for those with a share of
    the spare width (the others' short texts stay on one)."""
    return [column.width or max(cell_len(labels[i]),
                                measures[i].two_lines if two and column.ratio else measures[i].one_line)
            for i, column in enumerate(columns)]


def _spread(columns: Sequence[Column], labels: list[str], needs: list[int], shown: list[int],
            cells: int, lines: int, floors: Sequence[int] = ()) -> Layout:
    """`needs` for the shown columns in `cells` (the room less the gaps), the spare cells
    shared by the measured ones' ratios (or taken from those with a share, in proportion,
    while the row is still too wide: their texts take more lines; no column narrower than
    its floor, its longest word, unless nothing else is left to take)."""
    widths = [needs[i] if i in shown else 0 for i in range(len(columns))]
    measured = [i for i in shown if not columns[i].width] or shown
    spare = cells - sum(widths)
    if spare >= 0:
        ratios = sum(columns[i].ratio for i in measured) or 1
        for i in measured:
            widths[i] += spare * columns[i].ratio // ratios
        widths[measured[-1]] += cells - sum(widths)
    flexible = [i for i in measured if columns[i].ratio] or measured
    narrowest = [NARROWEST] * len(columns)
    for floor in (floors or narrowest, narrowest):
        while spare < 0:
            wider = [i for i in flexible if widths[i] > floor[i]]
            if not wider:
                break
            widest = max(wider, key=lambda i: widths[i] / (columns[i].ratio or 1))
            widths[widest] -= 1
            spare += 1
    return Layout(tuple(labels), tuple(widths), lines)


def wrapped(text: str, width: int) -> list[str]:
    """`text` wrapped at its words to `width` cells (a word longer than that broken)."""
    return textwrap.wrap(text, max(width, 1)) or [""]


def cell_lines(text: str, width: int, lines: int) -> list[str]:
    """`text` in `lines` lines of exactly `width` cells: wrapped at its words, «…» ending
    it only where it does not fit."""
    parts = [text] if lines == 1 or cell_len(text) <= width else wrapped(text, width)
    if len(parts) > lines:
        parts = [*parts[:lines - 1], " ".join(parts[lines - 1:])]
    parts += [""] * (lines - len(parts))
    return [fit(line, width) for line in parts]


def fit(text: str, width: int) -> str:
    """`text` padded or cut to `width` cells, a cut one ending in «…»."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else "…"[:width]
    return set_cell_size(text, width)
