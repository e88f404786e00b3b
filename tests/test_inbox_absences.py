"""Absence notes: Russian rules (an absence verb, the parent's child by name or the only child,
a day word), listed for the day, exported as CSV, and the parent thanked once."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils

from outreach.inbox.absence import Note, absences, absent_children
from outreach.inbox.fetch import fetch
from outreach.roster import guardians as roster
from outreach.settings.values import set_setting
from tests.messages_support import TelegramApi

TOKEN = "123456789:AAHsecretTOKENvalue_for-absences"
MONDAY = date(2026, 11, 30)
CHILDREN = [(1, "Мария"), (2, "Иван")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Маша сегодня не придёт, заболела", ([1], MONDAY)),
    ("Ваня завтра не будет в школе", ([2], date(2026, 12, 1))),
    ("Мария пропустит занятия в четверг", ([1], date(2026, 12, 3))),
    ("Маша и Ваня заболели", ([1, 2], MONDAY)),
    ("Иван в понедельник отсутствует", ([2], MONDAY)),
])
def test_notes_are_recognised(text: str, expected: tuple[list[int], date]) -> None:
    note = absent_children(text, CHILDREN, MONDAY)
    assert note is not None and (note.students, note.days, note.read_as) == (expected[0], [expected[1]], "")


@pytest.mark.parametrize("text", ["Маша завтра придёт пораньше", "Спасибо, будем на собрании",
                                  "Петя не придёт", "нас не будет в понедельник"])
def test_other_messages_are_not_notes(text: str) -> None:
    assert absent_children(text, CHILDREN, MONDAY) is None  # the last: two children, none named


def test_an_only_child_needs_no_name() -> None:
    assert absent_children("Нас не будет в понедельник", [(7, "Дарья")], date(2026, 12, 2)) == \
        Note([7], [date(2026, 12, 7)])


def _days(*numbers: int) -> list[date]:
    return [date(2026, 11 if n >= 30 else 12, n) for n in numbers]


@pytest.mark.parametrize(("text", "days", "read_as"), [
    ("Маша заболела, 3 дня не будет", _days(30, 1, 2), "3 дня"),
    ("Маша заболела, три дня не будет", _days(30, 1, 2), "три дня"),
    ("Маша с четверга не придёт, 3 дня", _days(3, 4, 7), "3 дня"),  # school days: not Saturday, Sunday
    ("Маша до пятницы не придёт", _days(30, 1, 2, 3), "до пятницы"),  # back on Friday
    ("Маша не придёт до 5 декабря", _days(30, 1, 2, 3, 4), "до 5 декабря"),
    ("Маша заболела, на этой неделе её не будет", _days(30, 1, 2, 3, 4), "на этой неделе"),
])
def test_a_note_for_several_days_names_each_school_day(text: str, days: list[date], read_as: str) -> None:
    assert absent_children(text, CHILDREN, MONDAY) == Note([1], days, read_as)


def test_a_name_that_is_not_the_parent_s_child_is_a_guess_said_so() -> None:
    """«Маша» from the mother of Анастасия alone: recorded for Анастасия, unsure, naming «Маша»."""
    assert absent_children("Маша заболела, не придёт", [(7, "Анастасия")], MONDAY) == \
        Note([7], [MONDAY], "", "Маша")
    assert absent_children("Настя заболела, не придёт", [(7, "Анастасия")], MONDAY) == Note([7], [MONDAY])


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with TelegramApi(TOKEN) as server:
        monkeypatch.setenv("OUTREACH_TELEGRAM_TOKEN", TOKEN)
        monkeypatch.setenv("OUTREACH_TELEGRAM_API", server.url)
        yield server


def stamp(moment: str) -> int:
    return int(datetime.fromisoformat(moment).timestamp())


def family(db: sqlite_utils.Database) -> int:
    masha = roster.add_student(db, "Петрова", "Мария", "", "10А")
    vanya = roster.add_student(db, "Петров", "Иван", "", "7Б")
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "patronymic": "Викторовна",
                                   "telegram": "100000", "phone": "+79120000001"},
                              [(masha, "mother"), (vanya, "mother")])
    roster.set_consent(db, [gid], True)
    set_setting(db, "default_channels", "telegram")
    set_setting(db, "quiet_hours", "off")
    return gid


def test_a_note_is_listed_exported_and_thanked_once(cli, db: sqlite_utils.Database, api: TelegramApi,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gid = family(db)
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T07:40:00+03:00")
    api.message(100000, "Доброе утро! Маша сегодня не придёт, заболела.")
    api.updates[-1]["message"]["date"] = stamp("2026-11-30T07:40:00+03:00")  # type: ignore[index]
    api.message(100000, "Спасибо за информацию о собрании")
    report = cli.json("inbox", "fetch")
    assert report["new"] == {"telegram": 2} and report["acknowledged"] == 1
    listed = cli.json("inbox", "absences", "--date", "30.11.2026")
    assert [(a["student"], a["group"], a["guardian_id"], a["acknowledged"]) for a in listed] == \
        [("Петрова Мария", "10А", gid, True)]
    assert cli.json("inbox", "absences", "--date", "2026-12-01") == []
    thanks = [r["text"] for r in api.received]
    assert len(thanks) == 1 and "Мария" in str(thanks[0]) and "30.11.2026" in str(thanks[0])
    assert cli.json("inbox", "fetch")["acknowledged"] == 0 and len(api.received) == 1
    target = tmp_path / "absences.csv"
    assert cli("inbox", "absences", "--date", "30.11.2026", "--csv", str(target)).exit_code == 0
    rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
    assert rows == [["Date", "Class", "Student", "Parent", "Thanked", "Note"],
                    ["2026-11-30", "10А", "Петрова Мария", "Петрова Анна Викторовна", "1", ""]]
    book = tmp_path / "absences.xlsx"  # a workbook for a .xlsx name, the same rows as text
    assert cli("inbox", "absences", "--date", "30.11.2026", "--csv", str(book)).exit_code == 0
    sheet = openpyxl.load_workbook(book).active
    assert [[cell.value or "" for cell in row] for row in sheet.iter_rows()] == rows
    bad = cli("inbox", "absences", "--date", "31.02.2026")
    assert bad.exit_code == 1 and "«31.02.2026» is not a date" in bad.stderr


def test_a_night_note_is_thanked_without_an_auto_reply_too(db: sqlite_utils.Database, api: TelegramApi,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    family(db)
    set_setting(db, "inbox.working_hours", "08:00-20:00")
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T23:05:00+03:00")
    api.message(100000, "Ваня завтра не придёт")
    api.updates[-1]["message"]["date"] = stamp("2026-11-30T23:05:00+03:00")  # type: ignore[index]
    report = fetch(db)
    assert (report.acknowledged, report.auto_replies) == (1, 0)
    assert len(api.received) == 1


def test_a_thank_you_that_did_not_go_is_not_ticked(db: sqlite_utils.Database, api: TelegramApi,
                                                    monkeypatch: pytest.MonkeyPatch, russian: None) -> None:
    """The list ticked «Поблагодарили ✓» as soon as the thank-you was decided, even when Telegram
    refused it: it now says what became of it, and a tick only for one that went."""
    family(db)
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T07:40:00+03:00")
    api.refused["100000"] = (400, "Bad Request: chat not found")
    api.message(100000, "Маша сегодня не придёт, заболела")
    api.updates[-1]["message"]["date"] = stamp("2026-11-30T07:40:00+03:00")  # type: ignore[index]
    assert fetch(db).acknowledged == 0
    noted, = absences(db, MONDAY)
    assert noted.acknowledged and not noted.thanked  # decided once: never sent again on its own
    assert noted.thanks == "failed" and noted.thanks_label() == "ошибка"
    assert fetch(db).acknowledged == 0  # the next fetch does not try again
    assert absences(db, MONDAY)[0].thanks == "failed"


def test_thanks_can_be_turned_off(db: sqlite_utils.Database, api: TelegramApi,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    family(db)
    set_setting(db, "inbox.absence_thanks", "no")
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T09:00:00+03:00")
    api.message(100000, "Маша завтра не придёт")
    api.updates[-1]["message"]["date"] = stamp("2026-11-30T09:00:00+03:00")  # type: ignore[index]
    assert fetch(db).acknowledged == 0 and api.received == []
    assert [a.student for a in absences(db, date(2026, 12, 1))] == ["Петрова Мария"]


def test_several_days_are_listed_on_each_and_thanked_once_with_the_span(
        cli, db: sqlite_utils.Database, api: TelegramApi, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    family(db)
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T07:40:00+03:00")
    api.message(100000, "Маша заболела, 3 дня не будет")
    api.updates[-1]["message"]["date"] = stamp("2026-11-30T07:40:00+03:00")  # type: ignore[index]
    assert cli.json("inbox", "fetch")["acknowledged"] == 1
    for day in ("30.11.2026", "01.12.2026", "02.12.2026"):
        listed, = cli.json("inbox", "absences", "--date", day)
        assert (listed["student"], listed["read_as"], listed["first"], listed["last"]) == \
            ("Петрова Мария", "3 дня", "2026-11-30", "2026-12-02")
    assert cli.json("inbox", "absences", "--date", "03.12.2026") == []
    thanks, = [str(r["text"]) for r in api.received]
    assert "30.11.2026" in thanks and "02.12.2026" in thanks
    shown = cli("inbox", "absences", "--date", "01.12.2026").stdout
    assert "«3 дня»:" in shown and "2026-11-30–2026-12-02" in shown


def test_a_guessed_child_is_listed_as_unsure_and_not_thanked(
        cli, db: sqlite_utils.Database, api: TelegramApi, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    nastya = roster.add_student(db, "Петрова", "Анастасия", "", "10А")
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "patronymic": "Викторовна",
                                   "telegram": "100000"}, [(nastya, "mother")])
    roster.set_consent(db, [gid], True)
    set_setting(db, "quiet_hours", "off")
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T07:40:00+03:00")
    api.message(100000, "Маша заболела, сегодня не придёт")
    api.updates[-1]["message"]["date"] = stamp("2026-11-30T07:40:00+03:00")  # type: ignore[index]
    assert cli.json("inbox", "fetch")["acknowledged"] == 0 and api.received == []
    listed, = cli.json("inbox", "absences", "--date", "30.11.2026")
    assert (listed["student"], listed["unsure"], listed["acknowledged"]) == ("Петрова Анастасия", "Маша", False)
    shown = cli("inbox", "absences", "--date", "30.11.2026").stdout
    assert "unsure:" in shown and "Маша" in shown


def test_an_upgrade_keeps_the_absences_noted_before(tmp_path: Path) -> None:
    """The absences table is rebuilt for a row per day: the notes stored before stay, thanked."""
    import sqlite3

    from outreach.store import db as storage
    from outreach.store import schema

    path = tmp_path / "old.db"
    before = schema.STEPS.index(schema.V22_ABSENCEDAYS)
    conn = sqlite3.connect(path)
    conn.create_function("canonical_group", 1, lambda name: name)
    for version in range(1, before + 1):
        schema.MIGRATIONS[version](storage.Database(conn))
    conn.executescript(
        "INSERT INTO students(id, surname, name, patronymic, name_key, created_at, updated_at)"
        " VALUES (1, 'Петрова', 'Мария', '', 'петрова мария', '', '');"
        "INSERT INTO guardians(id, surname, name, name_key, created_at, updated_at)"
        " VALUES (1, 'Петрова', 'Анна', 'петрова анна', '', '');"
        "INSERT INTO inbox_threads(id, guardian_id, channel, last_at) VALUES (1, 1, 'telegram', '2026-11-30');"
        "INSERT INTO inbox_messages(id, thread_id, channel, external_id, body, received_at)"
        " VALUES (1, 1, 'telegram', '1', 'Маша не придёт', '2026-11-30');"
        "INSERT INTO inbox_absences(inbox_message_id, student_id, day, acknowledged_at)"
        " VALUES (1, 1, '2026-11-30', '2026-11-30T08:00');"
        f"PRAGMA user_version = {before};")
    conn.commit()
    conn.close()
    db = storage.open_db(path)
    try:
        assert db.execute("SELECT inbox_message_id, student_id, day, acknowledged_at IS NOT NULL, read_as, unsure"
                          " FROM inbox_absences").fetchall() == [(1, 1, "2026-11-30", 1, "", "")]
        db.execute("INSERT INTO inbox_absences(inbox_message_id, student_id, day) VALUES (1, 1, '2026-12-01')")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


def test_messages_kept_before_the_sender_was_stored_read_as_the_parent_s(tmp_path: Path) -> None:
    """Schema 23 adds who wrote; a message stored before has none and stays the parent's."""
    from outreach.inbox.reply import last_mail
    from outreach.inbox.threads import get_thread, thread_messages, thread_text
    from outreach.store import db as storage

    path = tmp_path / "old.db"
    test_an_upgrade_keeps_the_absences_noted_before(tmp_path)  # builds old.db, upgraded to the newest
    db = storage.open_db(path)
    try:
        db.execute("UPDATE inbox_threads SET channel = 'email'")
        db.execute("UPDATE inbox_messages SET channel = 'email', external_id = '<m1@mail.ru>'")
        message, = thread_messages(db, 1)
        assert (message.sender, message.sender_guardian_id) == ("", None)
        assert "Петрова Анна" in thread_text(get_thread(db, 1), [message])
        mail = last_mail(db, 1)
        assert mail is not None and mail.to_address == ""
    finally:
        db.close()
