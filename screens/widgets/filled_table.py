"""Rows in a DataTable whose one flexible column (a name, a subject) takes the width the
others leave, so a wide terminal shows long texts whole; never narrower than its content."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

SCROLLBAR = 2
"""Kept free at the right: a vertical scrollbar appears when the rows outgrow the table."""


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], flexible: int,
                  room: int, padding: int) -> list[int]:
    """Each column as wide as its longest text; the `flexible` one also takes what is left
    of `room` (cells, padding included) after the others."""
    widths = [max([cell_len(header), *(cell_len(row[i]) for row in rows)])
              for i, header in enumerate(headers)]
    others = sum(width + 2 * padding for i, width in enumerate(widths) if i != flexible)
    widths[flexible] = max(widths[flexible], room - others - 2 * padding)
    return widths


def fill_table(table: DataTable[Text], headers: Sequence[str],
               rows: Sequence[tuple[str, Sequence[str]]], flexible: int) -> None:
    """Show `rows` (key, cells) under `headers`, the `flexible` column filling the table's
    width. Call it again when the table's width changes; the cursor goes back to the top."""
    room = table.size.width - SCROLLBAR
    widths = column_widths(headers, [cells for _, cells in rows], flexible, room,
                           table.cell_padding)
    table.clear(columns=True)
    for header, width in zip(headers, widths, strict=True):
        table.add_column(Text(header), width=width)
    for key, cells in rows:
        table.add_row(*(Text(cell) for cell in cells), key=key)
