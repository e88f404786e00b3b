"""Where focus goes when the teacher leaves a text field, and what counts as one.

In a text field every letter and digit is text; Escape leaves the field for the screen's
main non-text widget, so that the section and command keys work again.
"""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

TEXT_FIELDS = (Input, TextArea)


def is_text_field(widget: Widget | None) -> bool:
    return isinstance(widget, TEXT_FIELDS)


def main_widget(screen: Screen) -> Widget | None:
    """The screen's AUTO_FOCUS widget when it is not a text field, else its first
    focusable widget that is not one."""
    selector = screen.AUTO_FOCUS
    if selector and selector != "*":
        try:
            chosen = screen.query_one(selector)
        except NoMatches:
            chosen = None
        if chosen is not None and chosen.focusable and not is_text_field(chosen):
            return chosen
    return next((w for w in screen.focus_chain if not is_text_field(w)), None)
