"""Scoreboard figures: standings for 500 teams × 8 events, and the board's refresh latency.

`python -m bench.contest` alone, or as part of `python -m bench`.

- standings: `compute_standings` on 500 teams × 8 events (4,000 results, DNFs, faults, a few
  DSQs and missing results) against the least any ranking must do in the same run — sum
  each team's times and sort (no DNF rule, no tie-breaks); and the whole board as the
  screen reloads it (read from SQLite + rank) against a `GROUP BY … ORDER BY` in SQL.
- refresh latency: another process commits results at random moments; the board polls
  `PRAGMA data_version` every `POLL_SECONDS` (as the Scoreboard screen does), reloads and
  re-ranks; latency = commit → new standings in hand (CLOCK_MONOTONIC is shared by processes).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.run import ROOT, Row, run_part

TEAMS, EVENTS = 500, 8
REPEATS = 30
WRITES = 40

_WRITER = """
import random, sys, time
from outreach import db as storage
from outreach.contest import store
db = storage.connect(sys.argv[1]); cid = int(sys.argv[2]); rng = random.Random(5)
for i in range(int(sys.argv[3])):
    time.sleep(rng.uniform(0.05, 0.25))
    store.score(db, cid, rng.randint(1, %d), "ex1", time=round(rng.uniform(30, 90), 1))
    print(time.monotonic(), flush=True)
""" % TEAMS


def synthetic(seed: int = 1):
    """Rules, team ids and results of a big contest, in memory."""
    from outreach.contest.standings import EventRule, Result

    rng = random.Random(seed)
    rules = [EventRule("theory", "theory")] + [
        EventRule(f"ex{i}", "exercise", faults=("cone", "not_entered", "stop_line", "stall"))
        for i in range(1, EVENTS)]
    teams = list(range(1, TEAMS + 1))
    results = {}
    for team in teams:
        for rule in rules:
            roll = rng.random()
            if roll < 0.01:
                continue  # not yet entered
            if rule.kind == "theory":
                results[(team, rule.slug)] = Result(time=rng.uniform(300, 1200), wrong=rng.randint(0, 6))
            elif roll < 0.04:
                results[(team, rule.slug)] = Result(dnf=True)
            elif roll < 0.045:
                results[(team, rule.slug)] = Result(time=50, dsq="seat belt")
            else:
                faults = {rng.choice(rule.faults): rng.randint(1, 2)} if rng.random() < 0.3 else {}
                results[(team, rule.slug)] = Result(time=round(rng.uniform(25, 90), 1), faults=faults)
    points = {"cone": 10, "not_entered": 20, "stop_line": 10, "stall": 5}
    return rules, teams, results, points


def best_of(fn, repeats: int = REPEATS) -> tuple[float, float]:
    """(median, best) seconds of `repeats` calls."""
    spent = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        spent.append(time.perf_counter() - start)
    return statistics.median(spent), min(spent)


def bench_standings() -> list[Row]:
    from outreach.contest.standings import compute_standings

    rules, teams, results, points = synthetic()

    def ours() -> None:
        compute_standings(rules, teams, results, points)

    def floor() -> None:
        totals: dict[int, float] = {}
        for (team, _slug), res in results.items():
            totals[team] = totals.get(team, 0.0) + (res.time or 0.0)
        sorted(totals.items(), key=lambda item: item[1])

    median, _ = best_of(ours)
    base, _ = best_of(floor)
    row = Row(f"standings {TEAMS} teams × {EVENTS} events (compute) vs sum-and-sort", median, base,
              "ms", "≤ 20 ms", median <= 0.020)
    return [row]


def fill_db(path: Path) -> int:
    """A contest of TEAMS teams × EVENTS events in a fresh database; returns its id."""
    from outreach.common import clock
    from outreach.store import db as storage
    rules, teams, results, _ = synthetic()
    db = storage.open_db(path)
    now = clock.now_iso()
    with db.atomic():
        cid = int(db.execute("INSERT INTO contests(title, preset, created_at) VALUES ('bench', 'family', ?)",
                             [now]).lastrowid)
        db.conn.executemany("INSERT INTO contest_faults VALUES (?, ?, ?, ?, ?)",
                            [(cid, c, p, c, c) for c, p in (("cone", 10), ("not_entered", 20),
                                                             ("stop_line", 10), ("stall", 5))])
        ids = {}
        for pos, rule in enumerate(rules, start=1):
            ids[rule.slug] = int(db.execute(
                "INSERT INTO contest_events(contest_id, position, slug, kind, name_ru, name_en, driver,"
                " faults) VALUES (?, ?, ?, ?, ?, ?, 'student', ?)",
                [cid, pos, rule.slug, rule.kind, rule.slug, rule.slug, ",".join(rule.faults)]).lastrowid)
        db.conn.executemany("INSERT INTO contest_teams(id, contest_id, number, name, created_at)"
                            " VALUES (?, ?, ?, ?, ?)", [(tm, cid, tm, f"T{tm}", now) for tm in teams])
        db.conn.executemany(
            "INSERT INTO contest_results VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(team, ids[slug], r.time, r.wrong, json.dumps(dict(r.faults)), int(r.dnf), r.dsq, now)
             for (team, slug), r in results.items()])
    db.close()
    return cid


def bench_board(path: Path, cid: int) -> list[Row]:
    from outreach.contest.board import load_board
    from outreach.store import db as storage

    db = storage.connect(path)
    load_board(db, cid)
    median, _ = best_of(lambda: load_board(db, cid))
    sql = ("SELECT r.team_id, sum(coalesce(r.time, 0)) AS total FROM contest_results r"
           " JOIN contest_events e ON e.id = r.event_id WHERE e.contest_id = ?"
           " GROUP BY r.team_id ORDER BY total")
    base, _ = best_of(lambda: db.execute(sql, [cid]).fetchall())
    db.close()
    row = Row(f"board reload {TEAMS} × {EVENTS} (read + rank) vs SQL GROUP BY", median, base, "ms",
              "≤ 20 ms", median <= 0.020)
    return [row]


def bench_latency(path: Path, cid: int) -> list[Row]:
    from outreach.contest.board import load_board
    from outreach.store.watch import POLL_SECONDS, ChangeWatcher

    watcher = ChangeWatcher(path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(cid), str(WRITES)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    seen: list[float] = []
    while True:
        done = writer.poll() is not None
        if watcher.changed():
            load_board(watcher.db, cid)
            seen.append(time.monotonic())
        if done:
            break
        time.sleep(POLL_SECONDS)
    commits = [float(line) for line in writer.stdout.read().split()]  # type: ignore[union-attr]
    watcher.close()
    latencies = []
    for commit in commits:
        after = [s for s in seen if s >= commit]
        if after:
            latencies.append(after[0] - commit)
    median = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    return [Row(f"board refresh after another process's write, median of {len(latencies)}"
                f" (poll {POLL_SECONDS * 1000:.0f} ms)", median, None, "ms", "≤ 1 s", median <= 1.0),
            Row("  board refresh, 95th percentile", p95, None, "ms", "≤ 1 s", p95 <= 1.0)]


def bench_contest(work: Path) -> list[Row]:
    path = work / "contest.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    cid = fill_db(path)
    return bench_standings() + bench_board(path, cid) + bench_latency(path, cid)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.contest", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    run_part("contest", bench_contest, args.markdown)


if __name__ == "__main__":
    main()
