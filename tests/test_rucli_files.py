"""Files for people made by the Russian CLI open right in Russian Excel (issue 15): the
rejected rows of an import as a workbook of text cells by default (a phone as typed, no
apostrophe; a formula stays text), as BOM + `;` CSV when a .csv name is asked for; the call
list of a sent message as a workbook with Russian headers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from outreach.messages import compose, templates
from tests.messages_support import parents

PHONE = "+79037650011"
FORMULA = '=HYPERLINK("http://evil","Иванова")'
QUOTED_FORMULA = '"' + FORMULA.replace('"', '""') + '"'
ROSTER = ("Фамилия,Имя,Класс,Родитель,Телефон,E-mail\r\n"
          "Иванов,Пётр,10А,Иванова Анна,12345,anna@example.ru\r\n"
          f"Петров,Иван,10А,Петрова Мария,{PHONE},{QUOTED_FORMULA}\r\n")


def sheet_rows(path: Path) -> list[list[tuple[object, str]]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def test_rejects_of_a_russian_import_are_a_workbook_of_text_cells(cli, tmp_path: Path) -> None:
    source = tmp_path / "10а.csv"
    source.write_text(ROSTER, encoding="utf-8")
    result = cli("--lang", "ru", "roster", "import", str(source), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "Отклонённые строки записаны в" in result.stdout
    rows = sheet_rows(tmp_path / "10а.rejects.xlsx")
    assert [value for value, _ in rows[0]][:6] == ["строка", "Фамилия", "Имя", "Класс", "Родитель", "Телефон"]
    assert rows[1][5] == ("12345", "s") and rows[2][5] == (PHONE, "s")  # as typed, no apostrophe
    assert rows[2][6] == (FORMULA, "s")  # a text cell: Excel shows it, never runs it
    assert rows[1][-1] == ("Телефон: недействительный номер телефона", "s")


def test_rejects_asked_as_csv_are_russian_excels_dialect(cli, tmp_path: Path) -> None:
    source = tmp_path / "10а.csv"
    source.write_text(ROSTER, encoding="utf-8")
    rejects = tmp_path / "отклонённые.csv"
    result = cli("--lang", "ru", "roster", "import", str(source), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    raw = rejects.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["строка", "Фамилия", "Имя"] and len(rows) == 3
    assert not rows[2][6].startswith("=")  # the formula is neutralised


def test_a_sent_messages_call_list_is_a_russian_workbook(cli, db, tmp_path: Path) -> None:
    parents(db, 2, channel="phone")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"), audience=["all"])  # type: ignore[arg-type]  # find → Template | None
    folder = tmp_path / "папка"
    result = cli("--lang", "ru", "message", "send", str(message_id), "--yes", "--out", str(folder))
    assert result.exit_code == 0, result.output
    rows = sheet_rows(folder / "calls.xlsx")
    header = [value for value, _ in rows[0]]
    assert header[:2] == ["родитель", "телефон"] and all(kind == "s" for _, kind in rows[0])
    phones = [row[1] for row in rows[1:]]
    assert phones == [("+79120000000", "s"), ("+79120000001", "s")]
