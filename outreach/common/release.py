"""Letting go of large structures a slice at a time, so other threads keep running meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

SLICE = 2_000  # items freed between two chances for another thread to take the GIL

Box = list[Any] | dict[Any, Any] | set[Any]


def containers(*owners: object) -> list[Box]:
    """The lists, dicts and sets held as attributes of `owners` (objects or dataclasses)."""
    return [value for owner in owners for value in vars(owner).values() if isinstance(value, list | dict | set)]


def release(boxes: Iterable[Box]) -> None:
    """Empty each of `boxes` a slice at a time. Freeing a million objects in one call (a list's
    `clear`, or a last reference dropped) holds the GIL until the last one is freed — a quarter
    of a second after a 100,000-row import — and the caller's thread, printing a report or
    drawing the app, waits that long; between slices it runs."""
    for box in boxes:
        if isinstance(box, list):
            while box:
                del box[-SLICE:]
        elif isinstance(box, dict):
            while box:
                for _ in range(min(SLICE, len(box))):
                    box.popitem()
        else:
            while box:
                for _ in range(min(SLICE, len(box))):
                    box.pop()


def release_beside(boxes: list[Box], name: str) -> None:
    """`release` in a daemon thread of its own (a command that exits meanwhile does not wait)."""
    threading.Thread(target=release, args=(boxes,), name=name, daemon=True).start()
