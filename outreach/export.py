"""Exporting the roster and every table as CSV (formulas neutralised, optional redaction)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from . import audit
from .i18n import t
from .private_files import private_dir
from .relations import relation_label
from .roster import Filter
from .safe_csv import write_csv

REDACTED_COLUMNS = ("phone", "email", "telegram", "vk", "max", "address", "extra_contacts")


def redact(column: str, value: object) -> object:
    """Mask a contact value, keeping just enough to recognise it."""
    if value is None or column not in REDACTED_COLUMNS or value == "":
        return value
    text = str(value)
    if column == "email" and "@" in text:
        local, _, domain = text.partition("@")
        return f"{local[:1]}***@{domain}"
    if column == "phone":
        return text[:2] + "*" * max(len(text) - 4, 0) + text[-2:]
    return text[:1] + "***"


ROSTER_HEADERS = ("student_surname", "student_name", "student_patronymic", "group",
                  "guardian_surname", "guardian_name", "guardian_patronymic", "relation",
                  "phone", "email", "telegram", "vk", "max", "consent")

_ROSTER_SQL = """
SELECT s.surname, s.name, s.patronymic, gr.name, g.surname, g.name, g.patronymic, sg.relation,
    g.phone, g.email, g.telegram, g.vk, g.max, g.consent_given_at, g.consent_withdrawn_at
FROM guardians g
LEFT JOIN student_guardians sg ON sg.guardian_id = g.id
LEFT JOIN students s ON s.id = sg.student_id
LEFT JOIN groups gr ON gr.id = s.group_id
"""


# Students no guardian is linked to, as rows with empty guardian cells (re-importable).
_LONE_STUDENTS_SQL = """
SELECT s.surname, s.name, s.patronymic, gr.name, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM students s
LEFT JOIN groups gr ON gr.id = s.group_id
WHERE NOT EXISTS (SELECT 1 FROM student_guardians sg WHERE sg.student_id = s.id)
"""


def _roster_queries(flt: Filter) -> list[tuple[str, list[object]]]:
    """Guardians in the order they were added, then (unless searching) lone students."""
    where, params = flt.where()
    queries = [(f"{_ROSTER_SQL}{where} ORDER BY g.id, sg.rowid", params)]
    if not flt.text:
        group = " AND gr.name = ?" if flt.group else ""
        queries.append((f"{_LONE_STUDENTS_SQL}{group} ORDER BY s.id", [flt.group] if flt.group else []))
    return queries


def _roster_rows(db: sqlite_utils.Database, flt: Filter, redacted: bool) -> Iterator[list[object]]:
    withdrawn = t("export.consent_withdrawn")
    labels: dict[str, str] = {}
    rows = (row for sql, params in _roster_queries(flt) for row in db.execute(sql, params))
    for row in rows:
        values = list(row[:13])
        relation = values[7]
        if relation:
            values[7] = labels.get(relation) or labels.setdefault(relation, relation_label(relation))
        given, gone = row[13], row[14]
        values.append(f"{withdrawn} {gone}" if gone else (given or ""))
        if redacted:
            values = [redact(ROSTER_HEADERS[i], v) for i, v in enumerate(values)]
        yield values


def export_roster(db: sqlite_utils.Database, target: Path | str, flt: Filter = Filter(),
                  excel: bool = False, redacted: bool = False) -> int:
    """One row per student–guardian pair (guardians without children and students without
    guardians too), in the order the guardians were added (an imported file keeps its order);
    re-importable."""
    headers = [t(f"export.roster.{h}") for h in ROSTER_HEADERS]
    count = write_csv(target, headers, _roster_rows(db, flt, redacted), excel)
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
        rows = ([redact(c, v) for c, v in zip(columns, row)] if redacted else row for row in cursor)
        counts[table] = write_csv(folder / f"{table}.csv", columns, rows, excel)
    audit.record(db, "export", "all", None, {"tables": len(counts), "redacted": redacted})
    return counts
