"""Turning table rows into validated student and guardian records, with a problem report."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from operator import attrgetter, itemgetter

from outreach.common.contacts import (
    NORMALIZERS,
    InvalidContact,
    contact_note,
    email_question,
    extension_note,
    is_phone,
    reason_text,
    suspicious_domain,
)
from outreach.common.formats import stamp_day
from outreach.common.groups import (
    canonical_group,
    class_after_name,
    class_from_date,
    may_end_in_roman_class,
)
from outreach.common.i18n import NP_, t
from outreach.common.names import clean_name, full_name, has_control, not_a_name, tidy
from outreach.common.safe_csv import restore
from outreach.roster.consent import parse_consent
from outreach.roster.importing.cells import (
    NOTHING,
    Item,
    contact_items,
    contacts_in_name,
    excerpt,
    label_sex,
    name_sex,
    people_in,
    person_name,
    plain_contact,
    plain_name,
    says_left,
)
from outreach.roster.importing.columns import (
    CONTACT_COLUMNS,
    MESSENGERS,
    NAME_FIELDS,
    STATUS,
    Column,
    contact_kind,
    is_form_time,
    is_roster_export,
)
from outreach.roster.notes import add_notes
from outreach.roster.relations import relation_and_remark, relation_label

CONTACT_FIELDS = ("phone", "email", "telegram", "vk", "max")
STORED_CONTACTS = CONTACT_FIELDS + ("extra_contacts",)
BY_NUMBER = {"telegram": "Telegram", "vk": "VK"}  # a parent may give the phone the account is found by
# What a contact from a work or a home column («Рабочий телефон», «Домашний телефон») is said
# to be in its note, by the column's `contact_kind` and the contact's kind
COLUMN_NOTES = {("work", "phone"): NP_("roster.note.phone", "work"), ("work", "email"): NP_("roster.note.email", "work"),
                ("home", "phone"): NP_("roster.note.phone", "home"), ("home", "email"): NP_("roster.note.email", "home"),
                ("whatsapp", "phone"): "WhatsApp", ("viber", "phone"): "Viber"}
TICKS = frozenset({"да", "+", "есть", "yes", "y", "✓", "✔", "v", "☑"})  # a messenger's column ticked


@dataclass(frozen=True)
class Problem:
    """Why a row was refused: its number, the column, the reason, the value and the person."""

    row: int
    field: str
    reason: str
    value: str = ""
    person: str = ""

    @property
    def detail(self) -> str:
        """The reason with the value as the file has it and whose it is: «not a valid phone
        number — «12345» (Соколов Роман Ильич)»."""
        if self.person and self.value:
            return t("{reason} — «{value}» ({person})", reason=self.reason, value=self.value, person=self.person)
        if self.person:
            return t("{reason} ({person})", reason=self.reason, person=self.person)
        return t("{reason} — «{value}»", reason=self.reason, value=self.value) if self.value else self.reason


@dataclass(frozen=True)
class EmailDoubt:
    """An e-mail taken as the file has it whose domain looks like a slip of a common
    provider's: the row, the column, the value, the address as probably meant, the person."""

    row: int
    field: str
    value: str
    suggestion: str
    person: str = ""
    sheet: str = ""

    @property
    def detail(self) -> str:
        """«olga@mail.ri» — perhaps «olga@mail.ru»? Taken as written: check it (Иванова Ольга)."""
        question = email_question(self.value, self.suggestion)
        if self.person:
            return t("{question} Taken as written: check it ({person}).", question=question, person=self.person)
        return t("{question} Taken as written: check it.", question=question)


@dataclass(frozen=True)
class ListFooter:
    """A line under the list (a total, the class teacher's name, a signature), not imported:
    the row, the column it is written in, the text."""

    row: int
    field: str
    text: str
    sheet: str = ""

    @property
    def detail(self) -> str:
        """«a line under the list (a total, a signature), not a person: not imported — «Всего: 25»»."""
        return t("a line under the list (a total, a signature), not a person: not imported — «{text}»", text=self.text)


@dataclass(frozen=True)
class LeftSchool:
    """A row whose student has left the school by its status cell («выбыл», a date under
    «Дата выбытия»): not imported, nor its parents; the row, the column, the cell, the child."""

    row: int
    field: str
    text: str
    person: str = ""
    sheet: str = ""

    @property
    def detail(self) -> str:
        """«the student has left (by the status): not imported, nor the parents — «выбыл» (Васильев Вася)»."""
        return t("the student has left (by the status): not imported, nor the parents — «{text}» ({person})",
                 text=self.text, person=self.person)


@dataclass(frozen=True)
class ClassFromDate:
    """A class cell a spreadsheet turned into a date («7-1» typed in Excel is 7 January):
    read as the class it was typed as, and said, so the teacher checks it."""

    row: int
    field: str
    text: str
    group: str
    sheet: str = ""

    @property
    def detail(self) -> str:
        """«a date, not a class: Excel turns «7-1» into a date; read as 7-1, check it — «2026-01-07»»."""
        return t("a date, not a class: a spreadsheet turns «{group}» into a date; read as {group}, check it — «{text}»",
                 group=self.group, text=self.text)


@dataclass(frozen=True)
class PhoneExtension:
    """A phone the file gives with an extension («8 495 123-45-67 доб. 12»): the number is
    stored as the phone and the extension in the guardian's notes. The row, the column, the
    extension, the person."""

    row: int
    field: str
    extension: str
    person: str = ""
    sheet: str = ""

    @property
    def detail(self) -> str:
        """«the phone is saved without its extension 12; … in the notes (Иванова Ольга Сергеевна).»"""
        if self.person:
            return t("the phone is saved without its extension {extension}; the extension is kept in the notes ({person}).",
                     extension=self.extension, person=self.person)
        return t("the phone is saved without its extension {extension}; the extension is kept in the notes.",
                 extension=self.extension)


@dataclass(slots=True)
class PersonIn:
    surname: str = ""
    name: str = ""
    patronymic: str = ""

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)


@dataclass(slots=True)
class GuardianIn(PersonIn):
    phone: str = ""
    email: str = ""
    telegram: str = ""
    vk: str = ""
    max: str = ""
    extra_contacts: str = ""  # further phones, e-mails, handles, space-separated
    relation: str = ""
    consent: tuple[str, str] | None = None
    notes: str = ""  # what the cells say beside the contacts (a phone's extension), «; »-joined

    def add(self, kind: str, value: str) -> None:
        """The first contact of a kind is the guardian's; further ones are kept as extra."""
        if not getattr(self, kind):
            setattr(self, kind, value)
        elif value != getattr(self, kind) and value not in self.extra_contacts.split():
            self.extra_contacts = f"{self.extra_contacts} {value}".strip()

    def note(self, text: str) -> None:
        self.notes = add_notes(self.notes, text)


@dataclass(slots=True)
class RowIn:
    row: int
    student: PersonIn | None
    group: str
    guardians: list[GuardianIn] = field(default_factory=list)
    siblings: list[tuple[PersonIn, str]] = field(default_factory=list)  # more children, with class

    def flat(self) -> FlatRow:
        """The row as plain tuples, which cross a pipe (marshal) several times faster than
        the dataclasses."""
        student = self.student
        return (self.row, _person_values(student) if student else None, self.group,
                [_guardian_values(g) for g in self.guardians],
                [(_person_values(p), group) for p, group in self.siblings])

    @classmethod
    def from_flat(cls, flat: FlatRow) -> RowIn:
        row, student, group, guardians, siblings = flat
        return cls(row, PersonIn(*student) if student else None, group, [GuardianIn(*g) for g in guardians],
                   [(PersonIn(*p), g) for p, g in siblings])


PersonValues = tuple[str, str, str]
GuardianValues = tuple[str, str, str, str, str, str, str, str, str, str, tuple[str, str] | None, str]
FlatRow = tuple[int, PersonValues | None, str, list[GuardianValues], list[tuple[PersonValues, str]]]
_person_values: Callable[[PersonIn], PersonValues] = attrgetter(*(f.name for f in fields(PersonIn)))
_guardian_values: Callable[[GuardianIn], GuardianValues] = attrgetter(*(f.name for f in fields(GuardianIn)))


@dataclass
class _Found:
    """A contact read from a cell, waiting for its person."""

    item: Item
    header: str
    slot: str


def _name_parts(values: dict[str, str], text: str, latin: bool) -> tuple[str, str, str]:
    surname, name, patronymic = person_name(text, latin) if text else ("", "", "")
    if "surname" not in values and "name" not in values and "patronymic" not in values:
        return surname, name, patronymic
    return (
        clean_name(values.get("surname")) or surname,
        clean_name(values.get("name")) or name,
        clean_name(values.get("patronymic")) or patronymic,
    )


def _people(values: dict[str, str], latin: bool) -> list[tuple[tuple[str, str, str], str]]:
    """The people of one slot's name cells: (surname, name, patronymic) and a label each."""
    named = people_in(values["fio"]) if values.get("fio") else []
    if len(named) > 1:
        return [(person_name(text, latin), label) for text, label in named]
    text, label = named[0] if named else ("", "")
    if not text and not any(values.get(f) for f in NAME_FIELDS):
        return []
    return [(_name_parts(values, text, latin), label)]


_FORMULA = re.compile(r'=\s*[\w"(+\-]')


class RowParser:
    """Parses rows of one table given its column mapping; fills blanks of merged blocks down."""

    def __init__(self, headers: list[str], columns: dict[int, Column], default_group: str, today: date):
        self.headers = headers
        self.default_group = tidy(default_group)
        self.today = today
        self.children: dict[str, list[tuple[int, str]]] = {}
        self.classes: dict[str, dict[str, int]] = {}
        self.slots: dict[str, list[tuple[int, str]]] = {}
        self.slot_relation: dict[str, str] = {}
        self.status_cells: list[int] = []
        for index, column in columns.items():
            role, _, name = column.field.rpartition(".")
            if column.field == STATUS:
                self.status_cells.append(index)
            elif role == "student":
                self.children.setdefault(column.slot, []).append((index, name))
            elif role == "guardian":
                self.slots.setdefault(column.slot, []).append((index, name))
                self.slot_relation[column.slot] = column.relation
            else:
                self.classes.setdefault(column.slot, {})[name] = index
        self.children = dict(sorted(self.children.items(), key=lambda item: _slot_order(item[0])))
        self.named = {slot for slot, cols in self.slots.items() if any(f in NAME_FIELDS for _, f in cols)}
        self.child_latin = _latin_names(headers, self.children)
        self.slot_latin = _latin_names(headers, self.slots)
        self.width = max(columns, default=-1) + 1
        self.mapped = sorted(columns)
        first = next(iter(self.children.values()), []) if not is_roster_export(headers) else []
        self.child_cells = [i for i, _ in first]
        self.all_child_cells = [i for cols in self.children.values() for i, _ in cols]
        self.class_cells = [i for cols in self.classes.values() for i in cols.values()]
        self.guardian_cells = [i for cols in self.slots.values() for i, _ in cols]
        self.block_cells = self.child_cells + self.class_cells
        self.class_cols = {slot: [(cols.get("group"), [cols[f] for f in ("grade", "letter") if f in cols])
                                  for cols in (self.classes.get(slot, {}), self.classes.get("", {})) if cols]
                           for slot in {"", *self.children}}
        # the block's cells as one tuple (an itemgetter of one index would return a string)
        self._block: Callable[[list[str]], tuple[str, ...]] = (
            itemgetter(*self.block_cells, *self.block_cells) if self.block_cells else lambda cells: ())
        # every cell the children and their classes are read from (doubled as above)
        student_cells = self.all_child_cells + self.class_cells
        self._student_cells: Callable[[list[str]], tuple[str, ...]] = (
            itemgetter(*student_cells, *student_cells) if student_cells else lambda cells: ())
        self._last_students: tuple[object, list[tuple[PersonIn, str]]] = (None, [])
        self.contact_cols = {slot: [(i, f, headers[i]) for i, f in cols if f in CONTACT_COLUMNS]
                             for slot, cols in self.slots.items()}
        self.header_kinds = {header: kind for cols in self.contact_cols.values()
                             for _, _, header in cols if (kind := contact_kind(header))}
        # a messenger's column ticked «да»: the parent's phone has an account there
        self._ticked: dict[int, int | None] = {
            i: next((p for p, f, header in cols if f == "phone" and header not in self.header_kinds), None)
            for cols in self.contact_cols.values() for i, _, header in cols if self.header_kinds.get(header) in MESSENGERS}
        self.filled = 0
        self.doubts: list[EmailDoubt] = []  # e-mails at a domain like a slip of a provider's
        self.extensions: list[PhoneExtension] = []  # phones given with an extension
        self.left: list[LeftSchool] = []  # rows not imported: the student has left
        self.dated: list[ClassFromDate] = []  # class cells a spreadsheet made dates of
        self._class_of_date: dict[str, str] = {}
        self._group_cells = [i for cols in self.classes.values() for name, i in cols.items() if name == "group"]
        # a column whose header says leaving («Дата выбытия», «Выбыл»): any filled cell means it
        self._leaving = {i for i in self.status_cells if says_left(headers[i])}
        self._above: list[str] | None = None
        self._header = [header.strip() for header in headers] or [""]  # a block's header repeated further down
        # a file repeats a few relation words and consent marks: each is read once per file
        self._relations: dict[str, tuple[str, str]] = {}
        # a consent cell's «нет» is an answer; in any other cell it is nothing (cells.NOTHING)
        self._answers = {i for cols in self.slots.values() for i, f in cols if f == "consent"}
        self._consents: dict[str, tuple[tuple[str, str] | None, str]] = {}  # value, reason refused
        # a form's time of answering (a roster collected by a Google or Yandex form): a «да» to
        # consent in a row was given on that row's day, not on the day of the import
        self._answered_at = next((i for i, header in enumerate(headers) if is_form_time(header)), None)
        self._row_day = ""

    def parse(self, number: int, cells: list[str]) -> tuple[RowIn | None, list[Problem]]:
        """One row → a RowIn (None for a blank row) and its problems."""
        cells = list(map(str.strip, cells))
        if not NOTHING.isdisjoint(cells):
            cells = ["" if cell in NOTHING and i not in self._answers else cell for i, cell in enumerate(cells)]
        whole = "\n".join(cells)  # one look at the row for what is rare in a cell
        if whole.isspace() or not whole or (cells[0] == self._header[0] and cells[:len(self._header)] == self._header):
            self._above = None
            return None, []
        formulas = self._formulas(number, cells) if "=" in whole else []
        if "'" in whole:  # the cells as typed before one of our exports marked them
            cells = [restore(cell) for cell in cells]
        if len(cells) < self.width:
            cells += [""] * (self.width - len(cells))
        for at in self._group_cells:
            if cells[at][:1].isdigit() and (group := self._dated_class(cells[at])):
                self.dated.append(ClassFromDate(number, self.headers[at], cells[at], group))
                cells[at] = group
        for ticked, phone in self._ticked.items():
            if cells[ticked].casefold() in TICKS:
                cells[ticked] = cells[phone] if phone is not None else ""  # no phone: nothing to say it of
        if self._above is not None and not all(self._block(cells)):
            self._fill_down(cells, self._above)
        self._above = cells
        if formulas:  # what the rest would say of those cells is about the formula's text
            return None, formulas
        if self.status_cells and (left := self._left(number, cells)):
            if not self.left or self.left[-1].person != left.person:  # said once for a child's parents
                self.left.append(left)
            if self.dated and self.dated[-1].row == number:  # a row not imported has no class to check
                self.dated.pop()
            return None, []
        problems = [Problem(number, self.headers[i], t("contains an invisible control character (such as NUL); type it again"))
                    for i, cell in enumerate(cells[:len(self.headers)]) if has_control(cell)
                    ] if has_control(whole) else []
        if self._answered_at is not None:
            self._row_day = stamp_day(cells[self._answered_at]) if self._answered_at < len(cells) else ""
        children = self._students(number, cells, problems)
        first_group = children[0][1] if children else self._group("", cells)
        row = RowIn(number, children[0][0] if children else None, first_group,
                    self._guardians(number, cells, problems), children[1:])
        if not children and not row.guardians and not problems:
            problems.append(Problem(number, "", t("neither a student nor a guardian in this row")))
        return row, problems

    def _formulas(self, number: int, cells: list[str]) -> list[Problem]:
        """A read cell holding a formula, not a value («=HYPERLINK(…)», «=B2&" "&C2»): a CSV
        written by hand or by a program, since Excel and Google save values. Our exports mark
        a value that starts with «=» («'=…»): that is a value, restored after this look."""
        return [Problem(number, self.headers[i], t("a formula, not its value: open the file in a spreadsheet program and save it again as CSV, or type the text itself"),
                        excerpt(cells[i]))
                for i in self.mapped if i < len(cells) and _FORMULA.match(cells[i])]

    def _dated_class(self, text: str) -> str:
        if text not in self._class_of_date:
            self._class_of_date[text] = class_from_date(text)
        return self._class_of_date[text]

    def _left(self, number: int, cells: list[str]) -> LeftSchool | None:
        """The row's departure, when a status cell says its student has left."""
        at = next((i for i in self.status_cells if cells[i] and (i in self._leaving or says_left(cells[i]))), None)
        if at is None:
            return None
        children = [child.full_name for child, _ in self._read_students(number, cells, [])]
        return LeftSchool(number, self.headers[at], excerpt(cells[at]), ", ".join(children))

    def start_section(self, group: str) -> None:
        """A row naming only a class («7 «В» класс»): the class of the rows under it that
        state none; nothing above it fills their blanks."""
        self.default_group = group
        self._above = None

    def _fill_down(self, cells: list[str], above: list[str]) -> None:
        """Blank student and class cells under a merged block take the value above them:
        a second parent on the next row belongs to the same child."""
        blank_child = not any(cells[i] for i in self.all_child_cells)
        has_guardian = any(cells[i] for i in self.guardian_cells)
        same_class = all(cells[i] in ("", above[i]) for i in self.class_cells)
        filled = (self._copy(cells, above, self.child_cells + self.status_cells)
                  if blank_child and has_guardian and same_class else 0)
        for slot, cols in self.children.items():
            if any(cells[i] for i, _ in cols):
                filled += self._copy(cells, above, [*self.classes.get(slot, {}).values()])
        if any(cells[i] for i in self.all_child_cells):
            filled += self._copy(cells, above, [*self.classes.get("", {}).values()])
        self.filled += filled

    @staticmethod
    def _copy(cells: list[str], above: list[str], indexes: list[int]) -> int:
        blanks = [i for i in indexes if not cells[i] and above[i]]
        for i in blanks:
            cells[i] = above[i]
        return len(blanks)

    def _group(self, slot: str, cells: list[str]) -> str:
        """A child's class: its own column, else the file's, else --group; grade + letter join."""
        return self._group_cell(slot, cells) or self.default_group

    def _group_cell(self, slot: str, cells: list[str]) -> str:
        """The class the row's class columns give the slot's child, or ''."""
        for group, parts in self.class_cols[slot]:
            if group is not None and cells[group]:
                return tidy(cells[group])
            joined = "".join(tidy(cells[i]) for i in parts)
            if joined:
                return joined
        return ""

    def _students(self, number: int, cells: list[str], problems: list[Problem]) -> list[tuple[PersonIn, str]]:
        """The row's children with their classes. A child's second parent on the next row
        repeats its cells: the children read for the row above are the same (read again
        only when that row had a problem with them, which this row must report too)."""
        key = (self._student_cells(cells), self.default_group)
        if key == self._last_students[0]:
            return self._last_students[1]
        found = len(problems)
        children = self._read_students(number, cells, problems)
        self._last_students = (key, children) if len(problems) == found else (None, [])
        return children

    def _read_students(self, number: int, cells: list[str], problems: list[Problem]) -> list[tuple[PersonIn, str]]:
        children: list[tuple[PersonIn, str]] = []
        for slot, cols in self.children.items():
            values = {f: cells[i] for i, f in cols if cells[i]}
            if not values:
                continue
            latin = self.child_latin[slot]
            header = self.headers[cols[0][0]]
            plain = "fio" not in values or plain_name(values["fio"])
            group = self._group_cell(slot, cells)
            for parts, typed in self._children_in(number, header, values, group, plain, latin, problems):
                student = PersonIn(*parts)
                if not student.surname or not student.name:
                    problems.append(Problem(number, header, t("the student needs a surname and a first name"),
                                            excerpt(" ".join(values.values())), student.full_name))
                elif not (plain and "fio" in values) and not_a_name(student.full_name):  # (a plain ФИО has none)
                    problems.append(_digits_in_name(number, header, " ".join(values.values())))
                own = group or typed or self.default_group
                if not own:
                    problems.append(Problem(number, self._group_header(slot), t("no class: add a Class column or give the class for rows without one"),
                                            person=student.full_name))
                children.append((student, own))
        return children

    def _children_in(self, number: int, header: str, values: dict[str, str], group: str, plain: bool,
                     latin: bool, problems: list[Problem]) -> list[tuple[tuple[str, str, str], str]]:
        """The slot's children as name parts, each with the class typed after its name («7А»,
        or ''): one child, or several in one cell («Иванов Петя 5А, Иванова Маша 7Б»)."""
        several = people_in(values["fio"]) if not plain else []
        if len(several) > 1:
            named = [self._class_after(number, header, text, group, problems) for text, _ in several]
            return [(person_name(name, latin), typed) for name, typed in named]
        typed = ""
        if not plain or ("fio" in values and may_end_in_roman_class(values["fio"])):
            values["fio"], typed = self._class_after(number, header, values["fio"], group, problems)
            plain = plain_name(values["fio"])
        if plain:
            return [(_name_parts(values, values.get("fio", ""), latin), typed)]
        return [(parts, typed) for parts, _ in _people(values, latin)]

    @staticmethod
    def _class_after(number: int, header: str, text: str, group: str, problems: list[Problem]) -> tuple[str, str]:
        """A child's name and the class typed after it («Иванов Иван 7А» → «7А»); a class that
        contradicts the class column is a problem."""
        name, typed = class_after_name(text)
        if typed and group and canonical_group(group) != typed:
            problems.append(Problem(number, header, t("the class after the name ({typed}) is not the class column's ({group})",
                                                      typed=typed, group=group), excerpt(text)))
        return name, typed

    def _group_header(self, slot: str) -> str:
        columns = self.classes.get(slot) or self.classes.get("")
        return self.headers[next(iter(columns.values()))] if columns else t("Class")

    def _guardians(self, number: int, cells: list[str], problems: list[Problem]) -> list[GuardianIn]:
        people: list[tuple[str, GuardianIn]] = []
        waiting: list[_Found] = []
        shared: tuple[str, dict[str, str]] | None = None  # a consent cell of no named person's
        for slot, cols in self.slots.items():
            values: dict[str, str] = {}
            for index, name in cols:
                if cells[index]:
                    values[name] = f"{values[name]}\n{cells[index]}" if name in values else cells[index]
            if not values:
                continue
            if slot in self.named and self._plain(slot, values, cells):
                people += [(slot, g) for g in self._plain_guardian(number, slot, values, cells, problems)]
                continue
            found = [_Found(item, header, slot) for i, name, header in self.contact_cols[slot] if cells[i]
                     for item in contact_items(cells[i], name)]
            if slot not in self.named:
                waiting += found
                shared = (slot, values) if "consent" in values else shared
                continue
            values, typed_in = self._contacts_in_names(slot, values)
            found += typed_in
            latin = self.slot_latin[slot]
            mine = [self._related(GuardianIn(*parts), values, label, slot) for parts, label in _people(values, latin)]
            mine = self._named_only(number, slot, mine, values, problems)
            self._consent(number, slot, values, mine, problems)
            people += [(slot, g) for g in mine]
            waiting += self._own(number, mine, found, problems)
        if waiting:
            self._place(number, people, waiting, problems)
        if shared is not None:  # «Согласие» beside «Мама» and «Папа»: the row's, as for two parents in one cell
            self._consent(number, *shared, [g for _, g in people if g.consent is None], problems)
        return [guardian for _, guardian in people]

    def _plain(self, slot: str, values: dict[str, str], cells: list[str]) -> bool:
        """One person with one contact per cell and no labels: the shape of most rows."""
        if "contacts" in values:
            return False
        for part in NAME_FIELDS:  # (a loop: a generator here cost the parsing a tenth)
            if part in values and not plain_name(values[part]):
                return False
        for i, kind, _ in self.contact_cols[slot]:
            if cells[i] and not plain_contact(cells[i], kind):
                return False
        return True

    def _plain_guardian(self, number: int, slot: str, values: dict[str, str], cells: list[str],
                        problems: list[Problem]) -> list[GuardianIn]:
        guardian = self._related(GuardianIn(*_name_parts(values, values.get("fio", ""), self.slot_latin[slot])),
                                 values, "", slot)
        if not guardian.surname:
            return self._named_only(number, slot, [guardian], values, problems)
        for i, kind, header in self.contact_cols[slot]:
            if cells[i]:
                self._give(number, guardian, kind, cells[i], header, problems)
        if "consent" in values:
            self._consent(number, slot, values, [guardian], problems)
        return [guardian]

    def _related(self, guardian: GuardianIn, values: dict[str, str], label: str, slot: str) -> GuardianIn:
        """The guardian with who they are to the child: the relation cell's word (a remark in
        brackets beside it kept in the notes), else the contact's label or the slot's («Мама»)."""
        text = values.get("relation", "")
        known = self._relations.get(text)
        if known is None:
            known = self._relations[text] = relation_and_remark(text)
        code, remark = known
        guardian.relation = code or label or self.slot_relation.get(slot, "")
        if remark:
            guardian.note(t("Who they are to the child: {text}", text=" ".join(text.split())))
        return guardian

    def _named_only(self, number: int, slot: str, mine: list[GuardianIn], values: dict[str, str],
                    problems: list[Problem]) -> list[GuardianIn]:
        """Guardians with a name; the others are reported at the slot's name column."""
        header = self._name_header(slot)
        if not mine:
            names = " ".join(values.get(f, "") for f in NAME_FIELDS)
            problems.append(Problem(number, header, t("the guardian needs at least a surname"), excerpt(names)))
        for guardian in mine:
            if not guardian.surname:
                problems.append(Problem(number, header, t("the guardian needs at least a surname"),
                                        excerpt(guardian.full_name), guardian.full_name))
            elif not_a_name(guardian.full_name):
                problems.append(_digits_in_name(number, header, " ".join(values.get(f, "") for f in NAME_FIELDS)))
        return [g for g in mine if g.surname and not not_a_name(g.full_name)]

    def _contacts_in_names(self, slot: str, values: dict[str, str]) -> tuple[dict[str, str], list[_Found]]:
        """The slot's name cells without the contacts typed into them, and those contacts
        (found at the name's column, given to the person as the slot's own)."""
        found: list[_Found] = []
        for part in NAME_FIELDS:
            if part in values and not plain_name(values[part]):
                rest, items = contacts_in_name(values[part])
                if items:
                    values = {**values, part: rest}
                    found += [_Found(item, self._name_header(slot), slot) for item in items]
        return values, found

    def _name_header(self, slot: str) -> str:
        cols = self.slots[slot]
        return self.headers[next((i for i, f in cols if f in ("fio", "surname")), cols[0][0])]


    def _consent(self, number: int, slot: str, values: dict[str, str], mine: list[GuardianIn],
                 problems: list[Problem]) -> None:
        if not values.get("consent"):
            return
        consent, refused = self._consent_of(values["consent"])
        if refused:
            header = self.headers[next(i for i, f in self.slots[slot] if f == "consent")]
            problems.append(Problem(number, header, refused, excerpt(values["consent"]),
                                    ", ".join(g.full_name for g in mine)))
            return
        if consent and consent[0] == "yes" and self._row_day:
            consent = ("given", self._row_day)
        for guardian in mine:
            guardian.consent = consent

    def _consent_of(self, text: str) -> tuple[tuple[str, str] | None, str]:
        """`parse_consent` of a cell and why it was refused (''), remembered for the file."""
        if text not in self._consents:
            try:
                self._consents[text] = parse_consent(text, self.today), ""
            except InvalidContact as exc:
                self._consents[text] = None, reason_text(exc)
        return self._consents[text]

    def _own(self, number: int, mine: list[GuardianIn], found: list[_Found],
             problems: list[Problem]) -> list[_Found]:
        """Give a slot's unlabelled contacts to its people (in order when one each); return
        the labelled ones, which go to the person the label names, wherever they are."""
        if not mine:
            return []
        plain = [f for f in found if not f.item.label]
        if len(mine) == 1 or len(plain) < 2:
            for entry in plain:
                self._hand(number, mine[0], entry, problems)
        else:
            for kind in CONTACT_FIELDS:
                of_kind = [f for f in plain if f.item.kind == kind]
                paired = len(of_kind) == len(mine)
                for position, entry in enumerate(of_kind):
                    self._hand(number, mine[position] if paired else mine[0], entry, problems)
        return [f for f in found if f.item.label] if len(plain) < len(found) else []

    def _place(self, number: int, people: list[tuple[str, GuardianIn]], waiting: list[_Found],
               problems: list[Problem]) -> None:
        """Hand each contact to the person its label names, else to its slot's or the row's first
        person; one whose label names no one in the row («… папа» beside the mother alone) goes
        after the others (her own phone stays her first) with whose it is in its note."""
        guardians = [g for _, g in people]
        orphans: list[_Found] = []
        for entry in waiting:
            owner = _labelled(entry.item.label, guardians)
            if owner is None and entry.item.label:
                orphans.append(_Found(_whose(entry.item), entry.header, entry.slot))
                continue
            if owner is not None and not owner.relation:
                owner.relation = entry.item.label  # «89124440001 мама» beside Гусева Дарья Андреевна
            self._hand_in_row(number, people, owner, entry, problems)
        for entry in orphans:
            self._hand_in_row(number, people, None, entry, problems)

    def _hand_in_row(self, number: int, people: list[tuple[str, GuardianIn]], owner: GuardianIn | None,
                     entry: _Found, problems: list[Problem]) -> None:
        owner = owner or next((g for s, g in people if s == entry.slot), None)
        owner = owner or (people[0][1] if people else None)
        if owner is not None:
            self._hand(number, owner, entry, problems)
        elif self.named:  # a contact no one in the row is named for: said at its own column
            problems.append(Problem(number, entry.header, t("no parent is named in this row for this contact"),
                                    excerpt(entry.item.raw)))

    def _give(self, number: int, guardian: GuardianIn, kind: str, raw: str, header: str,
              problems: list[Problem], extension: str = "", note: str = "") -> None:
        try:
            value = NORMALIZERS[kind](raw)
        except InvalidContact as exc:
            if kind in BY_NUMBER and is_phone(raw):  # «Telegram: +7 912 …»: found by the number
                self._give(number, guardian, "phone", raw, header, problems,
                           note=t("{messenger} by this number", messenger=BY_NUMBER[kind]))
                return
            problems.append(Problem(number, header, reason_text(exc), excerpt(raw), guardian.full_name))
            return
        guardian.add(kind, value)
        if kind == "email" and (suggestion := suspicious_domain(value)):
            self.doubts.append(EmailDoubt(number, header, value, suggestion, guardian.full_name))
        if extension:  # the phone is the number; the teacher still sees the extension
            guardian.note(extension_note(extension, value))
            self.extensions.append(PhoneExtension(number, header, extension, guardian.full_name))
        column_kind = self.header_kinds.get(header, "")
        if (column_kind, kind) in COLUMN_NOTES:  # which of her numbers is the work one, the home one
            note = _column_note(column_kind, kind, note)
        if note:  # «до 18:00», «(рабочая)» typed beside it: the teacher still reads it
            guardian.note(contact_note(kind, note, value))

    def _hand(self, number: int, guardian: GuardianIn, entry: _Found, problems: list[Problem]) -> None:
        item = entry.item
        note = item.note
        if item.by_telegram:  # «… (тг)» in the parent's phone column: said as the Telegram column's phone is
            said = t("{messenger} by this number", messenger=BY_NUMBER["telegram"])
            note = f"{note}, {said}" if note else said
        self._give(number, guardian, item.kind, item.raw, entry.header, problems, item.extension, note)


def _column_note(column_kind: str, kind: str, note: str) -> str:
    """A contact's note saying it is a work or a home one («рабочий, до 18:00»), unless it says so."""
    if contact_kind(note) == column_kind:
        return note
    return ", ".join(filter(None, (t(COLUMN_NOTES[column_kind, kind]), note)))


def _digits_in_name(number: int, header: str, name: str) -> Problem:
    return Problem(number, header, t("a name with digits or «@» in it: a class, a number or an address typed into the name? Give it its own column"),
                   excerpt(name))


def _whose(item: Item) -> Item:
    """A contact whose label names no one in its row, with the label in its note: «папа» beside
    a phone handed to the mother says it is the father's number."""
    return replace(item, note=", ".join(filter(None, (relation_label(item.label), item.note))))


def _labelled(label: str, people: list[GuardianIn]) -> GuardianIn | None:
    """The person a «мама»/«папа» label names: by relation, else by the sex a name shows."""
    if not label:
        return None
    same = [g for g in people if g.relation == label]
    if same:
        return same[0]
    sex = label_sex(label)
    return next((g for g in people if not g.relation and sex and name_sex(g.surname, g.patronymic) == sex), None)


def _latin_names(headers: list[str], people: dict[str, list[tuple[int, str]]]) -> dict[str, bool]:
    """Per slot: are its name columns headed in English (then «John Smith» is surname-last)?"""
    return {slot: any(headers[i].isascii() for i, f in cols if f in NAME_FIELDS) for slot, cols in people.items()}


def _slot_order(slot: str) -> tuple[int, str]:
    return (int(slot), "") if slot.isascii() and slot.isdigit() else (0, slot)
