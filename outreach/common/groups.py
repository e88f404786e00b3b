"""Class (group) names in one canonical form: «7 а», «7-А», «7A», «7 «А» класс» are all «7А»."""

from __future__ import annotations

import re
from functools import lru_cache

import sqlite_utils

from outreach.common.errors import NotFound
from outreach.common.i18n import t
from outreach.common.names import fold_key, tidy

_LATIN_LETTERS = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_QUOTES = "«»\"'„“”"
_CLASS = (rf"(1[01]|[1-9])\s*[-–—.]?\s*[{_QUOTES}]?\s*([а-яёa-z])\s*[{_QUOTES}]?(?![а-яёa-z\d])")
_CLASS_WORD = r"(?:класс[а-я]*|кл\.?|class|grade)"
_WHOLE = re.compile(rf"{_CLASS_WORD}?\s*[:№]?\s*{_CLASS}\s*{_CLASS_WORD}?", re.IGNORECASE)
_NUMBER_ONLY = re.compile(rf"{_CLASS_WORD}?\s*(1[01]|[1-9])\s*{_CLASS_WORD}?", re.IGNORECASE)
_IN_TEXT = re.compile(rf"{_CLASS_WORD}\s*[:№]?\s*{_CLASS}|(?<![\d\w]){_CLASS}\s*{_CLASS_WORD}",
                      re.IGNORECASE)
_AFTER_NAME = re.compile(rf"(.*?[^\s,;(])[\s,;(]+(?:{_CLASS_WORD}\s*)?{_CLASS}\s*(?:{_CLASS_WORD})?\s*\)?\s*",
                         re.IGNORECASE)
GROUP_CACHE = 4096


def _letter(letter: str) -> str:
    """A class letter as Cyrillic capital; a Latin look-alike (A, B, E…) becomes Cyrillic."""
    return letter.upper().translate(_LATIN_LETTERS)


@lru_cache(maxsize=GROUP_CACHE)
def canonical_group(text: str | None) -> str:
    """«7 а», «7-А», «7A» (Latin), «7 «А»», «7А класс» → «7А»; «10 класс» → «10»; other names tidy."""
    name = tidy(text)
    found = _WHOLE.fullmatch(name)
    if found:
        return found[1] + _letter(found[2])
    number = _NUMBER_ONLY.fullmatch(name)
    return number[1] if number else name


def class_number(name: str) -> int:
    """The number of a numbered school class («7А», «10» → 7, 10); 0 for names that are no
    numbered class («Автошкола В-1»)."""
    found = _WHOLE.fullmatch(name) or _NUMBER_ONLY.fullmatch(name)
    return int(found[1]) if found else 0


def group_key(text: str | None) -> str:
    """The form two class names are compared in."""
    return fold_key(canonical_group(text))


def class_in_text(text: str) -> str:
    """The class a title names («Список класса 7Б на 2026/27 уч. год», «7 «Б» класс»), or ''."""
    whole = _WHOLE.fullmatch(tidy(text))
    found = whole or _IN_TEXT.search(text)
    if found is None:
        return ""
    number, letter = (found[1], found[2]) if whole or found[1] else (found[3], found[4])
    return number + _letter(letter)


def class_after_name(text: str) -> tuple[str, str]:
    """«Иванов Иван 7А», «Петров Пётр, 7 «Б»» → (the name, «7А»); (text, '') when no class
    with its letter ends the text (a number alone may be anything: «Козлова Е.В. 2»)."""
    found = _AFTER_NAME.fullmatch(text)
    return (found[1], found[2] + _letter(found[3])) if found else (text, "")


def register(db: sqlite_utils.Database) -> None:
    """`canonical_group(name)` in SQL, for the migration that merges a class's spellings."""
    db.conn.create_function("canonical_group", 1, canonical_group, deterministic=True)


def existing_group(db: sqlite_utils.Database, name: str) -> str:
    """`name` in its canonical form when the roster has that group; NotFound naming it otherwise
    (a mistyped class in a script is said, not taken for an empty one)."""
    canonical = canonical_group(name)
    if not db.execute("SELECT 1 FROM groups WHERE name = ?", [canonical]).fetchone():
        raise NotFound(t("There is no group {group}.", group=canonical))
    return canonical
