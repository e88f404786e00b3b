"""When and where an invitation's event is (its e-mails carry it as an .ics invitation): the
time as ДД.ММ.ГГГГ ЧЧ:ММ, the length in minutes, the place and the name in the calendar.
Saving goes through `outreach.rsvp.set_event` (in the answers dialog's worker)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from outreach.common.errors import OutreachError
from outreach.common.formats import parse_moment
from outreach.common.i18n import N_, t
from outreach.messages import rsvp
from outreach_screens.dialogs import FormScreen


@dataclass(frozen=True)
class EventInput:
    """What the teacher typed: the time, the length, the place and the name."""

    starts_at: datetime
    minutes: int
    place: str
    title: str


class EventDialog(FormScreen[EventInput | None]):
    """Enter in a field or Save saves; a refused field is named in the sentence under."""

    CSS_PATH = Path(__file__).with_name("event_dialog.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), tooltip=N_("Check the fields and save"), id="rsvp_event.save"),
        Binding("escape", "cancel", N_("Cancel"), id="rsvp_event.cancel"),
    ]

    def __init__(self, message_title: str, event: rsvp.Event | None) -> None:
        super().__init__()
        self.message_title = message_title
        self.event = event

    def compose(self) -> ComposeResult:
        event = self.event
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("The event")
            yield Label(t("When (ДД.ММ.ГГГГ ЧЧ:ММ)"))
            yield Input(f"{event.start:%d.%m.%Y %H:%M}" if event else "", id="field-when",
                        placeholder=t("03.12.2026 18:30"), compact=True)
            yield Label(t("How long, minutes"))
            yield Input(str(event.minutes if event else rsvp.DEFAULT_MINUTES), id="field-minutes", compact=True)
            yield Label(t("Where"))
            yield Input(event.place if event else "", id="field-place", compact=True)
            yield Label(t("Name in the calendar"))
            yield Input(event.title if event else self.message_title, id="field-name", compact=True)
            yield Static(t("Parents' e-mails will carry a calendar invitation and the words to answer with."), id="form-hint", markup=False)
            yield Static("", id="form-error", markup=False)
            yield from self.save_buttons()

    def on_mount(self) -> None:
        self.field_input("when").focus()

    def _refuse(self, field: str, label: str, reason: str) -> None:
        self.query_one("#form-error", Static).update(t("{field}: {reason}", field=label, reason=reason))
        self.field_input(field).focus()

    def action_save(self) -> None:
        try:
            starts_at = parse_moment(self.field_input("when").value)
        except OutreachError as exc:
            self._refuse("when", t("When (ДД.ММ.ГГГГ ЧЧ:ММ)"), exc.message)
            return
        minutes = self.field_input("minutes").value.strip()
        if not minutes.isdigit() or int(minutes) <= 0:
            self._refuse("minutes", t("How long, minutes"),
                         t("The event must last at least a minute, not {value}.", value=minutes or "0"))
            return
        self.dismiss(EventInput(starts_at, int(minutes), self.field_input("place").value.strip(),
                                " ".join(self.field_input("name").value.split())))

    def action_cancel(self) -> None:
        self.dismiss(None)
