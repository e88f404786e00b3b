"""Recognising roster columns from Russian and English headers (long and wide shapes)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import OutreachError
from ..i18n import t

STUDENT, GUARDIAN = "student", "guardian"
NAME_FIELDS = ("fio", "surname", "name", "patronymic")
GUARDIAN_FIELDS = ("phone", "email", "telegram", "vk", "max", "relation", "consent")
MAPPABLE = (
    [f"student.{f}" for f in NAME_FIELDS]
    + ["group"]
    + [f"guardian.{f}" for f in NAME_FIELDS + GUARDIAN_FIELDS]
)

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "fio": ("фио", "ф и о", "полное имя", "full name", "name", "fullname"),
    "surname": ("фамилия", "surname", "last name", "family name", "lastname"),
    "name": ("имя", "first name", "given name", "firstname"),
    "patronymic": ("отчество", "patronymic", "middle name", "middlename"),
    "group": ("класс", "группа", "класс группа", "учебная группа", "class", "group", "form",
              "grade", "литера"),
    "phone": ("телефон", "тел", "моб телефон", "мобильный телефон", "мобильный", "сотовый",
              "сотовый телефон", "контактный телефон", "номер телефона", "phone", "mobile",
              "tel", "telephone", "phone number", "mobile phone", "cell", "cell phone"),
    "email": ("e mail", "email", "эл почта", "электронная почта", "почта", "mail", "емейл",
              "имейл", "адрес электронной почты", "e mail address", "email address"),
    "telegram": ("telegram", "телеграм", "телеграмм", "tg", "тг", "телеграм аккаунт"),
    "vk": ("вк", "vk", "вконтакте", "vkontakte", "страница вк", "vk id"),
    "max": ("max", "макс", "мессенджер max", "мессенджер макс"),
    "relation": ("кем приходится", "степень родства", "родство", "relation", "relationship",
                 "кто", "статус"),
    "consent": ("согласие", "согласие на обработку персональных данных", "согласие на обработку",
                "согласие пд", "consent", "согласие на обработку пд", "data consent"),
}
_FIELD_BY_TEXT = {text: name for name, texts in _SYNONYMS.items() for text in texts}

_STUDENT_WORDS = {"ребенка", "ребенок", "ученика", "ученик", "учащегося", "учащийся",
                  "обучающегося", "обучающийся", "студента", "воспитанника", "child", "childs",
                  "student", "students", "pupil", "pupils", "кандидата", "курсанта"}
_GUARDIAN_WORDS = {"родителя", "родитель", "родителей", "законного", "законный",
                   "представителя", "представитель", "parent", "parents", "guardian",
                   "guardians"}
_SLOT_RELATIONS = {"мать": "mother", "матери": "mother", "мамы": "mother", "мама": "mother",
                   "mother": "mother", "mothers": "mother", "mom": "mother",
                   "отец": "father", "отца": "father", "папы": "father", "папа": "father",
                   "father": "father", "fathers": "father", "dad": "father"}
_PUNCT = re.compile(r"[\s.,:;()/\\_\-№#*\"'«»?]+")


@dataclass(frozen=True)
class Column:
    """What one column holds: `role.field` and, in a wide file, the guardian slot."""

    field: str
    slot: str = ""
    relation: str = ""


def normalize_header(header: str) -> str:
    return _PUNCT.sub(" ", header.lower().replace("ё", "е")).strip()


def classify(header: str) -> tuple[str, str, str, str] | None:
    """(role or '', field, slot, implied relation) for a header, or None if unknown."""
    words = normalize_header(header).split()
    role, slot, relation, rest = "", "", "", []
    for word in words:
        if word in _STUDENT_WORDS:
            role = STUDENT
        elif word in _GUARDIAN_WORDS:
            role = role or GUARDIAN
        elif word in _SLOT_RELATIONS:
            role, slot, relation = GUARDIAN, word, _SLOT_RELATIONS[word]
        elif word.isdigit() and len(word) == 1:
            slot = word
        else:
            rest.append(word)
    field = _FIELD_BY_TEXT.get(" ".join(rest))
    if field is None:
        return None
    if relation:
        slot = relation
    return role, field, slot, relation


def _parse_map(overrides: list[str]) -> dict[str, str]:
    result = {}
    for item in overrides:
        header, sep, target = item.partition("=")
        target = target.strip()
        if not sep or (target not in MAPPABLE and target != "ignore"):
            raise OutreachError(t("import.bad_map", item=item, fields=", ".join(MAPPABLE)))
        result[normalize_header(header)] = target
    return result


def map_columns(headers: list[str], overrides: list[str] | None = None) -> tuple[dict[int, Column], list[str]]:
    """Assign each header a Column; return the mapping and the unrecognised headers."""
    forced = _parse_map(overrides or [])
    found: dict[int, tuple[str, str, str, str]] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        target = forced.get(normalize_header(header))
        if target == "ignore":
            unknown.append(header)
            continue
        if target:
            role, _, field = target.rpartition(".")
            found[index] = (role, field, "", "")
            continue
        guess = classify(header)
        if guess is None:
            if header:
                unknown.append(header)
            continue
        found[index] = guess
    student_has_name = any(r == STUDENT and f in NAME_FIELDS for r, f, _, _ in found.values())
    guardian_has_name = any(r == GUARDIAN and f in NAME_FIELDS for r, f, _, _ in found.values())
    has_group = any(f == "group" for _, f, _, _ in found.values())
    has_contacts = any(f in GUARDIAN_FIELDS[:5] for _, f, _, _ in found.values())
    # Plain name columns belong to the guardian beside student names, and in a parents'
    # contact list (contacts, no class column, no other names); else they name the student.
    plain_is_guardian = student_has_name or (has_contacts and not (guardian_has_name or has_group))
    columns: dict[int, Column] = {}
    for index, (role, field, slot, relation) in found.items():
        if field == "group":
            columns[index] = Column("group")
        elif field in NAME_FIELDS and not role:
            role = GUARDIAN if plain_is_guardian else STUDENT
            columns[index] = Column(f"{role}.{field}", slot if role == GUARDIAN else "", relation)
        elif role == STUDENT and field in NAME_FIELDS:
            columns[index] = Column(f"{STUDENT}.{field}")
        else:
            columns[index] = Column(f"{GUARDIAN}.{field}", slot, relation)
    _check_duplicates(headers, columns)
    return columns, unknown


def _check_duplicates(headers: list[str], columns: dict[int, Column]) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, column in columns.items():
        key = (column.field, column.slot)
        if key in seen:
            raise OutreachError(t("import.duplicate_column", first=headers[seen[key]], second=headers[index]))
        seen[key] = index
