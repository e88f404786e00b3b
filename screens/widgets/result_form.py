"""The keyboard-first result entry form: event (sticky), start number, time, answers, faults."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, Select

from outreach.common.errors import OutreachError
from outreach.common.formats import show_decimal
from outreach.common.i18n import pt, t
from outreach.contest.entry import in_field, read_fault_line, read_run, read_wrong
from outreach.contest.standings import THEORY, driver_label
from outreach.contest.store import Event, Fault, fault_word
from outreach_screens.widgets.tick import Tick


@dataclass(frozen=True)
class Entry:
    """What the form holds, checked for shape; the domain checks the rest."""

    number: int
    slug: str
    time: float | None
    wrong: int | None
    faults: dict[str, int]
    dnf: bool
    dsq: str | None


class ResultForm(Vertical):
    """Enter on any field saves; the event stays chosen for the next team."""

    DEFAULT_CSS = """
    ResultForm {
        height: auto;
        padding: 0 1;
        border-top: solid $primary;
        border-title-align: left;
        border-title-color: $text-primary;
        Horizontal { height: auto; margin-top: 1; }  /* the hint wraps rather than being cut */
        Select { width: 26; }
        #rf-number { width: 8; }
        #rf-time { width: 11; }
        #rf-wrong { width: 10; }
        #rf-faults { width: 1fr; }
        Checkbox { width: auto; }
        #rf-dsq { width: 24; }
        #rf-hint { width: 1fr; height: auto; padding-left: 1; color: $text-muted; }
        #rf-preview { width: 1fr; height: auto; max-height: 3; margin-top: 1; color: $text-accent; text-style: bold; }
        #rf-preview.-error { color: $text-error; }
    }
    """

    class Changed(Message):
        """The form's content changed (for the live rank preview)."""

    class Submitted(Message):
        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, events: list[Event], faults: list[Fault], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events = events
        self.faults = faults

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Select([(e.name, e.slug) for e in self.events], allow_blank=False,
                         value=self.events[0].slug if self.events else Select.NULL,
                         id="rf-event", compact=True)
            yield Input(placeholder=t("No."), id="rf-number", type="integer",
                        compact=True)
            yield Input(placeholder=t("time, s"), id="rf-time", compact=True)
            yield Input(placeholder=t("wrong"), id="rf-wrong", compact=True)
            yield Input(placeholder=t("faults: cone=2 stall"), id="rf-faults", compact=True)
        with Horizontal():
            yield Tick(pt("contest.tui.form.dnf", "DNF"), id="rf-dnf", compact=True)
            yield Input(placeholder=t("DSQ reason"), id="rf-dsq", compact=True)
            yield Label("", id="rf-hint", markup=False)
        yield Label("", id="rf-preview", markup=False)

    def on_mount(self) -> None:
        self.border_title = t("Result")
        self._event_changed()

    # -- accessors -----------------------------------------------------------------------

    def _input(self, name: str) -> Input:
        return self.query_one(f"#rf-{name}", Input)

    @property
    def event(self) -> Event | None:
        value = self.query_one("#rf-event", Select).value
        return next((e for e in self.events if e.slug == value), None)

    def focus_number(self) -> None:
        self._input("number").focus()

    def select_event(self, slug: str) -> None:
        self.query_one("#rf-event", Select).value = slug

    # -- reading -------------------------------------------------------------------------

    def entry(self) -> Entry | None:
        """The entry, or None while the number is not typed yet; OutreachError when malformed."""
        event = self.event
        number_text = self._input("number").value.strip()
        if event is None or not number_text:
            return None
        try:
            number = int(number_text)
        except ValueError:
            raise in_field(t("Start №"), OutreachError(t("The start number must be a positive whole number, not {number}.", number=number_text))) from None
        time, dnf_typed = read_run(self._input("time").value, t("Time"), t("Faults"))  # «сход» typed there too
        wrong = (read_wrong(self._input("wrong").value, t("Wrong answers"), event.questions)
                 if event.kind == THEORY else None)
        faults = read_fault_line(self._input("faults").value, t("Faults"), t("time, s"))
        dsq = self._input("dsq").value.strip() or None
        return Entry(number, event.slug, time, wrong, faults,
                     self.query_one("#rf-dnf", Checkbox).value or dnf_typed, dsq)

    def missing(self, entry: Entry) -> str | None:
        """What the entry lacks before it can be saved, in the form's words (the domain's
        refusals name the CLI's options); None when it is whole."""
        event = self.event
        if entry.dsq is not None or event is None:
            return None
        if entry.dnf and entry.time is not None:
            return t("{field}: «DNF» is ticked and a time typed; keep one of them.", field=t("Time"))
        if entry.dnf:
            return None
        if event.kind == THEORY and entry.wrong is None:
            return t("{field}: type the number of wrong answers, tick «DNF» or give the reason of a disqualification.", field=t("Wrong answers"))
        if event.kind != THEORY and entry.time is None:
            return t("{field}: type the time, tick «DNF» or give the reason of a disqualification.", field=t("Time"))
        return None

    def holds_entry(self) -> bool:
        """Whether a result is typed in (beyond the start number): work quitting would lose."""
        return (any(self._input(name).value.strip() for name in ("time", "wrong", "faults", "dsq"))
                or self.query_one("#rf-dnf", Checkbox).value)

    def clear_for_next(self) -> None:
        """Empty everything but the event; the cursor goes back to the number."""
        for name in ("number", "time", "wrong", "faults", "dsq"):
            self._input(name).value = ""
        self.query_one("#rf-dnf", Checkbox).value = False
        self.focus_number()

    def show(self, text: str, error: bool = False) -> None:
        preview = self.query_one("#rf-preview", Label)
        preview.set_class(error, "-error")
        preview.update(text)

    # -- events --------------------------------------------------------------------------

    @on(Select.Changed, "#rf-event")
    def _event_changed(self) -> None:
        event = self.event
        if event is None:
            return
        wrong = self._input("wrong")
        wrong.disabled = event.kind != THEORY
        points = {f.code: f.points for f in self.faults}
        if event.kind == THEORY:
            hint = t("questions: {questions}, points per wrong answer: {points}; time breaks ties", questions=event.questions,
                     points=show_decimal(event.wrong_points))
        else:
            hint = " · ".join(f"{fault_word(code)} +{show_decimal(points.get(code))}" for code in event.faults)
        self.query_one("#rf-hint", Label).update(f"{driver_label(event.driver)}: {hint}")
        self.post_message(self.Changed())

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Changed())

    @on(Input.Submitted)
    @on(Tick.Submitted)
    def _submitted(self, event: Message) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        """Enter in any field: the entry to the screen to save, or what is wrong with it."""
        try:
            entry = self.entry()
        except OutreachError as exc:
            self.show(exc.message, error=True)
            return
        if entry is None:
            self.show(t("Type the team's start number."), error=True)
            self.focus_number()
            return
        missing = self.missing(entry)
        if missing is not None:
            self.show(missing, error=True)
            return
        self.post_message(self.Submitted(entry))
