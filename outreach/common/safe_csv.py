"""Writing CSV that spreadsheets cannot execute, and reading it back unchanged."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from outreach.common.private_files import replacing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_MARK_FIRST = frozenset(start[0] for start in FORMULA_STARTS) | {"'"}


def _needs_mark(text: str) -> bool:
    """A formula start, possibly behind apostrophes (which would otherwise be eaten on restore)."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralize(value: object) -> str:
    """A cell beginning with = + - @ tab or CR (or an apostrophe before one) gets an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if _needs_mark(text) else text


def restore(text: str) -> str:
    """Undo `neutralize` on a value read back from one of our exports."""
    if text[:1] == "'" and _needs_mark(text[1:]):
        return text[1:]
    return text


@contextmanager
def open_target(path: Path | str) -> Iterator[IO[str]]:
    """A text stream for a path, or stdout for `-`; a file is created or replaced 0600, whole."""
    if str(path) == "-":
        yield sys.stdout
        return
    with replacing(path, "w", newline="", encoding="utf-8") as stream:
        yield stream


def write_rows(stream: IO[str], headers: Sequence[str], rows: Iterable[Sequence[object]],
               excel: bool = False) -> int:
    """Write a header and rows; `excel` means BOM and `;` (Russian-locale Excel)."""
    if excel:
        stream.write("\ufeff")
    writer = csv_writer(stream, excel)
    writer.writerow([neutralize(h) for h in headers])
    return write_body(writer, rows)


def csv_writer(stream: IO[str], excel: bool = False) -> Any:
    """The csv writer of our files: `,` (`;` for Russian-locale Excel), CRLF line ends."""
    return csv.writer(stream, delimiter=";" if excel else ",", lineterminator="\r\n")


def write_body(writer: Any, rows: Iterable[Sequence[object]]) -> int:
    """Write rows (no header) with every value neutralised; returns how many."""
    count = 0
    for row in rows:
        # neutralize() each value; plain text whose first character cannot start a mark as is
        writer.writerow([v if type(v) is str and v[:1] not in _MARK_FIRST else neutralize(v)
                         for v in row])
        count += 1
    return count


def write_csv(path: Path | str, headers: Sequence[str], rows: Iterable[Sequence[object]],
              excel: bool = False) -> int:
    with open_target(path) as stream:
        return write_rows(stream, headers, rows, excel)
