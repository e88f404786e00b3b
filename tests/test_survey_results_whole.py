"""Survey results at 80 columns: a long answer wraps under itself, its bar and numbers on its
first line, instead of being cut with «…»."""

from __future__ import annotations

import sqlite_utils

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
