"""Issue 12 in the CLI: numbers and dates as typed, consent dates, team members checked."""

from __future__ import annotations

import pytest

from outreach import roster
from outreach.contest import store


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
