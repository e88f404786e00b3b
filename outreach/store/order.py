"""ORDER BY terms that put people and classes in Russian alphabetical order (`COLLATE RU`)
while big lists still sort with SQLite's own comparisons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from outreach.common.collation import COLLATION


def full_name_ru(alias: str) -> str:
    """The full name of `alias` (a guardians or students row) under `RU`: the tie-breaker of
    rows whose `name_key` (ё as е, case folded) is the same."""
    return f"({alias}.surname || ' ' || {alias}.name || ' ' || {alias}.patronymic) COLLATE {COLLATION}"


def name_order(alias: str) -> str:
    """People by name: the indexed `name_key` first, then the full name under `RU`."""
    return f"{alias}.name_key, {full_name_ru(alias)}"


# The classes numbered in Russian order («2А» before «10А»), to join (`ON x.id = …group_id`)
# and sort a long list by `position`: the collation then runs over the classes only.
GROUP_POSITIONS = f"(SELECT id, row_number() OVER (ORDER BY name COLLATE {COLLATION}) AS position FROM groups)"


@dataclass(frozen=True)
class PagedOrder:
    """A long list ordered by `keys` (SQLite's own comparisons, ideally an index) and then by
    `ties` (a full name under `RU`, an id); `source` is `FROM …` with its joins."""

    source: str
    where: str  # '' or ' WHERE …', as the roster's filters give it
    params: Sequence[object]
    keys: tuple[str, ...]
    ties: str
    indexed: bool = False  # SQLite reads the rows in `keys` order from an index

    def _rows(self, extra: str = "") -> str:
        if not extra:
            return f"{self.source}{self.where}"
        return f"{self.source}{self.where}{' AND ' if self.where else ' WHERE '}{extra}"

    def page(self, db: sqlite_utils.Database, limit: int, offset: int) -> tuple[str, list[object]] | None:
        """The SQL (`FROM … WHERE … ORDER BY … LIMIT …` with its parameters) of the
        rows `offset` to `offset + limit`, or None past the end. The rows before the page are
        only counted by their keys; the tie-breaker under `RU` runs over the page's key range
        alone (sorting every earlier row by it would read each one and call Python). The first
        page of an indexed order is fetched at once: the sorter sees only its rows and ties."""
        if offset == 0 and self.indexed:
            rows, params = self.everything()
            return f"{rows} LIMIT ?", [*params, limit]
        keys = ", ".join(self.keys)
        bounds = db.execute(f"SELECT {keys} {self._rows()} ORDER BY {keys} LIMIT ? OFFSET ?",
                            [*self.params, limit, offset]).fetchall()
        if not bounds:
            return None
        marks = ", ".join("?" * len(self.keys))
        before = offset and db.execute(f"SELECT count(*) {self._rows(f'({keys}) < ({marks})')}",
                                       [*self.params, *bounds[0]]).fetchone()[0]
        inside = f"({keys}) >= ({marks}) AND ({keys}) <= ({marks})"
        return (f"{self._rows(inside)} ORDER BY {keys}, {self.ties} LIMIT ? OFFSET ?",
                [*self.params, *bounds[0], *bounds[-1], limit, offset - before])

    def everything(self) -> tuple[str, list[object]]:
        """The SQL of all the rows in order (no paging)."""
        return f"{self._rows()} ORDER BY {', '.join(self.keys)}, {self.ties}", list(self.params)
