"""The coverage report as horizontal bars: reach and primary split per channel, sized to fit."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

FILLED = "█"
EMPTY = "░"
NUMBER = 4


def filled_cells(value: int, total: int, width: int) -> int:
    """How many of `width` cells a bar of `value` out of `total` fills."""
    if total <= 0 or width <= 0:
        return 0
    return min(width, round(width * value / total))


class CoverageBars(Widget):
    """Rows of (label, reached, primary) drawn as two bars each, out of the audience."""

    DEFAULT_CSS = """
    CoverageBars {
        height: auto;
        & > .coverage-bars--title { text-style: bold; }
        & > .coverage-bars--heading { color: $text-muted; }
        & > .coverage-bars--reach { color: $primary; }
        & > .coverage-bars--primary { color: $secondary; }
        & > .coverage-bars--empty { color: $foreground 25%; }
        & > .coverage-bars--summary { color: $text-warning; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "coverage-bars--title",
        "coverage-bars--heading",
        "coverage-bars--reach",
        "coverage-bars--primary",
        "coverage-bars--empty",
        "coverage-bars--summary",
    }

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.title = ""
        self.headings: tuple[str, str] = ("", "")
        self.summary = ""
        self.total = 0
        self.rows: list[tuple[str, int, int]] = []

    def show(self, title: str, total: int, rows: list[tuple[str, int, int]],
             headings: tuple[str, str], summary: str) -> None:
        self.title, self.total, self.rows = title, total, list(rows)
        self.headings, self.summary = headings, summary
        self.refresh(layout=True)

    def bar_width(self, width: int | None = None) -> int:
        """Cells per bar at the widget's (or the given) width."""
        label = max((cell_len(r[0]) for r in self.rows), default=0)
        spare = (width if width is not None else self.size.width) - label - 1
        return max(spare // 2 - NUMBER - 1, 1)

    def _bar(self, value: int, width: int, style: Style, text: Text) -> None:
        filled = filled_cells(value, self.total, width)
        text.append(FILLED * filled, style)
        text.append(EMPTY * (width - filled), self.get_component_rich_style("coverage-bars--empty"))
        text.append(f"{value:>{NUMBER}} ")

    def render(self) -> Text:
        width = self.size.width
        if not self.rows:
            return Text(self.title)
        label = max(cell_len(r[0]) for r in self.rows)
        bar = self.bar_width(width)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(self.title, self.get_component_rich_style("coverage-bars--title"))
        heading = " " * (label + 1) + "".join(
            set_cell_size(h, bar + NUMBER + 1) for h in self.headings)
        text.append("\n" + heading.rstrip(),
                    self.get_component_rich_style("coverage-bars--heading"))
        reach = self.get_component_rich_style("coverage-bars--reach")
        primary = self.get_component_rich_style("coverage-bars--primary")
        for channel, reached, first in self.rows:
            text.append("\n" + set_cell_size(channel, label) + " ")
            self._bar(reached, bar, reach, text)
            self._bar(first, bar, primary, text)
        if self.summary:
            text.append("\n" + self.summary,
                        self.get_component_rich_style("coverage-bars--summary"))
        return text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.rows:
            return 1
        return 2 + len(self.rows) + self._summary_lines(width)

    def _summary_lines(self, width: int) -> int:
        """The summary's lines at `width`, wrapped at spaces as it is drawn (never cut)."""
        if not self.summary:
            return 0
        return len(Text(self.summary).wrap(self.app.console, max(width, 1)))
