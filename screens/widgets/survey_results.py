"""A survey's results as text: response rate per group, bars per question, free text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from outreach.common.i18n import t, tn
from outreach.surveys.model import type_label
from outreach.surveys.results import Results, bar

BAR = 16
LABEL = 26


def _pct(value: float) -> str:
    return f"{round(value):>3}%"


def results_text(doc: Results) -> Text:
    """Everything `survey results` shows, laid out for an 80-column terminal."""
    text = Text()
    text.append(tn("{responses} responses; {matched} of {n} guardian answered ({rate}%)",
                   "{responses} responses; {matched} of {n} guardians answered ({rate}%)", doc["guardians"],
                   responses=doc["responses"], matched=doc["matched"], rate=round(100 * doc["response_rate"])), style="bold")
    if doc.get("superseded"):
        text.append(t(" (and {count} earlier answers of the same parents, replaced by their latest)", count=doc["superseded"]), style="dim")
    text.append("\n")
    groups = doc["groups"] if not doc.get("group") else [g for g in doc["groups"] if g["group"] == doc["group"]]
    for g in groups:
        label = str(g["group"])[:LABEL].ljust(min(LABEL, max(len(str(x["group"])) for x in groups)))
        text.append(f"  {label} ")
        text.append(bar(g["answered"], g["guardians"], BAR))
        text.append(f" {g['answered']}/{g['guardians']} {_pct(100 * g['rate'])}\n")
    for q in doc["questions"]:
        text.append("\n")
        text.append(q["text"], style="bold")
        text.append(f"  ({type_label(q['type'])}, {t('{n} answered', n=q['answered'])})\n",
                    style="dim")
        labels = list(q["answers"]) + [f"{t('other')}: {v}" for v in q["other"]]
        width = min(LABEL, max([len(x) for x in labels] + [4]))
        total = q["answered"]
        rows = [(k, n, q["percent"][k]) for k, n in q["answers"].items()]
        rows += [(f"{t('other')}: {v}", n, 100 * n / total if total else 0) for v, n in q["other"].items()]
        for label, n, pct in rows:
            shown = label if len(label) <= width else label[:width - 1] + "…"
            text.append(f"  {shown.ljust(width)} ")
            text.append(bar(n, total, BAR))
            text.append(f" {n:>4} {_pct(pct)}\n")
        for item in q["text_authors"]:
            text.append(f"  — {item['text']}")
            who = ", ".join(str(x) for x in (item["name"], item["group"]) if x)
            if who:
                text.append(f"  ({who})", style="dim")
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
        body = self.query_one("#results-body", Static)
        self.plain = results_text(doc).plain if doc else empty
        body.update(results_text(doc) if doc else empty)
        self.scroll_home(animate=False)

    plain: str = ""
