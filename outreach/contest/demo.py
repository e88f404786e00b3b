"""Demo contests: last year's, finished, and this year's with partial results."""

from __future__ import annotations

import random
from typing import TypedDict

import sqlite_utils

from outreach.contest import store


def _families(db: sqlite_utils.Database) -> list[tuple[int, list[int]]]:
    """Students of the senior groups (the driver candidates) with their guardians."""
    rows = db.execute(
        "SELECT s.id, group_concat(sg.guardian_id) FROM students s"
        " JOIN student_guardians sg ON sg.student_id = s.id"
        " GROUP BY s.id ORDER BY s.id").fetchall()
    return [(sid, [int(g) for g in gids.split(",")][:2]) for sid, gids in rows]


class _Result(TypedDict, total=False):
    """`store.score`'s keyword arguments for one made-up result."""

    time: float
    wrong: int
    faults_: dict[str, int]


def _result(rng: random.Random, event: store.Event) -> _Result:
    if event.kind == "theory":
        return _Result(wrong=rng.choice((0, 0, 1, 1, 2, 3)), time=round(rng.uniform(420, 1100)))
    faults = {}
    if rng.random() < 0.35:
        faults[rng.choice(event.faults)] = rng.choice((1, 1, 2))
    return _Result(time=round(rng.uniform(28, 75), 1), faults_=faults)


def fill_demo_contests(db: sqlite_utils.Database) -> None:
    rng = random.Random(2026)
    families = _families(db)
    if len(families) < 6:
        return
    past = store.new_contest(db, "Моя автомобильная семья 2025", day="2025-05-17",
                             place="Учебная площадка автошколы")
    for sid, gids in families[:6]:
        store.add_team(db, past, sid, gids[:1])
    for event in store.events(db, past):
        for number in range(1, 7):
            store.score(db, past, number, event.slug, **_result(rng, event))
    store.set_status(db, past, store.FINISHED)

    current = store.new_contest(db, "Моя автомобильная семья 2026", day="2026-05-16",
                                place="Учебная площадка автошколы")
    teams = families[6:16]
    for sid, gids in teams:
        store.add_team(db, current, sid, gids)
    events = store.events(db, current)
    done = {0: len(teams), 1: len(teams), 2: 7, 3: 4}
    for index, count in done.items():
        for number in range(1, count + 1):
            store.score(db, current, number, events[index].slug, **_result(rng, events[index]))
    store.score(db, current, 3, events[2].slug, dnf=True)
    store.score(db, current, 5, events[1].slug, dsq="не пристёгнут ремень безопасности")
