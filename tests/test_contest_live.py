"""Two processes, one file: a CLI script writes a result, the open board notices within a second."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from outreach.contest import store
from outreach.contest.board import load_board
from outreach.roster import guardians as roster
from outreach.store.watch import ChangeWatcher

ROOT = Path(__file__).resolve().parent.parent
POLL = 0.05


def test_board_sees_a_result_written_by_another_process(db, db_path):
    cid = store.new_contest(db, "Моя автомобильная семья 2026")
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна"})
    sid = roster.add_student(db, "Петров", "Иван", "", "10А", [(gid, "мать")])
    store.add_team(db, cid, sid, [gid])

    watcher = ChangeWatcher(db_path)          # the board's own connection
    board = load_board(watcher.db, cid)
    assert board.rows[0].standing.entered == 0
    assert not watcher.changed()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "outreach", "--db", str(db_path), "contest", "score", str(cid), "1",
         "slalom", "--time", "41.5", "--fault", "cone"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen_at = exited_at = None
    deadline = time.monotonic() + 30
    while seen_at is None and time.monotonic() < deadline:
        if exited_at is None and proc.poll() is not None:
            exited_at = time.monotonic()
        if watcher.changed() and load_board(watcher.db, cid).rows[0].standing.entered:
            seen_at = time.monotonic()
        elif exited_at is not None:
            assert time.monotonic() - exited_at < 1.0, "the write was not seen within a second"
        time.sleep(POLL)
    board = load_board(watcher.db, cid)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert seen_at is not None
    assert board.rows[0].standing.events["slalom"].score == 51.5
    assert not watcher.changed()  # nothing new since
    watcher.close()


def test_watcher_ignores_reads_and_sees_commits_of_other_connections(db, db_path):
    watcher = ChangeWatcher(db_path)
    store.list_contests(db)
    assert not watcher.changed()
    store.new_contest(db, "X")
    assert watcher.changed()
    assert not watcher.changed()
    watcher.close()
