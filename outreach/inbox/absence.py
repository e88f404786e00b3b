"""Absence notes: «Маша сегодня не придёт, заболела», «нас не будет в понедельник» — recognised
by local Russian rules (an absence verb; a child of that parent by name or the only child; a
day word, else the day it was written), listed for the day and acknowledged to the parent once."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlite_utils

from outreach.common import clock
from outreach.common.collation import COLLATION
from outreach.common.errors import OutreachError
from outreach.common.formats import show_day
from outreach.common.i18n import pt, t
from outreach.common.names import SHORT_NAMES, full_name
from outreach.common.tabular import write_table
from outreach.messages.delivery.labels import status_label
from outreach.settings.values import all_settings
from outreach.store.order import name_order

_VERB = re.compile(r"(?:\bне\s+(?:прид[её]т|прид[её]м|придут|будет|будем|будут|сможет\s+прийти|пойд[её]т)\b"
                   r"|\bзаболел[аио]?\b|\bпропуст(?:ит|им|ят)\b|\bотсутству(?:ет|ем|ют)\b)", re.IGNORECASE)
_WORD = re.compile(r"[а-яёa-z]+", re.IGNORECASE)
_DAYS = {"сегодня": 0, "завтра": 1, "послезавтра": 2}
_WEEKDAYS = (("понедельник", 0), ("вторник", 1), ("сред", 2), ("четверг", 3), ("пятниц", 4), ("суббот", 5),
             ("воскресень", 6))


def _stem(name: str) -> str:
    name = name.lower()
    return name[:-1] if len(name) > 3 and name[-1] in "аяйьо" else name


def _names(first_name: str) -> tuple[str, ...]:
    lowered = "".join(_WORD.findall(first_name.lower()))
    return tuple(_stem(n) for n in (lowered, *SHORT_NAMES.get(lowered, ())) if n)


_NUMBERS = {"один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
            "восемь": 8, "девять": 9, "десять": 10}
_COUNT = re.compile(r"\b(\d{1,2}|" + "|".join(_NUMBERS) + r")\s+(?:учебн\w*\s+)?(?:дн(?:я|ей)|день)\b",
                    re.IGNORECASE)
_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр",
           "декабр")
_UNTIL_DATE = re.compile(r"\bдо\s+(\d{1,2})(?:\s+([а-яё]+)|\.(\d{1,2})(?:\.\d{2,4})?)", re.IGNORECASE)
_UNTIL_WEEKDAY = re.compile(r"\bдо\s+(понедельника|вторника|среды|четверга|пятницы|субботы|воскресенья)\b",
                            re.IGNORECASE)
_THIS_WEEK = re.compile(r"\b(?:на\s+этой|всю\s+эту|эту)\s+недел[еюя]\b", re.IGNORECASE)
_NAME = re.compile(r"\b[А-ЯЁ][а-яё]+")
_LAST_SCHOOL_DAY = 4  # Friday
_MAX_DAYS = 31


def _day(words: list[str], written: date) -> date:
    for word in words:
        if word in _DAYS:
            return written + timedelta(days=_DAYS[word])
        for stem, weekday in _WEEKDAYS:
            if word.startswith(stem):
                return written + timedelta(days=(weekday - written.weekday()) % 7)
    return written


def _school_days(first: date, last: date) -> list[date]:
    """The school days (Monday to Friday) from `first` to `last`, both included."""
    count = min((last - first).days + 1, _MAX_DAYS)
    return [d for d in (first + timedelta(days=i) for i in range(count)) if d.weekday() <= _LAST_SCHOOL_DAY]


def _next_school_days(first: date, count: int) -> list[date]:
    """`count` school days from `first` on."""
    found: list[date] = []
    day = first
    while len(found) < min(count, _MAX_DAYS):
        if day.weekday() <= _LAST_SCHOOL_DAY:
            found.append(day)
        day += timedelta(days=1)
    return found


def _month(word: str) -> int | None:
    word = word.lower()
    for number, stem in enumerate(_MONTHS, start=1):
        if word.startswith(stem) and (stem != "ма" or word in ("мая", "май")):
            return number
    return None


def _until_date(match: re.Match[str], start: date) -> date | None:
    """The day «до 5 декабря» / «до 05.12» names (this year, or the next when it is past)."""
    month = _month(match[2]) if match[2] else int(match[3])
    if month is None or not 1 <= month <= 12:
        return None
    try:
        day = date(start.year, month, int(match[1]))
    except ValueError:
        return None
    return day if day >= start else day.replace(year=day.year + 1)


def _span(text: str, start: date) -> tuple[list[date], str] | None:
    """The school days a note's span names, and its words as written: «3 дня» from `start`,
    «до пятницы» / «до 5 декабря» up to the day before it, «на этой неделе» to Friday."""
    if (count := _COUNT.search(text)) is not None:
        number = count[1].lower()
        days = _next_school_days(start, int(number) if number.isdigit() else _NUMBERS[number])
        return (days, count[0]) if days else None
    if (until := _UNTIL_WEEKDAY.search(text)) is not None:
        weekday = next(w for stem, w in _WEEKDAYS if until[1].lower().startswith(stem))
        end = start + timedelta(days=(weekday - start.weekday() - 1) % 7 + 1)
        return _school_days(start, end - timedelta(days=1)) or [start], until[0]
    if (until := _UNTIL_DATE.search(text)) is not None and (back := _until_date(until, start)) is not None:
        return _school_days(start, back - timedelta(days=1)) or [start], until[0]
    if (week := _THIS_WEEK.search(text)) is not None:
        friday = start + timedelta(days=_LAST_SCHOOL_DAY - start.weekday())
        return _school_days(start, friday) or [start], week[0]
    return None


@dataclass(frozen=True)
class Note:
    """What an absence note says: the children (student ids), the school days meant, the
    words a span of days was read from («3 дня», «до пятницы»; '' for one day), and a name
    it gives that is none of the parent's children (then the only child is a guess)."""

    students: list[int]
    days: list[date]
    read_as: str = ""
    unsure: str = ""


def _matches(word: str, first_name: str) -> bool:
    return any(word.startswith(stem) and len(word) <= len(stem) + 3 for stem in _names(first_name))


def _other_name(text: str, children: list[tuple[int, str]]) -> str:
    """A first name in `text` (capitalised, a name we know) that is none of the children's."""
    known = [name for full, short in SHORT_NAMES.items() for name in (full, *short)]
    for word in map(str, _NAME.findall(text)):
        lowered = word.lower()
        if any(_matches(lowered, name) for name in known) \
                and not any(_matches(lowered, n) for _, n in children):
            return word
    return ""


def absent_children(text: str, children: list[tuple[int, str]], written: date) -> Note | None:
    """The note `text` is (None when it is not an absence note). `children`: the parent's
    children as (student id, first name)."""
    if not _VERB.search(text):
        return None
    spanless = _UNTIL_WEEKDAY.sub(" ", text)
    words = [w.lower() for w in _WORD.findall(spanless)]
    named = [sid for sid, name in children if name and any(_matches(w, name) for w in words)]
    unsure = ""
    if not named and len(children) == 1:
        named = [children[0][0]]
        unsure = _other_name(text, children)
    if not named:
        return None
    start = _day(words, written)
    span = _span(text, start)
    return Note(named, span[0], span[1], unsure) if span else Note(named, [start], "", unsure)


def note_absences(db: sqlite_utils.Database, inbox_message_id: int, guardian_id: int, text: str,
                  written: datetime) -> int:
    """Record the absences a new message announces, a row per child and day (inside the
    caller's transaction); how many children."""
    if not _VERB.search(text):
        return 0  # most messages: no need to read the children
    children = [(int(sid), str(name)) for sid, name in db.execute(
        "SELECT s.id, s.name FROM students s JOIN student_guardians sg ON sg.student_id = s.id"
        " WHERE sg.guardian_id = ? ORDER BY s.id", [guardian_id])]
    note = absent_children(text, children, written.date())
    if note is None:
        return 0
    for student_id in note.students:
        for day in note.days:
            db.execute("INSERT INTO inbox_absences(inbox_message_id, student_id, day, read_as, unsure)"
                       " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       [inbox_message_id, student_id, day.isoformat(), note.read_as, note.unsure])
    return len(note.students)


@dataclass(frozen=True)
class Absence:
    date: str
    student_id: int
    student: str
    group: str
    guardian_id: int
    guardian: str
    inbox_message_id: int
    acknowledged: bool  # the thank-you was decided (once: before anything left)
    thanks: str = ""  # its delivery's status (sent, queued, failed…), when it names its message
    read_as: str = ""  # the words a span of days was read from («3 дня», «до пятницы»)
    first: str = ""  # the span's first and last school day
    last: str = ""
    unsure: str = ""  # a name the note gives that is none of the parent's children

    def note(self) -> str:
        """What the teacher should know of how the note was read: a guessed child, a span."""
        parts = []
        if self.unsure:
            parts.append(t("unsure: the note names {name}", name=self.unsure))
        if self.read_as:
            parts.append(t("«{words}»: {first}–{last}", words=self.read_as, first=show_day(self.first),
                           last=show_day(self.last)))
        return "; ".join(parts)

    @property
    def thanked(self) -> bool:
        """The parent was thanked: the thank-you was sent (or decided before its message was kept)."""
        return self.thanks == "sent" or (self.acknowledged and not self.thanks)

    def thanks_label(self) -> str:
        """«✓» when thanked, else the thank-you's status in words («в очереди», «ошибка»), else ''."""
        if self.thanked:
            return "✓"
        return status_label(self.thanks) if self.thanks else ""


_ABSENCES = f"""
SELECT a.day, s.id, s.surname, s.name, coalesce(g.name, ''), t.guardian_id, gu.surname, gu.name, gu.patronymic,
       a.inbox_message_id, a.acknowledged_at,
       (SELECT d.status FROM deliveries d WHERE d.message_id = a.thanks_message_id ORDER BY d.id LIMIT 1),
       a.read_as, (SELECT min(o.day) FROM inbox_absences o WHERE o.inbox_message_id = a.inbox_message_id
                   AND o.student_id = a.student_id),
       (SELECT max(o.day) FROM inbox_absences o WHERE o.inbox_message_id = a.inbox_message_id
        AND o.student_id = a.student_id), a.unsure
FROM inbox_absences a JOIN students s ON s.id = a.student_id LEFT JOIN groups g ON g.id = s.group_id
JOIN inbox_messages m ON m.id = a.inbox_message_id JOIN inbox_threads t ON t.id = m.thread_id
JOIN guardians gu ON gu.id = t.guardian_id
WHERE a.day = ? ORDER BY g.name COLLATE {COLLATION}, {name_order("s")}, s.id
"""


def absences(db: sqlite_utils.Database, day: date | None = None) -> list[Absence]:
    """The children announced absent on `day` (today by default), by class and name."""
    rows = db.execute(_ABSENCES, [(day or clock.today()).isoformat()]).fetchall()
    return [Absence(str(d), int(sid), full_name(str(ss), str(sn), ""), str(group), int(gid),
                    full_name(str(gs), str(gn or ""), str(gp or "")), int(mid), acked is not None, status or "",
                    str(read_as), str(first), str(last), str(unsure))
            for d, sid, ss, sn, group, gid, gs, gn, gp, mid, acked, status, read_as, first, last, unsure in rows]


def write_absences(path: Path | str, rows: list[Absence]) -> int:
    """The day's absences for the teacher (date, class, student, parent, thanked): XLSX for a
    name ending .xlsx, else CSV (Russian Excel's dialect in Russian); how many rows."""
    headers = [t("Date"), t("Class"), t("Student"), t("Parent"),
               t("Thanked"), t("Note")]
    return write_table(path, headers, [(a.date, a.group, a.student, a.guardian, "1" if a.thanked else "0", a.note())
                                       for a in rows], title=pt("peoplefiles.absences.title", "Absences"))


def _thanks(names: str, first: date, last: date) -> str:
    if first == last:
        return t("Thank you, noted: {names} will be absent on {day}.", names=names, day=first.strftime("%d.%m.%Y"))
    return t("Thank you, noted: {names} will be absent from {first} to {last}.", names=names,
             first=first.strftime("%d.%m.%Y"), last=last.strftime("%d.%m.%Y"))


_UNACKNOWLEDGED = """
SELECT t.guardian_id, t.channel, a.inbox_message_id, group_concat(DISTINCT s.name), min(a.day), max(a.day)
FROM inbox_absences a JOIN inbox_messages m ON m.id = a.inbox_message_id
JOIN inbox_threads t ON t.id = m.thread_id JOIN students s ON s.id = a.student_id
WHERE a.acknowledged_at IS NULL AND a.unsure = '' AND a.day >= ?
GROUP BY a.inbox_message_id ORDER BY a.inbox_message_id
"""


def acknowledge(db: sqlite_utils.Database, moment: datetime | None = None,
                sleep: Callable[[float], None] | None = None, after: Callable[[int], None] = lambda _: None) -> int:
    """Thank each parent once for each note about today or later (unless the setting
    inbox.absence_thanks is no); how many thanks went out.
    `after(guardian_id)` is told of each parent answered (the evening's auto-reply is then spent)."""
    from outreach.inbox.reply import send_to_parent

    if all_settings(db).get("inbox.absence_thanks") == "no":
        return 0
    now = moment or clock.now()
    sent = 0
    for guardian_id, channel, message_id, names, first, last in db.execute(
            _UNACKNOWLEDGED, [now.date().isoformat()]).fetchall():
        with db.atomic():  # at most once: marked before anything leaves
            db.execute("UPDATE inbox_absences SET acknowledged_at = ? WHERE inbox_message_id = ?",
                       [clock.now_iso(), message_id])
        text = _thanks(str(names).replace(",", ", "), date.fromisoformat(first), date.fromisoformat(last))
        try:
            answer = send_to_parent(db, int(guardian_id), str(channel), text, t("Absence noted"),
                                    moment=now, sleep=sleep)
        except OutreachError:  # refused before its message was kept: nothing left, decided again next time
            with db.atomic():
                db.execute("UPDATE inbox_absences SET acknowledged_at = NULL WHERE inbox_message_id = ?", [message_id])
            continue
        with db.atomic():
            db.execute("UPDATE inbox_absences SET thanks_message_id = ? WHERE inbox_message_id = ?",
                       [answer.message_id, message_id])
        sent += answer.sent
        after(int(guardian_id))
    return sent
