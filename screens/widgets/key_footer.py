"""The footer of the app's screens: the keys of the screen, wrapped onto a second line when they
do not fit on one (Textual's Footer scrolls them out of sight at 80 columns)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget

MAX_LINES = 3


@dataclass(frozen=True)
class _Key:
    key: str
    shown: str
    description: str
    enabled: bool
    tooltip: str

    @property
    def text(self) -> str:
        """As drawn: the key, then what it does."""
        return self.shown + (" " + self.description if self.description else "")

    @property
    def width(self) -> int:
        return len(self.text)


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


@dataclass(frozen=True)
class ShownKey:
    """A key as the footer draws it: its key, the text ("^s Save") and where it is on screen."""

    key_display: str
    text: str
    region: Region


@dataclass(frozen=True)
class _Span:
    key: _Key
    start: int
    end: int


class FooterLine(Widget):
    """One line of keys, drawn by one widget; a click on a key presses it, hovering it shows its
    tooltip. (A widget per key made every screen mount, style and lay out a dozen and more
    widgets, ≈ 40 % of most screens' widgets, again on every change of the keys.)"""

    COMPONENT_CLASSES = {"footer-key--key", "footer-key--item", "footer-key--hover",
                         "footer-key--title"}
    DEFAULT_CSS = """
    FooterLine {
        height: 1;
        .footer-key--key { color: $footer-key-foreground; text-style: bold; }
        .footer-key--item { background: $footer-item-background; }
        .footer-key--hover { background: $block-hover-background; }
        .footer-key--title { color: $footer-description-foreground; }
    }
    """

    def __init__(self, items: list[_Item]) -> None:
        super().__init__()
        self.items = tuple(items)
        self.spans = tuple(_spans(self.items))
        self._hover: _Key | None = None

    def render(self) -> Text:
        style = self.get_component_rich_style
        item, hover = style("footer-key--item"), style("footer-key--hover")
        pieces: list[tuple[str, Style | None]] = []
        for line_item in self.items:
            for key in line_item.keys:
                base = (hover if key == self._hover else item) + Style(dim=not key.enabled)
                pieces.append((key.text, base + style("footer-key--key", partial=True)))
                if not line_item.title:
                    pieces.append((" ", None))
            if line_item.title:
                pieces += [(" " + line_item.title, style("footer-key--title")), (" ", None)]
        text = Text(no_wrap=True, overflow="crop")
        for run_style, run in groupby(pieces, key=lambda piece: piece[1]):  # one run per style
            text.append("".join(part for part, _ in run), run_style)
        return text

    def key_at(self, x: int) -> _Key | None:
        return next((span.key for span in self.spans if span.start <= x < span.end), None)

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        event.stop()
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hovering(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hovering(None)

    def _hovering(self, key: _Key | None) -> None:
        if key != self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()


def _spans(items: tuple[_Item, ...]) -> list[_Span]:
    """Where each key is drawn on its line (FooterLine.render's layout: a space after each
    key, none between the keys of a group, whose title follows them)."""
    spans: list[_Span] = []
    x = 0
    for item in items:
        for key in item.keys:
            width = cell_len(key.text)
            spans.append(_Span(key, x, x + width))
            x += width + (0 if item.title else 1)
        if item.title:
            x += cell_len(" " + item.title) + 1
    return spans


class KeyFooter(Widget, can_focus=False, can_focus_children=False):
    """The screen's shown bindings, one entry per action, on as many lines as they need (at most
    MAX_LINES; a narrower terminal keeps the first ones and the help lists them all)."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: auto;
        color: $footer-foreground;
        background: $footer-background;
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
            yield FooterLine(line)

    def shown_keys(self) -> list[ShownKey]:
        """The keys on show, as drawn and where."""
        return [ShownKey(span.key.shown, span.key.text,
                         Region(line.region.x + span.start, line.region.y, span.end - span.start, 1))
                for line in self.query(FooterLine) for span in line.spans]

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
