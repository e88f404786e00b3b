"""Russian personal names in a case, for the templates' case filters: «поговорите с
{{ student.name | творительный }}» → «с Кириллом». The petrovich rules (the `pytrovich`
port, rules bundled) decline each part of a name as what it is: first name, surname,
patronymic.

A name from the render context is a `PersonName`: it knows its parts and, when the roster
tells, the person's gender. Any other text is read as a name by its number of words («Кирилл»,
«Анна Викторовна», «Иванов Кирилл Петрович»). A gender neither stored nor told by petrovich
(«Ким», «Саша Шевчук») declines only where both genders take the same form («Саша» → «Саше»);
otherwise the name stays as written. A Latin-script name stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

RUSSIAN_CASES = {"родительный": Case.GENITIVE, "дательный": Case.DATIVE, "винительный": Case.ACCUSATIVE,
                 "творительный": Case.INSTRUMENTAL, "предложный": Case.PREPOSITIONAL}
ENGLISH_CASES = {"genitive": Case.GENITIVE, "dative": Case.DATIVE, "accusative": Case.ACCUSATIVE,
                 "instrumental": Case.INSTRUMENTAL, "prepositional": Case.PREPOSITIONAL}
CASES = {**RUSSIAN_CASES, **ENGLISH_CASES}
"""Filter name → case: the Russian names and their English aliases."""

_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_PATRONYMIC_ENDINGS = ("вич", "ич", "вна", "чна", "кызы", "гызы", "оглы", "улы")
_GENDERS = {"m": Gender.MALE, "f": Gender.FEMALE}

Parts = tuple[tuple[NamePart, str], ...]


class PersonName(str):
    """A name of the render context: the text as written, its parts (first name, surname,
    patronymic) and the gender the roster tells («m», «f», or «» when it does not)."""

    parts: Parts
    gender: str

    def __new__(cls, parts: Parts, gender: str = "") -> PersonName:
        kept = tuple((part, word) for part, word in parts if word)
        name = super().__new__(cls, " ".join(word for _, word in kept))
        name.parts, name.gender = kept, gender
        return name


def person(surname: str = "", name: str = "", patronymic: str = "", gender: str = "") -> dict[str, PersonName]:
    """A person's name fields for the render context: `surname`, `name`, `patronymic`,
    `full_name` («Фамилия Имя Отчество») and `polite` (name and patronymic, else the surname)."""
    last, first, middle = ((NamePart.LASTNAME, surname), (NamePart.FIRSTNAME, name),
                           (NamePart.MIDDLENAME, patronymic))
    polite = (first, middle) if name or patronymic else (last,)
    return {"surname": PersonName((last,), gender), "name": PersonName((first,), gender),
            "patronymic": PersonName((middle,), gender),
            "full_name": PersonName((last, first, middle), gender),
            "polite": PersonName(polite, gender)}


class FixedForms(str):
    """A word that brings its own forms (the public posts' «родители»)."""

    forms: dict[Case, str]

    def __new__(cls, text: str, forms: dict[Case, str]) -> FixedForms:
        word = super().__new__(cls, text)
        word.forms = forms
        return word


PARENTS = FixedForms("родители", {Case.GENITIVE: "родителей", Case.DATIVE: "родителям",
                                  Case.ACCUSATIVE: "родителей", Case.INSTRUMENTAL: "родителями",
                                  Case.PREPOSITIONAL: "родителях"})


def in_case(value: object, case: Case) -> str:
    """`value` as a name in `case`; as written when it is no Russian name or its gender is
    unknown and the two genders' forms differ."""
    if isinstance(value, FixedForms):
        return value.forms[case]
    text = str(value)
    parts = value.parts if isinstance(value, PersonName) else _parts_of(text)
    if not parts or not all(_CYRILLIC_WORD.fullmatch(word) for _, word in parts):
        return text
    stored = _GENDERS.get(value.gender) if isinstance(value, PersonName) else None
    if stored is not None:
        return _declined(parts, case, stored, known=True)
    detected = detected_gender(parts)
    if detected is not None:
        return _declined(parts, case, detected, known=False)
    forms = {_declined(parts, case, gender, known=True) for gender in (Gender.MALE, Gender.FEMALE)}
    return forms.pop() if len(forms) == 1 else text


def detected_gender(parts: Parts) -> Gender | None:
    """The gender petrovich reads from the patronymic, else the first name, else the surname;
    None when none of them tells."""
    words = dict(parts)
    for part, key in ((NamePart.MIDDLENAME, "middlename"), (NamePart.FIRSTNAME, "firstname"),
                      (NamePart.LASTNAME, "lastname")):
        if part in words:
            gender: Gender = _detector().detect(**{key: words[part]})
            if gender in (Gender.MALE, Gender.FEMALE):
                return gender
    return None


def _declined(parts: Parts, case: Case, gender: Gender, *, known: bool) -> str:
    return " ".join(_maker().make(part, gender, case, word, known_gender=known) for part, word in parts)


def _parts_of(text: str) -> Parts:
    """A plain text's words as a name: «Имя», «Имя Отчество», «Фамилия Имя», «Фамилия Имя
    Отчество»; nothing for more words."""
    words = text.split()
    if len(words) == 1:
        return ((NamePart.FIRSTNAME, words[0]),)
    if len(words) == 2 and words[1].lower().endswith(_PATRONYMIC_ENDINGS):
        return (NamePart.FIRSTNAME, words[0]), (NamePart.MIDDLENAME, words[1])
    if len(words) == 2:
        return (NamePart.LASTNAME, words[0]), (NamePart.FIRSTNAME, words[1])
    if len(words) == 3:
        return (NamePart.LASTNAME, words[0]), (NamePart.FIRSTNAME, words[1]), (NamePart.MIDDLENAME, words[2])
    return ()


def case_filters() -> dict[str, Callable[[object], str]]:
    """The Jinja filters: one per case name, Russian and English."""
    return {name: _case_filter(case) for name, case in CASES.items()}


def _case_filter(case: Case) -> Callable[[object], str]:
    def declined(value: object) -> str:
        return in_case(value, case)
    return declined


@lru_cache(maxsize=1)
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@lru_cache(maxsize=1)
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()
