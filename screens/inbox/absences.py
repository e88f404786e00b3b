"""«Отсутствия» / Absences: the children announced absent today, by class (from the Inbox, `a`)."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Label
from textual.worker import Worker

from outreach.common import clock
from outreach.common.i18n import N_, t
from outreach.inbox.absence import Absence, absences
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.failures import notify_failure
from outreach_screens.store import Store


class AbsencesLoaded(Message):
    def __init__(self, rows: list[Absence]) -> None:
        super().__init__()
        self.rows = rows


class AbsencesScreen(LocalizedModalScreen[None]):
    DEFAULT_CSS = """
    AbsencesScreen { align: center middle; }
    AbsencesScreen > Vertical { width: 76; height: 20; border: round $primary; background: $surface; }
    AbsencesScreen #absences-title { height: 1; margin: 0 1; }
    AbsencesScreen DataTable { height: 1fr; }
    """
    AUTO_FOCUS = "#absences"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Back"), tooltip=N_("Back to the inbox"), id="absences.back"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.day = clock.today()

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#absences", DataTable)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(t("Absences on {day}", day=self.day.strftime("%d.%m.%Y")), id="absences-title",
                        markup=False)
            yield DataTable(id="absences", cursor_type="row")

    def on_mount(self) -> None:
        self.table.add_columns(t("Class"), t("Student"), t("Parent"),
                               t("Thanked"))
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="inbox-absences")
    def _load(self) -> None:
        with self.store.session() as db:
            self.post_message(AbsencesLoaded(absences(db, self.day)))

    @on(AbsencesLoaded)
    def _show(self, event: AbsencesLoaded) -> None:
        for row in event.rows:
            self.table.add_row(row.group, row.student, row.guardian, "✓" if row.acknowledged else "")
        if not event.rows:
            self.query_one("#absences-title", Label).update(
                t("No absences noted for {day}.", day=self.day.strftime("%d.%m.%Y")))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)
