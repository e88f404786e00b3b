"""Add or edit a guardian, and name a child to link: found by name in the class (as an import
matches), or added."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Rule, Static

from outreach.common.i18n import t
from outreach.roster import guardians as roster
from outreach_screens.roster.field_form import FieldForm


class GuardianForm(FieldForm):
    """The guardian's own fields, then the child's (ФИО, class, relation)."""

    FIELDS = (*roster.GUARDIAN_EDITABLE, *roster.CHILD_FIELDS)
    HINTED = ("surname", "phone", "email", "telegram", "vk", "max", "extra_contacts", *roster.CHILD_FIELDS)

    def __init__(self, title: str, values: dict[str, str] | None = None, *,
                 children: Sequence[str] = (), groups: Sequence[str] = (),
                 errors: dict[str, str] | None = None, kept: Sequence[str] = ()) -> None:
        """`kept`: the further contacts stored, taken again as they are."""
        super().__init__(title, values, groups=groups, errors=errors)
        self.child_labels = list(children)
        self.kept = list(kept)

    def before_field(self, field: str) -> ComposeResult:
        if field != roster.CHILD_FIELDS[0]:
            return
        yield Rule(classes="child-rule")
        if self.child_labels:
            yield Static(Content(f"{t('Children')}: {', '.join(self.child_labels)}"),
                         id="children", classes="form-note")
        yield Static(t("Child"), classes="form-section")

    def errors_of(self, values: dict[str, str]) -> dict[str, str]:
        _clean, errors = roster.check_guardian({k: values[k] for k in roster.GUARDIAN_EDITABLE}, self.kept)
        _child, child_errors = roster.check_child(values)
        return {**errors, **child_errors}
