"""«Отсутствия» / Absences: the children announced absent today, by class (from the Inbox, `a`);
`x` writes the list as an Excel workbook beside the message folders."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label
from textual.worker import Worker

from outreach.common import clock, paths
from outreach.common.formats import show_day
from outreach.common.i18n import N_, t
from outreach.common.tabular import XLSX
from outreach.inbox.absence import Absence, absences, write_absences
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.failures import notify_failure
from outreach_screens.key_gate import KeysWaitFor
from outreach_screens.store import Store


class AbsencesLoaded(Message):
    def __init__(self, rows: list[Absence]) -> None:
        super().__init__()
        self.rows = rows


class AbsencesWritten(Message):
    def __init__(self, path: Path, count: int) -> None:
        super().__init__()
        self.path = path
        self.count = count


class AbsencesScreen(LocalizedModalScreen[None]):
    DEFAULT_CSS = """
    AbsencesScreen { align: center middle; }
    AbsencesScreen > Vertical { width: 76; height: 20; border: round $primary; background: $surface; }
    AbsencesScreen #absences-title { height: 1; margin: 0 1; }
    AbsencesScreen #absences-note { height: auto; max-height: 2; margin: 0 1; }
    AbsencesScreen #absences-hint { height: 1; margin: 0 1; color: $text-muted; }
    AbsencesScreen DataTable { height: 1fr; }
    """
    AUTO_FOCUS = "#absences"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Back"), tooltip=N_("Back to the inbox"), id="absences.back"),
        Binding("x,ч", "export", N_("To Excel"), tooltip=N_("Write the list as an Excel workbook (.xlsx)"),
                id="absences.export"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.day = clock.today()
        self.rows: list[Absence] = []

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#absences", DataTable)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(t("Absences on {day}", day=show_day(self.day)), id="absences-title",
                        markup=False)
            yield DataTable(id="absences", cursor_type="row")
            yield Label("", id="absences-note", markup=False)
            yield Label(t("x — write the list for Excel (.xlsx) · esc — back"), id="absences-hint", markup=False)

    def on_mount(self) -> None:
        self.table.add_columns(t("Class"), t("Student"), t("Parent"), t("Thanked"))
        self.app.post_message(KeysWaitFor(self._load()))  # the keys typed after «a» move over the list

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-absences")
    def _load(self) -> None:
        with self.store.session() as db:
            self.post_message(AbsencesLoaded(absences(db, self.day)))

    @on(AbsencesLoaded)
    def _show(self, event: AbsencesLoaded) -> None:
        self.rows = event.rows
        for row in event.rows:
            self.table.add_row(row.group, f"{row.student} (?)" if row.unsure else row.student, row.guardian,
                               row.thanks_label())
        if not event.rows:
            self.query_one("#absences-title", Label).update(
                t("No absences noted for {day}.", day=show_day(self.day)))

    @on(DataTable.RowHighlighted, "#absences")
    def _note(self, event: DataTable.RowHighlighted) -> None:
        """How the highlighted row's note was read (a guessed child, a span of days)."""
        note = self.rows[event.cursor_row].note() if event.cursor_row < len(self.rows) else ""
        self.query_one("#absences-note", Label).update(note)

    def action_export(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-absences-export")
    def _export(self) -> None:
        with self.store.session() as db:
            rows = absences(db, self.day)
            path = paths.messages_dir(paths.database_file(db)) / f"absences-{self.day.isoformat()}{XLSX}"
        self.post_message(AbsencesWritten(path, write_absences(path, rows)))

    @on(AbsencesWritten)
    def _written(self, event: AbsencesWritten) -> None:
        self.notify(t("Absent children: {count}. The list for Excel: {path}", count=event.count, path=str(event.path)),
                    markup=False, timeout=12)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)
