"""Russian conventions (issue 15): dates typed and shown as ДД.ММ.ГГГГ, moments as «сегодня в
14:00» in the local zone, a decimal comma typed and shown, Russian names of faults, channels and
statuses — while `--json` keeps ISO text, numbers and codes."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from outreach.common.contacts import InvalidContact
from outreach.common.errors import OutreachError
from outreach.common.formats import (
    parse_decimal,
    parse_moment,
    show_day,
    show_decimal,
    show_moment,
    typed_moment,
)
from outreach.contest import store
from outreach.messages.compose import base_context
from outreach.roster import guardians as roster
from outreach.roster.consent import parse_consent
from tests.messages_support import parents

ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
NOW = "2026-11-30T15:00"


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # tables wide enough to keep each cell on one line


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_NOW", NOW)


@pytest.mark.parametrize("moment,ru,en", [
    ("2026-11-30T14:00", "сегодня в 14:00", "today at 14:00"),
    ("2026-11-29T09:15", "вчера в 09:15", "yesterday at 09:15"),
    ("2026-12-01T08:30", "завтра в 08:30", "tomorrow at 08:30"),
    ("2026-03-08T10:05", "08.03 в 10:05", "8 Mar at 10:05"),
    ("2025-11-30T14:00", "30.11.2025 в 14:00", "30 Nov 2025, 14:00"),
])
def test_moments_read_as_people_say_them(frozen: None, moment: str, ru: str, en: str) -> None:
    assert show_moment(moment, "ru") == ru
    assert show_moment(moment, "en") == en


def test_a_moment_is_shown_in_the_local_zone(frozen: None) -> None:
    stored = datetime.fromisoformat("2026-11-30T14:00").astimezone()
    elsewhere = stored.astimezone(datetime.fromisoformat("2026-01-01T00:00+11:00").tzinfo)
    assert show_moment(elsewhere.isoformat(), "ru") == "сегодня в 14:00"


def test_days_and_decimals_by_language() -> None:
    assert show_day("2026-09-01", "ru") == "01.09.2026"
    assert show_day(date(2026, 9, 1), "en") == "2026-09-01"
    assert show_day(None, "ru") == "" and show_day("соревнование", "ru") == "соревнование"
    assert show_decimal(82.3, "ru") == "82,3" and show_decimal(82.3, "en") == "82.3"
    assert show_decimal(12.0, "ru") == "12" and show_decimal(None, "ru") == ""


@pytest.mark.parametrize("typed,value", [("52,3", 52.3), ("52.3", 52.3), (" 1 000,5 ", 1000.5),
                                         (",5", 0.5), ("7", 7.0), ("-2,5", -2.5)])
def test_decimals_typed_with_a_comma_or_a_point(typed: str, value: float) -> None:
    assert parse_decimal(typed) == value


@pytest.mark.parametrize("typed", ["52,3,1", "abc", "", "1e3", "nan"])
def test_what_is_not_a_number_is_refused(typed: str) -> None:
    with pytest.raises(OutreachError, match="not a number"):
        parse_decimal(typed)


def test_moments_typed_day_first_or_iso() -> None:
    assert parse_moment("01.12.2026  08:30") == parse_moment("2026-12-01T08:30")
    with pytest.raises(OutreachError):
        parse_moment("31.11.2026 08:30")


@pytest.mark.parametrize(("typed", "read"), [  # on Monday 30.11.2026, 15:00
    ("завтра в 8:00", "2026-12-01T08:00"), ("Сегодня в 18:30", "2026-11-30T18:30"),
    ("03.12 в 18:30", "2026-12-03T18:30"), ("пт 18:30", "2026-12-04T18:30"),
    ("в пятницу в 18:30", "2026-12-04T18:30"), ("во вторник в 9.15", "2026-12-01T09:15"),
    ("пн 16:00", "2026-11-30T16:00"), ("02.12.26 8:00", "2026-12-02T08:00"),
    ("05.01 в 10:00", "2027-01-05T10:00"), ("tomorrow at 08:30", "2026-12-01T08:30"),
])
def test_moments_read_back_as_the_app_shows_them_and_people_say_them(frozen: None, typed: str, read: str) -> None:
    """«завтра в 08:30» is how the outbox shows a scheduled time; typed back it was refused."""
    assert parse_moment(typed) == parse_moment(read)
    assert parse_moment(show_moment(parse_moment(read), "ru")) == parse_moment(read)  # what the app shows reads back


@pytest.mark.parametrize("typed", ["вечером", "31.02 в 10:00", "завтра в 25:00", "завтра", "пт"])
def test_what_is_not_a_moment_is_refused(frozen: None, typed: str) -> None:
    with pytest.raises(OutreachError, match="not a date and time"):
        parse_moment(typed)


def ru(cli, *args: str):  # type: ignore[no-untyped-def]
    result = cli("--lang", "ru", *args)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


@pytest.fixture
def team(db):  # type: ignore[no-untyped-def]
    """A contest on 01.09.2026 with one team, number 1."""
    guardian = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна"})
    student = roster.add_student(db, "Петров", "Иван", "", "10А", [(guardian, "mother")])
    cid = store.new_contest(db, "Моя автомобильная семья", day="2026-09-01")
    store.add_team(db, cid, student, [guardian])
    return cid


def test_contest_dates_typed_and_shown_russian_style(cli) -> None:  # type: ignore[no-untyped-def]
    cid = cli.json("--lang", "ru", "contest", "new", "Осенний этап", "--date", "01.09.2026")["id"]
    assert cli.json("contest", "show", str(cid))["date"] == "2026-09-01"
    assert f"{cid}  01.09.2026  Осенний этап" in ru(cli, "contest", "list")
    assert "01.09.2026" in ru(cli, "contest", "show", str(cid))
    assert "2026-09-01" in cli("contest", "list").stdout


def test_a_decimal_comma_and_russian_faults_score_right(cli, team) -> None:  # type: ignore[no-untyped-def]
    scored = cli.json("--lang", "ru", "contest", "score", str(team), "1", "slalom", "--time", "52,3",
                      "--fault", "конус=1", "--fault", "Остановка")
    assert scored["events"]["slalom"]["time"] == 52.3  # not 523
    assert scored["events"]["slalom"]["faults"] == {"cone": 1, "stall": 1}
    assert scored["events"]["slalom"]["score"] == 67.3  # 52.3 + cone 10 + stall 5
    board = ru(cli, "contest", "board", str(team))
    assert "67,3" in board and "67.3" not in board and "Змейка" in board
    assert "конус +10" in ru(cli, "contest", "show", str(team))
    english = cli.json("contest", "score", str(team), "1", "slalom", "--time", "41.5", "--fault", "cone")
    assert english["events"]["slalom"]["score"] == 51.5


def test_an_unknown_fault_is_refused_naming_the_russian_ones(cli, team) -> None:  # type: ignore[no-untyped-def]
    refused = cli("--lang", "ru", "contest", "score", str(team), "1", "slalom", "--time", "40",
                  "--fault", "яма")
    assert refused.exit_code == 1
    assert "«яма»" in refused.stderr and "конус" in refused.stderr and "cone" not in refused.stderr


def test_fault_points_and_event_points_accept_a_decimal_comma(cli, db, team) -> None:  # type: ignore[no-untyped-def]
    ru(cli, "contest", "fault", str(team), "конус", "7,5")
    ru(cli, "contest", "event", str(team), "slalom", "--dnf-extra", "12,5")
    assert {f.code: f.points for f in store.faults(db, team)}["cone"] == 7.5
    assert store.get_event(db, team, "slalom").dnf_extra == 12.5
    bad = cli("--lang", "ru", "contest", "fault", str(team), "cone", "7,5,1")
    assert bad.exit_code == 2 and "«7,5,1» — не число" in bad.stderr


def test_consent_date_typed_and_shown_russian_style(cli, db) -> None:  # type: ignore[no-untyped-def]
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна"})
    ru(cli, "roster", "consent", str(gid), "--given", "--date", "01.09.2026")
    assert "✓ 01.09.2026" in ru(cli, "roster", "list")
    assert cli.json("roster", "list")[0]["consent_date"] == "2026-09-01"


def test_message_log_shows_names_channels_and_times_in_russian(cli, db, frozen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids = parents(db, 2, channel="sms")
    mid = str(cli.json("message", "new", "--template", "ru/parent-meeting", "--audience", "group:10А",
                       "--set", "date=25 сентября", "--set", "time=18:30", "--set", "place=каб. 12",
                       "--set", "topic=ПДД")["id"])
    cli.json("message", "send", mid, "--yes", "--out", str(tmp_path / "out"))
    log = ru(cli, "message", "log", mid)
    assert "Петрова Анна Викторовна" in log and "СМС" in log and "сегодня в 15:00" in log
    assert not ISO_MOMENT.search(log) and "sms" not in log
    for gid in ids:
        assert f"│ {gid} " not in log
    rows = cli.json("message", "log", mid)
    assert {r["channel"] for r in rows} == {"sms"} and ISO_MOMENT.match(rows[0]["sent_at"])
    assert "сегодня в" in ru(cli, "message", "list")


def test_scheduling_typed_russian_style_reads_back_in_words(cli, db, frozen) -> None:  # type: ignore[no-untyped-def]
    parents(db, 1)
    mid = str(cli.json("message", "new", "--template", "ru/parent-meeting", "--audience", "all",
                       "--set", "date=25 сентября", "--set", "time=18:30", "--set", "place=каб. 12",
                       "--set", "topic=ПДД")["id"])
    assert "уйдёт завтра в 08:30" in ru(cli, "message", "schedule", mid, "--at", "01.12.2026 08:30")
    assert "запланировано на завтра в 08:30" in ru(cli, "message", "list")
    assert cli.json("message", "list")[0]["send_at"].startswith("2026-12-01T08:30")
    passed = cli("--lang", "ru", "message", "schedule", mid, "--at", "29.11.2026 08:30")
    assert passed.exit_code == 1 and "«вчера в 08:30» уже прошло" in passed.stderr


def test_the_today_of_a_template_reads_as_its_language_writes_dates(frozen: None) -> None:
    assert base_context({}, "ru", {}, "Собрание")["today"] == "30.11.2026"
    assert base_context({}, "en", {}, "Meeting")["today"] == "2026-11-30"


@pytest.mark.parametrize("cell,consent", [
    ("01.09.2026", ("given", "2026-09-01")), ("5/10/2026", ("given", "2026-10-05")),
    ("05-10-2026", ("given", "2026-10-05")), ("2026-09-01", ("given", "2026-09-01")),
    ("отозвано 05.10.2026", ("withdrawn", "2026-10-05")),
])
def test_a_roster_file_consent_date_is_read_by_the_same_rules(cell: str, consent: tuple[str, str]) -> None:
    assert parse_consent(cell, date(2026, 11, 30)) == consent


def test_an_impossible_consent_date_in_a_file_is_refused() -> None:
    with pytest.raises(InvalidContact):
        parse_consent("31.02.2026", date(2026, 11, 30))


def test_a_scheduled_moment_is_offered_back_as_the_language_types_it(frozen: None) -> None:
    moment = parse_moment("01.12.2026 08:30")
    assert typed_moment(moment, "ru") == "01.12.2026 08:30"
    assert typed_moment(moment, "en") == "2026-12-01 08:30"
    assert parse_moment(typed_moment(moment, "en")) == moment
