"""Writing CSV that spreadsheets cannot execute, and reading it back unchanged.

A cell that starts with = + - @, tab or CR is a formula to a spreadsheet (OWASP's CSV
injection rules; ASVS 1.2.10): such a cell gets an apostrophe in front. Excel hides that
apostrophe only where it is typed; from a CSV file both Excel and LibreOffice show it
(LibreOffice 7.4 reads «'+79031234567» as that text, apostrophe and all). A phone is the
common such cell, so in the dialect for people (Russian Excel's, `excel`) a cell that is one
phone number starting with + is written the way a teacher writes it instead, «8 (903)
123-45-67» («00 375 29 123-45-67» abroad): no formula start, and not a number or a date either
(LibreOffice 7.4 with ru-RU reads it as text with or without «detect special numbers»; the bare
«+79031234567» and «89031234567» become the number 79031234567). Scripts' CSV (not `excel`)
keeps the apostrophe, byte for byte.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from outreach.common.contacts import InvalidContact, normalize_phone
from outreach.common.private_files import replacing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RUSSIA = 7  # its calling code: a number there is written with the trunk prefix 8
_PHONE_ONLY = re.compile(r"\+[\d ()\-.\u00a0]+")
_RUSSIAN_MOBILE = re.compile(r"\+79\d{9}")


_MARK_FIRST = frozenset(start[0] for start in FORMULA_STARTS) | {"'"}


def _needs_mark(text: str) -> bool:
    """A formula start, possibly behind apostrophes (which would otherwise be eaten on restore)."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralize(value: object, excel: bool = False) -> str:
    """A cell beginning with = + - @ tab or CR (or an apostrophe before one) gets an
    apostrophe; in the `excel` dialect a phone starting with + is written as `written_phone`."""
    text = "" if value is None else str(value)
    if not _needs_mark(text):
        return text
    return (excel and written_phone(text)) or "'" + text


def written_phone(text: str) -> str | None:
    """`text` if it is one phone number starting with + («+79031234567», «+7 903 123 45 67»),
    as a Russian teacher writes it: «8 (903) 123-45-67», or «00 375 29 123-45-67» for another
    country; None for anything else."""
    if not _PHONE_ONLY.fullmatch(text):  # no extension or note to lose
        return None
    try:
        e164 = normalize_phone(text)
    except InvalidContact:
        return None
    if _RUSSIAN_MOBILE.fullmatch(e164):  # most phones: as phonenumbers writes them, 30 times faster
        return f"8 ({e164[2:5]}) {e164[5:8]}-{e164[8:10]}-{e164[10:]}"
    import phonenumbers  # noqa: PLC0415 - only for an Excel file with a phone in it

    number = phonenumbers.parse(e164, None)
    if number.country_code == RUSSIA:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "00 " + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)[1:]


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
    return write_body(writer, rows, excel)


def csv_writer(stream: IO[str], excel: bool = False) -> Any:
    """The csv writer of our files: `,` (`;` for Russian-locale Excel), CRLF line ends."""
    return csv.writer(stream, delimiter=";" if excel else ",", lineterminator="\r\n")


def write_body(writer: Any, rows: Iterable[Sequence[object]], excel: bool = False) -> int:
    """Write rows (no header) with every value neutralised (for the `excel` dialect: see
    `neutralize`, and a fractional number has the decimal comma: Russian Excel reads «52.3» as
    text and «9.3» as the 9th of March); returns how many."""
    count = 0
    for row in rows:
        # neutralize() each value; plain text whose first character cannot start a mark as is
        writer.writerow([v if type(v) is str and v[:1] not in _MARK_FIRST else
                         neutralize(decimal_comma(v) if excel and type(v) is float else v, excel)
                         for v in row])
        count += 1
    return count


def decimal_comma(value: float) -> str:
    """A fractional number as Russian Excel reads one: 52.3 → «52,3»."""
    return str(value).replace(".", ",")


def write_csv(path: Path | str, headers: Sequence[str], rows: Iterable[Sequence[object]],
              excel: bool = False) -> int:
    with open_target(path) as stream:
        return write_rows(stream, headers, rows, excel)
