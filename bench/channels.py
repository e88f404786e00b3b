"""`python -m bench.channels`: the coverage report over 100,000 guardians against a plain
`SELECT count(*)` over the guardians table, measured in the same run."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.run import Row, run_part
from bench.tui_case import fill

GUARDIANS = 100_000
REPEATS = 15


def vary(db_path: Path) -> None:
    """Consent for most, linked Telegram chats, own orders and opt-outs for some."""
    from outreach.store import db as storage

    db = storage.open_db(db_path)
    with db.atomic():
        db.execute("UPDATE guardians SET consent_given_at = '2026-09-01' WHERE id % 10 < 8")
        db.execute("UPDATE guardians SET consent_withdrawn_at = '2026-10-01' WHERE id % 50 = 0")
        db.execute("UPDATE guardians SET telegram = CAST(500000000 + id AS TEXT) WHERE id % 3 = 0")
        db.execute("UPDATE guardians SET max = phone WHERE id % 7 = 0")
        db.execute("INSERT INTO guardian_channels(guardian_id, channel, rank) SELECT id, 'email', 1"
                   " FROM guardians WHERE id % 20 = 0")
        db.execute("INSERT INTO guardian_channels(guardian_id, channel, rank) SELECT id, 'sms', 2"
                   " FROM guardians WHERE id % 20 = 0")
        db.execute("INSERT INTO guardian_channels(guardian_id, channel, opted_out) SELECT id, 'email', 1"
                   " FROM guardians WHERE id % 13 = 0 AND id % 20 <> 0")
    db.close()


def median_seconds(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_channels(work: Path, guardians: int = GUARDIANS) -> list[Row]:
    from outreach.channels.coverage import coverage
    from outreach.roster.guardians import Filter
    from outreach.store import db as storage

    path = work / "channels.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    fill(path, guardians)
    vary(path)
    db = storage.open_db(path)
    report = coverage(db)
    assert report["audience"] == guardians, report["audience"]
    ours = median_seconds(lambda: coverage(db))
    group = db.execute("SELECT name FROM groups ORDER BY id LIMIT 1").fetchone()[0]
    one_group = median_seconds(lambda: coverage(db, Filter(group=group)))
    baseline = median_seconds(lambda: db.execute("SELECT count(*) FROM guardians").fetchone())
    db.close()
    return [
        Row(f"coverage report over {guardians:,} guardians vs SELECT count(*), median of {REPEATS}",
            ours, baseline, "ms", "≤ 200 ms", ours <= 0.2),
        Row(f"  coverage report for one group ({group})", one_group, None, "ms"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.channels", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--guardians", type=int, default=GUARDIANS)
    args = parser.parse_args()
    run_part("channels", lambda work: bench_channels(work, args.guardians), args.markdown)


if __name__ == "__main__":
    main()
