"""Printable and spreadsheet lists (call lists, a message's CSV lists) and the system opener."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import sqlite_utils

from outreach.channels.call_list import (
    Sheet,
    call_sheet,
    open_command,
    sheet_stem,
    show,
    write_message_lists,
    write_sheet,
)
from outreach.messages import compose, templates
from outreach.messages.delivery.send import send_message
from tests.messages_support import parents


def _cells(path: Path) -> list[list[tuple[object, str]]]:
    book = openpyxl.load_workbook(path)
    return [[(cell.value, cell.data_type) for cell in row] for row in book.active.iter_rows()]


def test_a_call_list_as_html_and_xlsx_of_text_cells(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    ids = parents(db, 2, channel="sms", group="10А")
    written = write_sheet(
        call_sheet(db, list(reversed(ids)), "Кому позвонить: 10А"),
        tmp_path,
        sheet_stem("unreachable", "10 А"),
    )
    assert written.html.name == "unreachable-10-А.html" and written.rows == 2
    rows = _cells(written.xlsx)
    assert rows[0][0] == ("Parent", "s") and rows[0][4] == ("Call outcome", "s")
    assert [row[1][0] for row in rows[1:]] == ["+79120000001", "+79120000000"]  # the given order
    assert rows[1][2][0] == "Петров Иван1" and rows[1][3][0] == "10А"
    assert all(kind == "s" for row in rows for value, kind in row if value is not None)
    page = written.html.read_text(encoding="utf-8")
    assert "@page" in page and "<th>Phone</th>" in page and "Петрова Анна Викторовна" in page
    for path in (written.html, written.xlsx):
        assert path.stat().st_mode & 0o777 == 0o600


def test_a_formula_stays_text_in_the_workbook_and_html_is_escaped(tmp_path: Path) -> None:
    written = write_sheet(Sheet("t", ("a",), (('=HYPERLINK("x")',), ("<b>",))), tmp_path, "x")
    assert _cells(written.xlsx)[1] == [('=HYPERLINK("x")', "s")]
    assert "&lt;b&gt;" in written.html.read_text(encoding="utf-8")


def test_a_messages_csv_lists_get_printable_and_excel_copies(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    parents(db, 2, channel="sms")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"), audience=["all"])
    folder = tmp_path / "out"
    send_message(db, message_id, folder=folder)
    assert (folder / "sms.csv").is_file()
    written = write_message_lists(folder)
    assert [w.html.name for w in written] == ["sms.html"]
    rows = _cells(folder / "sms.xlsx")
    assert (
        len(rows) == 3
        and rows[1][0][0] == "+79120000000"
        and "Анна Викторовна" in str(rows[1][1][0])
    )
    assert "SMS to send by hand" in (folder / "sms.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("platform", "found", "expected"),
    [
        ("linux", {"xdg-open"}, ["xdg-open", "/f/a.html"]),
        ("linux", set(), None),
        ("darwin", {"open"}, ["open", "/f/a.html"]),
        ("win32", {"xdg-open"}, None),
    ],
)
def test_the_opener_chosen_per_system(
    platform: str, found: set[str], expected: list[str] | None
) -> None:
    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in found else None

    assert open_command(Path("/f/a.html"), platform, which) == expected


def test_show_runs_the_opener_or_says_it_could_not(monkeypatch: pytest.MonkeyPatch) -> None:
    launched: list[list[str]] = []
    monkeypatch.setattr("outreach.channels.call_list.sys.platform", "linux")
    monkeypatch.setattr("outreach.channels.call_list.shutil.which", lambda name: f"/usr/bin/{name}")
    assert show(Path("/f/a.html"), launched.append) and launched == [["xdg-open", "/f/a.html"]]
    monkeypatch.setattr("outreach.channels.call_list.shutil.which", lambda name: None)
    assert not show(Path("/f/a.html"), launched.append) and len(launched) == 1
