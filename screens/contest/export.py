"""Where to write the contest's standings and protocol, and as what (XLSX by default)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Checkbox, Static

from outreach.common.i18n import N_, t
from outreach.common.tabular import excel_by_default
from outreach_screens.dialogs import PathDialog, button_row
from outreach_screens.widgets.tick import Tick


@dataclass(frozen=True)
class ContestExport:
    """The folder, and the files' format: workbooks, or CSV (in Excel's dialect or not)."""

    directory: Path
    xlsx: bool
    excel: bool


class ContestExportDialog(PathDialog[ContestExport | None]):
    """Asks for a directory; the export runs in the scoreboard's worker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Close"), id="contest_export.cancel"),
    ]
    PATH_ID = "contest-export-path"
    ERROR_ID = "contest-export-error"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Export the contest")
            yield Static(t("the standings and the protocol (every team × event)"), markup=False)
            yield from self.path_fields(t("Directory"))
            yield Tick(t("Excel workbooks (.xlsx); unticked: CSV"), value=True, id="contest-export-xlsx")
            yield Tick(t("CSV for Excel (UTF-8 with BOM, ';')"), value=excel_by_default(),
                           id="contest-export-excel")  # for CSV: Russian Excel's dialect unless unticked
            yield from button_row(t("Export"), t("Cancel"))

    def submit(self) -> None:
        path = self.typed_path(t("Give a directory."))
        if path is None:
            return
        if path.exists() and not path.is_dir():
            self.show_error(t("This is a file; give a directory."))
            return
        self.dismiss(ContestExport(path, self.query_one("#contest-export-xlsx", Checkbox).value,
                                   self.query_one("#contest-export-excel", Checkbox).value))
