"""The scoreboard: a contest's standings joined with its teams, ready for any face."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import TypedDict

import sqlite_utils

from outreach.contest import store
from outreach.contest.standings import EventScoreJson, Result, Standing, compute_standings


class BoardRowJson(TypedDict):
    """A row of `contest board --json`'s standings."""

    rank: int | None
    team_id: int
    number: int
    name: str
    people: str
    total: float
    complete: bool
    disqualified: bool
    dsq_reason: str | None
    entered: int
    events: dict[str, EventScoreJson | None]


class BoardJson(TypedDict):
    contest: dict[str, object]  # the contest's fields and its events
    standings: list[BoardRowJson]


@dataclass(frozen=True)
class BoardRow:
    standing: Standing
    team: store.Team

    @property
    def rank(self) -> int | None:
        return self.standing.rank

    def as_dict(self) -> BoardRowJson:
        s = self.standing
        return {"rank": s.rank, "team_id": s.team_id, "number": self.team.number,
                "name": self.team.name, "people": self.team.people, "total": s.total,
                "complete": s.complete, "disqualified": s.disqualified, "dsq_reason": s.dsq_reason,
                "entered": s.entered,
                "events": {slug: ev.as_dict() if ev else None for slug, ev in s.events.items()}}


@dataclass(frozen=True)
class Board:
    contest: store.Contest
    events: list[store.Event]
    faults: list[store.Fault]
    rows: list[BoardRow]
    results: dict[tuple[int, str], Result] = field(default_factory=dict)

    def row_for(self, number: int) -> BoardRow | None:
        return next((r for r in self.rows if r.team.number == number), None)

    def as_dict(self) -> BoardJson:
        return {"contest": {**asdict(self.contest),
                            "events": [e.as_dict() for e in self.events]},
                "standings": [r.as_dict() for r in self.rows]}


@contextmanager
def snapshot(db: sqlite_utils.Database) -> Iterator[None]:
    """One consistent read (a deferred transaction), unless one is already open."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        db.conn.execute("COMMIT")


def load_board(db: sqlite_utils.Database, contest_id: int) -> Board:
    """Read the contest in one read transaction and rank it."""
    with snapshot(db):
        contest = store.get_contest(db, contest_id)
        events = store.events(db, contest_id)
        faults = store.faults(db, contest_id)
        teams = store.teams(db, contest_id)
        results = store.results(db, contest_id)
    standings = compute_standings([e.rule() for e in events], [tm.id for tm in teams], results,
                                  {f.code: f.points for f in faults})
    by_id = {tm.id: tm for tm in teams}
    return Board(contest, events, faults, [BoardRow(s, by_id[s.team_id]) for s in standings],
                 results)


def preview(board: Board, number: int, slug: str, result: Result) -> Standing | None:
    """The team's standing if `result` were entered now (nothing is written)."""
    row = board.row_for(number)
    if row is None or slug not in {e.slug for e in board.events}:
        return None
    results = {**board.results, (row.team.id, slug): result}
    standings = compute_standings([e.rule() for e in board.events], [r.team.id for r in
                                  sorted(board.rows, key=lambda r: r.team.number)], results,
                                  {f.code: f.points for f in board.faults})
    return next(s for s in standings if s.team_id == row.team.id)
