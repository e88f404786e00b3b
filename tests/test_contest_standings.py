"""The standings computation against hand-computed tables."""

from __future__ import annotations

import pytest

from outreach.contest.standings import EventRule, Result, compute_standings

RULES = [
    EventRule("theory", "theory", wrong_points=10, questions=20),
    EventRule("slalom", "exercise", dnf_extra=30, faults=("cone", "stall")),
    EventRule("garage", "exercise", dnf_extra=30, faults=("cone", "stall")),
]
POINTS = {"cone": 10, "stall": 5}


def table(standings):
    """(rank, team, total, complete, disqualified) rows, the way a referee writes them."""
    return [(s.rank, s.team_id, s.total, s.complete, s.disqualified) for s in standings]


def test_ties_broken_by_theory_then_theory_time_then_shared_rank():
    results = {
        # team 1: 1 wrong (10) in 600 s; slalom 40 + cone 10 = 50; garage 30     → 90
        (1, "theory"): Result(time=600, wrong=1), (1, "slalom"): Result(time=40, faults={"cone": 1}),
        (1, "garage"): Result(time=30),
        # team 2: 0 wrong in 700 s; slalom 45 + stall 5 = 50; garage 40           → 90, best theory
        (2, "theory"): Result(time=700, wrong=0), (2, "slalom"): Result(time=45, faults={"stall": 1}),
        (2, "garage"): Result(time=40),
        # team 3: like team 1 but the ticket in 500 s                              → 90
        (3, "theory"): Result(time=500, wrong=1), (3, "slalom"): Result(time=50),
        (3, "garage"): Result(time=30),
        # team 4: identical to team 3 on every tie-break                          → shares rank 2
        (4, "theory"): Result(time=500, wrong=1), (4, "slalom"): Result(time=50),
        (4, "garage"): Result(time=30),
    }
    assert table(compute_standings(RULES, [1, 2, 3, 4], results, POINTS)) == [
        (1, 2, 90, True, False),
        (2, 3, 90, True, False),
        (2, 4, 90, True, False),
        (4, 1, 90, True, False),
    ]


def test_equal_totals_and_theory_broken_by_the_first_exercise():
    results = {
        (1, "theory"): Result(time=600, wrong=2), (1, "slalom"): Result(time=55),
        (1, "garage"): Result(time=35),   # 20 + 55 + 35 = 110
        (2, "theory"): Result(time=600, wrong=2), (2, "slalom"): Result(time=50),
        (2, "garage"): Result(time=40),   # 20 + 50 + 40 = 110, better slalom
        (3, "theory"): Result(time=600, wrong=0), (3, "slalom"): Result(time=60),
        (3, "garage"): Result(time=60),   # 0 + 60 + 60 = 120
    }
    assert table(compute_standings(RULES, [1, 2, 3], results, POINTS)) == [
        (1, 2, 110, True, False), (2, 1, 110, True, False), (3, 3, 120, True, False)]


def test_dnf_scores_worst_finisher_plus_30_and_dsq_teams_do_not_count():
    results = {
        (1, "theory"): Result(wrong=0), (1, "slalom"): Result(time=40), (1, "garage"): Result(time=30),
        # slalom 55 + cone 10 = 65: the worst finisher
        (2, "theory"): Result(wrong=0), (2, "slalom"): Result(time=55, faults={"cone": 1}),
        (2, "garage"): Result(time=30),
        # slalom DNF → 65 + 30 = 95; garage skipped (DNF) → 30 + 30 = 60
        (3, "theory"): Result(wrong=0), (3, "slalom"): Result(dnf=True), (3, "garage"): Result(dnf=True),
        # disqualified for the seat belt in the garage: its slow slalom (100) is no finisher's
        (4, "theory"): Result(wrong=0), (4, "slalom"): Result(time=100),
        (4, "garage"): Result(time=20, dsq="seat belt"),
    }
    standings = compute_standings(RULES, [1, 2, 3, 4], results, POINTS)
    assert table(standings) == [
        (1, 1, 70, True, False),
        (2, 2, 95, True, False),
        (3, 3, 155, True, False),
        (None, 4, 100, True, True),
    ]
    assert standings[2].events["slalom"].score == 95
    assert standings[2].events["garage"].score == 60
    assert standings[3].dsq_reason == "seat belt"
    assert standings[3].events["garage"].score is None


def test_dnf_without_any_finisher_and_theory_dnf():
    rules = RULES[:2]
    results = {
        (1, "theory"): Result(dnf=True), (1, "slalom"): Result(dnf=True),   # 200 + 30
        (2, "theory"): Result(wrong=20, time=900), (2, "slalom"): Result(dnf=True),  # 200 + 30, time
    }
    standings = compute_standings(rules, [1, 2], results, POINTS)
    assert table(standings) == [(1, 2, 230, True, False), (2, 1, 230, True, False)]


def test_incomplete_teams_rank_after_complete_ones_more_results_first():
    results = {
        (1, "theory"): Result(wrong=5), (1, "slalom"): Result(time=80), (1, "garage"): Result(time=80),  # 210
        (2, "theory"): Result(wrong=0), (2, "slalom"): Result(time=30),                                   # 30, 2 of 3
        (3, "theory"): Result(wrong=0),                                                                   # 0, 1 of 3
        (4, "theory"): Result(wrong=1), (4, "slalom"): Result(time=25),                                   # 35, 2 of 3
    }
    standings = compute_standings(RULES, [1, 2, 3, 4], results, POINTS)
    assert table(standings) == [
        (1, 1, 210, True, False),
        (2, 2, 30, False, False),
        (3, 4, 35, False, False),
        (4, 3, 0, False, False),
    ]
    assert standings[1].events["garage"] is None


def test_disqualified_come_last_in_start_order_even_when_incomplete():
    results = {
        (1, "theory"): Result(wrong=0, dsq="dangerous driving"),
        (2, "theory"): Result(wrong=3), (2, "slalom"): Result(time=40), (2, "garage"): Result(time=40),
        (3, "slalom"): Result(time=10, dsq="seat belt"),
        (4, "theory"): Result(wrong=0),
    }
    assert table(compute_standings(RULES, [1, 2, 3, 4], results, POINTS)) == [
        (1, 2, 110, True, False),
        (2, 4, 0, False, False),
        (None, 1, 0, False, True),
        (None, 3, 0, False, True),
    ]


def test_team_without_results_and_empty_contest():
    assert compute_standings(RULES, [], {}, POINTS) == []
    (only,) = compute_standings(RULES, [7], {}, POINTS)
    assert (only.rank, only.total, only.complete, only.entered) == (None, 0, False, 0)


@pytest.mark.parametrize("time,faults,expected", [(41.5, {}, 41.5), (41.5, {"cone": 2, "stall": 1}, 66.5),
                                                  (0.0, {"stall": 1}, 5.0)])
def test_exercise_score_is_time_plus_penalties(time, faults, expected):
    (s,) = compute_standings(RULES[1:2], [1], {(1, "slalom"): Result(time=time, faults=faults)}, POINTS)
    assert s.events["slalom"].score == expected
    assert s.total == expected
