"""Issue 12 in the CLI: numbers and dates as typed, consent dates, team members checked."""

from __future__ import annotations

from datetime import date

import pytest

from outreach.contest import store
from outreach.roster import guardians as roster


@pytest.fixture
def contest(cli, db):
    """A contest with team 1: Петров Иван driven with his mother."""
    mother = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна"})
    sid = roster.add_student(db, "Петров", "Иван", "", "10А", [(mother, "мать")])
    cid = cli.json("contest", "new", "Моя автомобильная семья 2026")["id"]
    cli.json("contest", "team", "add", str(cid), "--student", str(sid), "--guardian", str(mother))
    return cid


def stored_time(db, contest_id: int, slug: str) -> float | None:
    row = db.execute("SELECT r.time FROM contest_results r JOIN contest_events e ON e.id = r.event_id"
                     " WHERE e.contest_id = ? AND e.slug = ?", [contest_id, slug]).fetchone()
    return None if row is None else row[0]


@pytest.mark.parametrize("typed,seconds,shown", [
    ("48,7", 48.7, "48.7"), ("1:05,3", 65.3, "65.3"), ("312,5", 312.5, "312.5"), (" 52.3 ", 52.3, "52.3"),
])
def test_time_is_taken_as_typed(cli, db, contest, typed, seconds, shown):
    result = cli("contest", "score", str(contest), "1", "slalom", "--time", typed)
    assert result.exit_code == 0, result.stderr
    assert stored_time(db, contest, "slalom") == seconds
    board = cli.json("contest", "board", str(contest))
    assert board["standings"][0]["events"]["slalom"]["time"] == seconds
    assert shown in cli("contest", "board", str(contest)).stdout


@pytest.mark.parametrize("lang,typed,needle", [
    ("en", "1:75", "fewer than 60 seconds"), ("ru", "1:75", "меньше 60"),
    ("en", "abc", "is not a time"), ("ru", "abc", "не время"),
    ("en", "-3", "zero or more"), ("ru", "-3", "не меньше нуля"),
])
def test_impossible_time_is_refused_in_the_interface_language(cli, db, contest, lang, typed, needle):
    result = cli("--lang", lang, "contest", "score", str(contest), "1", "slalom", "--time", typed)
    assert result.exit_code == 1
    assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert stored_time(db, contest, "slalom") is None


def test_wrong_answers_as_typed(cli, db, contest):
    assert cli("contest", "score", str(contest), "1", "theory", "--wrong", " 2 ").exit_code == 0
    refused = cli("--lang", "ru", "contest", "score", str(contest), "1", "theory", "--wrong", "два")
    assert refused.exit_code == 1 and "Число ошибок" in refused.stderr
    assert db.execute("SELECT wrong FROM contest_results").fetchall() == [(2,)]


def test_contest_date_as_typed(cli, db):
    cid = cli.json("contest", "new", "Весна", "--date", "16.05.2026")["id"]
    assert store.get_contest(db, cid).date == "2026-05-16"
    refused = cli("--lang", "ru", "contest", "new", "Осень", "--date", "31.09.2026")
    assert refused.exit_code == 1 and "ДД.ММ.ГГГГ" in refused.stderr
    assert len(store.list_contests(db)) == 1


def test_consent_date_as_typed_and_audited_without_personal_data(cli, db):
    gid = roster.add_guardian(db, {"surname": "Сидорова", "name": "Алёна", "phone": "+79123334455"})
    result = cli("roster", "consent", str(gid), "--given", "--date", "01.09.2026", "--scope", "рассылки")
    assert result.exit_code == 0, result.stderr
    assert roster.get_guardian(db, gid).consent_date == "2026-09-01"
    assert cli("roster", "consent", str(gid), "--withdrawn", "--date", "5.10.2026").exit_code == 0
    rows = db.execute("SELECT action, entity_id, detail FROM audit_log WHERE action LIKE 'consent%'"
                      " ORDER BY id").fetchall()
    assert [(a, e) for a, e, _ in rows] == [("consent_given", gid), ("consent_withdrawn", gid)]
    assert '"from": "none", "to": "given"' in rows[0][2] and '"date": "2026-09-01"' in rows[0][2]
    assert '"from": "given", "to": "withdrawn"' in rows[1][2] and "2026-10-05" in rows[1][2]
    assert all("Сидорова" not in d and "7912" not in d for _, _, d in rows)
    refused = cli("--lang", "ru", "roster", "consent", str(gid), "--given", "--date", "32.09.2026")
    assert refused.exit_code == 2 and "ДД.ММ.ГГГГ" in refused.stderr


def test_undo_restores_the_exact_previous_consent(db):
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна"})
    other = roster.add_guardian(db, {"surname": "Кузнецова", "name": "Елена"})
    roster.set_consent(db, [gid], True, date(2026, 9, 1), "рассылки")
    change = roster.change_consent(db, [gid, other], False, date(2026, 10, 5))
    assert change.count == 2 and not roster.get_guardian(db, gid).consent
    roster.change_consent(db, [other], True, date(2026, 10, 6))  # changed since: left alone
    assert roster.undo_consent(db, change) == 1
    restored = roster.get_guardian(db, gid)
    assert {k: getattr(restored, k) for k in ("consent", "consent_date", "consent_scope", "consent_withdrawn_at")} == {
        "consent": True, "consent_date": "2026-09-01", "consent_scope": "рассылки",
        "consent_withdrawn_at": None}
    assert roster.get_guardian(db, other).consent_date == "2026-10-06"
    (detail,) = db.execute("SELECT detail FROM audit_log WHERE action = 'consent_undone'").fetchone()
    assert '"from": "withdrawn", "to": "given"' in detail


def test_team_guardian_must_be_the_students_parent(cli, db, contest):
    sid = roster.add_student(db, "Кузнецова", "Дарья", "", "10А")
    stranger = db.execute("SELECT guardian_id FROM student_guardians").fetchone()[0]  # Петрова
    teams_before = db.execute("SELECT count(*) FROM contest_teams").fetchone()
    for lang, needle in (("en", "not linked to student"), ("ru", "не связан в списке")):
        refused = cli("--lang", lang, "contest", "team", "add", str(contest), "--student", str(sid),
                      "--guardian", str(stranger))
        assert refused.exit_code == 1 and needle in refused.stderr and "--any-guardian" in refused.stderr
        assert "Петрова" not in refused.stderr
    assert db.execute("SELECT count(*) FROM contest_teams").fetchone() == teams_before
    made = cli.json("contest", "team", "add", str(contest), "--student", str(sid), "--guardian",
                    str(stranger), "--any-guardian")
    assert made["number"] == 2


def test_board_shows_a_dash_for_a_team_that_has_not_started(cli, db, contest):
    board = cli.json("contest", "board", str(contest))["standings"][0]
    assert (board["total"], board["entered"]) == (0, 0)  # the JSON keeps its keys and types
    first_row = cli("contest", "board", str(contest)).stdout.split("│ 1 ", 1)[1].splitlines()[0]
    assert first_row.rstrip(" │").endswith("—")
