"""Entries that read like slips: a time off by a comma («523» typed for 52,3 s, or «5,23» for
it), a start number mistyped onto a team that already has its result."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from outreach.common.errors import OutreachError
from outreach.common.formats import show_decimal
from outreach.common.i18n import pt, t
from outreach.contest.fault_names import fault_word
from outreach.contest.standings import Result

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


class ResultExists(OutreachError):
    """A team's result in an event entered again: replaced only when confirmed."""

    def __init__(self, number: int, event: str, kept: Result) -> None:
        super().__init__(t("Team №{number} already has a result in {event}: {result}.",
                           number=number, event=event, result=result_words(kept)))
        self.kept = kept


def result_words(result: Result) -> str:
    """A result as it was entered: «52,3 s, cone × 2», «3 wrong», «DNF», «DSQ: seat belt»."""
    if result.dsq is not None:
        return t("DSQ: {reason}", reason=result.dsq)
    parts = [pt("contest.tui.form.dnf", "DNF")] if result.dnf else []
    if result.wrong is not None:
        parts.append(t("{n} wrong", n=result.wrong))
    if result.time is not None:
        parts.append(t("{time} s", time=show_decimal(result.time)))
    parts += [f"{fault_word(code)} × {n}" for code, n in sorted(result.faults.items())]
    return ", ".join(parts)
