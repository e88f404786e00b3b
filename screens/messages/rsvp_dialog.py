"""A message's answers by button: who will come, who will not, who has not answered. Keys put
«Приду / Не смогу» on a message that has none, and draft a reminder to the silent parents
(nothing is sent from here), and set when and where the event is (its e-mails' .ics). All work
goes through `outreach.rsvp` / `outreach.outbox`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import sqlite_utils
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from outreach.common.channel_names import channel_label
from outreach.common.errors import OutreachError
from outreach.common.formats import show_moment
from outreach.common.i18n import N_, pt, t
from outreach.messages import outbox, rsvp
from outreach.messages.rsvp import answer_label
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.key_gate import KeysWaitFor
from outreach_screens.messages.event_dialog import EventDialog, EventInput
from outreach_screens.store import Store
from outreach_screens.widgets.key_footer import KeyFooter


class TallyLoaded(Message):
    def __init__(self, tally: rsvp.Tally) -> None:
        super().__init__()
        self.tally = tally


class TallyChanged(Message):
    """A change was made (or refused: `error`); the tally is loaded again."""

    def __init__(self, notice: str, error: bool = False) -> None:
        super().__init__()
        self.notice = notice
        self.error = error


class RsvpScreen(LocalizedModalScreen[None]):
    CSS_PATH = Path(__file__).with_name("rsvp_dialog.tcss")
    AUTO_FOCUS = "#rsvp-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Close"), id="rsvp.close"),
        Binding("b,и", "ask", N_("Add buttons"), tooltip=N_("Put «I'll come / I can't come» buttons on this message (Telegram and MAX)"), id="rsvp.ask"),
        Binding("n,т", "remind", N_("Remind"), tooltip=N_("Draft the invitation again to the parents who have not answered; nothing is sent"), id="rsvp.remind"),
        Binding("w,ц", "event", N_("When/where"), tooltip=N_("When and where the event is: the e-mails carry it as a calendar invitation (.ics)"), id="rsvp.event"),
    ]

    def __init__(self, store: Store, message_id: int) -> None:
        super().__init__()
        self.store = store
        self.message_id = message_id
        self.tally: rsvp.Tally | None = None

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#rsvp-table", DataTable)

    @property
    def summary(self) -> Static:
        return self.query_one("#rsvp-summary", Static)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Answers to message {id}", id=self.message_id)
            yield Static("", id="rsvp-summary", markup=False)
            table: DataTable[Text] = DataTable(id="rsvp-table", cursor_type="row", zebra_stripes=True)
            table.tooltip = t("Parents of the message and their answers")
            yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.table.add_columns(t("Parent"), t("Channel"),
                               pt("rsvp.cli.col.answer", "Answer"), t("When"))
        self.app.post_message(KeysWaitFor(self.reload()))  # the keys typed after «a» move over the answers

    @work(thread=True, exclusive=True, exit_on_error=False, group="rsvp-load")
    def reload(self) -> None:
        with self.store.session() as db:
            tally = rsvp.tally(db, self.message_id)
        self.post_message(TallyLoaded(tally))

    @on(TallyLoaded)
    def _loaded(self, message: TallyLoaded) -> None:
        tally = self.tally = message.tally
        lines = [t("{title}: coming {yes}, not coming {no}, no answer {silent}.", title=tally.title, yes=tally.yes, no=tally.no, silent=tally.silent)]
        if not tally.asked:
            lines.append(t("This message has no answer buttons yet: B adds them before it is sent."))
        if tally.event is not None:
            lines.append(rsvp.event_line(tally.event))
        self.summary.update("\n".join(lines))
        self.table.clear()
        for person in tally.people:
            self.table.add_row(Text(person.name), Text(channel_label(person.shown_channel) if person.shown_channel else "—"),
                               Text(answer_label(person.answer)),
                               Text(show_moment(person.answered_at)),
                               key=str(person.guardian_id))

    def action_ask(self) -> None:
        def asked(db: sqlite_utils.Database) -> str:
            rsvp.ask(db, self.message_id)
            return t("Message {id} will carry «I'll come / I can't come» buttons.", id=self.message_id)
        self._change(asked)

    def action_remind(self) -> None:
        def reminded(db: sqlite_utils.Database) -> str:
            new_id, silent = outbox.remind_silent(db, self.message_id)
            return t("Reminder draft {id} for parents without an answer: {count}. Check and send it from the messages list.", id=new_id, count=len(silent))
        self._change(reminded)

    def action_event(self) -> None:
        """When and where the event is: the e-mails carry it as an .ics invitation."""
        if self.tally is None:
            return

        def typed(event: EventInput | None) -> None:
            if event is not None:
                self._change(lambda db: self._event_set(db, event))
        self.app.push_screen(EventDialog(self.tally.title, self.tally.event), typed)

    def _event_set(self, db: sqlite_utils.Database, typed: EventInput) -> str:
        event = rsvp.set_event(db, self.message_id, typed.starts_at, minutes=typed.minutes, place=typed.place,
                               title=typed.title)
        return t("Message {id}. {event}", id=self.message_id, event=rsvp.event_line(event))

    @work(thread=True, exit_on_error=False, group="rsvp-change")
    def _change(self, change: Callable[[sqlite_utils.Database], str]) -> None:
        try:
            with self.store.session() as db:
                notice = change(db)
        except OutreachError as exc:
            self.post_message(TallyChanged(exc.message, error=True))
            return
        self.post_message(TallyChanged(notice))

    @on(TallyChanged)
    def _changed(self, message: TallyChanged) -> None:
        self.notify(message.notice, severity="error" if message.error else "information", markup=False)
        self.reload()
