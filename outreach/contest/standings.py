"""The standings: a pure function from the rules, the teams and their results to ranks.

Rules (the preset's, copied into each contest):
- theory: penalty = wrong answers × `wrong_points`; a DNF scores every answer wrong;
  time is only a tie-break;
- exercise: time in seconds plus fault penalties; a DNF (or skipped figure) scores the
  worst finisher's result in that exercise plus `dnf_extra` (just `dnf_extra` while nobody
  has finished); results of disqualified teams do not count as finishers;
- lowest total wins; ties are broken by the theory result (penalty, then time), then the
  first exercise, then the next; equal on all of them means the same rank (1, 1, 3);
- a team with a missing result is incomplete and ranked after every complete team (among
  themselves: more results entered first, then by total); a team without any result yet has
  no rank (before the start every team would be «1»); a disqualified team comes last, without
  a rank.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from outreach.common.i18n import N_, t

THEORY = "theory"
EXERCISE = "exercise"
KINDS = (THEORY, EXERCISE)
DRIVERS = ("student", "parent", "relay")
_DRIVER_NAMES = {"student": N_("student"), "parent": N_("parent"), "relay": N_("student and parent in turn")}
_KIND_NAMES = {"theory": N_("theory"), "exercise": N_("exercise")}
_STATE_NAMES = {"open": N_("open"), "finished": N_("finished")}


def driver_label(driver: str, lang: str | None = None) -> str:
    """Who drives an exercise (`relay`) in words (in the current language, or `lang`)."""
    return t(_DRIVER_NAMES[driver], lang=lang)


def kind_label(kind: str) -> str:
    return t(_KIND_NAMES[kind])


def state_label(status: str) -> str:
    """A contest's status (`open`, `finished`) in words."""
    return t(_STATE_NAMES[status])


@dataclass(frozen=True)
class EventRule:
    slug: str
    kind: str
    wrong_points: float = 10.0
    questions: int = 20
    dnf_extra: float = 30.0
    faults: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Result:
    time: float | None = None
    wrong: int | None = None
    faults: Mapping[str, int] = field(default_factory=dict)
    dnf: bool = False
    dsq: str | None = None


class EventScoreJson(TypedDict):
    score: float | None
    penalty: float
    time: float | None
    wrong: int | None
    faults: dict[str, int]
    dnf: bool
    dsq: str | None


@dataclass(slots=True)
class EventScore:
    score: float | None
    penalty: float
    time: float | None
    wrong: int | None
    faults: Mapping[str, int]
    dnf: bool
    dsq: str | None

    def as_dict(self) -> EventScoreJson:
        return {"score": self.score, "penalty": self.penalty, "time": self.time,
                "wrong": self.wrong, "faults": dict(self.faults), "dnf": self.dnf,
                "dsq": self.dsq}


@dataclass(slots=True)
class Standing:
    rank: int | None
    team_id: int
    total: float
    complete: bool
    disqualified: bool
    dsq_reason: str | None
    entered: int
    events: dict[str, EventScore | None]


def _round(value: float) -> float:
    return round(value + 0.0, 3)


def fault_penalty(faults: Mapping[str, int], points: Mapping[str, float]) -> float:
    return float(sum(points[code] * count for code, count in faults.items()))


@dataclass(frozen=True, slots=True)
class TieBreak:
    """One step of the preset's tie-break for one team: an event's points, or the theory's
    time (`time`); inf where the team has none."""

    slug: str
    time: bool
    value: float


def tie_breaks(rules: Sequence[EventRule], events: Mapping[str, EventScore | None]) -> list[TieBreak]:
    """A team's tie-break, step by step: each event's points in the rules' order, the theory's
    time right after its points."""
    steps = []
    for rule in rules:
        ev = events.get(rule.slug)
        steps.append(TieBreak(rule.slug, False, math.inf if ev is None or ev.score is None else ev.score))
        if rule.kind == THEORY:
            steps.append(TieBreak(rule.slug, True, math.inf if ev is None or ev.time is None else ev.time))
    return steps


def decided_by(rules: Sequence[EventRule], one: Standing,
               other: Standing) -> tuple[TieBreak, TieBreak] | None:
    """The first tie-break step that tells two teams apart (`one`'s and `other`'s), None when
    they are equal on every step (and share a rank when their totals are equal too)."""
    for mine, theirs in zip(tie_breaks(rules, one.events), tie_breaks(rules, other.events), strict=True):
        if mine.value != theirs.value:
            return mine, theirs
    return None


def compute_standings(rules: Sequence[EventRule], teams: Sequence[int],
                      results: Mapping[tuple[int, str], Result],
                      fault_points: Mapping[str, float]) -> list[Standing]:
    """Rank `teams` (ids) on `results` keyed by (team id, event slug)."""
    known = set(teams)
    disqualified: dict[int, str] = {}
    for (team, _slug), result in results.items():
        if result.dsq is not None and team not in disqualified and team in known:
            disqualified[team] = result.dsq

    by_event: dict[str, list[tuple[int, Result]]] = {rule.slug: [] for rule in rules}
    for (team, slug), result in results.items():
        if team in known and slug in by_event:
            by_event[slug].append((team, result))
    scores: dict[tuple[int, str], EventScore] = {}
    for rule in rules:
        entries = by_event[rule.slug]
        if rule.kind == THEORY:
            for team, res in entries:
                wrong = rule.questions if res.dnf else (res.wrong or 0)
                penalty = _round(wrong * rule.wrong_points)
                scores[(team, rule.slug)] = EventScore(
                    None if res.dsq is not None else penalty, penalty, res.time, res.wrong,
                    res.faults, res.dnf, res.dsq)
            continue
        finished: dict[int, float] = {}
        penalties: dict[int, float] = {}
        for team, res in entries:
            penalties[team] = _round(fault_penalty(res.faults, fault_points)) if res.faults else 0.0
            if not res.dnf and res.dsq is None and res.time is not None:
                finished[team] = _round(res.time + penalties[team])
        counted = [score for team, score in finished.items() if team not in disqualified]
        dnf_score = _round((max(counted) if counted else 0.0) + rule.dnf_extra)
        for team, res in entries:
            if res.dsq is not None:
                score: float | None = None
            elif team in finished:
                score = finished[team]
            else:
                score = dnf_score
            scores[(team, rule.slug)] = EventScore(score, penalties[team], res.time, res.wrong,
                                                  res.faults, res.dnf, res.dsq)

    rows: list[tuple[tuple[float, ...], Standing]] = []
    for index, team in enumerate(teams):
        events = {rule.slug: scores.get((team, rule.slug)) for rule in rules}
        entered = sum(1 for ev in events.values() if ev is not None)
        total = _round(sum(ev.score for ev in events.values() if ev is not None and ev.score is not None))
        complete = entered == len(rules)
        dsq = team in disqualified
        tier = 2 if dsq else (0 if complete else 1)
        if dsq:
            key: tuple[float, ...] = (tier, index)
        else:
            key = (tier, -entered if tier == 1 else 0, total,
                   *(tie.value for tie in tie_breaks(rules, events)))
        rows.append((key, Standing(None, team, total, complete, dsq, disqualified.get(team),
                                   entered, events)))
    rows.sort(key=lambda row: row[0])

    ranked: list[Standing] = []
    previous_key: tuple[float, ...] | None = None
    rank = 0
    for position, (key, standing) in enumerate(rows, start=1):
        if standing.disqualified or not standing.entered:  # no rank: out, or not started yet
            ranked.append(standing)
            continue
        if key != previous_key:
            rank = position
            previous_key = key
        ranked.append(Standing(rank, standing.team_id, standing.total, standing.complete,
                               False, None, standing.entered, standing.events))
    return ranked
