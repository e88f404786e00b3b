"""Reading tabular files (CSV in any common encoding and delimiter, XLSX) as text rows.

Shared by the roster import and, later, the survey import. Every value stays text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import OutreachError
from .i18n import t

SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
csv.field_size_limit(16 * 1024 * 1024)


@dataclass
class Table:
    """A file's header and rows; `rows[i]` is spreadsheet row `i + 2`."""

    headers: list[str]
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""
    errors: list[tuple[int, str]] = field(default_factory=list)


def detect_encoding(raw: bytes) -> str:
    """UTF-8 (with or without BOM) if it decodes, else charset-normalizer on a line-cut sample."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    sample = raw[:SAMPLE_BYTES]
    if len(raw) > SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]
    best = from_bytes(sample).best()
    if best is None:
        raise OutreachError(t("import.encoding_unknown"))
    return best.encoding


def detect_delimiter(text: str) -> str:
    """csv.Sniffer on the first lines; else the candidate that occurs most in the header."""
    head = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(head, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = head.splitlines()[0] if head else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise OutreachError(t("import.encoding_failed", encoding=encoding)) from exc


def parse_csv_text(text: str, delimiter: str) -> Table:
    """Parse CSV text strictly; a malformed line ends the table and is reported."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    errors: list[tuple[int, str]] = []
    try:
        for record in reader:
            rows.append(record)
    except csv.Error as exc:
        # The spreadsheet row of the record that failed (the header is row 1).
        errors.append((len(rows) + 1, t("import.csv_malformed", detail=str(exc))))
    if not rows:
        raise OutreachError(t("import.empty_file"))
    headers = [h.strip() for h in rows[0]]
    return Table(headers=headers, rows=rows[1:], delimiter=delimiter, errors=errors)


def read_csv(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Table:
    raw = path.read_bytes()
    chosen = encoding or detect_encoding(raw)
    text = _decode(raw, chosen)
    if text.startswith("\ufeff"):
        text = text[1:]
    sep = delimiter or detect_delimiter(text)
    table = parse_csv_text(text, sep)
    table.encoding = chosen
    return table


def cell_text(value: object) -> str:
    """An XLSX cell as the text a teacher sees (12345.0 → 12345, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise OutreachError(t("import.xlsx_unreadable", detail=type(exc).__name__)) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not rows:
        raise OutreachError(t("import.empty_file"))
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return Table(headers=[h.strip() for h in rows[0]], rows=rows[1:], encoding="xlsx")


def is_xlsx(path: Path) -> bool:
    with path.open("rb") as handle:
        return path.suffix.lower() in (".xlsx", ".xlsm") or handle.read(4) == b"PK\x03\x04"


def read_table(path: Path | str, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """Read a CSV or XLSX file into a Table, detecting what is not forced."""
    path = Path(path)
    if not path.is_file():
        raise OutreachError(t("import.no_file", path=str(path)))
    if delimiter is not None and len(delimiter) != 1:
        delimiter = {"tab": "\t", "\\t": "\t", "semicolon": ";", "comma": ","}.get(delimiter.lower())
        if delimiter is None:
            raise OutreachError(t("import.bad_delimiter"))
    if is_xlsx(path):
        return read_xlsx(path)
    return read_csv(path, encoding, delimiter)
