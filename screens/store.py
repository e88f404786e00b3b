"""The database as the screens see it: a path, and a fresh connection per worker thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import sqlite_utils

from outreach.erasure.disk import unfinished
from outreach.erasure.forget import finish_pending
from outreach.store import db as storage
from outreach_screens.widgets.paged_table import TableRow

F = TypeVar("F")
R = TypeVar("R")  # the record the domain returns for a row


class Store:
    """Hands each worker its own connection, so no connection ever crosses threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @property
    def name(self) -> str:
        return self.path.name

    @contextmanager
    def session(self) -> Iterator[sqlite_utils.Database]:
        """A connection for one unit of work; closed when the block ends."""
        db = storage.connect(self.path)
        try:
            yield db
        finally:
            db.close()

    def migrate(self) -> None:
        """Migrate the file and finish any erasure a crash interrupted (once, at start)."""
        db = storage.open_db(self.path)
        try:
            if unfinished(db):
                finish_pending(db)
        finally:
            db.close()


@dataclass
class FilteredSource(Generic[F, R]):
    """Rows matching a filter, counted and paged straight from SQLite (worker threads): the
    domain's `count(db, filter)` and `page(db, filter, limit, offset)`, each record as a row."""

    store: Store
    filter: F
    count_of: Callable[[sqlite_utils.Database, F], int]
    page_of: Callable[[sqlite_utils.Database, F, int, int], list[R]]
    row_of: Callable[[R], TableRow]

    def count(self) -> int:
        with self.store.session() as db:
            return self.count_of(db, self.filter)

    def fetch(self, offset: int, limit: int) -> list[TableRow]:
        with self.store.session() as db:
            records = self.page_of(db, self.filter, limit, offset)
        return [self.row_of(r) for r in records]
