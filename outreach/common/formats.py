"""Dates, moments and decimals as a teacher types and reads them: ДД.ММ.ГГГГ, «сегодня в 14:00»
and a decimal comma in Russian; ISO dates, "today at 14:00" and a point in English. Both forms
are accepted when typed, in either language. The database and `--json` keep ISO text and numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.i18n import N_, NP_, t

_DAY_FIRST = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})")  # «16.05.2026», «5.12.26»
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MOMENT_DAY_FIRST = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})[ T]+(\d{1,2}):(\d{2})")
_DECIMAL = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")
_SPACES = re.compile(r"\s+")
_MONTHS = {1: N_("Jan"), 2: N_("Feb"), 3: N_("Mar"),
           4: N_("Apr"), 5: NP_("ruformats.month.5", "May"), 6: N_("Jun"),
           7: N_("Jul"), 8: N_("Aug"), 9: N_("Sep"),
           10: N_("Oct"), 11: N_("Nov"), 12: N_("Dec")}


def parse_day(text: str) -> date:
    """A date typed as ДД.ММ.ГГГГ (ДД.ММ.ГГ: this century, as `parse_moment` reads it) or
    ГГГГ-ММ-ДД; refuses anything else (and 31.02.2026)."""
    typed = text.strip()
    day_first, iso = _DAY_FIRST.fullmatch(typed), _ISO.fullmatch(typed)
    try:
        if day_first:
            year = int(day_first[3])
            return date(year + 2000 if year < 100 else year, int(day_first[2]), int(day_first[1]))
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise OutreachError(t("«{value}» is not a date: type it as DD.MM.YYYY or YYYY-MM-DD.", value=typed))


def parse_moment(text: str) -> datetime:
    """A moment typed as ДД.ММ.ГГГГ ЧЧ:ММ or ISO (2026-12-01T08:00), or as the app shows one
    and people say it: «завтра в 8:00», «сегодня в 18:30», «03.12 в 18:30», «пт 18:30»,
    «в пятницу в 18:30», «02.12.26 8:00»; in the local zone unless the ISO text names its own
    offset."""
    typed = " ".join(text.split())
    match = _MOMENT_DAY_FIRST.fullmatch(typed)
    try:
        if match:
            day, month, year, hour, minute = (int(g) for g in match.groups())
            moment = datetime(year, month, day, hour, minute)
        elif spoken := _spoken_moment(typed.lower()):
            moment = spoken
        else:
            moment = datetime.fromisoformat(typed)
    except ValueError:
        raise OutreachError(t("«{value}» is not a date and time: type it as DD.MM.YYYY HH:MM (01.12.2026 08:30), «tomorrow at 08:30» or YYYY-MM-DD HH:MM.", value=typed)) from None
    return moment.astimezone() if moment.tzinfo is None else moment


def _spoken_moment(typed: str) -> datetime | None:
    """«завтра в 8:00», «пт 18:30», «03.12 в 18:30», «02.12.26 8:00» (local, naive); None for
    any other text; ValueError for an impossible date or time."""
    match = _SPOKEN.fullmatch(typed)
    if not match:
        return None
    today = clock.today()
    day_word, dotted = match["word"], match["dotted"]
    if day_word in _NEAR_DAYS:
        day = today + timedelta(days=_NEAR_DAYS[day_word])
    elif day_word:
        weekday = next(number for stem, number in _WEEKDAY_STEMS if day_word.startswith(stem))
        day = today + timedelta(days=(weekday - today.weekday()) % 7)  # today included
    else:
        parts = [int(p) for p in dotted.split(".")]
        year = parts[2] if len(parts) == 3 else today.year
        day = date(year + 2000 if year < 100 else year, parts[1], parts[0])
        if len(parts) == 2 and day < today:  # «05.01» typed in December: the coming January
            day = day.replace(year=day.year + 1)
    return datetime(day.year, day.month, day.day, int(match["hour"]), int(match["minute"]))


_NEAR_DAYS = {"сегодня": 0, "today": 0, "завтра": 1, "tomorrow": 1, "послезавтра": 2}
_WEEKDAY_STEMS = (("понедельн", 0), ("пн", 0), ("mon", 0), ("вторн", 1), ("вт", 1), ("tue", 1),
                  ("сред", 2), ("ср", 2), ("wed", 2), ("четверг", 3), ("чт", 3), ("thu", 3),
                  ("пятниц", 4), ("пт", 4), ("fri", 4), ("суббот", 5), ("сб", 5), ("sat", 5),
                  ("воскресень", 6), ("вс", 6), ("sun", 6))
_SPOKEN = re.compile(
    r"(?:(?:в|во|on)\s+)?(?:(?P<word>сегодня|today|завтра|tomorrow|послезавтра|"
    r"понедельник|вторник|среду|среда|четверг|пятницу|пятница|субботу|суббота|воскресенье|"
    r"пн|вт|ср|чт|пт|сб|вс|mon|tue|wed|thu|fri|sat|sun)\.?"
    r"|(?P<dotted>\d{1,2}\.\d{1,2}(?:\.\d{2}(?:\d{2})?)?))"
    r",?\s+(?:(?:в|at)\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})")


_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_YMD = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")
_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")


def normalize_stamp(text: str, day_first: bool | None = None) -> str:
    """A form's timestamps (05.09.2026 19:42:11, 2026/09/05 7:42:11 PM GMT+3, 9/5/2026 19:42:11)
    as ISO `2026-09-05T19:42:11`; anything else, or a day that cannot be, is kept as written.
    A slashed day is read month first (Google's in English) unless `day_first` (the file's
    order, `slash_day_first`) or a first number over 12 («13/09/2026») says otherwise."""
    text = text.strip()
    found = _DMY.match(text)
    if found:
        d, m, y, hh, mm, ss = found.groups()
        half = None
    else:
        found = _YMD.match(text)
        if found:
            y, m, d, hh, mm, ss, half = found.groups()
        else:
            found = _MDY.match(text)
            if not found:
                return text
            m, d, y, hh, mm, ss, half = found.groups()
            if day_first or (day_first is None and int(m) > 12):
                d, m = m, d
    hour = int(hh)
    if half:
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    try:
        date(int(y), int(m), int(d))
    except ValueError:
        return text
    return f"{y}-{int(m):02d}-{int(d):02d}T{hour:02d}:{mm}:{ss or '00'}"


def slash_day_first(stamps: Iterable[str]) -> bool | None:
    """Whether a file's slashed timestamps put the day first («13/09/2026»: True), the month
    («9/13/2026»: False), or None when every one could be either («05/09/2026»)."""
    for stamp in stamps:
        found = _MDY.match(stamp.strip())
        if found and int(found[1]) > 12:
            return True
        if found and int(found[2]) > 12:
            return False
    return None


def stamp_day(text: str, day_first: bool | None = None) -> str:
    """The ISO day of a form's timestamp when it is certain («01.09.2026 19:02:11» →
    «2026-09-01»); '' for anything else, and for «05/09/2026» unless `day_first` is known."""
    if day_first is None and (found := _MDY.match(text.strip())) and max(int(found[1]), int(found[2])) <= 12:
        return ""
    moment = normalize_stamp(text, day_first)
    return moment[:10] if moment[4:5] == "-" and moment[10:11] == "T" else ""


def parse_decimal(text: str) -> float:
    """A number typed with a comma or a point («52,3» is 52.3, never 523) and stray spaces;
    its range is the caller's to check."""
    typed = _SPACES.sub("", text).replace(",", ".")
    if not _DECIMAL.fullmatch(typed):
        raise OutreachError(t("«{value}» is not a number; type e.g. 52.3.", value=text.strip()))
    return float(typed)


def show_day(day: date | str | None, lang: str | None = None) -> str:
    """01.09.2026 in Russian, 2026-09-01 in English; '' for no date, a text that is not an
    ISO date as it is."""
    if not day:
        return ""
    if isinstance(day, str):
        try:
            return show_day(date.fromisoformat(day[:10]), lang)
        except ValueError:
            return day
    return t("{y}-{m:02d}-{d:02d}", lang=lang, d=day.day, m=day.month, y=day.year)


def show_moment(moment: datetime | str | None, lang: str | None = None) -> str:
    """A moment in the local zone as people say it: «сегодня в 14:00», «вчера в 09:15»,
    «завтра в 08:30», «30.11 в 14:00», «30.11.2025 в 14:00» ("30 Nov at 14:00" in English);
    '' for none, a text that is not ISO as it is."""
    if not moment:
        return ""
    if isinstance(moment, str):
        try:
            return show_moment(datetime.fromisoformat(moment), lang)
        except ValueError:
            return moment
    local = moment.astimezone()
    today = clock.today()
    fields = {"time": f"{local:%H:%M}", "d": local.day, "y": local.year,
              "month": t(_MONTHS[local.month], lang=lang)}
    near = {today: N_("today at {time}"), today - timedelta(days=1): N_("yesterday at {time}"),
            today + timedelta(days=1): N_("tomorrow at {time}")}
    key = near.get(local.date()) or (N_("{d} {month} at {time}") if local.year == today.year
                                     else N_("{d} {month} {y}, {time}"))
    return t(key, lang=lang, **fields)


def typed_moment(moment: datetime, lang: str | None = None) -> str:
    """A moment in the local zone as it is typed back into a field: «01.12.2026 08:30» in
    Russian, "2026-12-01 08:30" in English (both read by `parse_moment`)."""
    local = moment.astimezone()
    return f"{show_day(local.date(), lang)} {local:%H:%M}"


def plain_decimal(value: float | None) -> str:
    """12.0 → "12", 41.5 → "41.5" (at most two places; files and codes); None → ""."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def show_decimal(value: float | None, lang: str | None = None) -> str:
    """`plain_decimal` with the language's decimal sign: «82,3» in Russian, "82.3" in English."""
    return plain_decimal(value).replace(".", t(".", lang=lang))


def show_seconds(value: float) -> str:
    """A time as a stopwatch shows it: «52,3» under a minute, «4:35» or «1:02,5» from one on."""
    if value < 60:
        return show_decimal(value)
    minutes, seconds = divmod(round(value, 2), 60)
    return f"{int(minutes)}:{'0' if seconds < 10 else ''}{show_decimal(seconds)}"


def first_names(names: list[str], limit: int) -> str:
    """The first `limit` names, comma-separated, «…» after them when there are more."""
    return ", ".join(names[:limit]) + (", …" if len(names) > limit else "")
