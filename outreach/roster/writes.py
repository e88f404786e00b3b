"""The roster's one write path (it lands as `outreach/roster/writes.py`): guardians, students,
their links and classes are written here and nowhere else. The form, the CLI and the import
all call it — the import with a whole file's rows at once (`executemany`), the form with one —
and every write stamps `updated_at`, computes the matching key (`name_key`) and, at `done()`,
reindexes for search the guardians whose document it changed. Writes run in the caller's
transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import sqlite_utils

from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.groups import canonical_group, group_key
from outreach.common.i18n import t
from outreach.common.names import name_key
from outreach.store import search

GUARDIAN_FIELDS = ("surname", "name", "patronymic", "phone", "email", "telegram", "vk", "max",
                   "extra_contacts", "notes",
                   "consent_given_at", "consent_withdrawn_at", "consent_scope")
NAMES = GUARDIAN_FIELDS[:3]
NOT_NULL = frozenset(NAMES)  # stored as '' when not given

Record = Mapping[str, str | None]
StudentRow = tuple[int, Sequence[str], int | None, str | None]  # id, (ФИО), class id, name key
# A row's values as stored, before its timestamps (`student_values`, `guardian_values`): the
# columns an import stages beside the roster (see `RosterWrite.add_staged`).
STUDENT_VALUES = ("id", "surname", "name", "patronymic", "group_id", "name_key")
GUARDIAN_VALUES = ("id", *GUARDIAN_FIELDS, "name_key")
LINK_VALUES = ("student_id", "guardian_id", "relation")


def next_id(db: sqlite_utils.Database, table: str) -> int:
    """The id the next row of `table` gets (rows are numbered before they are written)."""
    return int(db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def record_key(record: Record) -> str:
    """The matching key of a guardian's or student's stored name."""
    return name_key(record.get("surname") or "", record.get("name") or "",
                    record.get("patronymic") or "")


class Groups:
    """The stored classes by the key that compares them («7 а» = «7-А» = «7A» = «7А»): the
    one class-name rule of the form, the CLI and the import. A class not stored yet is
    numbered here and waits in `new` until `RosterWrite.add_groups` writes it."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        stored = db.execute("SELECT id, name FROM groups").fetchall()
        self.ids = {group_key(name): int(gid) for gid, name in stored}
        self.names: dict[int, str] = {int(gid): name for gid, name in stored}  # stored and new
        self.next = next_id(db, "groups")
        self.new: dict[int, str] = {}
        self._seen: dict[str, int] = {}  # a class as typed → its id (rows repeat a few spellings)

    def id(self, group: str) -> int:
        gid = self._seen.get(group)
        if gid is None:
            gid = self._seen[group] = self._id(canonical_group(group))
        return gid

    def _id(self, name: str) -> int:
        if not name:
            raise OutreachError(t("A group (class) is required."))
        key = group_key(name)
        gid = self.ids.get(key)
        if gid is None:
            gid = self.ids[key] = self.next
            self.next += 1
            self.new[gid] = self.names[gid] = name
        return gid


def group_id(db: sqlite_utils.Database, group: str) -> int:
    """The id of this class, stored now if it is new (call inside the write)."""
    groups = Groups(db)
    gid = groups.id(group)
    RosterWrite(db).add_groups(groups)
    return gid


class RosterWrite:
    """The writes of one transaction (the caller's); `done()` reindexes what they touched."""

    def __init__(self, db: sqlite_utils.Database, now: str | None = None) -> None:
        self.conn = db.conn
        self.db = db
        self.now = now or clock.now_iso()
        self.guardians: set[int] = set()  # whose search document changed
        self.students: set[int] = set()  # whose guardians' documents changed

    def add_groups(self, groups: Groups) -> None:
        self.conn.executemany("INSERT INTO groups(id, name) VALUES (?, ?)",
                              sorted(groups.new.items()))
        groups.new.clear()

    def add_students(self, rows: Iterable[StudentRow]) -> None:
        """Insert students under the ids given (see `next_id`); a key of None is computed."""
        now = self.now
        self.conn.executemany(
            "INSERT INTO students(id, surname, name, patronymic, group_id, name_key,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*student_values(row), now, now) for row in rows])

    def update_students(self, rows: Iterable[StudentRow]) -> None:
        """Set students' full names (and class, unless None); their guardians are reindexed."""
        now, rows = self.now, list(rows)
        values = [(*parts, gid, key or name_key(*parts), now, sid) for sid, parts, gid, key in rows]
        self.conn.executemany(
            "UPDATE students SET surname = ?, name = ?, patronymic = ?,"
            " group_id = coalesce(?, group_id), name_key = ?, updated_at = ? WHERE id = ?", values)
        self.students.update(sid for sid, _, _, _ in rows)

    def add_guardians(self, rows: Iterable[tuple[int, Record, str | None]]) -> None:
        """Insert guardians: (id, any of GUARDIAN_FIELDS, name key or None to compute it)."""
        now, rows = self.now, list(rows)
        cols = ", ".join(GUARDIAN_FIELDS)
        marks = ", ".join("?" * len(GUARDIAN_FIELDS))
        values = [(*guardian_values(gid, record, key), now, now) for gid, record, key in rows]
        self.conn.executemany(f"INSERT INTO guardians(id, {cols}, name_key, created_at, updated_at)"
                              f" VALUES (?, {marks}, ?, ?, ?)", values)
        self.guardians.update(gid for gid, _, _ in rows)

    def update_guardians(self, fields: Sequence[str], rows: Iterable[tuple[int, Record]]) -> None:
        """Set these fields of guardians; each record holds them and the full name."""
        sets, rows = ", ".join(f"{field} = ?" for field in fields), list(rows)
        values = [(*_values(record, fields), record_key(record), self.now, gid)
                  for gid, record in rows]
        self.conn.executemany(
            f"UPDATE guardians SET {sets}, name_key = ?, updated_at = ? WHERE id = ?", values)
        self.guardians.update(gid for gid, _ in rows)

    def link(self, rows: Iterable[tuple[int, int, str]]) -> None:
        """Link (student id, guardian id, relation); a relation of '' keeps the stored one."""
        values = list(rows)
        self.conn.executemany(
            "INSERT INTO student_guardians(student_id, guardian_id, relation) VALUES (?, ?, ?)"
            " ON CONFLICT(student_id, guardian_id) DO UPDATE SET relation ="
            " iif(excluded.relation = '', relation, excluded.relation)", values)
        self.guardians.update(gid for _, gid, _ in values)

    def add_staged(self, students: str, guardians: str, links: str) -> None:
        """Insert the rows a bulk import staged in tables of this connection: students and
        guardians holding STUDENT_VALUES / GUARDIAN_VALUES (`student_values`,
        `guardian_values`), links holding LINK_VALUES, inserted in their tables' rowid order.
        Nothing is noted for `done()` to reindex: the caller stages their search index too."""
        now = self.now
        for table, staged, columns in (("students", students, STUDENT_VALUES),
                                       ("guardians", guardians, GUARDIAN_VALUES)):
            names = ", ".join(columns)
            self.conn.execute(f"INSERT INTO {table}({names}, created_at, updated_at)"
                              f" SELECT {names}, ?, ? FROM {staged} ORDER BY rowid", [now, now])
        names = ", ".join(LINK_VALUES)
        self.conn.execute(f"INSERT INTO student_guardians({names}) SELECT {names} FROM {links} ORDER BY rowid")

    def done(self, reindex: bool = True) -> None:
        """Reindex the guardians touched (unless the caller built the index itself)."""
        touched = set(self.guardians)
        if self.students:
            touched.update(int(gid) for (gid,) in self.db.execute(
                "SELECT guardian_id FROM student_guardians"
                " WHERE student_id IN (SELECT value FROM json_each(?))",
                ["[" + ",".join(str(i) for i in sorted(self.students)) + "]"]))
        if reindex and touched:
            search.reindex(self.db, touched)


def student_values(row: StudentRow) -> tuple[object, ...]:
    """A student's STUDENT_VALUES (the class id as given; a key of None is computed)."""
    sid, parts, gid, key = row
    return (sid, *parts, gid, key or name_key(*parts))


def guardian_values(gid: int, record: Record, key: str | None) -> tuple[object, ...]:
    """A guardian's GUARDIAN_VALUES (a key of None is computed from the record's name):
    `_values(record, GUARDIAN_FIELDS)` unrolled, as an import computes it 100,000 times."""
    get = record.get
    surname, name, patronymic = NAMES
    return (gid, get(surname) or "", get(name) or "", get(patronymic) or "",
            *map(get, GUARDIAN_FIELDS[3:]), key or record_key(record))


def _values(record: Record, fields: Sequence[str]) -> list[str | None]:
    return [(record.get(f) or "") if f in NOT_NULL else record.get(f) for f in fields]
