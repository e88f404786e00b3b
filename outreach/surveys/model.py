"""Surveys, their questions and options, and responses entered by hand."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypedDict, TypeVar

import sqlite_utils

from outreach.common import clock, paths
from outreach.common.channel_names import GUARDIAN_CHANNELS, parse_channel
from outreach.common.contacts import InvalidContact, normalize_email, normalize_phone
from outreach.common.errors import NotFound, OutreachError
from outreach.common.i18n import N_, current_language, t
from outreach.common.value_words import Vocabulary
from outreach.roster import guardians as roster
from outreach.store import audit
from outreach.store.db import insert

TYPES = ("single", "multiple", "scale", "yesno", "text")
_TYPE_NAMES = {"single": (N_("single choice"),), "multiple": (N_("multiple choice"),),
               "scale": (N_("scale"), N_("scale 1–5")), "yesno": (N_("yes/no"),), "text": (N_("free text"),)}


# a question type typed by its code or its name («несколько вариантов», «да/нет»)
TYPE_WORDS = Vocabulary(_TYPE_NAMES, N_("'{typed}' is not a question type; use one of: {known}."))


def type_label(kind: str, labels: Sequence[str] = ()) -> str:
    """A question type (`yesno`) in words; a scale with its own range (`labels`: its
    options) says it: «шкала 1–10»."""
    if kind == "scale" and labels and all(label.isdigit() for label in labels):
        return t("scale {low}–{high}", low=labels[0], high=labels[-1])
    return TYPE_WORDS.shown(kind)
CHOICE_TYPES = ("single", "multiple", "scale", "yesno")
SCALE = [str(n) for n in range(1, 6)]
YES_NO = {"ru": ["Да", "Нет"], "en": ["Yes", "No"]}
YES_WORDS = {"да", "yes", "y", "true", "1", "+", "д"}
NO_WORDS = {"нет", "no", "n", "false", "0", "-", "н"}
_NOT_WORD = re.compile(r"[^\w]+")
_LEAD = re.compile(r"\d+")  # a scale's answer is the number it begins with («4», «9 баллов»)
T = TypeVar("T")
# One survey_answers row: response id, question id, the chosen option id or the typed text.
AnswerRow = tuple[int, int, int | None, str | None]


@lru_cache(maxsize=65536)
def text_key(text: str) -> str:
    """Text as compared when matching columns to questions and cells to options."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return " ".join(_NOT_WORD.sub(" ", folded).split())


_ASKS_CLASS = re.compile(r"\b(?:класс|класса|классе|class|grade)\b")


def asks_class(text: str) -> bool:
    """Whether a question's text asks the respondent's class («Ваш класс», «В каком классе…»)."""
    return _ASKS_CLASS.search(text_key(text)) is not None


GRID_ROW = re.compile(r"^(?P<base>.*?)\s*\[(?P<sub>[^\[\]]+)\]$")  # «Вопрос [строка]»


def grid_rows(texts: list[str]) -> list[tuple[str, str] | None]:
    """Each text as (grid question, row) when it is one of two or more texts side by side that
    Forms wrote for one grid question («Оцените каналы школы [Сайт школы]», «… [Чат класса]»)."""
    parts = [GRID_ROW.match(text.strip()) for text in texts]
    bases = [text_key(found.group("base")) if found else None for found in parts]
    return [(found.group("base"), found.group("sub").strip())
            if found and base and (bases[i - 1:i] == [base] or bases[i + 1:i + 2] == [base]) else None
            for i, (found, base) in enumerate(zip(parts, bases, strict=True))]


def _saved(row_id: int | None, what: str) -> int:
    if row_id is None:
        raise ValueError(f"not saved yet: {what}")
    return row_id


@dataclass
class Option:
    id: int | None  # None until written
    label: str
    channel: str | None = None

    @property
    def saved_id(self) -> int:
        """The id of an option read from or written to the database."""
        return _saved(self.id, self.label)


@dataclass
class Question:
    id: int | None  # None until written
    text: str
    type: str
    options: list[Option] = field(default_factory=list)
    role: str = ""

    @property
    def labels(self) -> list[str]:
        return [o.label for o in self.options]

    @property
    def saved_id(self) -> int:
        """The id of a question read from or written to the database."""
        return _saved(self.id, self.text)


QuestionBlock = tuple[str | None, list[tuple[Question, str]]]


def question_blocks(questions: Sequence[Question]) -> list[QuestionBlock]:
    """The questions in order as a survey lists them: a grid's rows gathered under its title,
    (grid, [(row's question, row)]); a question outside a grid alone, (None, [(question, its text)])."""
    blocks: list[QuestionBlock] = []
    for q, found in zip(questions, grid_rows([q.text for q in questions]), strict=True):
        if found is None:
            blocks.append((None, [(q, q.text)]))
        elif blocks and blocks[-1][0] is not None and text_key(blocks[-1][0]) == text_key(found[0]):
            blocks[-1][1].append((q, found[1]))
        else:
            blocks.append((found[0], [(q, found[1])]))
    return blocks


class TemplateInfo(TypedDict):
    """A shipped template (`survey templates --json`)."""

    slug: str
    title: str
    lang: str
    kind: str
    questions: int


class SurveyInfo(TypedDict):
    """A survey in the list (`survey list --json`)."""

    id: int
    title: str
    kind: str
    lang: str
    created_at: str
    questions: int
    responses: int


class OptionDoc(TypedDict):
    id: int | None
    label: str
    channel: str | None


class QuestionDoc(TypedDict):
    id: int | None
    text: str
    type: str
    role: str
    options: list[OptionDoc]
    grid: str | None  # the grid question this is a row of («Оцените каналы школы»), or None
    row: str | None  # the row («Сайт школы»)


class SurveyDoc(TypedDict):
    """A survey with its questions (`survey show --json`)."""

    id: int
    title: str
    kind: str
    lang: str
    template: str | None
    created_at: str
    questions: list[QuestionDoc]


@dataclass
class Survey:
    id: int
    title: str
    kind: str
    lang: str
    template: str | None
    created_at: str
    questions: list[Question] = field(default_factory=list)

    def question(self, question_id: int) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise NotFound(t("There is no question with id {id}.", id=question_id))


# Templates -------------------------------------------------------------------------------

def templates_dir() -> Path:
    return paths.data_dir() / "surveys"


def list_templates() -> list[TemplateInfo]:
    """Every shipped template: slug, title, lang, kind, question count."""
    result = []
    for file in sorted(templates_dir().glob("*/*.toml")):
        data = _load_toml(file)
        result.append(TemplateInfo(slug=file.stem, title=data["title"], lang=file.parent.name,
                                   kind=data.get("kind", ""), questions=len(data["questions"])))
    return result


def _load_toml(file: Path) -> dict[str, Any]:
    with file.open("rb") as handle:
        return tomllib.load(handle)


def load_template(slug: str, lang: str | None = None) -> tuple[dict[str, Any], str]:
    """The template `slug` in `lang` (default: the interface language, else any)."""
    wanted = lang or current_language()
    candidates = [templates_dir() / wanted / f"{slug}.toml",
                  *sorted(templates_dir().glob(f"*/{slug}.toml"))]
    for file in candidates:
        if file.is_file() and "/" not in slug and "\\" not in slug:
            return _load_toml(file), file.parent.name
    known = sorted({x["slug"] for x in list_templates()})
    raise NotFound(t("There is no survey template '{slug}'; known templates: {known}.", slug=slug, known=", ".join(known)))


def _template_questions(data: dict[str, Any], lang: str) -> list[Question]:
    questions = []
    for item in data["questions"]:
        qtype = item["type"]
        channels = item.get("channels", {})
        labels = default_options(qtype, lang) if qtype in ("scale", "yesno") else item.get("options", [])
        questions.append(Question(None, item["text"], qtype,
                                  [Option(None, label, channels.get(label)) for label in labels],
                                  item.get("role", "")))
    return questions


def scale_labels(cells: Iterable[str]) -> list[str]:
    """A scale's options for these answers: 1–5, or 1–10 when one answer goes above 5 («9 баллов»)."""
    top = 10 if any(found and 5 < int(found.group()) <= 10 for found in map(_LEAD.match, cells)) else 5
    return [str(n) for n in range(1, top + 1)]


def default_options(qtype: str, lang: str | None = None) -> list[str]:
    if qtype == "scale":
        return list(SCALE)
    if qtype == "yesno":
        return list(YES_NO.get(lang or current_language(), YES_NO["en"]))
    return []


def new_from_template(db: sqlite_utils.Database, slug: str, title: str | None = None,
                      lang: str | None = None) -> int:
    data, found_lang = load_template(slug, lang)
    return create_survey(db, title or data["title"], _template_questions(data, found_lang),
                         kind=data.get("kind", ""), lang=found_lang, template=slug)


# Surveys ---------------------------------------------------------------------------------

def create_survey(db: sqlite_utils.Database, title: str, questions: Sequence[Question],
                  kind: str = "", lang: str | None = None, template: str | None = None) -> int:
    title = " ".join(title.split())
    if not title:
        raise OutreachError(t("A survey needs a title."))
    for q in questions:
        check_question(q)
    with db.atomic():
        sid = insert(db,
            "INSERT INTO surveys(title, template, kind, lang, created_at) VALUES (?, ?, ?, ?, ?)",
            [title, template, kind, lang or current_language(), clock.now_iso()])
        for position, q in enumerate(questions, start=1):
            insert_question(db, sid, position, q)
        audit.record(db, "create", "survey", sid, {"questions": len(questions)})
    return sid


def check_question(q: Question) -> None:
    if q.type not in TYPES:
        raise OutreachError(t(TYPE_WORDS.refusal, typed=q.type, known=", ".join(TYPES)))
    if not q.text.strip():
        raise OutreachError(t("A question needs its text."))
    keys = [text_key(o.label) for o in q.options]
    if len(set(keys)) != len(keys):
        raise OutreachError(t("The question '{question}' lists the same option twice.", question=q.text))
    for o in q.options:
        if o.channel and o.channel not in GUARDIAN_CHANNELS:
            raise OutreachError(t("'{channel}' is not a channel a guardian can be reached by.", channel=o.channel))


def insert_question(db: sqlite_utils.Database, survey_id: int, position: int, q: Question) -> int:
    qid = insert(db,
        "INSERT INTO survey_questions(survey_id, position, text, type, role) VALUES (?, ?, ?, ?, ?)",
        [survey_id, position, " ".join(q.text.split()), q.type, q.role])
    q.id = qid
    for opos, o in enumerate(q.options, start=1):
        o.id = insert(db,
            "INSERT INTO survey_options(question_id, position, label, channel) VALUES (?, ?, ?, ?)",
            [qid, opos, o.label, o.channel])
    return qid


def get_survey(db: sqlite_utils.Database, survey_id: int) -> Survey:
    row = db.execute("SELECT id, title, kind, lang, template, created_at FROM surveys WHERE id = ?",
                     [survey_id]).fetchone()
    if row is None:
        raise NotFound(t("There is no survey with id {id}.", id=survey_id))
    survey = Survey(*row)
    by_id: dict[int, Question] = {}
    for qid, text, qtype, role in db.execute(
            "SELECT id, text, type, role FROM survey_questions WHERE survey_id = ? ORDER BY position, id",
            [survey_id]):
        by_id[qid] = Question(qid, text, qtype, [], role)
        survey.questions.append(by_id[qid])
    for oid, qid, label, channel in db.execute(
            "SELECT o.id, o.question_id, o.label, o.channel FROM survey_options o"
            " JOIN survey_questions q ON q.id = o.question_id WHERE q.survey_id = ?"
            " ORDER BY o.question_id, o.position, o.id", [survey_id]):
        by_id[qid].options.append(Option(oid, label, channel))
    return survey


def list_surveys(db: sqlite_utils.Database) -> list[SurveyInfo]:
    rows = db.execute(
        "SELECT s.id, s.title, s.kind, s.lang, s.created_at,"
        " (SELECT count(*) FROM survey_questions q WHERE q.survey_id = s.id),"
        " (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id)"
        " FROM surveys s ORDER BY s.created_at DESC, s.id DESC").fetchall()
    return [SurveyInfo(id=r[0], title=r[1], kind=r[2], lang=r[3], created_at=r[4], questions=r[5],
                       responses=r[6]) for r in rows]


def delete_survey(db: sqlite_utils.Database, survey_id: int) -> None:
    get_survey(db, survey_id)
    with db.atomic():
        db.execute("DELETE FROM surveys WHERE id = ?", [survey_id])
        audit.record(db, "remove", "survey", survey_id)


def survey_dict(survey: Survey) -> SurveyDoc:
    return SurveyDoc(
        id=survey.id, title=survey.title, kind=survey.kind, lang=survey.lang,
        template=survey.template, created_at=survey.created_at,
        questions=[QuestionDoc(id=q.id, text=q.text, type=q.type, role=q.role,
                               options=[OptionDoc(id=o.id, label=o.label, channel=o.channel) for o in q.options],
                               grid=grid, row=row if grid is not None else None)
                   for grid, rows in question_blocks(survey.questions) for q, row in rows])


def answered_guardian_ids(db: sqlite_utils.Database, survey_id: int) -> set[int]:
    """Guardians matched to at least one response of the survey (for `not-answered:ID`)."""
    if db.execute("SELECT 1 FROM surveys WHERE id = ?", [survey_id]).fetchone() is None:
        raise NotFound(t("There is no survey with id {id}.", id=survey_id))
    return {g for (g,) in db.execute(
        "SELECT DISTINCT guardian_id FROM survey_responses WHERE survey_id = ? AND guardian_id IS NOT NULL",
        [survey_id])}


# Answers ---------------------------------------------------------------------------------

@dataclass
class Parsed:
    """One cell read against a question: chosen option ids, other values, free text."""

    options: list[Option] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    text: str | None = None

    @property
    def empty(self) -> bool:
        return not self.options and not self.others and not self.text


_SEPARATOR = re.compile(r"\s*[;\n]\s*|,\s+|,(?=\S)")
_OTHER = re.compile(r"(?:^|[;\n,]\s*)(?:другое|другой вариант|иное|other)\s*:\s*", re.IGNORECASE)


def split_other(cell: str) -> tuple[str, str]:
    """A Forms cell cut at its «Другое: …» / "Other: …" part: (the choices, the other text).
    The other text ends at a «;» (Yandex Forms and a paper questionnaire's entry go on with
    choices after it: «Другое: бабушка;Telegram»)."""
    found = _OTHER.search(cell)
    if found is None:
        return cell, ""
    other, _, after = cell[found.end():].partition(";")
    return "; ".join(part for part in (cell[:found.start()], after) if part.strip()), other.strip()


def segment(cell: str, known: Callable[[str], T | None]) -> list[tuple[str, T | None]]:
    """A multiple-choice cell as the pieces a person chose, in order.

    The cell is cut at separators ("; ", ", ", new lines) into tokens, and the tokens are
    grouped into runs: a run that is a known option counts as that option (so an option that
    itself contains ", " stays whole); what is left between options stays one raw piece.
    Of all groupings the one leaving the fewest tokens unknown, then the fewest pieces, wins.
    """
    spans = _token_spans(cell)
    n = len(spans)
    worst: tuple[int, int, int, list[tuple[str, T | None]]] = (n + 1, n + 1, n + 1, [])
    best: list[tuple[int, int, int, list[tuple[str, T | None]]]] = [worst] * n + [(0, 0, 0, [])]
    for i in range(n - 1, -1, -1):
        for k in range(i + 1, n + 1):
            rest = best[k]
            piece = cell[spans[i][0]:spans[k - 1][1]].strip()
            option = known(piece)
            if option is None and rest[3] and rest[3][0][1] is None:
                continue  # unknown runs are kept maximal
            unknown = option is None
            candidate = (rest[0] + unknown * (k - i), rest[1] + unknown, rest[2] + 1, [(piece, option), *rest[3]])
            if candidate[:3] < best[i][:3]:
                best[i] = candidate
    return best[0][3]


def tokens(cell: str) -> list[str]:
    """The pieces between separators, as written."""
    return [cell[a:b].strip() for a, b in _token_spans(cell)]


def _token_spans(cell: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for found in _SEPARATOR.finditer(cell):
        if cell[start:found.start()].strip():
            spans.append((start, found.start()))
        start = found.end()
    if cell[start:].strip():
        spans.append((start, len(cell)))
    return spans


def learn_options(cells: list[str]) -> tuple[list[str], bool]:
    """The options a person sees, read off a choice question's distinct answers, and whether
    any answer combined several.

    Every answer starts as an option; an answer made of other options (plus raw pieces
    between them) is a combination: it leaves the set and its raw pieces join it. Then,
    among the answers still whole, a piece that begins one and comes later in another is
    an option too (Forms keeps the form's order, so only a list shows that), and the
    unfolding runs again. Text after «Другое:» / "Other:" is never an option. A cell that
    ends with «;» is Microsoft Forms' own: each option it holds is followed by «;».
    """
    known: dict[str, str] = {}
    marked = False
    for cell in cells:
        choices = split_other(cell)[0].strip()
        pieces = [p.strip() for p in choices.split(";")] if choices.endswith(";") else [choices]
        marked = marked or len([p for p in pieces if p]) > 1
        for piece in pieces:
            if piece:
                known.setdefault(text_key(piece), piece)
    combined = _unfold(known) or marked
    first: dict[str, str] = {}
    later: set[str] = set()
    for label in known.values():
        parts = tokens(label)
        if len(parts) >= 2:
            first.setdefault(text_key(parts[0]), parts[0])
            later.update(text_key(p) for p in parts[1:])
    if first.keys() & later:
        known.update((key, first[key]) for key in first.keys() & later)
        combined = _unfold(known) or combined
    return list(known.values()), combined


def _other_option(known: dict[str, str], own: str, piece: str) -> str | None:
    key = text_key(piece)
    return known.get(key) if key != own else None


def _unfold(known: dict[str, str]) -> bool:
    """Until nothing changes, replace each answer made of other options (and raw pieces
    between them) by its raw pieces; whether any was."""
    combined = False
    while True:
        changed = False
        for key, label in list(known.items()):
            pieces = segment(label, partial(_other_option, known, key))
            if len(pieces) >= 2 and any(found is not None for _, found in pieces):
                del known[key]
                known.update((text_key(piece), piece) for piece, found in pieces if found is None)
                combined = changed = True
        if not changed:
            return combined


class OptionIndex:
    """A question's options by normalised label, for reading cells quickly."""

    def __init__(self, question: Question):
        self.question = question
        self.by_key: dict[str, Option] = {text_key(o.label): o for o in question.options}
        self.cache: dict[str, Parsed] = {}
        if question.type == "yesno" and len(question.options) == 2:
            yes, no = question.options
            self.by_key.update({w: yes for w in YES_WORDS})
            self.by_key.update({w: no for w in NO_WORDS})

    def find(self, text: str) -> Option | None:
        """The option `text` names; a mark of no letters («+», «-» for yes/no) by itself."""
        return self.by_key.get(text_key(text) or text.strip())

    def parse(self, cell: str) -> Parsed:
        cell = cell.strip()
        if not cell:
            return Parsed()
        hit = self.cache.get(cell)
        if hit is None:
            hit = self.cache[cell] = self._parse(cell)
        return hit

    def _parse(self, cell: str) -> Parsed:
        qtype = self.question.type
        if qtype == "text":
            return Parsed(text=cell)
        whole = self.find(cell)
        if whole is not None:
            return Parsed(options=[whole])
        choices, other = split_other(cell)
        if qtype == "scale":
            lead = _LEAD.match(cell)
            if lead and text_key(lead.group()) in self.by_key:
                return Parsed(options=[self.by_key[text_key(lead.group())]])
        if qtype != "multiple":
            return Parsed(others=[other if other and not choices.strip() else cell])
        parsed = Parsed()
        for piece, option in segment(choices, self.find):
            if option is None:
                if piece not in parsed.others:
                    parsed.others.append(piece)
            elif option not in parsed.options:
                parsed.options.append(option)
        if other and other not in parsed.others:
            parsed.others.append(other)
        return parsed


RESPONDENT = ("coalesce('g' || {r}.guardian_id, 'e' || {r}.email, 'p' || {r}.phone)")


def mark_superseded(db: sqlite_utils.Database, survey_id: int) -> int:
    """Mark every response but each respondent's latest (by submission time, then entry) as
    superseded; returns how many are superseded now. Unidentified responses always count."""
    who = RESPONDENT.format(r="survey_responses")
    db.execute(
        f"UPDATE survey_responses SET superseded = ranked.late FROM ("
        f" SELECT id, {who} IS NOT NULL AND row_number() OVER (PARTITION BY {who}"
        f"  ORDER BY coalesce(submitted_at, '') DESC, id DESC) > 1 AS late"
        f" FROM survey_responses WHERE survey_id = ?) AS ranked"
        f" WHERE survey_responses.id = ranked.id AND survey_responses.superseded <> ranked.late", [survey_id])
    return int(db.execute("SELECT count(*) FROM survey_responses WHERE survey_id = ? AND superseded",
                          [survey_id]).fetchone()[0])


class _RollBack(Exception):
    pass


def what_if(db: sqlite_utils.Database, action: Callable[[], T]) -> T:
    """What `action` would do to the database: its result, with every change rolled back."""
    outcome: list[T] = []
    try:
        with db.atomic():
            outcome.append(action())
            raise _RollBack
    except _RollBack:
        return outcome[0]


def answer_rows(response_id: int, question_id: int, parsed: Parsed) -> list[AnswerRow]:
    rows: list[AnswerRow] = [(response_id, question_id, o.id, None) for o in parsed.options]
    if parsed.others:
        rows += [(response_id, question_id, None, other) for other in parsed.others]
    if parsed.text:
        rows.append((response_id, question_id, None, parsed.text))
    return rows


INSERT_ANSWER = "INSERT INTO survey_answers(response_id, question_id, option_id, text) VALUES (?, ?, ?, ?)"


def _cell_of(value: str | Iterable[str]) -> str:
    if isinstance(value, str):
        return value
    return "; ".join(v for v in value if v.strip())


def add_response(db: sqlite_utils.Database, survey_id: int, answers: Mapping[int, str | Iterable[str]],
                 guardian_id: int | None = None, submitted_at: str | None = None,
                 source: str = "manual", strict: bool = True) -> int:
    """Record one questionnaire (a paper one, by default): {question id: answer(s)}.

    With `strict`, an answer outside a choice question's options is refused (a typo on
    entry); otherwise it is kept as "other".
    """
    survey = get_survey(db, survey_id)
    if guardian_id is not None and db.execute(
            "SELECT 1 FROM guardians WHERE id = ?", [guardian_id]).fetchone() is None:
        raise NotFound(t("There is no guardian with id {id}.", id=guardian_id))
    cells = {int(k): _cell_of(v) for k, v in answers.items()}
    parsed: dict[int, Parsed] = {}
    for qid, cell in cells.items():
        question = survey.question(qid)
        value = answers[qid]
        if question.type != "multiple" and not isinstance(value, str) \
                and len([v for v in value if v.strip()]) > 1:
            raise OutreachError(t("The question '{question}' takes one answer only.", question=question.text))
        result = OptionIndex(question).parse(cell)
        if strict and result.others:
            raise OutreachError(t("'{value}' is not an option of '{question}' (options: {options}).", value=result.others[0], question=question.text,
                                  options=", ".join(question.labels)))
        if question.type in ("single", "scale", "yesno") and len(result.options) + len(result.others) > 1:
            raise OutreachError(t("The question '{question}' takes one answer only.", question=question.text))
        if not result.empty:
            parsed[qid] = result
    if not parsed:
        raise OutreachError(t("The questionnaire has no answers; nothing was saved."))
    with db.atomic():
        rid = insert(db,
            "INSERT INTO survey_responses(survey_id, source, guardian_id, submitted_at, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [survey_id, source, guardian_id, submitted_at or clock.now_iso(), clock.now_iso()])
        rows = [r for qid, p in parsed.items() for r in answer_rows(rid, qid, p)]
        db.conn.executemany(INSERT_ANSWER, rows)
        mark_superseded(db, survey_id)
        audit.record(db, "add", "survey_response", rid, {"survey": survey_id, "source": source})
    return rid


def delete_response(db: sqlite_utils.Database, response_id: int) -> None:
    row = db.execute("SELECT survey_id FROM survey_responses WHERE id = ?", [response_id]).fetchone()
    if row is None:
        raise NotFound(t("There is no survey response with id {id}.", id=response_id))
    with db.atomic():
        db.execute("DELETE FROM survey_responses WHERE id = ?", [response_id])
        mark_superseded(db, int(row[0]))
        audit.record(db, "remove", "survey_response", response_id)


def survey_of(db: sqlite_utils.Database, question_id: int) -> int:
    row = db.execute("SELECT survey_id FROM survey_questions WHERE id = ?", [question_id]).fetchone()
    if row is None:
        raise NotFound(t("There is no question with id {id}.", id=question_id))
    return int(row[0])


def question_block_of(db: sqlite_utils.Database, question_id: int) -> tuple[str | None, list[int]]:
    """The question as its survey lists it: (a Forms grid's title, the ids of all its rows) when
    it is a grid's row, else (None, [its id])."""
    survey = get_survey(db, survey_of(db, question_id))
    for grid, rows in question_blocks(survey.questions):
        ids = [q.saved_id for q, _ in rows]
        if question_id in ids:
            return grid, ids
    return None, [question_id]


def correct_question(db: sqlite_utils.Database, question_id: int, *, text: str | None = None,
                     qtype: str | None = None, add_options: Sequence[str] = (),
                     channels: Mapping[str, str] | None = None) -> list[Question]:
    """`survey question`: a new type goes to the question as the app's type dialog gives it (a
    grid: all its rows, `retype_questions`), the other corrections to this question; in one
    write. Returns the questions changed, in the survey's order."""
    with db.atomic():
        changed = {q.saved_id: q for q in retype_questions(db, question_block_of(db, question_id)[1], qtype)} \
            if qtype else {}
        if not qtype or text is not None or add_options or channels:
            changed[question_id] = edit_question(db, question_id, text=text, add_options=add_options, channels=channels)
    return list(changed.values())


def retype_questions(db: sqlite_utils.Database, question_ids: Sequence[int], qtype: str) -> list[Question]:
    """Give one question, or every row of a grid question, the type `qtype` in one write; a
    grid's new options are read off the answers of all its rows (one scale for the grid)."""
    answers = [cell for qid in question_ids for cell in answer_cells(db, qid).values()]
    with db.atomic():
        return [edit_question(db, qid, qtype=qtype, answers=answers) for qid in question_ids]


def edit_question(db: sqlite_utils.Database, question_id: int, *, text: str | None = None,
                  qtype: str | None = None, add_options: Sequence[str] = (),
                  channels: Mapping[str, str] | None = None, answers: Sequence[str] | None = None) -> Question:
    """Correct a question (after an import guessed wrong); its answers are re-read.
    `channels` maps an option to the channel it asks for (a code or a name; empty: none);
    new options are read off `answers` (by default the question's own)."""
    question = get_survey(db, survey_of(db, question_id)).question(question_id)
    new = Question(question_id, text if text is not None else question.text, qtype or question.type,
                   list(question.options), question.role)
    cells = answer_cells(db, question_id)
    read = list(cells.values()) if answers is None else list(answers)
    if qtype and qtype != question.type and qtype in ("scale", "yesno"):
        labels = scale_labels(read) if qtype == "scale" else default_options(qtype)
        new.options = [Option(None, label) for label in labels]
    if new.type in ("single", "multiple") and not new.options and not add_options:
        new.options = [Option(None, label) for label in _labels_from(new.type, read)]
    new.options += [Option(None, label.strip()) for label in add_options if label.strip()
                    and text_key(label) not in {text_key(o.label) for o in new.options}]
    for o in new.options:
        if channels and o.label in channels:
            o.channel = parse_channel(channels[o.label]) if channels[o.label] else None
    if new.type == "text":
        new.options = []
    check_question(new)
    with db.atomic():
        db.execute("UPDATE survey_questions SET text = ?, type = ? WHERE id = ?",
                   [" ".join(new.text.split()), new.type, question_id])
        keep = {o.id for o in new.options if o.id is not None}
        db.execute("DELETE FROM survey_options WHERE question_id = ? AND id NOT IN"
                   " (SELECT value FROM json_each(?))", [question_id, json.dumps(sorted(keep))])
        for position, o in enumerate(new.options, start=1):
            if o.id is None:
                o.id = insert(db,
                    "INSERT INTO survey_options(question_id, position, label, channel) VALUES (?, ?, ?, ?)",
                    [question_id, position, o.label, o.channel])
            else:
                db.execute("UPDATE survey_options SET position = ?, channel = ? WHERE id = ?",
                           [position, o.channel, o.id])
        reparse_question(db, new, cells)
        audit.record(db, "edit", "survey_question", question_id, {"type": new.type})
    return new


def _labels_from(qtype: str, cells: list[str]) -> list[str]:
    """Options for a question that had none (free text turned into a choice): read off its answers."""
    if qtype == "multiple":
        return learn_options(cells)[0]
    return list(dict.fromkeys(c.strip() for c in cells if c.strip()))


def answer_cells(db: sqlite_utils.Database, question_id: int) -> dict[int, str]:
    """Each response's answer to a question put back together as a cell (parts joined by "; ")."""
    cells: dict[int, list[str]] = {}
    for rid, label, text in db.execute(
            "SELECT a.response_id, o.label, a.text FROM survey_answers a"
            " LEFT JOIN survey_options o ON o.id = a.option_id WHERE a.question_id = ? ORDER BY a.id",
            [question_id]):
        cells.setdefault(rid, []).append(label if label is not None else text)
    return {rid: "; ".join(p for p in parts if p) for rid, parts in cells.items()}


def reparse_question(db: sqlite_utils.Database, question: Question, cells: dict[int, str]) -> None:
    """Re-read a question's answers (`answer_cells` taken before the change) against it now.

    Nothing is lost: an "other" value becomes an option's answer once the option exists,
    and an answer whose option was removed becomes "other" (or free text).
    """
    index = OptionIndex(question)
    db.execute("DELETE FROM survey_answers WHERE question_id = ?", [question.id])
    answers = []
    for rid, cell in cells.items():
        answers += answer_rows(rid, question.saved_id, index.parse(cell))
    db.conn.executemany(INSERT_ANSWER, answers)


def find_guardian(db: sqlite_utils.Database, text: str) -> int | None:
    """The respondent named on a paper form ('' for nobody): a guardian id, an e-mail, a phone,
    or any part of the name, found as the roster search finds it (it must single one out)."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit() and len(text) < 7:
        row = db.execute("SELECT id FROM guardians WHERE id = ?", [int(text)]).fetchone()
        ids = [int(row[0])] if row else []
    elif "@" not in text and any(c.isalpha() for c in text):
        ids = roster.guardian_ids(db, roster.Filter(text=text))
    else:
        try:
            column, value = ("email", normalize_email(text)) if "@" in text else ("phone", normalize_phone(text))
        except InvalidContact:
            raise OutreachError(t("No guardian found for '{text}' (give a name, id, e-mail or phone, or leave it empty).", text=text)) from None
        ids = [g for (g,) in db.execute(f"SELECT id FROM guardians WHERE {column} = ? ORDER BY id", [value])][:1]
    if not ids:
        raise OutreachError(t("No guardian found for '{text}' (give a name, id, e-mail or phone, or leave it empty).", text=text))
    if len(ids) > 1:
        raise OutreachError(t("{count} guardians match '{text}'; type more of the name, or an id, e-mail or phone.", text=text, count=len(ids)))
    return ids[0]
