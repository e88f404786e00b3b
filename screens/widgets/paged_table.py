"""A virtual table: rows are fetched page by page from a source, only around what is visible.

The widget never holds more than `MAX_PAGES` pages of rows, whatever the row count: its
virtual height is the row count, `render_line` paints from the page cache, and missing
pages are fetched in a thread worker and arrive by message.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState, get_current_worker

from outreach.common.i18n import N_
from outreach_screens.failures import notify_failure
from outreach_screens.widgets.widget_message import WidgetMessage


@dataclass(frozen=True)
class Column:
    """A column: its (translated) label and either a fixed width or a share of the rest."""

    label: str
    width: int = 0
    ratio: int = 1
    min_width: int = 6


@dataclass(frozen=True)
class TableRow:
    """One row as the table shows it: a key, the cell texts, and the data behind it."""

    key: int
    cells: tuple[str, ...]
    data: Any = field(default=None, compare=False)


class PageSource(Protocol):
    """Where rows come from. Both methods are called in a worker thread."""

    def count(self) -> int: ...

    def fetch(self, offset: int, limit: int) -> list[TableRow]: ...


class PagedTable(ScrollView, can_focus=True):
    """A keyboard-driven table over a `PageSource` of any size."""

    PAGE_SIZE: ClassVar[int] = 100
    MAX_PAGES: ClassVar[int] = 24
    GUTTER: ClassVar[int] = 2

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paged-table--header",
        "paged-table--cursor",
        "paged-table--even",
        "paged-table--placeholder",
    }

    DEFAULT_CSS = """
    PagedTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: scroll;
        background: $surface;
        color: $foreground;
        & > .paged-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .paged-table--even {
            background: $surface-lighten-1 50%;
        }
        & > .paged-table--placeholder {
            color: $text-muted;
        }
        & > .paged-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .paged-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", N_("Previous row"), show=False, id="table.up"),
        Binding("down", "cursor_down", N_("Next row"), show=False, id="table.down"),
        Binding("pageup", "page_up", N_("Page up"), show=False, id="table.page_up"),
        Binding("pagedown", "page_down", N_("Page down"), show=False, id="table.page_down"),
        Binding("home", "first", N_("First row"), show=False, id="table.first"),
        Binding("end", "last", N_("Last row"), show=False, id="table.last"),
    ]

    cursor: reactive[int] = reactive(0, repaint=False)

    class Loaded(WidgetMessage["PagedTable"]):
        """The source was counted and the first visible rows are in."""

        def __init__(self, table: PagedTable, count: int) -> None:
            super().__init__(table)
            self.count = count

    class Highlighted(WidgetMessage["PagedTable"]):
        """The row under the cursor (None when the table is empty)."""

        def __init__(self, table: PagedTable, row: TableRow | None) -> None:
            super().__init__(table)
            self.row = row

    class _Counted(Message):
        def __init__(self, generation: int, count: int, pages: dict[int, list[TableRow]],
                     keep_position: bool) -> None:
            super().__init__()
            self.generation = generation
            self.count = count
            self.pages = pages
            self.keep_position = keep_position

    class _PagesFetched(Message):
        def __init__(self, generation: int, pages: dict[int, list[TableRow]]) -> None:
            super().__init__()
            self.generation = generation
            self.pages = pages

    def __init__(self, columns: Sequence[Column], *, empty_text: str = "", placeholder: str = "…",
                 name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = tuple(columns)
        self.empty_text = empty_text
        self.placeholder = placeholder
        self._source: PageSource | None = None
        self._generation = 0
        self._loading = False
        self._count = 0
        self._pages: dict[int, list[TableRow]] = {}
        self._fetching: tuple[Worker[None] | None, frozenset[int]] = (None, frozenset())
        self._highlighted: TableRow | None = None
        self._widths: tuple[int, tuple[int, ...]] = (-1, ())

    # -- public API -------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._count

    @property
    def loaded_row_count(self) -> int:
        """How many rows are held in memory right now (a few pages at most)."""
        return sum(len(rows) for rows in self._pages.values())

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def highlighted_row(self) -> TableRow | None:
        return self.row_at(self.cursor)

    def row_at(self, index: int) -> TableRow | None:
        """The row at `index` if its page is loaded, else None."""
        page = self._pages.get(index // self.PAGE_SIZE)
        if page is None:
            return None
        offset = index % self.PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def load(self, source: PageSource, *, keep_position: bool = False) -> None:
        """Show `source`: count it and fetch the rows to show, in a worker.

        The old rows stay on screen until the new ones arrive, so nothing flickers.
        """
        self._source = source
        self._generation += 1
        self._loading = True
        first = int(self.scroll_y) if keep_position else 0
        pages = self._pages_for(first, first + self._visible_rows())
        self._load(self._generation, source, pages, keep_position)

    def reload(self) -> None:
        """Fetch the current source again, keeping the cursor where it is."""
        if self._source is not None:
            self.load(self._source, keep_position=True)

    # -- workers ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="paged-table-load")
    def _load(self, generation: int, source: PageSource, pages: list[int],
              keep_position: bool) -> None:
        count = source.count()
        fetched = self._fetch_range(source, [p for p in pages if p * self.PAGE_SIZE < count])
        self.post_message(self._Counted(generation, count, fetched, keep_position))

    @work(thread=True, exclusive=True, exit_on_error=False, group="paged-table-pages")
    def _fetch(self, generation: int, source: PageSource, pages: list[int]) -> None:
        worker = get_current_worker()
        fetched: dict[int, list[TableRow]] = {}
        for page in pages:
            if worker.is_cancelled:
                break
            fetched.update(self._fetch_range(source, [page]))
        self.post_message(self._PagesFetched(generation, fetched))

    def _fetch_range(self, source: PageSource, pages: list[int]) -> dict[int, list[TableRow]]:
        """Fetch the pages with one query over their span, then split them."""
        if not pages:
            return {}
        first, last = min(pages), max(pages)
        rows = source.fetch(first * self.PAGE_SIZE, (last - first + 1) * self.PAGE_SIZE)
        size = self.PAGE_SIZE
        return {page: rows[(page - first) * size:(page - first + 1) * size] for page in pages}

    @on(_Counted)
    def _counted(self, message: _Counted) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._loading = False
        self._fetching = (None, frozenset())
        held = self.highlighted_row
        self._pages = dict(message.pages)
        self._count = message.count
        self.virtual_size = Size(self.scrollable_content_region.width, self._count + 1)
        if message.keep_position:
            self.cursor = min(self._index_of(held, self.cursor), max(self._count - 1, 0))
        else:
            self.scroll_to(y=0, animate=False, immediate=True)
            self.cursor = 0
        self._highlighted = None
        self._announce()
        self.refresh()
        self.post_message(self.Loaded(self, self._count))
        self._ensure_window()

    def _index_of(self, row: TableRow | None, fallback: int) -> int:
        """Where the row with `row`'s key is now among the loaded pages (rows added or removed
        above it move it); `fallback` when it is gone or out of the loaded window."""
        if row is not None:
            for page, rows in self._pages.items():
                for offset, candidate in enumerate(rows):
                    if candidate.key == row.key:
                        return page * self.PAGE_SIZE + offset
        return fallback

    @on(_PagesFetched)
    def _pages_fetched(self, message: _PagesFetched) -> None:
        message.stop()
        if message.generation != self._generation or self._loading:
            return
        self._pages.update(message.pages)
        self._trim_cache()
        self.refresh()
        self._announce()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.group == "paged-table-load":
            self._loading = False
        notify_failure(self, event)

    # -- window management --------------------------------------------------------------

    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _pages_for(self, first_row: int, last_row: int) -> list[int]:
        margin = self._visible_rows()
        low = max(first_row - margin, 0) // self.PAGE_SIZE
        high = max(last_row + margin, 0) // self.PAGE_SIZE
        return list(range(low, high + 1))

    def _ensure_window(self) -> None:
        """Start fetching the pages around the visible rows that are not loaded yet."""
        if self._source is None or self._loading or not self._count:
            return
        top = int(self.scroll_y)
        needed = [p for p in self._pages_for(top, top + self._visible_rows())
                  if p * self.PAGE_SIZE < self._count and p not in self._pages]
        if not needed:
            return
        worker, pending = self._fetching
        if worker is not None and not worker.is_finished and set(needed) <= pending:
            return
        self._fetching = (self._fetch(self._generation, self._source, needed), frozenset(needed))

    def _trim_cache(self) -> None:
        if len(self._pages) <= self.MAX_PAGES:
            return
        centre = (int(self.scroll_y) + self._visible_rows() // 2) // self.PAGE_SIZE
        keep = sorted(self._pages, key=lambda p: abs(p - centre))[: self.MAX_PAGES]
        self._pages = {p: self._pages[p] for p in keep}

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._ensure_window()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self._count + 1)
        self._scroll_cursor_into_view()
        self._ensure_window()

    # -- cursor -------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self._count - 1)) if self._count else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        """Post Highlighted when the row under the cursor is known and differs."""
        if not self._count:
            if self._highlighted is not None or not self._loading:
                self._highlighted = None
                self.post_message(self.Highlighted(self, None))
            return
        row = self.highlighted_row
        if row is None:
            return
        last = self._highlighted
        if last is None or (row.key, row.cells, row.data) != (last.key, last.cells, last.data):
            self._highlighted = row
            self.post_message(self.Highlighted(self, row))

    def _scroll_cursor_into_view(self) -> None:
        visible = self._visible_rows()
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= self._visible_rows()

    def action_page_down(self) -> None:
        self.cursor += self._visible_rows()

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self._count - 1

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y >= 1:
            index = int(self.scroll_y) + offset.y - 1
            if index < self._count:
                self.cursor = index

    # -- painting -----------------------------------------------------------------------

    def _column_widths(self, width: int) -> tuple[int, ...]:
        cached_width, widths = self._widths
        if cached_width == width:
            return widths
        spare = width - self.GUTTER - (len(self.columns) - 1)
        fixed = sum(c.width for c in self.columns if c.width)
        ratios = sum(c.ratio for c in self.columns if not c.width) or 1
        flexible = max(spare - fixed, 0)
        result = []
        for column in self.columns:
            if column.width:
                result.append(column.width)
            else:
                result.append(max(flexible * column.ratio // ratios, column.min_width))
        overflow = sum(result) - spare
        if overflow > 0:
            result[0] = max(result[0] - overflow, 1)
        elif overflow < 0:
            flexible_index = next((i for i, c in enumerate(self.columns) if not c.width), 0)
            result[flexible_index] -= overflow
        self._widths = (width, tuple(result))
        return self._widths[1]

    @staticmethod
    def _fit(text: str, width: int) -> str:
        if cell_len(text) > width:
            return set_cell_size(text, width - 1) + "…" if width > 1 else "…"[:width]
        return set_cell_size(text, width)

    def _line(self, marker: str, cells: Sequence[str], style: Style, width: int) -> Strip:
        widths = self._column_widths(width)
        parts = [self._fit(marker, self.GUTTER)]
        for index, column_width in enumerate(widths):
            text = cells[index] if index < len(cells) else ""
            parts.append(self._fit(text, column_width))
        line = " ".join(parts[1:])
        text = parts[0] + line
        return Strip([Segment(self._fit(text, width), style)], width)

    def _empty_lines(self, width: int) -> list[str]:
        """The empty table's hint, wrapped at words to the table's width (never cut)."""
        return textwrap.wrap(self.empty_text, max(width - self.GUTTER, 10))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("paged-table--header")
            return self._line("", [c.label for c in self.columns], style, width)
        index = int(self.scroll_y) + y - 1
        if index >= self._count:
            hint = self._empty_lines(width) if self._count == 0 and not self._loading else []
            if index < len(hint):
                style = base + self.get_component_rich_style("paged-table--placeholder")
                text = self._fit(" " * self.GUTTER + hint[index], width)
                return Strip([Segment(text, style)], width)
            return Strip.blank(width, base)
        row = self.row_at(index)
        style = base
        if index % 2:
            style += self.get_component_rich_style("paged-table--even")
        if row is None:
            style += self.get_component_rich_style("paged-table--placeholder")
        if index == self.cursor:
            style += self.get_component_rich_style("paged-table--cursor")
        cells = row.cells if row is not None else (self.placeholder,)
        return self._line("▸" if index == self.cursor else "", cells, style, width)
