"""Reading consent values from a roster file."""

from __future__ import annotations

import re
from datetime import date

from outreach.common.contacts import InvalidContact

_YES = {"да", "yes", "y", "+", "1", "true", "есть", "✓", "✔", "v", "подписано", "получено",
        "дано", "given", "signed"}
_NO = {"нет", "no", "n", "-", "0", "false", "—", "не дано", "отсутствует"}
_WITHDRAWN = {"отозвано", "отозвал", "отозвала", "withdrawn", "revoked"}
_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})|(\d{4})-(\d{2})-(\d{2})")


def parse_consent(value: str, today: date) -> tuple[str, str] | None:
    """('given', ISO date) / ('withdrawn', ISO date) / None when not given."""
    text = value.strip().lower()
    if not text or text in _NO:
        return None
    if text in _YES:
        return "given", today.isoformat()
    word, _, rest = text.partition(" ")
    if text in _WITHDRAWN or word in _WITHDRAWN:  # "отозвано 05.10.2026"
        return "withdrawn", (_date(rest) if rest else None) or today.isoformat()
    day = _date(text)
    if day:
        return "given", day
    raise InvalidContact("consent.invalid")


def _date(text: str) -> str | None:
    """The ISO form of a dd.mm.yyyy or yyyy-mm-dd date in `text`; raises if impossible."""
    match = _DATE.search(text)
    if not match:
        return None
    try:
        if match.group(1):
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        else:
            day = date(int(match.group(4)), int(match.group(5)), int(match.group(6)))
    except ValueError as exc:
        raise InvalidContact("consent.invalid") from exc
    return day.isoformat()
