"""Modals of the template editor: insert a placeholder from a list, save as one's own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from outreach.common.i18n import LANGUAGES, N_, t
from outreach.messages.template_tokens import Placeholder
from outreach_screens.bindings import LocalizedModalScreen

_INAPP_TUI_LANG = {"ru": N_("Russian"), "en": N_("English")}


class PlaceholderPicker(LocalizedModalScreen[str | None]):
    """The placeholders and optional parts the text may use; enter inserts the highlighted one."""

    CSS_PATH = Path(__file__).with_name("template_dialogs.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="inapp.placeholder.close"),
    ]

    def __init__(self, found: list[Placeholder]) -> None:
        super().__init__()
        self.found = found

    @property
    def options(self) -> OptionList:
        return self.query_one("#placeholder-list", OptionList)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Placeholders")
            yield OptionList(*[Option(p.label) for p in self.found], id="placeholder-list")
            yield Label(t("↑↓ choose · enter insert · esc close"), id="dialog-hint")

    def on_mount(self) -> None:
        self.options.highlighted = 0
        self.options.focus()

    @on(OptionList.OptionSelected, "#placeholder-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.found[event.option_index].text)

    def action_close(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class SaveChoice:
    """What the teacher chose in the save dialog (subject in tokens, as shown)."""

    title: str
    slug: str
    lang: str
    subject: str


class TemplateSaveDialog(LocalizedModalScreen[SaveChoice | None]):
    """Title, file name and language of the teacher's own copy; enter saves, escape cancels."""

    CSS_PATH = Path(__file__).with_name("template_dialogs.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="inapp.save_template.close"),
    ]

    def __init__(self, initial: SaveChoice) -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        first = self.initial
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Save as my template")
            yield Label(t("Name in the template list"))
            yield Input(first.title, id="template-title", compact=True)
            yield Label(t("E-mail subject"))
            yield Input(first.subject, id="template-subject", compact=True)
            yield Label(t("File name (Latin letters, digits, - and _)"))
            yield Input(first.slug, id="template-slug", compact=True)
            yield Label(t("Template language"))
            yield Select([(t(_INAPP_TUI_LANG[x]), x) for x in LANGUAGES], value=first.lang,
                         allow_blank=False, id="template-lang", compact=True)
            yield Static("", id="dialog-error", markup=False)
            yield Label(t("enter save · esc cancel"), id="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#template-title", Input).focus()

    def show_error(self, text: str) -> None:
        self.query_one("#dialog-error", Static).update(text)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        title = self.query_one("#template-title", Input).value.strip()
        if not title:
            self.show_error(t("Enter the template's name."))
            return
        lang = self.query_one("#template-lang", Select).value
        self.dismiss(SaveChoice(title, self.query_one("#template-slug", Input).value.strip(),
                                str(lang), self.query_one("#template-subject", Input).value))

    def action_close(self) -> None:
        self.dismiss(None)
