"""Erasing a whole class that leaves the school (152-FZ): the dialog says what goes and who
stays, and erases only once the class name is typed (a slip of a key must not erase a class's
families); the erasure (`forget_class`) runs in a worker under a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import Worker

from outreach.common.groups import canonical_group
from outreach.common.i18n import N_, t
from outreach.erasure.classes import (
    ClassErasure,
    ClassForgotten,
    class_erasure_summary,
    forget_class,
)
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.failures import notify_failure
from outreach_screens.store import Store
from outreach_screens.widgets.prose import Prose


class ClassErased(Message):
    def __init__(self, done: ClassForgotten) -> None:
        super().__init__()
        self.done = done


class ClassEraseDialog(LocalizedModalScreen[ClassForgotten | None]):
    """Dismisses with what was erased, or None (cancelled, or the erasure failed: notified)."""

    CSS_PATH = Path(__file__).with_name("class_erase.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="class_erase.cancel"),
    ]

    def __init__(self, store: Store, plan: ClassErasure) -> None:
        super().__init__()
        self.store = store
        self.plan = plan

    @property
    def name_input(self) -> Input:
        return self.query_one("#class-name", Input)

    @property
    def error(self) -> Static:
        return self.query_one("#class-error", Static)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Erase the data of class {group} (152-FZ)", group=self.plan.group)
            yield Prose(class_erasure_summary(self.plan), id="body")
            yield Label(t("To erase it for good, type the class name: {group}", group=self.plan.group), id="question")
            yield Input(id="class-name")
            yield Static("", id="class-error", markup=False)
            with Vertical(id="progress"):
                yield Label(t("Erasing the data of {group}…", group=self.plan.group))
                yield ProgressBar(total=None, show_eta=False, show_percentage=False)
            with Horizontal(id="buttons"):
                yield Button(t("Erase"), id="erase", variant="error")
                yield Button(t("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.name_input.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "cancel" and self.has_class("erasing"))

    @on(Input.Submitted, "#class-name")
    @on(Button.Pressed, "#erase")
    def _erase_asked(self) -> None:
        typed = self.name_input.value.strip()
        if canonical_group(typed) != self.plan.group:
            self.error.update(t("Type {group} to erase it.", group=self.plan.group) if not typed else
                              t("«{typed}» is not {group}: nothing was erased. Type {group} to erase it.",
                                typed=typed, group=self.plan.group))
            self.name_input.focus()
            return
        self.add_class("erasing")
        self.error.update("")
        for widget in (self.name_input, *self.query(Button)):
            widget.disabled = True
        self._erase()

    @work(thread=True, exclusive=True, exit_on_error=False, group="class-erase")
    def _erase(self) -> None:
        with self.store.session() as db:
            done = forget_class(db, self.plan.group)
        self.post_message(ClassErased(done))

    @on(ClassErased)
    def _erased(self, message: ClassErased) -> None:
        self.dismiss(message.done)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if notify_failure(self, event):
            self.dismiss(None)
