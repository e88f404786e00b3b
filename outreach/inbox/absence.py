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
from outreach.common.i18n import pt, t
from outreach.common.names import full_name
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
_SHORT = {
    "мария": ("маша",), "александр": ("саша",), "александра": ("саша",), "алексей": ("лёша", "леша", "алёша"),
    "дмитрий": ("дима",), "екатерина": ("катя",), "анастасия": ("настя",), "иван": ("ваня",),
    "михаил": ("миша",), "сергей": ("серёжа", "сережа"), "николай": ("коля",), "владимир": ("вова",),
    "елизавета": ("лиза",), "татьяна": ("таня",), "анна": ("аня",), "ольга": ("оля",),
    "наталья": ("наташа",), "евгений": ("женя",), "евгения": ("женя",), "павел": ("паша",),
    "пётр": ("петя",), "петр": ("петя",), "андрей": ("андрюша",), "артём": ("тёма",), "артем": ("тема",),
    "дарья": ("даша",), "софья": ("соня",), "софия": ("соня",), "ксения": ("ксюша",), "виктория": ("вика",),
    "юлия": ("юля",), "елена": ("лена",), "максим": ("макс",), "кирилл": ("кирюша",), "егор": ("егорка",),
}


def _stem(name: str) -> str:
    name = name.lower()
    return name[:-1] if len(name) > 3 and name[-1] in "аяйьо" else name


def _names(first_name: str) -> tuple[str, ...]:
    lowered = first_name.lower()
    return tuple(_stem(n) for n in (lowered, *_SHORT.get(lowered, ())) if n)


def _day(words: list[str], written: date) -> date:
    for word in words:
        if word in _DAYS:
            return written + timedelta(days=_DAYS[word])
        for stem, weekday in _WEEKDAYS:
            if word.startswith(stem):
                return written + timedelta(days=(weekday - written.weekday()) % 7)
    return written


def absent_children(text: str, children: list[tuple[int, str]], written: date) -> tuple[list[int], date] | None:
    """(the children the note is about, the day) when `text` is an absence note, else None.
    `children`: the parent's children as (student id, first name)."""
    if not _VERB.search(text):
        return None
    words = [w.lower() for w in _WORD.findall(text)]
    named = [sid for sid, name in children
             if name and any(w.startswith(stem) and len(w) <= len(stem) + 3 for stem in _names(name) for w in words)]
    if not named and len(children) == 1:
        named = [children[0][0]]
    return (named, _day(words, written)) if named else None


def note_absences(db: sqlite_utils.Database, inbox_message_id: int, guardian_id: int, text: str,
                  written: datetime) -> int:
    """Record the absences a new message announces (inside the caller's transaction); how many."""
    if not _VERB.search(text):
        return 0  # most messages: no need to read the children
    children = [(int(sid), str(name)) for sid, name in db.execute(
        "SELECT s.id, s.name FROM students s JOIN student_guardians sg ON sg.student_id = s.id"
        " WHERE sg.guardian_id = ? ORDER BY s.id", [guardian_id])]
    found = absent_children(text, children, written.date())
    if found is None:
        return 0
    students, day = found
    for student_id in students:
        db.execute("INSERT INTO inbox_absences(inbox_message_id, student_id, day) VALUES (?, ?, ?)"
                   " ON CONFLICT DO NOTHING", [inbox_message_id, student_id, day.isoformat()])
    return len(students)


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
       (SELECT d.status FROM deliveries d WHERE d.message_id = a.thanks_message_id ORDER BY d.id LIMIT 1)
FROM inbox_absences a JOIN students s ON s.id = a.student_id LEFT JOIN groups g ON g.id = s.group_id
JOIN inbox_messages m ON m.id = a.inbox_message_id JOIN inbox_threads t ON t.id = m.thread_id
JOIN guardians gu ON gu.id = t.guardian_id
WHERE a.day = ? ORDER BY g.name COLLATE {COLLATION}, {name_order("s")}, s.id
"""


def absences(db: sqlite_utils.Database, day: date | None = None) -> list[Absence]:
    """The children announced absent on `day` (today by default), by class and name."""
    rows = db.execute(_ABSENCES, [(day or clock.today()).isoformat()]).fetchall()
    return [Absence(str(d), int(sid), full_name(str(ss), str(sn), ""), str(group), int(gid),
                    full_name(str(gs), str(gn or ""), str(gp or "")), int(mid), acked is not None, status or "")
            for d, sid, ss, sn, group, gid, gs, gn, gp, mid, acked, status in rows]


def write_absences(path: Path | str, rows: list[Absence]) -> int:
    """The day's absences for the teacher (date, class, student, parent, thanked): XLSX for a
    name ending .xlsx, else CSV (Russian Excel's dialect in Russian); how many rows."""
    headers = [t("Date"), t("Class"), t("Student"), t("Parent"),
               t("Thanked")]
    return write_table(path, headers, [(a.date, a.group, a.student, a.guardian, "1" if a.thanked else "0")
                                       for a in rows], title=pt("peoplefiles.absences.title", "Absences"))


_UNACKNOWLEDGED = """
SELECT t.guardian_id, t.channel, a.inbox_message_id, group_concat(s.name, ', '), min(a.day)
FROM inbox_absences a JOIN inbox_messages m ON m.id = a.inbox_message_id
JOIN inbox_threads t ON t.id = m.thread_id JOIN students s ON s.id = a.student_id
WHERE a.acknowledged_at IS NULL AND a.day >= ?
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
    for guardian_id, channel, message_id, names, day in db.execute(
            _UNACKNOWLEDGED, [now.date().isoformat()]).fetchall():
        with db.atomic():  # at most once: marked before anything leaves
            db.execute("UPDATE inbox_absences SET acknowledged_at = ? WHERE inbox_message_id = ?",
                       [clock.now_iso(), message_id])
        text = t("Thank you, noted: {names} will be absent on {day}.", names=names, day=date.fromisoformat(day).strftime("%d.%m.%Y"))
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
