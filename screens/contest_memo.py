"""Where to write the contest's printable spectator memo (one HTML page)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from outreach.i18n import t

from .bindings import localize_bindings


class ContestMemoDialog(ModalScreen[Path | None]):
    """Asks for the memo's file (a directory gets the default name); the scoreboard writes it."""

    CSS_PATH = "contest_memo.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel", id="contest_memo.cancel"),
    ]

    def __init__(self, default: Path) -> None:
        super().__init__()
        localize_bindings(self)
        self.default = default

    @property
    def path_input(self) -> Input:
        return self.query_one("#contest-memo-path", Input)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("contest.tui.memo.title")
            yield Static(t("contest.tui.memo.what"), markup=False)
            yield Label(t("contest.tui.memo.path"))
            yield Input(str(self.default), id="contest-memo-path")
            yield Static("", id="contest-memo-error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(t("contest.tui.memo.go"), id="go", variant="primary")
                yield Button(t("tui.button.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.path_input.focus()

    def _submit(self) -> None:
        text = self.path_input.value.strip()
        if not text:
            self.query_one("#contest-memo-error", Static).update(t("contest.tui.memo.required"))
            return
        path = Path(text).expanduser()
        self.dismiss(path / self.default.name if path.is_dir() else path)

    @on(Input.Submitted, "#contest-memo-path")
    def _path_submitted(self) -> None:
        self._submit()

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self._submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
