"""Exporting the roster and every table as CSV (formulas neutralised, optional redaction);
the roster also as an XLSX workbook for the teacher (a path ending .xlsx)."""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import IO, cast

import sqlite_utils

from outreach.common.i18n import N_, NP_, pt, t
from outreach.common.private_files import private_dir
from outreach.common.safe_csv import (
    FORMULA_STARTS,
    csv_writer,
    neutralize,
    open_target,
    write_body,
    write_csv,
    write_rows,
)
from outreach.common.tabular import is_xlsx, write_xlsx
from outreach.roster.guardians import Filter
from outreach.roster.relations import CODES as RELATION_CODES
from outreach.roster.relations import relation_label
from outreach.store import audit

HEADER_NAMES = {"student_surname": N_("Student surname"), "student_name": N_("Student first name"), "student_patronymic": N_("Student patronymic"), "group": N_("Class"), "guardian_surname": N_("Parent surname"), "guardian_name": N_("Parent first name"), "guardian_patronymic": N_("Parent patronymic"), "relation": N_("Relation"), "phone": N_("Phone"), "email": N_("E-mail"), "telegram": N_("Telegram"), "vk": NP_("export.roster.vk", "VK"), "max": N_("MAX"), "consent": N_("Consent")}

# contact columns, masked whole; `sender`, `to_address`, `user_id`: the inbox's, a reply's, MAX's
REDACTED_COLUMNS = ("phone", "email", "telegram", "vk", "max", "address", "extra_contacts", "sender", "to_address",
                    "user_id")
# free text where a contact may be written (a note «Телефон +7 903 …: WhatsApp», a parent's
# letter, a survey's «звоните 8 903 …», a refusal naming the mailbox): each contact in it masked
FREE_TEXT_COLUMNS = ("notes", "body", "text", "error", "state", "detail", "subject", "in_reply_to", "refs")
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CHAT_MESSAGE = re.compile(r"-?\d+:(\d+)")  # «chat id:message id», an inbox message's from Telegram
_PHONE_IN_TEXT = re.compile(r"(?<![\w+])(?:\+?[78][\s\-(]*\d{3}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}|\+\d{10,14})(?!\d)")


def redact(column: str, value: object) -> object:
    """Mask a contact value, keeping just enough to recognise it; in free text, each e-mail
    address and phone number written in it."""
    if value is None or value == "":
        return value
    if column == "external_id" and isinstance(value, str) and (chat := _CHAT_MESSAGE.fullmatch(value)):
        return f"{value[:1]}***:{chat[1]}"  # a Telegram chat's message: the chat is the parent's address
    if column in FREE_TEXT_COLUMNS and isinstance(value, str):
        return _PHONE_IN_TEXT.sub(lambda found: _masked_phone(found[0]),
                                  _EMAIL_IN_TEXT.sub(lambda found: _masked_email(found[0]), value))
    if column not in REDACTED_COLUMNS:
        return value
    text = str(value)
    if "@" in text and column != "phone":
        return _masked_email(text)
    if column == "phone":
        return _masked_phone(text)
    return text[:1] + "***"


def _masked_email(text: str) -> str:
    local, _, domain = text.partition("@")
    return f"{local[:1]}***@{domain}"


def _masked_phone(text: str) -> str:
    return text[:2] + "*" * max(len(text) - 4, 0) + text[-2:]


ROSTER_HEADERS = ("student_surname", "student_name", "student_patronymic", "group",
                  "guardian_surname", "guardian_name", "guardian_patronymic", "relation",
                  "phone", "email", "telegram", "vk", "max", "consent")

@dataclass(frozen=True)
class _Part:
    """One query of the roster export: its cells, rows, order and what identifies a row."""

    cells: tuple[str, ...]  # 13 cells, then consent given and consent withdrawn
    source: str  # FROM … (WHERE …), without the filter
    order: str
    keys: tuple[str, ...]  # columns identifying a row …
    by_key: str  # … and the condition selecting it by them


# Guardians with their children (or none), in the order they were added …
_GUARDIANS = _Part(
    cells=("s.surname", "s.name", "s.patronymic", "gr.name", "g.surname", "g.name", "g.patronymic",
           "sg.relation", "g.phone", "g.email", "g.telegram", "g.vk", "g.max",
           "g.consent_given_at", "g.consent_withdrawn_at"),
    source="""FROM guardians g
LEFT JOIN student_guardians sg ON sg.guardian_id = g.id
LEFT JOIN students s ON s.id = sg.student_id
LEFT JOIN groups gr ON gr.id = s.group_id""",
    order="ORDER BY g.id, sg.rowid", keys=("g.id", "sg.rowid"),
    by_key=" WHERE g.id = ? AND sg.rowid IS ?")

# … then students no guardian is linked to, with empty guardian cells (re-importable).
_LONE_STUDENTS = _Part(
    cells=("s.surname", "s.name", "s.patronymic", "gr.name", *("NULL",) * 11),
    source="""FROM students s
LEFT JOIN groups gr ON gr.id = s.group_id
WHERE NOT EXISTS (SELECT 1 FROM student_guardians sg WHERE sg.student_id = s.id)""",
    order="ORDER BY s.id", keys=("s.id",), by_key=" AND s.id = ?")

APOSTROPHE_CHAR = "'"
_BATCH = 2000  # lines fetched, checked and written at a time
_SEPARATORS = len(ROSTER_HEADERS) - 1  # delimiters in a line
_first = itemgetter(0)
_APOSTROPHE = "''''"  # SQL: a literal of one apostrophe
_FORMULA_CODES = ", ".join(str(ord(start)) for start in FORMULA_STARTS)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _neutralized(cell: str) -> str:
    """SQL for `safe_csv.neutralize`: an apostrophe before a formula start (also behind
    apostrophes). ltrim() runs only for a suspicious first character."""
    marked = (f"iif(unicode(ltrim({cell}, {_APOSTROPHE})) IN ({_FORMULA_CODES}),"
              f" {_APOSTROPHE} || {cell}, {cell})")
    return (f"iif(unicode({cell}) IN ({_FORMULA_CODES}, {ord(APOSTROPHE_CHAR)}), {marked},"
            f" ifnull({cell}, ''))")


def _cells_sql(part: _Part, mark: Callable[[str], str] = str) -> list[str]:
    """The 14 exported cells: the relation as its label, consent as a date or «withdrawn …»;
    `mark` neutralises a cell's SQL. The labels and the «withdrawn» word are literals, so they
    are neutralised here, once (a label or that word decides its cell's mark by itself)."""
    cells = part.cells
    labels = " ".join(f"WHEN {_literal(code)} THEN {_literal(_marked(relation_label(code), mark))}"
                      for code in RELATION_CODES)
    withdrawn = _literal(_marked(t("withdrawn") + " ", mark))
    return [*map(mark, cells[:7]), f"CASE {cells[7]} {labels} ELSE {mark(cells[7])} END",
            *map(mark, cells[8:13]), f"iif({cells[14]} <> '', {withdrawn} || {cells[14]}, {mark(cells[13])})"]


def _marked(literal: str, mark: Callable[[str], str]) -> str:
    return literal if mark is str else neutralize(literal)


def _lines_sql(part: _Part, where: str, delimiter: str) -> str:
    """Each row as its CSV line in UTF-8 bytes, cells neutralised and joined, unquoted; and
    its key."""
    line = f" || {_literal(delimiter)} || ".join(_cells_sql(part, _neutralized))
    return f"SELECT CAST({line} AS BLOB), {', '.join(part.keys)} {part.source}{where} {part.order}"


def _values_sql(part: _Part, where: str) -> str:
    """Each row's cells as a JSON array (for the csv module)."""
    return f"SELECT json_array({', '.join(_cells_sql(part))}) {part.source}{where} {part.order}"


def _parts(flt: Filter) -> list[tuple[_Part, str, list[object]]]:
    """Guardians in the order they were added, then (unless the filter picks guardians by
    their own data: a search, consent) lone students; each with its filter."""
    where, params = flt.where()
    parts = [(_GUARDIANS, where, params)]
    if not flt.by_guardian:
        parts.append((_LONE_STUDENTS, " AND gr.name = ?" if flt.group else "",
                      [flt.group] if flt.group else []))
    return parts


def _write_roster(db: sqlite_utils.Database, stream: IO[str], flt: Filter, excel: bool,
                  redacted: bool) -> int:
    """The rows after the header. SQLite builds each line as UTF-8 bytes; Python writes it as
    it is unless a cell needs CSV quoting (a delimiter, quote or line break in it: then that
    row's cells go through the csv module), so the bytes are the csv module's. Redacted rows
    and Excel's dialect (its phones written for people: `safe_csv.neutralize`) all do."""
    if redacted or excel:
        return write_body(csv_writer(stream, excel), _values(db, flt, redacted), excel)
    write = _byte_writer(stream)
    delimiter = ","
    count = 0
    for part, where, params in _parts(flt):
        cursor = db.execute(_lines_sql(part, where, delimiter), params)
        while rows := cursor.fetchmany(_BATCH):
            count += len(rows)
            text = b"\r\n".join(map(_first, rows))
            if _plain(text, len(rows), delimiter.encode()):
                write(text + b"\r\n")  # every line of the batch is plain (most are)
                continue
            _write_batch(db, write, part, rows)
    stream.flush()
    return count


def _byte_writer(stream: IO[str]) -> Callable[[bytes], object]:
    """Writes UTF-8 to `stream`: straight to its binary buffer when it encodes UTF-8 (the
    lines are never decoded and encoded again), decoded otherwise."""
    buffer = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    if buffer is not None and encoding and codecs.lookup(encoding).name == "utf-8":
        stream.flush()  # the header, written as text
        return cast(Callable[[bytes], object], buffer.write)
    return lambda data: stream.write(data.decode())


def _plain(text: bytes, lines: int, delimiter: bytes) -> bool:
    """Whether `lines` joined by CRLF need no CSV quoting: as many delimiters as the cells
    between them, no quote, no line break but the separators. (UTF-8 puts no ASCII byte
    inside a multi-byte character, so counting bytes counts characters.)"""
    return (text.count(delimiter) == _SEPARATORS * lines and b'"' not in text
            and text.count(b"\n") == text.count(b"\r") == lines - 1)


def _values(db: sqlite_utils.Database, flt: Filter, redacted: bool) -> Iterator[list[object]]:
    """Each row's cells as values (contacts masked when `redacted`)."""
    for part, where, params in _parts(flt):
        for (cells,) in db.execute(_values_sql(part, where), params):
            values = json.loads(cells)
            yield [redact(h, v) for h, v in zip(ROSTER_HEADERS, values, strict=True)] if redacted else values


def _write_batch(db: sqlite_utils.Database, write: Callable[[bytes], object], part: _Part,
                 rows: list[tuple[bytes, ...]]) -> None:
    """A batch with a line that needs quoting: plain lines as they are, that one through the
    csv module."""
    lines: list[bytes] = []
    for line, *key in rows:
        if _plain(line, 1, b","):
            lines.append(line)
            continue
        _write_lines(write, lines)
        (cells,) = db.execute(_values_sql(part, part.by_key), key).fetchone()
        quoted = io.StringIO()
        write_body(csv_writer(quoted), [json.loads(cells)])
        write(quoted.getvalue().encode())
    _write_lines(write, lines)


def _write_lines(write: Callable[[bytes], object], lines: list[bytes]) -> None:
    if lines:
        write(b"\r\n".join(lines) + b"\r\n")
        lines.clear()


def export_roster(db: sqlite_utils.Database, target: Path | str, flt: Filter = Filter(),
                  excel: bool = False, redacted: bool = False) -> int:
    """One row per student–guardian pair (guardians without children and students without
    guardians too), in the order the guardians were added (an imported file keeps its order);
    re-importable. A path ending .xlsx gets a workbook of text cells (`excel` is for CSV)."""
    headers = [t(HEADER_NAMES[h]) for h in ROSTER_HEADERS]
    if is_xlsx(target):
        count = write_xlsx(target, headers, _values(db, flt, redacted), pt("peoplefiles.roster.title", "Roster"))
    else:
        with open_target(target) as stream:
            write_rows(stream, headers, (), excel)
            count = _write_roster(db, stream, flt, excel, redacted)
    audit.record(db, "export", "roster", None, {"rows": count, "redacted": redacted})
    return count


def data_tables(db: sqlite_utils.Database) -> list[str]:
    """Every plain table (not the search index and its shadow tables)."""
    skip = {"guardian_search"}
    return [name for name in db.table_names()
            if name not in skip and not name.startswith(("guardian_search_", "sqlite_"))]


def export_all(db: sqlite_utils.Database, directory: Path | str, excel: bool = False,
               redacted: bool = False) -> dict[str, int]:
    """Every table as `<table>.csv` in `directory`; returns rows written per table."""
    folder = private_dir(directory)
    counts = {}
    for table in data_tables(db):
        cursor = db.execute(f"SELECT * FROM [{table}]")
        columns = [d[0] for d in cursor.description]
        rows = ([redact(c, v) for c, v in zip(columns, row, strict=True)] if redacted else row for row in cursor)
        counts[table] = write_csv(folder / f"{table}.csv", columns, rows, excel)
    audit.record(db, "export", "all", None, {"tables": len(counts), "redacted": redacted})
    return counts
