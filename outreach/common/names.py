"""Person names: tidying, ФИО splitting, Latin look-alike folding, match keys."""

from __future__ import annotations

import re
from functools import lru_cache

WORD_CACHE = 1 << 16  # distinct name words remembered; a roster repeats them a lot
_LOOKING_CYRILLIC = "aAbBcCeEHkKMoOpPTxXyY3"
_LOOKALIKES = str.maketrans(_LOOKING_CYRILLIC, "аАвВсСеЕНкКМоОрРТхХуУЗ")
_LOOKALIKE = re.compile(f"[{_LOOKING_CYRILLIC}]")
_CYRILLIC = re.compile("[а-яёА-ЯЁ]")
_SPACES = re.compile(r"\s+")
_PARTICLES = {"оглы", "кызы", "улы", "угли", "кизи"}  # in patronymics: Рашид оглы
_PATRONYMIC = re.compile(r"(вич|вна|ична|инична|ич|оглы|кызы)$", re.IGNORECASE)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # not tab, newline, CR
_NOT_A_NAME = re.compile(r"\d|\S@\S|@[A-Za-z_]")  # digits, an e-mail, a Telegram @handle


# The everyday forms of first names («Настя» for «Анастасия»): what parents write of their children.
SHORT_NAMES = {
    "мария": ("маша",), "александр": ("саша",), "александра": ("саша",), "алексей": ("лёша", "леша", "алёша"),
    "дмитрий": ("дима",), "екатерина": ("катя",), "анастасия": ("настя",), "иван": ("ваня",),
    "михаил": ("миша",), "сергей": ("серёжа", "сережа"), "николай": ("коля",), "владимир": ("вова",),
    "елизавета": ("лиза",), "татьяна": ("таня",), "анна": ("аня",), "ольга": ("оля",),
    "наталья": ("наташа",), "евгений": ("женя",), "евгения": ("женя",), "павел": ("паша",),
    "пётр": ("петя",), "петр": ("петя",), "андрей": ("андрюша",), "артём": ("тёма",), "артем": ("тема",),
    "дарья": ("даша",), "софья": ("соня",), "софия": ("соня",), "ксения": ("ксюша",), "виктория": ("вика",),
    "юлия": ("юля",), "елена": ("лена",), "максим": ("макс",), "кирилл": ("кирюша",), "егор": ("егорка",),
}


def not_a_name(text: str) -> bool:
    """Digits, an e-mail or an @handle in a name: a class, a number or a contact typed into it
    (not said of a name with a control character: that is refused as typed again first)."""
    return _NOT_A_NAME.search(text) is not None and not has_control(text)


def has_control(text: str | None) -> bool:
    """NUL or another invisible control character (tab and line breaks are only spaces)."""
    return bool(text) and _CONTROL.search(text) is not None  # type: ignore[arg-type]


def tidy(text: str | None) -> str:
    """Collapse runs of whitespace (NBSP included) and strip."""
    if not text:
        return ""
    return _SPACES.sub(" ", text).strip()


def fold_lookalikes(word: str) -> str:
    """Latin letters that look Cyrillic become Cyrillic inside a word that has Cyrillic."""
    if word.isascii() or not _CYRILLIC.search(word):
        return word
    return word.translate(_LOOKALIKES)


def _case_part(part: str) -> str:
    return part[:1].upper() + part[1:].lower() if part else part


def name_case(word: str) -> str:
    """`иванова-петрова`, `ИВАНОВА` become `Иванова-Петрова`, `Иванова`; `МакДональд` stays."""
    if word.lower() in _PARTICLES:
        return word.lower()
    if word[:1].islower() or (word.isupper() and len(word) > 1):
        return "-".join(_case_part(p) for p in word.split("-"))
    return word


@lru_cache(maxsize=WORD_CACHE)
def _clean_word(word: str) -> str:
    return name_case(fold_lookalikes(word))


def clean_name(text: str | None) -> str:
    """A tidy, Cyrillic-folded, properly cased name part (ё kept)."""
    if not text:
        return ""
    return " ".join(map(_clean_word, text.replace(",", " ").split()))


def split_fio(text: str | None) -> tuple[str, str, str]:
    """Split `Фамилия Имя Отчество` (or `Имя Отчество Фамилия`) into cleaned parts."""
    words = clean_name(text).split()
    if not words:
        return "", "", ""
    if len(words) == 3 and _PATRONYMIC.search(words[1]) and not _PATRONYMIC.search(words[2]):
        words = [words[2], words[0], words[1]]
    if len(words) == 1:
        return words[0], "", ""
    if len(words) == 2:
        return words[0], words[1], ""
    return words[0], words[1], " ".join(words[2:])


def keep_yo(stored: str | None, incoming: str) -> str:
    """`incoming`, unless it is the stored name with «ё» typed as «е» (Семен for a stored
    Семён): a list typed without «ё» does not take it out of the roster."""
    if stored and incoming != stored and len(incoming) == len(stored) and all(
            a == b or (a, b) in (("ё", "е"), ("Ё", "Е")) for a, b in zip(stored, incoming, strict=True)):
        return stored
    return incoming


@lru_cache(maxsize=WORD_CACHE)
def _fold_word(word: str) -> str:
    return fold_lookalikes(word).lower().replace("ё", "е")


def fold_key(text: str) -> str:
    """Lower-case, ё→е, look-alikes folded: the form used for matching and search. Text
    without both a look-alike and a Cyrillic letter has nothing to fold and is folded whole
    (an import folds 300,000 names and addresses); otherwise word by word. An ASCII word (an
    e-mail, a handle) is only lower-cased, outside the word cache: a roster's 100,000
    addresses would push its names out of it."""
    if text.isascii() or not _LOOKALIKE.search(text) or not _CYRILLIC.search(text):
        return " ".join(text.lower().replace("ё", "е").split())
    return " ".join([word.lower() if word.isascii() else _fold_word(word) for word in text.split()])


SHORT_FORMS = {fold_key(name): frozenset(fold_key(short) for short in shorts) for name, shorts in SHORT_NAMES.items()}
"""A folded first name → its folded everyday forms."""
_FORM = {name: min(forms) for name, forms in SHORT_FORMS.items()} | {
    short: min(forms) for forms in SHORT_FORMS.values() for short in forms}


def name_form(name: str) -> str:
    """A folded first name as its everyday form, if it has one («анна», «аня» → «аня»): the
    names that may be one person's share it."""
    return _FORM.get(name, name)


def same_part(a: str, b: str) -> bool:
    """Two folded name parts that may be one person's: equal, either missing, one the
    everyday form of the other («аня», «анна») or its initial («и.», «ирина»)."""
    return (not a or not b or a == b or a in SHORT_FORMS.get(b, ()) or b in SHORT_FORMS.get(a, ())
            or _initial_of(a, b) or _initial_of(b, a))


Folded = tuple[str, str, str]
"""A person's surname, first name and patronymic, each folded (`fold_key`)."""


def folded_name(surname: str | None, name: str | None, patronymic: str | None) -> Folded:
    return fold_key(surname or ""), fold_key(name or ""), fold_key(patronymic or "")


def same_person(a: Folded, b: Folded) -> bool:
    """Two folded names that may be one person's: the same surname, the first name and the
    patronymic each `same_part` («Волкова Ирина» and «Волкова Ирина Сергеевна», «Белова Оля»
    and «Белова Ольга», «Волкова И. С.»)."""
    return a[0] == b[0] and same_part(a[1], b[1]) and same_part(a[2], b[2])


def _initial_of(initial: str, part: str) -> bool:
    """Whether `initial` («и.») is the initial of the longer `part` («ирина»)."""
    letter = initial.rstrip(".")
    return len(letter) == 1 and len(part.rstrip(".")) > 1 and part.startswith(letter)


def fuller_part(stored: str, incoming: str) -> str:
    """Of two parts of one person's name, the one that says more: `incoming`, unless it is
    missing, the everyday form of `stored` («Аня» of «Анна») or its initial («И.»)."""
    folded = fold_key(incoming)
    if not incoming or folded in SHORT_FORMS.get(fold_key(stored), ()) or _initial_of(folded, fold_key(stored)):
        return stored or incoming
    return incoming


def name_key(surname: str, name: str, patronymic: str) -> str:
    return fold_key(f"{surname} {name} {patronymic}".strip())


def full_name(surname: str, name: str, patronymic: str) -> str:
    return " ".join(p for p in (surname, name, patronymic) if p)
