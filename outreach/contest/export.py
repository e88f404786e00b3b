"""The standings and the full protocol (every team × event) as CSV, or as XLSX workbooks."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.common.formats import plain_decimal, show_decimal
from outreach.common.i18n import pt, t
from outreach.common.tabular import XLSX, write_table
from outreach.contest.board import Board, BoardRow, load_board
from outreach.contest.standings import driver_label
from outreach.store import audit

STANDINGS_FILE = "standings.csv"
PROTOCOL_FILE = "protocol.csv"


def status(row: BoardRow) -> str:
    s = row.standing
    if s.disqualified:
        return t("DSQ: {reason}", reason=s.dsq_reason or "")
    return t("complete") if s.complete else t("incomplete ({entered} results)",
                                                              entered=s.entered)


def rank_text(row: BoardRow) -> str:
    return "—" if row.rank is None else str(row.rank)


def total_text(row: BoardRow) -> str:
    """The total as the board shows it: «—» for a team that has not started (not 0 points)."""
    return "—" if row.standing.entered == 0 else show_decimal(row.standing.total)


def score_text(row: BoardRow, slug: str) -> str:
    """An event's score as the board shows it: empty before it is entered, «дискв.» / DSQ."""
    ev = row.standing.events[slug]
    if ev is None:
        return ""
    return t("DSQ") if ev.score is None else show_decimal(ev.score)


def standings_table(board: Board) -> tuple[list[str], list[list[object]]]:
    headers = [pt("contest.col.rank", "#"), t("No."), t("Team"),
               t("Student and parents"), *[e.name for e in board.events], t("Total"),
               t("Status")]
    rows = []
    for row in board.rows:
        cells: list[object] = [rank_text(row), row.team.number, row.team.name, row.team.people]
        for event in board.events:
            ev = row.standing.events[event.slug]
            cells.append("" if ev is None else ("DSQ" if ev.score is None else plain_decimal(ev.score)))
        cells += [plain_decimal(row.standing.total), status(row)]
        rows.append(cells)
    return headers, rows


def fault_text(counts: dict[str, int], board: Board) -> str:
    names = {f.code: f.name for f in board.faults}
    return "; ".join(f"{names.get(code, code)} × {n}" for code, n in sorted(counts.items()))


def protocol_table(board: Board) -> tuple[list[str], list[list[object]]]:
    headers = [t("No."), t("Team"), t("Student and parents"),
               t("Event"), t("Driver"), t("Time, s"),
               t("Wrong answers"), t("Faults"), t("Penalty"),
               t("DNF"), t("Disqualified"), t("Points")]
    rows: list[list[object]] = []
    for row in sorted(board.rows, key=lambda r: r.team.number):
        for event in board.events:
            ev = row.standing.events[event.slug]
            base: list[object] = [row.team.number, row.team.name, row.team.people, event.name,
                                  driver_label(event.driver)]
            if ev is None:
                rows.append(base + ["", "", "", "", "", "", t("no result")])
                continue
            rows.append(base + [plain_decimal(ev.time), "" if ev.wrong is None else ev.wrong,
                                fault_text(dict(ev.faults), board), plain_decimal(ev.penalty),
                                t("yes") if ev.dnf else "", ev.dsq or "",
                                plain_decimal(ev.score)])
    return headers, rows


def export_contest(db: sqlite_utils.Database, contest_id: int, path: Path | str,
                   protocol: bool = False, excel: bool = False, xlsx: bool = False) -> list[Path]:
    """Write the standings (or, with `protocol`, the protocol) to `path`; a directory gets both
    (as workbooks with `xlsx`). A file named .xlsx is a workbook; CSV otherwise (`excel`)."""
    board = load_board(db, contest_id)
    target = Path(path)
    written: list[tuple[Path | str, tuple[list[str], list[list[object]]]]]
    if str(path) != "-" and (target.is_dir() or str(path).endswith(("/", "\\"))):
        names = [Path(STANDINGS_FILE), Path(PROTOCOL_FILE)]
        if xlsx:
            names = [name.with_suffix(XLSX) for name in names]
        written = [(target / names[0], standings_table(board)),
                   (target / names[1], protocol_table(board))]
    else:
        written = [(path, protocol_table(board) if protocol else standings_table(board))]
    for where, (headers, rows) in written:
        write_table(where, headers, rows, title=board.contest.title, excel=excel)
    audit.record(db, "export", "contest", contest_id, {"files": len(written)})
    return [Path(p) for p, _ in written]
