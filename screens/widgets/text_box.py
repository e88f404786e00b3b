"""A text area whose Ctrl+A selects the whole text, as in every editor a teacher knows."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import TextArea


class TextBox(TextArea):
    """Textual's own Ctrl+A goes to the line's start (select all is F7, which nobody guesses):
    here it selects everything, so Ctrl+A then Delete clears a draft."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+a", "select_all", "Select all", show=False),
    ]
