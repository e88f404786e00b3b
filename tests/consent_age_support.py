"""A small roster of consents of every age, seen on 12.09.2026 (the September collection):
whose consent is a year old, recent, missing, withdrawn."""

from __future__ import annotations

from datetime import date

import pytest
import sqlite_utils

from outreach.roster import guardians as roster

TODAY = "2026-09-12T10:00"  # OUTREACH_NOW: a consent given before 13.09.2025 is a year old
YEAR_OLD = "2025-09-13"

# surname → (class of the child, consent given, consent withdrawn)
PARENTS = {
    "Андреева": ("7А", "2025-09-12", None),  # a year old today, to the day
    "Борисова": ("7А", "2025-09-13", None),  # a day short of a year
    "Васильева": ("7А", None, None),  # never given
    "Григорьева": ("7А", "2024-05-01", "2026-01-10"),  # withdrawn: her answer, not asked again
    "Дмитриева": ("7А", "2026-09-01", None),  # this September's
    "Жукова": ("8Б", "2024-09-01", None),  # two years old, another class
}
TO_ASK = {"Андреева", "Васильева", "Жукова"}  # a year old or none


def consent_ages(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The roster above (and a 7А student without a parent), the clock on 12.09.2026; the
    guardians' ids by surname."""
    monkeypatch.setenv("OUTREACH_NOW", TODAY)
    ids = {}
    for number, (surname, (group, given, withdrawn)) in enumerate(PARENTS.items()):
        child = roster.add_student(db, surname[:-1], "абвгдеж"[number].upper() + "ня", "", group)
        ids[surname] = gid = roster.add_guardian(db, {"surname": surname, "name": "Анна"}, [(child, "mother")])
        if given:
            roster.set_consent(db, [gid], True, date.fromisoformat(given))
        if withdrawn:
            roster.set_consent(db, [gid], False, date.fromisoformat(withdrawn))
    roster.add_student(db, "Ежов", "Жора", "", "7А")
    return ids
