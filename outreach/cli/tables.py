"""Tables a teacher reads whole in the terminal: words wrap at spaces, never mid-word.

Rich shrinks a table that is too wide by cutting its widest columns, through words (or with
«…»). `fitted` instead gives every column at least its longest word (a `whole` column its
longest line: a phone, a date; a `fold` column, an e-mail, may break inside one, at
`FOLD_WIDTH` cells) and shares the rest of the width by need; when even that does not fit, it
says so (None) and the caller shortens the headers. `whole_words` falls back to folding.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich.cells import cell_len
from rich.table import Table

FOLD_WIDTH = 12  # the narrowest a `fold` column gets
PADDING = 2  # a cell's space left and right
BORDER = 1  # a vertical line between columns, and one at each edge


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


def _longest_line(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, *,
                  whole: Collection[int] = (), fold: Collection[int] = ()) -> list[int] | None:
    """Each column's text width so that the table fits `width` with no word cut: every column
    gets its longest word (see the module); the room left first puts whole on one line the
    columns that miss the least («эл. почта», a phone), then goes one cell at a time to the
    column that misses most of its longest line. None when that does not fit."""
    columns = [[header, *(row[i] for row in rows)] for i, header in enumerate(headers)]
    wanted = [max(_longest_line(text) for text in column) or 1 for column in columns]
    widths = [wanted[i] if i in whole else max(_longest_word(text) for text in column) or 1
              for i, column in enumerate(columns)]
    widths = [min(w, FOLD_WIDTH) if i in fold else w for i, w in enumerate(widths)]
    room = width - sum(widths) - len(columns) * (PADDING + BORDER) - BORDER
    if room < 0:
        return None
    for i in sorted(range(len(widths)), key=lambda i: wanted[i] - widths[i]):
        if wanted[i] - widths[i] > room:
            break
        room -= wanted[i] - widths[i]
        widths[i] = wanted[i]
    while room > 0:
        missing = [want - have for want, have in zip(wanted, widths, strict=True)]
        neediest = max(range(len(widths)), key=missing.__getitem__)
        if missing[neediest] <= 0:
            break
        widths[neediest] += 1
        room -= 1
    return widths


def fitted(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int,
           title: str | None = None, *, whole: Collection[int] = (),
           fold: Collection[int] = ()) -> Table | None:
    """The table with `column_widths`, None when its words cannot fit `width`."""
    widths = column_widths(headers, rows, width, whole=whole, fold=fold)
    if widths is None:
        return None
    table = Table(title=title)
    for header, column_width in zip(headers, widths, strict=True):
        table.add_column(header, width=column_width, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def whole_words(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int,
                title: str | None = None, *, whole: Collection[int] = (),
                fold: Collection[int] = ()) -> Table:
    """`fitted`, or on a terminal too narrow for it every column folded (never cut with «…»)."""
    table = fitted(headers, rows, width, title, whole=whole, fold=fold)
    if table is None:
        table = Table(title=title)
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*row)
    return table


def packed(lead: str, items: Sequence[str], width: int, separator: str = "; ") -> list[str]:
    """`lead` then `items` joined by `separator`, in lines of at most `width` cells, an item
    never split between two lines (one longer than `width` stands alone on its line)."""
    lines = [lead]
    for number, item in enumerate(items):
        joint = " " if number == 0 else separator
        if cell_len(lines[-1] + joint + item) <= width:
            lines[-1] += joint + item
        else:
            lines[-1] += joint.rstrip()
            lines.append(item)
    return lines
