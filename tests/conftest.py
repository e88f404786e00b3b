"""Shared fixtures: every test gets its own data directory and database in tmp_path."""

from __future__ import annotations

import compileall
import gc
import importlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from outreach.cli.main import app
from outreach.common import clock
from outreach.common.i18n import set_language
from outreach.demo import fill_demo
from outreach.locales import compile_catalogues
from outreach.store import db as storage
from tests.inbox_support import dovecot, parent_mail  # noqa: F401 - the inbox's real IMAP server, per-test folders

DATA = Path(__file__).parent / "data"
compile_catalogues(only_stale=True)  # a .po edited since the last install is what the tests read

# The cyclic collector ran a fifth of a Pilot test's CPU: Textual makes many short-lived objects,
# and each full collection walked the whole heap of imported modules again (bench/README.md,
# "Suite time"). Collect the youngest generation every 10,000 allocations instead of 700, and
# keep what collection imported out of later full collections (`pytest_collection_finish`).
gc.set_threshold(10_000, 20, 20)


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.freeze()


@pytest.fixture
def default_collector() -> Iterator[None]:
    """Python's own collector settings, nothing frozen (as a command starts); the suite's after."""
    kept = gc.get_threshold()
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*kept)
    gc.freeze()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` starts four workers per core: a Pilot test alone is idle about two thirds of its
    time (Textual waits for the app to go quiet after every key), so fewer leave the CPUs idle
    (the suite on 2 cores: 211–218 s with 4 workers, 182 s with 6, 178 s with 8, 204–212 s with
    12; bench/README.md)."""
    if config.getoption("update_snapshots", False):
        return 0  # syrupy updates snapshots in one process (a worker would drop the others' as unused)
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist reads the variable itself
    return 4 * len(os.sched_getaffinity(0))


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", None):
        _compile_once_for_the_workers(_modules_named(config.args))


def _modules_named(args: list[str]) -> list[Path]:
    """The test modules the command line names (files, folders; `file::test` counts as its file)."""
    here = Path(__file__).parent.resolve()
    modules: set[Path] = set()
    for arg in args:
        path = Path(arg.split("::")[0]).resolve()
        if path.is_dir() and (path == here or here in path.parents or path in here.parents):
            modules.update(here.glob("test_*.py"))
        elif path.parent == here and path.name.startswith("test_") and path.suffix == ".py":
            modules.add(path)
    return sorted(modules)


def _compile_once_for_the_workers(modules: list[Path]) -> None:
    """Compile the checkout and have pytest rewrite the test `modules` once, here, before the
    workers start: each worker would otherwise do it all again (≈ 2.5 s of CPU of its ≈ 4 s
    collection, times eight workers), and each command a test runs in a process of its own would
    compile the package again (≈ 0.9 s of CPU). For this run's workers and commands,
    PYTHONDONTWRITEBYTECODE is lifted: the bytecode goes where Python puts it, in the
    `__pycache__` folders git ignores. A module that fails to import here is left to the worker's
    collection, which reports it."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    root = Path(__file__).parent.parent
    for package in ("outreach", "screens"):
        compileall.compile_dir(root / package, quiet=1)
    for module in modules:
        try:
            importlib.import_module(f"tests.{module.stem}")
        except (Exception, pytest.skip.Exception):
            continue


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user directories; messages in English unless a test asks."""
    home = tmp_path / "home"
    monkeypatch.setenv("OUTREACH_HOME", str(home))
    monkeypatch.delenv("OUTREACH_DB", raising=False)
    monkeypatch.setenv("OUTREACH_LANG", "en")
    set_language("en")
    return home


@pytest.fixture
def russian(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The interface in Russian for this test (the app, the CLI and the domain's messages)."""
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    set_language("ru")
    yield
    set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated once per worker, for `db` to copy."""
    path = tmp_path_factory.mktemp("schema") / "migrated.db"
    database = storage.open_db(path)
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def db(db_path: Path, migrated_template: Path) -> Iterator[sqlite_utils.Database]:
    """The test's own database file, as `open_db` leaves a new one: a copy of the migrated
    template (SQLite's backup API: the same schema and version) instead of running every
    migration again (≈ 2 instead of ≈ 10 ms of CPU)."""
    database = storage.connect(db_path)
    with closing(sqlite3.connect(migrated_template)) as source:
        source.backup(database.conn)
    storage.migrate(database, db_path)  # nothing left to do, as for any file already current
    yield database
    database.close()


_REAL_NOW = clock.now


class DemoTemplates:
    """The demo data built once per day of the run (its dates follow the clock), or once per
    frozen moment (OUTREACH_NOW, in the zone TZ: the snapshots), then copied into each test's
    database with SQLite's backup API: the same rows, schema and index as `fill_demo` writes,
    in a fraction of the time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.built: dict[str, Path] = {}

    def fill(self, db: sqlite_utils.Database) -> None:
        if clock.now is not _REAL_NOW:
            fill_demo(db)  # a test that moved the clock gets demo data dated by its clock
            return
        key = self._moment()
        template = self.built.get(key) or self._build(key)
        with closing(sqlite3.connect(template)) as source:
            source.backup(db.conn)

    @staticmethod
    def _moment() -> str:
        frozen = os.environ.get("OUTREACH_NOW")
        if frozen:
            return f"{frozen} {os.environ.get('TZ', '')}"
        return clock.today().isoformat()

    def _build(self, key: str) -> Path:
        path = self.folder / f"demo-{len(self.built)}.db"
        database = storage.open_db(path)
        fill_demo(database)
        database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        database.close()
        self.built[key] = path
        return path


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplates:
    return DemoTemplates(tmp_path_factory.mktemp("demo-templates"))


@pytest.fixture
def demo_db(db: sqlite_utils.Database, demo_templates: DemoTemplates) -> sqlite_utils.Database:
    demo_templates.fill(db)
    return db


class Cli:
    """Runs `outreach --db <tmp> …` in-process and decodes --json output."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        result = self.runner.invoke(app, ["--db", str(self.db_path), *args], input=input)
        set_language("en")
        return result

    def json(self, *args: str):
        result = self(*args, "--json")
        assert result.exit_code == 0, (result.stdout, result.stderr)
        return json.loads(result.stdout)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait of the delivery code (clock.sleep), recorded instead of slept."""
    waited: list[float] = []
    monkeypatch.setattr("outreach.common.clock.sleep", waited.append)
    return waited


def spelled(number: int) -> str:
    """`number` in letters («12» → «бв»): a generated name made unique without digits, which no
    name has (the roster refuses them)."""
    return "".join("абвгдежзик"[int(digit)] for digit in str(number))


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)
