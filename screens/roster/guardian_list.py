"""A list of given guardians (the unreachable, those without consent) in a modal, paged.

Enter opens the highlighted guardian in the Roster section; `p` picks them in the screen
that opened the list; `x` writes the list to print and for Excel, `o` opens it. Dismisses
with (what, guardian) or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label
from textual.worker import Worker

from outreach.channels.call_list import Written, call_sheet, write_sheet
from outreach.common import paths
from outreach.common.i18n import N_, t
from outreach.roster import guardians as roster
from outreach.roster.records import Guardian
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.failures import notify_failure
from outreach_screens.key_gate import KeysWaitFor
from outreach_screens.roster.rows import guardian_row, roster_columns, year_old_before
from outreach_screens.store import Store
from outreach_screens.widgets.file_actions import show_path
from outreach_screens.widgets.key_footer import KeyFooter
from outreach_screens.widgets.paged_table import PagedTable, TableRow

Choice = tuple[Literal["roster", "pick"], Guardian]


class GuardianIdsSource:
    """The guardians with these ids, in the given order, fetched a page at a time."""

    def __init__(self, store: Store, ids: Sequence[int]) -> None:
        self.store = store
        self.ids = list(ids)

    def count(self) -> int:
        return len(self.ids)

    def fetch(self, offset: int, limit: int) -> list[TableRow]:
        year_old = year_old_before()
        with self.store.session() as db:
            return [guardian_row(roster.get_guardian(db, gid), year_old)
                    for gid in self.ids[offset:offset + limit]]


class ListWritten(Message):
    def __init__(self, written: Written) -> None:
        super().__init__()
        self.written = written


class GuardianList(LocalizedModalScreen[Choice | None]):
    """A titled, paged table of guardians; enter jumps to the roster, p picks here."""

    CSS_PATH = Path(__file__).with_name("guardian_list.tcss")
    AUTO_FOCUS = "#guardian-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,r,к", "choose('roster')", N_("Open in roster"),
                key_display="⏎", tooltip=N_("Switch to the Roster section with this parent found"), id="list.roster"),
        Binding("p,з", "choose('pick')", N_("Pick here"),
                tooltip=N_("Show this parent's channels in the Channels section"), id="list.pick"),
        Binding("x,ч", "export", N_("Print & Excel"), tooltip=N_("Write this list for printing (HTML) and for Excel (XLSX) into the database's folder"),
                id="list.export"),
        Binding("o,щ", "open_file", N_("Open"), tooltip=N_("Open the written list in the browser to print it"),
                id="list.open_file"),
        Binding("escape", "close", N_("Close"), id="list.close"),
    ]

    def __init__(self, store: Store, title: str, ids: Sequence[int],
                 sheet_stem: str | None = None) -> None:
        """`sheet_stem` names the files `x` writes (no export without it)."""
        super().__init__()
        self.store = store
        self.list_title = title
        self.ids = list(ids)
        self.sheet_stem = sheet_stem
        self.written: Written | None = None

    @property
    def table(self) -> PagedTable:
        return self.query_one("#guardian-list", PagedTable)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content(self.list_title)
            yield PagedTable(roster_columns(), id="guardian-list",
                             empty_text=t("Nobody here."))
            yield Label(t("enter: open in the roster · p: pick here · esc: close"), id="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        # the keys typed after «u» or «n» move over the parents and pick one once they are listed
        self.app.post_message(KeysWaitFor(self.table.load(GuardianIdsSource(self.store, self.ids))))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and self.table.highlighted_row is None:
            return False
        if action == "export":
            return self.sheet_stem is not None
        if action == "open_file":
            return self.written is not None
        return True

    @on(PagedTable.Highlighted, "#guardian-list")
    def _highlighted(self) -> None:
        self.refresh_bindings()

    def action_choose(self, what: Literal["roster", "pick"]) -> None:
        row = self.table.highlighted_row
        if row is not None:
            self.dismiss((what, row.data))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        if self.sheet_stem is not None:
            self._export(self.sheet_stem)

    @work(thread=True, exclusive=True, exit_on_error=False, group="list-export")
    def _export(self, stem: str) -> None:
        with self.store.session() as db:
            sheet = call_sheet(db, self.ids, self.list_title)
            folder = paths.messages_dir(paths.database_file(db))
        self.post_message(ListWritten(write_sheet(sheet, folder, stem)))

    @on(ListWritten)
    def _written(self, message: ListWritten) -> None:
        self.written = written = message.written
        self.notify(t("Rows written: {count}. To print: {html}; for Excel: {xlsx}. Press o to open.", count=written.rows, html=str(written.html),
                      xlsx=str(written.xlsx)), markup=False, timeout=12)
        self.refresh_bindings()

    def action_open_file(self) -> None:
        if self.written is not None:
            show_path(self, self.written.html)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)
