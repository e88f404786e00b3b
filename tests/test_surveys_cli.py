"""`outreach survey …`: the scripting contract (commands, JSON keys, exit codes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach.cli.surveys_cmd import app as survey_app

DATA = Path(__file__).parent / "data" / "surveys"


@pytest.fixture
def demo(cli):
    assert cli("demo").exit_code == 0
    return cli


def test_templates_and_new(demo):
    items = demo.json("survey", "templates")
    assert {"slug", "title", "lang"} <= items[0].keys()
    created = demo.json("--lang", "ru", "survey", "new", "--template", "channels")
    assert isinstance(created["id"], int)
    shown = demo.json("survey", "show", str(created["id"]))
    assert shown["title"] == "Каналы связи с родителями" and len(shown["questions"]) == 6
    titled = demo.json("survey", "new", "--template", "satisfaction", "--title", "Итоги четверти")
    assert demo.json("survey", "show", str(titled["id"]))["title"] == "Итоги четверти"


def test_import_results_export_and_apply(demo, tmp_path):
    sid = demo.json("--lang", "ru", "survey", "new", "--template", "channels")["id"]
    report = demo.json("survey", "import", str(DATA / "google_ru.csv"), "--survey", str(sid), "--match", "email")
    assert {"survey", "imported", "duplicates", "matched", "unmatched_columns"} <= report.keys()
    assert (report["survey"], report["imported"], report["matched"]) == (sid, 5, 4)
    again = demo.json("survey", "import", str(DATA / "google_ru.csv"), "--survey", str(sid))
    assert (again["imported"], again["duplicates"]) == (0, 5)
    doc = demo.json("survey", "results", str(sid))
    assert {"survey", "responses", "response_rate", "questions"} <= doc.keys()
    assert doc["survey"] == sid and doc["responses"] == 5
    assert {"id", "text", "type", "answers", "text_answers"} <= doc["questions"][0].keys()
    assert demo.json("survey", "results", str(sid), "--group", "10Б")["responses"] == 2  # as «Ваш класс» says
    text = demo("survey", "results", str(sid))
    assert text.exit_code == 0 and "█" in text.stdout
    raw, summary = tmp_path / "raw.csv", tmp_path / "summary.csv"
    assert demo("survey", "export", str(sid), str(raw)).exit_code == 0
    assert demo("survey", "export", str(sid), str(summary), "--summary").exit_code == 0
    assert raw.read_text(encoding="utf-8").startswith("Timestamp,")
    assert summary.read_text(encoding="utf-8").startswith("question_id,")
    preview = demo.json("survey", "apply-channels", str(sid), "--dry-run")
    # Oksana ticked only e-mail, which the defaults already hold: nothing to change for her.
    assert preview["dry_run"] and preview["changed"] == 3
    before, after = preview["coverage"]["before"], preview["coverage"]["after"]
    assert all(after["reachable"][c] >= n for c, n in before["reachable"].items())
    assert len(after["unreachable"]) <= len(before["unreachable"])
    refused = demo("survey", "apply-channels", str(sid), input="n\n")
    assert refused.exit_code == 1 and "Coverage:" in refused.stdout
    applied = demo.json("survey", "apply-channels", str(sid), "--yes")
    assert applied["changed"] == 3
    assert demo.json("survey", "apply-channels", str(sid), "--dry-run")["changed"] == 0


def test_new_from_file_and_correct_a_question(demo):
    report = demo.json("survey", "import", str(DATA / "new_ru.csv"), "--new", "Собрание")
    shown = demo.json("survey", "show", str(report["survey"]))
    assert [q["type"] for q in shown["questions"]] == ["yesno", "scale", "multiple", "single", "text"]
    qid = shown["questions"][4]["id"]
    assert demo("survey", "question", str(qid), "--type", "single").exit_code == 0
    assert demo.json("survey", "show", str(report["survey"]))["questions"][4]["type"] == "single"
    single = shown["questions"][3]
    label = single["options"][0]["label"]
    assert demo("--lang", "ru", "survey", "question", str(single["id"]), "--channel", f"{label}=эл. почта").exit_code == 0
    assert demo.json("survey", "show", str(report["survey"]))["questions"][3]["options"][0]["channel"] == "email"


def test_paper_entry(demo):
    sid = demo.json("--lang", "ru", "survey", "new", "--template", "channels")["id"]
    q = demo.json("survey", "show", str(sid))["questions"]
    added = demo.json("survey", "add-response", str(sid), "--guardian", "3",
                      "--set", f"{q[1]['id']}=Telegram", "--set", f"{q[2]['id']}=SMS; Телефонный звонок")
    assert isinstance(added["id"], int)
    doc = demo.json("survey", "results", str(sid))
    assert doc["questions"][2]["answers"]["SMS"] == 1 and doc["matched"] == 1
    bad = demo("survey", "add-response", str(sid), "--set", f"{q[1]['id']}=Голубь")
    assert bad.exit_code == 1 and "Голубь" in bad.stderr and "Traceback" not in bad.stderr
    by_name = demo.json("survey", "add-response", str(sid), "--respondent", "кузнецова вал",
                        "--set", f"{q[1]['id']}=MAX")
    assert isinstance(by_name["id"], int) and demo.json("survey", "results", str(sid))["matched"] == 2
    several = demo("survey", "add-response", str(sid), "--respondent", "Кузнецова", "--set", f"{q[1]['id']}=MAX")
    assert several.exit_code == 1 and "2 guardians match 'Кузнецова'" in several.stderr
    both = demo("survey", "add-response", str(sid), "--guardian", "3", "--respondent", "x", "--set", f"{q[1]['id']}=MAX")
    assert both.exit_code == 2


@pytest.mark.parametrize("args", [
    ("survey", "import", str(DATA / "google_ru.csv")),
    ("survey", "import", str(DATA / "google_ru.csv"), "--survey", "1", "--new", "X"),
    ("survey", "import", str(DATA / "google_ru.csv"), "--survey", "1", "--match", "name"),
    ("survey", "question", "1", "--type", "essay"),
])
def test_usage_errors_exit_2(demo, args):
    assert demo(*args).exit_code == 2


@pytest.mark.parametrize("name", ["roster_not_export.csv", "other_survey.csv", "empty.csv"])
def test_refused_files_exit_1_with_one_sentence(demo, name):
    sid = demo.json("--lang", "ru", "survey", "new", "--template", "channels")["id"]
    before = demo.json("survey", "list")
    result = demo("survey", "import", str(DATA / name), "--survey", str(sid), "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert demo.json("survey", "list") == before


def test_unknown_survey_exits_1(demo):
    result = demo("survey", "results", "999")
    assert result.exit_code == 1 and "999" in result.stderr


def test_russian_cli(demo):
    result = demo("--lang", "ru", "survey", "results", "999")
    assert "Опроса с номером 999 нет" in result.stderr


def test_every_survey_command_has_help(demo):
    for command in survey_app.registered_commands:
        name = command.name
        assert command.callback.__doc__ and "Example:" in command.callback.__doc__, name
        assert demo("survey", name, "--help").exit_code == 0


def test_repeat_submission_and_quiet_hours_from_the_time_answer(demo):
    sid = demo.json("--lang", "ru", "survey", "new", "--template", "channels")["id"]
    text = demo("survey", "import", str(DATA / "repeat_ru.csv"), "--survey", str(sid), "--match", "email")
    assert text.exit_code == 0 and "1 earlier answer of the same parent" in text.stdout
    paper = demo.json("survey", "add-response", str(sid), "--guardian", "2", "--set",
                      f"{_question_id(demo, sid, 3)}=Вечером, с 17:00 до 21:00")
    assert paper["id"]
    plain = demo.json("survey", "apply-channels", str(sid), "--dry-run")
    assert all(c["quiet_after"] is None for c in plain["changes"])
    quiet = demo.json("survey", "apply-channels", str(sid), "--dry-run", "--quiet-hours")
    entry = next(c for c in quiet["changes"] if c["guardian_id"] == 2)
    assert (entry["quiet_before"], entry["quiet_after"]) == ("22:00-07:30", "21:00-17:00")  # the demo's own
    assert demo.json("survey", "apply-channels", str(sid), "--yes", "--quiet-hours")["changed"] >= 1
    shown = demo.json("channels", "show", "2")
    assert shown["quiet_hours"] == "21:00-17:00"


def _question_id(demo, sid: int, position: int) -> int:
    return demo.json("survey", "show", str(sid))["questions"][position]["id"]


def test_rows_a_filter_hides_are_not_imported_and_are_said(demo):
    """Answers filtered to 10А in Google Sheets and saved as XLSX: 10Б's rows are in the file, hidden."""
    sid = demo.json("--lang", "ru", "survey", "new", "--template", "channels")["id"]
    dry = demo.json("survey", "import", str(DATA / "google_filtered_ru.xlsx"), "--survey", str(sid), "--dry-run")
    assert (dry["imported"], dry["hidden"]) == (3, 2)
    said = demo("survey", "import", str(DATA / "google_filtered_ru.xlsx"), "--survey", str(sid))
    assert said.exit_code == 0, said.output
    assert "2 filled rows hidden in the workbook (by a filter or by hand) are not imported." in said.stderr
    assert demo.json("survey", "results", str(sid), "--group", "10Б")["responses"] == 0
    assert demo.json("survey", "results", str(sid), "--group", "10А")["responses"] == 3
    assert demo.json("survey", "import", str(DATA / "google_ru.csv"), "--survey", str(sid))["hidden"] == 0
