"""«Вложения»: the files attached to the message being composed, picked by path with the
keyboard alone (type a path, Enter adds it; Delete removes the highlighted file; Escape is
done). Each file is checked as it is added (it exists, it reads, the total fits the limit)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from outreach.common.errors import OutreachError
from outreach.common.i18n import N_, NP_, t
from outreach.messages.attachments import LIMIT, Attachment, check_files, size_text
from outreach_screens.bindings import LocalizedModalScreen


class AttachmentsDialog(LocalizedModalScreen[tuple[str, ...]]):
    """Dismisses with the attached files' paths (as they were when the dialog opened, and
    changed only by what the teacher added or removed)."""

    DEFAULT_CSS = """
    AttachmentsDialog {
        align: center middle;

        #dialog {
            width: 76;
            max-width: 100%;
            height: 16;
            max-height: 100%;
            border: thick $primary;
            border-title-color: $text;
            background: $surface;
            padding: 0 1;
        }
        #attach-list {
            height: 1fr;
        }
        #attach-error {
            color: $error;
        }
        #attach-hint {
            width: 1fr;  /* wraps at 80 columns instead of running past the dialog's edge */
            color: $text-muted;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", NP_("pipeline.tui.attach.key.done", "Done"), id="attachments.done"),
        Binding("delete", "remove", N_("Remove"), id="attachments.remove"),
    ]

    def __init__(self, paths: tuple[str, ...]) -> None:
        super().__init__()
        self.files: list[Attachment] = []
        self.problem = ""
        try:
            self.files = check_files(paths)
        except OutreachError as error:  # a file moved away since it was attached: say so, keep none
            self.problem = error.message

    @property
    def path_input(self) -> Input:
        return self.query_one("#attach-path", Input)

    @property
    def file_list(self) -> OptionList:
        return self.query_one("#attach-list", OptionList)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Attachments")
            yield Input(placeholder=t("Path to a file; Enter adds it"), id="attach-path")
            yield OptionList(id="attach-list")
            yield Static(self.problem, id="attach-error", markup=False)
            yield Label(t("Enter adds · Delete removes · Esc done. At most {limit} in all, e-mails only.", limit=size_text(LIMIT)), id="attach-hint", markup=False)

    def on_mount(self) -> None:
        self._show()
        self.path_input.focus()

    def _show(self) -> None:
        self.file_list.clear_options()
        self.file_list.add_options([Option(f"{a.name} — {size_text(a.size)}", id=a.path) for a in self.files])
        total = sum(a.size for a in self.files)
        self.file_list.border_title = (t("Files: {count}, {size}", count=len(self.files), size=size_text(total))
                                       if self.files else t("No files yet"))

    @on(Input.Submitted, "#attach-path")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        if not typed:
            return
        try:
            self.files = check_files([*(a.path for a in self.files), typed])
        except OutreachError as error:
            self.query_one("#attach-error", Static).update(error.message)
            return
        self.query_one("#attach-error", Static).update("")
        self.path_input.value = ""
        self._show()

    def action_remove(self) -> None:
        highlighted = self.file_list.highlighted
        if highlighted is None or not self.file_list.has_focus:
            return
        del self.files[highlighted]
        self._show()

    def action_done(self) -> None:
        self.dismiss(tuple(a.path for a in self.files))
