"""Reading what people type into roster cells: several contacts or people in one cell,
«мама»/«папа» labels, notes in brackets, initials, «First Last» order."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from outreach.common.contacts import (
    AS_FLOAT,
    EXCEL_ROUNDED,
    EXTENSION_WORD,
    only_extension,
    split_extension,
)
from outreach.common.names import clean_name, split_fio
from outreach.roster.importing.columns import header_words, relation_of_word, relation_words

EXCERPT = 40  # characters of a cell quoted in a problem

_PIECES = re.compile(r"[,;\n]+")
_PEOPLE = re.compile(r"[;\n/]+")
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")
_BRACKETS = re.compile(r"\(([^()\d]*)\)|\[([^\[\]\d]*)\]")  # «(мама)», not «(912)»
_WORDED_BRACKETS = re.compile(r"\(([^()]*[A-Za-zА-Яа-яЁё][^()]*)\)|\[([^\[\]]*[A-Za-zА-Яа-яЁё][^\[\]]*)\]")  # «(после 19)», not «(912)»
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # «(мама, Telegram)», «(после 17, рабочий)»
_PHONE_RUN = re.compile(r"\+?\d[\d\s\-().\u00a0]*\d")
_LABEL_MARK = re.compile(r"^[\s:\-–—,;]+|[\s:\-–—,;]+$")  # what a label or a contact taken out leaves
_INITIALS = re.compile(r"(?<![A-Za-zА-Яа-яЁё])([A-ZА-ЯЁ])\.\s*", re.IGNORECASE)
_INITIAL = re.compile(r"[A-ZА-ЯЁ]\.", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_PLAIN_PHONE = re.compile(r"\s*\+?[\d \-().\u00a0]+\s*")  # one phone as typed, no label
_NON_DIGITS = re.compile(r"\D+")
_ONE_TOKEN = re.compile(r"\s*[^\s,;()\[\]]+\s*")
_MARKS = re.compile(r"[,;\n/()\[\]:.@\d]")  # a name cell without them is one plain name
_LABEL_WORDS = frozenset(relation_words())
_DOTLESS_HOST = re.compile(r"@[^\s@.,;]+\s*$")  # «olga@mail» before a comma
_TLD = re.compile(r"\s*[A-Za-z]{2,6}\s*")
_ENDS_IN_DIGIT = re.compile(r"\d\s*$")  # what a phone's extension follows
_NOTE_EDGES = " ,;:-–—()[]"
_PLAIN_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)*")  # «рабочая», «e-mail», not «olga@mail.ru»
_DOMAIN_DOT = re.compile(r"[A-Za-z0-9]\.[A-Za-z]")  # «olga.mail.ru»: an address mistyped, not a note
# Messengers named beside a phone: the number is the parent's account there.
TELEGRAM_WORDS = frozenset({"telegram", "телеграм", "телеграмм", "телега", "тг", "tg"})
MESSENGER_WORDS = TELEGRAM_WORDS | {"whatsapp", "вотсап", "вотсапп", "ватсап", "ватсапп", "вацап", "viber",
                                    "вайбер", "вибер"}
# Words that only name a contact's kind («тел. 8 912 …», «e-mail: …», «тг @anna»): no note of it.
_KIND_NAMES = {"phone": frozenset({"т", "тел", "телефон", "phone", "tel"}),
               "email": frozenset({"e-mail", "email", "mail", "почта", "эл", "электронная"}),
               "telegram": TELEGRAM_WORDS, "vk": frozenset({"vk", "вк", "вконтакте"}), "max": frozenset({"max", "макс"})}
PHONE_DIGITS = (10, 11)
PLAIN_PHONE_CHARS = 24  # longer runs of digits may be two phones typed without a comma
MIN_DIGITS = 7  # fewer digits in a «Контакты» cell are a time or a note, not a phone


# A status that says the student no longer studies here («выбыл», «отчислена», «переведён в
# другую школу», «не обучается», «Withdrawn», «Transferred out»); a stem or a whole word.
_LEFT_STEMS = ("выбы", "отчисл", "withdr", "transferred", "graduat", "inactive", "dropped")
_LEFT_WORDS = frozenset({"left", "выпущен", "выпущена"})
_STUDYING = frozenset({"обучается", "учится", "обучающийся", "обучающаяся", "active", "enrolled", "attending"})
_ELSEWHERE = ("друг", "школ", "оо", "оу", "город", "регион")  # «переведён в другую школу», not «в 8А»
_NOT = frozenset({"не", "not", "no"})


def says_left(text: str) -> bool:
    """Whether a status cell or a column's header says the student has left the school."""
    words = header_words(text)
    for at, word in enumerate(words):
        negated = at > 0 and words[at - 1] in _NOT
        if word.startswith(_LEFT_STEMS) or word in _LEFT_WORDS:
            return not negated
        if word in _STUDYING:
            return negated
        if word.startswith("переведен") and any(w.startswith(_ELSEWHERE) for w in words[at + 1:]):
            return True
    return False


def _spellings(*words: str) -> frozenset[str]:
    return frozenset(form for word in words for form in (word, word.capitalize(), word.upper()))


# What people type in a cell that has nothing to give: «нет», «-», «не указан». A careful
# reader skips it; read as a name or a phone it would make a person «-» or refuse the row.
NOTHING = _spellings("-", "--", "---", "–", "—", "нет", "нет.", "нету", "нет данных", "нет телефона",
                     "нет почты", "нет e-mail", "не указан", "не указана", "не указано", "не указаны",
                     "отсутствует", "n/a", "none")


@dataclass(frozen=True)
class Item:
    """One contact found in a cell: its kind, the text as typed, and whose it says it is."""

    kind: str
    raw: str
    label: str = ""
    extension: str = ""  # a phone's, typed after it: «… доб. 12»
    note: str = ""  # words typed beside a phone: «до 18:00», «рабочий», «(WhatsApp)»
    by_telegram: bool = False  # «… (тг)»: the phone the parent's Telegram is found by


def excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _has_label(text: str) -> bool:
    return not _LABEL_WORDS.isdisjoint(text.lower().split())  # no relation word is spelt with ё


def take_label(text: str) -> tuple[str, str]:
    """«89123334455 мама», «мама: …», «… (мама)» → (text without the label, 'mother')."""
    label = ""
    for match in _BRACKETS.finditer(text):
        label = label or _label_in(match.group(1) or match.group(2) or "")
    text = _BRACKETS.sub(" ", text)
    kept = []
    for word in text.split(" "):
        code = relation_of_word(word.strip(":-–—,.()[]").lower().replace("ё", "е"))
        if code:
            label = label or code
        else:
            kept.append(word)
    return _LABEL_MARK.sub("", " ".join(kept)).strip(), label


def _relation(word: str) -> str:
    return relation_of_word(word.lower().replace("ё", "е"))


def _label_in(text: str) -> str:
    return next(filter(None, map(_relation, _WORD.findall(text))), "")


def plain_contact(text: str, kind: str) -> bool:
    """One contact and no label in the cell: the shape of most cells."""
    if kind == "phone":
        return len(text) <= PLAIN_PHONE_CHARS and _PLAIN_PHONE.fullmatch(text) is not None
    return kind != "contacts" and _ONE_TOKEN.fullmatch(text) is not None and text.strip().lower() not in _LABEL_WORDS


def plain_name(text: str) -> bool:
    """One person, no label, no initials or notes in the cell."""
    return not _MARKS.search(text) and not _has_label(text)


def contact_items(text: str, kind: str) -> list[Item]:
    """The contacts in a cell of a `kind` column ('contacts': any kind, told apart by shape)."""
    if plain_contact(text, kind):
        return [Item(kind, text.strip())] if text.strip() else []
    if kind in ("phone", "contacts") and (EXCEL_ROUNDED.fullmatch(text.strip()) or AS_FLOAT.fullmatch(text.strip())):
        return [Item("phone", text.strip())]  # one number Excel rounded or a program wrote as a float («…,0»)
    if kind not in ("phone", "email", "contacts"):
        return [item for item in (_messenger_item(piece, kind) for piece in _pieces(text)) if item.raw]
    return [item for piece in _pieces(text, notes=True) for item in _piece_items(piece, kind)]


def _piece_items(piece: str, kind: str) -> list[Item]:
    """The contacts in one piece of a phone, e-mail or «Контакты» cell; the words typed beside
    them («до 18:00», «(рабочая)») are the last one's note, an extension the last phone's."""
    value, label = take_label(piece)
    if not value:
        return []
    phones: list[str] = []
    extension = ""
    if kind != "email":
        value, extension = _extension(value)
        runs = _phones(value)
        phones = [p for p in runs if _digits(p) >= MIN_DIGITS]  # «до 18:00» beside one is a note
        if kind == "phone" and not phones:  # alone, short digits are refused; so is a word
            return [Item("phone", run, label) for run in runs] or [Item("phone", value, label)]
    tokens = [] if kind == "phone" else [(_token_kind(token, kind), token) for token in _without(value, phones).split()]
    if kind == "email" and not any(k for k, _ in tokens):
        return [Item("email", token, label) for _, token in tokens]  # no address at all: each word reported
    found = sorted([*(("phone", p) for p in phones), *((k, t) for k, t in tokens if k)], key=lambda c: value.find(c[1]))
    if not found:
        return []
    last_phone = max((i for i, (k, _) in enumerate(found) if k == "phone"), default=-1)
    items = [Item(k, raw, label, extension if i == last_phone else "") for i, (k, raw) in enumerate(found)]
    note, telegram = _note(_beside(value, [raw for _, raw in found], {k for k, _ in found}), piece, found[-1][0] == "phone")
    items[-1] = replace(items[-1], note=note, by_telegram=telegram)
    return items


def _messenger_item(piece: str, kind: str) -> Item:
    """The handle, link or number in one piece of a Telegram, VK or MAX cell, as a phone's:
    a relation word says whose it is, the other words in brackets are its note («@anna_k
    (мама, пишите вечером)»). Brackets of digits alone are the number's («+7 (912) …»)."""
    brackets = [found[1] or found[2] or "" for found in _WORDED_BRACKETS.finditer(piece)] if "(" in piece or "[" in piece else []
    value, label = take_label(_WORDED_BRACKETS.sub(" ", piece) if brackets else piece)
    label = next(filter(None, map(_label_in, brackets)), label)
    return Item(kind, value, label, note=", ".join(word for text in brackets for word in _in_brackets(text)))


def _token_kind(token: str, kind: str) -> str:
    """What a word of an e-mail or «Контакты» cell is: a contact's kind, or '' for a word of a
    note or a label («рабочая», «Telegram:» before a handle, «18:00»)."""
    if _PLAIN_WORD.fullmatch(token.strip(_NOTE_EDGES + ".")):
        return ""
    if kind == "email":
        return "email" if "@" in token or _DOMAIN_DOT.search(token) else ""
    return _kind_of(token)


def _pieces(text: str, *, notes: bool = False) -> list[str]:
    """The cell split at commas, semicolons and lines, except those in brackets, the comma of «olga@mail,ru»
    (a slip for the dot: one address to report, not an address and a word «ru»), the one
    before a phone's extension («8 (495) 123-45-67, доб. 12») and, with `notes`, the one before
    words typed beside the contact («8 912 111-22-33, до 18:00», «olga@mail.ru; рабочая»)."""
    pieces = _split(text)
    if len(pieces) == 1:
        return pieces
    comma_slip = "@" in text and "," in text
    joined: list[str] = []
    for piece in pieces:
        if comma_slip and joined and _DOTLESS_HOST.search(joined[-1]) and _TLD.fullmatch(piece):
            joined[-1] = f"{joined[-1].rstrip()},{piece.strip()}"
        elif joined and ((_ENDS_IN_DIGIT.search(joined[-1]) and only_extension(piece)) or (notes and _only_words(piece))):
            joined[-1] = f"{joined[-1].rstrip()} {piece.strip()}"
        else:
            joined.append(piece)
    return joined


def _only_words(piece: str) -> bool:
    """Words and short numbers («до 18:00», «после 17», «WhatsApp»): no contact of their own."""
    return (_WORD.search(piece) is not None and not _DOMAIN_DOT.search(piece)
            and not any(_token_kind(token, "contacts") for token in piece.split())
            and all(_digits(run) < MIN_DIGITS for run in _PHONE_RUN.findall(piece)))


def _split(text: str) -> list[str]:
    """The cell split at commas, semicolons and lines outside brackets that hold no phone:
    «8 912 111-22-33 (мама, Telegram)» is one piece. Brackets are looked into only when the
    cell has one."""
    if "(" not in text and "[" not in text:
        return _PIECES.split(text)
    inside = [found.span() for found in _BRACKETED.finditer(text) if _digits(found[0]) < MIN_DIGITS]
    pieces, start = [], 0
    for mark in _PIECES.finditer(text):
        if not any(left < mark.start() < right for left, right in inside):
            pieces.append(text[start:mark.start()])
            start = mark.end()
    return [*pieces, text[start:]]


def _without(text: str, taken: list[str]) -> str:
    for contact in taken:
        text = text.replace(contact, " ", 1)
    return text


def _beside(text: str, taken: list[str], kinds: Collection[str] = ()) -> str:
    """What is typed in a piece of a cell besides the contacts `taken` from it («до 18:00»), or '';
    a word naming one of their `kinds` («тел.», «e-mail:», «тг» before a handle) is no note."""
    words = _without(text, taken).split()
    if kinds:
        names = set().union(*(_KIND_NAMES[kind] for kind in kinds))
        words = [word for word in words if word.strip(_NOTE_EDGES + ".").lower() not in names]
    rest = " ".join(words).strip(_NOTE_EDGES)
    return rest if any(char.isalnum() for char in rest) else ""


def _note(beside: str, piece: str, phone: bool) -> tuple[str, bool]:
    """What a contact's note keeps of the words beside it and in brackets («(рабочий)»,
    «(WhatsApp)»), and, for a phone, whether one of them is Telegram («(тг)», «телеграм»):
    the number the parent's Telegram is found by, said apart. Brackets are looked into only
    when the piece has one."""
    words = [beside] if beside else []
    if "(" in piece or "[" in piece:
        words += [word for found in _BRACKETS.finditer(piece) for word in _in_brackets(found[1] or found[2] or "")]
    if not phone:
        return ", ".join(words), False
    kept = [word for word in words if word.lower() not in TELEGRAM_WORDS]
    return ", ".join(kept), any(word.lower() in TELEGRAM_WORDS for entry in words for word in _WORD.findall(entry))


def _in_brackets(text: str) -> list[str]:
    """What a note keeps of a bracket beside a contact: each part between its commas as typed
    («не звонить утром», «бабушка Нина»), but of a part of only relation words and messengers
    («мама, WhatsApp») the messengers alone (the relation is the contact's label: `take_label`)."""
    kept: list[str] = []
    for part in _PIECES.split(text):
        words = _WORD.findall(part)
        messengers = [word for word in words if word.lower() in MESSENGER_WORDS]
        if all(word in messengers or _relation(word) for word in words):
            kept += messengers
        else:
            kept.append(" ".join(part.split()).strip(_NOTE_EDGES))
    return kept


def _extension(text: str) -> tuple[str, str]:
    """«+7 495 123-45-67 доб. 12» → («+7 495 123-45-67», «12»); the text and '' when it ends
    in no extension after a number."""
    number, extension = split_extension(text)
    if extension is None or not _ENDS_IN_DIGIT.search(number):
        return text, ""
    return number, extension


def _digits(text: str) -> int:
    return len(_NON_DIGITS.sub("", text))


def _phones(text: str) -> list[str]:
    """Phone numbers in a run of text: «8-912-111-22-33 8-912-444-55-66» is two."""
    phones = []
    for run in _PHONE_RUN.findall(text):
        if _digits(run) <= max(PHONE_DIGITS) + 1:
            phones.append(run.strip())
            continue
        current = ""
        for token in run.split():
            current = f"{current} {token}".strip()
            if _digits(current) in PHONE_DIGITS:
                phones.append(current)
                current = ""
        if current:
            phones.append(current)
    return phones


def _kind_of(token: str) -> str:
    """What a token of a «Контакты» cell is; '' for words that are no contact (notes)."""
    lower = token.lower()
    if "t.me/" in lower or "telegram" in lower:
        return "telegram"
    if "vk.com/" in lower or "vk.ru/" in lower:
        return "vk"
    if "max.ru/" in lower:
        return "max"
    if "@" in token[1:]:
        return "email"
    if token.startswith("@"):
        return "telegram"
    return ""


_TOKEN = re.compile(r"[^\s,;()\[\]]+")
# A phone in a name cell with the extension typed after it: «8(495)123-45-67 доб. 123».
_PHONE_AND_EXTENSION = re.compile(_PHONE_RUN.pattern + rf"(?:[\s,;]*{EXTENSION_WORD}\.?\s*(\d{{1,6}}))?", re.IGNORECASE)
# What labels a contact typed beside a name: «тел.», «моб.», «e-mail:» (one letter only lower-case:
# «Т.» is an initial).
_CONTACT_WORD = re.compile(r"(?<![\w.])(?:т\.|(?i:тел|телефон|моб|мобильный|сот|сотовый|раб|рабочий|дом|домашний"
                           r"|e-?mail|эл\.\s*почта|почта|whatsapp|вотсап|viber|вайбер|telegram|телеграм))\.?:?(?![\w])")
_HANDLE = re.compile(r"@[A-Za-z_][A-Za-z0-9_]*")


def contacts_in_name(text: str) -> tuple[str, list[Item]]:
    """Contacts typed into a name cell beside the name («Петрова Анна 89123456789», «… anna@mail.ru»,
    «… @anna»): the cell without them, and them, in the order of each kind as typed."""
    items: list[Item] = []

    def token(match: re.Match[str]) -> str:
        kind = _kind_of(match.group())
        if not kind or (match.group().startswith("@") and not _HANDLE.fullmatch(match.group())):
            return match.group()  # «@Собака»: a name written so (an export's formula mark), no handle
        items.append(Item(kind, match.group()))
        return " "

    def phones(match: re.Match[str]) -> str:
        run = match.group(1) if match.group(1) is not None else ""
        number = match.group()[: match.start(1) - match.start()] if run else match.group()
        if _digits(number) < MIN_DIGITS:
            return match.group()  # «Козлова 2»: not a phone (and no name: said so)
        found = _phones(number)
        items.extend(Item("phone", phone, extension=run if i == len(found) - 1 else "") for i, phone in enumerate(found))
        return " "

    rest = _PHONE_AND_EXTENSION.sub(phones, _TOKEN.sub(token, text))  # addresses first: «anna2010@mail.ru»
    return (_CONTACT_WORD.sub(" ", rest) if items else rest), items


def people_in(text: str) -> list[tuple[str, str]]:
    """The people named in one cell, each with the relation a label or note gives them.

    «Иванова Анна Петровна, Иванов Пётр Сергеевич», «мама: Иванова А.П.; папа: Иванов П.С.»,
    «Сидорова Мария (мама)». A comma splits people only when each side is a whole name
    («Smith, John» is one person).
    """
    if plain_name(text):
        return [(text.strip(), "")] if text.strip() else []
    people = []
    for piece in _PEOPLE.split(text):
        parts = [take_label(p) for p in piece.split(",")]
        if len(parts) > 1 and not all(_whole_name(name) for name, _ in parts):
            parts = [take_label(piece)]
        people += [(name, label) for name, label in parts if name]
    return people


def _whole_name(text: str) -> bool:
    """Two words or more with letters: a name and a surname, not «Иванов» or a class («4 «Б»»)."""
    return sum(1 for word in text.split() if any(ch.isalpha() for ch in word)) >= 2


_FEMALE = {"mother", "grandmother", "stepmother", "aunt", "sister"}
_MALE = {"father", "grandfather", "stepfather", "uncle", "brother"}


def label_sex(label: str) -> str:
    return "f" if label in _FEMALE else "m" if label in _MALE else ""


def name_sex(surname: str, patronymic: str) -> str:
    """'f' or 'm' as a Russian patronymic (or surname) tells it; '' when it does not."""
    for word, female, male in ((patronymic.lower(), ("вна", "кызы"), ("вич", "ьич", "оглы")),
                               (surname.lower(), ("ова", "ева", "ёва", "ина", "ына", "ая"),
                                ("ов", "ев", "ёв", "ин", "ын", "ий", "ой"))):
        if word.endswith(female):
            return "f"
        if word.endswith(male):
            return "m"
    return ""


def person_name(text: str, latin_order: bool = False) -> tuple[str, str, str]:
    """A name as a person reads it: initials kept as «Е.», CAPS tidied, «Smith, John» and,
    in an English-headed file, «John Smith» with the surname last."""
    if not latin_order and "." not in text and "," not in text:
        return split_fio(text)
    text = _INITIALS.sub(lambda m: m.group(1).upper() + ". ", text)
    surname, comma, rest = text.partition(",")
    if comma and len(surname.split()) == 1:  # «Smith, John»
        given = rest.replace(",", " ").split()
        return clean_name(surname), clean_name(given[0]) if given else "", clean_name(" ".join(given[1:]))
    words = text.split()
    initials = [w for w in words if _INITIAL.fullmatch(w)]
    if initials:
        surname = " ".join(w for w in words if not _INITIAL.fullmatch(w))
        return clean_name(surname), initials[0].upper(), " ".join(initials[1:]).upper()
    if latin_order and 2 <= len(words) <= 3 and all(_LATIN.fullmatch(w) for w in words):
        return clean_name(words[-1]), clean_name(words[0]), clean_name(" ".join(words[1:-1]))
    return split_fio(text)
