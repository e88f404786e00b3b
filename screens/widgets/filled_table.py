"""Rows in a DataTable whose one flexible column (a name, a subject) takes the width the
others leave, so a wide terminal shows long texts whole; never narrower than its content.
Or rows laid out by `table_layout.plan`, every text whole, a long one wrapped at its words."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from outreach_screens.widgets.table_layout import Column, measure, plan, wrapped

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


def fill_wrapped(table: DataTable[Text], columns: Sequence[Column],
                 rows: Sequence[tuple[str | None, Sequence[str]]], width: int) -> None:
    """Show `rows` (key, cells) in `columns` planned for `width` (the table's, or its dialog's
    while the table is hidden and 0 wide): a text too long for its column wraps at its
    words, its row as tall as it needs."""
    padding = 2 * table.cell_padding
    measures = [measure([cells[index] for _, cells in rows]) for index in range(len(columns))]
    layout = plan(columns, measures, width - SCROLLBAR - padding, gap=padding)
    table.clear(columns=True)
    for label, column_width in zip(layout.labels, layout.widths, strict=True):
        table.add_column(Text(label, no_wrap=True), width=column_width)
    for key, cells in rows:
        lines = [wrapped(cell, column_width) for cell, column_width in zip(cells, layout.widths, strict=True)]
        table.add_row(*(Text("\n".join(cell)) for cell in lines), key=key, height=max(map(len, lines)))
