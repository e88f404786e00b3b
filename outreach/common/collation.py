"""Russian alphabetical order: one rule for the SQLite collation `RU` and for Python sorts.

Three levels, as a dictionary orders words: the letters (case, ё/е and Latin look-alikes
folded, as `fold_key` and the stored `name_key` fold them; runs of digits compared as
numbers, so «2А» comes before «10А»), then ё right after е, then the text itself (capitals
first). «Елкин» < «Ёлкин» < «Жуков»; «Алексеев» and «алексеев» stand side by side.

Lists of people order by the stored (indexed) `name_key` first and by this rule within
its ties (`outreach.store.order`): the same order for any name without digits.

Only queries use the collation (`ORDER BY … COLLATE RU`); no index or column names it, so
the file stays readable by a plain `sqlite3` that does not know it.
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from outreach.common.names import fold_key, fold_lookalikes

COLLATION = "RU"
ORDER_CACHE = 1 << 16  # distinct texts remembered; a sort compares each one many times
_CHUNK = re.compile(r"([^0-9]*)([0-9]*)")

Chunk = tuple[str, int, str]  # text before a number, the number's digit count, its digits
OrderKey = tuple[tuple[Chunk, ...], str, str]


def _natural(folded: str) -> tuple[Chunk, ...]:
    """Text and numbers in turn; a number compares by its length, then its digits (no int(),
    so a run of thousands of digits costs nothing)."""
    chunks = []
    for text, digits in _CHUNK.findall(folded):
        number = digits.lstrip("0")
        chunks.append((text, len(number), number))
    return tuple(chunks)


@lru_cache(maxsize=ORDER_CACHE)
def russian_order_key(text: str) -> OrderKey:
    """The sort key of a name (or a class, a team, a title) in Russian alphabetical order."""
    accents = " ".join(fold_lookalikes(word).lower() for word in text.split())
    return _natural(fold_key(text)), accents, text


def compare(a: str, b: str) -> int:
    """-1, 0 or 1 as `a` sorts before, with or after `b` (the `RU` collation)."""
    key_a, key_b = russian_order_key(a), russian_order_key(b)
    return (key_a > key_b) - (key_a < key_b)


def register(conn: sqlite3.Connection) -> None:
    """Make `COLLATE RU` known to this connection (every connection the app opens)."""
    conn.create_collation(COLLATION, compare)

