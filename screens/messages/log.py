"""The delivery log of past messages: status filter, retry of failed rows, the message's files."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Select
from textual.worker import Worker

from outreach.channels.call_list import write_message_lists
from outreach.common.channel_names import channel_label
from outreach.common.i18n import N_, t, t_fields
from outreach.messages import compose
from outreach.messages.compose import LogRow, MessageSummary
from outreach.messages.delivery.labels import (
    log_names,
    recipient,
    row_moment,
    row_note,
    status_label,
)
from outreach.messages.delivery.send import settle_interrupted
from outreach_screens.failures import notify_failure
from outreach_screens.store import Store
from outreach_screens.widgets.file_actions import show_path
from outreach_screens.widgets.filled_table import fill_wrapped
from outreach_screens.widgets.table_layout import Column

ALL_STATUSES = "\x00all"
SHORT_STATUS = 12  # «в очереди», «отправлено», «отправляется»: one line, read at a glance down the column
class LogLoaded(Message):
    def __init__(self, messages: list[MessageSummary], message_id: int | None, rows: list[LogRow],
                 names: dict[int, str], counts: dict[str, int]) -> None:
        super().__init__()
        self.messages = messages
        self.message_id = message_id
        self.rows = rows
        self.names = names
        self.counts = counts


class Retried(Message):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class FilesWritten(Message):
    """The message's lists were written beside its CSV files (`folder` None: it has none)."""

    def __init__(self, message_id: int, folder: Path | None, count: int) -> None:
        super().__init__()
        self.message_id = message_id
        self.folder = folder
        self.count = count


class MessageLog(Vertical):
    """Deliveries of one message (chosen at the top), filtered by status."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,к", "retry", N_("Retry"), tooltip=N_("Queue the highlighted failed delivery again"),
                id="messages.log.retry"),
        Binding("R,К", "retry_all", N_("Retry all failed"),
                tooltip=N_("Queue every failed delivery of this message again"), key_display="R",
                id="messages.log.retry_all"),
        Binding("s,ы", "focus_status", N_("Status"),
                tooltip=N_("Show deliveries in one status only"), id="messages.log.status"),
        Binding("m,ь", "focus_message", N_("Message"),
                tooltip=N_("Choose the message whose log is shown"), show=False, id="messages.log.message"),
    ]

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.message_id: int | None = None
        self.status: str | None = None
        self.rows: list[LogRow] = []
        self.lines: list[tuple[str, list[str]]] = []
        """The rows' cells as shown (key, texts), laid out again when the width changes."""
        self.summary = ""

    @property
    def message_select(self) -> Select[int]:
        return self.query_one("#log-message", Select)

    @property
    def status_select(self) -> Select[str]:
        return self.query_one("#log-status", Select)

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#log-table", DataTable)

    @property
    def highlighted(self) -> LogRow | None:
        index = self.table.cursor_row
        return self.rows[index] if self.rows and 0 <= index < len(self.rows) else None

    def compose(self) -> ComposeResult:
        with Horizontal(id="log-toolbar"):
            yield Select([], prompt="—", id="log-message",  # the summary says when there are none
                         compact=True, tooltip=t("Choose the message whose log is shown"))
            statuses = [(t("all statuses"), ALL_STATUSES),
                        *((status_label(s), s) for s in compose.STATUSES)]
            yield Select(statuses, value=ALL_STATUSES, allow_blank=False, id="log-status",
                         compact=True, tooltip=t("Show deliveries in one status only"))
        table: DataTable[Text] = DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
        table.tooltip = t("Delivery log: ↑↓ to choose a delivery; r retries a failed one")
        yield table
        yield Label("", id="log-summary", markup=False)

    def show_message(self, message_id: int | None) -> None:
        """Load the list of messages and the rows of `message_id` (default: the newest)."""
        self._load(message_id, self.status)

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-log")
    def _load(self, message_id: int | None, status: str | None) -> None:
        with self.store.session() as db:
            settle_interrupted(db)  # a send killed midway shows as unknown, not as still sending
            messages = compose.list_messages(db)
            ids = [m.id for m in messages]
            target = message_id if message_id in ids else (ids[0] if ids else None)
            rows = compose.delivery_log(db, target, [status] if status else []) if target else []
            names = log_names(db, rows)
            counts = compose.delivery_counts(db, target) if target else {}
        self.post_message(LogLoaded(messages, target, rows, names, counts))

    @on(LogLoaded)
    def _loaded(self, message: LogLoaded) -> None:
        message.stop()
        self.message_id, self.rows = message.message_id, message.rows
        with self.prevent(Select.Changed):
            self.message_select.set_options(
                [(self._message_label(m), m.id) for m in message.messages])
            if self.message_id is not None:
                self.message_select.value = self.message_id
        self.lines = [(str(row["id"]), [
            recipient(row, message.names),
            channel_label(str(row["channel"])) if row["channel"] else "—",
            status_label(str(row["status"])), row_note(row), row_moment(row)]) for row in message.rows]
        self._show_lines()
        self._summarise(message.counts)

    def _show_lines(self) -> None:
        """The rows in columns that fit the table's width, every text whole: a name or an
        error too long for its column wraps at its words, its row as tall as it needs; a
        status stays on one line («в очереди» wrapped read as two words)."""
        table = self.table
        cursor = table.cursor_row
        status = t("Status")
        columns = [Column(t("Parent"), ratio=2), Column(t("Channel"), ratio=0),
                   Column(status, width=status_width(status, [cells[2] for _, cells in self.lines])),
                   Column(t("Error")), Column(t("Sent / due"), ratio=0)]
        fill_wrapped(table, columns, self.lines, table.size.width)
        if self.lines:
            table.move_cursor(row=min(cursor, len(self.lines) - 1))

    def on_resize(self) -> None:
        self._show_lines()

    def _message_label(self, row: MessageSummary) -> str:
        """Its number and title: with its date too it did not fit the chooser at 80 columns
        (the messages list, m, says when each was written)."""
        return f"#{row.id} {row.title}"

    def _summarise(self, counts: dict[str, int]) -> None:
        """The same sentence, from the same query, as the notification after sending."""
        if self.message_id is None:
            text = t("No messages yet: compose one and save it (ctrl+s).")
        else:
            totals = t_fields("Message {id} in the log: sent {sent}, failed {failed}, waiting for quiet hours {deferred}, skipped {skipped}, written to files {exported}, unknown {unknown}, still queued {queued}.", {"id": self.message_id, **counts})
            text = t("Rows shown: {shown} · {counts}", shown=len(self.rows), counts=totals)
        self.summary = text
        self.query_one("#log-summary", Label).update(text)

    @on(Select.Changed, "#log-message")
    def _message_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value != self.message_id:
            self._load(event.value, self.status)

    @on(Select.Changed, "#log-status")
    def _status_chosen(self, event: Select.Changed) -> None:
        self.status = None if event.value in (ALL_STATUSES, Select.NULL) else str(event.value)
        self._load(self.message_id, self.status)

    # -- retry ----------------------------------------------------------------------------

    def action_retry(self) -> None:
        row = self.highlighted
        if row is None or row["status"] != "failed" or self.message_id is None:
            self.notify(t("Only a failed delivery can be retried; choose one (s filters by status)."), severity="warning", markup=False)
            return
        self._retry(self.message_id, [int(row["id"])])

    def action_retry_all(self) -> None:
        if self.message_id is not None:
            self._retry(self.message_id, [])

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-retry")
    def _retry(self, message_id: int, delivery_ids: list[int]) -> None:
        with self.store.session() as db:
            count = compose.retry(db, message_id, delivery_ids=delivery_ids)
        self.post_message(Retried(count))

    @on(Retried)
    def _retried(self, message: Retried) -> None:
        message.stop()
        self.notify(t("Deliveries queued again: {count}; send (ctrl+g) to deliver them.", count=message.count), markup=False)
        self._load(self.message_id, self.status)

    # -- the message's files --------------------------------------------------------------

    def show_files(self) -> None:
        """Write the message's lists for printing and Excel, then open its folder."""
        if self.message_id is not None:
            self._write_files(self.message_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-files")
    def _write_files(self, message_id: int) -> None:
        with self.store.session() as db:
            stored = compose.get_message(db, message_id).folder
        folder = Path(stored) if stored and Path(stored).is_dir() else None
        count = len(write_message_lists(folder)) if folder is not None else 0
        self.post_message(FilesWritten(message_id, folder, count))

    @on(FilesWritten)
    def _files_written(self, message: FilesWritten) -> None:
        message.stop()
        if message.folder is None:
            self.notify(t("Message {id} has no files yet: they appear once it is sent to files (SMS, calls, paper memos, posts).", id=message.message_id), severity="warning",
                        markup=False)
            return
        self.notify(t("Folder of message {id}: {path}. Lists for printing and Excel: {count}.", id=message.message_id, path=str(message.folder),
                      count=message.count), markup=False, timeout=10)
        show_path(self, message.folder)

    def action_focus_status(self) -> None:
        self.status_select.focus()

    def action_focus_message(self) -> None:
        self.message_select.focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)


def status_width(label: str, statuses: list[str]) -> int:
    """The status column's width: each short status on one line («в очереди» wrapped read as
    two words), a long one («неизвестно, дошло ли») wrapped at its words rather than taking the
    error's room at 80 columns."""
    return max([len(label), *(len(s) if len(s) <= SHORT_STATUS else max(map(len, s.split())) for s in statuses)])
