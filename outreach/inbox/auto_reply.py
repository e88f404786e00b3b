"""The teacher's off-hours: a parent who writes outside the working hours (a setting, off by
default) gets one short auto-reply an evening, never to an auto-reply or a mailing list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlite_utils

from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.common.quiet_hours import QuietHours
from outreach.inbox.reply import send_to_parent
from outreach.messages.templates import literal
from outreach.settings.values import all_settings


@dataclass(frozen=True)
class OffHours:
    """The working hours and, for a moment outside them, the evening it belongs to."""

    work_start: time
    work_end: time

    def evening(self, moment: datetime) -> tuple[date, datetime] | None:
        """(the evening's date, when it began) for a moment outside working hours, else None."""
        window = QuietHours(self.work_end, self.work_start)
        if not window.contains(moment):
            return None
        day = moment.date()
        if moment.time().replace(tzinfo=None) < self.work_start:
            day -= timedelta(days=1)
        return day, datetime.combine(day, self.work_end, moment.tzinfo)

    def __str__(self) -> str:
        return f"{self.work_start:%H:%M}–{self.work_end:%H:%M}"


def off_hours(settings: dict[str, str]) -> OffHours | None:
    work = QuietHours.parse(settings.get("inbox.working_hours", "off"))
    if work.off or work.start is None or work.end is None:
        return None
    return OffHours(work.start, work.end)


def auto_reply_text(settings: dict[str, str], hours: OffHours) -> str:
    """The teacher's own text (with `{hours}`; sent as written, braces and all), else the
    shipped one."""
    own = settings.get("inbox.auto_reply", "").strip()
    return literal(own.replace("{hours}", str(hours))) if own else t("Thank you for your message. I read messages during working hours ({hours}) and will answer then.", hours=str(hours))


def spend_evening(db: sqlite_utils.Database, guardian_id: int, moment: datetime | None = None) -> None:
    """The parent was answered this evening (an absence acknowledged): no auto-reply on top."""
    hours = off_hours(all_settings(db))
    evening = hours.evening(moment or clock.now()) if hours else None
    if evening is not None:
        db.execute("INSERT INTO inbox_auto_replies(guardian_id, evening) VALUES (?, ?) ON CONFLICT DO NOTHING",
                   [guardian_id, evening[0].isoformat()])


_WAITING = """
SELECT t.guardian_id, t.channel FROM inbox_threads t
WHERE EXISTS (SELECT 1 FROM inbox_messages m WHERE m.thread_id = t.id AND m.outgoing = 0
              AND m.automatic = 0 AND m.received_at >= ? AND m.received_at <= ?)
AND NOT EXISTS (SELECT 1 FROM inbox_auto_replies a WHERE a.guardian_id = t.guardian_id AND a.evening = ?)
ORDER BY t.last_at
"""


def send_auto_replies(db: sqlite_utils.Database, moment: datetime | None = None,
                      sleep: Callable[[float], None] | None = None) -> int:
    """Answer, once this evening, each parent who wrote since the working day ended; how many."""
    settings = all_settings(db)
    hours = off_hours(settings)
    now = moment or clock.now()
    evening = hours.evening(now) if hours else None
    if hours is None or evening is None:
        return 0
    day, begun = evening
    sent = 0
    answered: set[int] = set()
    for guardian_id, channel in db.execute(_WAITING, [begun.isoformat(timespec="seconds"),
                                                     now.isoformat(timespec="seconds"), day.isoformat()]).fetchall():
        if guardian_id in answered:
            continue
        answered.add(guardian_id)
        with db.atomic():  # at most once: the mark is committed before anything leaves
            db.execute("INSERT INTO inbox_auto_replies(guardian_id, evening) VALUES (?, ?)",
                       [guardian_id, day.isoformat()])
        try:
            answer = send_to_parent(db, guardian_id, channel, auto_reply_text(settings, hours),
                                    t("Auto-reply outside working hours"), moment=now, sleep=sleep)
        except OutreachError:
            continue  # the parent cannot be reached there: no second try this evening
        db.execute("UPDATE inbox_auto_replies SET message_id = ? WHERE guardian_id = ? AND evening = ?",
                   [answer.message_id, guardian_id, day.isoformat()])
        sent += answer.sent
    return sent
