"""One roster-screen case, run in a fresh process so its peak RSS is its own.

`python -m bench.tui_case DB` starts the app headless at 120×40 and prints one JSON line:
seconds from creating the app until the roster table shows its first rows (and a frame was
rendered after that), and the process's peak RSS in MiB (VmHWM; see `peak_rss_mib`).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path

SIZE = (120, 40)
TIMEOUT = 60.0


def fill(db_path: Path, guardians: int) -> None:
    """A database with `guardians` guardians (and their children) by plain SQL inserts."""
    from bench.generate import rows
    from outreach.common import clock
    from outreach.common.names import name_key
    from outreach.store import db as storage
    from outreach.store import search

    db = storage.open_db(db_path)
    now = clock.now_iso()
    groups: dict[str, int] = {}
    students: dict[tuple[str, str], int] = {}
    guardian_rows, student_rows, links = [], [], []
    for gid, (child, group, parent, relation, _, email, _, _) in enumerate(rows(guardians), 1):
        group_id = groups.setdefault(group, len(groups) + 1)
        sid = students.get((child, group))
        if sid is None:
            sid = students[(child, group)] = len(students) + 1
            student_rows.append((sid, *child.split(), group_id, name_key(*child.split()), now, now))
        surname, name, patronymic = parent.split()
        phone = f"+79{gid:09d}"
        guardian_rows.append((gid, surname, name, patronymic, phone, email.lower() or None,
                              name_key(surname, name, patronymic), now, now))
        links.append((sid, gid, {"мать": "mother", "отец": "father"}[relation]))
    with db.atomic():
        db.conn.executemany("INSERT INTO groups(id, name) VALUES (?, ?)",
                            [(i, n) for n, i in groups.items()])
        db.conn.executemany(
            "INSERT INTO students(id, surname, name, patronymic, group_id, name_key, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", student_rows)
        db.conn.executemany(
            "INSERT INTO guardians(id, surname, name, patronymic, phone, email, name_key,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", guardian_rows)
        db.conn.executemany(
            "INSERT INTO student_guardians(student_id, guardian_id, relation) VALUES (?, ?, ?)",
            links)
        search.reindex(db)
    db.close()


async def first_paint(db_path: Path) -> tuple[float, int]:
    """Seconds until the roster table holds its first rows and a frame was drawn; its count."""
    from outreach_screens.app import make_app
    from outreach_screens.widgets.paged_table import PagedTable

    start = time.perf_counter()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        deadline = start + TIMEOUT
        while True:
            tables = app.screen.query("#roster-table").results(PagedTable)
            table = next(iter(tables), None)
            if table is not None and table.loaded_row_count and not table.is_loading:
                break
            if time.perf_counter() > deadline:
                raise TimeoutError("the roster table showed no rows")
            await pilot.pause(0.005)
        await pilot.pause()  # let the frame with the rows be rendered
        return time.perf_counter() - start, table.row_count


def peak_rss_mib() -> float:
    """This process's peak RSS. Linux keeps ru_maxrss across fork+exec, so a child of a big
    parent would report the parent's peak: prefer VmHWM, which starts afresh at exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    db_path = Path(sys.argv[1])
    elapsed, rows = asyncio.run(first_paint(db_path))
    print(json.dumps({"first_paint": elapsed, "max_rss_mib": peak_rss_mib(), "rows": rows,
                      "ru_maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
