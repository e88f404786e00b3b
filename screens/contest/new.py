"""A new contest in the app: title, date, place and the scoring preset it copies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from outreach.common.errors import OutreachError
from outreach.common.formats import parse_day
from outreach.common.i18n import N_, t
from outreach.contest.preset import DEFAULT_PRESET, list_presets
from outreach_screens.dialogs import FormScreen


@dataclass(frozen=True)
class NewContest:
    title: str
    day: date | None
    place: str
    preset: str


class ContestNewDialog(FormScreen[NewContest | None]):
    """Enter in a field or Save creates; each refused field is named in the sentence under."""

    CSS_PATH = Path(__file__).with_name("setup.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), tooltip=N_("Check the fields and save"),
                id="contest_new.save"),
        Binding("escape", "cancel", N_("Cancel"), id="contest_new.cancel"),
    ]

    def compose(self) -> ComposeResult:
        presets = [(p.title, p.slug) for p in list_presets()]
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("New contest")
            yield Label(t("Title"))
            yield Input(id="field-title", placeholder=t("e.g. My driving family 2026"),
                        compact=True)
            yield Label(t("Date"))
            yield Input(id="field-date", placeholder=t("DD.MM.YYYY, may stay empty"),
                        compact=True)
            yield Label(t("Place"))
            yield Input(id="field-place", compact=True)
            yield Label(t("Events and penalties from the preset"))
            yield Select(presets, value=DEFAULT_PRESET, id="field-preset", compact=True,
                         allow_blank=False)
            yield Static("", id="form-error", markup=False)
            yield from self.save_buttons()

    def on_mount(self) -> None:
        self.field_input("title").focus()

    def action_save(self) -> None:
        error = self.query_one("#form-error", Static)
        title = " ".join(self.field_input("title").value.split())
        if not title:
            error.update(t("Title: type the contest's title."))
            self.field_input("title").focus()
            return
        typed_day = self.field_input("date").value.strip()
        try:
            day = parse_day(typed_day) if typed_day else None
        except OutreachError as exc:
            error.update(t("{field}: {reason}", field=t("Date"),
                           reason=exc.message))
            self.field_input("date").focus()
            return
        preset = self.query_one("#field-preset", Select).value
        self.dismiss(NewContest(title, day, self.field_input("place").value, str(preset)))

    def action_cancel(self) -> None:
        self.dismiss(None)
