"""Shared fixtures: every test gets its own data directory and database in tmp_path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from outreach.cli.main import app
from outreach.common.i18n import set_language
from outreach.demo import fill_demo
from outreach.store import db as storage
from tests.inbox_support import dovecot, parent_mail  # noqa: F401 - the inbox's real IMAP server, per-test folders

DATA = Path(__file__).parent / "data"


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
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    database = storage.open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db(db: sqlite_utils.Database) -> sqlite_utils.Database:
    fill_demo(db)
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


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)
