"""A big file is parsed in a forked child while the import matches (importer._read_beside):
the same report and the same stored roster as parsing in-process, for every file of the
corpus and for refused rows; the child's errors reach the caller."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import time
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from bench.generate import write_roster
from outreach.common import forked
from outreach.common.errors import OutreachError
from outreach.roster.importing import importer
from outreach.store import db as storage

ROSTERS = Path(__file__).parent / "data" / "rosters"
CORPUS = sorted(p.name for p in ROSTERS.iterdir() if p.suffix in (".csv", ".xlsx", ".ods", ".xls"))
_TIME = re.compile(r"'\d{4}-\d\d-\d\dT[^']*'")


def imported(tmp_path: Path, source: Path, beside: bool, monkeypatch: pytest.MonkeyPatch,
             **options: object) -> tuple[dict[str, object] | str, list[str]]:
    """The report (or the refusal's sentence) and the stored rows, timestamps masked."""
    monkeypatch.setattr(importer, "PARALLEL_ROWS", 0 if beside else 10**9)
    monkeypatch.setattr(importer, "spare_core", lambda: True)  # however busy the machine is
    path = tmp_path / f"{source.stem}-{beside}.db"
    db = storage.open_db(path)
    try:
        report: dict[str, object] | str = asdict(importer.import_roster(db, source, **options))
    except OutreachError as error:
        report = str(error)
    db.close()
    conn = sqlite3.connect(path)
    rows = [_TIME.sub("T", line) for line in conn.iterdump() if "audit" not in line]
    conn.close()
    return report, rows


@pytest.mark.parametrize("name", CORPUS)
def test_a_file_parsed_beside_imports_as_parsed_here(name: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    here = imported(tmp_path, ROSTERS / name, False, monkeypatch)
    beside = imported(tmp_path, ROSTERS / name, True, monkeypatch)
    assert beside == here


def test_refused_and_skipped_rows_are_the_same_beside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_roster(tmp_path / "roster.csv", 300)
    lines = source.read_text(encoding="utf-8").splitlines()
    for number in (5, 77, 200):  # a phone no one can dial, on three rows
        cells = lines[number].split(",")
        cells[4] = "12-34"
        lines[number] = ",".join(cells)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for options in ({}, {"skip_invalid": True, "rejects": tmp_path / "rejects.csv"}):
        here = imported(tmp_path, source, False, monkeypatch, **options)
        rejects = (tmp_path / "rejects.csv").read_bytes() if options else b""
        beside = imported(tmp_path, source, True, monkeypatch, **options)
        assert beside == here
        assert len(here[0]["rejected"]) == 3
        assert not options or (tmp_path / "rejects.csv").read_bytes() == rejects
    assert here[0]["guardians"]["created"] == 297


def test_progress_is_reported_from_the_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_roster(tmp_path / "roster.csv", 9000)
    monkeypatch.setattr(importer, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(importer, "spare_core", lambda: True)
    seen: list[tuple[int, int]] = []
    importer.import_roster(storage.open_db(tmp_path / "p.db"), source, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (9000, 9000)
    assert 0 < seen[0][0] < 9000 and len(seen) >= 3
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_the_first_and_last_chunks_are_small_so_no_side_waits_long(tmp_path: Path) -> None:
    """Matching waits for the first chunk, and has the last one left when the parsing is
    over: those are FIRST_CHUNK_ROWS, the ones between double up to CHUNK_ROWS and halve
    again; every parsed row is handed on once, in order."""
    source = write_roster(tmp_path / "roster.csv", 20_000)
    prepared = importer.preview(source, None, None, None, None, None)
    reading = importer._Reading(20_000)
    chunks: list[list[int]] = []
    importer._read_sheets(prepared, None, date(2026, 12, 1), reading, None,
                          lambda rows: chunks.append([row.row for row in rows]))
    sizes = [len(chunk) for chunk in chunks]
    assert sizes[:4] == [500, 500, 1000, 2000] and max(sizes) == importer.CHUNK_ROWS
    assert sizes[-1] <= importer.FIRST_CHUNK_ROWS and sizes[-2] <= 2 * importer.FIRST_CHUNK_ROWS
    assert [n for chunk in chunks for n in chunk] == [row.row for row in reading.parsed]
    assert len(reading.parsed) == 20_000


def test_the_childs_error_is_raised_here_after_what_it_sent() -> None:
    def produce(send) -> None:
        send(1)
        send("two")
        raise OutreachError("Строка 7: телефон не распознан")

    got: list[object] = []
    with pytest.raises(OutreachError, match="Строка 7"):
        got.extend(forked.produced_beside(produce))
    assert got == [1, "two"]


def test_an_error_that_cannot_be_pickled_still_arrives() -> None:
    class Local(Exception):
        pass

    def produce(send) -> None:
        raise Local("broken")

    with pytest.raises(RuntimeError, match="Local: broken"):
        list(forked.produced_beside(produce))


def test_leaving_early_stops_the_child() -> None:
    def produce(send) -> None:
        send(os.getpid())
        while True:
            send("more")

    items = forked.produced_beside(produce)
    child = next(items)
    items.close()  # the consumer gives up (an error while matching)
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(child, 0)  # the pid it sent first


def test_a_large_item_arrives_before_the_child_sends_another(tmp_path: Path) -> None:
    """An item larger than the child's buffer (a chunk of a wide file) is not held back,
    its last bytes waiting for the next item: the child would wait for this process, and
    this process for the child, chunk after chunk."""
    received = tmp_path / "received"

    def produce(send) -> None:
        send(b"x" * (3 << 20))
        deadline = time.monotonic() + 5
        while not received.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        send(received.exists())

    items = forked.produced_beside(produce)
    assert len(next(items)) == 3 << 20  # type: ignore[arg-type]
    received.touch()
    assert next(items) is True  # it arrived while the child still had nothing more to send
    assert list(items) == []


def test_a_child_killed_midway_is_reported_not_taken_for_the_end() -> None:
    def produce(send) -> None:
        send("first")
        os.kill(os.getpid(), signal.SIGKILL)  # the system ends it (out of memory)

    got: list[object] = []
    with pytest.raises(forked.ChildDied):
        got.extend(forked.produced_beside(produce))
    assert got in ([], ["first"])  # what reached the pipe before the kill (it is buffered)


def test_an_import_whose_parsing_child_is_killed_writes_nothing_and_says_so(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.common.i18n import t
    from outreach.roster import guardians as roster

    source = write_roster(tmp_path / "roster.csv", 50)
    monkeypatch.setattr(importer, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(importer, "spare_core", lambda: True)
    monkeypatch.setattr(importer, "_read_sheets", lambda *_: os.kill(os.getpid(), signal.SIGKILL))
    db = storage.open_db(db_path)
    with pytest.raises(OutreachError) as refused:
        importer.import_roster(db, source)
    assert str(refused.value) == t("Reading the file stopped before its end: the system ended the process reading it (short of memory?). Nothing was imported; try again.")
    assert roster.list_guardians(db) == []



@pytest.mark.parametrize(("running", "load", "spare"), [
    (1, 1.2, True),  # only this process runs; the last minute was a benchmark's previous command
    (2, 0.3, False),  # another task runs right now: both cores are taken
    (1, 2.5, False),  # idle this instant, but the last minute kept every core busy
])
def test_a_core_is_spare_when_nothing_else_runs_now(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     running: int, load: float, spare: bool) -> None:
    stat = tmp_path / "stat"
    stat.write_bytes(b"cpu  1 2 3 4\nprocs_running %d\nprocs_blocked 0\n" % running)
    monkeypatch.setattr(forked, "PROC_STAT", str(stat))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert forked.spare_core() is spare


def test_without_the_running_count_the_last_minute_decides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "PROC_STAT", str(tmp_path / "absent"))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (1.2, 1.2, 1.2))
    assert forked.spare_core() is False
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 0.4, 0.4))
    assert forked.spare_core() is True
