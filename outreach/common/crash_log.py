"""Errors nobody foresaw: a busy database said as such; anything else logged for a report.

The log keeps the exception's type and where it happened (files, lines, functions, code), never
its message nor any value, so no phone, e-mail or name reaches it.
"""

from __future__ import annotations

import os
import sqlite3
import traceback
from datetime import datetime
from pathlib import Path

from outreach.common import paths
from outreach.common.i18n import t

LOG_NAME = "errors.log"
MAX_BYTES = 1 << 20  # a longer log starts again
_BUSY = ("database is locked", "database is busy", "database table is locked")


def is_busy(exc: BaseException) -> bool:
    """SQLite gave up waiting for another program's write lock."""
    return isinstance(exc, sqlite3.OperationalError) and str(exc).startswith(_BUSY)


def unexpected(exc: BaseException) -> str:
    """The one sentence for the teacher about an unexpected error (logged first)."""
    if is_busy(exc):
        return t("The database is busy with another program; try again.")
    kind = type(exc).__name__
    try:
        path = record(exc)
    except OSError:
        return t("Internal error ({kind}). Please report it.", kind=kind)
    return t("Internal error ({kind}). What happened (without personal data) is written in {path}; please send that file with your report.", kind=kind, path=str(path))


def record(exc: BaseException) -> Path:
    """Append the traceback, without values, to the log in the user state directory."""
    path = paths.user_state_dir() / LOG_NAME
    if path.exists() and path.stat().st_size > MAX_BYTES:
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with open(fd, "a", encoding="utf-8") as log:
        log.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{_without_values(exc)}\n")
    return path


def _without_values(exc: BaseException) -> str:
    """Each exception of the chain as its type and frames; messages and arguments left out."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.StackSummary.from_list(
            traceback.extract_tb(current.__traceback__)).format())
        parts.append(f"{type(current).__module__}.{type(current).__qualname__}\n{frames}")
        current = current.__cause__ or current.__context__
    return "caused by:\n".join(parts)
