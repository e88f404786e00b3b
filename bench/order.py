"""`python -m bench.order`: pages of the roster and students lists in Russian order (the `RU`
collation) over 100,000 guardians, against the same pages in the order before it (`name_key`
and id only, ё tied with е), measured in the same run."""

from __future__ import annotations

import argparse
from pathlib import Path

from bench.channels import median_seconds
from bench.run import PAGE, Row, run_part
from bench.tui_case import fill

GUARDIANS = 100_000

# The lists' queries before the collation (for the students, their main cost: the page's ids)
_STUDENTS_BEFORE = ("SELECT s.id FROM students s LEFT JOIN groups gr ON gr.id = s.group_id"
                    " ORDER BY gr.name, s.name_key, s.id LIMIT ? OFFSET ?")


def bench_order(work: Path, guardians: int = GUARDIANS) -> list[Row]:
    from outreach.roster.guardians import _COLUMNS, _guardian, count_guardians, list_guardians
    from outreach.roster.students import count_students, list_students
    from outreach.store import db as storage

    path = work / "order.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    fill(path, guardians)
    db = storage.open_db(path)
    guardians_before = f"{_COLUMNS} FROM guardians g ORDER BY g.name_key, g.id LIMIT ? OFFSET ?"
    rows = []
    for what, total, listed, before, build in (
            ("guardians", count_guardians(db), list_guardians, guardians_before, _guardian),
            ("students", count_students(db), list_students, _STUDENTS_BEFORE, tuple)):
        for where, offset in (("first", 0), ("middle", total // 2)):
            ours = median_seconds(lambda: listed(db, limit=PAGE, offset=offset))  # noqa: B023 - run at once
            old = median_seconds(lambda: [build(r) for r in db.execute(before, [PAGE, offset])])  # noqa: B023
            rows.append(Row(f"{what} list, {where} page of {PAGE} ({total:,} in all) vs name_key order",
                            ours, old, "ms"))
    db.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.order", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--guardians", type=int, default=GUARDIANS)
    args = parser.parse_args()
    run_part("order", lambda work: bench_order(work, args.guardians), args.markdown)


if __name__ == "__main__":
    main()
