"""September's question in the domain and the CLI: whose consent is a year old, or missing."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from outreach.roster import guardians as roster
from outreach.roster.export import export_roster
from tests.conftest import Cli
from tests.consent_age_support import TO_ASK, YEAR_OLD, consent_ages


def surnames(db: sqlite_utils.Database, flt: roster.Filter) -> set[str]:
    found = {g.surname for g in roster.list_guardians(db, flt)}
    assert roster.count_guardians(db, flt) == len(found)
    return found


def test_a_consent_is_a_year_old_from_the_same_day_a_year_later() -> None:
    assert roster.year_old_before(date(2026, 9, 12)) == YEAR_OLD
    assert roster.year_old_before(date(2028, 2, 29)) == "2027-03-01"  # a year before is 28.02


def test_the_filter_finds_consents_a_year_old_or_none_but_no_withdrawal(
        db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = consent_ages(db, monkeypatch)
    assert surnames(db, roster.Filter(no_consent_since=YEAR_OLD)) == TO_ASK
    assert surnames(db, roster.Filter(group="7А", no_consent_since=YEAR_OLD)) == TO_ASK - {"Жукова"}
    assert surnames(db, roster.Filter(consent_before=YEAR_OLD)) == {"Андреева", "Жукова"}  # as it was
    old = {g.surname for g in roster.list_guardians(db) if g.consent_given_before(YEAR_OLD)}
    assert old == {"Андреева", "Жукова"}
    assert roster.guardian_ids(db, roster.Filter(no_consent_since=YEAR_OLD)) == sorted(ids[s] for s in TO_ASK)


def test_exporting_the_filter_writes_only_its_guardians(
        db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A student without a parent is no one to ask for consent: not in the list either."""
    consent_ages(db, monkeypatch)
    target = tmp_path / "to-ask.csv"
    assert export_roster(db, target, roster.Filter(group="7А", no_consent_since=YEAR_OLD)) == 2
    with target.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))[1:]
    assert sorted(row[4] for row in rows) == ["Андреева", "Васильева"]


def test_roster_list_no_consent_since(cli: Cli, db: sqlite_utils.Database,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    ids = consent_ages(db, monkeypatch)
    found = cli.json("roster", "list", "--no-consent-since", "13.09.2025")
    assert {g["id"] for g in found} == {ids[s] for s in TO_ASK}
    assert [g["id"] for g in cli.json("roster", "list", "--no-consent-since", YEAR_OLD)] == [g["id"] for g in found]
    bad = cli("roster", "list", "--no-consent-since", "31.09.2025")
    assert bad.exit_code == 2 and "--no-consent-since" in bad.stderr and "31.09.2025" in bad.stderr
