"""English messages of the slips fixed in the roster and the contest (issue 12)."""

MESSAGES: dict[str, str] = {
    "typed.bad_time": "«{value}» is not a time: type seconds (52,3) or minutes:seconds (1:05,3).",
    "typed.bad_seconds": "«{value}» is not a time: after the colon there are fewer than 60 seconds.",
    "typed.bad_count": "The {field} must be a whole number of zero or more, not «{value}».",
    "typed.bad_day": "«{value}» is not a date: type it as DD.MM.YYYY or YYYY-MM-DD.",
    "typed.field.wrong": "number of wrong answers",
}
