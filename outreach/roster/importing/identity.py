"""Matching imported people to stored ones and working out what changes.

A file is taken as a whole: when it names a record twice with different values, the last
non-empty value of each field wins (the last consent word, the last relation), and the
record counts as updated only when that result differs from what the database holds. So
importing the same file again changes nothing, however the file contradicts itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

import sqlite_utils

from outreach.common.groups import class_number
from outreach.common.names import (
    Folded,
    fold_key,
    folded_name,
    fuller_part,
    keep_yo,
    name_form,
    name_key,
    same_part,
    same_person,
)
from outreach.roster.consent import consent_from_file
from outreach.roster.importing.rows import STORED_CONTACTS, GuardianIn, PersonIn, RowIn
from outreach.roster.notes import SEPARATOR, add_notes
from outreach.roster.writes import Groups, next_id

CONSENT_COLUMNS = ("consent_given_at", "consent_withdrawn_at")
GUARDIAN_COLUMNS = ("surname", "name", "patronymic") + STORED_CONTACTS + CONSENT_COLUMNS + ("consent_scope", "notes")
_BLANK: dict[str, str | None] = dict.fromkeys(GUARDIAN_COLUMNS)  # what a new guardian starts from


@dataclass(frozen=True)
class Counts:
    """How many records of a kind an import created, updated and found unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Changes:
    """Everything the import would write, ready for executemany."""

    students: dict[int, list[str]] = field(default_factory=dict)
    student_groups: dict[int, int] = field(default_factory=dict)  # new students', and moved ones'
    moved: dict[int, int] = field(default_factory=dict)  # a stored student the file names in another class → the stored class
    new_students: set[int] = field(default_factory=set)
    changed_students: set[int] = field(default_factory=set)
    guardians: dict[int, dict[str, str | None]] = field(default_factory=dict)
    new_guardians: set[int] = field(default_factory=set)
    changed_guardians: set[int] = field(default_factory=set)
    new_links: dict[tuple[int, int], str] = field(default_factory=dict)
    changed_links: dict[tuple[int, int], str] = field(default_factory=dict)
    seen_students: set[int] = field(default_factory=set)
    seen_guardians: set[int] = field(default_factory=set)
    student_keys: dict[int, str] = field(default_factory=dict)
    guardian_keys: dict[int, str] = field(default_factory=dict)

    def counts(self) -> tuple[Counts, Counts]:
        students = Counts(
            created=len(self.new_students),
            updated=len(self.changed_students - self.new_students),
            unchanged=len(self.seen_students - self.new_students - self.changed_students),
        )
        linked = {g for _, g in self.new_links} | {g for _, g in self.changed_links}
        changed = (self.changed_guardians | linked) - self.new_guardians
        guardians = Counts(
            created=len(self.new_guardians),
            updated=len(changed),
            unchanged=len(self.seen_guardians - self.new_guardians - changed),
        )
        return students, guardians


class Resolver:
    """Loads the stored roster once, then resolves rows against it (and each other).

    `version` is the database's `PRAGMA data_version` as it was read: a commit by another
    connection since then changes it, and the roster matched against is out of date.
    """

    def __init__(self, db: sqlite_utils.Database):
        self.changes = Changes()
        self.groups = Groups(db)
        self.version = int(db.execute("PRAGMA data_version").fetchone()[0])
        self.indexed = db.execute("SELECT 1 FROM guardian_search LIMIT 1").fetchone() is not None
        self.new_docs: set[int] = set()  # guardians whose search document changed (take_docs)
        self.tracking = False  # whether to note the students and links changed (take_touched)
        self._students_touched: dict[int, None] = {}  # in the order first changed
        self._links_touched: dict[tuple[int, int], None] = {}
        self.students: dict[tuple[str, int], int] = {}
        self._alike: Alike | None = None  # built at the first child not found by the full name
        self.stored_groups: dict[int, int] = {}  # a stored student → their class
        self.unsure: dict[tuple[str, int], list[int]] = {}  # (name key, class) → the stored namesakes it could be
        for sid, key, gid, surname, name, patronymic in db.execute(
            "SELECT id, name_key, group_id, surname, name, patronymic FROM students"
        ):
            self.students[(key, gid)] = sid
            self.stored_groups[sid] = gid
            self.changes.students[sid] = [surname, name, patronymic]
        self.next_student = next_id(db, "students")
        self.named_before: dict[int, list[str]] = {}  # stored names of students the file renames
        self.stored: dict[int, dict[str, str | None]] = {}
        self.by_phone: dict[str, list[int]] = {}
        self.by_email: dict[str, list[int]] = {}
        self.by_name: dict[str, list[int]] = {}
        cols = ", ".join(GUARDIAN_COLUMNS)
        for row in db.execute(f"SELECT id, name_key, {cols} FROM guardians"):
            record = dict(zip(GUARDIAN_COLUMNS, row[2:], strict=True))
            self._index(row[0], record, row[1])
            self.stored[row[0]] = record
        self.next_guardian = next_id(db, "guardians")
        self.file_consent: dict[int, tuple[str, str]] = {}  # the file's last consent word, per guardian
        self.links: dict[tuple[int, int], str] = {  # as stored; the file's are in changes
            (s, g): r for s, g, r in db.execute(
                "SELECT student_id, guardian_id, relation FROM student_guardians ORDER BY rowid")
        }
        self.guardians_of: dict[int, set[int]] = {}
        self.children: dict[int, list[int]] = {}  # guardian → students, in the order linked
        for s, g in self.links:
            self.guardians_of.setdefault(s, set()).add(g)
            self.children.setdefault(g, []).append(s)
        self.has_children = set(self.children)
        self.empty = not self.stored and not self.changes.students and not self.links  # nobody stored

    def take_docs(self) -> set[int]:
        """The guardians whose search document changed since the last call."""
        docs, self.new_docs = self.new_docs, set()
        return docs

    def take_touched(self) -> tuple[list[int], list[tuple[int, int]]]:
        """The students and links added or changed since the last call, in the order first
        touched (with `tracking` on; a first import stages them as it goes)."""
        students, links = list(self._students_touched), list(self._links_touched)
        self._students_touched, self._links_touched = {}, {}
        return students, links

    def _index(self, gid: int, record: dict[str, str | None], key: str) -> None:
        if phone := record.get("phone"):
            self.by_phone.setdefault(phone, []).append(gid)
        if email := record.get("email"):
            self.by_email.setdefault(email, []).append(gid)
        self.by_name.setdefault(key, []).append(gid)

    def resolve(self, row: RowIn) -> None:
        student_id = self._student(row.student, row.group, row.guardians) if row.student else None
        siblings = [self._student(person, group, row.guardians) for person, group in row.siblings]
        for guardian in row.guardians:
            gid = self._guardian(guardian, student_id)
            for child in ([student_id] if student_id is not None else []) + siblings:
                self._link(child, gid, guardian.relation)

    def _student(self, person: PersonIn, group: str, guardians: list[GuardianIn]) -> int:
        gid = self.groups.id(group)
        folded = name_key(person.surname, person.name, person.patronymic)
        key = (folded, gid)
        parts = [person.surname, person.name, person.patronymic]
        sid = self.students.get(key)
        if sid is None:  # not by this name in the class: said less fully, or moved
            called = folded_name(*parts)
            sid = self._same_class(called, key)
            if sid is None and key not in self.unsure:
                sid = self._moved(called, folded, gid, guardians)
            if sid is not None:
                self.students[key] = sid
        if sid is not None:  # a patronymic is not lost to a list without, nor «Анна» to «Аня»
            stored = sid not in self.changes.new_students
            before = self.named_before.get(sid, self.changes.students[sid]) if stored else self.changes.students[sid]
            parts = [fuller_part(was, part) for was, part in zip(before, parts, strict=True)]
            if stored:  # nor «ё» stored to «е» typed
                parts = [keep_yo(was, part) for was, part in zip(before, parts, strict=True)]
            folded = name_key(*parts)
        if sid is None:
            sid = self.students[key] = self.next_student
            self.next_student += 1
            self.changes.new_students.add(sid)
            self.changes.students[sid] = parts
            self.changes.student_groups[sid] = gid
            self.changes.student_keys[sid] = folded
            if self._alike is not None:
                self._alike.add(sid, folded_name(*parts), gid)
            if self.tracking:
                self._students_touched[sid] = None
        elif self.changes.students[sid] != parts:
            before = self.named_before.setdefault(sid, self.changes.students[sid])
            self.changes.students[sid] = parts
            _mark(self.changes.changed_students, sid, parts != before or sid in self.changes.moved)
            self.changes.student_keys[sid] = folded
            self.new_docs.update(self.guardians_of.get(sid, ()))
            if self.tracking:
                self._students_touched[sid] = None
        self.changes.seen_students.add(sid)
        return sid

    def alike(self) -> Alike:
        """The students a child may be, indexed from the stored and the file's so far."""
        if self._alike is None:
            self._alike = Alike()
            for sid, parts in self.changes.students.items():
                self._alike.add(sid, folded_name(*parts), self._group_of(sid), stored=sid not in self.changes.new_students)
        return self._alike

    def _same_class(self, called: Folded, key: tuple[str, int]) -> int | None:
        """The one student of the class whom a child so called may be (`Alike`). Two such:
        none, kept in `unsure` (the child is taken as new, and that is said)."""
        gid = key[1]
        found = {sid for sid in self.alike().in_class(called, gid) if self._group_of(sid) == gid}
        if len(found) > 1:
            self.unsure[key] = sorted(found)
        return found.pop() if len(found) == 1 else None

    def _moved(self, called: Folded, folded: str, gid: int, guardians: list[GuardianIn]) -> int | None:
        """The stored student of this name in another class whom one of the row's parents
        (by phone, e-mail or name) is a parent of: the same child, moved to class `gid` (a
        new school year's list names 7Б's children in 8Б). A row naming no parent (a list of
        students only) moves the namesake of a class a year below, of any letter (classes
        are re-formed: 7А's child may be in 8Б). A namesake the file has already named in
        their own class is no candidate; two candidates are no move, kept in `unsure`. The
        name may be said less fully than stored (`Alike`)."""
        others = [sid for sid in self.alike().stored(called)
                  if self._group_of(sid) != gid and sid not in self.changes.seen_students]
        if guardians:
            found = [sid for sid in others if any(self._match(g, sid, name_key(g.surname, g.name, g.patronymic))
                                                  in self.guardians_of.get(sid, ()) for g in guardians)]
        else:
            grade = class_number(self.groups.names[gid])
            found = [sid for sid in others
                     if grade > 1 and class_number(self.groups.names[self._group_of(sid)]) == grade - 1]
        if len(found) > 1:
            self.unsure[(folded, gid)] = found
        if len(found) != 1:
            return None
        sid = found[0]
        self.students.pop((name_key(*self.changes.students[sid]), self._group_of(sid)), None)
        self.changes.student_groups[sid] = gid
        self.changes.student_keys[sid] = name_key(*self.changes.students[sid])
        self.alike().add(sid, folded_name(*self.changes.students[sid]), gid)
        stored = self.stored_groups[sid]
        if gid == stored:
            self.changes.moved.pop(sid, None)
        else:
            self.changes.moved[sid] = stored
        _mark(self.changes.changed_students, sid, sid in self.changes.moved
              or self.changes.students[sid] != self.named_before.get(sid, self.changes.students[sid]))
        if self.tracking:
            self._students_touched[sid] = None
        return sid

    def _group_of(self, sid: int) -> int:
        return self.changes.student_groups.get(sid) or self.stored_groups[sid]

    def _match(self, person: GuardianIn, student_id: int | None, key: str) -> int | None:
        first, surname = fold_key(person.name), fold_key(person.surname)
        for index, value in ((self.by_phone, person.phone), (self.by_email, person.email)):
            for gid in index.get(value, ()) if value else ():
                record = self.current(gid)
                stored_first = fold_key(record["name"] or "")
                if not first or not stored_first or first == stored_first:
                    return gid
                if same_part(first, stored_first) and fold_key(record["surname"] or "") == surname:
                    return gid  # «Оля» of «Ольга», «А.» of «Анна» — of the same surname: a family shares phones
        if student_id is not None:
            linked = self.guardians_of.get(student_id, set())
            for gid in self.by_name.get(key, ()):
                if gid in linked:
                    return gid
            return self._parent_alike(person, linked)
        # A row without a child (a parents' list): the same name is the same person when
        # that leaves no doubt, preferring one who is linked to no child either.
        named = list(dict.fromkeys(self.by_name.get(key, ())))
        loose = [gid for gid in named if gid not in self.has_children]
        if loose or len(named) == 1:
            return (loose or named)[0]
        return None

    def _parent_alike(self, person: GuardianIn, linked: set[int]) -> int | None:
        """The one parent of the child whom the row names less or more fully (`same_person`):
        «Волкова Ирина» for «Волкова Ирина Сергеевна», «Белова Оля» for «Белова Ольга»."""
        called = folded_name(*_names(person))
        found = [gid for gid in linked
                 if same_person(called, folded_name(*(self.current(gid)[part] for part in NAME_PARTS)))]
        return found[0] if len(found) == 1 else None

    def current(self, gid: int) -> dict[str, str | None]:
        return self.changes.guardians.get(gid) or self.stored[gid]

    def _guardian(self, person: GuardianIn, student_id: int | None) -> int:
        key = name_key(person.surname, person.name, person.patronymic)
        gid = self._match(person, student_id, key)
        if gid is None:
            gid = self.next_guardian
            self.next_guardian += 1
            self.changes.new_guardians.add(gid)
            self.changes.guardian_keys[gid] = key
        before = self.changes.guardians.get(gid) or self.stored.get(gid, _BLANK)
        record = self._with_row(gid, before, person)
        if record != before:
            self.changes.guardians[gid] = record
            if gid not in self.changes.new_guardians:
                _mark(self.changes.changed_guardians, gid, record != self.stored[gid])
                self.changes.guardian_keys.pop(gid, None)  # the stored names may differ from these
            self._index(gid, record, key)
            self.new_docs.add(gid)
        self.changes.seen_guardians.add(gid)
        return gid

    def _with_row(self, gid: int, record: dict[str, str | None], person: GuardianIn) -> dict[str, str | None]:
        """The guardian's record with this row's non-empty values and notes added to the
        notes kept (once); the consent columns are the stored ones changed by the last
        consent word the file gave so far."""
        merged = dict(record)
        stored = self.stored.get(gid, _BLANK)
        for key, value in zip(INCOMING, _incoming(person), strict=True):
            if value:
                merged[key] = value
        for key, value in zip(NAME_PARTS, _names(person), strict=True):  # not «Ольга» to «Оля»
            if value:
                fuller = fuller_part(record[key] or "", value)
                merged[key] = keep_yo(stored[key], fuller) if gid in self.stored else fuller  # nor «ё» to «е»
        if person.notes:
            merged["notes"] = add_notes(merged["notes"], *person.notes.split(SEPARATOR))
        if person.consent is not None:
            self.file_consent[gid] = person.consent
        if gid in self.file_consent:
            merged.update({k: stored[k] for k in CONSENT_COLUMNS})
            merged.update(consent_from_file(stored, self.file_consent[gid]))
        return merged

    def _link(self, student_id: int, gid: int, relation: str) -> None:
        pair = (student_id, gid)
        changes = self.changes
        stored = self.links.get(pair)
        if self.tracking:
            self._links_touched[pair] = None
        if pair in changes.new_links:
            if relation:
                changes.new_links[pair] = relation
        elif stored is None:
            changes.new_links[pair] = relation
            self.guardians_of.setdefault(student_id, set()).add(gid)
            self.children.setdefault(gid, []).append(student_id)
            self.has_children.add(gid)
            self.new_docs.add(gid)
        elif relation and relation != stored:
            changes.changed_links[pair] = relation
        elif relation:  # the file's last word is the stored relation after all
            changes.changed_links.pop(pair, None)


class Alike:
    """The students a child may be, by surname and the first name's everyday form: those of
    each class, and the stored ones (a move's candidates); `same_person` decides among them
    («Волков Глеб» for «Волков Глеб Андреевич», «Соколова Аня» for «Соколова Анна»)."""

    def __init__(self) -> None:
        self.by_class: dict[tuple[str, str, int], list[tuple[int, Folded]]] = {}
        self.by_name: dict[tuple[str, str], list[tuple[int, Folded]]] = {}

    def add(self, sid: int, name: Folded, gid: int, stored: bool = False) -> None:
        entry, key = (sid, name), (name[0], name_form(name[1]))
        self.by_class.setdefault((*key, gid), []).append(entry)
        if stored:
            self.by_name.setdefault(key, []).append(entry)

    def in_class(self, called: Folded, gid: int) -> list[int]:
        return _fitting(called, self.by_class.get((called[0], name_form(called[1]), gid), []))

    def stored(self, called: Folded) -> list[int]:
        return _fitting(called, self.by_name.get((called[0], name_form(called[1])), []))


def _fitting(called: Folded, entries: list[tuple[int, Folded]]) -> list[int]:
    return [sid for sid, name in entries if same_person(called, name)]


def _mark(changed: set[int], key: int, differs: bool) -> None:
    """Keep `key` in the set of changed records exactly while it differs from the stored one."""
    if differs:
        changed.add(key)
    else:
        changed.discard(key)


NAME_PARTS = ("surname", "name", "patronymic")
INCOMING = (*NAME_PARTS, *STORED_CONTACTS)  # a row's values for a guardian
# A row's name and contact values for a guardian (consent is `_with_row`'s).
_incoming: Callable[[GuardianIn], tuple[str, ...]] = attrgetter(*INCOMING)
_names: Callable[[GuardianIn], tuple[str, ...]] = attrgetter(*NAME_PARTS)
