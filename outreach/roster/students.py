"""The roster's students as lists read them: by class and any part of the name, with their
parents, paged; and a student's fields checked as the forms check them. Writes stay in
`roster`, next to the guardians they link to."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from outreach.common.errors import NotFound
from outreach.common.groups import canonical_group
from outreach.common.i18n import t
from outreach.common.names import clean_name, fold_key, not_a_name
from outreach.roster.records import Parent, Student
from outreach.store.order import GROUP_POSITIONS, PagedOrder, full_name_ru

STUDENT_EDITABLE = ("surname", "name", "patronymic", "group")

_STUDENT_SQL = """
SELECT s.id, s.surname, s.name, s.patronymic, gr.name, (
    SELECT json_group_array(json_object('id', g.id, 'surname', g.surname, 'name', g.name,
        'patronymic', g.patronymic, 'relation', sg.relation))
    FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id
    WHERE sg.student_id = s.id)
FROM students s LEFT JOIN groups gr ON gr.id = s.group_id"""
_ORDERED = f"FROM students s LEFT JOIN {GROUP_POSITIONS} gp ON gp.id = s.group_id"  # by class, then name
_ORDER_TIES = f"{full_name_ru('s')}, s.id"


@dataclass(frozen=True)
class StudentFilter:
    """Which students a list shows: a class, any part of the name, only those without parents."""

    group: str | None = None
    text: str | None = None
    without_guardians: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "group", canonical_group(self.group) or None)

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if self.group:
            clauses.append("s.group_id IN (SELECT id FROM groups WHERE name = ?)")
            params.append(self.group)
        for word in fold_key(self.text or "").split():
            clauses.append("instr(s.name_key, ?) > 0")
            params.append(word)
        if self.without_guardians:
            clauses.append("NOT EXISTS (SELECT 1 FROM student_guardians sg WHERE sg.student_id = s.id)")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _student(row: tuple[Any, ...]) -> Student:
    parents = [Parent(**parent) for parent in json.loads(row[5])]
    return Student(row[0], row[1], row[2], row[3], row[4], sorted(p.id for p in parents), parents)


def get_student(db: sqlite_utils.Database, student_id: int) -> Student:
    row = db.execute(f"{_STUDENT_SQL} WHERE s.id = ?", [student_id]).fetchone()
    if row is None:
        raise NotFound(t("There is no student with id {id}.", id=student_id))
    return _student(row)


def list_students(db: sqlite_utils.Database, flt: StudentFilter = StudentFilter(),
                  limit: int | None = None, offset: int = 0) -> list[Student]:
    """Students by class and name (Russian order, `RU`), with their guardians; `limit`/`offset`
    page through them."""
    where, params = flt.where()
    order = PagedOrder(_ORDERED, where, params, ("coalesce(gp.position, 0)", "s.name_key"), _ORDER_TIES)
    found = order.everything() if limit is None else order.page(db, limit, offset)
    if found is None:
        return []
    rows, params = found
    ids = [sid for (sid,) in db.execute(f"SELECT s.id {rows}", params)]
    # then the page's students with their parents, gathered for that page only
    sql = f"{_STUDENT_SQL} WHERE s.id IN (SELECT value FROM json_each(?))"
    students = {row[0]: _student(row) for row in db.execute(sql, [json.dumps(ids)])}
    return [students[sid] for sid in ids]


def count_students(db: sqlite_utils.Database, flt: StudentFilter = StudentFilter()) -> int:
    where, params = flt.where()
    return int(db.execute(f"SELECT count(*) FROM students s{where}", params).fetchone()[0])


NAME_PARTS = ("surname", "name", "patronymic")


def name_slip(text: str) -> str:
    """Why a name field's text is not a name (a phone, an e-mail, a class typed into it), or ''."""
    if not not_a_name(text):
        return ""
    if "@" in text:
        return t("an e-mail address is not a name: it goes in the E-mail field")
    if sum(c.isdigit() for c in text) >= 7:
        return t("a phone number is not a name: it goes in the Phone field")
    return t("a name has no digits (a class goes in the Class field)")


def check_student(values: Mapping[str, str | None]) -> tuple[dict[str, str], dict[str, str]]:
    """Clean a student's name parts and class; return (clean values, {field: reason})."""
    clean = {key: clean_name(values.get(key)) for key in NAME_PARTS}
    clean["group"] = canonical_group(values.get("group"))
    errors = {key: t("the student needs a surname and a first name") for key in ("surname", "name") if not clean[key]}
    errors |= {key: slip for key in NAME_PARTS if (slip := name_slip(clean[key]))}
    if not clean["group"]:
        errors["group"] = t("A group (class) is required.")
    return clean, errors
