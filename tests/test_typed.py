"""Numbers and dates as people type them (issue 12, slip 4): one parser for the CLI and the app."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.common.errors import OutreachError
from outreach.common.formats import parse_day
from outreach.common.i18n import set_language
from outreach.common.typed import parse_count, parse_seconds


@pytest.mark.parametrize("typed,seconds", [
    ("52,3", 52.3), ("52.3", 52.3), ("312,5", 312.5), (" 48 ", 48.0), ("1:05,3", 65.3),
    ("1:05.3", 65.3), ("0:59,9", 59.9), ("52, 3", 52.3), ("1 : 05,3", 65.3), (",5", 0.5),
    ("0", 0.0), ("10:00", 600.0), ("52,3 с", 52.3), ("41 сек.", 41.0), ("1:05,3 сек", 65.3),
    ("52.3s", 52.3), ("48 Секунд", 48.0), ("52 мин", 3120.0),  # minutes in words: 4 мин 35 с
])
def test_seconds_as_typed(typed: str, seconds: float) -> None:
    assert parse_seconds(typed) == seconds


@pytest.mark.parametrize("typed,needle", [
    ("-5", "zero or more"), ("abc", "not a time"), ("1:75", "fewer than 60"), ("52,3,1", "not a time"),
    ("", "not a time"), ("1:2:3", "not a time"), ("nan", "not a time"), ("inf", "not a time"),
    ("5e3", "not a time"), ("с", "not a time"), ("52,3 с с", "not a time"),
])
def test_impossible_times_are_refused_with_a_sentence(typed: str, needle: str) -> None:
    with pytest.raises(OutreachError) as caught:
        parse_seconds(typed)
    assert needle in caught.value.message


def test_refusals_speak_russian_too() -> None:
    set_language("ru")
    try:
        with pytest.raises(OutreachError, match="меньше 60"):
            parse_seconds("1:75")
        with pytest.raises(OutreachError, match="не время"):
            parse_seconds("пять")
        with pytest.raises(OutreachError, match="не дата"):
            parse_day("31.02.2026")
    finally:
        set_language("en")


def test_counts_allow_spaces_and_refuse_the_rest() -> None:
    assert parse_count(" 3 ", "wrong") == 3
    for typed in ("-1", "2,5", "три", ""):
        with pytest.raises(OutreachError, match="whole number"):
            parse_count(typed, "number of wrong answers")


@pytest.mark.parametrize("typed,day", [
    ("16.05.2026", date(2026, 5, 16)), ("1.9.2026", date(2026, 9, 1)),
    ("2026-05-16", date(2026, 5, 16)), (" 16.05.2026 ", date(2026, 5, 16)),
    ("5.12.26", date(2026, 12, 5)),  # the two-digit year a teacher types, as parse_moment reads it
])
def test_days_as_typed(typed: str, day: date) -> None:
    assert parse_day(typed) == day


@pytest.mark.parametrize("typed", ["31.02.2026", "16/05/2026", "2026-5-16", "завтра", "16.05.202"])
def test_impossible_days_are_refused(typed: str) -> None:
    with pytest.raises(OutreachError, match="DD.MM.YYYY"):
        parse_day(typed)
