"""The parent roster: listing, searching, adding, editing, removing, consent, forgetting."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from outreach.common.collation import COLLATION, russian_order_key
from outreach.common.contacts import (
    NORMALIZERS,
    InvalidContact,
    contact_pieces,
    contact_text,
    email_question,
    extension_note,
    format_phone,
    normalize_contact,
    normalize_phone,
    reason_text,
    split_extension,
    suspicious_domain,
)
from outreach.common.errors import NotFound, OutreachError
from outreach.common.groups import canonical_group
from outreach.common.i18n import N_, t
from outreach.common.names import (
    clean_name,
    fold_key,
    folded_name,
    has_control,
    name_key,
    same_part,
    same_person,
    split_fio,
    tidy,
)
from outreach.roster.consent import (
    ConsentChange as ConsentChange,  # the roster's consent API, kept here
)
from outreach.roster.consent import change_consent as change_consent
from outreach.roster.consent import consent_states as consent_states
from outreach.roster.consent import set_consent as set_consent
from outreach.roster.consent import undo_consent as undo_consent
from outreach.roster.consent import year_old_before as year_old_before
from outreach.roster.notes import add_notes
from outreach.roster.records import Child, Guardian
from outreach.roster.relations import CODES as RELATIONS
from outreach.roster.relations import normalize_relation
from outreach.roster.students import NAME_PARTS, get_student, name_slip
from outreach.roster.writes import RosterWrite, group_id, next_id
from outreach.store import audit, search
from outreach.store.order import PagedOrder, full_name_ru

CONTACTS = ("phone", "email", "telegram", "vk", "max")
GUARDIAN_EDITABLE = ("surname", "name", "patronymic", *CONTACTS, "extra_contacts", "notes")
CHILD_FIELDS = ("child", "group", "relation")  # the child part of the guardian form

_STUDENTS_JSON = """(
    SELECT json_group_array(json_object('id', s.id, 'surname', s.surname, 'name', s.name,
        'patronymic', s.patronymic, 'group', gr.name, 'relation', sg.relation))
    FROM student_guardians sg JOIN students s ON s.id = sg.student_id
    LEFT JOIN groups gr ON gr.id = s.group_id WHERE sg.guardian_id = g.id)"""
_COLUMNS = f"""
SELECT g.id, g.surname, g.name, g.patronymic, g.phone, g.email, g.telegram, g.vk, g.max,
    g.consent_given_at, g.consent_scope, g.consent_withdrawn_at, g.notes, g.extra_contacts,
    {_STUDENTS_JSON}"""
_GUARDIANS = "FROM guardians g"
_ORDER_TIES = f"{full_name_ru('g')}, g.id"


@dataclass(frozen=True)
class Filter:
    """Which guardians a list shows: a group, a search text, consent given before a day
    (ISO; September's question: whose consent is a year old?), and no consent given since a
    day (given before it, or never: whom to ask for it; a withdrawal, the parent's answer,
    is left out)."""

    group: str | None = None
    text: str | None = None
    consent_before: str | None = None
    no_consent_since: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "group", canonical_group(self.group) or None)

    @property
    def by_guardian(self) -> bool:
        """Whether it picks guardians by their own data (a text, consent), which a student
        without a guardian never matches."""
        return bool(self.text or self.consent_before or self.no_consent_since)

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if self.group:
            clauses.append("g.id IN (SELECT sg.guardian_id FROM student_guardians sg"
                           " JOIN students s ON s.id = sg.student_id"
                           " JOIN groups gr ON gr.id = s.group_id WHERE gr.name = ?)")
            params.append(self.group)
        if self.consent_before:
            clauses.append("g.consent_given_at < ? AND g.consent_withdrawn_at IS NULL")
            params.append(self.consent_before)
        if self.no_consent_since:
            clauses.append("g.consent_withdrawn_at IS NULL"
                           " AND (g.consent_given_at IS NULL OR g.consent_given_at < ?)")
            params.append(self.no_consent_since)
        match = search.match_clause(self.text or "")
        if match:
            clauses.append(f"g.id IN ({match[0]})")
            params.extend(match[1])
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _guardian(row: tuple[Any, ...]) -> Guardian:
    (gid, surname, name, patronymic, phone, email, telegram, vk, max_, given, scope,
     withdrawn, notes, extra, students) = row
    children = sorted((Child(**child) for child in json.loads(students or "[]")),
                      key=lambda c: russian_order_key(c.full_name))
    return Guardian(gid, surname, name, patronymic, phone, email, telegram, vk, max_,
                    bool(given) and not withdrawn, given, scope, withdrawn, notes,
                    (extra or "").split(), children)


def list_guardians(db: sqlite_utils.Database, flt: Filter = Filter(), limit: int | None = None,
                   offset: int = 0) -> list[Guardian]:
    """Guardians with their students, in Russian alphabetical order of the name (`RU`);
    `limit`/`offset` page through them."""
    where, params = flt.where()
    order = PagedOrder(_GUARDIANS, where, params, ("g.name_key",), _ORDER_TIES, indexed=True)
    found = order.everything() if limit is None else order.page(db, limit, offset)
    if found is None:
        return []
    rows, params = found
    return [_guardian(row) for row in db.execute(f"{_COLUMNS} {rows}", params)]


def count_guardians(db: sqlite_utils.Database, flt: Filter = Filter()) -> int:
    where, params = flt.where()
    return int(db.execute(f"SELECT count(*) FROM guardians g{where}", params).fetchone()[0])


def get_guardian(db: sqlite_utils.Database, guardian_id: int) -> Guardian:
    rows = db.execute(f"{_COLUMNS} {_GUARDIANS} WHERE g.id = ?", [guardian_id]).fetchall()
    if not rows:
        raise NotFound(t("There is no guardian with id {id}.", id=guardian_id))
    return _guardian(rows[0])


def group_names(db: sqlite_utils.Database) -> list[str]:
    return [name for (name,) in db.execute(f"SELECT name FROM groups ORDER BY name COLLATE {COLLATION}")]


def whole_name_in_surname(values: Mapping[str, str | None]) -> dict[str, str | None]:
    """The values with a whole ФИО typed into the surname field, first name and patronymic
    left empty, split into its parts («Кузнецова Мария Петровна»); others as given."""
    surname = values.get("surname") or ""
    left_empty = values.get("name") == "" and not values.get("patronymic")  # not merely not given
    if not left_empty or len(surname.split()) < 2:
        return dict(values)
    return {**values, **dict(zip(("surname", "name", "patronymic"), split_fio(surname), strict=True))}


def editable_values(guardian: Guardian) -> dict[str, str]:
    """A guardian's GUARDIAN_EDITABLE fields as the form shows them: the phone as the list
    shows it, the further contacts by commas, their phones formatted too («+7 912 444-55-66,
    anna@mail.ru»)."""
    values = {key: guardian.value(key) or "" for key in GUARDIAN_EDITABLE}
    return {**values, "phone": format_phone(guardian.phone),
            "extra_contacts": ", ".join(map(contact_text, guardian.extra_contacts))}


def extra_contacts(text: str, kept: Collection[str] = ()) -> str | None:
    """The further contacts typed (phones, e-mails, handles; `contact_pieces`) as the import
    keeps them: each normalised, once, space-separated; one already stored (`kept`) stays as
    it is. Raises InvalidField naming the one refused."""
    values: list[str] = []
    for piece in contact_pieces(text):
        try:
            value = piece if piece in kept else normalize_contact(piece)
        except InvalidContact as exc:
            raise InvalidField("extra_contacts", t("{reason} — «{contact}»", reason=reason_text(exc),
                                                   contact=piece)) from None
        if value not in values:
            values.append(value)
    return " ".join(values) or None


def check_guardian(values: Mapping[str, str | None],
                   kept: Collection[str] = ()) -> tuple[dict[str, str | None], dict[str, str]]:
    """Clean the given guardian fields; return (clean values, {field: reason}). `kept`: the
    further contacts stored, taken again as they are."""
    clean: dict[str, str | None] = {}
    errors: dict[str, str] = {key: slip for key in NAME_PARTS if (slip := name_slip(values.get(key) or ""))}
    for key, raw in whole_name_in_surname(values).items():
        if raw is None or key in errors:
            continue
        if has_control(raw):
            errors[key] = t("contains an invisible control character (such as NUL); type it again")
        elif key in ("surname", "name", "patronymic"):
            clean[key] = clean_name(raw)
        elif key in CONTACTS:
            try:
                clean[key] = NORMALIZERS[key](raw) if raw.strip() else None
            except InvalidContact as exc:
                errors[key] = reason_text(exc)
        elif key == "extra_contacts":
            try:
                clean[key] = extra_contacts(raw, kept)
            except InvalidField as exc:
                errors[key] = exc.reason
        elif key == "notes":
            clean[key] = raw.strip() or None
    if "surname" in clean and not clean["surname"] and "surname" not in errors:
        errors["surname"] = t("a surname is required")
    return clean, errors


def _refuse_control(values: dict[str, str | None]) -> None:
    _raise_errors({key: t("contains an invisible control character (such as NUL); type it again") for key, value in values.items() if has_control(value)})


# a guardian's fields as a refusal names them («Телефон: недействительный номер телефона.»)
_FIELD_NAMES = {"surname": N_("Surname"), "name": N_("First name"), "patronymic": N_("Patronymic"),
                "phone": N_("Phone"), "email": N_("E-mail"), "telegram": N_("Telegram"), "vk": N_("VK"),
                "max": N_("MAX"), "extra_contacts": N_("Other contacts"), "notes": N_("Notes"),
                "group": N_("Class")}


class InvalidField(OutreachError):
    """A refused value of one field: `field` its code, the message naming it in words."""

    def __init__(self, field: str, reason: str) -> None:
        name = _FIELD_NAMES.get(field)
        super().__init__(t("{field}: {reason}.", field=t(name) if name else field, reason=reason))
        self.field = field
        self.reason = reason


class SuspiciousEmail(InvalidField):
    """An e-mail whose domain looks like a slip of a common provider's (`suggestion`, the
    address as probably meant): saved only when confirmed."""

    def __init__(self, value: str, suggestion: str) -> None:
        super().__init__("email", email_question(value, suggestion))
        self.message = t("{field}: {question}", field=t("E-mail"), question=self.reason)
        self.args = (self.message,)
        self.value = value
        self.suggestion = suggestion


def _question_email(email: str | None) -> None:
    suggestion = suspicious_domain(email) if email else None
    if email and suggestion:
        raise SuspiciousEmail(email, suggestion)


def _raise_errors(errors: dict[str, str]) -> None:
    if errors:
        raise InvalidField(*next(iter(errors.items())))


class SameGuardian(InvalidField):
    """The guardian being added is already in the roster (`existing`, their id)."""

    def __init__(self, field: str, existing: Guardian, why: str) -> None:
        super().__init__(field, t("{name} is already in the roster (no. {id}, {why}): change that guardian rather than adding a second one",
                                  name=existing.full_name, id=existing.id, why=why))
        self.existing = existing.id


def _same_guardian(db: sqlite_utils.Database, clean: Mapping[str, str | None],
                   student_ids: list[int], itself: int | None = None) -> SameGuardian | None:
    """Whom a new guardian would duplicate: the same phone or e-mail and the same first name
    (or, with the same surname, its everyday form or initial, «Оля» of «Ольга»; the same
    surname where a first name is missing; a family's shared phone is no match), or the same
    name linked to one of the same children, said less or more fully («Белова Ольга» of
    «Белова Ольга Ивановна»). Two records would get every message twice. `itself`: the
    guardian being edited, no duplicate of themselves."""
    surname, first, patronymic = (fold_key(clean.get(part) or "") for part in ("surname", "name", "patronymic"))
    for field, why in (("phone", N_("the same phone")), ("email", N_("the same e-mail"))):
        for gid, stored_name, stored_surname in db.execute(
                f"SELECT id, name, surname FROM guardians WHERE {field} = ? AND id IS NOT ? ORDER BY id",
                [clean.get(field) or None, itself]):
            stored_first, same_surname = fold_key(stored_name or ""), fold_key(stored_surname or "") == surname
            if first and stored_first:  # «Оля» of «Ольга», «А.» of «Анна» only of the same surname
                same = first == stored_first or (same_part(first, stored_first) and same_surname)
            else:
                same = same_surname
            if same:
                return SameGuardian(field, get_guardian(db, gid), t(why))
    key = name_key(surname, first, patronymic)
    for gid, stored_key, *stored in db.execute(
            "SELECT DISTINCT g.id, g.name_key, g.surname, g.name, g.patronymic FROM guardians g"
            " JOIN student_guardians sg ON sg.guardian_id = g.id"
            " WHERE sg.student_id IN (SELECT value FROM json_each(?)) AND g.id IS NOT ? ORDER BY g.id",
            [json.dumps(student_ids), itself]):
        if stored_key == key or (first and same_person((surname, first, patronymic), folded_name(*stored))):
            return SameGuardian("surname", get_guardian(db, gid), t("the same name and child"))
    return None


def phone_extension(values: Mapping[str, str | None]) -> str | None:
    """The extension typed after the phone («8 912 111-22-33 доб. 12» → «12»), if any."""
    return split_extension(values.get("phone") or "")[1]


def _extension_in_notes(values: Mapping[str, str | None], notes: str | None) -> dict[str, str | None]:
    """The values with an extension typed after the phone moved into the notes (`notes`: the
    notes given, or those kept), where the teacher still sees it; the phone is the number."""
    number, extension = split_extension(values.get("phone") or "")
    if extension is None:
        return dict(values)
    try:
        note = extension_note(extension, normalize_phone(number))
    except InvalidContact:
        return dict(values)  # the number itself is refused, as it was
    return {**values, "phone": number, "notes": add_notes(notes, note)}


def add_guardian(db: sqlite_utils.Database, values: Mapping[str, str | None],
                 students: Iterable[tuple[int, str]] = (), child: ChildIn | None = None, *,
                 confirmed: bool = False) -> int:
    """Add a guardian (with links to existing students as (id, relation), and to `child`,
    found or added); returns the id. One already in the roster is refused (SameGuardian); an
    e-mail at a slip of a common provider's domain too (SuspiciousEmail), unless `confirmed`.
    An extension typed after the phone goes into the notes."""
    values = _extension_in_notes(values, values.get("notes"))
    clean, errors = check_guardian({"surname": "", **values})
    _raise_errors(errors)
    if not confirmed:
        _question_email(clean.get("email"))
    students = list(students)
    with db.atomic():
        found = _student_in_class(db, child) if child is not None else None
        same = _same_guardian(db, clean, [sid for sid, _ in students] + ([found] if found is not None else []))
        if same is not None:
            raise same
        gid = next_id(db, "guardians")
        write = RosterWrite(db)
        write.add_guardians([(gid, {k: clean.get(k) for k in GUARDIAN_EDITABLE}, None)])
        write.done()
        for student_id, relation in students:
            link(db, student_id, gid, relation)
        if child is not None:
            link_child(db, gid, child)
        audit.record(db, "add", "guardian", gid)
    return gid


def add_student(db: sqlite_utils.Database, surname: str, name: str, patronymic: str, group: str,
                guardians: Iterable[tuple[int, str]] = ()) -> int:
    _refuse_control({"surname": surname, "name": name, "patronymic": patronymic, "group": group})
    parts = whole_name_in_surname({"surname": surname, "name": name, "patronymic": patronymic})
    surname, name, patronymic = (clean_name(parts[part]) for part in NAME_PARTS)
    if not surname or not name:
        raise OutreachError(t("the student needs a surname and a first name"))
    with db.atomic():
        if (same := _student_in_class(db, ChildIn(surname, name, patronymic, group, ""))) is not None:
            raise OutreachError(t("{name} is already in {group} (no. {id}): the same child would be there twice.",
                                  name=get_student(db, same).full_name, group=canonical_group(group), id=same))
        sid = next_id(db, "students")
        RosterWrite(db).add_students([(sid, (surname, name, patronymic), group_id(db, group), None)])
        for gid, relation in guardians:
            link(db, sid, gid, relation)
        audit.record(db, "add", "student", sid)
    return sid


def add_relative(db: sqlite_utils.Database, student_id: int, typed: str) -> int:
    """A relative of the student not yet in the roster (a grandmother who drives with the
    child), as typed: «Андреева Нина Петровна», a relation after a comma or last
    («…, бабушка»). Only the name and the link are stored: no contact, no consent. Returns
    the guardian's id."""
    words, relation = typed.replace(",", " ").split(), ""
    if len(words) > 1 and normalize_relation(words[-1]) in RELATIONS:
        words, relation = words[:-1], words[-1]
    surname, name, patronymic = split_fio(" ".join(words))
    return add_guardian(db, {"surname": surname, "name": name, "patronymic": patronymic},
                        students=[(student_id, relation)])


def link(db: sqlite_utils.Database, student_id: int, guardian_id: int, relation: str = "") -> None:
    get_student(db, student_id)
    get_guardian(db, guardian_id)
    with db.atomic():
        write = RosterWrite(db)
        write.link([(student_id, guardian_id, normalize_relation(relation))])
        write.done()


@dataclass(frozen=True)
class ChildIn:
    """A child named on the guardian form: the name, the class, the guardian's relation."""

    surname: str
    name: str
    patronymic: str
    group: str
    relation: str


def check_child(values: Mapping[str, str | None]) -> tuple[ChildIn | None, dict[str, str]]:
    """The child fields (ФИО, class, relation) → a ChildIn, or None when no child is named (a
    class alone, as the form pre-fills it, names nobody)."""
    controls = {key: t("contains an invisible control character (such as NUL); type it again") for key in CHILD_FIELDS if has_control(values.get(key))}
    if controls:
        return None, controls
    fio, group, relation = (tidy(values.get(key)) for key in CHILD_FIELDS)
    if not (fio or relation):
        return None, {}
    surname, name, patronymic = split_fio(fio)
    errors = {}
    if slip := name_slip(fio):
        errors["child"] = slip
    elif not surname or not name:
        errors["child"] = t("the student needs a surname and a first name")
    if not group:
        errors["group"] = t("A group (class) is required.")
    return ChildIn(surname, name, patronymic, canonical_group(group), normalize_relation(relation)), errors


def link_child(db: sqlite_utils.Database, guardian_id: int, child: ChildIn) -> int:
    """Link the guardian to the child: the student of that name in that class (as an import
    would match), else a new one. Returns the student id."""
    get_guardian(db, guardian_id)
    with db.atomic():
        found = _student_in_class(db, child)
        student_id = found if found is not None else add_student(
            db, child.surname, child.name, child.patronymic, child.group)
        link(db, student_id, guardian_id, child.relation)
    return student_id


def _student_in_class(db: sqlite_utils.Database, child: ChildIn) -> int | None:
    """The student with this full name in the class; else the one student there whom the
    name, said less fully, may be: the patronymic missing on one side, the first name in its
    everyday form («Соколова Аня» for «Соколова Анна Петровна»), as an import matches.
    Several such: ask for the patronymic."""
    key = name_key(child.surname, child.name, child.patronymic)
    gid = group_id(db, child.group)
    exact = db.execute("SELECT id FROM students WHERE name_key = ? AND group_id = ? ORDER BY id",
                       [key, gid]).fetchone()
    if exact:
        return int(exact[0])
    called = folded_name(child.surname, child.name, child.patronymic)
    named = [sid for sid, *their in db.execute(
        "SELECT id, surname, name, patronymic FROM students WHERE group_id = ? AND substr(name_key, 1, ?) = ?",
        [gid, len(called[0]) + 1, called[0] + " "]) if same_person(called, folded_name(*their))]
    if len(named) > 1:
        raise OutreachError(t("{count} students named {name} in {group}: give the patronymic too.", name=f"{child.surname} {child.name}",
                              group=child.group, count=len(named)))
    return named[0] if named else None


def edit_guardian(db: sqlite_utils.Database, guardian_id: int, values: Mapping[str, str | None],
                  child: ChildIn | None = None, *, confirmed: bool = False) -> bool:
    """Change the given fields (None: leave, "": clear) and link `child`; returns whether
    anything changed. A change making them another guardian of the roster is refused
    (SameGuardian), as adding that one again would be; a new e-mail at a slip of a common
    provider's domain (SuspiciousEmail) unless `confirmed` (the one kept is not asked about).
    An extension typed after the phone goes into the notes."""
    if phone_extension(values) is not None:
        values = _extension_in_notes(values, values["notes"] if "notes" in values
                                     else get_guardian(db, guardian_id).value("notes"))
    kept = get_guardian(db, guardian_id).extra_contacts if values.get("extra_contacts") else []
    clean, errors = check_guardian(values, kept)
    _raise_errors(errors)
    with db.atomic():  # read, compare and write under the write lock: no stale matching key
        current = get_guardian(db, guardian_id)
        changes = {k: v for k, v in clean.items() if (current.value(k) or None) != (v or None)}
        if not confirmed:
            _question_email(changes.get("email"))
        if changes.keys() & {"surname", "name", "patronymic", "phone", "email"}:  # into someone else?
            after = {k: changes.get(k, current.value(k)) for k in ("surname", "name", "patronymic", "phone", "email")}
            same = _same_guardian(db, after, [c.id for c in current.students], itself=guardian_id)
            if same is not None:
                raise same
        linked = child is not None and _linked(db, guardian_id, child)
        return _edit_fields(db, guardian_id, current, changes) or linked


def _linked(db: sqlite_utils.Database, guardian_id: int, child: ChildIn) -> bool:
    """Link the child; whether the link is new or its relation changed."""
    before = get_guardian(db, guardian_id).students
    link_child(db, guardian_id, child)
    return before != get_guardian(db, guardian_id).students


def _edit_fields(db: sqlite_utils.Database, guardian_id: int, current: Guardian,
                 changes: dict[str, str | None]) -> bool:
    if not changes:
        return False
    names = {part: current.value(part) or "" for part in ("surname", "name", "patronymic")}
    with db.atomic():
        write = RosterWrite(db)
        write.update_guardians(sorted(changes), [(guardian_id, names | changes)])
        write.done()
        audit.record(db, "edit", "guardian", guardian_id,
                     {"fields": sorted([*changes, "name_key", "updated_at"])})
    return True


def edit_student(db: sqlite_utils.Database, student_id: int, values: dict[str, str | None]) -> bool:
    _refuse_control(values)
    with db.atomic():  # read, compare and write in one transaction
        current = get_student(db, student_id)
        names = {key: clean_name(values[key]) for key in ("surname", "name", "patronymic")
                 if values.get(key) is not None and clean_name(values[key]) != getattr(current, key)}
        moved = bool(values.get("group")) and canonical_group(values["group"]) != current.group
        if not names and not moved:
            return False
        parts = [names.get(key, getattr(current, key) or "") for key in ("surname", "name", "patronymic")]
        if not parts[0] or not parts[1]:
            raise OutreachError(t("the student needs a surname and a first name"))
        write = RosterWrite(db)
        write.update_students([(student_id, parts, group_id(db, str(values["group"])) if moved else None, None)])
        write.done()
        fields = [*names, *(["group_id"] if moved else []), "name_key", "updated_at"]
        audit.record(db, "edit", "student", student_id, {"fields": sorted(fields)})
    return True


def remove_guardian(db: sqlite_utils.Database, guardian_id: int) -> None:
    get_guardian(db, guardian_id)
    with db.atomic():
        db.execute("DELETE FROM guardians WHERE id = ?", [guardian_id])
        search.drop(db, [guardian_id])
        audit.record(db, "remove", "guardian", guardian_id)


def remove_student(db: sqlite_utils.Database, student_id: int) -> None:
    student = get_student(db, student_id)
    with db.atomic():
        db.execute("DELETE FROM students WHERE id = ?", [student_id])
        search.reindex(db, student.guardians)
        audit.record(db, "remove", "student", student_id)


def guardian_ids(db: sqlite_utils.Database, flt: Filter = Filter()) -> list[int]:
    where, params = flt.where()
    return [i for (i,) in db.execute(f"SELECT g.id FROM guardians g{where}", params)]


def family(db: sqlite_utils.Database, guardian_id: int | None = None,
           student_id: int | None = None) -> tuple[set[int], set[int]]:
    """The connected family: (guardian ids, student ids) reachable through links."""
    if guardian_id is not None:
        get_guardian(db, guardian_id)
        guardians, students = {guardian_id}, set()
    elif student_id is not None:
        get_student(db, student_id)
        guardians, students = set(), {student_id}
    else:
        raise OutreachError(t("Say whose data to forget: --guardian ID or --student ID."))
    while True:
        more_students = {s for (s,) in db.execute(
            "SELECT student_id FROM student_guardians WHERE guardian_id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(guardians))])}
        more_guardians = {g for (g,) in db.execute(
            "SELECT guardian_id FROM student_guardians WHERE student_id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(students | more_students))])}
        if more_students <= students and more_guardians <= guardians:
            return guardians, students
        students |= more_students
        guardians |= more_guardians
