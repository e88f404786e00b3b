"""Hostile input: a CSV whose data line is one long quoted field (issue 14 N).

`python -m bench.hostile` alone; for `python -m bench`, run.py can add it as a part:
`rows += bench_hostile(work)`.

Delimiter detection used to run csv.Sniffer over the first lines: quadratic on a long quoted
line (30 KB: 3 s, 90 KB: 25 s, 50 MB: unfinished after 300 s). It now looks at a 64 KiB
sample with the C csv reader. Each size is timed for detection alone and for the whole read
(`read_grids`: encoding, detection, strict parse), against the same file read by a plain
`csv.reader` pass in the same run (the least any reader must do). Target: detection ≤ 0.1 s
at every size, the whole read ≤ 3× the plain pass (or ≤ 20 ms: small files).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.run import Row, run_part

SIZES = (30_000, 90_000, 1_000_000, 10_000_000)
REPEATS = 3
DETECT_TARGET = 0.1
READ_TARGET = 3.0
READ_FLOOR = 0.02  # detection reads up to 64 KiB four times: a fixed few ms on small files


def long_quoted_csv(path: Path, size: int) -> Path:
    """A header, one data line whose quoted note is `size` characters, and a normal line."""
    note = ("x, y; z\t|" * (size // 9 + 1))[:size]
    path.write_text(f'ФИО ученика;Класс;Примечание\nИванов Иван;7А;"{note}"\nПетров Пётр;7Б;-\n',
                    encoding="utf-8")
    return path


def median_seconds(action: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def plain_pass(path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        for _ in csv.reader(handle, delimiter=";"):
            pass


def bench_hostile(work: Path) -> list[Row]:
    from outreach.common.tabular import detect_delimiter, read_grids

    read_grids(long_quoted_csv(work / "warm-up.csv", 10))  # module and codec loading, once
    rows: list[Row] = []
    for size in SIZES:
        path = long_quoted_csv(work / f"long_{size}.csv", size)
        text = path.read_text(encoding="utf-8")
        assert detect_delimiter(text) == ";" and len(read_grids(path)[0].rows) == 3
        detect = median_seconds(lambda text=text: detect_delimiter(text))
        rows.append(Row(f"delimiter detection, one {size:,}-character quoted line", detect, None,
                        "ms", f"≤ {DETECT_TARGET * 1000:.0f} ms", detect <= DETECT_TARGET))
        whole = median_seconds(lambda path=path: read_grids(path))
        plain = median_seconds(lambda path=path: plain_pass(path))
        rows.append(Row(f"  whole read vs a plain csv.reader pass ({size:,} characters)", whole, plain,
                        "s", f"≤ {READ_TARGET:.0f}× or ≤ {READ_FLOOR * 1000:.0f} ms",
                        whole <= max(READ_TARGET * plain, READ_FLOOR)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    run_part("hostile", bench_hostile, args.markdown)


if __name__ == "__main__":
    main()
