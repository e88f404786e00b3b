"""Who answered a form: the columns that name the respondent («Ваше ФИО», «ФИО ребёнка»,
«Класс», «Кем вы приходитесь ребёнку?»), read off the headers and checked against the
answers, and the roster parent a response's names point to.

The names only serve to find the parent: a response keeps the guardian it is matched to and
the class it gives, as before, never the names themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict

import sqlite_utils

from outreach.common.errors import OutreachError
from outreach.common.groups import canonical_group, class_after_name, class_in_text
from outreach.common.i18n import LANGUAGES, N_, t, tn
from outreach.common.names import fold_key, full_name, not_a_name, same_person, split_fio
from outreach.common.typed import key_values
from outreach.roster.importing.cells import take_label
from outreach.roster.importing.columns import IGNORE, ROLE, STUDENT, classify, header_words
from outreach.roster.relations import CODES, normalize_relation
from outreach.store import audit
from outreach.surveys.model import (
    TYPE_WORDS,
    answer_cells,
    mark_superseded,
    question_block_of,
    survey_of,
    text_key,
)

CLASS = "child.class"  # `--map 'Класс=child.class'`: the class of the child the response is about
FIELDS = {
    "respondent.name": N_("the respondent's full name"),
    "respondent.surname": N_("the respondent's surname"),
    "respondent.first_name": N_("the respondent's first name"),
    "respondent.patronymic": N_("the respondent's patronymic"),
    "respondent.relation": N_("who the respondent is to the child"),
    "child.name": N_("the child's full name"),
    "child.surname": N_("the child's surname"),
    "child.first_name": N_("the child's first name"),
    "child.patronymic": N_("the child's patronymic"),
    CLASS: N_("the child's class"),
    "respondent.email": N_("the respondent's e-mail"),
    "respondent.phone": N_("the respondent's phone"),
}
QUESTION = "question"  # `--map 'Header=question'`: the column is a question whatever it looks like
SKIP = "skip"  # `--map 'Header=skip'`: the column is neither a question nor who answered: not imported
WORDS = {"вопрос": QUESTION, "пропустить": SKIP}  # what the Russian help shows for them
# What the teacher can say a column is, in the order the app offers it (the most asked first).
TARGETS = {QUESTION: N_("a question"), "respondent.name": FIELDS["respondent.name"], "child.name": FIELDS["child.name"],
           CLASS: FIELDS[CLASS], "respondent.relation": FIELDS["respondent.relation"],
           "respondent.email": FIELDS["respondent.email"], "respondent.phone": FIELDS["respondent.phone"],
           **{f: label for f, label in FIELDS.items() if f.endswith(("surname", "first_name", "patronymic"))},
           SKIP: N_("skip: not imported")}
CONTACTS = {"respondent.email": "email", "respondent.phone": "phone"}
_PARTS = {"fio": "name", "surname": "surname", "name": "first_name", "patronymic": "patronymic"}
_WORDS = 6  # a longer header is a question («Как зовут классного руководителя вашего ребёнка»)
_NAME_WORDS = 4  # «Иванова-Петрова Анна Сергеевна», not a sentence
_NAME_LENGTH = 60
NOBODY = {"anonymous", "аноним", "анонимно", "нет", "не скажу"}  # a name not given
MATCH_KINDS = ("email", "phone", "name", "child")
MATCH_LABELS = {"email": N_("by e-mail"), "phone": N_("by phone"), "name": N_("by the parent's name"),
                "child": N_("by the child's name")}
_FILLING = ("заполня", "отвеча", "вы", "filling", "answering", "you")  # who fills the form in, is asked
_RELATION_ORDER = {"mother": 0, "father": 1}  # who is said to have answered when nothing tells


class IdentityColumn(TypedDict):
    """A column read as who answered (`survey import --json`: identity_columns)."""

    column: str
    field: str


class IdentityDoubt(TypedDict):
    """A column whose header names the respondent but whose answers do not read so: kept as a
    question, and said."""

    column: str
    field: str
    reason: str


class ParentGuess(TypedDict):
    """A response matched by the child's name to one of the child's parents, nothing in the
    row telling which of them answered."""

    row: int
    child: str
    guardian_id: int
    guardian: str
    parents: int


def header_field(header: str, kind: str) -> str | None:
    """The identity field a header asks for («Ваше ФИО» → respondent.name, «Фамилия, имя
    ребёнка» → child.name, «Класс» → class), or None for a question."""
    key = text_key(header)
    if kind == "msforms" and key in ("name", "имя"):
        return "respondent.name"  # the signed-in account's name Microsoft Forms adds
    words = header_words(header)
    meaning = classify(header)
    if meaning is None or meaning.field == IGNORE or not words or len(words) > _WORDS:
        return None
    if meaning.field == "relation" and meaning.role != STUDENT:
        return "respondent.relation"  # «Кем вы приходитесь ребёнку?» asks it as a question
    if (meaning.field == ROLE or words[0] in ("кто", "who")) and any(word.startswith(_FILLING) for word in words):
        return "respondent.relation"  # «Кто заполняет анкету?», «Who is filling in this form?» (not «Кто забирает ребёнка?»)
    if "?" in header or not any(_names_field(word) for word in words):
        return None  # «Родитель»-like role words alone name nobody in a form; a question is a question
    who = "child" if meaning.role == STUDENT else "respondent"
    if meaning.field == "group" and any(_name_part(word) for word in words):
        return "child.name"  # «ФИО ребёнка, класс»: the child's name, the class after it
    if meaning.field == "group":
        return CLASS
    part = _PARTS.get(meaning.field)
    return f"{who}.{part}" if part else None


def _name_part(word: str) -> bool:
    meaning = classify(word)
    return meaning is not None and not meaning.role and meaning.field in _PARTS


def _names_field(word: str) -> bool:
    meaning = classify(word)
    return meaning is not None and not meaning.role and meaning.field in (*_PARTS, "group")


def cells_doubt(field: str, cells: Iterable[str]) -> str:
    """Why the answers of a column do not read as `field` ('' when most of them do)."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    if not filled:
        return ""
    fits = sum(1 for cell in filled if _fits(field, cell))
    if 2 * fits > len(filled):
        return ""
    if field == CLASS:
        return t("most of its answers are not class names")
    if field == "respondent.relation":
        return t("most of its answers are not mother, father, grandmother…")
    return t("most of its answers do not read as names")


def _fits(field: str, cell: str) -> bool:
    if text_key(cell) in NOBODY:
        return False
    if field == CLASS:
        return bool(class_in_text(cell))
    if field == "respondent.relation":
        return normalize_relation(cell) in CODES
    if field.startswith("child."):
        cell = class_after_name(cell)[0]  # «Волков Глеб, 10А»
    words = cell.split()
    most = _NAME_WORDS if field.endswith(".name") else 2
    return not not_a_name(cell) and len(cell) <= _NAME_LENGTH and 0 < len(words) <= most \
        and any(c.isalpha() for c in cell)


def blank_header(index: int, lang: str | None = None) -> str:
    """What a column with a blank header is called, by its place: «Column 3» («Столбец 3»).
    A question deleted from a Google form leaves one, its earlier answers in it."""
    return t("Column {n}", lang=lang, n=index + 1)


def shown_headers(headers: Sequence[str]) -> list[str]:
    """The file's headers, a blank one by its `blank_header` name."""
    return [header if header.strip() else blank_header(i) for i, header in enumerate(headers)]


def _by_key(headers: Sequence[str]) -> dict[str, int]:
    """Each column's index by its header's key (the first of equal ones); a blank header's by
    its name in every language, unless a header of the file is so named."""
    keys = {text_key(blank_header(i, lang)): i for i, header in enumerate(headers) if not header.strip()
            for lang in LANGUAGES}
    keys.update({text_key(h): i for i, h in reversed(list(enumerate(headers))) if h.strip()})
    return keys


def parse_mapping(items: Sequence[str], headers: Sequence[str]) -> dict[int, str]:
    """`--map 'Header=field'` items → {column index: identity field, QUESTION or SKIP}; a field
    given to two columns is refused. A blank header is named «Column N» («Столбец N»)."""
    known = [*FIELDS, QUESTION, SKIP]

    def bad(item: str) -> OutreachError:
        return OutreachError(t("--map {item}: use 'Header=field' with a field from: {fields}.",
                               item=item, fields=", ".join(known)))

    by_key = _by_key(headers)
    shown = shown_headers(headers)
    result: dict[int, str] = {}
    for header, target in key_values(items, bad):
        target = target.strip().lower()
        target = WORDS.get(target, target)
        if target not in known:
            raise bad(f"{header}={target}")
        index = by_key.get(text_key(header))
        if index is None:
            raise OutreachError(t("--map {header}: the file has no such column; its columns: {headers}.",
                                  header=header, headers=", ".join(shown)))
        twice = next((shown[i] for i, field in result.items() if field == target and target in FIELDS), None)
        if twice is not None and twice != shown[index]:
            raise OutreachError(t("--map {header}={field}: the column «{other}» already gives it; one column a field.",
                                  header=header, field=target, other=twice))
        result[index] = target
    return result


def field_label(field: str) -> str:
    return t(FIELDS[field])


def target_label(target: str) -> str:
    """What a column is read as, in words («ФИО отвечающего», «вопрос», «пропустить»)."""
    return t(TARGETS[target])


# --- matching ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    """A name as a row gives it, folded for matching; parts may be missing or initials."""

    surname: str
    first: str
    patronymic: str

    @property
    def given(self) -> bool:
        return bool(self.surname)

    def fits(self, surname: str, first: str, patronymic: str) -> bool:
        """The same surname; the first name and patronymic may be said less or more fully
        (`same_person`, as the roster's import reads)."""
        return same_person((self.surname, self.first, self.patronymic), (surname, first, patronymic))


def fitting(field: str, cell: str) -> str:
    """The cell as a row's `field`, or '' when it does not read so («anonymous»)."""
    return cell.strip() if _fits(field, cell.strip()) else ""


def person(cells: dict[str, str], who: str) -> Person:
    """The person `who` («respondent», «child») a row names, by its whole-name column or its
    surname / first name / patronymic columns."""
    whole = cells.get(f"{who}.name", "")
    if who == "child":
        whole = class_after_name(whole)[0]
    else:  # «Волков Андрей (папа)»; «мама» alone names nobody
        whole = take_label(whole)[0]
    if whole.strip():
        surname, first, patronymic = split_fio(_spaced_initials(whole))
    else:
        surname, first, patronymic = (cells.get(f"{who}.{part}", "") for part in ("surname", "first_name", "patronymic"))
    return Person(*(fold_key(part) for part in (surname, first, patronymic)))


def said_relation(cells: dict[str, str]) -> str:
    """Who the respondent is to the child: the relation column's answer, else what the name
    field says of it («Волков Андрей (папа)», «мама» typed for a name); '' when nothing does."""
    relation = normalize_relation(cells.get("respondent.relation", ""))
    return relation if relation in CODES else take_label(cells.get("respondent.name", ""))[1]


def _spaced_initials(text: str) -> str:
    """«Гусева Е.И.» → «Гусева Е. И.»: the initials as two parts."""
    return text.replace(".", ". ").strip()


@dataclass
class Found:
    """What a row's names point to: the guardian, how, and what the teacher is told."""

    guardian_id: int | None = None
    kind: str = ""
    doubt: str = ""
    guess: ParentGuess | None = None


class Roster:
    """The roster's names, read once for an import: guardians and students by surname, each
    student's parents with who they are to them."""

    def __init__(self, db: sqlite_utils.Database):
        self.guardians: dict[str, list[tuple[int, str, str]]] = {}
        self.names: dict[int, str] = {}
        for gid, surname, name, patronymic in db.execute("SELECT id, surname, name, patronymic FROM guardians ORDER BY id"):
            self.guardians.setdefault(fold_key(surname), []).append((gid, fold_key(name), fold_key(patronymic)))
            self.names[gid] = full_name(surname, name, patronymic)
        self.students: dict[str, list[tuple[int, str, str, str]]] = {}
        self.student_names: dict[int, str] = {}
        for sid, surname, name, patronymic, group in db.execute(
                "SELECT s.id, s.surname, s.name, s.patronymic, coalesce(g.name, '') FROM students s"
                " LEFT JOIN groups g ON g.id = s.group_id ORDER BY s.id"):
            self.students.setdefault(fold_key(surname), []).append((sid, fold_key(name), fold_key(patronymic), group))
            named = full_name(surname, name, patronymic)
            self.student_names[sid] = f"{named} ({group})" if group else named
        self.parents: dict[int, list[tuple[int, str]]] = {}
        for sid, gid, relation in db.execute("SELECT student_id, guardian_id, relation FROM student_guardians"
                                             " ORDER BY student_id, guardian_id"):
            self.parents.setdefault(sid, []).append((gid, relation))

    def guardians_named(self, who: Person) -> list[int]:
        return [gid for gid, first, patronymic in self.guardians.get(who.surname, [])
                if who.fits(who.surname, first, patronymic)]

    def children_named(self, who: Person, group: str) -> list[int]:
        return [sid for sid, first, patronymic, klass in self.students.get(who.surname, [])
                if who.fits(who.surname, first, patronymic) and (not group or klass == group)]

    def find(self, row: int, cells: dict[str, str]) -> Found:
        """The guardian a row's names point to: the parent named (among the child's parents
        when the child is named too), else the child's one parent, or the one the relation
        given tells, or else the first of them, said as a guess. The two names typed each in
        the other's field («ФИО ребёнка: Волкова Ирина», «Ваше ФИО: Волков Глеб») are read
        so when only that way they name a parent and her child."""
        found = self._find(row, cells)
        if found.guardian_id is None and cells.get("respondent.name") and cells.get("child.name"):
            swapped = {**cells, "respondent.name": cells["child.name"], "child.name": cells["respondent.name"]}
            other = self._find(row, swapped)
            if other.kind == "name":
                return other
        return found

    def _find(self, row: int, cells: dict[str, str]) -> Found:
        parent, child = person(cells, "respondent"), person(cells, "child")
        group = canonical_group(cells.get(CLASS, "")) or class_after_name(cells.get("child.name", ""))[1]
        children = self.children_named(child, group) if child.given else []
        family = [gid for sid in children for gid, _ in self.parents.get(sid, [])]
        if parent.given:
            named = self.guardians_named(parent)
            among = [gid for gid in named if gid in family] or named
            if len(among) == 1:
                return Found(among[0], "name")
            if len(among) > 1 and not children:
                return Found(doubt=tn("{n} guardian is named so (no. {ids})", "{n} guardians are named so (nos. {ids})",
                                      len(among), ids=", ".join(map(str, among))))
        if parent.given and children:
            return Found(doubt=t("no parent of the child named is called so in the roster"))
        if len(children) > 1:
            return Found(doubt=tn("{n} child is named so (no. {ids})", "{n} children are named so (nos. {ids})",
                                  len(children), ids=", ".join(map(str, children))))
        return self._by_child(row, children[0], cells) if children else Found()

    def _by_child(self, row: int, child: int, cells: dict[str, str]) -> Found:
        parents = self.parents.get(child, [])
        relation = said_relation(cells)
        told = [gid for gid, rel in parents if relation and rel == relation]
        if len(told) == 1 or len(parents) == 1:
            return Found((told or [parents[0][0]])[0], "child")
        if not parents:
            return Found()
        first = min(parents, key=lambda p: (_RELATION_ORDER.get(p[1], len(_RELATION_ORDER)), p[0]))[0]
        return Found(first, "child", guess=ParentGuess(row=row, child=self.student_names[child], guardian_id=first,
                                                       guardian=self.names[first], parents=len(parents)))


def count_ways(kinds: Iterable[str]) -> dict[str, int]:
    """{how: responses} in MATCH_KINDS order, only the ways that matched some."""
    counts = Counter(kinds)
    return {kind: counts[kind] for kind in MATCH_KINDS if counts[kind]}


def matched_by_line(counts: dict[str, int]) -> str:
    """«Matched by the parent's name: 3, by the child's name: 2.» ('' for none)."""
    if not counts:
        return ""
    return t("Matched {ways}.", ways=", ".join(f"{t(MATCH_LABELS[k])}: {n}" for k, n in counts.items()))


def guess_line(guess: ParentGuess) -> str:
    return tn("Row {row}: {child} has {n} parent in the roster and nothing in the row tells which one answered; the response is given to {guardian} (no. {guardian_id}).",
              "Row {row}: {child} has {n} parents in the roster and nothing in the row tells which one answered; the response is given to {guardian} (no. {guardian_id}).",
              guess["parents"], row=guess["row"], child=guess["child"], guardian=guess["guardian"],
              guardian_id=guess["guardian_id"])


# --- a question that says who answered (surveys imported before the names were read) ----------

WHO_FIELDS = [f for f in FIELDS if f not in CONTACTS]  # what `survey question --type` also takes


class Reidentified(TypedDict):
    """What `answered_by` did (`survey question ID --type FIELD --json`)."""

    question: int
    field: str
    answers_removed: int
    matched: int
    matched_by: dict[str, int]


def parse_type(typed: str) -> str:
    """`survey question --type`: a question type, or a field saying the column is who answered."""
    return typed.strip().lower() if typed.strip().lower() in WHO_FIELDS else TYPE_WORDS.parse(typed)


def answered_by(db: sqlite_utils.Database, question_id: int, field: str) -> Reidentified:
    """The question is in fact who answered (`field`): it is removed with its answers, and the
    survey's responses without a guardian are matched by its cells (a class cell: the class
    the respondent gave); in one write."""
    if field not in WHO_FIELDS:
        raise OutreachError(t("'{field}' does not say who answered; use one of: {fields}.", field=field,
                              fields=", ".join(WHO_FIELDS)))
    survey_id = survey_of(db, question_id)
    if len(question_block_of(db, question_id)[1]) > 1:
        raise OutreachError(t("Question {id} is a row of a grid: a grid's row is a question.", id=question_id))
    cells = answer_cells(db, question_id)
    roster = Roster(db)
    found: dict[int, Found] = {}
    with db.atomic():
        for rid, guardian in db.execute("SELECT id, guardian_id FROM survey_responses WHERE survey_id = ?"
                                        " ORDER BY id", [survey_id]).fetchall():
            cell = fitting(field, cells.get(rid, ""))
            if field == CLASS and cell:
                db.execute("UPDATE survey_responses SET given_class = coalesce(given_class, ?) WHERE id = ?",
                           [class_in_text(cell), rid])
            elif guardian is None and cell:
                found[rid] = roster.find(rid, {field: cell})
                if found[rid].guardian_id is not None:
                    db.execute("UPDATE survey_responses SET guardian_id = ? WHERE id = ?", [found[rid].guardian_id, rid])
        removed = int(db.execute("SELECT count(*) FROM survey_answers WHERE question_id = ?", [question_id]).fetchone()[0])
        db.execute("DELETE FROM survey_questions WHERE id = ?", [question_id])
        mark_superseded(db, survey_id)
        matched = [f.kind for f in found.values() if f.guardian_id is not None]
        audit.record(db, "remove", "survey_question", question_id, {"who_answered": field, "matched": len(matched)})
    return Reidentified(question=question_id, field=field, answers_removed=removed, matched=len(matched),
                        matched_by=count_ways(matched))
