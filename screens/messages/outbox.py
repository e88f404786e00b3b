"""Every message with its state (draft, scheduled, sending, sent) and delivery counts:
search, open its log, duplicate it for another audience, schedule it, delete a draft.
Opened from the command palette; all work goes through `outreach.messages.compose` / `outreach.messages.outbox`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import sqlite_utils
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Input, Label, Static

from outreach.common.errors import OutreachError
from outreach.common.formats import parse_moment, show_moment, typed_moment
from outreach.common.i18n import N_, pt, t
from outreach.messages import compose, outbox
from outreach.messages.compose import MessageSummary
from outreach.messages.delivery.labels import count_label, state_label
from outreach.messages.delivery.send import settle_interrupted
from outreach_screens.bindings import LocalizedModalScreen, LocalizedScreen
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.key_gate import KeysWaitFor
from outreach_screens.messages.rsvp_dialog import RsvpScreen
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.store import Store
from outreach_screens.widgets.filled_table import fill_wrapped
from outreach_screens.widgets.key_footer import KeyFooter
from outreach_screens.widgets.table_layout import Column


class ListLoaded(Message):
    def __init__(self, rows: list[MessageSummary], audiences: dict[int, str]) -> None:
        super().__init__()
        self.rows = rows
        self.audiences = audiences
        """Each message's audience in words, by id."""


class ListChanged(Message):
    """A change was made (or refused: `error`); the list is loaded again."""

    def __init__(self, notice: str, error: bool = False) -> None:
        super().__init__()
        self.notice = notice
        self.error = error


def audience_typed(text: str) -> list[str]:
    """The audience a teacher typed: a class by its name («10Б», «Автошкола В-1»), everyone
    («все», «all»), or the CLI's audience specs in codes or words («group:10Б guardian:7»,
    «группа:10Б»)."""
    text = text.strip()
    if compose.AUDIENCE_KINDS.match(text) == "all":
        return ["all"]
    if ":" in text:
        return text.split()
    return [f"group:{text}"] if text else []


class TextPrompt(LocalizedModalScreen[str | None]):
    """One line of text; enter answers, escape cancels. `check` refuses bad text in place."""

    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt #dialog { width: 72; height: auto; border: thick $primary; background: $surface; padding: 0 1; }
    TextPrompt #prompt-error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="prompt.cancel"),
    ]

    def __init__(self, title: str, question: str, value: str = "",
                 check: Callable[[str], object] | None = None) -> None:
        super().__init__()
        self.title_text, self.question, self.value, self.check = title, question, value, check

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = self.title_text
            yield Label(self.question)
            yield Input(self.value, id="prompt-input")
            yield Static("", id="prompt-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#prompt-input", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            if self.check:
                self.check(event.value)
        except OutreachError as exc:
            self.query_one("#prompt-error", Static).update(exc.message)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


async def open_log(app: App[Any], message_id: int) -> None:
    """Switch to Messages (composed first, if it is new) and show the message's log."""
    await app.switch_mode("messages")
    screen = app.screen
    if isinstance(screen, MessagesScreen):
        screen.show_log(message_id, from_list=True)


def _check_when(text: str) -> None:
    """Empty (back to a draft) or a moment `parse_moment` reads."""
    if text.strip():
        parse_moment(text)


class MessageListScreen(LocalizedScreen[None]):
    """The messages list; escape goes back to where it was opened from."""

    CSS_PATH = Path(__file__).with_name("outbox.tcss")
    AUTO_FOCUS = "#list-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", N_("Back"), id="list.back"),
        Binding("slash", "focus_search", N_("Search"), key_display="/", id="list.search"),
        Binding("o,l,щ,д", "open", N_("Delivery log"),
                tooltip=N_("Show the highlighted message's delivery log in Messages (Enter does the same)"),
                id="list.open"),
        Binding("d,в", "duplicate", N_("Duplicate"), id="list.duplicate"),
        Binding("s,ы", "schedule", N_("Schedule"), id="list.schedule"),
        Binding("x,ч", "delete", N_("Delete draft"), id="list.delete"),
        Binding("a,ф", "answers", N_("Answers"), tooltip=N_("Who answered the message's «I'll come / I can't come» buttons, and who did not"), id="list.answers"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.rows: list[MessageSummary] = []
        self.audiences: dict[int, str] = {}

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#list-table", DataTable)

    @property
    def search(self) -> Input:
        return self.query_one("#list-search", Input)

    @property
    def highlighted(self) -> MessageSummary | None:
        row = self.table.cursor_row
        return self.rows[row] if self.rows and 0 <= row < len(self.rows) else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=t("Search by title, text or audience"), id="list-search", compact=True)
        table: DataTable[object] = DataTable(id="list-table", cursor_type="row", zebra_stripes=True)
        table.tooltip = t("Every message with its state: search, open, duplicate, delete a draft")
        yield table
        yield Label("", id="list-summary", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('Messages list')} · {self.store.name}"
        self.app.post_message(KeysWaitFor(self._load(self.search.value)))  # the keys typed after «m» act on the list

    def reload(self) -> None:
        self._load(self.search.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="message-list")
    def _load(self, search: str) -> None:
        with self.store.session() as db:
            settle_interrupted(db)  # a send killed midway is not shown as still sending
            rows = compose.list_messages(db, search)
            audiences = {row.id: compose.audience_words(db, compose.parse_audience(row.audience)) for row in rows}
        self.post_message(ListLoaded(rows, audiences))

    @on(ListLoaded)
    def _loaded(self, message: ListLoaded) -> None:
        self.rows, self.audiences = message.rows, message.audiences
        self._show_rows()
        self.query_one("#list-summary", Label).update("" if self.rows else t("No messages yet."))

    def _show_rows(self) -> None:
        """The rows with the title column as wide as the screen allows; the cursor stays."""
        cursor = self.table.cursor_row
        columns = [Column(t("No."), ratio=0), Column(t("Message"), ratio=2), Column(t("State"), ratio=0),
                   Column(t("Audience")), Column(pt("senddue.tui.col.counts", "Deliveries"), ratio=2)]
        lines: list[tuple[str | None, list[str]]] = [
            (str(row.id), [str(row.id), row.title, state_label(row), self.audiences[row.id],
                           ", ".join(f"{count_label(k)} {v}" for k, v in row.counts.items())])
            for row in self.rows]
        fill_wrapped(self.table, columns, lines, self.table.size.width)
        if self.rows:
            self.table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def on_resize(self) -> None:
        self._show_rows()

    @on(Input.Changed, "#list-search")
    def _search_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#list-search")
    def _search_done(self) -> None:
        self.table.focus()

    @on(DataTable.RowSelected, "#list-table")
    def _row_selected(self) -> None:
        self.action_open()

    def action_focus_search(self) -> None:
        self.search.focus()

    def action_open(self) -> None:
        """The message's delivery log in the Messages section."""
        row = self.highlighted
        if row is None:
            return
        self.app.pop_screen()
        self.app.call_later(open_log, self.app, row.id)

    def action_answers(self) -> None:
        """Who answered the message's «Приду / Не смогу», and who did not."""
        row = self.highlighted
        if row is not None:
            self.app.push_screen(RsvpScreen(self.store, row.id), lambda _: self.reload())

    def action_duplicate(self) -> None:
        row = self.highlighted
        if row is None:
            return

        def answered(audience: str | None) -> None:
            if audience and audience.strip():
                self._change(lambda db: t("Draft {id} made for {audience}.", audience=audience.strip(),
                                          id=outbox.duplicate(db, row.id, audience_typed(audience))))
        self.app.push_screen(TextPrompt(row.title, t("Send the same to the class (e.g. 10Б):"),
                                        check=lambda text: compose.parse_audience(audience_typed(text))),
                             answered)

    def action_schedule(self) -> None:
        row = self.highlighted
        if row is None:
            return
        current = row.send_at or ""

        def answered(text: str | None) -> None:
            if text is None:
                return
            when = parse_moment(text) if text.strip() else None
            self._change(lambda db: self._scheduled(db, row.id, when))
        shown = typed_moment(parse_moment(current)) if current else ""
        self.app.push_screen(TextPrompt(row.title, t("Send on (YYYY-MM-DD HH:MM; empty: keep as a draft):"), shown, _check_when),
                             answered)

    @staticmethod
    def _scheduled(db: sqlite_utils.Database, message_id: int, when: datetime | None) -> str:
        outbox.schedule(db, message_id, when)
        if when is None:
            return t("Message {id} is a draft again.", id=message_id)
        said = t("Message {id} will go out {when}.", id=message_id, when=show_moment(when))
        return " ".join(filter(None, (said, outbox.quiet_note(db, message_id, when))))

    @staticmethod
    def _deleted(db: sqlite_utils.Database, message_id: int) -> str:
        return outbox.delete_draft(db, message_id)

    def action_delete(self) -> None:
        row = self.highlighted
        if row is None:
            return

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._change(lambda db: self._deleted(db, row.id))
        self.app.push_screen(ConfirmScreen(t("Delete draft"), row.title,
                                           t("Delete draft {id} «{title}»?", id=row.id, title=row.title),
                                           t("Delete draft"), danger=True), confirmed)

    @work(thread=True, exit_on_error=False, group="message-list-change")
    def _change(self, change: Callable[[sqlite_utils.Database], str]) -> None:
        try:
            with self.store.session() as db:
                notice = change(db)
        except OutreachError as exc:
            self.post_message(ListChanged(exc.message, error=True))
            return
        self.post_message(ListChanged(notice))

    @on(ListChanged)
    def _changed(self, message: ListChanged) -> None:
        self.notify(message.notice, severity="error" if message.error else "information", markup=False)
        self.reload()
