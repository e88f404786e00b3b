"""Noticing that another connection (a CLI script, a second terminal) changed the file.

`PRAGMA data_version` changes on a connection when any *other* connection commits; polling
it on a timer costs microseconds and never takes a lock, so a board can ask several times a
second without a busy loop.
"""

from __future__ import annotations

from pathlib import Path

from outreach.store import db as storage

POLL_SECONDS = 0.1
"""How often a live board asks: a write is on screen within this plus one reload."""

LIST_POLL_SECONDS = 1.0
"""How often a list screen (roster, channels) asks: it follows a script's import within a second."""


class ChangeWatcher:
    """Its own connection to the file; `changed()` says whether anyone wrote since last time."""

    def __init__(self, path: Path | str) -> None:
        self.db = storage.connect(path)
        self._version = self._read()

    def _read(self) -> int:
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        version = self._read()
        if version == self._version:
            return False
        self._version = version
        return True

    def close(self) -> None:
        self.db.close()
