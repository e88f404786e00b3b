"""Add or edit a guardian: one field per line, the reason under any field that is wrong."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Rule, Static

from outreach import roster
from outreach.i18n import t

from .dialogs import FormScreen

FIELDS = (*roster.GUARDIAN_EDITABLE, *roster.CHILD_FIELDS)
HINTED = ("surname", "phone", "email", "telegram", "vk", "max", *roster.CHILD_FIELDS)


class GuardianForm(FormScreen[dict[str, str] | None]):
    """Dismisses with the raw field values once roster.check_guardian and check_child find no
    error. Below the guardian's own fields, a child to link: found by name in the class (as
    an import matches), or added."""

    CSS_PATH = "guardian_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "tui.key.save", tooltip="tui.key.save.tip", id="form.save"),
        Binding("escape", "cancel", "tui.key.cancel", id="form.cancel"),
    ]

    def __init__(self, title: str, values: dict[str, str] | None = None, *,
                 children: list[str] = (), groups: list[str] = ()) -> None:  # type: ignore[assignment]
        super().__init__()
        self.form_title = title
        self.initial = values or {}
        self.child_labels = list(children)
        self.groups = list(groups)

    def field_error(self, field: str) -> Static:
        return self.query_one(f"#error-{field}", Static)

    @property
    def values(self) -> dict[str, str]:
        return {field: self.field_input(field).value for field in FIELDS}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content(self.form_title)
            with VerticalScroll(id="fields"):
                for field in FIELDS:
                    if field == roster.CHILD_FIELDS[0]:
                        yield from self._child_heading()
                    with Horizontal(classes="field"):
                        yield Label(t(f"tui.form.{field}"), classes="field-label")
                        with Vertical(classes="field-body"):
                            yield self._input(field)
                            yield Static("", id=f"error-{field}", classes="field-error",
                                         markup=False)
            yield from self.save_buttons()

    def _child_heading(self) -> ComposeResult:
        yield Rule(classes="child-rule")
        if self.child_labels:
            yield Static(Content(f"{t('tui.form.children')}: {', '.join(self.child_labels)}"),
                         id="children", classes="form-note")
        yield Static(t("tui.form.child_section"), classes="form-section")

    def _input(self, field: str) -> Input:
        hint = t(f"tui.form.{field}.hint") if field in HINTED else ""
        suggester = (SuggestFromList(self.groups, case_sensitive=False)
                     if field == "group" and self.groups else None)
        return Input(self.initial.get(field, ""), id=f"field-{field}", placeholder=hint,
                     compact=True, suggester=suggester)

    def on_mount(self) -> None:
        self.field_input("surname").focus()

    def show_errors(self, errors: dict[str, str]) -> None:
        for field in FIELDS:
            error = self.field_error(field)
            error.update(errors.get(field, ""))
            error.set_class(field in errors, "-visible")
            self.field_input(field).set_class(field in errors, "-invalid")
        first = next((f for f in FIELDS if f in errors), None)
        if first is not None:
            self.field_input(first).focus()

    def action_save(self) -> None:
        values = self.values
        _clean, errors = roster.check_guardian({k: values[k] for k in roster.GUARDIAN_EDITABLE})
        _child, child_errors = roster.check_child(values)
        errors.update(child_errors)
        self.show_errors(errors)
        if not errors:
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
