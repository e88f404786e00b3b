"""Where to export the roster (the current filter) and in which flavour."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from outreach import roster
from outreach.i18n import t

from .bindings import localize_bindings


@dataclass(frozen=True)
class ExportChoice:
    path: Path
    filter: roster.Filter
    excel: bool
    redact: bool


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Asks for a CSV path; the export itself runs in the roster screen's worker."""

    CSS_PATH = "export_dialog.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel", id="export.cancel"),
    ]

    def __init__(self, default: Path, flt: roster.Filter) -> None:
        super().__init__()
        localize_bindings(self)
        self.default = default
        self.filter = flt

    @property
    def path_input(self) -> Input:
        return self.query_one("#export-path", Input)

    def compose(self) -> ComposeResult:
        scope = []
        if self.filter.group:
            scope.append(t("tui.export.scope_group", group=self.filter.group))
        if self.filter.text:
            scope.append(t("tui.export.scope_search", text=self.filter.text))
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("tui.export.title")
            yield Static(", ".join(scope) if scope else t("tui.export.scope_all"), id="scope",
                         markup=False)
            yield Label(t("tui.export.path"))
            yield Input(str(self.default), id="export-path")
            yield Static("", id="export-error", markup=False)
            yield Checkbox(t("tui.export.excel"), id="excel")
            yield Checkbox(t("tui.export.redact"), id="redact")
            with Horizontal(id="buttons"):
                yield Button(t("tui.button.export"), id="go", variant="primary")
                yield Button(t("tui.button.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.path_input.focus()

    def _submit(self) -> None:
        text = self.path_input.value.strip()
        if not text:
            self.query_one("#export-error", Static).update(t("tui.export.path_required"))
            return
        path = Path(text).expanduser()
        if path.is_dir():
            path = path / self.default.name
        self.dismiss(ExportChoice(path, self.filter, self.query_one("#excel", Checkbox).value,
                                  self.query_one("#redact", Checkbox).value))

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self) -> None:
        self._submit()

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self._submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
