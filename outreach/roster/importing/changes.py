"""What an import changes in people already stored, and who of their classes the file no
longer names: said before the teacher confirms (`--dry-run`, the wizard's third step)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import sqlite_utils

from outreach.common.contacts import format_phone
from outreach.common.formats import show_day
from outreach.common.i18n import N_, t
from outreach.common.names import fold_key, full_name
from outreach.roster.importing.identity import CONSENT_COLUMNS, NAME_PARTS, Resolver
from outreach.roster.relations import relation_label

_FIELDS = {"name": N_("full name"), "phone": N_("phone"), "email": N_("e-mail"),
           "telegram": N_("Telegram"), "vk": N_("VK"), "max": N_("MAX"),
           "extra_contacts": N_("other contacts"), "consent": N_("consent"), "consent_scope": N_("consent scope"),
           "notes": N_("notes"), "child": N_("child"), "relation": N_("relation"), "group": N_("class")}


@dataclass(frozen=True)
class Update:
    """One change to a stored guardian or student (`person`: "guardian" or "student"); the
    values as stored (a phone in E.164, a relation's code), "" for none."""

    person: str
    id: int
    name: str
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Absent:
    """A stored student of a class the file lists, whom the file does not name (left as is)."""

    id: int
    name: str
    group: str
    left: bool = False  # the file marks the student as left («выбыл» in its status column)


@dataclass(frozen=True)
class Namesake:
    """A student the child may be: a stored namesake in their class as stored, or one of
    the child's own class whom the child's name, said less fully, fits."""

    id: int
    group: str
    name: str = ""


@dataclass(frozen=True)
class NotMoved:
    """A child the file names in a class whom several stored students of that name could be
    (namesakes in 7А and 7В for 8Б's list): taken as a new student, nobody moved, and said,
    so the teacher decides which one it is."""

    name: str
    group: str
    namesakes: list[Namesake]


def group_names(db: sqlite_utils.Database, resolver: Resolver) -> dict[int, str]:
    names = {int(gid): str(name) for gid, name in db.execute("SELECT id, name FROM groups")}
    return names | resolver.groups.new


def updates(resolver: Resolver, groups: dict[int, str]) -> list[Update]:
    """Every field the import changes in a stored record, guardians first, in id order."""
    changes = resolver.changes
    found: list[Update] = []
    children: dict[int, list[int]] = {}
    relations: dict[int, list[tuple[int, str]]] = {}
    for sid, g in changes.new_links:
        children.setdefault(g, []).append(sid)
    for (sid, g), relation in changes.changed_links.items():
        relations.setdefault(g, []).append((sid, relation))
    for gid in sorted((changes.changed_guardians | set(children) | set(relations)) - changes.new_guardians):
        stored, now = resolver.stored[gid], resolver.current(gid)
        who = _full(now)
        if _full(stored) != who:
            found.append(Update("guardian", gid, who, "name", _full(stored), who))
        for column in ("phone", "email", "telegram", "vk", "max", "extra_contacts", "consent_scope", "notes"):
            if (stored[column] or "") != (now[column] or ""):
                found.append(Update("guardian", gid, who, column, stored[column] or "", now[column] or ""))
        if any(stored[c] != now[c] for c in CONSENT_COLUMNS):
            found.append(Update("guardian", gid, who, "consent", _consent(stored), _consent(now)))
        found += [Update("guardian", gid, who, "child", "", _child(resolver, sid, groups))
                  for sid in children.get(gid, ())]
        found += [Update("guardian", gid, who, "relation", resolver.links[(sid, gid)], relation)
                  for sid, relation in relations.get(gid, ())]
    for sid in sorted(changes.changed_students - changes.new_students):
        who = full_name(*changes.students[sid])
        before = resolver.named_before.get(sid)
        if before is not None and before != changes.students[sid]:
            found.append(Update("student", sid, who, "name", full_name(*before), who))
        if sid in changes.moved:
            found.append(Update("student", sid, who, "group", groups.get(changes.moved[sid], ""),
                                groups.get(changes.student_groups[sid], "")))
    return found


def absent(resolver: Resolver, groups: dict[int, str], left: Collection[str] = ()) -> list[Absent]:
    """Stored students of the classes the file lists (and of those its students moved from)
    whom it does not name, by class and name; `left`: the full names of the children its
    status column says have left (such a stored student is marked so)."""
    if not resolver.stored_groups:  # nobody was stored (a first import)
        return []
    changes = resolver.changes
    covered = {changes.student_groups.get(sid) or resolver.stored_groups[sid] for sid in changes.seen_students}
    covered |= set(changes.moved.values())
    gone = {fold_key(name) for name in left}
    missing = [Absent(sid, name, groups.get(gid, ""), fold_key(name) in gone)
               for sid, gid in resolver.stored_groups.items()
               if gid in covered and sid not in changes.seen_students and sid not in changes.moved
               for name in [full_name(*changes.students[sid])]]
    return sorted(missing, key=lambda a: (a.group, a.name))


def not_moved(resolver: Resolver, groups: dict[int, str]) -> list[NotMoved]:
    """The children the file names whom more than one stored namesake could be, by class and name."""
    changes = resolver.changes
    found = [NotMoved(full_name(*changes.students[resolver.students[key]]), groups.get(key[1], ""),
                      sorted((Namesake(sid, groups.get(resolver.stored_groups.get(sid) or changes.student_groups[sid], ""),
                                       full_name(*changes.students[sid])) for sid in namesakes),
                             key=lambda n: (n.group, n.id)))
             for key, namesakes in resolver.unsure.items()]
    return sorted(found, key=lambda n: (n.group, n.name))


def not_moved_line(child: NotMoved) -> str:
    """«Смирнов Иван Петрович (8Б): students of this name are in 7А, 7В…»; «Иванов Саша (10А):
    2 students of the class may be this child…» when the namesakes are in the child's class."""
    if all(namesake.group == child.group for namesake in child.namesakes):
        return t("{name} ({group}) may be any of {names}, and which of them it is is not certain: taken as a new student. Check who it is and remove the extra one.",
                 name=child.name, group=child.group, names=", ".join(n.name for n in child.namesakes))
    return t("{name} ({group}): students of this name are in {groups}, and which of them this is is not certain: taken as a new student, nobody moved. Check who it is and remove the extra one.",
             name=child.name, group=child.group, groups=", ".join(n.group for n in child.namesakes))


def consent_day_line(column: str) -> str:
    """«Отметка времени»: what a form's time column is used for, though not kept itself."""
    return t("Consent is dated by «{column}»: a «yes» counts from the day its row was sent.", column=column)


def field_label(field: str) -> str:
    return t(_FIELDS[field]) if field in _FIELDS else field


def shown(update: Update, value: str) -> str:
    """A value as the teacher reads it: a phone grouped, a relation in words, none as «—»."""
    if not value:
        return "—"
    if update.field == "phone":
        return format_phone(value)
    if update.field == "relation":
        return relation_label(value)
    return value


def update_line(update: Update) -> str:
    """«Алексеева Марина Викторовна — phone: +7 912 401-11-01 → +7 912 409-99-99»."""
    return t("{who} — {field}: {before} → {after}", who=update.name, field=field_label(update.field),
             before=shown(update, update.before), after=shown(update, update.after))


def _full(record: dict[str, str | None]) -> str:
    return full_name(*(record[p] or "" for p in NAME_PARTS))


def _consent(record: dict[str, str | None]) -> str:
    if record.get("consent_withdrawn_at"):
        return t("withdrawn {date}", date=show_day(record["consent_withdrawn_at"]))
    if record.get("consent_given_at"):
        return t("given {date}", date=show_day(record["consent_given_at"]))
    return ""


def _child(resolver: Resolver, sid: int, groups: dict[int, str]) -> str:
    group = groups.get(resolver.changes.student_groups.get(sid) or resolver.stored_groups.get(sid, 0), "")
    name = full_name(*resolver.changes.students[sid])
    return f"{name} ({group})" if group else name
