"""Options a command accepted and then ignored: a script believed `roster edit --student 6
--phone …` changed a phone (exit 0, «Nothing changed.»). Each is now a usage error (exit 2)
naming the option and why, with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from tests.conftest import Cli

DATA = Path(__file__).parent / "data"


def stored(db: sqlite_utils.Database) -> list[list[tuple[object, ...]]]:
    """Every row a roster or contest command could change, and the audit log."""
    tables = ("guardians", "students", "student_guardians", "audit_log", "contest_events", "contest_teams")
    return [db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in tables]  # noqa: S608


def refused(cli: Cli, db: sqlite_utils.Database, option: str, *args: str) -> str:
    """Run `args`, check it is a usage error naming `option` that wrote nothing; its stderr."""
    before = stored(db)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for {option}:" in result.stderr or f"Недопустимое значение {option}:" in result.stderr
    assert stored(db) == before
    return " ".join(result.stderr.replace("│", " ").split())


@pytest.mark.parametrize("option", ["--phone", "--email", "--telegram", "--vk", "--max", "--extra-contacts", "--notes"])
def test_a_guardians_field_given_for_a_student_is_refused(cli: Cli, demo_db: sqlite_utils.Database, option: str) -> None:
    said = refused(cli, demo_db, option, "roster", "edit", "--student", "6", option, "anna@mail.ru", "--surname", "Новикова")
    assert "a student has only a name and a class; use it with --guardian ID" in said


def test_yes_and_a_cleared_field_for_a_student_are_refused_too(cli: Cli, demo_db: sqlite_utils.Database) -> None:
    refused(cli, demo_db, "--notes", "roster", "edit", "--student", "6", "--notes", "")
    refused(cli, demo_db, "--yes", "roster", "edit", "--student", "6", "--yes")
    assert cli("roster", "edit", "--student", "6", "--group", "11Б").exit_code == 0  # what applies still goes


def test_a_class_given_for_a_guardian_is_refused_in_russian(cli: Cli, demo_db: sqlite_utils.Database) -> None:
    said = refused(cli, demo_db, "--group", "--lang", "ru", "roster", "edit", "--guardian", "8", "--group", "11Б",
                   "--notes", "x")
    assert "это класс ученика, у родителя класса нет" in said


def test_a_students_class_cannot_be_cleared(cli: Cli, demo_db: sqlite_utils.Database) -> None:
    assert "a student stays in a class" in refused(cli, demo_db, "--group", "roster", "edit", "--student", "6", "--group", "")


def test_a_relation_without_the_other_person_is_refused(cli: Cli, demo_db: sqlite_utils.Database) -> None:
    said = refused(cli, demo_db, "--relation", "roster", "add-guardian", "--surname", "Тестова", "--relation", "мать")
    assert "name the child with --student ID or --child" in said
    said = refused(cli, demo_db, "--relation", "roster", "add-student", "--surname", "Тестов", "--name", "Иван",
                   "--group", "10А", "--relation", "отец")
    assert "name the guardian with --guardian ID" in said


def test_a_scope_with_a_withdrawal_is_refused(cli: Cli, demo_db: sqlite_utils.Database) -> None:
    said = refused(cli, demo_db, "--scope", "roster", "consent", "8", "--withdrawn", "--scope", "рассылки")
    assert "--scope goes with --given" in said


def test_rejects_without_skip_invalid_is_refused(cli: Cli, demo_db: sqlite_utils.Database, tmp_path: Path) -> None:
    said = refused(cli, demo_db, "--rejects", "roster", "import", str(DATA / "bad_rows.csv"),
                   "--rejects", str(tmp_path / "rejects.csv"))
    assert "only with --skip-invalid" in said
    assert not (tmp_path / "rejects.csv").exists()


@pytest.mark.parametrize("args", [["roster", "export"], ["survey", "export", "1"], ["contest", "export", "2"]])
def test_excel_with_a_workbook_name_is_refused(cli: Cli, demo_db: sqlite_utils.Database, tmp_path: Path,
                                              args: list[str]) -> None:
    said = refused(cli, demo_db, "--excel", *args, str(tmp_path / "list.xlsx"), "--excel")
    assert "a name ending in .xlsx gets an Excel workbook" in said
    assert not (tmp_path / "list.xlsx").exists()


def test_contest_export_options_for_the_other_kind_of_target(cli: Cli, demo_db: sqlite_utils.Database,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    refused(cli, demo_db, "--protocol", "contest", "export", "2", str(folder), "--protocol")
    refused(cli, demo_db, "--excel", "contest", "export", "2", str(folder), "--xlsx", "--excel")
    refused(cli, demo_db, "--xlsx", "contest", "export", "2", str(folder / "standings.csv"), "--xlsx")
    assert list(folder.iterdir()) == []


def test_a_scoring_option_of_the_other_kind_of_event_is_refused(cli: Cli, demo_db: sqlite_utils.Database) -> None:
    assert "this event is a driving exercise" in refused(cli, demo_db, "--wrong-points", "contest", "event", "2",
                                                         "slalom", "--wrong-points", "3")
    assert "a theory test not finished" in refused(cli, demo_db, "--dnf-extra", "contest", "event", "2",
                                                   "theory", "--dnf-extra", "5")
    assert cli("contest", "event", "2", "theory", "--wrong-points", "2").exit_code == 0


def test_any_guardian_without_guardians_is_refused(cli: Cli, demo_db: sqlite_utils.Database) -> None:
    refused(cli, demo_db, "--any-guardian", "contest", "team", "edit", "2", "1", "--any-guardian", "--name", "Орлы")


def test_absences_to_a_file_and_as_json_is_refused(cli: Cli, demo_db: sqlite_utils.Database, tmp_path: Path) -> None:
    refused(cli, demo_db, "--json", "inbox", "absences", "--csv", str(tmp_path / "absent.csv"), "--json")
    assert not (tmp_path / "absent.csv").exists()


def test_install_timer_with_json_is_refused(cli: Cli, demo_db: sqlite_utils.Database, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    assert "not JSON" in refused(cli, demo_db, "--json", "send-due", "--install-timer", "--json")
    assert not config.exists()


def test_channels_set_with_nothing_to_set_is_refused(cli: Cli, demo_db: sqlite_utils.Database) -> None:
    """It said «Saved.» (exit 0) and changed nothing; `--yes` alone changes nothing either."""
    before = stored(demo_db)
    for args in ([], ["--yes"]):
        result = cli("channels", "set", "3", *args)
        assert result.exit_code == 2, result.output
        assert "Say what to change: --prefer, --opt-out, --opt-in, --quiet or --address." in " ".join(
            result.stderr.replace("│", " ").split())
    emptied = cli("channels", "set", "3", "--prefer", "")
    assert emptied.exit_code == 1 and emptied.stderr.strip() == "The channel list is empty."
    assert stored(demo_db) == before


@pytest.mark.parametrize("option", [["--encoding", "cp1251"], ["--delimiter", ";"]])
def test_an_encoding_or_delimiter_for_a_roster_workbook_is_refused(cli: Cli, demo_db: sqlite_utils.Database,
                                                                  option: list[str]) -> None:
    said = refused(cli, demo_db, option[0], "roster", "import", str(DATA / "roster.xlsx"), *option, "--group", "5А")
    assert f"Invalid value for {option[0]}: a workbook has sheets, not an encoding or a delimiter; --sheet chooses which to read." in said
    assert cli("roster", "import", str(DATA / "school_cp1251.csv"), *option, "--group", "5А", "--dry-run").exit_code == 0


def test_an_encoding_for_a_survey_workbook_is_refused(cli: Cli, demo_db: sqlite_utils.Database) -> None:
    said = refused(cli, demo_db, "--encoding", "survey", "import", str(DATA / "surveys" / "google_ru.xlsx"),
                   "--new", "Собрание", "--encoding", "cp1251")
    assert "a workbook has sheets, not an encoding; the answers are read from its first sheet." in said
    assert demo_db.execute("SELECT count(*) FROM surveys WHERE title = 'Собрание'").fetchone()[0] == 0


def test_a_sheet_for_a_roster_csv_is_a_usage_error_in_russian(cli: Cli, demo_db: sqlite_utils.Database) -> None:
    """`--sheet 7А` with a CSV was an invalid-data refusal (exit 1): a script told its data was
    wrong when its command was."""
    said = refused(cli, demo_db, "--sheet", "--lang", "ru", "roster", "import", str(DATA / "school_cp1251.csv"),
                   "--sheet", "7А", "--group", "5А")
    assert "--sheet" in said and "текстовая таблица" in said
    assert cli("roster", "import", str(DATA / "roster.xlsx"), "--sheet", "Список класса", "--group", "5А",
               "--dry-run").exit_code == 0  # a workbook takes it
