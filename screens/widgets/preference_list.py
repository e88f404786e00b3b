"""One guardian's channels in preference order, with a cursor; keys ask to move or opt out.

The widget only asks (by message); the screen writes through `channels.set_preferences`
and hands the list back. Ranked channels come first, then the unranked ones: moving the
first unranked channel up ranks it last, moving the last ranked one down unranks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from outreach.common.channel_names import channel_label
from outreach.common.i18n import N_
from outreach_screens.widgets.widget_message import WidgetMessage


@dataclass(frozen=True)
class PreferenceRow:
    """A channel as the list shows it; `rank` is None for a channel not in the order."""

    channel: str
    rank: int | None
    address: str
    state: str
    reachable: bool
    opted_out: bool
    short_state: str = ""
    """The state in a word or two for the list's column (`state` itself when empty)."""

    @property
    def shown_state(self) -> str:
        return self.short_state or self.state


def moved(order: Sequence[str], channels: Sequence[str], channel: str,
          delta: int) -> list[str] | None:
    """The preference order after moving `channel` by `delta` (±1); None when it cannot move."""
    order = list(order)
    if channel in order:
        index = order.index(channel)
        target = index + delta
        if target < 0:
            return None
        if target >= len(order):
            return [c for c in order if c != channel] if len(order) > 1 else None
        order[index], order[target] = order[target], order[index]
        return order
    if delta < 0 and channel in channels:
        return [*order, channel]
    return None


class PreferenceList(Widget, can_focus=True):
    """Rank, channel, address and state per line; the cursor row is the one keys act on."""

    DEFAULT_CSS = """
    PreferenceList {
        height: auto;
        & > .preference-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .preference-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .preference-list--ok { color: $text-success; }
        & > .preference-list--problem { color: $text-warning; }
        & > .preference-list--unlisted { color: $text-muted; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "preference-list--cursor",
        "preference-list--ok",
        "preference-list--problem",
        "preference-list--unlisted",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", N_("Previous channel"), show=False, id="prefs.previous"),
        Binding("down", "cursor(1)", N_("Next channel"), show=False, id="prefs.next"),
        Binding("shift+up,left_square_bracket,х", "move(-1)", N_("Up"),
                key_display="⇧↑", tooltip=N_("Move the channel up in the preference order ([ does the same)"), id="prefs.up"),
        Binding("shift+down,right_square_bracket,ъ", "move(1)", N_("Down"),
                key_display="⇧↓", tooltip=N_("Move the channel down in the preference order (] does the same)"), id="prefs.down"),
        Binding("space", "toggle_opt_out", N_("Opt out/in"),
                tooltip=N_("Turn the parent's opt-out of this channel on or off"), id="prefs.opt_out"),
    ]

    cursor: reactive[int] = reactive(0)

    class Highlighted(WidgetMessage["PreferenceList"]):
        def __init__(self, widget: PreferenceList, row: PreferenceRow | None) -> None:
            super().__init__(widget)
            self.row = row

    class MoveAsked(WidgetMessage["PreferenceList"]):
        def __init__(self, widget: PreferenceList, channel: str, delta: int) -> None:
            super().__init__(widget)
            self.channel = channel
            self.delta = delta

    class ToggleAsked(WidgetMessage["PreferenceList"]):
        def __init__(self, widget: PreferenceList, row: PreferenceRow) -> None:
            super().__init__(widget)
            self.row = row

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: list[PreferenceRow] = []

    @property
    def current(self) -> PreferenceRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def show(self, rows: Sequence[PreferenceRow], follow: str | None = None) -> None:
        """Replace the rows; the cursor stays on `follow` (or on the same channel) if present."""
        keep = follow or (self.current.channel if self.current else None)
        self.rows = list(rows)
        channels = [r.channel for r in self.rows]
        index = channels.index(keep) if keep in channels else min(self.cursor, len(channels) - 1)
        self.set_reactive(PreferenceList.cursor, max(index, 0))
        self.refresh(layout=True)
        self.post_message(self.Highlighted(self, self.current))

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1))

    def watch_cursor(self) -> None:
        self.post_message(self.Highlighted(self, self.current))

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_move(self, delta: int) -> None:
        if self.current is not None:
            self.post_message(self.MoveAsked(self, self.current.channel, delta))

    def action_toggle_opt_out(self) -> None:
        if self.current is not None:
            self.post_message(self.ToggleAsked(self, self.current))

    def render(self) -> Text:
        """One line per channel; when an address would not fit its column whole, the column goes
        (the screen shows the cursor's channel's address whole beside its state)."""
        width = self.size.width
        address_width = self._address_width(width)
        text = Text(no_wrap=True, overflow="ellipsis")
        for index, row in enumerate(self.rows):
            if index:
                text.append("\n")
            rank = str(row.rank) if row.rank is not None else ""
            marker = "▸" if index == self.cursor else " "
            name = set_cell_size(channel_label(row.channel), 9)
            address = f"{set_cell_size(row.address, address_width)} " if address_width else ""
            head = f"{marker}{rank:>1} {name} {address}"
            kind = ("ok" if row.reachable else "problem") if row.rank is not None else "unlisted"
            state_style = self.get_component_rich_style(f"preference-list--{kind}")
            line = Text(head) + Text(row.shown_state, state_style)
            line.truncate(width, overflow="ellipsis", pad=True)
            if index == self.cursor:
                line.stylize(self.get_component_rich_style("preference-list--cursor"))
            text.append_text(line)
        return text

    def _address_width(self, width: int) -> int | None:
        """The address column's width, None when some address would not fit it whole."""
        state_width = max((cell_len(row.shown_state) for row in self.rows), default=0)
        address_width = max(width - 14 - state_width, 6)
        fits = all(cell_len(row.address) <= address_width for row in self.rows)
        return address_width if fits else None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self.rows), 1)
