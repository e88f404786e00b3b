"""A contest's events and penalty table in the app: names, who drives, the points per wrong
answer or for a DNF, and each fault's penalty (the kind of an event stays as the preset made it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from outreach.common.errors import OutreachError
from outreach.common.formats import parse_decimal, show_decimal
from outreach.common.i18n import N_, t
from outreach.contest.standings import DRIVERS, THEORY, driver_label, kind_label
from outreach.contest.store import Event, EventChange, Fault
from outreach_screens.dialogs import FormScreen
from outreach_screens.widgets.form_scroll import FormScroll


@dataclass(frozen=True)
class SetupChanges:
    events: dict[str, EventChange]
    faults: dict[str, float]


class ContestEventsDialog(FormScreen[SetupChanges | None]):
    """One line per event and per fault; Save keeps only what changed."""

    CSS_PATH = Path(__file__).with_name("setup.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), tooltip=N_("Check the fields and save"),
                id="contest_events.save"),
        Binding("escape", "cancel", N_("Cancel"), id="contest_events.cancel"),
    ]

    def __init__(self, events: list[Event], faults: list[Fault]) -> None:
        super().__init__()
        self.events = events
        self.faults = faults

    def compose(self) -> ComposeResult:
        drivers = [(driver_label(d), d) for d in DRIVERS]
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Events and penalties")
            with FormScroll(id="setup-fields"):
                yield Static(t("Name · who drives · points. The kind of an event stays as the preset made it."), classes="about", markup=False)
                for i, event in enumerate(self.events):
                    yield Label(f"{i + 1}. {kind_label(event.kind)}: "
                                + t(self._points_key(event)))
                    with Horizontal(classes="setup-row"):
                        yield Input(event.name, id=f"event-{i}-name", compact=True,
                                    classes="setup-name")
                        yield Select(drivers, value=event.driver, id=f"event-{i}-driver",
                                     compact=True, allow_blank=False, classes="setup-driver")
                        yield Input(show_decimal(self._points(event)), id=f"event-{i}-points",
                                    compact=True, classes="setup-points")
                yield Label(t("Penalty points per fault"))
                for i, fault in enumerate(self.faults):
                    with Horizontal(classes="setup-row"):
                        yield Static(fault.name, classes="setup-name", markup=False)
                        yield Input(show_decimal(fault.points), id=f"fault-{i}-points", compact=True,
                                    classes="setup-points")
            yield Static("", id="form-error", markup=False)
            yield from self.save_buttons()

    @staticmethod
    def _points_key(event: Event) -> str:
        return (N_("points per wrong answer") if event.kind == THEORY
                else N_("points added for not finishing"))

    @staticmethod
    def _points(event: Event) -> float:
        return event.wrong_points if event.kind == THEORY else event.dnf_extra

    def on_mount(self) -> None:
        if self.events:
            self.query_one("#event-0-name", Input).focus()

    def _typed_points(self, field_id: str, field: str) -> float | None:
        """The points typed (a decimal comma is fine), or None with the field named."""
        box = self.query_one(f"#{field_id}", Input)
        typed = box.value.strip()
        try:
            value = parse_decimal(typed)
        except OutreachError:
            value = -1.0
        if value < 0:
            self.query_one("#form-error", Static).update(
                t("{field}: «{value}» is not a number of points (0 or more, e.g. 5 or 2,5).", field=field, value=typed))
            box.focus()
            return None
        return value

    def action_save(self) -> None:
        events: dict[str, EventChange] = {}
        for i, event in enumerate(self.events):
            name = " ".join(self.query_one(f"#event-{i}-name", Input).value.split())
            if not name:
                self.query_one("#form-error", Static).update(
                    t("The event «{event}» needs a name.", event=event.name))
                self.query_one(f"#event-{i}-name", Input).focus()
                return
            points = self._typed_points(f"event-{i}-points",
                                        f"{event.name}: {t(self._points_key(event))}")
            if points is None:
                return
            driver = str(self.query_one(f"#event-{i}-driver", Select).value)
            change = EventChange(name if name != event.name else None,
                                 driver if driver != event.driver else None,
                                 points if points != self._points(event) else None)
            if change != EventChange():
                events[event.slug] = change
        faults: dict[str, float] = {}
        for i, fault in enumerate(self.faults):
            points = self._typed_points(f"fault-{i}-points", fault.name)
            if points is None:
                return
            if points != fault.points:
                faults[fault.code] = points
        self.dismiss(SetupChanges(events, faults))

    def action_cancel(self) -> None:
        self.dismiss(None)
