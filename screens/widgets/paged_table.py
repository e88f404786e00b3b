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
from outreach_screens.widgets.table_layout import (
    Column,
    Layout,
    Measure,
    cell_lines,
    fit,
    measure,
    plan,
)
from outreach_screens.widgets.widget_message import WidgetMessage


@dataclass(frozen=True)
class TableRow:
    """One row as the table shows it: a key, the cell texts, and the data behind it."""

    key: int
    cells: tuple[str, ...]
    data: Any = field(default=None, compare=False)


@dataclass(frozen=True)
class _Page:
    """A page of rows and its columns' widths (measured in the worker that fetched it)."""

    rows: list[TableRow]
    measures: tuple[Measure, ...]


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
        def __init__(self, generation: int, count: int, pages: dict[int, _Page],
                     keep_position: bool) -> None:
            super().__init__()
            self.generation = generation
            self.count = count
            self.pages = pages
            self.keep_position = keep_position

    class _PagesFetched(Message):
        def __init__(self, generation: int, pages: dict[int, _Page]) -> None:
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
        self._measures: dict[int, tuple[Measure, ...]] = {}
        self._fetching: tuple[Worker[None] | None, frozenset[int]] = (None, frozenset())
        self._highlighted: TableRow | None = None
        self._measured: tuple[Measure, ...] = tuple(Measure() for _ in self.columns)
        self._layout: tuple[tuple[int, tuple[Measure, ...]], Layout] = ((-1, ()), Layout((), ()))

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

    def load(self, source: PageSource, *, keep_position: bool = False) -> Worker[None]:
        """Show `source`: count it and fetch the rows to show, in a worker (returned: a dialog
        can make the keys typed as it opens wait for it).

        The old rows stay on screen until the new ones arrive, so nothing flickers.
        """
        self._source = source
        self._generation += 1
        self._loading = True
        first = self._top_row() if keep_position else 0
        pages = self._pages_for(first, first + self._visible_rows())
        return self._load(self._generation, source, pages, keep_position)

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
        fetched: dict[int, _Page] = {}
        for page in pages:
            if worker.is_cancelled:
                break
            fetched.update(self._fetch_range(source, [page]))
        self.post_message(self._PagesFetched(generation, fetched))

    def _fetch_range(self, source: PageSource, pages: list[int]) -> dict[int, _Page]:
        """Fetch the pages with one query over their span, then split and measure them."""
        if not pages:
            return {}
        first, last = min(pages), max(pages)
        rows = source.fetch(first * self.PAGE_SIZE, (last - first + 1) * self.PAGE_SIZE)
        size = self.PAGE_SIZE
        return {page: self._page(rows[(page - first) * size:(page - first + 1) * size])
                for page in pages}

    def _page(self, rows: list[TableRow]) -> _Page:
        measures = tuple(measure([row.cells[index] for row in rows if index < len(row.cells)])
                         for index in range(len(self.columns)))
        return _Page(rows, measures)

    def _keep(self, pages: dict[int, _Page]) -> None:
        self._pages.update((number, page.rows) for number, page in pages.items())
        self._measures.update((number, page.measures) for number, page in pages.items())

    @on(_Counted)
    def _counted(self, message: _Counted) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self._loading = False
        self._fetching = (None, frozenset())
        held = self.highlighted_row
        self._pages, self._measures = {}, {}
        self._keep(message.pages)
        self._count = message.count
        self._relayout()
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
        self._keep(message.pages)
        self._trim_cache()
        self._relayout()
        self.refresh()
        self._announce()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.group == "paged-table-load":
            self._loading = False
        notify_failure(self, event)

    # -- window management --------------------------------------------------------------

    @property
    def row_layout(self) -> Layout:
        """The columns' widths and the lines a row takes at the table's present width."""
        width = self.scrollable_content_region.width
        if self._layout[0] != (width, self._measured):
            layout = plan(self.columns, self._measured, width - self.GUTTER)
            self._layout = ((width, self._measured), layout)
        return self._layout[1]

    def _relayout(self) -> None:
        """Measure the held pages again: the widths, and the virtual height as the lines a
        row takes (one, or up to three where a text would not fit) times the rows."""
        measured = [Measure() for _ in self.columns]
        for measures in self._measures.values():
            measured = [held.widest(page) for held, page in zip(measured, measures, strict=True)]
        self._measured = tuple(measured)
        self.virtual_size = Size(self.scrollable_content_region.width,
                                 self._count * self.row_layout.lines + 1)
        self._scroll_cursor_into_view()

    def _visible_lines(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _visible_rows(self) -> int:
        return max(self._visible_lines() // self.row_layout.lines, 1)

    def _top_row(self) -> int:
        return int(self.scroll_y) // self.row_layout.lines

    def _pages_for(self, first_row: int, last_row: int) -> list[int]:
        margin = self._visible_rows()
        low = max(first_row - margin, 0) // self.PAGE_SIZE
        high = max(last_row + margin, 0) // self.PAGE_SIZE
        return list(range(low, high + 1))

    def _ensure_window(self) -> None:
        """Start fetching the pages around the visible rows that are not loaded yet."""
        if self._source is None or self._loading or not self._count:
            return
        top = self._top_row()
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
        centre = (self._top_row() + self._visible_rows() // 2) // self.PAGE_SIZE
        keep = sorted(self._pages, key=lambda p: abs(p - centre))[: self.MAX_PAGES]
        self._pages = {p: self._pages[p] for p in keep}
        self._measures = {p: self._measures[p] for p in keep}

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._ensure_window()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
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
        lines = self.row_layout.lines
        first, visible, top = self.cursor * lines, self._visible_lines(), int(self.scroll_y)
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif first + lines > top + visible:
            self.scroll_to(y=first + lines - visible, animate=False, immediate=True)

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
            index = (int(self.scroll_y) + offset.y - 1) // self.row_layout.lines
            if index < self._count:
                self.cursor = index

    # -- painting -----------------------------------------------------------------------

    def _line(self, marker: str, cells: Sequence[str], style: Style, width: int,
              lines: int = 1, part: int = 0) -> Strip:
        """Line `part` of a row of `lines` lines: its cells wrapped to the layout's widths,
        the left-out columns skipped."""
        layout = self.row_layout
        texts = [cell_lines(cells[index] if index < len(cells) else "", layout.widths[index],
                            lines)[part] for index in layout.shown()]
        text = fit(marker if part == 0 else "", self.GUTTER) + " ".join(texts)
        return Strip([Segment(fit(text, width), style)], width)

    def _empty_lines(self, width: int) -> list[str]:
        """The empty table's hint, wrapped at words to the table's width (never cut)."""
        return textwrap.wrap(self.empty_text, max(width - self.GUTTER, 10))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("paged-table--header")
            return self._line("", self.row_layout.labels, style, width)
        line = int(self.scroll_y) + y - 1
        index, part = divmod(line, self.row_layout.lines)
        if index >= self._count:
            hint = self._empty_lines(width) if self._count == 0 and not self._loading else []
            if line < len(hint):
                style = base + self.get_component_rich_style("paged-table--placeholder")
                text = fit(" " * self.GUTTER + hint[line], width)
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
        marker = "▸" if index == self.cursor else ""
        return self._line(marker, cells, style, width, self.row_layout.lines, part)
