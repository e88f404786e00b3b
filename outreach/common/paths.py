"""Where outreach keeps and finds its files. One seam: OUTREACH_DB and OUTREACH_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import sqlite_utils

from outreach.common import clock
from outreach.common.private_files import own_dir

APP_NAME = "outreach"


def user_data_dir() -> Path:
    """The per-user data directory (created on demand, 0700); OUTREACH_HOME overrides it."""
    override = os.environ.get("OUTREACH_HOME")
    return own_dir(Path(override) if override else platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_state_dir() -> Path:
    """Where outreach keeps its error log (created on demand, 0700): `state` in OUTREACH_HOME
    when that is set, else the platform's user state directory."""
    override = os.environ.get("OUTREACH_HOME")
    return own_dir(Path(override) / "state" if override
                   else platformdirs.user_state_dir(APP_NAME, appauthor=False))


def named_db_path() -> Path | None:
    """The database OUTREACH_DB names (None when it is unset or empty)."""
    env = os.environ.get("OUTREACH_DB")
    return Path(env).expanduser() if env else None


def default_db_path() -> Path:
    """OUTREACH_DB if set, else outreach.db in the user data directory."""
    return named_db_path() or user_data_dir() / "outreach.db"


def data_dir() -> Path:
    """The shipped data: outreach/data inside a wheel, ./data in a checkout."""
    package = Path(__file__).resolve().parents[1]  # outreach/, above common/
    for candidate in (package / "data", package.parent / "data"):
        if (candidate / "demo").is_dir():
            return candidate
    raise FileNotFoundError("outreach data directory not found")


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The file behind a connection (None for an in-memory database)."""
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    return None


def messages_dir(db_path: Path | None) -> Path:
    """Where a database's message folders go: `<stem>-messages/` beside the file, so the
    teacher finds them next to her database and two databases never share one (an
    in-memory database uses the data directory). Created 0700 on demand."""
    path = user_data_dir() / "messages" if db_path is None else db_path.parent / f"{db_path.stem}-messages"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def backups_dir(db_path: Path) -> Path:
    """Backups made before migrations sit beside the database."""
    return own_dir(db_path.parent / "backups")


def backup_name() -> str:
    """The file name a backup gets when the teacher names only a folder (a USB stick): the day."""
    return f"outreach-{clock.today().isoformat()}.db"


def migration_backup(db_path: Path, version: int, stamp: str) -> Path:
    """Where the backup made before migrating from `version` goes."""
    return backups_dir(db_path) / f"{db_path.stem}-v{version}-{stamp}.db"


def migration_backups(db_path: Path) -> list[Path]:
    """The migration backups of this database that exist (none are created here)."""
    folder = db_path.parent / "backups"
    return sorted(folder.glob(f"{db_path.stem}-v*-*.db")) if folder.is_dir() else []
