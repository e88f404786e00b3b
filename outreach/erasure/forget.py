"""Forgetting a family (152-FZ / GDPR erasure) so that the erasure always finishes.

The family's rows and a journal row (`backup_erasure`) go in one transaction; then the message
folders are rewritten, the database file is checkpointed and the migration backups scrubbed.
What a crash or a reader interrupts is finished by `finish_pending` at the next start, or by
forgetting the same family again.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

import sqlite_utils

from outreach.common.errors import NotFound
from outreach.common.faults import pause
from outreach.common.i18n import t
from outreach.common.paths import database_file, messages_dir
from outreach.erasure import disk as backup_erasure
from outreach.erasure.disk import Erasure
from outreach.roster.guardians import family
from outreach.store import audit


class Forgotten(TypedDict):
    """What `forget` erased (`roster forget --json`)."""

    guardians: int
    students: int
    backups: int  # backups scrubbed (made before upgrades, or by `outreach backup`)
    backups_failed: list[str]  # "path: reason"
    backups_missing: list[str]  # copies `outreach backup` made, no longer where it wrote them
    waiting_for: list[str] | None  # programs holding the database file open


@dataclass
class Outcome:
    """What finishing an erasure left undone: readers holding the file, backups not scrubbed
    (damaged, or moved from where `outreach backup` wrote them)."""

    waiting_for: list[str] | None = None
    failed: list[tuple[Path, str]] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def forget_family(db: sqlite_utils.Database, guardian_id: int | None = None,
                  student_id: int | None = None) -> Forgotten:
    """Erase the connected family of a guardian or student everywhere; for someone already
    erased, finish what an interrupted run left (and report that erasure)."""
    try:
        with db.atomic():
            guardians, students = family(db, guardian_id, student_id)
            erasure = erase(db, guardians, students, "family")
    except NotFound:
        journalled = backup_erasure.journalled(db, guardian_id, student_id)
        if journalled is None:
            raise
        erasure = journalled
    return finished(db, erasure)


def erase(db: sqlite_utils.Database, guardians: set[int], students: set[int], entity: str,
          detail: dict[str, object] | None = None) -> Erasure:
    """Journal and delete these guardians and students with all that is theirs, audited as one
    `entity` erasure (counts and `detail`, no names); the rest is for `finished`."""
    with db.atomic():
        erasure = backup_erasure.record(db, guardians, students)
        phones, emails = _contacts(db, guardians)
        responses = backup_erasure.responses_by_contact(db, phones, emails)
        folders = _own_folders(db, guardians)
        backup_erasure.delete_family(db, guardians, students, responses)
        audit.record(db, "forget", entity, None,
                     {"guardians": len(guardians), "students": len(students), **(detail or {})})
        for folder in folders:  # before the commit: no crash leaves them behind their rows
            shutil.rmtree(folder, ignore_errors=True)
    return erasure


def finished(db: sqlite_utils.Database, erasure: Erasure) -> Forgotten:
    """After the commit: finish the erasure down to the disk and the backups, and say it."""
    pause("forget.committed")
    outcome = finish(db, erasure)
    return Forgotten(guardians=len(erasure.guardians), students=len(erasure.students),
                     backups=erasure.backups,
                     backups_failed=[f"{path}: {reason}" for path, reason in outcome.failed],
                     backups_missing=[str(path) for path in outcome.missing],
                     waiting_for=outcome.waiting_for)


def _own_folders(db: sqlite_utils.Database, guardians: set[int]) -> list[Path]:
    """The exported folders of the messages written for the family alone (an answer over SMS or
    an unbotted MAX): they go with the messages (the family's messages cascade with them).
    Only folders the tool made among the database's own are removed."""
    found = [Path(folder) for (folder,) in db.execute(
        "SELECT folder FROM messages WHERE folder IS NOT NULL AND guardian_id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(guardians))])]
    if not found:
        return []
    root = messages_dir(database_file(db)).resolve()
    return [folder for folder in found if folder.resolve().parent == root]


def _contacts(db: sqlite_utils.Database, guardians: set[int]) -> tuple[set[str], set[str]]:
    phones, emails = set(), set()
    for phone, email in db.execute(
            "SELECT phone, email FROM guardians WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(guardians))]):
        phones.update([phone] if phone else [])
        emails.update([email] if email else [])
    return phones, emails


def finish(db: sqlite_utils.Database, erasure: Erasure) -> Outcome:
    """Rewrite the message folders, checkpoint the file, scrub the backups; the journal row is
    closed only when all of it is done."""
    if backup_erasure.is_done(db, erasure):
        return Outcome()
    if not erasure.folders_done:
        from outreach.messages.delivery.exported import refresh_folders

        refresh_folders(db)
        backup_erasure.mark_folders_done(db, erasure)
        pause("forget.folders")
    outcome = Outcome(waiting_for=backup_erasure.checkpoint(db))
    scrubbed = backup_erasure.scrub_backups(db, erasure)
    outcome.failed, outcome.missing = scrubbed.failed, scrubbed.missing
    if outcome.waiting_for is None and not outcome.failed:
        backup_erasure.mark_done(db, erasure)
    return outcome


def finish_pending(db: sqlite_utils.Database) -> None:
    """At start, when `backup_erasure.unfinished`: finish interrupted erasures and a crashed
    scrub."""
    path = database_file(db)
    if path is not None:
        backup_erasure.finish_leftovers(path)
    for erasure in backup_erasure.pending(db):
        if finish(db, erasure).waiting_for is not None:
            return  # the file is held open: the next start tries again


def forgotten_summary(counts: Forgotten) -> str:
    """What `forget` erased, in one or two sentences for the CLI and the app."""
    waiting = counts["waiting_for"]
    guardians, students = counts["guardians"], counts["students"]
    lines = [t("Erased: guardians {guardians}, students {students}.", guardians=guardians, students=students) if waiting is None else
             t("Removed from the lists: guardians {guardians}, students {students}; but the database file still holds their data while {programs} has it open. Close it, then run this command again or start outreach: the erasure finishes then.", guardians=guardians, students=students,
               programs=", ".join(waiting) or t("another program"))]
    if counts["backups"]:
        lines.append(t("Also erased from backups: {backups}.", backups=counts["backups"]))
    lines += [t("Could not erase them from the backup {backup} — delete that file by hand.", backup=failed) for failed in counts["backups_failed"]]
    lines += [t("A backup is no longer where it was made: {backup}. If you moved it, it still holds the family's data: delete that copy by hand.", backup=missing)
              for missing in counts["backups_missing"]]
    return " ".join(lines)
