"""The keys of the current section and of the app, in a modal."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from outreach.common.i18n import N_, t
from outreach_screens.bindings import LocalizedModalScreen


class HelpScreen(LocalizedModalScreen[None]):
    """Lists (keys, what they do) rows given by the app."""

    CSS_PATH = Path(__file__).with_name("help.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,й,question_mark,f1", "close", N_("Close"), id="help.close"),
    ]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    @property
    def keys_table(self) -> DataTable[Text]:
        return self.query_one("#keys", DataTable)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Keys")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Label(t("Esc closes. Ctrl+P opens the command palette."), id="help-footer")

    def on_mount(self) -> None:
        table = self.keys_table
        table.add_columns(t("Keys"), t("Action"))
        table.add_rows([Text(keys), Text(action)] for keys, action in self.rows)
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
