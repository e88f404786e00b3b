"""A message a widget posts about itself: `control` is that widget, so that `@on(…, "#id")`
selectors match it (Textual's idiom, written once for the app's widgets)."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.message import Message
from textual.widget import Widget

W = TypeVar("W", bound=Widget)


class WidgetMessage(Message, Generic[W]):
    def __init__(self, widget: W) -> None:
        super().__init__()
        self.widget = widget

    @property
    def control(self) -> W:
        return self.widget
