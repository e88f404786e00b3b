"""Work a screen holds that quitting would lose: asked about before the app quits."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class HoldsWork(Protocol):
    def unsaved_work(self) -> str | None:
        """A sentence naming the unsaved work, or None when there is none."""

    def flush_work(self) -> None:
        """Keep what can be kept, now (the app is about to quit)."""
