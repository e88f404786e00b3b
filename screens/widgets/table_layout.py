"""How a table's columns share its width so that every text reads whole: each column as wide
as its widest text and the spare width shared by ratio; when a row is wider than the table,
its optional columns go (another place shows them), then rows take two lines (or three),
each text wrapped at its words."""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

MAX_LINES = 3
"""The most lines a row takes when its texts do not fit on fewer."""

NARROWEST = 4
"""A column is never narrower than this, even when the texts must be cut."""


@dataclass(frozen=True)
class Column:
    """A column: its (translated) label; a fixed width for texts of one known length (a phone,
    a date), else as wide as its widest text; its share of the spare width (none: short texts
    that never wrap); `elsewhere`: where else its texts show (said in brackets after the
    column before it), when it is left out rather than wrapped as a row is wider than the
    table."""

    label: str
    width: int = 0
    ratio: int = 1
    elsewhere: str = ""


@dataclass(frozen=True)
class Measure:
    """The width a column's texts need on one line, two, three (`lines`), and its longest
    word (a double name's parts: it may wrap after the hyphen)."""

    lines: tuple[int, ...] = (0,) * MAX_LINES
    word: int = 0

    def widest(self, other: Measure) -> Measure:
        return Measure(tuple(map(max, self.lines, other.lines)), max(self.word, other.word))


@dataclass(frozen=True)
class Layout:
    """The columns' labels and widths (0: left out) and the lines each row takes."""

    labels: tuple[str, ...]
    widths: tuple[int, ...]
    lines: int = 1

    def shown(self) -> list[int]:
        return [index for index, width in enumerate(self.widths) if width]


def lines_width(text: str, lines: int) -> int:
    """The narrowest width at which `text` wraps at its words into `lines` lines."""
    length = cell_len(text)
    width = max([math.ceil(length / lines), *map(cell_len, text.split())], default=0)
    while width < length and len(wrapped(text, width)) > lines:
        width += 1
    return width


def measure(texts: Sequence[str]) -> Measure:
    longest = sorted({(cell_len(text), text) for text in texts}, reverse=True)
    words = [cell_len(part) for text in texts for part in re.split(r"\s+|(?<=-)", text)]
    return Measure(tuple(_widest(longest, lines) for lines in range(1, MAX_LINES + 1)),
                     max(words, default=0))


def _widest(longest: list[tuple[int, str]], lines: int) -> int:
    """The width the texts (longest first) need on `lines` lines: a text no longer than the
    width found so far cannot need more, so the shorter ones are not wrapped at all."""
    width = 0
    for length, text in longest:
        if length <= width:
            break
        width = max(width, lines_width(text, lines))
    return width


def plan(columns: Sequence[Column], measures: Sequence[Measure], room: int,
         gap: int = 1) -> Layout:
    """The layout for `room` cells (`gap` cells between columns): one line with every column
    if it fits, else without the ones shown elsewhere, else two lines a row, else three (the
    texts cut only when even that cannot fit)."""
    if room <= 0:  # not laid out yet
        labels = [column.label for column in columns]
        return Layout(tuple(labels), tuple(_needs(columns, labels, measures, 1)))
    shown = list(range(len(columns)))
    for index in [*reversed(range(len(columns))), None]:
        labels = _labels(columns, shown)
        one_line = _needs(columns, labels, measures, 1)
        if sum(one_line[i] for i in shown) + (len(shown) - 1) * gap <= room:
            return _spread(columns, labels, one_line, shown, room - (len(shown) - 1) * gap, 1)
        if index is not None and columns[index].elsewhere and len(shown) > 1:
            shown.remove(index)
    cells = room - (len(shown) - 1) * gap
    for lines in range(2, MAX_LINES + 1):
        needs = _needs(columns, labels, measures, lines)
        if sum(needs[i] for i in shown) <= cells or lines == MAX_LINES:
            break
    for i in shown:  # the first columns whole on one line where the spare width allows
        if sum(needs[j] for j in shown) + one_line[i] - needs[i] <= cells:
            needs[i] = one_line[i]
    floors = [max(NARROWEST, measure.word) for measure in measures]
    return _spread(columns, labels, needs, shown, cells, lines, floors)


def _labels(columns: Sequence[Column], shown: list[int]) -> list[str]:
    """The labels, each left-out column's «where else» in brackets after the one before it."""
    labels = [column.label for column in columns]
    for index, column in enumerate(columns):
        if index not in shown:
            before = max((i for i in shown if i < index), default=shown[0])
            labels[before] += f" ({column.elsewhere})"
    return labels


def _needs(columns: Sequence[Column], labels: list[str], measures: Sequence[Measure],
           lines: int) -> list[int]:
    """Each column's width for its texts on `lines` lines (those with a share of the spare
    width; the others' short texts stay on one)."""
    return [column.width or max(cell_len(labels[i]),
                                measures[i].lines[(lines if column.ratio else 1) - 1])
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
    """`text` wrapped at its spaces to `width` cells; a double name such as «Анна-Мария»
    whole where it fits, else after its hyphen; a word longer than that broken."""
    width = max(width, 1)
    hyphens = max(map(cell_len, text.split()), default=0) > width
    return textwrap.wrap(text, width, break_on_hyphens=hyphens) or [""]


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
