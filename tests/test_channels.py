"""Channel preferences, the reachability rule at its edges, and the coverage report."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach.channels.coverage import coverage
from outreach.channels.preferences import reach_one, reachability, set_preferences
from outreach.common.channel_names import (
    ALL_CHANNELS,
    GUARDIAN_CHANNELS,
    channels_text,
    parse_channel,
    parse_channels,
)
from outreach.common.errors import OutreachError
from outreach.common.i18n import LANGUAGES, set_language
from outreach.common.quiet_hours import QuietHours
from outreach.roster import guardians as roster
from outreach.settings.values import set_setting


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 28, hour, minute)


@pytest.fixture
def parent(db: sqlite_utils.Database) -> int:
    sid = roster.add_student(db, "Петров", "Иван", "", "10А")
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "phone": "8 912 345-67-89",
                                   "email": "anna@mail.ru", "telegram": "123456789"},
                              [(sid, "mother")])
    roster.set_consent(db, [gid], True)
    return gid


@pytest.mark.parametrize(("window", "moment", "inside"), [
    ("21:00-08:00", at(20, 59), False),
    ("21:00-08:00", at(21, 0), True),
    ("21:00-08:00", at(23, 59), True),
    ("21:00-08:00", at(0, 0), True),
    ("21:00-08:00", at(7, 59), True),
    ("21:00-08:00", at(8, 0), False),
    ("13:00-14:30", at(12, 59), False),
    ("13:00-14:30", at(13, 0), True),
    ("13:00-14:30", at(14, 30), False),
    ("off", at(3, 0), False),
])
def test_quiet_hours_edges(window: str, moment: datetime, inside: bool) -> None:
    assert QuietHours.parse(window).contains(moment) is inside


def test_quiet_hours_end_time_crosses_midnight() -> None:
    quiet = QuietHours.parse("21:00-08:00")
    assert quiet.ends_after(at(22, 15)) == datetime(2026, 11, 29, 8, 0)
    assert quiet.ends_after(at(6, 0)) == datetime(2026, 11, 28, 8, 0)
    assert quiet.ends_after(at(12, 0)) == at(12, 0)


@pytest.mark.parametrize("bad", ["25:00-07:00", "21:00", "21:60-08:00", "2100-0800", "8-25", "с 22", "до 7",
                                 "9-7", "с 9 до 7"])  # 22 hours: 21-7 meant? only HH:MM-HH:MM says it
def test_malformed_quiet_hours_rejected(bad: str) -> None:
    with pytest.raises(ValueError):
        QuietHours.parse(bad)


@pytest.mark.parametrize(("typed", "read"), [
    ("21-08", "21:00-08:00"), ("с 22 до 7", "22:00-07:00"), ("С 22:00 до 07:30", "22:00-07:30"),
    ("21.30–8.00", "21:30-08:00"), ("22 — 7", "22:00-07:00"), ("from 22 to 7", "22:00-07:00"),
    ("9:00-10:00", "09:00-10:00"), ("09:00-07:00", "09:00-07:00"),  # as strict as it was
])
def test_quiet_hours_read_as_teachers_type_them(typed: str, read: str) -> None:
    """«с 22 до 7» was refused as not HH:MM-HH:MM; it is stored (and shown back) as 22:00-07:00."""
    assert str(QuietHours.parse(typed)) == read


def test_default_order_and_quiet_hours(db: sqlite_utils.Database, parent: int) -> None:
    day = reach_one(db, parent, at(12))
    assert day.order == ["telegram", "max", "vk", "email"]
    assert day.channels == ["telegram", "email"] and day.now == ["telegram", "email"]
    assert day.reasons == {"max": "no_address", "vk": "no_address"}
    night = reach_one(db, parent, at(22))
    assert night.now == [] and night.why_not == "quiet_hours"
    assert night.deferred_until == datetime(2026, 11, 29, 8, 0)
    set_setting(db, "quiet_hours", "off")
    assert reach_one(db, parent, at(22)).now == ["telegram", "email"]


def test_own_quiet_hours_override_the_default(db: sqlite_utils.Database, parent: int) -> None:
    set_preferences(db, parent, quiet="23:00-06:00")
    assert reach_one(db, parent, at(22)).now == ["telegram", "email"]
    assert reach_one(db, parent, at(23)).now == []
    set_preferences(db, parent, quiet="default")
    assert reach_one(db, parent, at(22)).now == []


def test_consent_withdrawn_reaches_nobody(db: sqlite_utils.Database, parent: int) -> None:
    roster.set_consent(db, [parent], False)
    reach = reach_one(db, parent, at(12))
    assert reach.channels == [] and reach.why_not == "no_consent"
    assert coverage(db)["no_consent"] == [parent]


def test_opt_out_and_back_in(db: sqlite_utils.Database, parent: int) -> None:
    set_preferences(db, parent, opt_out=["telegram"])
    reach = reach_one(db, parent, at(12))
    assert reach.channels == ["email"] and reach.reasons["telegram"] == "opted_out"
    set_preferences(db, parent, opt_in=["telegram"])
    assert reach_one(db, parent, at(12)).channels == ["telegram", "email"]


def test_telegram_handle_is_not_a_chat_id(db: sqlite_utils.Database, parent: int) -> None:
    roster.edit_guardian(db, parent, {"telegram": "@anna_petrova"})
    assert reach_one(db, parent, at(12)).reasons["telegram"] == "telegram_not_linked"
    set_preferences(db, parent, addresses={"telegram": "987654321"})
    assert reach_one(db, parent, at(12)).channels[0] == "telegram"


def test_sms_and_phone_count_only_where_listed(db: sqlite_utils.Database, parent: int) -> None:
    assert "sms" not in reach_one(db, parent, at(12)).channels
    set_preferences(db, parent, prefer=["sms", "email"])
    reach = reach_one(db, parent, at(12))
    assert reach.channels == ["sms", "email"] and reach.explicit
    report = coverage(db)
    assert report["primary"]["sms"] == 1 and report["reachable"]["telegram"] == 0


def test_address_missing_makes_unreachable(db: sqlite_utils.Database, parent: int) -> None:
    roster.edit_guardian(db, parent, {"telegram": "", "email": ""})
    assert reach_one(db, parent, at(12)).why_not == "unreachable"
    assert coverage(db)["unreachable"] == [parent]


@pytest.mark.parametrize("kwargs", [
    {"prefer": ["telegram", "pigeon"]},
    {"opt_out": ["fax"]},
    {"quiet": "25:00-07:00"},
    {"addresses": {"email": "not-an-email"}},
    {"addresses": {"sms": "12"}},
    {"opt_out": ["vk"], "opt_in": ["vk"]},
])
def test_invalid_changes_change_nothing(db: sqlite_utils.Database, parent: int, kwargs: dict) -> None:
    set_preferences(db, parent, prefer=["email"], opt_out=["vk"])
    before = list(db.execute("SELECT * FROM guardian_channels ORDER BY channel"))
    quiet_before = db.execute("SELECT quiet_hours FROM guardians").fetchone()
    with pytest.raises(OutreachError):
        set_preferences(db, parent, **kwargs)
    assert list(db.execute("SELECT * FROM guardian_channels ORDER BY channel")) == before
    assert db.execute("SELECT quiet_hours FROM guardians").fetchone() == quiet_before


def _expected_report(db: sqlite_utils.Database, ids: list[int]) -> dict:
    reach = reachability(db, ids, at(12))
    consented = [r for r in reach.values() if r.consent]
    reachable = Counter(c for r in consented for c in r.channels)
    return {
        "audience": len(ids),
        "reachable": {c: reachable.get(c, 0) for c in GUARDIAN_CHANNELS},
        "primary": {c: sum(1 for r in consented if r.channels[:1] == [c]) for c in GUARDIAN_CHANNELS},
        "unreachable": sorted(r.guardian_id for r in consented if not r.channels),
        "no_consent": sorted(r.guardian_id for r in reach.values() if not r.consent),
    }


guardian_strategy = st.fixed_dictionaries({
    "phone": st.sampled_from(["", "+79123456789"]),
    "email": st.sampled_from(["", "a@mail.ru"]),
    "telegram": st.sampled_from(["", "@handle_x", "555666777"]),
    "vk": st.sampled_from(["", "id1234"]),
    "max": st.sampled_from(["", "max_user"]),
    "consent": st.sampled_from(["given", "none", "withdrawn"]),
    "child": st.booleans(),
    "prefer": st.one_of(st.none(), st.lists(st.sampled_from(GUARDIAN_CHANNELS), min_size=1, max_size=4)),
    "opt_out": st.lists(st.sampled_from(GUARDIAN_CHANNELS), max_size=3),
    "tg_chat": st.booleans(),
})


FIRST_NAMES = ("Анна", "Вера", "Галина", "Дарья", "Елена", "Жанна", "Зоя", "Ирина")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(guardian_strategy, min_size=1, max_size=len(FIRST_NAMES)),
       defaults=st.lists(st.sampled_from(GUARDIAN_CHANNELS), min_size=1, max_size=4, unique=True))
def test_sql_report_agrees_with_the_rule(tmp_path_factory, people: list[dict], defaults: list[str]) -> None:
    from outreach.store.db import open_db

    db = open_db(tmp_path_factory.mktemp("cov") / "c.db")
    set_setting(db, "default_channels", ",".join(defaults))
    sid = roster.add_student(db, "Сидоров", "Пётр", "", "10Б")
    ids = []
    for person, name in zip(people, FIRST_NAMES, strict=False):  # other people: other names
        values = {k: person[k] for k in ("phone", "email", "telegram", "vk", "max")}
        gid = roster.add_guardian(db, {"surname": "Сидорова", "name": name, **values},
                                  [(sid, "")] if person["child"] else [])
        if person["consent"] != "none":
            roster.set_consent(db, [gid], True)
        if person["consent"] == "withdrawn":
            roster.set_consent(db, [gid], False)
        set_preferences(db, gid, prefer=person["prefer"], opt_out=person["opt_out"],
                        addresses={"telegram": "42424242"} if person["tg_chat"] else None)
        ids.append(gid)
    assert coverage(db) == _expected_report(db, ids)
    db.close()


def test_group_report(demo_db: sqlite_utils.Database) -> None:
    whole = coverage(demo_db)
    part = coverage(demo_db, roster.Filter(group="10А"))
    assert 0 < part["audience"] < whole["audience"]
    assert whole["unreachable"] and whole["no_consent"]
    assert sum(whole["primary"].values()) + len(whole["unreachable"]) + len(whole["no_consent"]) == whole["audience"]


def test_cli_set_show_report(cli, demo_db: sqlite_utils.Database) -> None:
    result = cli("channels", "set", "3", "--prefer", "email,sms", "--opt-out", "vk", "--quiet", "22:00-07:00",
                 "--address", "telegram=123123123")
    assert result.exit_code == 0, result.stderr
    shown = cli.json("channels", "show", "3")
    assert shown["order"] == ["email", "sms"] and shown["opted_out"] == ["vk"]
    assert shown["quiet_hours"] == "22:00-07:00" and shown["addresses"] == {"telegram": "123123123"}
    report = cli.json("channels", "report", "--group", "10А")
    assert set(report) == {"audience", "reachable", "primary", "unreachable", "no_consent"}
    assert all(isinstance(i, int) for i in report["unreachable"] + report["no_consent"])


@pytest.mark.parametrize("args", [
    ["channels", "set", "3", "--prefer", "email,pigeon"],
    ["channels", "set", "3", "--quiet", "25:00-07:00"],
    ["channels", "set", "3", "--address", "email=nope"],
    ["channels", "set", "3", "--address", "nonsense"],
    ["channels", "set", "999", "--prefer", "email"],
    ["settings", "set", "quiet_hours", "25:00-07:00"],
    ["settings", "set", "default_channels", "telegram,pigeon"],
])
def test_cli_rejects_bad_input_and_changes_nothing(cli, demo_db: sqlite_utils.Database, args: list[str]) -> None:
    before = list(demo_db.execute("SELECT * FROM guardian_channels ORDER BY 1, 2"))
    settings_before = list(demo_db.execute("SELECT * FROM settings ORDER BY key"))
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.strip() and "Traceback" not in result.stderr
    assert list(demo_db.execute("SELECT * FROM guardian_channels ORDER BY 1, 2")) == before
    assert list(demo_db.execute("SELECT * FROM settings ORDER BY key")) == settings_before


def test_channels_are_typed_as_codes_or_names_in_either_language() -> None:
    assert parse_channels(" Эл.почта, telegram,вк ,SMS, call,звонок, e-mail") == [
        "email", "telegram", "vk", "sms", "phone"]
    assert [parse_channel(word) for word in ("Телеграм", "ВКонтакте", "почта", "МАКС", "смс")] == [
        "telegram", "vk", "email", "max", "sms"]
    assert parse_channel("группа ВК", ALL_CHANNELS) == "vk_group"
    with pytest.raises(OutreachError, match="VK group"):
        parse_channel("VK group")  # not a guardian's channel
    with pytest.raises(OutreachError, match="empty"):
        parse_channels(" , ")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_channel_shown_in_words_reads_back_as_its_code(lang: str) -> None:
    set_language(lang)
    try:
        assert parse_channels(channels_text(ALL_CHANNELS), ALL_CHANNELS) == list(ALL_CHANNELS)
    finally:
        set_language("en")


def test_cli_takes_channel_names_in_russian_and_keeps_codes(cli, demo_db: sqlite_utils.Database) -> None:
    result = cli("--lang", "ru", "channels", "set", "3", "--prefer", "ВК, эл. почта", "--opt-out", "звонок",
                 "--address", "эл. почта=ivanova@mail.ru")
    assert result.exit_code == 0, result.stderr
    shown = cli.json("channels", "show", "3")
    assert shown["order"] == ["vk", "email"] and shown["opted_out"] == ["phone"]
    assert shown["addresses"] == {"email": "ivanova@mail.ru"}
    assert cli("--lang", "ru", "settings", "set", "default_channels", "Telegram, СМС").exit_code == 0
    assert cli.json("settings", "show")["default_channels"] == "telegram,sms"
    refused = cli("--lang", "ru", "channels", "set", "3", "--prefer", "ВК, голубь")
    assert refused.exit_code == 1
    assert ("Неизвестный канал «голубь»; известные: эл. почта, Telegram, ВК, MAX, СМС, звонок, памятка."
            in " ".join(refused.stderr.split()))
    assert cli.json("channels", "show", "3")["order"] == ["vk", "email"]
