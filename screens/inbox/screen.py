"""The Inbox section: threads per parent and channel with unread counts; open one to read it
(marked read), answer over the same channel, mark it done, fetch now. The app polls for new
messages in the background (`InboxWatch`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Header, Label, Static, TextArea
from textual.worker import Worker

from outreach.common.channel_names import channel_label
from outreach.common.formats import show_moment
from outreach.common.i18n import N_, t
from outreach.inbox.fetch import fetch, fetched_note, sources_configured
from outreach.inbox.reply import Answer, answer_address, reply
from outreach.inbox.threads import (
    InboxMessage,
    Thread,
    count_threads,
    get_thread,
    list_threads,
    mark_done,
    mark_read,
    thread_messages,
    thread_text,
    unread_total,
)
from outreach_screens.bindings import LocalizedScreen
from outreach_screens.failures import notify_failure
from outreach_screens.store import Store
from outreach_screens.widgets.key_footer import KeyFooter
from outreach_screens.widgets.paged_table import PagedTable, TableRow
from outreach_screens.widgets.table_layout import Column
from outreach_screens.widgets.text_box import TextBox


@dataclass
class ThreadSource:
    """The threads, the latest first, paged from SQLite (worker threads): opening the inbox
    costs the same with 50 messages or 50,000."""

    store: Store

    def count(self) -> int:
        with self.store.session() as db:
            return count_threads(db)

    def fetch(self, offset: int, limit: int) -> list[TableRow]:
        with self.store.session() as db:
            threads = list_threads(db, limit=limit, offset=offset)
        return [TableRow(thread.thread, (thread.name, channel_label(thread.channel), show_moment(thread.last_at),
                                         str(thread.unread or ("" if thread.open else "✓"))), thread)
                for thread in threads]


class UnreadCounted(Message):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class ThreadOpened(Message):
    def __init__(self, thread: Thread, messages: list[InboxMessage], answer_to: str) -> None:
        super().__init__()
        self.thread = thread
        self.messages = messages
        self.answer_to = answer_to


class InboxChanged(Message):
    """Something was written (an answer, done, a fetch); reload and say what."""

    def __init__(self, note: str, thread_id: int | None) -> None:
        super().__init__()
        self.note = note
        self.thread_id = thread_id


def answer_note(answer: Answer) -> str:
    if answer.sent:
        return t("The answer went out (message {id}).", id=answer.message_id)
    if answer.deferred:
        return t("The answer waits for the parent's quiet hours to end (message {id}).", id=answer.message_id)
    return t("The answer was not sent (message {id}): see outreach message log {id}.", id=answer.message_id)


class InboxScreen(LocalizedScreen[None]):
    CSS_PATH = Path(__file__).with_name("screen.tcss")
    AUTO_FOCUS = "#threads"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """On a narrow terminal an open thread takes the whole width (the list beside it would
    leave each name a few letters a line); escape goes back to the list."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", N_("Open"), tooltip=N_("Show the parent's messages and mark them read"), id="inbox.open"),
        Binding("r,к", "answer", N_("Answer"), tooltip=N_("Answer the parent over the same channel"), id="inbox.reply"),
        Binding("d,в", "done", N_("Done"), tooltip=N_("Mark the parent's messages as dealt with"), id="inbox.done"),
        Binding("a,ф", "absences", N_("Absences"), tooltip=N_("Children announced absent today"),
                id="inbox.absences"),
        Binding("f,а", "fetch", N_("Fetch"), tooltip=N_("Fetch new messages now"), id="inbox.fetch"),
        Binding("c,с", "quotes(True)", N_("Show quoted text"),
                tooltip=N_("Show the parent's e-mail whole, with the letter it quotes"), id="inbox.quotes.show"),
        Binding("c,с", "quotes(False)", N_("Hide quoted text"),
                tooltip=N_("Show only what the parent wrote"), id="inbox.quotes.hide"),
        Binding("ctrl+s", "send", N_("Send"), tooltip=N_("Send the answer"), id="inbox.send"),
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the inbox"), show=False,
                id="inbox.back"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.current: Thread | None = None
        self.messages: list[InboxMessage] = []
        self.quotes = False

    @property
    def table(self) -> PagedTable:
        return self.query_one("#threads", PagedTable)

    @property
    def view(self) -> Static:
        return self.query_one("#thread-view", Static)

    @property
    def answer_box(self) -> TextArea:
        return self.query_one("#answer", TextArea)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            table = PagedTable([Column(t("Parent"), ratio=3), Column(t("Channel"), width=9),
                                Column(t("Last message"), width=18), Column(t("New"), width=5)],
                               empty_text=t("The inbox is empty."), id="threads")
            table.tooltip = t("Show the parent's messages and mark them read")
            yield table
            with Vertical(id="thread-pane"):
                with VerticalScroll(id="thread-scroll"):
                    yield Static("", id="thread-view", markup=False)
                yield Label("", id="answer-heading", markup=False)
                yield TextBox(id="answer", placeholder=t("Your answer; ctrl+s sends it"))
        yield Label("", id="message", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "outreach"
        self._show_pane(False)
        self.sub_title = f"{t('Inbox')} · {self.store.name}"
        self.table.load(ThreadSource(self.store))
        self._count_unread()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.reload()

    def reload(self) -> None:
        self.table.reload()
        self._count_unread()

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-unread")
    def _count_unread(self) -> None:
        with self.store.session() as db:
            self.post_message(UnreadCounted(unread_total(db)))

    @on(UnreadCounted)
    def _show_unread(self, event: UnreadCounted) -> None:
        self.sub_title = f"{t('Inbox · unread: {count}', count=event.count)} · {self.store.name}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter, r and d are dimmed while there is no thread to act on; ^s is shown only in
        an answer being written (it sent nothing, and said nothing, anywhere else)."""
        if action in ("open", "answer", "done"):
            return True if self._selected() is not None else None
        if action == "send":
            return self.is_mounted and self.current is not None and self.answer_box.has_focus
        if action == "quotes":
            return self.current is not None and parameters[0] != self.quotes \
                and any(message.reply().quoted for message in self.messages)
        return True

    @on(PagedTable.Loaded, "#threads")
    @on(PagedTable.Highlighted, "#threads")
    def _threads_changed(self) -> None:
        self.refresh_bindings()

    def action_open(self) -> None:
        row = self.table.highlighted_row
        if row is not None:
            self._open(row.key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-open")
    def _open(self, thread_id: int) -> None:
        with self.store.session() as db:
            mark_read(db, thread_id)
            thread = get_thread(db, thread_id)
            messages = thread_messages(db, thread_id)
            answer_to = answer_address(db, thread)
        self.post_message(ThreadOpened(thread, messages, answer_to))

    @on(ThreadOpened)
    def _show_thread(self, event: ThreadOpened) -> None:
        if self.current is None or self.current.thread != event.thread.thread:
            self.quotes = False
        self.current = event.thread
        self.messages = event.messages
        self._show_pane(True)
        self.view.update(thread_text(event.thread, event.messages, self.quotes))
        channel = channel_label(event.thread.channel)
        self.query_one("#answer-heading", Label).update(
            t("Answer to {address}, who wrote in {name}'s thread ({channel})", address=event.answer_to,
              name=event.thread.name, channel=channel) if event.answer_to
            else t("Answer to {name} ({channel})", name=event.thread.name, channel=channel))
        self.query_one("#thread-scroll", VerticalScroll).scroll_end(animate=False)
        self.reload()
        self.refresh_bindings()

    def action_quotes(self, shown: bool) -> None:
        """Our letter quoted in a parent's e-mail, shown or hidden again."""
        if self.current is not None:
            self.quotes = shown
            self.view.update(thread_text(self.current, self.messages, shown))
            self.refresh_bindings()

    def _selected(self) -> int | None:
        if self.current is not None:
            return self.current.thread
        row = self.table.highlighted_row
        return None if row is None else row.key

    def action_answer(self) -> None:
        thread_id = self._selected()
        if thread_id is None:
            self.notify(t("Choose a thread first."), severity="warning", markup=False)
            return
        if self.current is None or self.current.thread != thread_id:
            self._open(thread_id)
        self.answer_box.focus()

    def action_send(self) -> None:
        if self.current is None or not self.answer_box.has_focus:
            return
        self._send(self.current.thread, self.answer_box.text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-send")
    def _send(self, thread_id: int, text: str) -> None:
        with self.store.session() as db:
            answer = reply(db, thread_id, text)
        self.app.call_from_thread(self.answer_box.clear)
        self.post_message(InboxChanged(answer_note(answer), thread_id))

    def action_done(self) -> None:
        thread_id = self._selected()
        if thread_id is not None:
            self._done(thread_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-done")
    def _done(self, thread_id: int) -> None:
        with self.store.session() as db:
            thread = mark_done(db, thread_id)
        self.post_message(InboxChanged(t("{name}: the messages are marked done.", name=thread.name), thread_id))

    def action_absences(self) -> None:
        from outreach_screens.inbox.absences import AbsencesScreen

        self.app.push_screen(AbsencesScreen(self.store))

    def action_fetch(self) -> None:
        self._fetch()

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-fetch")
    def _fetch(self) -> None:
        with self.store.session() as db:
            if not sources_configured(db):
                self.app.call_from_thread(self.notify, t("Nothing to fetch yet: set up a mailbox or a bot in Settings (0)."),
                                          severity="warning", markup=False)
                return
            report = fetch(db)
        self.post_message(InboxChanged(" ".join([fetched_note(report), *report.problems]), None))

    @on(InboxChanged)
    def _changed(self, event: InboxChanged) -> None:
        self.notify(event.note, markup=False)
        if event.thread_id is not None and self.current is not None and self.current.thread == event.thread_id:
            self._open(event.thread_id)
        else:
            self.reload()

    def action_back(self) -> None:
        if self.answer_box.has_focus or self.current is not None:
            self.current = None
            self.messages = []
            self._show_pane(False)
            self.table.focus()
            self.refresh_bindings()

    def _show_pane(self, shown: bool) -> None:
        self.query_one("#thread-pane").display = shown
        self.set_class(shown, "-reading")
        if shown and self.has_class("-narrow") and self.table.has_focus:
            self.query_one("#thread-scroll", VerticalScroll).focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)
