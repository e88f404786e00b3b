"""A survey's results as text: response rate per group, bars per question, free text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from outreach.common.i18n import t, tn
from outreach.surveys.model import type_label
from outreach.surveys.results import QUOTE, Results, bar, quoted
from outreach_screens.widgets.table_layout import wrapped

BAR = 16
MIN_LABEL = 26
NUMBERS = 1 + BAR + 1 + 4 + 1 + 4  # after a label: the bar, the count, the percentage


def _pct(value: float) -> str:
    return f"{round(value):>3}%"


def results_text(doc: Results, width: int = 80) -> Text:
    """Everything `survey results` shows, laid out for `width` columns: answer labels take
    what the bars and numbers leave, and a longer one wraps onto the lines below its bar."""
    label_room = max(MIN_LABEL, width - 2 - NUMBERS)
    text = Text()
    text.append(tn("Responses: {responses}; {matched} of {n} guardian answered ({rate}%)",
                   "Responses: {responses}; {matched} of {n} guardians answered ({rate}%)", doc["guardians"],
                   responses=doc["responses"], matched=doc["matched"], rate=round(100 * doc["response_rate"])), style="bold")
    if doc.get("superseded"):
        text.append(tn(" (and {n} earlier answer of the same parent, replaced by their latest)",
                       " (and {n} earlier answers of the same parents, replaced by their latest)", doc["superseded"]), style="dim")
    text.append("\n")
    groups = doc["groups"] if not doc.get("group") else [g for g in doc["groups"] if g["group"] == doc["group"]]
    for g in groups:
        label = str(g["group"])[:label_room].ljust(min(label_room, max(len(str(x["group"])) for x in groups)))
        text.append(f"  {label} ")
        text.append(bar(g["answered"], g["guardians"], BAR))
        text.append(f" {g['answered']}/{g['guardians']} {_pct(100 * g['rate'])}\n")
    grid: str | None = None
    for q in doc["questions"]:
        if q["grid"] is not None and q["grid"] != grid:
            text.append(f"\n{q['grid']}\n", style="bold")
        grid = q["grid"]
        text.append(f"  {q['row']}" if q["row"] is not None else f"\n{q['text']}", style="bold")
        text.append(f"  ({type_label(q['type'], list(q['answers']))}, {t('{n} answered', n=q['answered'])})\n",
                    style="dim")
        pad = "    " if q["row"] is not None else "  "  # a grid's answers under their row
        labels = list(q["answers"]) + [f"{t('other')}: {v}" for v in q["other"]]
        column = min(label_room - len(pad) + 2, max([len(x) for x in labels] + [4]))
        total = q["answered"]
        rows = [(k, n, q["percent"][k]) for k, n in q["answers"].items()]
        rows += [(f"{t('other')}: {v}", n, 100 * n / total if total else 0) for v, n in q["other"].items()]
        for label, n, pct in rows:  # a long answer wraps under itself, its bar on its first line
            first, *more = wrapped(label, column)
            text.append(f"{pad}{first.ljust(column)} ")
            text.append(bar(n, total, BAR))
            text.append(f" {n:>4} {_pct(pct)}\n")
            for line in more:
                text.append(f"{pad}{line}\n")
        for item in q["text_authors"]:
            lines = quoted(item["text"], width)
            text.append("\n".join(lines))
            who = ", ".join(str(x) for x in (item["name"], item["group"]) if x)
            if who:  # beside the answer's last line, or under it when it does not fit
                beside = len(lines[-1]) + len(who) + 4 <= width
                text.append(f"  ({who})" if beside else f"\n{' ' * len(QUOTE)}({who})", style="dim")
            text.append("\n")
    return text


class SurveyResults(VerticalScroll, can_focus=True):
    """Scrollable results; `show` replaces them."""

    DEFAULT_CSS = """
    SurveyResults {
        height: 1fr;
        padding: 0 1;
        & > #results-body { width: 1fr; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="results-body", markup=False)

    def show(self, doc: Results | None, empty: str = "") -> None:
        self.doc, self.empty = doc, empty
        self._render_results()
        self.scroll_home(animate=False)

    def _render_results(self) -> None:
        text = results_text(self.doc, self._width()) if self.doc else None
        self.plain = text.plain if text else self.empty
        self.query_one("#results-body", Static).update(text or self.empty)

    def _width(self) -> int:
        """The body's width (a scrollbar's room kept), the app's before the first layout."""
        return (self.content_size.width or self.app.size.width - 2) - 2

    def on_resize(self) -> None:
        if self.doc is not None:
            self._render_results()

    doc: Results | None = None
    empty: str = ""
    plain: str = ""
