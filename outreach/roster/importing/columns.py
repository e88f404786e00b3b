"""Reading roster headers by meaning: whose column it is (a role and a slot), and what it holds.

A header is normalised into words; each word is a role (ученик, мама, Parent…), a field
(телефон, e-mail, класс…), a slot number, a column we do not keep on purpose (№, дата
рождения, СНИЛС…), or filler. A role alone is that person's full name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from outreach.common.errors import OutreachError
from outreach.common.i18n import LANGUAGES, t
from outreach.common.typed import key_values
from outreach.roster.export import HEADER_NAMES, ROSTER_HEADERS

STUDENT, GUARDIAN = "student", "guardian"
NAME_FIELDS = ("fio", "surname", "name", "patronymic")
CONTACT_COLUMNS = ("phone", "email", "telegram", "vk", "max", "contacts")
GUARDIAN_FIELDS = ("phone", "email", "telegram", "vk", "max", "relation", "consent", "contacts")
GROUP_FIELDS = ("group", "grade", "letter")
STATUS = "status"  # whether the student still studies here («Статус», «Дата выбытия»): who left is not imported
ROLE = "role"  # who the row's person is («Роль», «Кто»: ученик, мама, папа), in a list of people
IGNORE = "ignore"
MAPPABLE = (
    [f"student.{f}" for f in NAME_FIELDS]
    + ["group", STATUS, ROLE]
    + [f"guardian.{f}" for f in NAME_FIELDS + GUARDIAN_FIELDS]
)
RELATION_SLOTS = ("mother", "father", "grandmother", "grandfather")
_NUMBERED_SLOTS = 2  # parent1/parent2, child1/child2 offered in lists; --map takes any N


@dataclass(frozen=True)
class Column:
    """What one column holds: `role.field` (or a class field) and whose it is.

    `slot` tells people of one role apart: a guardian's «mother», «father», «1», «2»…, a
    child's «1», «2»… (a child's class column carries the child's slot).
    """

    field: str
    slot: str = ""
    relation: str = ""


@dataclass(frozen=True)
class Meaning:
    """What a header says on its own, before the file as a whole is considered."""

    role: str
    field: str
    slot: str = ""
    relation: str = ""
    work: bool = False  # a work phone or e-mail, a WhatsApp number («Телефон (рабочий)», «WhatsApp»): an adult's, never a child's


@dataclass
class HeaderReading:
    """The columns a file's header maps to, and those it leaves out (by header order)."""

    columns: dict[int, Column]
    ignored: list[str]
    unknown: list[str]
    left_out: list[str]
    consent_day: str = ""  # a form's time of answering beside a consent column: it dates the «да»


# --- words ---------------------------------------------------------------------------------

_STUDENT_STEMS = ("учени", "учащ", "обучающ", "воспитанн", "ребен", "дет", "школьни", "студент")
_STUDENT_WORDS = {"child", "childs", "children", "student", "students", "pupil", "pupils", "kid",
                  "kids", "learner"}
_GUARDIAN_STEMS = ("родител", "законн", "представител", "заявител", "попечител")
_GUARDIAN_WORDS = {"parent", "parents", "guardian", "guardians", "applicant", "caregiver",
                   "лицо", "лица"}  # «Контактное лицо», «Доверенное лицо»: the adult to contact
_RELATION_WORDS = {
    "mother": {"мать", "матери", "мама", "мамы", "маме", "мамин", "мамина", "mother", "mom", "mum",
               "mothers", "moms"},
    "father": {"отец", "отца", "папа", "папы", "папе", "папин", "father", "dad", "fathers", "dads"},
    "grandmother": {"бабушка", "бабушки", "grandmother", "grandma"},
    "grandfather": {"дедушка", "дедушки", "grandfather", "grandpa"},
    "guardian": {"опекун", "опекуна", "опекуны"},
}
_RELATION_BY_WORD = {word: code for code, words in _RELATION_WORDS.items() for word in words}

# Field words by stem (Russian) or whole word (English); the first listed field wins when a
# header has several (a «Контактный телефон» is a phone).
_FIELD_STEMS: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...] = (
    ("phone", ("телеф", "моб", "сотов", "whatsapp", "viber"),
     frozenset({"тел", "phone", "phones", "telephone", "mobile", "cell", "tel", "cellphone", "вотсап", "вотсапп",
                "ватсап", "ватсапп", "вацап", "ватцап", "вайбер", "вибер"})),
    ("email", ("почт", "электрон"), frozenset({"email", "emails", "mail", "эл", "емейл", "имейл",
                                              "емэйл"})),
    ("telegram", ("телеграм",), frozenset({"telegram", "tg", "тг"})),
    ("vk", ("вконтакт",), frozenset({"вк", "vk", "vkontakte"})),
    ("max", (), frozenset({"max", "макс"})),
    ("consent", ("соглас",), frozenset({"consent"})),
    ("relation", ("приход", "родств"), frozenset({"relation", "relationship", "кем"})),
    ("contacts", ("контакт",), frozenset({"contacts", "contact"})),
    ("group", ("класс", "групп"), frozenset({"homeroom", "class", "group", "form", "klass"})),
    ("grade", ("параллел",), frozenset({"grade"})),
    ("letter", ("литер", "букв"), frozenset({"letter"})),
    (STATUS, ("статус", "выбы", "отчисл"), frozenset({"status", "withdrawn", "withdrawal"})),
    (ROLE, ("роль",), frozenset({"role", "кто", "who"})),
    ("fio", ("фио",), frozenset({"fullname"})),
    ("surname", ("фамил",), frozenset({"surname", "last", "lastname", "family"})),
    ("name", ("имя", "имен"), frozenset({"first", "firstname", "given", "forename"})),
    ("patronymic", ("отчеств",), frozenset({"patronymic", "middle", "middlename"})),
)
_ENGLISH_NAME = "name"  # «Name» alone is a full name; beside first/last it is filler

# Columns a roster does not need: outreach keeps no data it does not use. Strong stems mark a
# column as not imported whatever else the header says («Классный руководитель»); weak ones
# only when no field was recognised («Дата» is no field, «Дата согласия» is consent).
_STRONG_SKIP = ("рожд", "birth", "dob", "снилс", "snils", "руководител", "пользовател", "паспорт",
                "passport", "свидетельств", "прожив", "регистрац", "residen", "medical", "мед",
                "health", "здоров", "аллерг", "allerg", "gpa", "инн", "полис", "омс", "гражданств",
                "citizenship", "работ", "employer", "occupation", "должност", "teacher", "учител",
                "социальн", "social")
_WEAK_SKIP = ("дат", "date", "gender", "примечан", "note", "comment", "коммент", "адрес",
              "address", "school", "школ", "номер", "number", "возраст", "оценк", "балл", "score",
              "льгот", "program", "программ", "зачислен", "enroll", "язык", "language", "фото",
              "photo", "подпис", "signature", "логин", "login", "пароль", "password", "username")
_WEAK_SKIP_WORDS = {"пол", "sex", "id", "age", "user", "пп", "n", "nr", "no", "итого", "count"}
_FULL = {"full", "полное", "полностью"}
_FILLER = {"of", "the", "and", "и", "для", "связи", "основной", "основная", "primary", "home",
           "домашний", "контактный", "контактная", "данные", "info", "information", "level",
           "year", "уровень", "обучения", "a", "на", "по", "с", "его", "её", "ее", "or", "или"}
# Words that only say which person «лицо» is: «Контактное лицо» is a name, not a contacts column.
_PERSON_WORDS = {"контактное", "контактного", "доверенное", "доверенного", "ответственное", "ответственного"}
# What kind of a person's contacts a column or a note says they are: a stem, whole words.
MESSENGERS = ("whatsapp", "viber")  # a phone column of a messenger: the number has an account there
_CONTACT_KINDS = (("work", "рабоч", frozenset({"раб", "work", "office", "business"})),
                  ("whatsapp", "whatsapp", frozenset({"вотсап", "вотсапп", "ватсап", "ватсапп", "вацап", "ватцап"})),
                  ("viber", "viber", frozenset({"вайбер", "вибер"})),
                  ("home", "домашн", frozenset({"дом", "home"})))
_DATE_STEMS = ("дат", "date")  # a date is never a name: «LAST_SENT_DATE» is no surname
_COMPOUNDS = {("home", "room"): "homeroom", ("whats", "app"): "whatsapp"}  # «Home_Room», «Home Room»: one word split in two
_SKIP_MARKS = ("№", "#")
_ORDINALS = {"перв": "1", "втор": "2", "трет": "3"}  # «ФИО второго родителя»

_CAMEL = re.compile(r"(?<=[a-zа-яё])(?=[A-ZА-ЯЁ])")
_POSSESSIVE = re.compile(r"['’`]s\b")
_EMAIL_WORD = re.compile(r"\be[\s_\-.]?mail", re.IGNORECASE)
_DIGIT_EDGE = re.compile(r"(?<=\D)(?=\d)|(?<=\d)(?=\D)")
_NON_WORD = re.compile(r"[\W_]+")


def contact_kind(text: str) -> str:
    """What kind of contacts a header or a note says: 'work' («Рабочий телефон», «Guardian 1 Work
    Phone», «(раб.)»), 'home' («Домашний телефон», «Home Phone», «дом.»), else ''."""
    return _kind_of_words(header_words(text))


def _kind_of_words(words: list[str]) -> str:
    return next((kind for kind, stem, names in _CONTACT_KINDS
                 if any(word in names or word.startswith(stem) for word in words)), "")


def relation_of_word(word: str) -> str:
    """«мама», «папы», «mother» → 'mother' (a lower-case word, ё as е); '' for other words."""
    return _RELATION_BY_WORD.get(word, "")


def relation_words() -> list[str]:
    """Every word that names a relation («мама», «папы», «mother»…), lower-case, ё as е."""
    return list(_RELATION_BY_WORD)


def header_words(header: str) -> list[str]:
    """«Mother'sFirst_Name 2», «Адрес эл. почты» → lower-case words (ё→е, initials joined)."""
    text = _EMAIL_WORD.sub(" email ", _CAMEL.sub(" ", header))
    text = _POSSESSIVE.sub("", text.lower().replace("ё", "е"))
    words = _NON_WORD.sub(" ", _DIGIT_EDGE.sub(" ", text)).split()
    return _join_compounds(_join_letters(words))


def _join_compounds(words: list[str]) -> list[str]:
    joined: list[str] = []
    for word in words:
        compound = _COMPOUNDS.get((joined[-1], word)) if joined else None
        if compound:
            joined[-1] = compound
        else:
            joined.append(word)
    return joined


def _join_letters(words: list[str]) -> list[str]:
    """«ф и о» (from «Ф.И.О.») → «фио»: a run of single letters is one word."""
    joined: list[str] = []
    run = ""
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            joined.append(run)
            run = ""
        if word:
            joined.append(word)
    return joined


def normalize_header(header: str) -> str:
    return " ".join(header_words(header))


def _stem_match(word: str, stems: tuple[str, ...]) -> bool:
    return any(word.startswith(stem) for stem in stems)


def _field_of(word: str) -> str:
    for field, stems, words in _FIELD_STEMS:
        if word in words or _stem_match(word, stems):
            return field
    return ""


def classify(header: str) -> Meaning | None:
    """What a header means on its own: a Meaning, or a Meaning with field IGNORE for a column
    not kept on purpose, or None when nothing in it reads as a roster column. In a question
    (a form's: «Какая форма родительских собраний вам удобнее?», «… подходят? [через
    ребёнка]») a role word names nobody: it is no name column."""
    question = "?" in header
    words = header_words(header)
    if " ".join(words) in _FORM_META | _FORM_MARKS:  # when a form's answer was sent: not kept
        return Meaning("", IGNORE)
    if not words:
        return Meaning("", IGNORE) if header.strip().startswith(_SKIP_MARKS) else None
    student = guardian = False
    slot = relation = ""
    fields: list[str] = []
    strong = weak = plain_name = full = dated = False
    for word in words:
        dated = dated or _stem_match(word, _DATE_STEMS)
        if question and (word in _RELATION_BY_WORD or word in _STUDENT_WORDS or word in _GUARDIAN_WORDS
                         or _stem_match(word, _STUDENT_STEMS + _GUARDIAN_STEMS)):
            continue
        if word in _RELATION_BY_WORD:
            guardian, relation = True, _RELATION_BY_WORD[word]
        elif word in _STUDENT_WORDS or _stem_match(word, _STUDENT_STEMS):
            student = True
        elif word in _GUARDIAN_WORDS or _stem_match(word, _GUARDIAN_STEMS):
            guardian = True
        elif word.isascii() and word.isdigit() and len(word) <= 2:
            slot = str(int(word)) if int(word) else slot
        elif _ordinal(word):
            slot = _ordinal(word)
        elif word in (_ENGLISH_NAME, "names") or word in _FULL:
            plain_name = True
            full = full or word in _FULL
        elif _stem_match(word, _STRONG_SKIP):
            strong = True
        elif word in _PERSON_WORDS:
            continue
        elif field := _field_of(word):
            fields.append(field)
        elif word in _FILLER:
            continue
        elif _stem_match(word, _WEAK_SKIP) or word in _WEAK_SKIP_WORDS or _glued_id(word):
            weak = True
    if strong:
        return Meaning("", IGNORE)
    field = _pick_field(fields, plain_name)
    if full and field == "name":
        field = "fio"  # «Полное имя», «Full name»
    if dated and field in NAME_FIELDS:
        return Meaning("", IGNORE)
    role = GUARDIAN if guardian else STUDENT if student else ""
    if not field and weak:
        return Meaning("", IGNORE)
    if not field and not role:
        return None
    field = field or "fio"  # a role alone: that person's full name
    if role == STUDENT and field in GUARDIAN_FIELDS or role == GUARDIAN and field == STATUS:
        return Meaning("", IGNORE)  # the student's own phone is no parent's; a parent's «status» is no departure
    if relation:
        slot = relation
    return Meaning(role, field, slot if role else "", relation, _kind_of_words(words) in ("work", *MESSENGERS))


_OTHER_ROLES = ("учител", "педагог", "руководител", "администр", "сотрудник", "воспитател", "teacher",
                "admin", "staff")
_CHILD_WORDS = {"сын", "сына", "дочь", "дочка", "son", "daughter"}


def role_of(cell: str) -> str:
    """Who a role cell says the row's person is: STUDENT («ученик», «ребёнок», «сын»),
    GUARDIAN (a parent: «мама», «Родитель», «опекун», anything else said), IGNORE (a
    teacher or other staff: nobody the roster keeps), or '' for a blank cell."""
    words = header_words(cell)
    if not words:
        return ""
    if any(w in _STUDENT_WORDS or w in _CHILD_WORDS or _stem_match(w, _STUDENT_STEMS) for w in words):
        return STUDENT
    if any(_stem_match(w, _OTHER_ROLES) for w in words):
        return IGNORE
    return GUARDIAN


def own_names(headers: Sequence[str], columns: dict[int, Column]) -> list[int]:
    """The name columns that name no role («ФИО», «Фамилия»): in a list of people with a role
    column they hold the row's own person, a student or a parent by the role."""
    return [i for i, c in columns.items() if c.field.rpartition(".")[2] in NAME_FIELDS and not c.slot
            and (meaning := classify(headers[i])) is not None and not meaning.role]


def role_column(headers: Sequence[str], columns: dict[int, Column]) -> int | None:
    """The column saying who each row's person is: «Роль», «Кто», else a relation column of
    no one's («Кем приходится»: «ученик» on a child's row), when own name columns exist and
    no column names a parent by role («Законный представитель»: then the own names are the
    child's and the relation is that parent's)."""
    parents_named = any(c.field.rpartition(".")[2] in NAME_FIELDS and (meaning := classify(headers[i])) is not None
                        and meaning.role == GUARDIAN for i, c in columns.items())
    if parents_named or not own_names(headers, columns):
        return None
    roles = [i for i, c in columns.items() if c.field == ROLE]
    relations = [i for i, c in columns.items() if c.field == f"{GUARDIAN}.relation" and not c.slot
                 and (meaning := classify(headers[i])) is not None and not meaning.role]
    return next(iter(roles or relations), None)


def _glued_id(word: str) -> bool:
    """«GUARDIANID», «STUDENTID» (a SIS's capitals, no camel case to part them): a record number."""
    who = word[:-2]
    return word.endswith("id") and (who in _STUDENT_WORDS or who in _GUARDIAN_WORDS)


def _ordinal(word: str) -> str:
    return next((number for stem, number in _ORDINALS.items() if word.startswith(stem)), "")


def _pick_field(fields: list[str], plain_name: bool) -> str:
    names = [f for f in fields if f in NAME_FIELDS]
    others = [f for f, _, _ in _FIELD_STEMS if f in fields and f not in NAME_FIELDS]
    if others:
        return others[0]
    if len(set(names)) > 1:
        return "fio"  # «Фамилия, имя, отчество»
    if names:
        return names[0]
    return "fio" if plain_name else ""


def header_score(cells: Sequence[str]) -> int:
    """How many cells of a row read as roster headers (for finding the header row).

    Values never count: e-mail addresses, numbers and long text are data, not headers.
    """
    return sum(1 for cell in cells if _looks_like_header(cell)
               and (classify(cell) is not None or "?" in cell))  # a form's question heads its column


def _looks_like_header(cell: str) -> bool:
    text = cell.strip()
    digits = sum(c.isdigit() for c in text)
    return bool(text) and "@" not in text and len(text) <= 60 and digits * 2 < len(text)


# The first columns of a form's answers as Google, Yandex, Microsoft Forms and LimeSurvey
# export them (normalised): such a file is a survey's, loaded in Surveys.
_FORM_MARKS = {"отметка времени", "timestamp", "время создания", "completion time", "время завершения",
               "date submitted", "submitdate", "response id"}
# LimeSurvey's columns about the answering session, not the person («Last page» is no surname).
_FORM_META = {"last page", "lastpage", "start language", "startlanguage", "seed", "date started",
              "date last action", "ip address", "referrer url"}
_QUESTIONS = 2  # question headers («…?») that make a file without names read as a survey


def is_form_time(header: str) -> bool:
    """Whether a column is a form's time of answering («Отметка времени», «Timestamp»): a
    roster collected by a form has one, and a «да» to consent was given at that time."""
    return normalize_header(header) in _FORM_MARKS - {"response id"}


def survey_mark(headers: list[str], above: Sequence[Sequence[str]] = ()) -> str:
    """The header that shows a file is a form's answers (a survey), not a class list: a
    form's timestamp column (in the header, or in a row `above` it taken for a title, as a
    LimeSurvey export's codes are), else its first question when it asks two or more; ''."""
    cells = [*headers, *(cell for row in above for cell in row)]
    mark = next((h for h in cells if normalize_header(h) in _FORM_MARKS), "")
    questions = [h for h in headers if "?" in h]
    return mark or (questions[0] if len(questions) >= _QUESTIONS else "")


def is_roster_export(headers: list[str]) -> bool:
    """outreach's own roster export (in any language) states every pair in full: a blank
    student there is a parent with no child, never a merged cell."""
    stripped = [h.strip() for h in headers]
    return any(stripped == [t(HEADER_NAMES[h], lang=lang) for h in ROSTER_HEADERS] for lang in LANGUAGES)


# --- --map targets -------------------------------------------------------------------------

_TARGET = re.compile(r"(?P<who>[a-z]+?)(?P<number>\d*)\.(?P<field>[a-z]+)")


def mappable_meanings() -> list[str]:
    """Every `--map` target, in the order a list offers them (slots included)."""
    people = [STUDENT, *(f"child{n}" for n in range(1, _NUMBERED_SLOTS + 1))]
    parents = [GUARDIAN, *RELATION_SLOTS[:2], *(f"parent{n}" for n in range(1, _NUMBERED_SLOTS + 1))]
    return ([f"{who}.{f}" for who in people for f in NAME_FIELDS] + ["group", STATUS, ROLE]
            + [f"{who}.{f}" for who in parents for f in NAME_FIELDS + GUARDIAN_FIELDS] + [IGNORE])


def parse_target(target: str) -> Column | None:
    """`mother.phone` → Column('guardian.phone', 'mother', 'mother'); None when not a target."""
    target = target.strip().lower()
    if target in ("group", STATUS, ROLE, IGNORE):
        return Column(target)
    match = _TARGET.fullmatch(target)
    if not match:
        return None
    who, number, field = match["who"], match["number"].lstrip("0"), match["field"]
    if who in (STUDENT, "child") and (number or who == STUDENT) and field in NAME_FIELDS + ("group",):
        return Column(field if field == "group" else f"student.{field}", number)
    if field not in NAME_FIELDS + GUARDIAN_FIELDS:
        return None
    if who in (GUARDIAN, "parent") and (number or who == GUARDIAN):
        return Column(f"guardian.{field}", number)
    if who in RELATION_SLOTS and not number:
        return Column(f"guardian.{field}", who, who)
    return None


def target_of(column: Column) -> str:
    """The `--map` target that names `column` (the inverse of `parse_target`)."""
    role, _, field = column.field.rpartition(".")
    if not column.slot:
        return column.field
    if role == GUARDIAN:
        return f"{column.slot}.{field}" if column.slot in RELATION_SLOTS else f"parent{column.slot}.{field}"
    return f"child{column.slot}.{field}"


def _parse_map(overrides: list[str]) -> dict[str, Column]:
    def bad(item: str) -> OutreachError:
        fields = ", ".join([*MAPPABLE, "mother.FIELD", "father.FIELD", "parentN.FIELD", "childN.FIELD"])
        return OutreachError(t("--map {item}: use 'Header=field' with a field from: {fields}, or 'ignore'.", item=item, fields=fields))

    result = {}
    for header, target in key_values(overrides, bad):
        column = parse_target(target)
        if column is None:
            raise bad(f"{header}={target}")
        result[normalize_header(header)] = column
    return result


# --- the whole header ------------------------------------------------------------------------

def read_header(headers: list[str], overrides: list[str] | None = None) -> HeaderReading:
    """Assign each header a Column, given what the other headers say."""
    forced = _parse_map(overrides or [])
    found: dict[int, Meaning] = {}
    fixed: dict[int, Column] = {}
    ignored: list[int] = []
    unknown: list[int] = []
    for index, header in enumerate(headers):
        column = forced.get(normalize_header(header))
        if column is not None:
            if column.field == IGNORE:
                ignored.append(index)
            else:
                fixed[index] = column
            continue
        meaning = classify(header)
        if meaning is None:
            if header.strip():
                unknown.append(index)
        elif meaning.field == IGNORE:
            ignored.append(index)
        else:
            found[index] = meaning
    columns = _place(found, ignored)
    columns.update(fixed)
    _check_duplicates(headers, columns)
    dating = [i for i in ignored if is_form_time(headers[i])] \
        if any(c.field.endswith(".consent") for c in columns.values()) else []
    ignored = [i for i in ignored if i not in dating[:1]]
    return HeaderReading(
        columns=dict(sorted(columns.items())),
        ignored=[headers[i] for i in sorted(ignored)],
        unknown=[headers[i] for i in unknown],
        left_out=[headers[i] for i in sorted(ignored + unknown)],
        consent_day=headers[dating[0]] if dating else "",
    )


def _place(found: dict[int, Meaning], ignored: list[int]) -> dict[int, Column]:
    """Whose each column is: plain names and contacts are given to a person by the others."""
    student_named = any(m.role == STUDENT for m in found.values())
    guardian_named = {m.slot for m in found.values() if m.role == GUARDIAN and m.field in NAME_FIELDS}
    has_group = any(m.field in GROUP_FIELDS for m in found.values())
    has_contacts = any(m.field in CONTACT_COLUMNS for m in found.values())
    # Plain name columns belong to the guardian beside student names, and in a parents'
    # contact list (contacts, no class column, no other names); else they name the student.
    plain_is_guardian = student_named or (has_contacts and not (guardian_named or has_group))
    if plain_is_guardian and any(not m.role and m.field in NAME_FIELDS for m in found.values()):
        guardian_named.add("")
    slot_fields = {(m.slot, m.field) for m in found.values() if m.role == GUARDIAN}
    columns: dict[int, Column] = {}
    for index, meaning in found.items():
        role, field, slot = meaning.role, meaning.field, meaning.slot
        if field in GROUP_FIELDS:
            columns[index] = Column(field, slot if role == STUDENT else "")
        elif field in (STATUS, ROLE):
            columns[index] = Column(field)  # the row's: whether its student left, who its person is
        elif field in NAME_FIELDS and (role == STUDENT or (not role and not plain_is_guardian)):
            columns[index] = Column(f"{STUDENT}.{field}", slot if role else "")
        elif role:
            columns[index] = Column(f"{GUARDIAN}.{field}", slot, meaning.relation)
        elif field in NAME_FIELDS:
            columns[index] = Column(f"{GUARDIAN}.{field}")
        else:
            owner = _owner(field, guardian_named, slot_fields, student_named, meaning.work)
            if owner is None:
                ignored.append(index)  # beside every parent's own column: the student's
            else:
                columns[index] = Column(f"{GUARDIAN}.{field}", owner,
                                        owner if owner in RELATION_SLOTS else "")
    return _settle_groups(columns, ignored)


def _owner(field: str, named: set[str], slot_fields: set[tuple[str, str]], student_named: bool,
           work: bool) -> str | None:
    """The slot a contact column without a role belongs to (None: nobody's, not imported).
    Beside every parent's own such column it is the student's, unless it is a work one: then
    the one parent's, and nobody's when two are named (whose work it is cannot be known)."""
    if "" in named:
        return ""
    lacking = [slot for slot in sorted(named) if (slot, field) not in slot_fields]
    if len(named) == 1 and (lacking or work):
        return next(iter(named))
    if named and not lacking and student_named and field in CONTACT_COLUMNS:
        return None
    return ""


def _settle_groups(columns: dict[int, Column], ignored: list[int]) -> dict[int, Column]:
    """«Класс» (or «Homeroom») beats «Grade»/«Литера» of the same child: those are not kept."""
    classes = {c.slot for c in columns.values() if c.field == "group"}
    for index, column in list(columns.items()):
        if column.field in ("grade", "letter") and column.slot in classes:
            del columns[index]
            ignored.append(index)
    return columns


def _check_duplicates(headers: list[str], columns: dict[int, Column]) -> None:
    """Two columns may hold a person's phones or e-mails, or their consent and its date
    («Согласие» | «Дата согласия», read as one cell); never two of their names."""
    seen: dict[tuple[str, str], int] = {}
    for index, column in columns.items():
        key = (column.field, column.slot)
        if key in seen and column.field.split(".")[-1] not in (*CONTACT_COLUMNS, "consent"):
            raise OutreachError(t("Columns '{first}' and '{second}' mean the same field; use --map to tell them apart.", first=headers[seen[key]], second=headers[index]))
        seen.setdefault(key, index)
