"""Importing the CSV/XLSX that Google Forms and Yandex Forms export."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from .. import audit, clock
from ..contacts import InvalidContact, normalize_email, normalize_phone
from ..errors import OutreachError
from ..i18n import t
from ..tabular import Table, read_table
from .model import (INSERT_ANSWER, OptionIndex, Option, Parsed, Question, Survey, answer_rows,
                    create_survey, get_survey, text_key)

TIMESTAMP_KEYS = {"timestamp", "отметка времени", "время создания", "дата и время", "время ответа",
                  "время отправки", "дата создания", "submitted at", "submission time", "created",
                  "date", "дата"}
ID_KEYS = {"id", "№", "n", "номер", "id ответа", "response id", "номер ответа"}
CONTACT_KEYS = {
    "email": {"адрес электронной почты", "email address", "email", "e mail", "электронная почта",
              "эл почта", "почта", "ваш e mail", "ваш email", "ваша электронная почта",
              "адрес эл почты", "e mail address"},
    "phone": {"телефон", "номер телефона", "phone", "phone number", "мобильный телефон",
              "ваш телефон", "контактный телефон", "ваш номер телефона", "мобильный"},
}
MATCH_FIELDS = ("email", "phone")
SMALL_SET = 12
_MULTI_SPLIT = re.compile(r"\s*;\s*|,\s+")


@dataclass
class Column:
    """One column of the file and what it feeds."""

    index: int
    header: str
    role: str  # "timestamp", "id", "contact", "question", "unmatched"
    question: Question | None = None
    inferred: bool = False


@dataclass
class Warning_:
    row: int
    column: str
    value: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "value": self.value}


@dataclass
class ImportPlan:
    """Everything an import would do, computed without writing (for the preview and the run)."""

    path: Path
    table: Table
    columns: list[Column]
    survey: Survey | None
    new_title: str | None
    match: str | None
    rows: list[dict] = field(default_factory=list)
    duplicates: int = 0
    warnings: list[Warning_] = field(default_factory=list)
    guardians: dict[int, int] = field(default_factory=dict)

    @property
    def questions(self) -> list[Question]:
        return [c.question for c in self.columns if c.role == "question" and c.question]

    @property
    def unmatched_columns(self) -> list[str]:
        return [c.header for c in self.columns if c.role == "unmatched"]

    @property
    def matched(self) -> int:
        return sum(1 for r in self.rows if r["guardian_id"] is not None)

    def mapping(self) -> list[dict[str, object]]:
        return [{"column": c.header, "role": c.role,
                 "question": c.question.text if c.question else None,
                 "type": c.question.type if c.question else None,
                 "options": c.question.labels if c.question else []} for c in self.columns]


def _classify(headers: list[str], match: str | None) -> list[Column]:
    columns = []
    for i, header in enumerate(headers):
        key = text_key(header)
        if key in TIMESTAMP_KEYS and not any(c.role == "timestamp" for c in columns):
            role = "timestamp"
        elif key in ID_KEYS and i < 2:
            role = "id"
        elif any(key in keys for keys in CONTACT_KEYS.values()):
            role = "contact"
        else:
            role = "question"
        columns.append(Column(i, header, role))
    return columns


def _check_export(table: Table, path: Path) -> None:
    if table.errors:
        row, reason = table.errors[0]
        raise OutreachError(t("surveys.import.malformed", row=row, reason=reason))
    if not any(text_key(h) in TIMESTAMP_KEYS for h in table.headers[:3]):
        raise OutreachError(t("surveys.import.not_export", file=path.name,
                              first=table.headers[0] if table.headers else ""))


def plan_import(db: sqlite_utils.Database, path: Path | str, survey_id: int | None = None,
                new_title: str | None = None, match: str | None = None,
                encoding: str | None = None) -> ImportPlan:
    """Read the file and decide everything; raises OutreachError on a file we must refuse."""
    if (survey_id is None) == (new_title is None):
        raise OutreachError(t("surveys.import.target"))
    if match is not None and match not in MATCH_FIELDS:
        raise OutreachError(t("surveys.import.bad_match", match=match))
    path = Path(path)
    survey = get_survey(db, survey_id) if survey_id is not None else None
    table = read_table(path, encoding=encoding)
    _check_export(table, path)
    columns = _classify(table.headers, match)
    width = len(table.headers)
    numbered = [(i + 2, r if len(r) == width else (r + [""] * width)[:width])
                for i, r in enumerate(table.rows) if "".join(r).strip()]
    data_rows = [r for _, r in numbered]
    if survey is not None:
        _map_to_survey(columns, survey)
        if not any(c.role == "question" for c in columns):
            raise OutreachError(t("surveys.import.no_matching_columns", file=path.name, title=survey.title))
    else:
        if not (new_title or "").strip():
            raise OutreachError(t("surveys.title_required"))
        for column in columns:
            if column.role == "question":
                cells = [r[column.index] for r in data_rows]
                column.question = infer_question(column.header, cells)
                column.inferred = True
        if not any(c.role == "question" for c in columns):
            raise OutreachError(t("surveys.import.no_questions", file=path.name))
    contact_col = None
    if match:
        contact_col = next((c for c in columns if c.role == "contact"
                            and text_key(c.header) in CONTACT_KEYS[match]), None)
        if contact_col is None:
            raise OutreachError(t("surveys.import.no_contact_column", match=match,
                                  headers=", ".join(table.headers)))
    plan = ImportPlan(path, table, columns, survey, new_title, match)
    _read_rows(db, plan, numbered, contact_col)
    return plan


def _map_to_survey(columns: list[Column], survey: Survey) -> None:
    by_key = {text_key(q.text): q for q in survey.questions}
    used: set[int] = set()
    for column in columns:
        if column.role != "question":
            continue
        question = by_key.get(text_key(column.header))
        if question is None or question.id in used:
            column.role = "unmatched"
        else:
            column.question = question
            used.add(question.id)  # type: ignore[arg-type]


def infer_question(header: str, cells: list[str]) -> Question:
    """Guess a question's type and options from its answers (correctable afterwards).

    yes/no and 1–5 (or 1–10) scales are recognised; multiple choice when some cells are
    lists of values that also occur alone; single choice when answers come from a small,
    repeated set; free text otherwise.
    """
    values = [c.strip() for c in cells if c.strip()]
    counts = Counter(values)
    keys = {text_key(v) for v in counts}
    if keys and keys <= {"да", "нет", "yes", "no"}:
        labels = ["Да", "Нет"] if keys & {"да", "нет"} else ["Yes", "No"]
        return Question(None, header, "yesno", [Option(None, label) for label in labels])
    if counts and all(v.isdigit() and 1 <= int(v) <= 10 for v in counts):
        top = 5 if max(int(v) for v in counts) <= 5 else 10
        return Question(None, header, "scale", [Option(None, str(n)) for n in range(1, top + 1)])
    mentions: Counter[str] = Counter()
    lists = set()
    for cell, n in counts.items():
        parts = [p.strip() for p in _MULTI_SPLIT.split(cell) if p.strip()]
        alone = [p for p in parts if p in counts]
        if len(parts) >= 2 and (len(alone) >= 2 or len(alone) == len(parts)):
            lists.add(cell)
            for part in parts:
                mentions[part] += n
    if lists:
        for cell, n in counts.items():
            if cell not in lists:
                mentions[cell] += n
        return Question(None, header, "multiple", [Option(None, o) for o in _ordered(dict(mentions))])
    if len(counts) <= SMALL_SET and (len(values) > len(counts) or len(counts) <= 2) \
            and max(len(v) for v in counts) <= 80:
        return Question(None, header, "single", [Option(None, o) for o in _ordered(dict(counts))])
    return Question(None, header, "text")


def _ordered(counts: dict[str, int]) -> list[str]:
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))]


_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_YMD = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")
_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")


def normalize_stamp(text: str) -> str:
    """Forms timestamps (05.09.2026 19:42:11, 2026/09/05 7:42:11 PM GMT+3, 9/5/2026 19:42:11)
    as ISO `2026-09-05T19:42:11`; anything else is kept as written."""
    text = text.strip()
    found = _DMY.match(text)
    if found:
        d, m, y, hh, mm, ss = found.groups()
        half = None
    else:
        found = _YMD.match(text)
        if found:
            y, m, d, hh, mm, ss, half = found.groups()
        else:
            found = _MDY.match(text)
            if not found:
                return text
            m, d, y, hh, mm, ss, half = found.groups()
    hour = int(hh)
    if half:
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    return f"{y}-{int(m):02d}-{int(d):02d}T{hour:02d}:{mm}:{ss or '00'}"


def _fingerprint(row: list[str]) -> str:
    return hashlib.sha256("\x1f".join(row).encode()).hexdigest()[:32]


def _read_rows(db: sqlite_utils.Database, plan: ImportPlan, numbered: list[tuple[int, list[str]]],
               contact_col: Column | None) -> None:
    stamp_col = next((c for c in plan.columns if c.role == "timestamp"), None)
    question_cols = [c for c in plan.columns if c.role == "question" and c.question]
    indexes = [(c, OptionIndex(c.question)) for c in question_cols]  # type: ignore[arg-type]
    known: set[str] = set()
    if plan.survey is not None:
        known = {f for (f,) in db.execute(
            "SELECT fingerprint FROM survey_responses WHERE survey_id = ? AND fingerprint IS NOT NULL",
            [plan.survey.id])}
    lookup = _contact_lookup(db, plan.match) if plan.match else {}
    columns = [(c.index, c.header, {}, index) for c, index in indexes]  # raw cell → Parsed
    for number, row in numbered:
        fingerprint = _fingerprint(row)
        if fingerprint in known:
            plan.duplicates += 1
            continue
        known.add(fingerprint)
        answers: list[tuple[int, Parsed]] = []
        for at, header, cache, index in columns:
            cell = row[at]
            parsed = cache.get(cell)
            if parsed is None:
                parsed = cache[cell] = index.parse(cell)
            if parsed.empty:
                continue
            answers.append((at, parsed))
            if parsed.others:
                plan.warnings.extend(Warning_(number, header, other) for other in parsed.others)
        respondent, guardian = None, None
        if contact_col is not None:
            respondent = _normalize(plan.match, row[contact_col.index])  # type: ignore[arg-type]
            guardian = lookup.get(respondent) if respondent else None
        plan.rows.append({"row": number, "submitted_at": normalize_stamp(row[stamp_col.index]) if stamp_col else None,
                          "fingerprint": fingerprint, "answers": answers,
                          "respondent": respondent, "guardian_id": guardian})


def _normalize(match: str, value: str) -> str | None:
    if not value.strip():
        return None
    try:
        return normalize_email(value) if match == "email" else normalize_phone(value)
    except InvalidContact:
        return None


def _contact_lookup(db: sqlite_utils.Database, match: str) -> dict[str, int]:
    lookup: dict[str, int] = {}
    for gid, value in db.execute(f"SELECT id, {match} FROM guardians WHERE {match} IS NOT NULL ORDER BY id"):
        lookup.setdefault(value, gid)
    return lookup


def commit_import(db: sqlite_utils.Database, plan: ImportPlan) -> dict[str, object]:
    """Write a planned import in one transaction; returns the scripting-contract report."""
    now = clock.now_iso()
    with db.atomic():
        if plan.survey is None:
            survey_id = create_survey(db, plan.new_title or "", plan.questions)
        else:
            survey_id = plan.survey.id
        qid_of = {c.index: c.question.id for c in plan.columns if c.role == "question" and c.question}
        answers: list[tuple] = []
        responses: list[tuple] = []
        shapes: dict[int, list[tuple]] = {}  # parsed cells repeat: their rows, by identity
        rid = int(db.execute("SELECT coalesce(max(id), 0) FROM survey_responses").fetchone()[0])
        for item in plan.rows:
            rid += 1
            contact = item["respondent"]
            email, phone = (contact, None) if plan.match == "email" else (None, contact)
            responses.append((rid, survey_id, item["guardian_id"], email, phone, item["submitted_at"],
                              item["fingerprint"], now))
            for index, parsed in item["answers"]:
                shape = shapes.get(id(parsed))
                if shape is None:
                    shape = shapes[id(parsed)] = [row[1:] for row in answer_rows(0, qid_of[index], parsed)]  # type: ignore[arg-type]
                answers += [(rid, *rest) for rest in shape]
        db.conn.executemany(
            "INSERT INTO survey_responses(id, survey_id, source, guardian_id, email, phone, submitted_at,"
            " fingerprint, created_at) VALUES (?, ?, 'import', ?, ?, ?, ?, ?, ?)", responses)
        db.conn.executemany(INSERT_ANSWER, answers)
        audit.record(db, "import", "survey", survey_id,
                     {"imported": len(plan.rows), "duplicates": plan.duplicates, "matched": plan.matched})
    return report(plan, survey_id)


def report(plan: ImportPlan, survey_id: int | None) -> dict[str, object]:
    return {"survey": survey_id, "imported": len(plan.rows), "duplicates": plan.duplicates,
            "matched": plan.matched, "unmatched_columns": plan.unmatched_columns,
            "warnings": [w.as_dict() for w in plan.warnings],
            "encoding": plan.table.encoding, "delimiter": plan.table.delimiter}


def import_responses(db: sqlite_utils.Database, path: Path | str, survey_id: int | None = None,
                     new_title: str | None = None, match: str | None = None,
                     encoding: str | None = None, dry_run: bool = False) -> dict[str, object]:
    plan = plan_import(db, path, survey_id, new_title, match, encoding)
    if dry_run:
        result = report(plan, survey_id)
        result["dry_run"] = True
        return result
    result = commit_import(db, plan)
    result["dry_run"] = False
    return result
