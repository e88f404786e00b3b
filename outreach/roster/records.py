"""The roster's records as the domain returns them: a guardian with their children, a student
with their parents. `--json` prints them through `dataclasses.asdict`, key for key."""

from __future__ import annotations

from dataclasses import dataclass

from outreach.common.names import full_name


@dataclass(frozen=True)
class Person:
    """Who a record names: the id and the three name parts."""

    id: int
    surname: str
    name: str | None
    patronymic: str | None

    @property
    def full_name(self) -> str:
        return full_name(self.surname or "", self.name or "", self.patronymic or "")

    @property
    def short_name(self) -> str:
        """The surname and the first name, as lists name a child."""
        return full_name(self.surname or "", self.name or "", "")

    def value(self, key: str) -> str | None:
        """A text field by name (one a form edits), as the form or an edit compares it."""
        value = getattr(self, key)
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Child(Person):
    """A student as a guardian's record names them, with the guardian's relation to them."""

    group: str | None
    relation: str | None


@dataclass(frozen=True)
class Guardian(Person):
    """A guardian as the roster lists them (`roster list --json`, key for key)."""

    phone: str | None
    email: str | None
    telegram: str | None
    vk: str | None
    max: str | None
    consent: bool  # given and not withdrawn
    consent_date: str | None
    consent_scope: str | None
    consent_withdrawn_at: str | None
    notes: str | None
    extra_contacts: list[str]  # further phones, e-mails, handles from an import
    students: list[Child]

    def value(self, key: str) -> str | None:
        """As `Person.value`; the further contacts as stored, space-separated."""
        if key == "extra_contacts":
            return " ".join(self.extra_contacts) or None
        return super().value(key)

    def consent_given_before(self, day: str) -> bool:
        """A consent in force given before the ISO `day` (as `Filter.consent_before` finds it)."""
        return self.consent and (self.consent_date or "") < day


@dataclass(frozen=True)
class Parent(Person):
    """A guardian as a student's record names them."""

    relation: str | None


@dataclass(frozen=True)
class Student(Person):
    """A student as the roster lists them (`roster students --json`, key for key)."""

    group: str | None
    guardians: list[int]  # the parents' ids, ascending
    parents: list[Parent]
