"""Where to write the printable Telegram link sheet of the parents not yet linked."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from outreach.common.i18n import t
from outreach_screens.dialogs import PathDialog, button_row


class LinkSheetDialog(PathDialog[Path | None]):
    """Asks for the sheet's file (a directory gets the default name); the Channels screen writes it."""

    CSS_PATH = Path(__file__).with_name("link_sheet.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel", id="link_sheet.cancel"),
    ]
    PATH_ID = "link-sheet-path"
    ERROR_ID = "link-sheet-error"

    def __init__(self, default: Path, scope: str) -> None:
        super().__init__(default)
        self.scope = scope

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("telegramlinks.tui.dialog.title")
            yield Static(t("telegramlinks.tui.dialog.what", scope=self.scope), markup=False)
            yield from self.path_fields(t("telegramlinks.tui.dialog.path"))
            yield from button_row(t("telegramlinks.tui.dialog.go"), t("tui.button.cancel"))

    def submit(self) -> None:
        path = self.typed_path(t("telegramlinks.tui.dialog.required"))
        if path is not None:
            self.dismiss(path / self.default.name if path.is_dir() else path)
