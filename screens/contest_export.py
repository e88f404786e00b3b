"""Where to write the contest's standings.csv and protocol.csv."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from outreach.i18n import t

from .bindings import localize_bindings


class ContestExportDialog(ModalScreen[tuple[Path, bool] | None]):
    """Asks for a directory; the export runs in the scoreboard's worker."""

    CSS_PATH = "contest_export.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "contest.tui.key.close", id="contest_export.cancel"),
    ]

    def __init__(self, default: Path) -> None:
        super().__init__()
        localize_bindings(self)
        self.default = default

    @property
    def path_input(self) -> Input:
        return self.query_one("#contest-export-path", Input)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("contest.tui.export.title")
            yield Static(t("contest.tui.export.what"), markup=False)
            yield Label(t("contest.tui.export.path"))
            yield Input(str(self.default), id="contest-export-path")
            yield Static("", id="contest-export-error", markup=False)
            yield Checkbox(t("contest.tui.export.excel"), id="contest-export-excel")
            with Horizontal(id="buttons"):
                yield Button(t("contest.tui.export.go"), id="go", variant="primary")
                yield Button(t("contest.tui.export.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.path_input.focus()

    def _submit(self) -> None:
        text = self.path_input.value.strip()
        if not text:
            self.query_one("#contest-export-error", Static).update(t("contest.tui.export.required"))
            return
        path = Path(text).expanduser()
        if path.exists() and not path.is_dir():
            self.query_one("#contest-export-error", Static).update(t("contest.tui.export.not_dir"))
            return
        self.dismiss((path, self.query_one("#contest-export-excel", Checkbox).value))

    @on(Input.Submitted, "#contest-export-path")
    def _path_submitted(self) -> None:
        self._submit()

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self._submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
