"""A form's scrolling box that restyles only itself when it gains or loses focus."""

from __future__ import annotations

from textual.containers import VerticalScroll


class FormScroll(VerticalScroll):
    """A `VerticalScroll` holding a form's fields, focusable (Escape leaves a field for it).

    Textual restyles a widget and everything under it when its focus changes, for rules such
    as «Select:focus > SelectCurrent». No rule picks a field by its box's focus, and
    restyling the Settings form (≈ 210 widgets) took ≈ 0.1 s of CPU each time the teacher
    went into a field or came back out of one; the box alone is restyled here."""

    def watch_has_focus(self, has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)
