"""Writing files that hold personal data: created or replaced 0600 in folders made 0700.

A file is written under a hidden temporary name in its own folder, flushed to disk and then
renamed over its final name, so a reader (or a kill) sees the old file or the complete new
one, and an existing file's looser mode is never kept.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

try:
    import fcntl
except ImportError:  # Windows: no flock; outreach runs there unlocked
    fcntl = None  # type: ignore[assignment]

from outreach.common.errors import OutreachError, reason_of
from outreach.common.i18n import t

TEMP_SUFFIX = ".tmp"
SQLITE_HEADER = b"SQLite format 3\x00"
_NAME_PART = 60  # of the final name kept in the temporary one (names may be near NAME_MAX)


def private_dir(path: Path | str) -> Path:
    """Create `path` and any missing parents 0700; a folder that exists is left as it is."""
    path = Path(path)
    try:
        missing: list[Path] = []
        current = path
        while not current.exists() and current != current.parent:
            missing.append(current)
            current = current.parent
        for folder in reversed(missing):
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:
                if not folder.is_dir():
                    raise
    except OSError as exc:
        raise _unwritable(path, exc) from None
    return path


def own_dir(path: Path | str) -> Path:
    """A folder outreach owns (its data, backups, message folders): created or made 0700."""
    path = private_dir(path)
    if path.stat().st_mode & 0o777 != 0o700:
        set_mode(path, 0o700)
    return path


def set_mode(path: Path | str, mode: int) -> None:
    """chmod, where the file system keeps modes. A FAT or exFAT USB stick, or a Windows share,
    refuses any mode its mount options did not give, even to the file's owner (EPERM; ENOSYS
    or EOPNOTSUPP through FUSE): there those options decide who reads the file, and outreach
    works on. A file of another user stays refused."""
    try:
        os.chmod(path, mode)
    except OSError as exc:
        owner = os.geteuid() if hasattr(os, "geteuid") else os.stat(path).st_uid
        if exc.errno not in (errno.EPERM, errno.ENOSYS, errno.EOPNOTSUPP) or os.stat(path).st_uid != owner:
            raise


def _unwritable(path: Path, exc: OSError) -> OutreachError:
    if exc.errno == errno.EISDIR:
        return OutreachError(t("{path} is a folder; give the path of a file to write.", path=str(path)))
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return OutreachError(t("Cannot write {path}: a part of that path is a file, not a folder.", path=str(path)))
    if exc.errno == errno.ENAMETOOLONG:
        return OutreachError(t("Cannot write {path}: the path or a name in it is too long.", path=str(path)))
    return OutreachError(t("Cannot write {path}: {reason}.", path=str(path), reason=reason_of(exc)))


def _fsync(path: Path | str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_database(path: Path) -> bool:
    """Whether `path` is an SQLite database file (outreach's own, a backup, anyone's)."""
    try:
        with path.open("rb") as stream:
            return stream.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


@contextmanager
def replacing_file(path: Path | str, database: bool = False) -> Iterator[Path]:
    """An empty private temporary file beside `path` to fill (e.g. by SQLite); when the block
    ends without an error it is synced and renamed to `path`, otherwise removed. Only a
    `database` (a backup) may replace a database: an export or a list never does."""
    path = Path(path)
    if not database and is_database(path):
        raise OutreachError(t("{path} is a database; a list or an export is never written over it. Give another file name.", path=str(path)))
    private_dir(path.parent)
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        fd, name = tempfile.mkstemp(prefix=f".{path.name[:_NAME_PART]}.", suffix=TEMP_SUFFIX,
                                    dir=path.parent)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _fsync(temp)
        os.replace(temp, path)
        if os.name == "posix":  # the rename itself reaches the disk (folders cannot be opened on Windows)
            _fsync(path.parent)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _unwritable(path, exc) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextmanager
def replacing(path: Path | str, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """A stream whose contents become the file `path` (0600) once the block ends cleanly."""
    with replacing_file(path) as temp, open(temp, mode, **kwargs) as stream:
        yield stream


def write_private_text(path: Path | str, text: str, newline: str | None = None) -> None:
    """Create or replace the text file `path` (UTF-8), private to the user."""
    with replacing(path, "w", encoding="utf-8", newline=newline) as stream:
        stream.write(text)


@contextmanager
def folder_locked(folder: Path | str, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive flock on the folder itself (no lock file; independent of SQLite's
    own locks on the files inside). With `wait=False`, yields whether it was free."""
    if fcntl is None:
        yield True
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock
