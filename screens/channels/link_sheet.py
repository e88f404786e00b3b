"""Where to write the printable Telegram link sheet of the parents not yet linked."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from outreach.common.i18n import N_, t
from outreach_screens.dialogs import PathDialog, button_row


class LinkSheetDialog(PathDialog[Path | None]):
    """Asks for the sheet's file (a directory gets the default name); the Channels screen writes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="link_sheet.cancel"),
    ]
    PATH_ID = "link-sheet-path"
    ERROR_ID = "link-sheet-error"

    def __init__(self, default: Path, scope: str) -> None:
        super().__init__(default)
        self.scope = scope

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Telegram link sheet")
            yield Static(t("A printable page for {scope}: a card per parent not yet linked to Telegram, with their child's name, their personal link and its QR code. No phone numbers or e-mails are printed, but the links are personal: hand the cards out, do not post the page.", scope=self.scope), markup=False)
            yield from self.path_fields(t("File to write (HTML, opens in a browser for printing):"))
            yield from button_row(t("Write the sheet"), t("Cancel"))

    def submit(self) -> None:
        path = self.typed_file(t("Type the file to write."))
        if path is not None:
            self.dismiss_writing(path, path)
