"""User-facing errors: one clear sentence, already translated."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from outreach.common.i18n import N_, t

# What the system says as a teacher reads it (its own words are English whatever the language).
_SYSTEM_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOSYS: N_("the disk does not support this operation"),
    errno.EOPNOTSUPP: N_("the disk does not support this operation"),
}

# What SQLite says (`sqlite_errorcode`, its primary code in the low byte), in the same words.
_SQLITE_REASONS = {
    8: N_("the file is read-only"),  # SQLITE_READONLY
    10: N_("reading or writing the disk failed"),  # SQLITE_IOERR
    11: N_("the file is damaged"),  # SQLITE_CORRUPT
    13: N_("no space left on the disk"),  # SQLITE_FULL
    14: N_("the file cannot be opened"),  # SQLITE_CANTOPEN
    26: N_("the file is not an SQLite database"),  # SQLITE_NOTADB
}


class OutreachError(Exception):
    """Invalid data or a refused action; the CLI exits 1 and prints the message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(OutreachError):
    """A requested record does not exist."""


def reason_of(error: BaseException) -> str:
    """Why a system call or SQLite failed, in the interface's language where the system's
    words are common ones (a missing folder, no permission, a full disk, a damaged file), else
    as it said."""
    code = getattr(error, "errno", None)
    if code in _SYSTEM_REASONS:
        return t(_SYSTEM_REASONS[code])
    sqlite_code = getattr(error, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int) and sqlite_code & 0xFF in _SQLITE_REASONS:
        return t(_SQLITE_REASONS[sqlite_code & 0xFF])
    return getattr(error, "strerror", None) or str(error)


def storage_fault(error: BaseException, path: Path | str | None = None) -> str | None:
    """One sentence when SQLite could not use the database file (a full disk, a read-only or
    failing one, a damaged file), naming the file when known; None for any other error. Each
    write is one transaction: a full disk leaves what was saved before as it was."""
    code = getattr(error, "sqlite_errorcode", None)
    if not isinstance(error, sqlite3.Error) or not isinstance(code, int) or code & 0xFF not in _SQLITE_REASONS:
        return None
    where = str(path) if path is not None else t("the database")
    if code & 0xFF == 13:  # SQLITE_FULL
        return t("Could not write to {path}: no space left on the disk. Free some space and try again; what was saved before is intact.", path=where)
    return t("Could not use {path}: {reason}.", path=where, reason=reason_of(error))


def file_to_read_missing(path: Path | str) -> OutreachError:
    """The error for a file to read that is not there, or is a folder."""
    if Path(path).is_dir():
        return OutreachError(t("Cannot read {path}: {reason}.", path=str(path), reason=t("it is a folder, not a file")))
    return OutreachError(t("File not found: {path}.", path=str(path)))
