"""Add or edit a guardian: one field per line, the reason under any field that is wrong."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Static

from outreach import roster
from outreach.i18n import t

from .dialogs import FormScreen

FIELDS = roster.GUARDIAN_EDITABLE
HINTED = ("surname", "phone", "email", "telegram", "vk", "max")


class GuardianForm(FormScreen[dict[str, str] | None]):
    """Dismisses with the raw field values once roster.check_guardian finds no error."""

    CSS_PATH = "guardian_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "tui.key.save", tooltip="tui.key.save.tip", id="form.save"),
        Binding("escape", "cancel", "tui.key.cancel", id="form.cancel"),
    ]

    def __init__(self, title: str, values: dict[str, str] | None = None) -> None:
        super().__init__()
        self.form_title = title
        self.initial = values or {}

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
                    with Horizontal(classes="field"):
                        yield Label(t(f"tui.form.{field}"), classes="field-label")
                        with Vertical(classes="field-body"):
                            hint = t(f"tui.form.{field}.hint") if field in HINTED else ""
                            yield Input(self.initial.get(field, ""), id=f"field-{field}",
                                        placeholder=hint, compact=True)
                            yield Static("", id=f"error-{field}", classes="field-error",
                                         markup=False)
            yield from self.save_buttons()

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
        _clean, errors = roster.check_guardian(values)
        self.show_errors(errors)
        if not errors:
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
