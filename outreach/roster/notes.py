"""A guardian's notes: one text, the notes in it joined by «; » (as the roster form shows them)."""

from __future__ import annotations

SEPARATOR = "; "


def add_notes(kept: str | None, *notes: str) -> str:
    """`kept` with each of `notes` it does not hold yet added after it."""
    text = (kept or "").strip()
    for note in notes:
        if note and note not in text:
            text = SEPARATOR.join(filter(None, [text, note]))
    return text
