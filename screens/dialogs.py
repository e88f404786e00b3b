"""What the modal dialogs share: a form that saves or cancels, a dialog that asks for a path."""

from __future__ import annotations

from abc import abstractmethod
from functools import partial
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Static

from outreach.common.i18n import t
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.widgets.tick import Tick

ResultT = TypeVar("ResultT")


class KeysHint(Static):
    """The keys of a dialog, left of its buttons: a modal dialog hides the footer, and its
    keys (ctrl+s) were said nowhere."""

    DEFAULT_CSS = """
    KeysHint {
        width: 1fr;
        height: 3;
        content-align: left middle;
        color: $text-muted;
    }
    """


def button_row(go: str, cancel: str, go_id: str = "go", keys: str = "") -> ComposeResult:
    """The dialog's buttons, right-aligned by the `#buttons` rule: the primary one first;
    `keys` says the dialog's keys on their left."""
    with Horizontal(id="buttons"):
        if keys:
            yield KeysHint(keys, markup=False)
        yield Button(go, id=go_id, variant="primary")
        yield Button(cancel, id="cancel")


class FormScreen(LocalizedModalScreen[ResultT]):
    """Fields `#field-<name>`; enter in any of them or Save saves, Cancel cancels."""

    def field_input(self, field: str) -> Input:
        return self.query_one(f"#field-{field}", Input)

    def save_buttons(self) -> ComposeResult:
        yield from button_row(t("Save"), t("Cancel"), go_id="save",
                              keys=t("Enter, ctrl+s: save\nEsc: cancel"))

    @abstractmethod
    def action_save(self) -> None:
        """Check the fields; dismiss with the result, or show what is wrong."""

    @abstractmethod
    def action_cancel(self) -> None:
        """Dismiss with the form's "nothing saved" result."""

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class PathDialog(LocalizedModalScreen[ResultT]):
    """Asks for a path starting from `default`; enter or Go submits, escape or Cancel closes.
    One look for all of them (path_dialog.tcss): a note above in the `note` class."""

    CSS_PATH = Path(__file__).with_name("path_dialog.tcss")
    PATH_ID: ClassVar[str]
    ERROR_ID: ClassVar[str]

    def __init__(self, default: Path) -> None:
        super().__init__()
        self.default = default

    @property
    def path_input(self) -> Input:
        return self.query_one(f"#{self.PATH_ID}", Input)

    def path_fields(self, label: str) -> ComposeResult:
        yield Label(label)
        yield Input(str(self.default), id=self.PATH_ID)
        yield Static("", id=self.ERROR_ID, classes="path-error", markup=False)

    def on_mount(self) -> None:
        self.path_input.focus()

    def show_error(self, text: str) -> None:
        self.query_one(f"#{self.ERROR_ID}", Static).update(text)

    def typed_path(self, required: str) -> Path | None:
        """The path typed in, or None (with `required` shown) when the field is empty."""
        text = self.path_input.value.strip()
        if not text:
            self.show_error(required)
            return None
        return Path(text).expanduser()

    def typed_file(self, required: str) -> Path | None:
        """`typed_path` as a file to write: a folder typed gets the default file name in it."""
        path = self.typed_path(required)
        return path / self.default.name if path is not None and path.is_dir() else path

    def dismiss_writing(self, path: Path, result: ResultT) -> None:
        """Dismiss with `result`, which writes `path`: when a file is there already, only once
        the teacher agreed to replace it («Cancel» focused; it returns to the name)."""
        if not path.is_file():
            self.dismiss(result)
            return
        self.app.push_screen(ConfirmScreen(
            t("Replace the file?"), t("{path} already exists; what it holds now is lost when it is replaced.", path=str(path)),
            t("Replace it?"), t("Replace"), danger=True), partial(self._replace_answered, result))

    def _replace_answered(self, result: ResultT, replace: bool | None) -> None:
        if replace:
            self.dismiss(result)
        else:
            self.path_input.focus()

    @abstractmethod
    def submit(self) -> None:
        """Dismiss with what the path (and any other field) says, or show what is wrong."""

    @on(Input.Submitted)
    @on(Tick.Submitted)
    def _path_submitted(self) -> None:
        self.submit()

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self.submit()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
