"""A class that leaves the school (graduates, moves to another school) erased in one step:
its students, and the parents with no child left elsewhere in the roster. A parent with a
child in another class keeps their record and loses only the link (152-FZ: data is kept only
while its purpose lasts). The erasure is `forget`'s, over the whole class in one transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from outreach.common.collation import russian_order_key
from outreach.common.errors import OutreachError
from outreach.common.faults import pause
from outreach.common.groups import existing_group
from outreach.common.i18n import t, tn
from outreach.erasure.forget import Forgotten, erase, finished, forgotten_summary


@dataclass(frozen=True)
class ClassErasure:
    """What erasing `group` takes: its students, the parents with no other child (`guardians`);
    the parents who stay (`kept`), and the classes of their other children (`kept_in`)."""

    group: str
    students: frozenset[int]
    guardians: frozenset[int]
    kept: frozenset[int]
    kept_in: tuple[str, ...]


class ClassForgotten(Forgotten):
    """What `forget_class` erased (`roster forget --group … --json`): `forget`'s keys and these."""

    group: str
    guardians_kept: int
    kept_in: list[str]


_STUDENTS = "SELECT s.id FROM students s JOIN groups g ON g.id = s.group_id WHERE g.name = ?"
_LINKED = ("SELECT DISTINCT guardian_id FROM student_guardians"
           " WHERE student_id IN (SELECT value FROM json_each(?))")
_ELSEWHERE = """
SELECT sg.guardian_id, g.name FROM student_guardians sg
JOIN students s ON s.id = sg.student_id LEFT JOIN groups g ON g.id = s.group_id
WHERE sg.guardian_id IN (SELECT value FROM json_each(?))
AND sg.student_id NOT IN (SELECT value FROM json_each(?))
"""


def plan_class_erasure(db: sqlite_utils.Database, group: str) -> ClassErasure:
    """Whom erasing the class takes and whom it leaves; an unknown or empty class is refused."""
    group = existing_group(db, group)
    students = frozenset(s for (s,) in db.execute(_STUDENTS, [group]))
    if not students:
        raise OutreachError(t("There are no students in {group}: nothing to erase.", group=group))
    ids = json.dumps(sorted(students))
    linked = {g for (g,) in db.execute(_LINKED, [ids])}
    elsewhere = db.execute(_ELSEWHERE, [json.dumps(sorted(linked)), ids]).fetchall()
    kept = frozenset(g for g, _ in elsewhere)
    kept_in = sorted({name or t("no class") for _, name in elsewhere}, key=russian_order_key)
    return ClassErasure(group, students, frozenset(linked - kept), kept, tuple(kept_in))


def forget_class(db: sqlite_utils.Database, group: str) -> ClassForgotten:
    """Erase the class as planned now, in one transaction, audited once with counts; the
    emptied class leaves the list of classes."""
    with db.atomic():
        plan = plan_class_erasure(db, group)
        erasure = erase(db, set(plan.guardians), set(plan.students), "class",
                        {"group": plan.group, "guardians_kept": len(plan.kept)})
        db.execute("DELETE FROM groups WHERE name = ?", [plan.group])
        pause("forget.class.uncommitted")
    return ClassForgotten(**finished(db, erasure), group=plan.group,
                          guardians_kept=len(plan.kept), kept_in=list(plan.kept_in))


def class_erasure_summary(plan: ClassErasure) -> str:
    """What erasing the class does, said before it is asked."""
    text = t("This erases for good: {students_said} of {group} and {parents_said} with no other child in the roster.",
             group=plan.group, students_said=tn("{n} student", "{n} students", len(plan.students)),
             parents_said=tn("{n} parent", "{n} parents", len(plan.guardians)))
    return text + _kept(len(plan.kept), plan.kept_in, plan.group)


def class_forgotten_summary(done: ClassForgotten) -> str:
    """What `forget_class` did, for the CLI and the app."""
    return forgotten_summary(done) + _kept(done["guardians_kept"], done["kept_in"], done["group"])


def _kept(count: int, classes: Sequence[str], group: str) -> str:
    if not count:
        return ""
    return " " + tn("{n} parent stays: they have children in {classes}; only the link to the child of {group} goes.",
                    "{n} parents stay: they have children in {classes}; only the links to the children of {group} go.",
                    count, classes=", ".join(classes), group=group)
