"""Importing the CSV/XLSX that Google Forms, Yandex Forms, Microsoft Forms and LimeSurvey export."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import NotRequired, TypedDict

import sqlite_utils

from outreach.common import clock
from outreach.common.contacts import InvalidContact, normalize_email, normalize_phone, reason_text
from outreach.common.errors import OutreachError
from outreach.common.formats import normalize_stamp, slash_day_first
from outreach.common.groups import class_after_name, class_in_text
from outreach.common.i18n import N_, t, tn
from outreach.common.tabular import Table, read_table
from outreach.common.value_words import Vocabulary
from outreach.store import audit
from outreach.surveys.identity import (
    CLASS,
    CONTACTS,
    QUESTION,
    SKIP,
    IdentityColumn,
    IdentityDoubt,
    ParentGuess,
    Roster,
    blank_header,
    cells_doubt,
    count_ways,
    fitting,
    header_field,
    parse_mapping,
    shown_headers,
)
from outreach.surveys.model import (
    GRID_ROW,
    INSERT_ANSWER,
    AnswerRow,
    Option,
    OptionIndex,
    Parsed,
    Question,
    Survey,
    answer_rows,
    asks_class,
    create_survey,
    get_survey,
    grid_rows,
    learn_options,
    mark_superseded,
    text_key,
    what_if,
)

TIMESTAMP_KEYS = {"timestamp", "отметка времени", "время создания", "дата и время", "время ответа",
                  "время отправки", "дата создания", "submitted at", "submission time", "created",
                  "date", "дата", "submitdate", "date submitted", "дата отправки", "completion time",
                  "время завершения"}
# Microsoft Forms: ID, Start time, Completion time, Email, Name[, Last modified time]; the
# completion time is when the answer was sent, the rest describe the respondent's session.
MS_STARTED = {"start time", "время начала"}
MS_META = MS_STARTED | {"last modified time", "время последнего изменения", "name", "имя"}
# Columns a quiz adds beside the answers (Google «Баллы» / Score, Microsoft Total points…).
QUIZ_META = {"score", "баллы", "total score", "total points", "всего баллов", "quiz feedback",
             "отзыв о тесте"}
LIME_IDS = {"id", "response id", "id ответа"}
LIME_META = {"submitdate", "date submitted", "дата отправки", "lastpage", "last page", "последняя страница",
             "startlanguage", "start language", "язык", "seed", "startdate", "date started", "дата начала",
             "datestamp", "date last action", "дата последнего действия", "ipaddr", "ip address", "ip адрес",
             "refurl", "referrer url", "token", "ключ доступа", "зерно", "код доступа", "ссылающийся url"}
LIME_OTHER = {"other", "другое", "другое комментарий", "comment"}
LIME_CHECKED = {"y", "yes", "да", "1", "true"}
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_PROSE_END = re.compile(r"[.!?…)]$")
ID_KEYS = {"id", "ид", "№", "n", "номер", "id ответа", "response id", "номер ответа"}
CONTACT_KEYS = {
    "email": {"адрес электронной почты", "email address", "email", "e mail", "электронная почта",
              "эл почта", "почта", "ваш e mail", "ваш email", "ваша электронная почта",
              "адрес эл почты", "e mail address"},
    "phone": {"телефон", "номер телефона", "phone", "phone number", "мобильный телефон",
              "ваш телефон", "контактный телефон", "ваш номер телефона", "мобильный"},
}
MATCH_FIELDS = ("email", "phone")
# what respondents are matched by, typed by its code or its name («почта», «телефон»)
MATCH_WORDS = Vocabulary({"email": (N_("e-mail"),), "phone": (N_("phone"),)}, N_("'{typed}': use {known}."),
                         aliases={"email": ("почта", "электронная почта")})
SMALL_SET = 12
RENAMED_RATIO = 0.85  # a column this close to a question's text is that question, edited in the form


@dataclass
class Column:
    """One column of the file and what it feeds."""

    index: int
    header: str
    role: str  # "timestamp", "id", "contact", "identity", "meta", "question", "class", "unmatched", "skipped"
    question: Question | None = None
    inferred: bool = False
    field: str = ""  # a contact's kind (email, phone); an identity column's field (identity.FIELDS)

    @property
    def target(self) -> str | None:
        """What the column is read as, as `--map` says it (identity.TARGETS); None for the
        timestamp and the response number."""
        if self.role in ("question", "unmatched"):
            return QUESTION
        if self.role in ("meta", "skipped"):
            return SKIP
        if self.role == "contact":
            return f"respondent.{self.field}"
        if self.role == "class":
            return CLASS
        return self.field or None


class Warning_(TypedDict):
    """An answer no option of its question matched (kept as "other")."""

    row: int
    column: str
    value: str


class RenamedColumn(TypedDict):
    """A column read as the question whose text it nearly repeats."""

    column: str
    question: str


class RespondentWarning(TypedDict):
    """A respondent's contact that matched no guardian for a reason the teacher must see: it
    cannot be read (an Excel-rounded phone), or it belongs to several guardians (a family
    e-mail), so the response is kept unmatched rather than given to one of them."""

    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class ImportRow:
    """One response of the file, read and matched, not yet written."""

    row: int
    submitted_at: str | None
    fingerprint: str
    answers: list[tuple[int, Parsed]]  # column index → its parsed cell
    respondent: str | None
    guardian_id: int | None
    given_class: str | None = None  # the class the respondent gave, where no question asks it
    matched_by: str = ""  # identity.MATCH_KINDS


class ImportReport(TypedDict):
    """What an import did or would do (the scripting contract of `survey import --json`)."""

    survey: int | None
    imported: int
    duplicates: int
    matched: int
    superseded: int
    blank: int
    hidden: int  # filled rows the workbook hides (a filter, or by hand): not imported
    format: str
    unmatched_columns: list[str]
    class_column: str | None  # a column no question asks, kept as each respondent's class
    warnings: list[Warning_]
    respondent_warnings: list[RespondentWarning]
    renamed_columns: list[RenamedColumn]
    encoding: str
    delimiter: str
    matched_by: dict[str, int]  # how responses were matched: {"email"|"phone"|"name"|"child": n}
    identity_columns: list[IdentityColumn]  # columns read as who answered, not questions
    identity_doubts: list[IdentityDoubt]  # columns that looked so but stay questions
    parent_guesses: list[ParentGuess]
    dry_run: NotRequired[bool]


class ColumnMapping(TypedDict):
    """How one column of the file is read."""

    column: str
    role: str
    question: str | None
    type: str | None
    options: list[str]


@dataclass
class ImportPlan:
    """Everything an import would do, computed without writing (for the preview and the run)."""

    path: Path
    table: Table
    columns: list[Column]
    survey: Survey | None
    new_title: str | None
    match: str | None
    kind: str = ""
    rows: list[ImportRow] = field(default_factory=list)
    duplicates: int = 0
    blank: int = 0
    hidden: int = 0
    warnings: list[Warning_] = field(default_factory=list)
    respondent_warnings: list[RespondentWarning] = field(default_factory=list)
    renamed_columns: list[RenamedColumn] = field(default_factory=list)
    guardians: dict[int, int] = field(default_factory=dict)
    identity_doubts: list[IdentityDoubt] = field(default_factory=list)
    parent_guesses: list[ParentGuess] = field(default_factory=list)

    @property
    def questions(self) -> list[Question]:
        return [c.question for c in self.columns if c.role == "question" and c.question]

    @property
    def unmatched_columns(self) -> list[str]:
        return [c.header for c in self.columns if c.role == "unmatched"]

    @property
    def class_column(self) -> Column | None:
        return next((c for c in self.columns if c.role == "class"), None)

    @property
    def matched(self) -> int:
        return sum(1 for r in self.rows if r.guardian_id is not None)

    def contact_column(self, match: str) -> Column | None:
        """The column respondents can be matched by `match` (one of MATCH_FIELDS), if any."""
        return next((c for c in self.columns if c.role == "contact" and c.field == match), None)

    @property
    def identity_columns(self) -> list[IdentityColumn]:
        """The columns that say who answered: contacts, names, the class."""
        return [IdentityColumn(column=c.header, field=c.target or "")
                for c in self.columns if c.role in ("contact", "identity", "class")]

    @property
    def matched_by(self) -> dict[str, int]:
        """How many responses each way matched (identity.MATCH_KINDS)."""
        return count_ways(r.matched_by for r in self.rows if r.guardian_id is not None)

    @property
    def names_respondents(self) -> bool:
        """Whether a column names the respondent or the child (matched by it)."""
        return any(c.role == "identity" and c.field.startswith(("respondent.", "child.")) for c in self.columns)

    @property
    def matchable(self) -> list[str]:
        """The MATCH_FIELDS the file has a column for, e-mail first."""
        return [match for match in MATCH_FIELDS if self.contact_column(match)]

    def mapping(self) -> list[ColumnMapping]:
        return [{"column": c.header, "role": c.role,
                 "question": c.question.text if c.question else None,
                 "type": c.question.type if c.question else None,
                 "options": c.question.labels if c.question else []} for c in self.columns]


def _classify(headers: list[str], kind: str) -> list[Column]:
    columns: list[Column] = []
    for i, header in enumerate(headers):
        key = text_key(header)
        contact = next((kind for kind, keys in CONTACT_KEYS.items() if key in keys), "")
        if key in TIMESTAMP_KEYS and not any(c.role == "timestamp" for c in columns):
            role = "timestamp"
        elif (key in ID_KEYS and i < 2) or (kind == "limesurvey" and key in LIME_IDS):
            role = "id"
        elif contact:
            role = "contact"
        elif (kind == "limesurvey" and key in LIME_META) or (kind == "msforms" and key in MS_META) \
                or key in QUIZ_META:
            role = "meta"
        else:
            role = "question"
        columns.append(Column(i, header, role, field=contact if role == "contact" else ""))
    return columns


def export_kind(headers: list[str]) -> str | None:
    """Which service wrote the file, from its headers: "limesurvey", "msforms", "yandex", "google"
    or None."""
    keys = [text_key(h) for h in headers]
    if keys and keys[0] in LIME_IDS and any(k in LIME_META for k in keys[1:8]):
        return "limesurvey"
    if keys and keys[0] in ID_KEYS and any(k in MS_STARTED for k in keys[1:3]):
        return "msforms"
    if any(k in TIMESTAMP_KEYS for k in keys[:3]):
        return "yandex" if keys[0] in ID_KEYS else "google"
    return None


def _check_export(table: Table, path: Path) -> str:
    if table.errors:
        row, reason = table.errors[0]
        raise OutreachError(t("The file is damaged at row {row} ({reason}); nothing was imported.", row=row, reason=reason))
    kind = export_kind(table.headers)
    if kind is None:
        raise OutreachError(t("{file} is not a Google Forms, Yandex Forms, Microsoft Forms or LimeSurvey export: its first column is '{first}', not Timestamp (Google), ID with the creation time (Yandex), ID with the start time (Microsoft) or id / Response ID (LimeSurvey); nothing was imported.", file=path.name,
                              first=table.headers[0] if table.headers else ""))
    return kind


@dataclass
class _Group:
    """LimeSurvey columns that make one question: `Q1[SQ001]`… (one per option) and `Q1[other]`."""

    base: str
    subs: list[tuple[int, str]] = field(default_factory=list)
    plain: int | None = None
    other: int | None = None


def _lime_groups(headers: list[str]) -> list[_Group | int]:
    """Headers in order, sub-question columns of one question gathered into one group."""
    items: list[_Group | int] = []
    groups: dict[str, _Group] = {}
    for i, header in enumerate(headers):
        found = GRID_ROW.match(header.strip())
        base = found.group("base") if found else header.strip()
        group = groups.get(text_key(base))
        if found is None:
            if group is None and text_key(base) not in LIME_META | LIME_IDS:
                group = groups[text_key(base)] = _Group(base)
                items.append(group)
            if group is None:
                items.append(i)
            else:
                group.plain = i
            continue
        if group is None:
            group = groups[text_key(base)] = _Group(base)
            items.append(group)
        if text_key(found.group("sub")) in LIME_OTHER:
            group.other = i
        else:
            group.subs.append((i, found.group("sub").strip()))
    return items


def _lime_cell(group: _Group, row: list[str], labels: list[str]) -> str:
    """One LimeSurvey question's cell as Forms would write it: chosen labels, then «Другое: …»."""
    other = row[group.other].strip() if group.other is not None else ""
    if group.subs:
        chosen = [label for (i, sub), label in zip(group.subs, labels, strict=True)
                  if text_key(row[i]) in LIME_CHECKED or (row[i].strip() and text_key(row[i]) == text_key(sub))]
        return "\n".join(chosen + ([f"Other: {other}"] if other else []))
    value = row[group.plain].strip() if group.plain is not None else ""
    if other and (not value or value == "-oth-" or text_key(value) in LIME_OTHER):
        return f"Other: {other}"
    return value


def _lime_table(source: list[str], table: list[list[str]],
                survey: Survey | None) -> tuple[list[str], list[list[str]], dict[str, list[str]]]:
    """A LimeSurvey export as one column per question (code headers map to a survey by position);
    also the options each sub-question group names, for a new survey."""
    items = _lime_groups(source)
    groups = [g for g in items if isinstance(g, _Group)]
    by_position = survey is not None and all(_CODE.match(g.base) for g in groups) \
        and len(groups) == len(survey.questions)
    headers: list[str] = []
    cells: list[tuple[int | None, _Group | None, list[str]]] = []
    options: dict[str, list[str]] = {}
    for item in items:
        if isinstance(item, int):
            headers.append(source[item])
            cells.append((item, None, []))
            continue
        question = survey.questions[groups.index(item)] if by_position and survey else None
        labels = [sub for _, sub in item.subs]
        if question is not None and len(question.options) >= len(labels):
            labels = question.labels[:len(labels)]
        header = question.text if question is not None else item.base
        headers.append(header)
        if item.subs:
            options[header] = labels
        cells.append((None, item, labels))
    rows = [[row[i] if group is None else _lime_cell(group, row, labels)  # type: ignore[index]
             for i, group, labels in cells] for row in table]
    return headers, rows, options


def plan_import(db: sqlite_utils.Database, path: Path | str, survey_id: int | None = None,
                new_title: str | None = None, match: str | None = None,
                encoding: str | None = None, mapping: Sequence[str] = ()) -> ImportPlan:
    """Read the file and decide everything; raises OutreachError on a file we must refuse.
    `mapping`: `--map 'Header=field'` items saying what a column is (identity.FIELDS, "question")."""
    if (survey_id is None) == (new_title is None):
        raise OutreachError(t("Give exactly one of --survey ID or --new TITLE."))
    if match is not None and match not in MATCH_FIELDS:
        raise OutreachError(t("Respondents can be matched by email or phone, not by '{match}'.", match=match))
    path = Path(path)
    survey = get_survey(db, survey_id) if survey_id is not None else None
    table = read_table(path, encoding=encoding)
    kind = _check_export(table, path)
    width = len(table.headers)
    headers, rows = table.headers, [r if len(r) == width else (r + [""] * width)[:width] for r in table.rows]
    preset: dict[str, list[str]] = {}
    if kind == "limesurvey":
        headers, rows, preset = _lime_table(table.headers, rows, survey)
    columns = _classify(headers, kind)
    nonblank = [(i + 2, r) for i, r in enumerate(rows) if "".join(r).strip()]
    numbered = [(n, r) for n, r in nonblank if n not in table.hidden] if table.hidden else nonblank
    data_rows = [r for _, r in numbered]
    for column in columns:
        if column.role == "question" and not column.header.strip():
            filled = any(r[column.index].strip() for r in data_rows)
            column.role = "question" if filled else "meta"
            column.header = blank_header(column.index) if filled else column.header
    asked = {text_key(q.text) for q in survey.questions} if survey is not None else set()
    doubts = _read_identity(columns, data_rows, kind, parse_mapping(mapping, headers), asked)
    renamed: list[RenamedColumn] = []
    if survey is not None:
        renamed = _map_to_survey(columns, survey)
        _keep_class_column(columns, data_rows)
        if not any(c.role == "question" for c in columns):
            raise OutreachError(t("{file} is not an export of the survey '{title}': none of its columns matches a question; nothing was imported.", file=path.name, title=survey.title))
    else:
        if not (new_title or "").strip():
            raise OutreachError(t("A survey needs a title."))
        for column in columns:
            if column.role == "question":
                cells = [r[column.index] for r in data_rows]
                labels = preset.get(column.header)
                column.question = (Question(None, column.header, "multiple", [Option(None, x) for x in labels])
                                   if labels else infer_question(column.header, cells))
                column.inferred = True
        if kind != "limesurvey":
            _share_grid_scales(columns, data_rows)
        if not any(c.role == "question" for c in columns):
            raise OutreachError(t("{file} has no question columns; nothing was imported.", file=path.name))
    plan = ImportPlan(path, table, columns, survey, new_title, match, kind, hidden=len(nonblank) - len(numbered))
    plan.renamed_columns = renamed
    plan.identity_doubts = doubts
    contact_col = plan.contact_column(match) if match else None
    if match and contact_col is None:
        raise OutreachError(t("No {match} column to match respondents by among: {headers}.", match=MATCH_WORDS.shown(match),
                              headers=", ".join(shown_headers(headers))))
    _read_rows(db, plan, numbered, contact_col)
    return plan


def _read_identity(columns: list[Column], rows: list[list[str]], kind: str, forced: dict[int, str],
                   asked: set[str]) -> list[IdentityDoubt]:
    """Give the columns that say who answered their identity field: those `forced` by the
    teacher, and those whose header asks it and whose answers read so (a survey's own question
    of that text stays its question). Class and relation only go with a name column; a column
    whose header names the respondent but whose answers do not read so stays a question, said;
    a field the teacher gave another column is not read here."""
    doubts: list[IdentityDoubt] = []
    read: dict[int, str] = {}
    for column in columns:
        if column.index in forced or column.role not in ("question", "meta") or text_key(column.header) in asked:
            continue
        found = header_field(column.header, kind)
        if found is None or (column.role == "meta" and found != "respondent.name") or found in forced.values():
            continue
        doubt = cells_doubt(found, [r[column.index] for r in rows])
        if found in read.values():
            doubt = t("another column already gives it")
        if doubt:
            doubts.append(IdentityDoubt(column=column.header, field=found, reason=doubt))
        else:
            read[column.index] = found
    names = [f for f in read.values() if f.startswith(("respondent.", "child.")) and f not in ("respondent.relation", CLASS)]
    child = any(f.startswith("child.") and f != CLASS for f in read.values())
    for index, found in read.items():
        if names and (found != CLASS or child):
            _assign(columns[index], found)
    for index, found in forced.items():
        _assign(columns[index], found)
    return doubts


def _assign(column: Column, found: str) -> None:
    if found == QUESTION:
        column.role, column.field = "question", ""
    elif found == SKIP:
        column.role, column.field = "skipped", ""
    elif found in CONTACTS:
        column.role, column.field = "contact", CONTACTS[found]
    elif found == CLASS:
        column.role, column.field = "class", found
    else:
        column.role, column.field = "identity", found


def _share_grid_scales(columns: list[Column], rows: list[list[str]]) -> None:
    """The rows of a grid question get one type and one list of options, read off the answers of
    all its rows (a row alone shows only the answers given to it: «Отлично» missing from one row,
    a 1–5 row beside a 1–10 one)."""
    asked = [c for c in columns if c.role == "question" and c.question]
    grids: dict[str, list[Column]] = {}
    for column, found in zip(asked, grid_rows([c.header for c in asked]), strict=True):
        if found:
            grids.setdefault(text_key(found[0]), []).append(column)
    for grid in grids.values():
        shared = infer_question(grid[0].header, [r[c.index] for c in grid for r in rows])
        for column in grid:
            column.question = Question(None, column.header, shared.type, [Option(None, o) for o in shared.labels])


def _map_to_survey(columns: list[Column], survey: Survey) -> list[RenamedColumn]:
    """Each question column to the question of the same text; then a column left over to the
    one question left over whose text differs only slightly (edited in the form after the
    survey was made: a word added or dropped), which is returned to be reported."""
    by_key = {text_key(q.text): q for q in survey.questions}
    used: set[int] = set()
    for column in columns:
        if column.role != "question":
            continue
        question = by_key.get(text_key(column.header))
        if question is None or question.saved_id in used:
            column.role = "unmatched"
        else:
            column.question = question
            used.add(question.saved_id)
    left = [q for q in survey.questions if q.saved_id not in used]
    pairs: dict[int, list[Column]] = {}
    for column in columns:
        if column.role != "unmatched":
            continue
        near = [q for q in left if _similar(column.header, q.text)]
        if len(near) == 1:
            pairs.setdefault(near[0].saved_id, []).append(column)
    renamed = []
    for question in left:
        found = pairs.get(question.saved_id, [])
        if len(found) == 1:
            found[0].role, found[0].question = "question", question
            renamed.append(RenamedColumn(column=found[0].header, question=question.text))
    return renamed


def _keep_class_column(columns: list[Column], rows: list[list[str]]) -> None:
    """A column the survey has no question for that asks the respondent's class («Ваш класс»
    added to a form made from a template), its answers mostly class names, is kept with each
    response as the class the respondent gave."""
    for column in columns:
        cells = [cell for r in rows if (cell := r[column.index].strip())]
        if column.role == "unmatched" and asks_class(column.header) \
                and 2 * sum(1 for cell in cells if class_in_text(cell)) > len(cells):
            column.role = "class"
            return


def _similar(header: str, question: str) -> bool:
    return SequenceMatcher(None, text_key(header), text_key(question)).ratio() >= RENAMED_RATIO


def infer_question(header: str, cells: list[str]) -> Question:
    """Guess a question's type and options from its answers (correctable afterwards).

    No answers: free text. yes/no and 1–5 (or 1–10) scales are recognised. Answers that
    read like sentences are free text. Multiple choice when some cells are combinations of
    the options `learn_options` finds; single choice when short answers repeat; free text
    otherwise.
    """
    values = [c.strip() for c in cells if c.strip()]
    counts = Counter(values)
    if not counts:
        return Question(None, header, "text")
    keys = {text_key(v) for v in counts}
    if keys <= {"да", "нет", "yes", "no"}:
        labels = ["Да", "Нет"] if keys & {"да", "нет"} else ["Yes", "No"]
        return Question(None, header, "yesno", [Option(None, label) for label in labels])
    if all(v.isdigit() and 1 <= int(v) <= 10 for v in counts):
        top = 5 if max(int(v) for v in counts) <= 5 else 10
        return Question(None, header, "scale", [Option(None, str(n)) for n in range(1, top + 1)])
    if _prose(list(counts)):
        return Question(None, header, "text")
    options, combined = learn_options(list(counts))
    if combined:
        mentions: Counter[str] = Counter()
        index = OptionIndex(Question(None, header, "multiple", [Option(None, o) for o in options]))
        for cell, n in counts.items():
            for option in index.parse(cell).options:
                mentions[option.label] += n
        return Question(None, header, "multiple", [Option(None, o) for o in _ordered(dict(mentions))])
    if len(counts) <= SMALL_SET and len(values) > len(counts) and max(len(v) for v in counts) <= 80:
        return Question(None, header, "single", [Option(None, o) for o in _ordered(dict(counts))])
    return Question(None, header, "text")


def _prose(distinct: list[str]) -> bool:
    """Answers that read like sentences: half or more end like one or run over eight words."""
    prose = sum(1 for v in distinct if _PROSE_END.search(v) or len(v.split()) > 8 or len(v) > 80)
    return 2 * prose >= len(distinct)


def _ordered(counts: dict[str, int]) -> list[str]:
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))]


def _fingerprint(row: list[str]) -> str:
    return hashlib.sha256("\x1f".join(row).encode()).hexdigest()[:32]


def _read_rows(db: sqlite_utils.Database, plan: ImportPlan, numbered: list[tuple[int, list[str]]],
               contact_col: Column | None) -> None:
    stamp_col = next((c for c in plan.columns if c.role == "timestamp"), None)
    class_col = plan.class_column
    question_cols = [c for c in plan.columns if c.role == "question" and c.question]
    indexes = [(c, OptionIndex(c.question)) for c in question_cols if c.question]
    known: set[str] = set()
    if plan.survey is not None:
        known = {f for (f,) in db.execute(
            "SELECT fingerprint FROM survey_responses WHERE survey_id = ? AND fingerprint IS NOT NULL",
            [plan.survey.id])}
    stored = _stored_contents(db, plan.survey.id) if plan.survey is not None else set()
    lookup = _contact_lookup(db, plan.match) if plan.match else {}
    roster = Roster(db) if plan.names_respondents else None
    named = [(c.index, c.field or CLASS) for c in plan.columns if c.role in ("identity", "class")]
    child_at = next((at for at, name in named if name == "child.name"), None)
    columns: list[tuple[int, dict[str, Parsed], OptionIndex]] = [
        (c.index, {}, index) for c, index in indexes]  # raw cell → Parsed
    header_at = {c.index: c.header for c in question_cols}
    qid_at = {c.index: c.question.id for c in question_cols if c.question}
    day_first = slash_day_first(row[stamp_col.index] for _, row in numbered) if stamp_col else None
    for number, row in numbered:
        fingerprint = _fingerprint(row)
        if fingerprint in known:
            plan.duplicates += 1
            continue
        known.add(fingerprint)
        answers: list[tuple[int, Parsed]] = []
        for at, cache, index in columns:
            cell = row[at]
            parsed = cache.get(cell)
            if parsed is None:
                parsed = cache[cell] = index.parse(cell)
            if not parsed.empty:
                answers.append((at, parsed))
        if not answers:
            plan.blank += 1  # a response begun and left (LimeSurvey keeps those)
            continue
        stamp = normalize_stamp(row[stamp_col.index], day_first) if stamp_col else None
        if stored and _content(stamp, [(qid_at[at], parsed) for at, parsed in answers]) in stored:
            plan.duplicates += 1  # the same answers, the file saved again (by Excel: other dates, columns)
            continue
        for at, parsed in answers:
            plan.warnings.extend(Warning_(row=number, column=header_at[at], value=other)
                                 for other in parsed.others)
        respondent, guardian, doubt, how = None, None, "", ""
        if contact_col is not None and plan.match:
            respondent, guardian, doubt = _respondent(plan.match, row[contact_col.index], lookup)
            how = plan.match if guardian is not None else ""
        if guardian is None and roster is not None:
            cells = {name: fitting(name, row[at]) for at, name in named}
            found = roster.find(number, cells)
            guardian, how = found.guardian_id, found.kind
            if found.guess:
                plan.parent_guesses.append(found.guess)
            if found.doubt and not doubt:
                column = next(c for c in plan.columns if c.role == "identity")
                plan.respondent_warnings.append(RespondentWarning(
                    row=number, column=column.header, value=_names_shown(cells), reason=found.doubt))
        if doubt and guardian is None and contact_col is not None:
            plan.respondent_warnings.append(RespondentWarning(
                row=number, column=contact_col.header, value=row[contact_col.index].strip(), reason=doubt))
        given = class_in_text(row[class_col.index]) if class_col is not None else ""
        if not given and child_at is not None:  # «ФИО ребёнка, класс»: the class after the name
            given = class_after_name(row[child_at])[1]
        plan.rows.append(ImportRow(number, stamp, fingerprint, answers, respondent, guardian, given or None, how))


def _names_shown(cells: dict[str, str]) -> str:
    """The names a row gives, as the teacher typed them in the form («Смирнова Анна · Смирнов Егор · 7А»)."""
    return " · ".join(value for value in cells.values() if value)


Content = tuple[str, tuple[tuple[int, int, str], ...]]


def _content(stamp: str | None, answers: list[tuple[int | None, Parsed]]) -> Content | None:
    """A response as its minute and its answers: what stays when a spreadsheet saves the file
    again (Excel drops the seconds, writes dates and numbers its own way, adds columns)."""
    if not stamp or len(stamp) < 16:
        return None
    parts = [(qid or 0, option or 0, text or "") for qid, parsed in answers
             for _r, _q, option, text in answer_rows(0, qid or 0, parsed)]
    return stamp[:16], tuple(sorted(parts))


def _stored_contents(db: sqlite_utils.Database, survey_id: int) -> set[Content | None]:
    """The content of every response of the survey already stored (see `_content`)."""
    parts: dict[int, list[tuple[int, int, str]]] = {}
    stamps = dict(db.execute("SELECT id, submitted_at FROM survey_responses WHERE survey_id = ?"
                             " AND submitted_at IS NOT NULL", [survey_id]).fetchall())
    for rid, qid, option, text in db.execute(
            "SELECT a.response_id, a.question_id, a.option_id, a.text FROM survey_answers a"
            " JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = ?", [survey_id]):
        parts.setdefault(rid, []).append((qid, option or 0, text or ""))
    return {(stamps[rid][:16], tuple(sorted(items))) for rid, items in parts.items()
            if rid in stamps and len(stamps[rid]) >= 16}


def _respondent(match: str, value: str, lookup: dict[str, list[int]]) -> tuple[str | None, int | None, str]:
    """A cell of the contact column: the contact as stored, the one guardian it names, and why
    it names none when the teacher should know ('' when it simply is not in the roster)."""
    if not value.strip():
        return None, None, ""
    try:
        contact = normalize_email(value) if match == "email" else normalize_phone(value)
    except InvalidContact as exc:  # «anonymous» (Microsoft Forms), «нет»: no contact given, nothing to say
        meant = "@" in value if match == "email" else any(c.isdigit() for c in value)
        return None, None, reason_text(exc) if meant else ""
    found = lookup.get(contact, [])
    if len(found) > 1:
        return contact, None, tn(
            "{n} guardian has it (no. {ids})", "{n} guardians have it (nos. {ids})", len(found),
            ids=", ".join(map(str, found)))
    return contact, found[0] if found else None, ""


def _contact_lookup(db: sqlite_utils.Database, match: str) -> dict[str, list[int]]:
    lookup: dict[str, list[int]] = {}
    for gid, value in db.execute(f"SELECT id, {match} FROM guardians WHERE {match} IS NOT NULL ORDER BY id"):
        lookup.setdefault(value, []).append(gid)
    return lookup


def commit_import(db: sqlite_utils.Database, plan: ImportPlan) -> ImportReport:
    """Write a planned import in one transaction; returns the scripting-contract report."""
    now = clock.now_iso()
    with db.atomic():
        if plan.survey is None:
            survey_id = create_survey(db, plan.new_title or "", plan.questions)
        else:
            survey_id = plan.survey.id
        qid_of = {c.index: c.question.saved_id for c in plan.columns if c.role == "question" and c.question}
        answers: list[AnswerRow] = []
        responses: list[tuple[object, ...]] = []
        shapes: dict[int, list[tuple[int | None, str | None]]] = {}  # parsed cells repeat: their rows, by identity
        rid = int(db.execute("SELECT coalesce(max(id), 0) FROM survey_responses").fetchone()[0])
        for item in plan.rows:
            rid += 1
            contact = item.respondent
            email, phone = (contact, None) if plan.match == "email" else (None, contact)
            responses.append((rid, survey_id, item.guardian_id, email, phone, item.submitted_at,
                              item.fingerprint, now, item.given_class))
            for index, parsed in item.answers:
                shape = shapes.get(id(parsed))
                if shape is None:
                    shape = shapes[id(parsed)] = [(option, text) for _r, _q, option, text
                                                  in answer_rows(0, qid_of[index], parsed)]
                answers += [(rid, qid_of[index], option, text) for option, text in shape]
        db.conn.executemany(
            "INSERT INTO survey_responses(id, survey_id, source, guardian_id, email, phone, submitted_at,"
            " fingerprint, created_at, given_class) VALUES (?, ?, 'import', ?, ?, ?, ?, ?, ?, ?)", responses)
        db.conn.executemany(INSERT_ANSWER, answers)
        before = int(db.execute("SELECT count(*) FROM survey_responses WHERE survey_id = ? AND superseded",
                                [survey_id]).fetchone()[0])
        superseded = mark_superseded(db, survey_id) - before
        audit.record(db, "import", "survey", survey_id,
                     {"imported": len(plan.rows), "duplicates": plan.duplicates, "matched": plan.matched,
                      "superseded": superseded})
    return report(plan, survey_id, superseded)


def report(plan: ImportPlan, survey_id: int | None, superseded: int) -> ImportReport:
    """`superseded`: earlier answers of the same respondents that this import replaces."""
    return ImportReport(survey=survey_id, imported=len(plan.rows), duplicates=plan.duplicates,
                        matched=plan.matched, superseded=superseded, blank=plan.blank, hidden=plan.hidden,
                        format=plan.kind, unmatched_columns=plan.unmatched_columns,
                        class_column=plan.class_column.header if plan.class_column else None,
                        warnings=list(plan.warnings), respondent_warnings=list(plan.respondent_warnings),
                        renamed_columns=list(plan.renamed_columns),
                        encoding=plan.table.encoding,
                        delimiter=plan.table.delimiter,
                        matched_by=plan.matched_by,
                        identity_columns=plan.identity_columns, identity_doubts=list(plan.identity_doubts),
                        parent_guesses=list(plan.parent_guesses))


def hidden_line(count: int) -> str:
    """What the teacher is told of the filled rows the workbook hides ('' for none)."""
    return tn("{n} filled row hidden in the workbook (by a filter or by hand) is not imported.",
              "{n} filled rows hidden in the workbook (by a filter or by hand) are not imported.", count) if count else ""


def superseded_by(db: sqlite_utils.Database, plan: ImportPlan) -> int:
    """How many earlier answers the planned import would replace (nothing is written)."""
    return what_if(db, lambda: commit_import(db, plan))["superseded"]


def import_responses(db: sqlite_utils.Database, path: Path | str, survey_id: int | None = None,
                     new_title: str | None = None, match: str | None = None,
                     encoding: str | None = None, dry_run: bool = False,
                     mapping: Sequence[str] = ()) -> ImportReport:
    plan = plan_import(db, path, survey_id, new_title, match, encoding, mapping)
    if dry_run:
        result = report(plan, survey_id, superseded_by(db, plan))
        result["dry_run"] = True
        return result
    result = commit_import(db, plan)
    result["dry_run"] = False
    return result
