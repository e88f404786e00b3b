"""A whole class moved at once: the September move up a year (10А → 11А), or a class renamed.
`plan_class_move` says what a move does, so it can be asked about first; `move_class` does it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from outreach.common.errors import OutreachError
from outreach.common.groups import canonical_group, existing_group
from outreach.common.i18n import t, tn
from outreach.roster.writes import RosterWrite, group_id
from outreach.store import audit

_NUMBERED = re.compile(r"(\d+)(.*)")


def next_class(group: str | None) -> str:
    """The class a year up: «10А» → «11А», «7» → «8»; '' for a name without a leading number
    (a driving-school group) or for the last class (11)."""
    found = _NUMBERED.fullmatch(canonical_group(group))
    if not found or int(found[1]) >= 11:
        return ""
    return canonical_group(f"{int(found[1]) + 1}{found[2]}")


@dataclass(frozen=True)
class ClassMove:
    """What moving `source` to `target` does: `moving` students go; `already` are in `target`."""

    source: str
    target: str
    moving: int
    already: int


def _count(db: sqlite_utils.Database, group: str) -> int:
    return int(db.execute("SELECT count(*) FROM students WHERE group_id IN"
                          " (SELECT id FROM groups WHERE name = ?)", [group]).fetchone()[0])


def plan_class_move(db: sqlite_utils.Database, source: str, target: str) -> ClassMove:
    """The move, checked: the class exists and has students, the new name is another class."""
    source = existing_group(db, source)
    target = canonical_group(target)
    if not target:
        raise OutreachError(t("Name the class to move {group} to.", group=source))
    if target == source:
        raise OutreachError(t("The class {group} is already called so: nothing to move.", group=source))
    moving = _count(db, source)
    if not moving:
        raise OutreachError(t("There are no students in {group}: nothing to move.", group=source))
    return ClassMove(source, target, moving, _count(db, target))


def move_class(db: sqlite_utils.Database, source: str, target: str) -> ClassMove:
    """Every student of `source` into `target` (made if new); the emptied class goes from the
    list of classes. Parents, links, consent and contacts stay as they are."""
    with db.atomic():
        plan = plan_class_move(db, source, target)
        new_id = group_id(db, plan.target)
        rows = [(sid, (surname, name, patronymic), new_id, key) for sid, surname, name, patronymic, key in db.execute(
            "SELECT id, surname, name, patronymic, name_key FROM students"
            " WHERE group_id IN (SELECT id FROM groups WHERE name = ?)", [plan.source])]
        write = RosterWrite(db)
        write.update_students(rows)  # the roster's one write path for students
        db.execute("DELETE FROM groups WHERE name = ?", [plan.source])
        write.done()
        audit.record(db, "move", "class", None,
                     {"from": plan.source, "to": plan.target, "students": len(rows)})
    return plan


def move_summary(plan: ClassMove) -> str:
    """What a move does (asked before it) in one or two sentences."""
    text = tn("The {n} student of {source} moves to {target}; their parents, consent and contacts stay as they are.",
              "All {n} students of {source} move to {target}; their parents, consent and contacts stay as they are.",
              plan.moving, source=plan.source, target=plan.target)
    if plan.already:
        text += " " + tn("{target} already has {n} student: the two classes become one.",
                         "{target} already has {n} students: the two classes become one.", plan.already, target=plan.target)
    if letter := _dropped_letter(plan):
        text += " " + t("{target} has no letter, {source} has one: is {meant} meant?", target=plan.target,
                        source=plan.source, meant=plan.target + letter)
    return text


def _dropped_letter(plan: ClassMove) -> str:
    """The letter of «10А» moved to «11» (a number without its letter: a slip, mostly), or ''."""
    source, target = _NUMBERED.fullmatch(plan.source), _NUMBERED.fullmatch(plan.target)
    return source[2] if source and target and not target[2] else ""
