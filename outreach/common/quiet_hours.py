"""Quiet hours: windows like 21:00-08:00 (crossing midnight) or `off`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

OFF_WORDS = ("off", "нет")
"""What switches the window off: the stored word, and the Russian one a teacher types."""
_TIME = r"([01]?\d|2[0-3])(?:[:.]([0-5]\d))?"  # «21:30», «21.30», «21», «7»
# as typed, spaces dropped: «21:00-08:00», «21-8», «с 22 до 7», «from 22 to 7», «21.30–8.00»
_WINDOW = re.compile(rf"^(?:с|from)?{_TIME}(?:-|до|по|to){_TIME}$")
_STRICT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
LONGEST_SHORTHAND = timedelta(hours=14)  # «9-7» is 22 hours: meant 21-7? Only HH:MM-HH:MM says so
DAY_LONG = timedelta(hours=8)
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", " ": None, "\u00a0": None})


@dataclass(frozen=True)
class QuietHours:
    """A daily window [start, end) in local time; `None` start means off."""

    start: time | None = None
    end: time | None = None

    @classmethod
    def parse(cls, text: str) -> "QuietHours":
        """`21:00-08:00` or `off` (`нет`), also as people type it («21-8», «с 22 до 7»,
        «21.30–8.00») when that is not over 14 hours («9-7» may mean 21-7: refused); raises
        ValueError otherwise."""
        value = text.strip().lower().translate(_DASHES)
        if value in OFF_WORDS:
            return cls()
        match = _WINDOW.match(value)
        if not match:
            raise ValueError(text)
        h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
        window = cls(time(h1, m1), time(h2, m2))
        if not _STRICT.match(value) and window.length() > LONGEST_SHORTHAND:
            raise ValueError(text)
        return window

    def length(self) -> timedelta:
        """How long the window lasts (crossing midnight when it ends before it starts)."""
        if self.start is None or self.end is None:
            return timedelta()
        minutes = (self.end.hour * 60 + self.end.minute - self.start.hour * 60 - self.start.minute) % (24 * 60)
        return timedelta(minutes=minutes)

    def __str__(self) -> str:
        if self.start is None or self.end is None:
            return "off"
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    @property
    def off(self) -> bool:
        return self.start is None or self.start == self.end

    def covers_the_day(self) -> bool:
        """Noon inside a window of 8 hours or more («08:00-21:00»): the hours to write in, typed
        where the hours not to write belong."""
        return (self.start is not None and self.end is not None and self.start < time(12) < self.end
                and self.length() >= DAY_LONG)

    def contains(self, moment: datetime) -> bool:
        """Whether `moment` (local wall time) falls inside the window; the end is not."""
        if self.off:
            return False
        now = moment.time().replace(tzinfo=None)
        assert self.start is not None and self.end is not None
        if self.start < self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end

    def ends_after(self, moment: datetime) -> datetime:
        """When a message due at `moment` may go: the window's end, or `moment` itself."""
        if not self.contains(moment):
            return moment
        assert self.end is not None
        candidate = moment.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return candidate if candidate > moment else candidate + timedelta(days=1)
