"""What a Russian teacher reads at an 80-column terminal (issue 15): tables whole with no word
cut (names, titles; an e-mail may fold), long sentences wrapped at spaces, audiences in words
— while a pipe still gets each sentence on one line for scripts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from rich.cells import cell_len

from outreach.roster import guardians as roster

ESCAPES = re.compile(r"\x1b\[[0-9;]*m")
BORDERS = re.compile(r"[│┃┏┓┗┛┡┩└┘┳┻╇╈━─┼┠┨]")


def run(db_path: Path, *args: str, terminal: bool = True) -> str:
    env = {**os.environ, "COLUMNS": "80", "OUTREACH_LANG": "ru", "NO_COLOR": "1"}
    if terminal:
        env["TTY_COMPATIBLE"] = "1"  # rich writes as to a terminal
    done = subprocess.run([sys.executable, "-m", "outreach", "--db", str(db_path), *args],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return ESCAPES.sub("", done.stdout)


def words(shown: str) -> set[str]:
    return set(BORDERS.sub(" ", shown).split())


def test_roster_list_at_80_columns_keeps_every_name_whole(demo_db, db_path: Path) -> None:
    shown = run(db_path, "roster", "list")
    assert max(cell_len(line) for line in shown.splitlines()) <= 80
    seen = words(shown)
    for guardian in roster.list_guardians(demo_db, roster.Filter(None, None)):
        assert set(guardian.full_name.split()) <= seen, guardian.full_name
        for student in guardian.students:
            assert {student.surname, student.name} <= seen | {w.strip(",") for w in seen}


def test_message_list_names_the_audience_and_keeps_titles_whole(demo_db, db_path: Path) -> None:
    shown = run(db_path, "message", "list")
    assert max(cell_len(line) for line in shown.splitlines()) <= 80
    assert "group:" not in shown and "all" not in words(shown)
    assert {"родители", "10А", "все", "световозвращатели", "родительское"} <= words(shown)
    assert "…" not in shown


def test_a_long_sentence_wraps_at_spaces_on_a_terminal_and_stays_whole_in_a_pipe(demo_db, db_path: Path) -> None:
    piped = run(db_path, "message", "plan", "2", terminal=False)
    plan = next(line for line in piped.splitlines() if line.startswith("План:"))
    assert cell_len(plan) > 80  # one line for scripts
    shown = run(db_path, "message", "plan", "2")
    lines = shown.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert " ".join(lines[:len(lines)]).split()[:len(plan.split())] == plan.split()  # no word cut


def test_message_templates_show_every_slug_whole_as_it_is_typed(demo_db, db_path: Path) -> None:
    from outreach.messages import templates

    shown = run(db_path, "message", "templates")
    assert max(cell_len(line) for line in shown.splitlines()) <= 80
    assert "…" not in shown
    assert {tpl.slug for tpl in templates.all_templates("ru")} <= words(shown)


def test_contest_presets_name_the_events_in_russian(demo_db, db_path: Path) -> None:
    shown = run(db_path, "contest", "presets")
    assert "Теория ПДД, Змейка, Параллельная парковка" in " ".join(shown.split())
    assert "slalom" not in shown


def test_contest_show_leads_with_the_events_russian_names(demo_db, db_path: Path) -> None:
    shown = run(db_path, "contest", "show", "1")
    assert "  Змейка (slalom): фигура, ученик" in shown
    assert "  конус +10, недоезд +20, стоп-линия +10, заглох +5" in shown
    assert max(cell_len(line) for line in shown.splitlines()) <= 80


LONG = "Письмом на электронную почту раз в неделю с подборкой новостей"


def test_survey_results_show_a_long_answer_whole(cli, tmp_path: Path) -> None:
    export = tmp_path / "news.csv"
    export.write_text("Отметка времени,Как вам удобнее получать новости школы?\n"
                      f"01.12.2026 10:00:00,{LONG}\n01.12.2026 10:01:00,В родительском чате класса\n"
                      f"01.12.2026 10:02:00,{LONG}\n", encoding="utf-8")
    survey = cli.json("survey", "import", str(export), "--new", "Новости")["survey"]
    question = cli.json("survey", "show", str(survey))["questions"][0]["id"]
    assert cli("survey", "question", str(question), "--type", "single").exit_code == 0
    shown = cli("--lang", "ru", "survey", "results", str(survey)).stdout
    assert f"  {LONG}\n" in shown  # whole, on its own line (it was cut at 40 characters)
    assert "   2   66,7%" in shown and "В родительском чате класса " in shown
