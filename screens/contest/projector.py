"""The projector view: the top places in large digits, the rest scrolling by itself."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Digits, Label, Static

from outreach.common.formats import show_decimal
from outreach.common.i18n import N_, pt, t, tn
from outreach.contest.board import Board, BoardRow
from outreach.contest.export import rank_text, total_text
from outreach_screens.bindings import LocalizedScreen
from outreach_screens.contest.big_text import big_text, big_width

TOP = 3
SCROLL_SECONDS = 2.0


def podium_digits(row: BoardRow) -> tuple[str, str]:
    return rank_text(row), show_decimal(row.standing.total)


def rest_line(row: BoardRow) -> str:
    flag = ""
    if row.standing.disqualified:
        flag = "  " + pt("contest.tui.dsq_short", "DSQ: {reason}", reason=row.standing.dsq_reason or "")
    elif not row.standing.complete:  # in words: a «…» would read as text cut short
        left = len(row.standing.events) - row.standing.entered
        flag = "  " + tn("{n} event to go", "{n} events to go", left)
    team = f"№{row.team.number:<3} {row.team.name:<24}"
    return f"{rank_text(row):>3}  {team} {total_text(row):>8}{flag}"


class ProjectorScreen(LocalizedScreen[None]):
    """Full screen, high contrast; updated by the scoreboard whenever the standings change."""

    CSS_PATH = Path(__file__).with_name("projector.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,p,з", "close", N_("Close"), id="projector.close"),
    ]

    def __init__(self, board: Board) -> None:
        super().__init__()
        self.board = board

    def compose(self) -> ComposeResult:
        yield Label("", id="projector-title", markup=False)
        with Vertical(id="podium"):
            for place in range(TOP):
                with Horizontal(classes="place", id=f"place-{place}"):
                    yield Digits("", classes="rank")
                    with Vertical(classes="who"):
                        yield Static("", classes="team-big", markup=False)
                        yield Label("", classes="team", markup=False)
                        yield Label("", classes="people", markup=False)
                    yield Digits("", classes="total")
        with VerticalScroll(id="rest"):
            yield Static("", id="rest-lines", markup=False)

    def on_mount(self) -> None:
        self.show_board(self.board)
        self.set_interval(SCROLL_SECONDS, self._scroll)

    def show_board(self, board: Board) -> None:
        self.board = board
        self.query_one("#projector-title", Label).update(
            f"{board.contest.title}   ·   {t('live ●') if not board.contest.locked else t('finished 🔒')}")
        ranked = [r for r in board.rows if r.rank is not None and r.standing.entered]
        for place in range(TOP):
            box = self.query_one(f"#place-{place}", Horizontal)
            row = ranked[place] if place < len(ranked) else None
            box.display = row is not None
            if row is None:
                continue
            rank, total = podium_digits(row)
            box.query_one(".rank", Digits).update(rank)
            box.query_one(".total", Digits).update(total)
            self._show_team(box, row, total)
        shown = {r.team.id for r in ranked[:TOP]}
        rest = [rest_line(r) for r in board.rows if r.team.id not in shown]
        self.query_one("#rest-lines", Static).update("\n".join(rest))

    def _show_team(self, box: Horizontal, row: BoardRow, total: str) -> None:
        """The team's name in letters as tall as the digits when the screen is wide enough
        for it (a projector's), in one bold line otherwise."""
        room = (self.size.width or self.app.size.width) - 8 - 4 - 4 * len(total) - 4
        big = big_width(row.team.name) <= room
        box.set_class(big, "-big")
        box.query_one(".team-big", Static).update(big_text(row.team.name) if big else "")
        box.query_one(".team", Label).update(f"№{row.team.number}  {row.team.name}")
        people = f"№{row.team.number} · {row.team.people}" if big else row.team.people
        box.query_one(".people", Label).update(people)

    def on_resize(self) -> None:
        self.show_board(self.board)

    def _scroll(self) -> None:
        scroll = self.query_one("#rest", VerticalScroll)
        if scroll.scroll_y >= scroll.max_scroll_y:
            scroll.scroll_home(animate=False)
        else:
            scroll.scroll_relative(y=1, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
