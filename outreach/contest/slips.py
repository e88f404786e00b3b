"""A time that reads like a slip of the comma: «523» typed for 52,3 s, or «5,23» for it."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from outreach.common.errors import OutreachError
from outreach.common.formats import show_decimal
from outreach.common.i18n import t

SLIP_FACTOR = 5  # this many times the others' usual time, or as small a part of it
MIN_OTHERS = 3  # times of other teams needed before one is called unusual


class UnusualTime(OutreachError):
    """A time far from the other teams' in the event: entered only when confirmed."""

    def __init__(self, time: float, usual: float, event: str) -> None:
        super().__init__(t("{time} s in {event} is far from the other teams' usual {usual} s: a slip of the comma? Check it.",
                           time=show_decimal(time), usual=show_decimal(usual), event=event))
        self.time = time
        self.usual = usual


def usual_time(time: float, others: Iterable[float]) -> float | None:
    """The other teams' median time when `time` is `SLIP_FACTOR` times it or that small a part
    of it (with at least `MIN_OTHERS` of them); None when `time` looks like theirs."""
    times = [other for other in others if other > 0]
    if len(times) < MIN_OTHERS:
        return None
    usual = statistics.median(times)
    return usual if time >= SLIP_FACTOR * usual or time * SLIP_FACTOR <= usual else None
