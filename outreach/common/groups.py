"""Class (group) names in one canonical form: «7 а», «7-А», «7A», «7 «А» класс» are all «7А»."""

from __future__ import annotations

import re
from functools import lru_cache

import sqlite_utils

from outreach.common.errors import NotFound, OutreachError
from outreach.common.formats import first_names, parse_day
from outreach.common.i18n import t
from outreach.common.names import fold_key, tidy

_LATIN_LETTERS = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_QUOTES = "«»\"'„“”"
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11}
_ROMAN_NUMBERS = "|".join(sorted(_ROMAN, key=len, reverse=True))
# all capitals or all small («VII», «vii»): «Vii» is a name; only the grades of a school
_ROMAN_NUMBER = rf"(?-i:{_ROMAN_NUMBERS}|{_ROMAN_NUMBERS.lower()})"
_ROMAN_DIGITS = frozenset("IVXivx")
_CLASS_WORD = r"(?:класс[а-я]*|кл\.?|class|grade)"


def _class(tag: str = "") -> str:
    """A class with its letter: «7 «А»», «7-а», or in Roman numerals «VII Б», «XI-А» (there the
    letter is Cyrillic or its Latin look-alike, never an I, V or X, and no dot: «I. V.» are
    initials). Its groups are named a/r (the number), l/m (the letter) and `tag`."""
    quote = f"[{_QUOTES}]?"
    arabic = rf"(?P<a{tag}>1[01]|[1-9])\s*[-–—.]?\s*{quote}\s*(?P<l{tag}>[а-яёa-z])"
    roman = rf"(?<!\w)(?P<r{tag}>{_ROMAN_NUMBER})\s*[-–—]?\s*{quote}\s*(?P<m{tag}>[а-яёabcehkmopty])"
    return rf"(?:{arabic}|{roman})\s*{quote}(?![а-яёa-z\d])"


_WHOLE = re.compile(rf"{_CLASS_WORD}?\s*[:№]?\s*{_class()}\s*{_CLASS_WORD}?", re.IGNORECASE)
_NUMBER_ONLY = re.compile(rf"{_CLASS_WORD}?\s*(?:(?P<a>1[01]|[1-9])|(?P<r>{_ROMAN_NUMBER}))\s*{_CLASS_WORD}?",
                          re.IGNORECASE)
_IN_TEXT = re.compile(rf"{_CLASS_WORD}\s*[:№]?\s*{_class('1')}|(?<![\d\w]){_class('2')}\s*{_CLASS_WORD}",
                      re.IGNORECASE)
_AFTER_NAME = re.compile(rf"(?P<name>.*?[^\s,;(])[\s,;(]+(?:{_CLASS_WORD}\s*)?{_class()}\s*(?:{_CLASS_WORD})?\s*\)?\s*",
                         re.IGNORECASE)
GROUP_CACHE = 4096


def _letter(letter: str) -> str:
    """A class letter as Cyrillic capital; a Latin look-alike (A, B, E…) becomes Cyrillic."""
    return letter.upper().translate(_LATIN_LETTERS)


def _number(found: re.Match[str], tag: str = "") -> str:
    """The grade a match names, in Arabic numerals («VII» → «7»)."""
    arabic = found[f"a{tag}"]
    return str(arabic if arabic else _ROMAN[found[f"r{tag}"].upper()])


def _named(found: re.Match[str], tag: str = "") -> str:
    """The canonical class a match of `_class(tag)` names: «7А»."""
    return _number(found, tag) + _letter(found[f"l{tag}"] or found[f"m{tag}"])


@lru_cache(maxsize=GROUP_CACHE)
def canonical_group(text: str | None) -> str:
    """«7 а», «7-А», «7A» (Latin), «7 «А»», «7А класс», «VII Б» → «7А»…; «10 класс» → «10»;
    other names tidy."""
    name = tidy(text)
    found = _WHOLE.fullmatch(name)
    if found:
        return _named(found)
    number = _NUMBER_ONLY.fullmatch(name)
    return _number(number) if number else name


def lettered_class(text: str) -> str:
    """«10А», «10 а», «VII Б» typed alone → the canonical class; '' for anything else (a number
    alone may be an id)."""
    found = _WHOLE.fullmatch(tidy(text))
    return _named(found) if found else ""


_LIST_SEPARATOR = re.compile(r"\s*(?:[,;]|\s(?:и|and)\s)\s*|\s+(?=\d)", re.IGNORECASE)


def class_list(text: str) -> list[str]:
    """«10А», «10А 10Б», «10а и 10б», «10 А, 10 Б»: classes with their letters, each
    canonical; [] for anything else (a number alone, a name such as «Автошкола В-1»)."""
    classes = [lettered_class(part) for part in _LIST_SEPARATOR.split(tidy(text)) if part]
    return classes if classes and all(classes) else []


_MIDNIGHT = re.compile(r"[ T]00:00(?::00)?$")  # a workbook's date read with its time
_NAMED_DAY = re.compile(r"(\d{1,2})[.\- ]?([a-zа-я]{3})[a-zа-я]*\.?", re.IGNORECASE)
_MONTHS = {name: number for number, names in enumerate(
    (("янв", "jan"), ("фев", "feb"), ("мар", "mar"), ("апр", "apr"), ("май", "мая", "may"), ("июн", "jun"),
     ("июл", "jul"), ("авг", "aug"), ("сен", "sep"), ("окт", "oct"), ("ноя", "nov"), ("дек", "dec")), 1)
    for name in names}


def class_from_date(text: str) -> str:
    """The numbered class a spreadsheet turned into a date: «7-1» typed in Russian Excel is
    7 January («2026-01-07» in a workbook, «07.янв» in its CSV) → «7-1»; '' for anything
    else (a day past the 11th is no grade)."""
    text = _MIDNIGHT.sub("", text.strip())
    if found := _NAMED_DAY.fullmatch(text):
        day, month = int(found[1]), _MONTHS.get(found[2].lower(), 0)
    else:
        try:
            typed = parse_day(text)
        except OutreachError:
            return ""
        day, month = typed.day, typed.month
    return f"{day}-{month}" if 1 <= day <= 11 and 1 <= month <= 12 else ""


def class_number(name: str) -> int:
    """The number of a numbered school class («7А», «10» → 7, 10); 0 for names that are no
    numbered class («Автошкола В-1»)."""
    found = _WHOLE.fullmatch(name) or _NUMBER_ONLY.fullmatch(name)
    return int(_number(found)) if found else 0


def group_key(text: str | None) -> str:
    """The form two class names are compared in."""
    return fold_key(canonical_group(text))


def class_in_text(text: str) -> str:
    """The class a title names («Список класса 7Б на 2026/27 уч. год», «7 «Б» класс»,
    «Список VII Б класса»), or ''."""
    whole = _WHOLE.fullmatch(tidy(text))
    if whole:
        return _named(whole)
    found = _IN_TEXT.search(text)
    if found is None:
        return ""
    return _named(found, "1" if found["a1"] or found["r1"] else "2")


def may_end_in_roman_class(text: str) -> bool:
    """Whether a plain name cell could end in a class in Roman numerals («Иванов Иван VII Б»):
    a Latin I, V or X in it. A set test, cheap enough for every row."""
    return not _ROMAN_DIGITS.isdisjoint(text)


def class_after_name(text: str) -> tuple[str, str]:
    """«Иванов Иван 7А», «Петров Пётр, 7 «Б»», «Сидоров Олег VII Б» → (the name, «7А»); (text, '')
    when no class with its letter ends the text (a number alone may be anything: «Козлова Е.В. 2»;
    «I A» after a Latin name are initials)."""
    found = _AFTER_NAME.fullmatch(text)
    if found is None or (found["r"] and len(found["r"]) == 1 and found["m"].isascii()):
        return text, ""  # «Ivanov Ivan I A»: initials
    return found["name"], _named(found)


def register(db: sqlite_utils.Database) -> None:
    """`canonical_group(name)` in SQL, for the migration that merges a class's spellings."""
    db.conn.create_function("canonical_group", 1, canonical_group, deterministic=True)


def existing_group(db: sqlite_utils.Database, name: str) -> str:
    """`name` in its canonical form when the roster has that group; NotFound naming it otherwise
    (a mistyped class in a script is said, not taken for an empty one)."""
    canonical = canonical_group(name)
    if not db.execute("SELECT 1 FROM groups WHERE name = ?", [canonical]).fetchone():
        raise NotFound(_no_group(db, canonical))
    return canonical


SHOWN_GROUPS = 15


def _no_group(db: sqlite_utils.Database, name: str) -> str:
    """The class is not in the roster: the ones that are, by number («10Г»: 10А, 10Б, 11А)."""
    names = sorted((n for (n,) in db.execute("SELECT name FROM groups")), key=lambda n: (class_number(n) or 99, n))
    if not names:
        return t("There is no group {group}.", group=name)
    return t("There is no group {group}; the roster has: {groups}.", group=name, groups=first_names(names, SHOWN_GROUPS))
