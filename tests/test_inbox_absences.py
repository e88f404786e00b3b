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

from outreach.inbox.absence import absences, absent_children
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
    assert absent_children(text, CHILDREN, MONDAY) == expected


@pytest.mark.parametrize("text", ["Маша завтра придёт пораньше", "Спасибо, будем на собрании",
                                  "Петя не придёт", "нас не будет в понедельник"])
def test_other_messages_are_not_notes(text: str) -> None:
    assert absent_children(text, CHILDREN, MONDAY) is None  # the last: two children, none named


def test_an_only_child_needs_no_name() -> None:
    assert absent_children("Нас не будет в понедельник", [(7, "Дарья")], date(2026, 12, 2)) == \
        ([7], date(2026, 12, 7))


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
    assert rows == [["Date", "Class", "Student", "Parent", "Thanked"],
                    ["2026-11-30", "10А", "Петрова Мария", "Петрова Анна Викторовна", "1"]]
    book = tmp_path / "absences.xlsx"  # a workbook for a .xlsx name, the same rows as text
    assert cli("inbox", "absences", "--date", "30.11.2026", "--csv", str(book)).exit_code == 0
    sheet = openpyxl.load_workbook(book).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == rows
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
