"""A modal form of labelled fields, one per line, with the reason under any field that is
wrong; the guardian and the student forms are made of it."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from outreach.common.i18n import N_, t
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.dialogs import FormScreen
from outreach_screens.widgets.form_scroll import FormScroll

_TUI_FORM_HINT = {"surname": N_("required"), "phone": N_("8 912 345-67-89"), "email": N_("name@example.ru"), "telegram": N_("@handle or t.me link"), "vk": N_("id123 or vk.com link"), "max": N_("handle or phone"), "extra_contacts": N_("more phones, e-mails, @handles, by commas"), "child": N_("Petrov Ivan — found in the class or added"), "group": N_("10A"), "relation": N_("mother, father, grandmother…")}

_TUI_FORM = {"add_title": N_("New guardian"), "edit_title": N_("Edit: {name}"), "surname": N_("Surname"), "name": N_("First name"), "patronymic": N_("Patronymic"), "phone": N_("Phone"), "email": N_("E-mail"), "telegram": N_("Telegram"), "vk": N_("VK"), "max": N_("MAX"), "extra_contacts": N_("Other contacts"), "notes": N_("Notes"), "children": N_("Children"), "child_section": N_("Child"), "child": N_("ФИО"), "group": N_("Class"), "relation": N_("Relation")}


class FieldForm(FormScreen[dict[str, str] | None]):
    """Dismisses with the raw field values once `errors_of` finds none; `tui.form.<field>`
    labels each field, `tui.form.<field>.hint` is the placeholder of the HINTED ones."""

    CSS_PATH = Path(__file__).with_name("field_form.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), tooltip=N_("Check the fields and save"), id="form.save"),
        Binding("escape", "leave", N_("Cancel"), id="form.cancel"),
    ]
    FIELDS: ClassVar[tuple[str, ...]]
    HINTED: ClassVar[tuple[str, ...]] = ()

    def __init__(self, title: str, values: dict[str, str] | None = None, *,
                 groups: Sequence[str] = (), errors: dict[str, str] | None = None) -> None:
        """`errors`: shown at once (the form opened again with what saving refused)."""
        super().__init__()
        self.form_title = title
        self.initial = values or {}
        self.groups = list(groups)
        self.refused = errors or {}

    def field_error(self, field: str) -> Static:
        return self.query_one(f"#error-{field}", Static)

    @property
    def values(self) -> dict[str, str]:
        return {field: self.field_input(field).value for field in self.FIELDS}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content(self.form_title)
            with FormScroll(id="fields"):
                for field in self.FIELDS:
                    yield from self.before_field(field)
                    with Horizontal(classes="field"):
                        yield Label(t(_TUI_FORM[field]), classes="field-label")
                        with Vertical(classes="field-body"):
                            yield self._input(field)
                            yield Static("", id=f"error-{field}", classes="field-error",
                                         markup=False)
            yield from self.save_buttons()

    def before_field(self, field: str) -> ComposeResult:
        """Anything to show above `field` (a heading)."""
        yield from ()

    def _input(self, field: str) -> Input:
        hint = t(_TUI_FORM_HINT[field]) if field in self.HINTED else ""
        suggester = (SuggestFromList(self.groups, case_sensitive=False)
                     if field == "group" and self.groups else None)
        return Input(self.initial.get(field, ""), id=f"field-{field}", placeholder=hint,
                     compact=True, suggester=suggester)

    def on_mount(self) -> None:
        self.field_input(self.FIELDS[0]).focus()
        if self.refused:
            self.show_errors(self.refused)

    def show_errors(self, errors: dict[str, str]) -> None:
        for field in self.FIELDS:
            error = self.field_error(field)
            error.update(errors.get(field, ""))
            error.set_class(field in errors, "-visible")
            self.field_input(field).set_class(field in errors, "-invalid")
        first = next((f for f in self.FIELDS if f in errors), None)
        if first is not None:
            self.field_input(first).focus()

    @abstractmethod
    def errors_of(self, values: dict[str, str]) -> dict[str, str]:
        """What is wrong with each field (field → reason); empty when the form may close."""

    def action_save(self) -> None:
        values = self.values
        errors = self.errors_of(values)
        self.show_errors(errors)
        if not errors:
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        """Esc closes the form; when something was typed, only after asking (Esc is pressed
        to leave a field as often as to leave the form). A form opened again with what saving
        refused holds nothing saved: it always asks."""
        if not self.refused and self.values == {field: self.initial.get(field, "") for field in self.FIELDS}:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(self.form_title, t("What you typed in this form is not saved."),
                                           t("Close the form without saving?"), t("Do not save"), danger=True),
                             answered)
