"""Where to export the roster (the current filter) and in which flavour."""

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
from outreach.roster import guardians as roster
from outreach_screens.dialogs import PathDialog, button_row
from outreach_screens.widgets.tick import Tick


@dataclass(frozen=True)
class ExportChoice:
    path: Path
    filter: roster.Filter
    excel: bool
    redact: bool


class ExportDialog(PathDialog[ExportChoice | None]):
    """Asks for a path (.xlsx by default, or .csv); the export runs in the screen's worker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="export.cancel"),
    ]
    PATH_ID = "export-path"
    ERROR_ID = "export-error"

    def __init__(self, default: Path, flt: roster.Filter) -> None:
        super().__init__(default)
        self.filter = flt

    def compose(self) -> ComposeResult:
        scope = []
        if self.filter.group:
            scope.append(t("group {group}", group=self.filter.group))
        if self.filter.text:
            scope.append(t("search «{text}»", text=self.filter.text))
        if self.filter.no_consent_since:
            scope.append(t("consent to collect (a year old or none)"))
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Export the roster")
            yield Static(", ".join(scope) if scope else t("All guardians."), id="scope", classes="note",
                         markup=False)
            yield from self.path_fields(t("File to write (.xlsx, or .csv):"))
            # a file for people: XLSX by its name; a CSV in Russian gets Excel's dialect (BOM, «;»)
            yield Tick(t("CSV for Excel (UTF-8 with BOM, ';')"), value=excel_by_default(), id="excel")
            yield Tick(t("Mask phones and e-mails"), id="redact")
            yield from button_row(t("Export"), t("Cancel"))

    def submit(self) -> None:
        path = self.typed_file(t("Give a file name."))
        if path is None:
            return
        self.dismiss_writing(path, ExportChoice(path, self.filter, self.query_one("#excel", Checkbox).value,
                                                self.query_one("#redact", Checkbox).value))
