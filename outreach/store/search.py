"""Guardian search: an FTS5 trigram index (positions not stored) over folded names, phone
digits and addresses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

import sqlite_utils

from outreach.common.names import fold_key

_PHONE_QUERY = re.compile(r"^[\d\s()+\-.]+$")
_GLOB_SPECIAL = re.compile(r"[*?\[\]]+")


def search_doc(*parts: str | None) -> str:
    """The indexed text for a guardian: folded names and addresses, phone digits both ways."""
    words: list[str] = []
    phones: list[str] = []
    for part in parts:
        if not part:
            continue
        if "+" not in part:  # most parts hold no phone
            words.append(part)
            continue
        for piece in part.split() if " " in part else (part,):  # extra contacts: one by one
            if piece.startswith("+") and piece[1:].isdigit():
                phones.append(piece[1:])
                if piece.startswith("+7"):
                    phones.append("8" + piece[2:])
            else:
                words.append(piece)
    folded = fold_key(" ".join(words))
    return " ".join([folded, *phones] if folded else phones)


def register(db: sqlite_utils.Database) -> None:
    db.conn.create_function("search_doc", -1, search_doc, deterministic=True)


# A guardian's own fields in their search document, followed by the children's names.
DOC_FIELDS = ("surname", "name", "patronymic", "phone", "email", "telegram", "vk", "max", "extra_contacts")


def _doc_sql(fields: Sequence[str]) -> str:
    return f"""
SELECT g.id, search_doc({", ".join(f"g.{field}" for field in fields)},
    (SELECT group_concat(s.surname || ' ' || s.name, ' ')
            FROM student_guardians sg JOIN students s ON s.id = sg.student_id
            WHERE sg.guardian_id = g.id))
FROM guardians g
"""


_DOC_SQL = _doc_sql(DOC_FIELDS)


def fields_in(db: sqlite_utils.Database) -> tuple[str, ...]:
    """The document's fields this file's guardians have (a backup of an older schema lacks
    the later ones, as `extra_contacts`)."""
    columns = set(db["guardians"].columns_dict)
    return tuple(field for field in DOC_FIELDS if field in columns)


def reindex(db: sqlite_utils.Database, guardian_ids: Iterable[int] | None = None,
            fields: Sequence[str] = DOC_FIELDS) -> None:
    """Rebuild the index rows of these guardians (all when None) from `fields`; call inside the write."""
    sql = _DOC_SQL if fields == DOC_FIELDS else _doc_sql(fields)
    if guardian_ids is None:
        db.execute("DELETE FROM guardian_search")
        db.execute(f"INSERT INTO guardian_search(rowid, doc) {sql}")
        return
    ids = json.dumps(sorted(set(guardian_ids)))
    db.execute("DELETE FROM guardian_search WHERE rowid IN (SELECT value FROM json_each(?))", [ids])
    db.execute(f"INSERT INTO guardian_search(rowid, doc) {sql} "
               "WHERE g.id IN (SELECT value FROM json_each(?))", [ids])


def drop(db: sqlite_utils.Database, guardian_ids: Iterable[int]) -> None:
    """Remove guardians from the index and merge segments so no trace of them stays."""
    ids = json.dumps(sorted(set(guardian_ids)))
    db.execute("DELETE FROM guardian_search WHERE rowid IN (SELECT value FROM json_each(?))", [ids])
    db.execute("INSERT INTO guardian_search(guardian_search) VALUES ('optimize')")


def query_terms(text: str) -> list[str]:
    """Folded search terms; a phone-like query becomes one run of digits."""
    text = text.strip()
    if not text:
        return []
    if _PHONE_QUERY.match(text) and sum(c.isdigit() for c in text) >= 3:
        digits = "".join(c for c in text if c.isdigit())
        return [digits]
    return fold_key(text).split()


def match_clause(text: str) -> tuple[str, list[str]] | None:
    """SQL selecting the rowids that match `text` (every term, as a substring), or None.

    Documents are lower-case, so a case-sensitive GLOB is exact; the trigram index answers
    GLOB patterns of three or more characters. Shorter pieces scan with instr(): SQLite
    3.40's trigram GLOB/LIKE misses two-letter Cyrillic patterns.
    """
    pieces = [p for term in query_terms(text) for p in _GLOB_SPECIAL.split(term) if p]
    if not pieces:
        return None
    where = " AND ".join("doc GLOB ?" if len(p) >= 3 else "instr(doc, ?) > 0" for p in pieces)
    params = [f"*{p}*" if len(p) >= 3 else p for p in pieces]
    return f"SELECT rowid FROM guardian_search WHERE {where}", params
