"""A list of people with a role column: each row is one person, a student or a parent by its
«Роль» / «Кто» / «Кем приходится» cell (a school system's user list; a teacher's sheet of
family blocks, the child's row and its parents' rows under it)."""

from __future__ import annotations

from datetime import date

from outreach.common.i18n import t
from outreach.roster.importing.cells import excerpt
from outreach.roster.importing.columns import (
    GROUP_FIELDS,
    GUARDIAN,
    IGNORE,
    ROLE,
    STATUS,
    STUDENT,
    Column,
    own_names,
    role_column,
    role_of,
)
from outreach.roster.importing.rows import (
    PersonIn,
    Problem,
    RowIn,
    RowParser,
)
from outreach.roster.relations import CODES, normalize_relation


class RoleRows:
    """Parses a student's row with the own name columns as the student's, a parent's row with
    them as the parent's; a parent's row naming no child belongs to the student row above it
    (a family block). The interface of RowParser that the importer uses."""

    def __init__(self, headers: list[str], columns: dict[int, Column], role: int, default_group: str, today: date):
        own = own_names(headers, columns)
        self.role = role
        self.header = headers[role]
        self.students = RowParser(headers, _students(columns, own), default_group, today)
        self.parents = RowParser(headers, _parents(columns, own), default_group, today)
        self.relation_column = columns[role].field != ROLE  # «Кем приходится»: read as the parents' relation
        # what either parser says is said once, in file order: both write the same lists
        self.doubts, self.extensions, self.left, self.dated = (
            self.students.doubts, self.students.extensions, self.students.left, self.students.dated)
        self.parents.doubts, self.parents.extensions, self.parents.left, self.parents.dated = (
            self.doubts, self.extensions, self.left, self.dated)
        self.last: tuple[PersonIn, str] | None = None  # the student row above: the block's child
        self.gone = False  # … who has left: its parents' rows go with it
        self.gone_names: set[str] = set()  # the children who have left, for the parents' rows naming them

    @property
    def default_group(self) -> str:
        return self.students.default_group

    @default_group.setter
    def default_group(self, group: str) -> None:
        self.students.default_group = self.parents.default_group = group

    @property
    def filled(self) -> int:
        return self.students.filled + self.parents.filled

    def start_section(self, group: str) -> None:
        self.students.start_section(group)
        self.parents.start_section(group)
        self.last, self.gone = None, False

    def parse(self, number: int, cells: list[str]) -> tuple[RowIn | None, list[Problem]]:
        said = cells[self.role] if self.role < len(cells) else ""  # (a row may stop before it)
        role = role_of(said)
        if role == IGNORE:  # a teacher in a school's user list: nobody the roster keeps
            return None, []
        if role == STUDENT:
            left = len(self.students.left)
            row, problems = self.students.parse(number, cells)
            self.last = (row.student, row.group) if row is not None and row.student and not problems else None
            self.gone = len(self.students.left) > left
            if self.gone:
                self.gone_names.update(self.students.left[-1].person.split(", "))
            return row, problems
        row, problems = self.parents.parse(number, cells)
        if row is not None and (row.student.full_name in self.gone_names if row.student else self.gone and not row.siblings):
            return None, []  # the parents of a child who has left («Статус: выбыл» on the child's row)
        if row is not None and not self.relation_column:  # «Роль: мама» says the relation; «Родитель» does not
            relation = normalize_relation(said)
            for guardian in row.guardians:
                guardian.relation = guardian.relation or (relation if relation in CODES else "")
        if row is not None and row.student is None and not row.siblings and row.guardians:
            if self.last is None:
                problems.append(Problem(number, self.header, t("a parent's row with no child above it or named in it"),
                                        excerpt(said), ", ".join(g.full_name for g in row.guardians)))
            else:
                row.student, row.group = self.last
        return row, problems


def row_parser(headers: list[str], columns: dict[int, Column], default_group: str,
               today: date) -> RowParser | RoleRows:
    """The parser for a sheet's rows: RoleRows when a role column says whose the own name
    columns are, else a RowParser of the mapping as it is."""
    role = role_column(headers, columns)
    if role is None:
        return RowParser(headers, {i: c for i, c in columns.items() if c.field != ROLE}, default_group, today)
    return RoleRows(headers, columns, role, default_group, today)


def _students(columns: dict[int, Column], own: list[int]) -> dict[int, Column]:
    """A student's row: the own names are the student's; the class and the status stay;
    contacts are the student's own (no parent's) and not read."""
    mapped = {i: Column(f"{STUDENT}.{columns[i].field.rpartition('.')[2]}") for i in own}
    mapped |= {i: c for i, c in columns.items() if c.field in (*GROUP_FIELDS, STATUS)}
    return dict(sorted(mapped.items()))


def _parents(columns: dict[int, Column], own: list[int]) -> dict[int, Column]:
    """A parent's row: the own names are the parent's; a child's columns («Ребёнок») and the
    rest as read."""
    mapped = {i: c for i, c in columns.items() if c.field != ROLE}
    mapped |= {i: Column(f"{GUARDIAN}.{columns[i].field.rpartition('.')[2]}") for i in own}
    return dict(sorted(mapped.items()))
