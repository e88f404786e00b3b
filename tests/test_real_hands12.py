"""Twelfth hands-on pass: the database file's life as a teacher lives it (backups, a USB
stick, an older or newer outreach, a full or read-only disk). Each test is a surprise met
there, and fails without its fix. The disks are real: a small tmpfs, a read-only one, and a
folder through bindfs --chmod-deny, which refuses chmod to the owner as a FAT32 or exFAT stick
does (this machine's kernel has no vfat); they need root and are skipped, saying so, elsewhere."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import sqlite_utils

from outreach.common.errors import OutreachError
from outreach.common.i18n import set_language
from outreach.common.paths import backup_name
from outreach.store import db as storage
from outreach.store.schema import SCHEMA_VERSION
from outreach_screens.failures import describe
from tests.conftest import Cli, spelled
from tests.messages_support import parents


def _mount(*args: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a test disk needs root")
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small disk of its own at `folder` (unmounted at the end)."""
    folder.mkdir()
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(disk: Path) -> None:
    """Take every free byte of the disk."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


def _roster_csv(path: Path, rows: int) -> Path:
    lines = ["Класс;ФИО ученика;ФИО родителя;Телефон;E-mail"]
    lines += [f"7А;Иванов Иван{spelled(i)};Иванова Мария{spelled(i)};+7912{i:07d};parent{i}@mail.ru"
              for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _guardians(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT count(*) FROM guardians").fetchone()[0])


# -- a full disk -------------------------------------------------------------------------------


def test_an_import_that_fills_the_disk_says_so_and_keeps_the_roster(tmp_path: Path, russian: None) -> None:
    """The database on a nearly full disk, a class list of 3,000 rows imported: «Внутренняя
    ошибка (OperationalError)… пришлите этот файл» — a traceback in the error log for a full
    disk, not a word about space. Now one sentence names the file and the full disk."""
    with tmpfs(tmp_path / "disk", "640k") as disk:
        path = disk / "школа.db"
        database = storage.open_db(path)
        parents(database, 2)
        database.close()
        result = Cli(path)("roster", "import", str(_roster_csv(tmp_path / "класс.csv", 3000)))
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Не удалось записать в" in result.stderr and str(path) in result.stderr
        assert "на диске не осталось места" in result.stderr and "Внутренняя ошибка" not in result.stderr
        assert _guardians(path) == 2  # all or nothing: the two parents, none of the file's


def test_a_backup_to_a_full_stick_names_the_stick_not_the_database(db_path: Path, tmp_path: Path, russian: None) -> None:
    """`outreach backup` onto a full USB stick said «Could not write to test.db: no space left»:
    the database on the computer's disk was blamed (and in English). Now the copy is named."""
    database = storage.open_db(db_path)
    parents(database, 3)
    database.close()
    with tmpfs(tmp_path / "stick", "64k") as stick:
        target = stick / "копия.db"
        result = Cli(db_path)("backup", str(target))
        assert result.exit_code == 1
        assert result.stderr.strip() == f"Не удалось записать {target}: на диске не осталось места."
        assert os.listdir(stick) == []  # no half-written copy left behind
    assert _guardians(db_path) == 3


def test_opening_on_a_full_disk_says_the_disk_is_full(tmp_path: Path, russian: None) -> None:
    """A full disk, outreach opened: «…: не удалось прочитать или записать диск» (SQLite cannot
    make its shared index); the teacher went looking for a broken disk. Now: no space left."""
    with tmpfs(tmp_path / "disk", "1m") as disk:
        path = disk / "o.db"
        database = storage.open_db(path)
        parents(database, 1)
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        database.close()
        _fill(disk)
        result = Cli(path)("roster", "list", "--json")
        assert result.exit_code == 1
        assert result.stderr.strip() == f"Не удаётся открыть базу {path}: на диске не осталось места."


def test_the_app_names_a_full_disk_and_the_database_in_russian(db_path: Path, russian: None) -> None:
    """In the app a write that found the disk full said «Внутренняя ошибка (OperationalError)»,
    and a file that could not be written said «Ошибка файла: No space left on device»."""
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("CREATE TABLE t(x)")
        conn.execute("PRAGMA max_page_count = 2")  # SQLite's own «database or disk is full»
        with pytest.raises(sqlite3.OperationalError) as full:
            conn.executemany("INSERT INTO t VALUES (?)", [("x" * 4000,)] * 4)
    sentence = describe(full.value, db_path)
    assert sentence.startswith(f"Не удалось записать в {db_path}: на диске не осталось места.")
    assert describe(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))) == "Ошибка файла: на диске не осталось места."


# -- odd places ------------------------------------------------------------------------------


@pytest.fixture
def stick(tmp_path: Path) -> Iterator[Path]:
    """A folder that refuses chmod to its owner (EPERM), as a FAT32 or exFAT stick does."""
    if shutil.which("bindfs") is None:  # installed from Debian where this user may (as dovecot.sh does)
        subprocess.run(["bash", str(Path(__file__).parents[1] / "scripts" / "debian-package.sh"), "bindfs"],
                       capture_output=True, timeout=600, check=False)
    if shutil.which("bindfs") is None or not Path("/dev/fuse").exists():
        pytest.skip("bindfs (apt install bindfs) and /dev/fuse are needed for a stick without modes")
    source, mounted = tmp_path / "stick-data", tmp_path / "stick"
    source.mkdir()
    mounted.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a test disk needs root")
    done = subprocess.run(["bindfs", "--chmod-deny", str(source), str(mounted)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount bindfs here: {done.stderr.strip()}")
    try:
        yield mounted
    finally:
        subprocess.run(["fusermount", "-u", "-z", str(mounted)], check=False)


def test_the_database_opens_on_a_stick_without_modes(stick: Path, russian: None) -> None:
    """`outreach --db /media/olga/FLASH/школа.db demo`: «Не удаётся открыть базу …: действие
    запрещено системой» — a FAT32 stick refuses chmod 0600, and the database never opened; a
    database brought from school on the stick could not be opened at home either."""
    path = stick / "школа.db"
    cli = Cli(path)
    result = cli("demo")
    assert result.exit_code == 0, result.stderr
    assert len(cli.json("roster", "list")) > 10
    with pytest.raises(PermissionError):
        os.chmod(path, 0o600)  # the stick still refuses it: outreach went on without


def test_an_older_database_on_a_stick_is_upgraded_with_its_backup(stick: Path, db_path: Path, russian: None) -> None:
    """The upgrade's backup folder is made 0700 (chmod): refused on the stick, so an older
    database there could not be upgraded, nor opened."""
    database = storage.connect(db_path)
    for step in range(1, SCHEMA_VERSION):
        storage.MIGRATIONS[step](database)
    database.execute(f"PRAGMA user_version={SCHEMA_VERSION - 1}")
    database.execute("INSERT INTO groups(name) VALUES ('7А')")
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    path = stick / "старая.db"
    shutil.copyfile(db_path, path)
    upgraded = storage.open_db(path)
    try:
        assert storage.schema_version(upgraded) == SCHEMA_VERSION
        assert upgraded.execute("SELECT name FROM groups").fetchall() == [("7А",)]
    finally:
        upgraded.close()
    assert [p.name.startswith(f"старая-v{SCHEMA_VERSION - 1}-") for p in (stick / "backups").iterdir()] == [True]


def test_a_database_in_a_read_only_folder_says_the_folder_is_read_only(
        tmp_path: Path, db_path: Path, russian: None) -> None:
    """A database on a write-protected stick (or a CD): «Не удаётся открыть базу …: файл не
    открывается» — nothing said why. SQLite needs to write its journal beside the file."""
    database = storage.open_db(db_path)
    parents(database, 1)
    database.close()
    with tmpfs(tmp_path / "cd", "2m") as cd:
        shutil.copyfile(db_path, cd / "o.db")
        _mount("-o", "remount,ro", str(cd))
        result = Cli(cd / "o.db")("roster", "list")
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            f"Не удаётся открыть базу {cd / 'o.db'}: папка {cd} доступна только для чтения, а outreach "
            "ведёт журнал рядом с базой; скопируйте файл в папку, куда можно писать.")


# -- backups, a newer outreach ---------------------------------------------------------------


def test_a_backup_into_a_folder_writes_a_dated_file_in_it(cli: Cli, db: sqlite_utils.Database,
                                                          tmp_path: Path, russian: None) -> None:
    """`outreach backup /media/olga/FLASH/` (the stick, as the app takes it): «… — это папка;
    укажите путь к файлу». Now the copy is written there as outreach-YYYY-MM-DD.db, and
    remembered so that forgetting a family reaches it."""
    parents(db, 2)
    folder = tmp_path / "ФЛЕШКА"
    folder.mkdir()
    result = cli("backup", str(folder))
    assert result.exit_code == 0, result.stderr
    copy = folder / backup_name()
    assert result.stdout.strip() == f"Резервная копия записана в {copy}."
    assert _guardians(copy) == 2 and copy.stat().st_mode & 0o777 == 0o600
    assert db.execute("SELECT path FROM backups").fetchall() == [(str(copy.resolve()),)]


def test_a_database_from_a_newer_outreach_is_refused_untouched(cli: Cli, db: sqlite_utils.Database,
                                                              db_path: Path, russian: None) -> None:
    """The database brought home from school, where outreach was updated, opened by the older
    outreach at home: used as if it were its own, tables it does not know left behind (a
    family forgotten at home stayed in them). Now it says what to do, and touches nothing."""
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    result = cli("roster", "list")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Не удаётся открыть базу {db_path}: её записала более новая версия outreach (схема "
        f"{SCHEMA_VERSION + 1}, эта версия знает схемы до {SCHEMA_VERSION}); установите здесь ту же версию.")
    set_language("ru")
    with pytest.raises(OutreachError):
        storage.open_db(db_path)
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
