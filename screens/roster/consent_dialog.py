"""Recording consent asks first: given or withdrawn, the date (today, editable) and the scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.formats import parse_day, show_day
from outreach.common.i18n import N_, t
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.dialogs import button_row


@dataclass(frozen=True)
class ConsentChoice:
    """What the teacher confirmed."""

    given: bool
    day: date
    scope: str | None


class ConsentDialog(LocalizedModalScreen[ConsentChoice | None]):
    """Nothing is recorded until Save (or ctrl+s, or enter in the date or scope field); escape
    cancels."""

    CSS_PATH = Path(__file__).with_name("consent_dialog.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="consent_dialog.cancel"),
        Binding("ctrl+s", "save", N_("Save"), tooltip=N_("Check the fields and save"), id="consent_dialog.save"),
    ]

    def __init__(self, title: str, about: str, given: bool, scope: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.about = about
        self.given = given
        self.scope = scope

    @property
    def state_set(self) -> RadioSet:
        return self.query_one("#consent-state", RadioSet)

    @property
    def date_input(self) -> Input:
        return self.query_one("#consent-date", Input)

    @property
    def scope_input(self) -> Input:
        return self.query_one("#consent-scope", Input)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = self.title_text
            yield Static(self.about, id="consent-about", markup=False)
            with RadioSet(id="consent-state") as states:
                states.border_title = t("Consent")
                yield RadioButton(t("given"), value=self.given, id="consent-given")
                yield RadioButton(t("withdrawn"), value=not self.given,
                                  id="consent-withdrawn")
            yield Label(t("Date (DD.MM.YYYY)"))
            yield Input(show_day(clock.today()), id="consent-date")
            yield Label(t("What it covers"))
            yield Input(self.scope, id="consent-scope", placeholder=t("e.g. school mailings"))
            yield Static("", id="consent-error", markup=False)
            yield from button_row(t("Record"), t("Cancel"), go_id="save")

    def on_mount(self) -> None:
        self.state_set.focus()
        self._state_changed()

    @on(RadioSet.Changed, "#consent-state")
    def _state_changed(self) -> None:
        self.scope_input.disabled = not self._given()

    def _given(self) -> bool:
        return self.query_one("#consent-given", RadioButton).value

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            day = parse_day(self.date_input.value)
        except OutreachError as exc:
            self.query_one("#consent-error", Static).update(exc.message)
            self.date_input.focus()
            return
        given = self._given()
        scope = " ".join(self.scope_input.value.split()) or None
        self.dismiss(ConsentChoice(given, day, scope if given else None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
