"""The footer of the app's screens: the keys of the screen, wrapped onto a second line when they
do not fit on one (Textual's Footer scrolls them out of sight at 80 columns)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

MAX_LINES = 3


@dataclass(frozen=True)
class _Key:
    key: str
    shown: str
    description: str
    enabled: bool
    tooltip: str

    @property
    def width(self) -> int:
        return len(self.shown) + (len(self.description) + 1 if self.description else 0)


@dataclass(frozen=True)
class _Item:
    """What stays together on one line: a key, or a group of keys with its title."""

    keys: tuple[_Key, ...]
    title: str = ""

    @property
    def width(self) -> int:
        if self.title:
            return sum(key.width for key in self.keys) + 1 + len(self.title) + 1
        return self.keys[0].width + 1


class FooterKey(Static):
    """One key and what it does; a click presses it."""

    COMPONENT_CLASSES = {"footer-key--key"}
    DEFAULT_CSS = """
    FooterKey {
        width: auto;
        height: 1;
        margin-right: 1;
        background: $footer-item-background;
        &.-grouped { margin-right: 0; }
        &.-disabled { text-style: dim; }
        &:hover { background: $block-hover-background; }
        .footer-key--key { color: $footer-key-foreground; text-style: bold; }
    }
    """

    def __init__(self, key: _Key, grouped: bool = False) -> None:
        super().__init__(classes="-grouped" if grouped else "")
        self.key = key.key
        self.key_display = key.shown
        self.description = key.description
        self.set_class(not key.enabled, "-disabled")
        if key.tooltip:
            self.tooltip = key.tooltip

    def render(self) -> Text:
        text = Text(self.key_display, style=self.get_component_rich_style("footer-key--key"))
        if self.description:
            text.append(" " + self.description)
        return text

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if self.has_class("-disabled"):
            self.app.bell()
        else:
            self.app.simulate_key(self.key)


class KeyFooter(Widget, can_focus=False, can_focus_children=False):
    """The screen's shown bindings, one entry per action, on as many lines as they need (at most
    MAX_LINES; a narrower terminal keeps the first ones and the help lists them all)."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: auto;
        color: $footer-foreground;
        background: $footer-background;
        HorizontalGroup { height: 1; }
        .footer-group-title { margin-right: 1; color: $footer-description-foreground; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._ready = False
        self._width = 0
        self._shown_lines: list[list[_Item]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self._ready = True
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._update_keys)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self._update_keys)

    async def _update_keys(self) -> None:
        """Recompose only when the keys shown change: the bindings signal fires on every focus
        move, and remounting the same keys each time made every key press re-style and re-lay
        out the whole footer."""
        if not self._ready or not self.is_attached:
            return
        lines = self._lines(self._width or self.app.size.width)
        if lines != self._shown_lines:
            self._shown_lines = lines
            await self.recompose()

    def compose(self) -> ComposeResult:
        for line in self._shown_lines:
            with HorizontalGroup():
                for item in line:
                    for key in item.keys:
                        yield FooterKey(key, grouped=bool(item.title))
                    if item.title:
                        yield Static(" " + item.title, classes="footer-group-title")

    def _lines(self, width: int) -> list[list[_Item]]:
        lines: list[list[_Item]] = [[]]
        used = 0
        for item in self._items():
            if lines[-1] and used + item.width > width:
                if len(lines) == MAX_LINES:
                    break
                lines.append([])
                used = 0
            lines[-1].append(item)
            used += item.width
        return lines

    def _items(self) -> list[_Item]:
        by_action: dict[str, _Key] = {}
        groups: dict[str, Binding.Group | None] = {}
        for binding, enabled, tooltip in self._shown():
            if binding.action not in by_action:
                by_action[binding.action] = _Key(binding.key, self.app.get_key_display(binding),
                                                 binding.description, enabled, tooltip)
                groups[binding.action] = binding.group
        items: list[_Item] = []
        for group, actions in groupby(by_action, key=groups.__getitem__):
            keys = tuple(by_action[action] for action in actions)
            if group is not None and len(keys) > 1:
                items.append(_Item(tuple(_Key(k.key, k.shown, "", k.enabled, k.tooltip or k.description)
                                         for k in keys), group.description))
            else:
                items += [_Item((key,)) for key in keys]
        return items

    def _shown(self) -> list[tuple[Binding, bool, str]]:
        return [(binding, enabled, tooltip)
                for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
                if binding.show]
