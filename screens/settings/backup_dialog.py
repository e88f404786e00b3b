"""Where to write a copy of the whole database (`outreach backup` in the app); a file that is
there already is replaced only when the teacher says so."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from outreach.common.i18n import N_, t
from outreach_screens.dialogs import PathDialog, button_row


class BackupDialog(PathDialog[Path | None]):
    """Asks for the backup's file name; the copy is made by the screen's worker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="backup.cancel"),
    ]
    PATH_ID = "backup-path"
    ERROR_ID = "backup-error"

    def __init__(self, default: Path, database: Path | None = None) -> None:
        super().__init__(default)
        self.database = database  # the file the copy is made of: refused as a target, not asked about

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Back up the database")
            yield Static(t("A copy of everything: parents, children, messages, surveys, the contest. "
                           "It holds personal data: keep it where you keep the class register. "
                           "A family you forget later is erased from this copy too."),
                         id="about", classes="note", markup=False)
            yield from self.path_fields(t("File to write:"))
            yield from button_row(t("Back up"), t("Cancel"))

    def submit(self) -> None:
        path = self.typed_file(t("Give a file name."))
        if path is None:
            return
        if self._is_database(path):  # refused with its reason, not asked about
            self.dismiss(path)
        else:
            self.dismiss_writing(path, path)

    def _is_database(self, path: Path) -> bool:
        return (self.database is not None and path.is_file() and self.database.is_file()
                and os.path.samefile(path, self.database))
