"""A checkbox in a form: space ticks or unticks it, Enter goes on as Enter in the form's text
fields does (Textual's Enter toggles a checkbox: a teacher who ticked «сход», or «CSV для
Excel», and pressed Enter to save found the box unticked and nothing saved)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Checkbox


class Tick(Checkbox):
    """Posts `Tick.Submitted` on Enter, for the form to save or go on."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", show=False)]

    class Submitted(Message):
        """Enter on the box: the form's Enter."""

    def action_submit(self) -> None:
        self.post_message(self.Submitted())
