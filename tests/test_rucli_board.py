"""`contest board` at 80 columns in Russian (issue 15): the whole table fits, no word is cut
(team names, headers, numbers); event names too long for the width become numbers with a
legend below whose items are never split; a wide terminal shows the names in the header."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from outreach.cli.tables import column_widths, packed
from outreach.common.i18n import set_language
from outreach.contest import store
from outreach.contest.board import load_board


def board(db_path: Path, columns: int, lang: str = "ru") -> str:
    env = {**os.environ, "COLUMNS": str(columns), "OUTREACH_LANG": lang}
    done = subprocess.run([sys.executable, "-m", "outreach", "--db", str(db_path), "contest", "board", "1"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("│┃").split("│" if "│" in line else "┃")]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_board_at_80_columns_is_whole_with_every_word_unbroken(demo_db, db_path: Path, lang: str) -> None:
    set_language(lang)
    current = load_board(demo_db, 1)
    shown = board(db_path, 80, lang)
    lines = shown.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    rows = [cells(line) for line in lines if line.startswith("│")]
    assert len(rows) == len(current.rows)  # a row per team, none wrapped onto a second line
    assert sorted(row[2] for row in rows) == sorted(r.team.name for r in current.rows)
    header = cells(next(line for line in lines if line.startswith("┃")))
    assert header[3:-1] == [str(n) for n in range(1, len(current.events) + 1)]
    legend = " ".join(line for line in lines if not line.startswith(("│", "┃", "┏", "┡", "└")))
    for number, event in enumerate(current.events, start=1):
        assert f"{number} — {event.name}" in legend
    if lang == "ru":
        assert "Этапы: 1 — Теория ПДД;" in shown and "Итого" in header


def test_a_wide_terminal_names_the_events_in_the_header(demo_db, db_path: Path) -> None:
    shown = board(db_path, 160)
    header = cells(next(line for line in shown.splitlines() if line.startswith("┃")))
    assert "Параллельная парковка" in header and "Остановка у стоп-линии" in header
    assert "Этапы:" not in shown


def test_headers_wrap_at_spaces_when_their_longest_words_fit(demo_db, db_path: Path) -> None:
    set_language("ru")  # the name of the language it is typed in
    store.edit_event(demo_db, 1, "parallel", name="Параллельная парковка задним ходом")
    shown = board(db_path, 120)
    lines = shown.splitlines()
    assert max(cell_len(line) for line in lines) <= 120
    assert sum(line.startswith("┃") for line in lines) > 1  # the header wrapped
    header_words = " ".join(" ".join(cells(line)) for line in lines if line.startswith("┃")).split()
    for word in ("Параллельная", "парковка", "задним", "ходом"):
        assert word in header_words


def test_column_widths_give_each_column_its_longest_word_or_refuse() -> None:
    widths = column_widths(["Команда", "Итого"], [["Кузнецовы-Петровы Иван", "12,5"]], 40)
    assert widths is not None and widths[0] >= len("Кузнецовы-Петровы") and widths[1] == len("Итого")
    assert sum(widths) + 2 * 3 + 1 <= 40
    assert column_widths(["Команда", "Итого"], [["Кузнецовы-Петровы", "12,5"]], 20) is None


def test_packed_lines_never_split_an_item() -> None:
    lines = packed("Этапы:", ["1 — Теория ПДД", "2 — Змейка", "3 — Параллельная парковка"], 30)
    assert lines == ["Этапы: 1 — Теория ПДД;", "2 — Змейка;", "3 — Параллельная парковка"]
    assert all(cell_len(line) <= 30 for line in lines)
