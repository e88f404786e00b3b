"""Survey results at 80 columns: a long answer wraps under itself, its bar and numbers on its
first line, instead of being cut with «…»."""

from __future__ import annotations

import sqlite_utils

from outreach.cli.main import app
from outreach.surveys.model import Option, Question, add_response, create_survey, get_survey
from outreach.surveys.results import results
from outreach_screens.widgets.survey_results import results_text

LONG = "Да, меня полностью устраивает качество и разнообразие горячего питания в столовой"


def test_a_long_answer_wraps_whole_with_its_bar_on_its_first_line(db: sqlite_utils.Database,
                                                                   russian: None) -> None:
    options = [LONG, "Затрудняюсь ответить"]
    survey = create_survey(db, "Питание", [Question(None, "Довольны ли вы питанием?", "single",
                                                    [Option(None, label) for label in options])])
    question = get_survey(db, survey).questions[0]
    for answer in (LONG, LONG, "Затрудняюсь ответить"):
        add_response(db, survey, {question.saved_id: answer})
    lines = results_text(results(db, survey), 78).plain.splitlines()
    assert all(len(line) <= 78 for line in lines)
    assert "…" not in "\n".join(lines)
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("Да, меня"))
    assert lines[first].rstrip().endswith("2  67%")  # the bar and numbers beside its start
    label = [lines[first].split("█")[0].split("░")[0]]
    label += [line for line in lines[first + 1:first + 3] if "█" not in line and "░" not in line]
    assert " ".join(" ".join(label).split()) == LONG  # the rest of it on the lines below


def test_a_free_text_answer_keeps_its_lines_under_its_dash(db: sqlite_utils.Database, russian: None,
                                                           cli) -> None:
    """A Forms answer typed on two lines, and one longer than the screen, stand indented under
    their first line's text in the app and in `survey results`, never from the left edge."""
    survey = create_survey(db, "Предложения", [Question(None, "Ваши предложения", "text", [])])
    question = get_survey(db, survey).questions[0]
    two_lines = "Сообщать о контрольных заранее,\nа не накануне"
    long = "Хотелось бы " + "получать расписание кружков и секций на месяц вперёд " * 3
    for answer in (two_lines, long):
        add_response(db, survey, {question.saved_id: answer})
    shown = results_text(results(db, survey), 60).plain.splitlines()
    start = shown.index("  — Сообщать о контрольных заранее,")
    assert shown[start + 1] == "    а не накануне"
    first = next(i for i, line in enumerate(shown) if line.startswith("  — Хотелось бы"))
    rest = shown[first + 1:first + 4]
    assert all(line.startswith("    ") and line[4] != " " and len(line) <= 60 for line in rest)
    assert " ".join(line.strip(" —") for line in shown[first:first + 4]) == long.strip()
    printed = cli.runner.invoke(app, ["--db", str(cli.db_path), "survey", "results", str(survey)],
                                env={"COLUMNS": "60"}).stdout.splitlines()
    assert printed[printed.index("  — Сообщать о контрольных заранее,") + 1] == "    а не накануне"
    assert all(len(line) <= 60 for line in printed)
