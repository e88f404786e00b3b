"""Contest faults typed as a Russian teacher types them (issue 15): code, short word or full
name, any case, singular or plural, «ё» or «е»; an unknown or two-way name is refused naming
the faults in Russian, and nothing is stored."""

from __future__ import annotations

import pytest

from outreach.common.errors import OutreachError
from outreach.common.i18n import set_language
from outreach.contest.fault_names import fault_code, stems
from outreach.contest.preset import list_presets
from outreach.roster import guardians as roster


@pytest.mark.parametrize(("typed", "code"), [
    ("конус", "cone"), ("конусы", "cone"), ("Конусов", "cone"), ("КОНУСА", "cone"), ("cones", "cone"),
    ("cone", "cone"), ("недоезд", "not_entered"), ("недоезды", "not_entered"),
    ("not entered", "not_entered"), ("стоп-линии", "stop_line"), ("стоп линия", "stop_line"),
    ("заглох", "stall"), ("остановки", "stall"), ("Stall", "stall"),
    ("сбит или сдвинут конус", "cone"), ("Сбиты или сдвинуты конусы", "cone"),
    ("пересечена стоп-линия", "stop_line"), ("заглох двигатель", "stall"),
    ("фигура пройдена не полностью", "not_entered"), ("engine stalled", "stall"),
])
def test_every_form_a_teacher_types_names_one_fault(typed: str, code: str) -> None:
    assert fault_code(typed) == code


def test_every_name_of_every_shipped_preset_is_understood() -> None:
    for preset in list_presets():
        for fault in preset.faults:
            for name in (fault.code, fault.name_ru, fault.name_en, fault.name_ru.upper()):
                assert fault_code(name) == fault.code


def test_yo_reads_as_ye_and_an_unknown_name_stays_as_typed() -> None:
    assert stems("Ёлка") == stems("елки")
    assert fault_code(" дым ") == "дым"


def test_a_name_two_faults_share_is_refused_naming_both(monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.contest import fault_names

    shared = {("конус",): frozenset({"cone", "stall"})}
    monkeypatch.setattr(fault_names, "_known", lambda: shared)
    set_language("ru")
    with pytest.raises(OutreachError, match="«Конусы» может означать несколько штрафов: конус, заглох"):
        fault_code("Конусы")


@pytest.fixture
def team(cli, db) -> str:
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна"})
    sid = roster.add_student(db, "Петров", "Иван", "", "10А", [(gid, "")])
    cid = cli.json("contest", "new", "Семья 2026")["id"]
    cli.json("contest", "team", "add", str(cid), "--student", str(sid), "--guardian", str(gid))
    return str(cid)


def test_russian_plural_fault_is_accepted_by_the_cli(cli, team: str) -> None:
    result = cli("--lang", "ru", "contest", "score", team, "1", "slalom", "--time", "41,5",
                 "--fault", "конусы=1", "--fault", "Конусов=1", "--fault", "заглох")
    assert result.exit_code == 0, result.output
    board = cli.json("contest", "board", team)
    assert board["standings"][0]["events"]["slalom"]["faults"] == {"cone": 2, "stall": 1}


def test_a_fault_the_event_lacks_is_refused_in_russian_words(cli, db, team: str) -> None:
    result = cli("--lang", "ru", "contest", "score", team, "1", "stop_line", "--time", "40",
                 "--fault", "недоезды=1")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("«недоезд» — не штраф этапа «Остановка у стоп-линии»; "
                                     "штрафы этапа: конус, стоп-линия, заглох.")
    assert db.execute("SELECT count(*) FROM contest_results").fetchone() == (0,)


def test_an_event_is_typed_by_its_russian_name_in_any_form(cli, team: str) -> None:
    result = cli("--lang", "ru", "contest", "score", team, "1", "змейку", "--time", "41,5")
    assert result.exit_code == 0, result.output
    result = cli("--lang", "ru", "contest", "score", team, "1", "Параллельная Парковка", "--time", "50")
    assert result.exit_code == 0, result.output
    events = cli.json("contest", "board", team)["standings"][0]["events"]
    assert events["slalom"] is not None and events["parallel"] is not None


def test_an_unknown_event_is_refused_naming_the_events_in_russian(cli, team: str) -> None:
    result = cli("--lang", "ru", "contest", "score", team, "1", "дрифт", "--time", "40")
    assert result.exit_code == 1
    assert "Теория ПДД (theory), Змейка (slalom), Параллельная парковка (parallel)" in result.stderr


def test_who_drives_is_typed_in_words_and_refused_naming_them_in_russian(cli, db, team: str) -> None:
    assert cli("--lang", "ru", "contest", "event", team, "змейка", "--driver", "Родитель").exit_code == 0
    assert cli.json("contest", "show", team)["events"][1]["driver"] == "parent"
    refused = cli("--lang", "ru", "contest", "event", team, "slalom", "--driver", "дед")
    assert refused.exit_code == 1
    assert "ученик (student), родитель (parent), ученик и родитель по очереди (relay)" in refused.stderr
