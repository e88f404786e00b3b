"""The standings and the full protocol (every team × event) as CSV, or as XLSX workbooks."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from outreach.common.formats import show_decimal, show_seconds
from outreach.common.i18n import pt, t
from outreach.common.tabular import XLSX, write_table
from outreach.contest.board import Board, BoardRow, load_board
from outreach.contest.slips import result_words
from outreach.contest.standings import Result, decided_by, driver_label
from outreach.store import audit

STANDINGS_FILE = "standings.csv"
PROTOCOL_FILE = "protocol.csv"


def status(row: BoardRow) -> str:
    s = row.standing
    if s.disqualified:
        return t("DSQ: {reason}", reason=s.dsq_reason or "")
    return t("complete") if s.complete else t("incomplete (results: {entered})",
                                                              entered=s.entered)


def rank_text(row: BoardRow) -> str:
    return "—" if row.rank is None else str(row.rank)


def total_text(row: BoardRow) -> str:
    """The total as the board shows it: «—» for a team that has not started (not 0 points)
    and for a disqualified one (its points before would read as the best total)."""
    return "—" if not row.standing.entered or row.standing.disqualified else show_decimal(row.standing.total)


def tie_note(board: Board, row: BoardRow) -> str:
    """Why a team is ranked apart from a team with the same total (the preset's tie-break
    step that decides, with both values), or that they share the rank; "" for a total no
    other ranked team has."""
    s = row.standing
    same = [r for r in board.rows if r.rank is not None and r.standing.total == s.total
            and r.standing.entered == s.entered]
    if s.rank is None or len(same) < 2:
        return ""
    place = same.index(row)
    other = same[place - 1] if place else same[1]  # the team just above, or below the first
    decided = decided_by([e.rule() for e in board.events], s, other.standing)
    if decided is None:
        return t("Same total as №{other} and equal on every tie-break: rank {rank} shared.",
                 other=other.team.number, rank=s.rank)
    mine, theirs = decided
    names = {e.slug: e.name for e in board.events}
    what = (t("the time in «{event}»", event=names[mine.slug]) if mine.time
            else f"«{names[mine.slug]}»")
    value = show_seconds if mine.time else show_decimal
    return t("Same total as №{other}: {what} decides ({mine} against {theirs}).",
             other=other.team.number, what=what, mine=_shown(value, mine.value),
             theirs=_shown(value, theirs.value))


def _shown(show: Callable[[float], str], value: float) -> str:
    return "—" if math.isinf(value) else show(value)


def saved_text(row: BoardRow, replaced: Result | None) -> str:
    """What a saved result did to the team: its rank and total, or its disqualification; a
    replaced result is named, so that a slip of the team's number can be put right."""
    s, number = row.standing, row.team.number
    if replaced is not None:
        was = result_words(replaced)
        if s.disqualified:
            return t("Result replaced (it was {was}): team {number} is disqualified ({reason}).",
                     was=was, number=number, reason=s.dsq_reason or "")
        return t("Result replaced (it was {was}): team {number} is now ranked {rank}, points: {total}.",
                 was=was, number=number, rank=rank_text(row), total=total_text(row))
    if s.disqualified:
        return t("Result entered: team {number} is disqualified ({reason}).", number=number, reason=s.dsq_reason or "")
    return t("Result entered: team {number} is now ranked {rank}, points: {total}.",
             number=number, rank=rank_text(row), total=total_text(row))


def score_text(row: BoardRow, slug: str) -> str:
    """An event's score as the board shows it: empty before it is entered, «дискв.» / DSQ."""
    ev = row.standing.events[slug]
    if ev is None:
        return ""
    return t("DSQ") if ev.score is None else show_decimal(ev.score)


def number(value: float | None) -> int | float | str:
    """A score as a file holds it: a number (a spreadsheet sorts and sums it; the CSV writer
    gives it the decimal sign of its dialect), whole ones without «.0»; "" for none."""
    if value is None:
        return ""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def standings_table(board: Board) -> tuple[list[str], list[list[object]]]:
    headers = [pt("contest.col.rank", "#"), t("No."), t("Team"),
               t("Student and parents"), *[e.name for e in board.events], t("Total"),
               t("Status"), t("Tie-break")]
    rows = []
    for row in board.rows:
        cells: list[object] = [rank_text(row) if row.rank is None else row.rank, row.team.number,
                               row.team.name, row.team.people]
        for event in board.events:
            ev = row.standing.events[event.slug]
            cells.append("" if ev is None else (t("DSQ") if ev.score is None else number(ev.score)))
        total = total_text(row) if row.rank is None else number(row.standing.total)  # «—»: not started, or out
        cells += [total, status(row), tie_note(board, row)]
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
            rows.append(base + [number(ev.time), "" if ev.wrong is None else ev.wrong,
                                fault_text(dict(ev.faults), board), number(ev.penalty),
                                t("yes") if ev.dnf else "", ev.dsq or "",
                                number(ev.score)])
    return headers, rows


def into_folder(path: Path | str) -> bool:
    """Whether `export_contest` writes both files into `path` (a directory, or a name ending
    in a slash) rather than one file."""
    return str(path) != "-" and (Path(path).is_dir() or str(path).endswith(("/", "\\")))


def export_contest(db: sqlite_utils.Database, contest_id: int, path: Path | str,
                   protocol: bool = False, excel: bool = False, xlsx: bool = False) -> list[Path]:
    """Write the standings (or, with `protocol`, the protocol) to `path`; a directory gets both
    (as workbooks with `xlsx`). A file named .xlsx is a workbook; CSV otherwise (`excel`)."""
    board = load_board(db, contest_id)
    target = Path(path)
    written: list[tuple[Path | str, tuple[list[str], list[list[object]]]]]
    if into_folder(path):
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
