"""The database as the screens see it: a path, and a fresh connection per worker thread."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from outreach import db as storage


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
        storage.open_db(self.path).close()
