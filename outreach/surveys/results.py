"""Survey results: counts, percentages, response rates per group, free text, CSV exports."""

from __future__ import annotations

import json
import textwrap
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TypedDict

import sqlite_utils

from outreach.common.collation import COLLATION
from outreach.common.groups import canonical_group, class_in_text
from outreach.common.names import full_name
from outreach.common.tabular import write_table
from outreach.surveys.model import CHOICE_TYPES, Question, Survey, asks_class, get_survey, grid_rows


class Author(TypedDict):
    """Who wrote a free-text answer ("" for a respondent matched to nobody)."""

    guardian_id: int | None
    name: str
    group: str  # the guardian's classes, joined by ","


class TextAnswer(Author):
    text: str


class GroupRate(TypedDict):
    """One class: its guardians, how many of them answered (matched), the rate."""

    group: str
    guardians: int
    answered: int
    rate: float


class QuestionResult(TypedDict):
    id: int
    text: str
    type: str
    answered: int
    answers: dict[str, int]  # option label → responses choosing it
    percent: dict[str, float]
    other: dict[str, int]  # an answer no option matched → how often
    text_answers: list[str]
    text_authors: list[TextAnswer]
    grid: str | None  # the grid question this is a row of («Оцените каналы школы»), or None
    row: str | None  # the row («Сайт школы»)


class Results(TypedDict):
    """The scripting-contract document of `survey results ID [--group NAME]`."""

    survey: int
    title: str
    kind: str
    group: str | None
    responses: int
    superseded: int
    matched: int
    guardians: int
    response_rate: float
    groups: list[GroupRate]
    questions: list[QuestionResult]


_IN_GROUP = ("r.guardian_id IN (SELECT sg.guardian_id FROM student_guardians sg"
             " JOIN students s ON s.id = sg.student_id JOIN groups gr ON gr.id = s.group_id"
             " WHERE gr.name = ?)")


def class_question(survey: Survey) -> Question | None:
    """The question that asks the respondent's class («Ваш класс», «В каком классе учится ваш
    ребёнок?»): its text names a class and its options (if any) are class names."""
    return next((q for q in survey.questions if asks_class(q.text)
                 and (q.type == "text" or (q.type == "single" and q.options
                                           and all(class_in_text(o.label) for o in q.options)))), None)


def _classes_named(db: sqlite_utils.Database, survey: Survey) -> dict[int, str]:
    """{response id: the class it names}, by its answer to the class question, else by the class
    its file gave beside the questions (`given_class`); a response's own class counts before its
    parent's children's classes."""
    named = dict(db.execute("SELECT id, given_class FROM survey_responses WHERE survey_id = ?"
                            " AND given_class IS NOT NULL", [survey.id]).fetchall())
    question = class_question(survey)
    if question is None:
        return named
    labels = {o.id: o.label for o in question.options}
    for rid, oid, text in db.execute("SELECT response_id, option_id, text FROM survey_answers WHERE question_id = ?",
                                     [question.saved_id]):
        group = class_in_text(labels[oid] if oid is not None else text or "")
        if group:
            named[rid] = group
    return named


def _where(db: sqlite_utils.Database, survey: Survey, group: str | None,
           current: bool = True) -> tuple[str, list[object]]:
    """Responses of the survey (of the group: those that named it as their class, and those of its
    guardians that named none); only each respondent's latest unless not `current`."""
    latest = " AND NOT r.superseded" if current else ""
    if not group:
        return f"r.survey_id = ?{latest}", [survey.id]
    group = canonical_group(group)
    named = _classes_named(db, survey)
    return (f"r.survey_id = ?{latest} AND (r.id IN (SELECT value FROM json_each(?))"
            f" OR (r.id NOT IN (SELECT value FROM json_each(?)) AND {_IN_GROUP}))",
            [survey.id, json.dumps([rid for rid, name in named.items() if name == group]), json.dumps(list(named)), group])


_AUTHOR = """
SELECT g.id, g.surname, g.name, g.patronymic,
    (SELECT group_concat(DISTINCT gr.name) FROM student_guardians sg JOIN students s ON s.id = sg.student_id
     JOIN groups gr ON gr.id = s.group_id WHERE sg.guardian_id = g.id)
FROM guardians g WHERE g.id IN (SELECT value FROM json_each(?))
"""


def authors(db: sqlite_utils.Database, guardian_ids: Iterable[int]) -> dict[int, Author]:
    """Who wrote an answer: {guardian id: {"guardian_id", "name", "group"}} (groups joined by ",")."""
    found: dict[int, Author] = {}
    for gid, surname, name, patronymic, groups in db.execute(_AUTHOR, [json.dumps(sorted(set(guardian_ids)))]):
        found[gid] = Author(guardian_id=gid, name=full_name(surname, name, patronymic), group=groups or "")
    return found


def _author(who: dict[int, Author], guardian_id: int | None) -> Author:
    found = who.get(guardian_id) if guardian_id is not None else None
    return found or Author(guardian_id=None, name="", group="")


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def response_rates(db: sqlite_utils.Database, survey_id: int) -> list[GroupRate]:
    """Per group: guardians in the group, how many of them answered (matched), the rate."""
    rows = db.execute(
        "SELECT gr.name, count(DISTINCT sg.guardian_id),"
        " count(DISTINCT CASE WHEN sg.guardian_id IN (SELECT guardian_id FROM survey_responses"
        "  WHERE survey_id = ? AND guardian_id IS NOT NULL) THEN sg.guardian_id END)"
        " FROM groups gr JOIN students s ON s.group_id = gr.id"
        f" JOIN student_guardians sg ON sg.student_id = s.id GROUP BY gr.name ORDER BY gr.name COLLATE {COLLATION}",
        [survey_id]).fetchall()
    return [GroupRate(group=name, guardians=total, answered=answered, rate=_rate(answered, total))
            for name, total, answered in rows]


def results(db: sqlite_utils.Database, survey_id: int, group: str | None = None) -> Results:
    """The scripting-contract document of `survey results ID [--group NAME]`."""
    survey = get_survey(db, survey_id)
    where, params = _where(db, survey, group)
    responses = int(db.execute(f"SELECT count(*) FROM survey_responses r WHERE {where}", params).fetchone()[0])
    every, every_params = _where(db, survey, group, current=False)
    superseded = int(db.execute(f"SELECT count(*) FROM survey_responses r WHERE {every} AND r.superseded",
                                every_params).fetchone()[0])
    matched = int(db.execute(f"SELECT count(DISTINCT r.guardian_id) FROM survey_responses r WHERE {where}",
                             params).fetchone()[0])
    if group:
        guardians = int(db.execute(
            "SELECT count(DISTINCT sg.guardian_id) FROM student_guardians sg JOIN students s ON s.id = sg.student_id"
            " JOIN groups gr ON gr.id = s.group_id WHERE gr.name = ?", [canonical_group(group)]).fetchone()[0])
    else:
        guardians = int(db.execute("SELECT count(*) FROM guardians").fetchone()[0])
    counts: dict[int, dict[int | None, int]] = defaultdict(dict)
    for qid, oid, n in db.execute(
            f"SELECT a.question_id, a.option_id, count(DISTINCT a.response_id) FROM survey_answers a"
            f" JOIN survey_responses r ON r.id = a.response_id WHERE {where} AND a.option_id IS NOT NULL"
            f" GROUP BY a.question_id, a.option_id", params):
        counts[qid][oid] = n
    answered = dict(db.execute(
        f"SELECT a.question_id, count(DISTINCT a.response_id) FROM survey_answers a"
        f" JOIN survey_responses r ON r.id = a.response_id WHERE {where} GROUP BY a.question_id", params).fetchall())
    texts: dict[int, list[str]] = defaultdict(list)
    writers: dict[int, list[int | None]] = defaultdict(list)
    for qid, text, gid in db.execute(
            f"SELECT a.question_id, a.text, r.guardian_id FROM survey_answers a"
            f" JOIN survey_responses r ON r.id = a.response_id"
            f" WHERE {where} AND a.option_id IS NULL ORDER BY r.submitted_at, r.id, a.id", params):
        texts[qid].append(text)
        writers[qid].append(gid)
    who = authors(db, [g for ids in writers.values() for g in ids if g is not None])
    questions = []
    grids = grid_rows([q.text for q in survey.questions])
    for q, grid in zip(survey.questions, grids, strict=True):
        qid, n_answered = q.saved_id, int(answered.get(q.saved_id, 0))
        choice = q.type in CHOICE_TYPES
        by_option = {o.label: counts[qid].get(o.id, 0) for o in q.options} if choice else {}
        other: dict[str, int] = {}
        for value in texts.get(qid, []) if choice else []:
            other[value] = other.get(value, 0) + 1
        questions.append(QuestionResult(
            id=qid, text=q.text, type=q.type, answered=n_answered, answers=by_option,
            percent={k: round(100 * v / n_answered, 1) if n_answered else 0.0 for k, v in by_option.items()},
            other=other, text_answers=[] if choice else texts.get(qid, []),
            text_authors=[] if choice else [
                TextAnswer(text=text, **_author(who, gid))
                for text, gid in zip(texts.get(qid, []), writers.get(qid, []), strict=True)],
            grid=grid[0] if grid else None, row=grid[1] if grid else None))
    return Results(survey=survey.id, title=survey.title, kind=survey.kind, group=group,
                   responses=responses, superseded=superseded, matched=matched, guardians=guardians,
                   response_rate=_rate(matched, guardians), groups=response_rates(db, survey_id),
                   questions=questions)


def raw_rows(db: sqlite_utils.Database, survey_id: int, group: str | None = None) -> tuple[list[str], list[list[object]]]:
    """One row per response, one column per question (like a Forms export, plus our columns)."""
    survey = get_survey(db, survey_id)
    where, params = _where(db, survey, group)
    labels = {o.id: o.label for q in survey.questions for o in q.options}
    cells: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for rid, qid, oid, text in db.execute(
            f"SELECT a.response_id, a.question_id, a.option_id, a.text FROM survey_answers a"
            f" JOIN survey_responses r ON r.id = a.response_id WHERE {where} ORDER BY a.id", params):
        cells[rid][qid].append(labels[oid] if oid is not None else text)
    headers = ["Timestamp", *[q.text for q in survey.questions], "response_id", "source", "guardian_id",
               "guardian", "group"]
    found = db.execute(f"SELECT r.id, r.submitted_at, r.source, r.guardian_id FROM survey_responses r WHERE {where}"
                       f" ORDER BY r.submitted_at, r.id", params).fetchall()
    who = authors(db, [gid for *_, gid in found if gid is not None])
    rows = []
    for rid, stamp, source, gid in found:
        answers = cells.get(rid, {})
        author = _author(who, gid)
        rows.append([stamp or "", *["; ".join(answers.get(q.saved_id, [])) for q in survey.questions],
                     rid, source, gid if gid is not None else "", author["name"], author["group"]])
    return headers, rows


def summary_rows(db: sqlite_utils.Database, survey_id: int, group: str | None = None) -> tuple[list[str], list[list[object]]]:
    doc = results(db, survey_id, group)
    headers = ["question_id", "question", "type", "kind", "answer", "count", "percent", "guardian", "group"]
    rows: list[list[object]] = []
    for q in doc["questions"]:
        for label, n in q["answers"].items():
            rows.append([q["id"], q["text"], q["type"], "option", label, n, q["percent"][label], "", ""])
        for value, n in q["other"].items():
            pct = round(100 * n / q["answered"], 1) if q["answered"] else 0.0
            rows.append([q["id"], q["text"], q["type"], "other", value, n, pct, "", ""])
        for item in q["text_authors"]:
            rows.append([q["id"], q["text"], q["type"], "text", item["text"], 1, "", item["name"], item["group"]])
    return headers, rows


def export_results(db: sqlite_utils.Database, survey_id: int, path: Path | str, summary: bool = False,
                   group: str | None = None, excel: bool = False) -> int:
    """Raw responses (or the summary) as CSV; a path ending .xlsx gets a workbook."""
    headers, rows = (summary_rows if summary else raw_rows)(db, survey_id, group)
    return write_table(path, headers, rows, title=get_survey(db, survey_id).title, excel=excel)


def bar(value: float, total: float, width: int = 20) -> str:
    """A horizontal bar of `width` cells: filled in proportion to value / total."""
    filled = round(width * value / total) if total else 0
    return "█" * filled + "░" * (width - filled)


QUOTE = "  — "  # before a free-text answer's first line; its other lines stand under its text
MIN_QUOTE = 20  # columns a free-text answer keeps however narrow the screen


def quoted(answer: str, width: int) -> list[str]:
    """A free-text answer as the lines `survey results` shows: its own line breaks kept, each
    line wrapped to `width` columns, every line after the first indented under the text."""
    room = max(MIN_QUOTE, width - len(QUOTE))
    lines = [piece for line in answer.splitlines() or [""]
             for piece in textwrap.wrap(line, room) or [""]]
    return [QUOTE + lines[0], *(" " * len(QUOTE) + line for line in lines[1:])]
