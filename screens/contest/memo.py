"""Where to write the contest's printable spectator memo (one HTML page)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from outreach.common.i18n import N_, t
from outreach_screens.dialogs import PathDialog, button_row


class ContestMemoDialog(PathDialog[Path | None]):
    """Asks for the memo's file (a directory gets the default name); the scoreboard writes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="contest_memo.cancel"),
    ]
    PATH_ID = "contest-memo-path"
    ERROR_ID = "contest-memo-error"

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Spectator memo")
            yield Static(t("One printable page: the contest, a road-safety note and the school's channel links with QR codes"), markup=False)
            yield from self.path_fields(t("File"))
            yield from button_row(t("Write"), t("Cancel"))

    def submit(self) -> None:
        path = self.typed_file(t("Give a file name."))
        if path is not None:
            self.dismiss_writing(path, path)
