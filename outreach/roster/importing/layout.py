"""Where a sheet's roster starts and ends: the header row among the first rows, the titles
above it, the class a title or a sheet's name states, and the lines a teacher writes under the
list (a total, the class teacher's name, a signature)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from outreach.common.groups import canonical_group, class_in_text
from outreach.roster.importing.columns import header_score

HEADER_SEARCH_ROWS = 15
SUB_HEADERS = 2  # a row under a band reads as headers in at least this many cells
FOOTER_CELLS = 3  # a line under the list fills a cell or a few («Всего» | «учащихся:» | «25»)
# What such a line starts with: never a child's or a parent's name.
_FOOTER = re.compile(
    r"\s*(всего|итого|итог|total|(кл\.|классный)\s*(рук\.|руководитель)|руководитель|директор|зам\.\s*директора"
    r"|составил|составила|составитель|исполнитель|ответственный|ответственная|подпись"
    r"|дата\s+(составления|заполнения)|м\.\s*п\.?|class\s+teacher|homeroom\s+teacher|principal|signature"
    r"|prepared\s+by)(?![а-яёa-z])",
    re.IGNORECASE)


def find_header(rows: Sequence[Sequence[str]]) -> int:
    """The index of the row among the first ones that reads best as a header (the first on a
    tie); the first non-empty row when none reads as one."""
    first = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), 0)
    best, best_score = first, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score(row)
        if score > best_score:
            best, best_score = index, score
    return best


def banded(band: Sequence[str], sub: Sequence[str]) -> list[str] | None:
    """The header of a two-row heading: a band of whose columns they are over the columns
    themselves («Ученик | | Мать | | Отец» over «ФИО | Класс | ФИО | Телефон | ФИО | Телефон»,
    merged cells read as the first one and blanks). Each sub-header gets the band cell above it
    or, under a blank, the nearest one to its left («Мать Телефон»); a band cell over a blank
    is a header of its own, merged down («№»). None when the rows are no such pair: the
    sub-row must read as headers, and a band is no title (one cell at the left)."""
    filled = [i for i, cell in enumerate(band) if cell.strip()]
    if not filled or filled == [0] or header_score(sub) < SUB_HEADERS:
        return None
    headers, label = [], ""
    for index in range(max(len(band), len(sub))):
        above = band[index].strip() if index < len(band) else ""
        below = sub[index].strip() if index < len(sub) else ""
        if above and not below:
            headers.append(above)
            label = ""
        else:
            label = above or label
            headers.append(f"{label} {below}".strip() if below else "")
    return headers


def stated_class(titles: Sequence[Sequence[str]], sheet: str) -> str:
    """The class the rows above the header name, else the one the sheet's name is, else ''."""
    for row in titles:
        for cell in row:
            found = class_in_text(cell) if cell.strip() else ""
            if found:
                return found
    return section_class([sheet])


def section_class(cells: Sequence[str]) -> str:
    """The class a row that holds nothing but a class name («7 «Б» класс») starts, else ''."""
    filled = [c for c in cells if c.strip()]
    if len(filled) != 1:
        return ""
    found = class_in_text(filled[0])
    return found if found and found == canonical_group(filled[0]) else ""


def footer_cell(cells: Sequence[str]) -> int | None:
    """The index of the cell that makes a row a line under the list («Всего: 25 учащихся»,
    «Классный руководитель: Петрова А.И.», «Подпись ____»), else None."""
    filled = [i for i, cell in enumerate(cells) if cell.strip()]
    if not filled or len(filled) > FOOTER_CELLS:
        return None
    return filled[0] if _FOOTER.match(cells[filled[0]]) else None
