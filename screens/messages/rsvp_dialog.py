"""A message's answers by button: who will come, who will not, who has not answered. Keys put
«Приду / Не смогу» on a message that has none, and draft a reminder to the silent parents
(nothing is sent from here). All work goes through `outreach.rsvp` / `outreach.outbox`."""

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

from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.messages import outbox, rsvp
from outreach_screens.bindings import LocalizedModalScreen
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
        Binding("escape", "dismiss", "rsvp.tui.key.close", id="rsvp.close"),
        Binding("b,и", "ask", "rsvp.tui.key.ask", tooltip="rsvp.tui.key.ask.tip", id="rsvp.ask"),
        Binding("n,т", "remind", "rsvp.tui.key.remind", tooltip="rsvp.tui.key.remind.tip", id="rsvp.remind"),
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
            dialog.border_title = t("rsvp.tui.title", id=self.message_id)
            yield Static("", id="rsvp-summary", markup=False)
            table: DataTable[Text] = DataTable(id="rsvp-table", cursor_type="row", zebra_stripes=True)
            table.tooltip = t("rsvp.tui.table")
            yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        self.table.add_columns(t("messages.col.guardian"), t("messages.col.channel"),
                               t("rsvp.cli.col.answer"), t("rsvp.cli.col.when"))
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="rsvp-load")
    def reload(self) -> None:
        with self.store.session() as db:
            tally = rsvp.tally(db, self.message_id)
        self.post_message(TallyLoaded(tally))

    @on(TallyLoaded)
    def _loaded(self, message: TallyLoaded) -> None:
        tally = self.tally = message.tally
        lines = [t("rsvp.cli.totals", title=tally.title, yes=tally.yes, no=tally.no, silent=tally.silent)]
        if not tally.asked:
            lines.append(t("rsvp.tui.not_asked"))
        self.summary.update("\n".join(lines))
        self.table.clear()
        for person in tally.people:
            self.table.add_row(Text(person.name), Text(person.channel),
                               Text(t(f"rsvp.answer.{person.answer or 'none'}")),
                               Text((person.answered_at or "")[:16].replace("T", " ")),
                               key=str(person.guardian_id))

    def action_ask(self) -> None:
        def asked(db: sqlite_utils.Database) -> str:
            rsvp.ask(db, self.message_id)
            return t("rsvp.tui.asked", id=self.message_id)
        self._change(asked)

    def action_remind(self) -> None:
        def reminded(db: sqlite_utils.Database) -> str:
            new_id, silent = outbox.remind_silent(db, self.message_id)
            return t("rsvp.tui.reminder", id=new_id, count=len(silent))
        self._change(reminded)

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
