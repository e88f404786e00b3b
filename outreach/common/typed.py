"""Numbers as people type them: «52,3», «1:05,3», «3 » (dates and decimals: `formats`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from outreach.common.errors import OutreachError
from outreach.common.i18n import t

_SPACES = re.compile(r"\s+")
_SECONDS = re.compile(r"(?:(\d+):)?(\d+(?:\.\d*)?|\.\d+)")
_UNIT = re.compile(r"(?<=\d)(?:с|сек|секунд[аы]?|s|sec|seconds?)\.?$", re.IGNORECASE)  # «52,3 с», «41 sec.»
_COUNT = re.compile(r"\d+")


def parse_seconds(text: str) -> float:
    """Seconds from «52,3», «52.3», «1:05,3» (minutes:seconds) or « 48 »; spaces and a unit
    after the number («52,3 с», «41 сек.») are ignored.
    Refuses a negative value, letters and «1:75» with one sentence."""
    typed = _UNIT.sub("", _SPACES.sub("", text))
    if typed.startswith("-"):
        raise OutreachError(t("The time must be zero or more seconds, not {time}.", time=text.strip()))
    match = _SECONDS.fullmatch(typed.replace(",", "."))
    if not match:
        raise OutreachError(t("«{value}» is not a time: type seconds (52,3) or minutes:seconds (1:05,3).", value=text.strip()))
    minutes, seconds = match.groups()
    if minutes is not None and Decimal(seconds) >= 60:
        raise OutreachError(t("«{value}» is not a time: after the colon there are fewer than 60 seconds.", value=text.strip()))
    return float(Decimal(minutes or 0) * 60 + Decimal(seconds))


def parse_count(text: str, field: str) -> int:
    """A whole number of things (wrong answers, …) typed with stray spaces; `field` names it
    in the refusal."""
    typed = _SPACES.sub("", text)
    if not _COUNT.fullmatch(typed):
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
