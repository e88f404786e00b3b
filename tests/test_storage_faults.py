"""Faults around the storage: kill -9 during forget and migration, readers holding the file,
processes opening a new file at once, concurrent edits, private file modes."""

from __future__ import annotations

import gc
import json
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from outreach import surveys
from outreach.common.names import name_key
from outreach.erasure.forget import forget_family
from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster
from outreach.store import db as storage
from outreach.store.schema import SCHEMA_VERSION
from tests.messages_support import parents

DATA = Path(__file__).parent / "data"
SECRETS = ("Семёнов".encode(), "семенов".encode(), "Алёна".encode(), b"alena.semenova",
           b"9223334455", "Артём".encode(), "Ксения".encode())


def outreach(*args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "outreach", *args], env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def kill_at(point: str, tmp_path: Path, *args: str, program: str | None = None) -> None:
    """Run `outreach ARGS` (or `python -c PROGRAM ARGS`) until it reaches the pause point
    `point`, then kill -9 it."""
    flag = tmp_path / f"at-{point}"
    env = {**os.environ, "OUTREACH_PAUSE_AT": point, "OUTREACH_PAUSE_FILE": str(flag)}
    proc = (outreach(*args, env=env) if program is None else subprocess.Popen(
        [sys.executable, "-c", program, *args], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 120
    while not flag.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"never reached {point}"
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    flag.unlink()


def raw_bytes(*paths: Path) -> bytes:
    gc.collect()
    data = b""
    for path in paths:
        for name in (str(path), f"{path}-wal", f"{path}-journal"):
            if os.path.exists(name):
                data += Path(name).read_bytes()
    return data


# The next release: one more migration (run in-process, or by a subprocess as its program).
NEXT_RELEASE = ("import outreach.store.db as d; d.MIGRATIONS = {**d.MIGRATIONS, d.SCHEMA_VERSION + 1: lambda db: None};"
                " d.SCHEMA_VERSION += 1; from outreach.cli.main import run; run()")


@contextmanager
def next_release() -> Iterator[None]:
    """This process as the next release (a database it migrated is refused by this one)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storage, "MIGRATIONS", {**storage.MIGRATIONS, SCHEMA_VERSION + 1: lambda db: None})
        patch.setattr(storage, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
        yield


def open_as_next_release(db_path: Path) -> None:
    with next_release():
        storage.open_db(db_path).close()


def school_with_backup(db_path: Path) -> tuple[int, Path]:
    """The school roster, and a real migration backup of it (made by opening the file as the
    next release). Returns the Семёнов child's id and the backup."""
    db = storage.open_db(db_path)
    try:
        import_roster(db, DATA / "school_cp1251.csv")
        child = roster.list_guardians(db, roster.Filter(text="семенова"))[0].students[0].id
    finally:
        db.close()
    open_as_next_release(db_path)
    (backup,) = (db_path.parent / "backups").glob(f"{db_path.stem}-v{SCHEMA_VERSION}-*.db")
    with closing(sqlite3.connect(db_path)) as conn:  # its step changed nothing: this release's file again
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    return child, backup


def assert_erased_everywhere(db_path: Path, backup: Path) -> None:
    folder = backup.parent
    assert sorted(p.name for p in folder.iterdir()) == [backup.name]  # no .scrub, no temp files
    data = raw_bytes(db_path, backup)
    for secret in SECRETS:
        assert secret not in data, secret
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM guardians").fetchone() == (4,)
    finally:
        conn.close()
    db = storage.open_db(db_path)
    try:
        assert db.execute("SELECT count(*) FROM erasure_journal WHERE done_at IS NULL").fetchone() == (0,)
        for (salt, guardians) in db.execute("SELECT salt, guardians FROM erasure_journal"):
            assert salt == "" and all(len(g) == 1 for g in json.loads(guardians))  # ids only
    finally:
        db.close()


@pytest.mark.parametrize("point", ["forget.committed", "forget.folders", "scrub.copied"])
def test_a_forget_killed_midway_is_finished_by_the_next_start(point: str, db_path: Path,
                                                              tmp_path: Path, cli) -> None:
    child, backup = school_with_backup(db_path)
    kill_at(point, tmp_path, "--db", str(db_path), "roster", "forget", "--student", str(child), "--yes")
    assert any(secret in backup.read_bytes() for secret in SECRETS)  # not finished yet
    db = storage.connect(db_path)
    try:
        assert db.execute("SELECT count(*) FROM students WHERE id = ?", [child]).fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM erasure_journal WHERE done_at IS NULL").fetchone() == (1,)
    finally:
        db.close()
    result = cli("roster", "list")  # any start finishes it
    assert result.exit_code == 0, result.output
    assert_erased_everywhere(db_path, backup)


def test_forgetting_again_after_a_kill_finishes_and_reports_the_erasure(db_path: Path,
                                                                         tmp_path: Path, cli) -> None:
    child, backup = school_with_backup(db_path)
    kill_at("forget.committed", tmp_path, "--db", str(db_path), "roster", "forget",
            "--student", str(child), "--yes")
    result = cli("roster", "forget", "--student", str(child))  # no question: nothing left to ask
    assert result.exit_code == 0, result.output
    assert "Erased: guardians 1, students 2. Also erased from backups: 1" in result.stdout
    assert_erased_everywhere(db_path, backup)
    assert cli("roster", "forget", "--student", "999", "--yes").exit_code == 1


def test_a_migration_killed_while_backing_up_leaves_no_file_named_like_a_backup(
        db_path: Path, tmp_path: Path, cli) -> None:
    storage.open_db(db_path).close()
    db = storage.open_db(db_path)
    import_roster(db, DATA / "school_cp1251.csv")
    db.close()
    kill_at("backup.copied", tmp_path, "--db", str(db_path), "settings", "show", program=NEXT_RELEASE)
    folder = db_path.parent / "backups"
    assert list(folder.glob(f"{db_path.stem}-v*-*.db")) == []
    assert [p.name.startswith(".") for p in folder.iterdir()] == [True]  # only the unfinished copy
    assert rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    open_as_next_release(db_path)
    with next_release():
        assert cli("settings", "show").exit_code == 0  # any start removes the leftover
    (backup,) = folder.iterdir()
    assert backup.name.startswith(f"{db_path.stem}-v{SCHEMA_VERSION}-")
    assert rows(backup, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION + 1,)]


def test_a_migration_killed_before_its_commit_leaves_the_old_schema_whole(
        db_path: Path, tmp_path: Path, cli) -> None:
    db = storage.open_db(db_path)
    import_roster(db, DATA / "school_cp1251.csv")
    guardians = db.execute("SELECT count(*) FROM guardians").fetchone()[0]
    db.close()
    kill_at("migrate.applied", tmp_path, "--db", str(db_path), "settings", "show", program=NEXT_RELEASE)
    assert rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]  # the steps rolled back
    (backup,) = (db_path.parent / "backups").glob(f"{db_path.stem}-v{SCHEMA_VERSION}-*.db")
    assert rows(backup, "PRAGMA integrity_check") == [("ok",)]
    open_as_next_release(db_path)  # the next start migrates again, from the start
    assert rows(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION + 1,)]
    assert rows(db_path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db_path, "SELECT count(*) FROM guardians") == [(guardians,)]


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@contextmanager
def reader_holding(db_path: Path) -> Iterator[subprocess.Popen]:
    """Another process in the middle of a read (an open read transaction)."""
    code = ("import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); c.execute('BEGIN');"
            " c.execute('SELECT count(*) FROM guardians').fetchone(); print('ready', flush=True);"
            " time.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_forget_says_who_holds_the_file_instead_of_erased_then_the_next_start_finishes(
        db_path: Path, cli) -> None:
    child, backup = school_with_backup(db_path)
    with reader_holding(db_path) as reader:
        result = cli("roster", "forget", "--student", str(child), "--yes")
        assert result.exit_code == 0, result.output
        assert "Erased" not in result.output
        assert f"(pid {reader.pid})" in result.stderr and "still holds their data" in result.stderr
    assert cli("roster", "list").exit_code == 0
    assert_erased_everywhere(db_path, backup)


def test_forget_erases_free_text_a_survey_import_made_an_option(db, db_path: Path,
                                                                tmp_path: Path) -> None:
    import_roster(db, DATA / "school_cp1251.csv")
    export = tmp_path / "answers.csv"
    export.write_text(
        "Отметка времени,Адрес электронной почты,Как с вами связаться?\n"
        "05.09.2026 19:42:11,alena.semenova@yandex.ru,звоните +7 922 333-44-55 после 18\n"
        "05.09.2026 19:43:11,svetlana.ivanova@mail.ru,Telegram\n"
        "05.09.2026 19:44:11,someone@example.org,Telegram\n"
        "05.09.2026 19:45:11,other@example.org,e-mail\n", encoding="utf-8")
    survey = surveys.import_responses(db, export, new_title="Связь", match="email")["survey"]
    labels = {label for (label,) in db.execute("SELECT label FROM survey_options")}
    assert "звоните +7 922 333-44-55 после 18" in labels  # the import made it a choice
    open_as_next_release(db_path)
    (backup,) = (db_path.parent / "backups").iterdir()
    assert b"333-44-55" in backup.read_bytes()
    gid = roster.list_guardians(db, roster.Filter(text="семенова"))[0].id
    assert forget_family(db, guardian_id=gid)["backups"] == 1
    assert b"333-44-55" not in backup.read_bytes() and b"alena" not in backup.read_bytes()
    assert rows(backup, "SELECT label FROM survey_options ORDER BY label") == [("Telegram",), ("e-mail",)]
    labels = {label for (label,) in db.execute("SELECT label FROM survey_options")}
    assert labels == {"Telegram", "e-mail"}
    assert surveys.results(db, survey)["responses"] == 3
    assert b"333-44-55" not in raw_bytes(db_path)


def test_several_processes_opening_a_new_file_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    start = time.time() + 3  # all wait for the same moment after starting up
    code = ("import sys, time; from outreach.store import db; time.sleep(max(0, float(sys.argv[2]) - time.time()));"
            " db.open_db(sys.argv[1]).close()")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path), str(start)],
                              stderr=subprocess.PIPE, text=True) for _ in range(8)]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errors
    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(path, "PRAGMA integrity_check") == [("ok",)]
    assert not (tmp_path / "backups").exists()


def test_concurrent_edits_of_one_guardian_keep_the_matching_key_right(db, db_path: Path) -> None:
    """Three editors change one field each at the same moment, a hundred times over; after
    each round the stored matching key is the key of the stored name."""
    gid = roster.add_guardian(db, {"surname": "Орлова", "name": "Анна", "patronymic": "Ильинична"})
    parts = {"surname": ["Орлова", "Соколова", "Морозова"], "name": ["Анна", "Мария", "Ольга"],
             "patronymic": ["Ильинична", "Петровна", "Сергеевна"]}
    rounds = 100
    barrier = threading.Barrier(len(parts))
    after_round = threading.Barrier(len(parts) + 1)

    def editor(field: str, seed: int) -> None:
        conn = storage.connect(db_path)
        rnd = random.Random(seed)
        try:
            for _ in range(rounds):
                barrier.wait()
                roster.edit_guardian(conn, gid, {field: rnd.choice(parts[field])})
                after_round.wait()
                after_round.wait()  # the main thread checks in between
        finally:
            conn.close()

    threads = [threading.Thread(target=editor, args=(f, i)) for i, f in enumerate(parts)]
    for thread in threads:
        thread.start()
    stale = 0
    for _ in range(rounds):
        after_round.wait()
        surname, name, patronymic, key = db.execute(
            "SELECT surname, name, patronymic, name_key FROM guardians WHERE id = ?", [gid]).fetchone()
        stale += key != name_key(surname, name, patronymic)
        after_round.wait()
    for thread in threads:
        thread.join()
    assert stale == 0


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_files_with_personal_data_are_private_even_over_an_existing_file(
        umask: int, demo_db, db_path: Path, tmp_path: Path, cli) -> None:
    old = os.umask(umask)
    try:
        roster_csv = tmp_path / "out" / "roster.csv"
        roster_csv.parent.mkdir()
        roster_csv.write_text("old\n")
        os.chmod(roster_csv, 0o644)
        assert cli("roster", "export", str(roster_csv)).exit_code == 0
        dump = tmp_path / "new" / "dump"
        assert cli("export", str(dump)).exit_code == 0
        copy = tmp_path / "copy.db"
        copy.write_bytes(b"")
        os.chmod(copy, 0o664)
        assert cli("backup", str(copy)).exit_code == 0
        bad = tmp_path / "bad.csv"
        bad.write_text("ФИО ученика;Класс;ФИО родителя;Телефон\nИванов Иван;5А;Иванова Мария;12\n",
                       encoding="utf-8")
        rejects = tmp_path / "rejects.csv"
        rejects.write_text("")
        os.chmod(rejects, 0o666)
        cli("roster", "import", str(bad), "--skip-invalid", "--rejects", str(rejects))
        sms_parents = [a for gid in parents(demo_db, 2, channel="sms") for a in ("--audience", f"guardian:{gid}")]
        mid = str(cli.json("message", "new", "--template", "ru/parent-meeting", *sms_parents,
                           "--set", "date=25 сентября", "--set", "time=18:30", "--set", "place=каб. 12",
                           "--set", "topic=ПДД", "--broadcast", "vk_group", "--broadcast", "paper")["id"])
        letters = tmp_path / "letters"
        assert cli("message", "send", mid, "--yes", "--out", str(letters)).exit_code == 0
        (letters / "sms.csv").chmod(0o644)
        assert cli("message", "export", mid, str(letters)).exit_code == 0  # over the 0644 file
    finally:
        os.umask(old)
    assert mode(letters) == 0o700
    assert {p.name for p in letters.iterdir()} >= {"sms.csv", "memo.html", "vk_group.txt"}
    assert {mode(p) for p in letters.iterdir()} == {0o600}
    assert mode(roster_csv) == 0o600 and "old" not in roster_csv.read_text(encoding="utf-8-sig")
    assert mode(dump) == 0o700 and mode(dump.parent) == 0o700
    assert {mode(p) for p in dump.iterdir()} == {0o600}
    assert mode(copy) == 0o600 and rows(copy, "PRAGMA integrity_check") == [("ok",)]
    assert mode(rejects) == 0o600 and rejects.read_text(encoding="utf-8").strip()
    assert [p.name for p in tmp_path.glob("**/.*.tmp")] == []


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
