"""A yes/no question in a modal, with the safe answer focused."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from outreach.common.i18n import N_, t
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.widgets.prose import Prose


class ConfirmScreen(LocalizedModalScreen[bool]):
    """Dismisses with True only when the confirm button is pressed; the other answer (named
    «Cancel» unless `cancel_label` says what it does) and Esc dismiss with False."""

    CSS_PATH = Path(__file__).with_name("confirm.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="confirm.cancel"),
        Binding("left", "focus_button('confirm')", N_("To the answer on the left"), show=False,
                id="confirm.left"),
        Binding("right", "focus_button('cancel')", N_("To the answer on the right"), show=False,
                id="confirm.right"),
    ]

    def __init__(self, title: str, body: str, question: str, confirm_label: str,
                 danger: bool = False, cancel_label: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.question = question
        self.confirm_label = confirm_label
        self.danger = danger
        self.cancel_label = cancel_label or t("Cancel")

    @property
    def cancel_button(self) -> Button:
        return self.query_one("#cancel", Button)

    @property
    def confirm_button(self) -> Button:
        return self.query_one("#confirm", Button)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = self.title_text
            yield Prose(self.body, id="body")  # a plan names «эл. почта»: never split
            yield Label(self.question, id="question")
            with Horizontal(id="buttons"):
                yield Button(self.confirm_label, id="confirm",
                             variant="error" if self.danger else "primary")
                yield Button(self.cancel_label, id="cancel")

    def on_mount(self) -> None:
        self.cancel_button.focus()

    @on(Button.Pressed, "#confirm")
    def _confirmed(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancelled(self) -> None:
        self.dismiss(False)

    def action_focus_button(self, which: str) -> None:
        """←/→ move between the two answers, as in a desktop dialog (Tab does too)."""
        self.query_one(f"#{which}", Button).focus()

    def action_cancel(self) -> None:
        self.dismiss(False)
