"""Turning table rows into validated student and guardian records, with a problem report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..consent import parse_consent
from ..contacts import NORMALIZERS, InvalidContact
from ..i18n import t
from ..names import clean_name, has_control, split_fio, tidy
from ..relations import normalize_relation
from .columns import Column


@dataclass
class Problem:
    row: int
    field: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "reason": self.reason}


@dataclass
class PersonIn:
    surname: str = ""
    name: str = ""
    patronymic: str = ""


@dataclass
class GuardianIn(PersonIn):
    phone: str = ""
    email: str = ""
    telegram: str = ""
    vk: str = ""
    max: str = ""
    relation: str = ""
    consent: tuple[str, str] | None = None


@dataclass
class RowIn:
    row: int
    student: PersonIn | None
    group: str
    guardians: list[GuardianIn] = field(default_factory=list)


CONTACT_FIELDS = ("phone", "email", "telegram", "vk", "max")


def _names(values: dict[str, str]) -> tuple[str, str, str]:
    if values.get("fio"):
        surname, name, patronymic = split_fio(values["fio"])
    else:
        surname, name, patronymic = "", "", ""
    return (
        clean_name(values.get("surname")) or surname,
        clean_name(values.get("name")) or name,
        clean_name(values.get("patronymic")) or patronymic,
    )


class RowParser:
    """Parses rows of one table given its column mapping."""

    def __init__(self, headers: list[str], columns: dict[int, Column], default_group: str, today: date):
        self.headers = headers
        self.default_group = tidy(default_group)
        self.today = today
        self.student_cols = [(i, c.field.split(".")[1]) for i, c in columns.items() if c.field.startswith("student.")]
        self.group_col = next((i for i, c in columns.items() if c.field == "group"), None)
        slots: dict[str, list[tuple[int, str]]] = {}
        self.slot_relation: dict[str, str] = {}
        for index, column in columns.items():
            if column.field.startswith("guardian."):
                slots.setdefault(column.slot, []).append((index, column.field.split(".")[1]))
                self.slot_relation[column.slot] = column.relation
        self.slots = slots
        self.has_student = bool(self.student_cols)
        self.width = max(columns, default=-1) + 1
        self.header_of = {slot: {f: headers[i] for i, f in cols} for slot, cols in slots.items()}
        self.contacts_of = {slot: [f for f in CONTACT_FIELDS if f in self.header_of[slot]]
                            for slot in slots}

    def parse(self, number: int, cells: list[str]) -> tuple[RowIn | None, list[Problem]]:
        """One row → a RowIn (None for a blank row) and its problems."""
        if not "".join(cells).strip():
            return None, []
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))
        problems = [Problem(number, self.headers[i], t("names.control_chars"))
                    for i, cell in enumerate(cells[:len(self.headers)]) if has_control(cell)]
        student = None
        if self.has_student and any(cells[i].strip() for i, _ in self.student_cols):
            student = PersonIn(*_names({f: cells[i] for i, f in self.student_cols}))
            if not student.surname or not student.name:
                col = self.student_cols[0][0]
                problems.append(Problem(number, self.headers[col], t("import.reason.student_name")))
        group = tidy(cells[self.group_col]) if self.group_col is not None else ""
        group = group or self.default_group
        if student is not None and not group:
            header = self.headers[self.group_col] if self.group_col is not None else "group"
            problems.append(Problem(number, header, t("import.reason.group_missing")))
        row = RowIn(number, student, group)
        for slot, cols in self.slots.items():
            guardian = self._guardian(number, slot, cols, cells, problems)
            if guardian is not None:
                row.guardians.append(guardian)
        if student is None and not row.guardians:
            problems.append(Problem(number, "", t("import.reason.nobody")))
        return row, problems

    def _guardian(self, number, slot, cols, cells, problems) -> GuardianIn | None:
        values = {f: cells[i].strip() for i, f in cols}
        if not any(values.values()):
            return None
        guardian = GuardianIn(*_names(values))
        header_of = self.header_of[slot]
        for key in self.contacts_of[slot]:
            raw = values[key]
            if raw:
                try:
                    setattr(guardian, key, NORMALIZERS[key](raw))
                except InvalidContact as exc:
                    problems.append(Problem(number, header_of[key], t(f"import.reason.{exc}")))
        guardian.relation = normalize_relation(values.get("relation", "")) or self.slot_relation.get(slot, "")
        if values.get("consent"):
            try:
                guardian.consent = parse_consent(values["consent"], self.today)
            except InvalidContact as exc:
                problems.append(Problem(number, header_of["consent"], t(f"import.reason.{exc}")))
        if not guardian.surname:
            name_col = next((h for f, h in header_of.items() if f in ("fio", "surname")), None)
            problems.append(Problem(number, name_col or header_of[next(iter(header_of))],
                                    t("import.reason.guardian_name")))
        return guardian
