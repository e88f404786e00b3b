"""Survey results: counts, percentages, response rates per group, free text, CSV exports."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import sqlite_utils

from ..groups import canonical_group
from ..safe_csv import write_csv
from .model import CHOICE_TYPES, get_survey

_IN_GROUP = ("r.guardian_id IN (SELECT sg.guardian_id FROM student_guardians sg"
             " JOIN students s ON s.id = sg.student_id JOIN groups gr ON gr.id = s.group_id"
             " WHERE gr.name = ?)")


def _where(survey_id: int, group: str | None) -> tuple[str, list[object]]:
    if group:
        return f"r.survey_id = ? AND {_IN_GROUP}", [survey_id, canonical_group(group)]
    return "r.survey_id = ?", [survey_id]


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def response_rates(db: sqlite_utils.Database, survey_id: int) -> list[dict[str, object]]:
    """Per group: guardians in the group, how many of them answered (matched), the rate."""
    rows = db.execute(
        "SELECT gr.name, count(DISTINCT sg.guardian_id),"
        " count(DISTINCT CASE WHEN sg.guardian_id IN (SELECT guardian_id FROM survey_responses"
        "  WHERE survey_id = ? AND guardian_id IS NOT NULL) THEN sg.guardian_id END)"
        " FROM groups gr JOIN students s ON s.group_id = gr.id"
        " JOIN student_guardians sg ON sg.student_id = s.id GROUP BY gr.name ORDER BY gr.name",
        [survey_id]).fetchall()
    return [{"group": name, "guardians": total, "answered": answered, "rate": _rate(answered, total)}
            for name, total, answered in rows]


def results(db: sqlite_utils.Database, survey_id: int, group: str | None = None) -> dict[str, object]:
    """The scripting-contract document of `survey results ID [--group NAME]`."""
    survey = get_survey(db, survey_id)
    where, params = _where(survey_id, group)
    responses = int(db.execute(f"SELECT count(*) FROM survey_responses r WHERE {where}", params).fetchone()[0])
    matched = int(db.execute(f"SELECT count(DISTINCT r.guardian_id) FROM survey_responses r WHERE {where}",
                             params).fetchone()[0])
    if group:
        guardians = int(db.execute(
            "SELECT count(DISTINCT sg.guardian_id) FROM student_guardians sg JOIN students s ON s.id = sg.student_id"
            " JOIN groups gr ON gr.id = s.group_id WHERE gr.name = ?", [group]).fetchone()[0])
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
    for qid, text in db.execute(
            f"SELECT a.question_id, a.text FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id"
            f" WHERE {where} AND a.option_id IS NULL ORDER BY r.submitted_at, r.id, a.id", params):
        texts[qid].append(text)
    questions = []
    for q in survey.questions:
        n_answered = int(answered.get(q.id, 0))
        entry: dict[str, object] = {"id": q.id, "text": q.text, "type": q.type, "answered": n_answered}
        if q.type in CHOICE_TYPES:
            by_option = {o.label: counts[q.id].get(o.id, 0) for o in q.options}  # type: ignore[index]
            other: dict[str, int] = {}
            for value in texts.get(q.id, []):  # type: ignore[arg-type]
                other[value] = other.get(value, 0) + 1
            entry.update(answers=by_option,
                         percent={k: round(100 * v / n_answered, 1) if n_answered else 0.0
                                  for k, v in by_option.items()},
                         other=other, text_answers=[])
        else:
            entry.update(answers={}, percent={}, other={}, text_answers=texts.get(q.id, []))  # type: ignore[arg-type]
        questions.append(entry)
    return {"survey": survey.id, "title": survey.title, "kind": survey.kind, "group": group,
            "responses": responses, "matched": matched, "guardians": guardians,
            "response_rate": _rate(matched, guardians), "groups": response_rates(db, survey_id),
            "questions": questions}


def raw_rows(db: sqlite_utils.Database, survey_id: int, group: str | None = None) -> tuple[list[str], list[list[object]]]:
    """One row per response, one column per question (like a Forms export, plus our columns)."""
    survey = get_survey(db, survey_id)
    where, params = _where(survey_id, group)
    labels = {o.id: o.label for q in survey.questions for o in q.options}
    cells: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for rid, qid, oid, text in db.execute(
            f"SELECT a.response_id, a.question_id, a.option_id, a.text FROM survey_answers a"
            f" JOIN survey_responses r ON r.id = a.response_id WHERE {where} ORDER BY a.id", params):
        cells[rid][qid].append(labels[oid] if oid is not None else text)
    headers = ["Timestamp", *[q.text for q in survey.questions], "response_id", "source", "guardian_id"]
    rows = []
    for rid, stamp, source, gid in db.execute(
            f"SELECT r.id, r.submitted_at, r.source, r.guardian_id FROM survey_responses r WHERE {where}"
            f" ORDER BY r.submitted_at, r.id", params):
        answers = cells.get(rid, {})
        rows.append([stamp or "", *["; ".join(answers.get(q.id, [])) for q in survey.questions],  # type: ignore[arg-type]
                     rid, source, gid if gid is not None else ""])
    return headers, rows


def summary_rows(db: sqlite_utils.Database, survey_id: int, group: str | None = None) -> tuple[list[str], list[list[object]]]:
    doc = results(db, survey_id, group)
    headers = ["question_id", "question", "type", "kind", "answer", "count", "percent"]
    rows: list[list[object]] = []
    for q in doc["questions"]:  # type: ignore[union-attr]
        for label, n in q["answers"].items():
            rows.append([q["id"], q["text"], q["type"], "option", label, n, q["percent"][label]])
        for value, n in q["other"].items():
            pct = round(100 * n / q["answered"], 1) if q["answered"] else 0.0
            rows.append([q["id"], q["text"], q["type"], "other", value, n, pct])
        for value in q["text_answers"]:
            rows.append([q["id"], q["text"], q["type"], "text", value, 1, ""])
    return headers, rows


def export_results(db: sqlite_utils.Database, survey_id: int, path: Path | str, summary: bool = False,
                   group: str | None = None, excel: bool = False) -> int:
    headers, rows = (summary_rows if summary else raw_rows)(db, survey_id, group)
    return write_csv(path, headers, rows, excel=excel)


def bar(value: float, total: float, width: int = 20) -> str:
    """A horizontal bar of `width` cells: filled in proportion to value / total."""
    filled = round(width * value / total) if total else 0
    return "█" * filled + "░" * (width - filled)
