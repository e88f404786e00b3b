"""Numbers as people type them: «52,3», «1:05,3», «4 мин 35 с», «3 » (dates and decimals: `formats`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from outreach.common.errors import OutreachError
from outreach.common.i18n import t

_SPACES = re.compile(r"\s+")
_SECONDS = re.compile(r"(?:(\d+):)?(\d+(?:\.\d*)?|\.\d+)")
_UNIT = re.compile(r"(?<=\d)(?:с|сек|секунд[аы]?|s|sec|seconds?)\.?$", re.IGNORECASE)  # «52,3 с», «41 sec.»
_STOPWATCH = re.compile(r"(\d+)\.(\d\d),(\d*)")  # «1.02,5»: a stopwatch's minutes.seconds,tenths
_WORDED = re.compile(  # «4 мин 35 с», «4м35с», «1 min 5 s», «5 мин» (spaces gone, comma a point)
    r"(\d+)(?:минут[аы]?|мин|м|minutes?|mins?|m)\.?"
    r"(?:(\d+(?:\.\d*)?)(?:секунд[аы]?|сек|с|seconds?|secs?|s)?\.?)?", re.IGNORECASE)
_SPACE_IN_NUMBER = re.compile(r"(\d+)\s+(\d+)")
_LAYOUT_SIGNS = "юб"  # where the point and the comma keys type on the Russian layout: «52ю3»
_LETTER = re.compile(r"[^\W\d_]")
_COUNT = re.compile(r"\d+")


def parse_seconds(text: str) -> float:
    """Seconds from «52,3», «52.3», «1:05,3» (minutes:seconds), a stopwatch's «1.02,5»,
    «4 мин 35 с» or « 48 »; a unit after the number («52,3 с», «41 сек.») is ignored.
    Refuses with one sentence naming the value: a negative value, «1:75», a letter in the
    number, and a space inside one («52 3»: 52,3 or 523? never guessed)."""
    typed = text.strip()
    if typed.startswith("-"):
        raise OutreachError(t("The time must be zero or more seconds, not {time}.", time=typed))
    spaced = _SPACE_IN_NUMBER.search(typed)
    if spaced:
        left, right = spaced.groups()
        raise OutreachError(t("«{value}» is not a time: there is a space inside the number ({comma} or {joined}?); type it without the space.",
                              value=typed, comma=f"{left},{right}", joined=f"{left}{right}"))
    bare = _UNIT.sub("", _SPACES.sub("", typed))
    minutes: str | None
    if match := _SECONDS.fullmatch(bare.replace(",", ".")):
        minutes, seconds = match.groups()
    elif match := _STOPWATCH.fullmatch(bare):
        minutes, seconds = match[1], f"{match[2]}.{match[3] or 0}"
    elif match := _WORDED.fullmatch(bare.replace(",", ".")):
        minutes, seconds = match[1], match[2] or "0"
    else:
        raise _not_a_time(typed)
    if minutes is not None and Decimal(seconds) >= 60:
        raise OutreachError(t("«{value}» is not a time: after the minutes there are fewer than 60 seconds.", value=typed))
    return float(Decimal(minutes or 0) * 60 + Decimal(seconds))


def _not_a_time(typed: str) -> OutreachError:
    """The refusal of a time that reads as none, naming a letter typed into the number."""
    layout = re.search(rf"\d([{_LAYOUT_SIGNS}])\d", typed, re.IGNORECASE)
    if layout:
        fixed = typed[:layout.start(1)] + "," + typed[layout.end(1):]
        return OutreachError(t("«{value}» is not a time: «{letter}» stands where the decimal sign goes (the Russian keyboard layout?); type {fixed}.",
                               value=typed, letter=layout[1], fixed=fixed))
    letter = _LETTER.search(typed)
    if letter and any(char.isdigit() for char in typed):
        return OutreachError(t("«{value}» is not a time: the letter «{letter}» is in it; type seconds (52,3) or minutes:seconds (1:05,3).",
                               value=typed, letter=letter.group()))
    return OutreachError(t("«{value}» is not a time: type seconds (52,3) or minutes:seconds (1:05,3).", value=typed))


def parse_count(text: str, field: str) -> int:
    """A whole number of things (wrong answers, …) typed with stray spaces; `field` names it
    in the refusal; «1 8» is refused (18, or 1 and 8?)."""
    typed = _SPACES.sub("", text)
    if not _COUNT.fullmatch(typed) or _SPACE_IN_NUMBER.search(text):
        raise OutreachError(t("The {field} must be a whole number of zero or more, not «{value}».", field=field, value=text.strip()))
    return int(typed)


def key_values(items: Iterable[str], bad: Callable[[str], Exception], *,
               key_ok: Callable[[str], bool] = lambda key: True, last: bool = False) -> list[tuple[str, str]]:
    """`KEY=VALUE` options as typed → (key, value) pairs in order, split at the first '='
    (the last with `last`); an item with no '=', or whose key `key_ok` refuses, raises
    `bad(item)`. The keys and values are left as typed: each option says what it trims."""
    pairs = []
    for item in items:
        key, sep, value = item.rpartition("=") if last else item.partition("=")
        if not sep or not key_ok(key):
            raise bad(item)
        pairs.append((key, value))
    return pairs
