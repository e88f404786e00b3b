"""Phones in CSV files for people (issue 15): in Russian Excel's dialect a phone is written as a
teacher writes it, «8 (903) 765-00-11», which no spreadsheet reads as a formula, a number or a
date — not «'+79037650011» (the apostrophe shows: Excel and LibreOffice keep it from a CSV) and
not «+79037650011» (read as the number 79037650011). Any other formula start keeps its
apostrophe, and the scripts' CSV stays byte for byte. Read back with csv, openpyxl and, where
it is installed, LibreOffice itself."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import phonenumbers
import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.common.safe_csv import neutralize, restore, written_phone
from outreach.common.tabular import write_table
from outreach.roster import guardians as roster
from outreach.roster.export import export_roster
from tests.conftest import Cli

PHONE = "+79037650011"
WRITTEN = "8 (903) 765-00-11"


def excel_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.mark.parametrize(("typed", "written"), [
    (PHONE, WRITTEN), ("+7 903 765 00 11", WRITTEN), ("+7 (812) 123-45-67", "8 (812) 123-45-67"),
    ("+78005553535", "8 (800) 555-35-35"), ("+77012345678", "8 (701) 234 5678"),
    ("+375291234567", "00 375 29 123-45-67"), ("+12025550123", "00 1 202-555-0123"),
])
def test_a_phone_starting_with_plus_is_written_as_a_teacher_writes_it(typed: str, written: str) -> None:
    assert written_phone(typed) == written
    assert neutralize(typed, excel=True) == written
    assert neutralize(typed) == "'" + typed  # the scripts' dialect: as before
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))


@settings(max_examples=300, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_a_russian_mobile_is_written_as_phonenumbers_writes_it(digits: str) -> None:
    """A number phonenumbers knows is written its way; an unallocated block («+7 930 065…») is
    no phone to it, and keeps its apostrophe rather than be guessed at."""
    number = phonenumbers.parse("+79" + digits)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    expected = national if phonenumbers.is_valid_number(number) else None
    assert written_phone("+79" + digits) == expected


@pytest.mark.parametrize("text", ["+1+1", "+7", "+SUM(A1)", "-79037650011", "=79037650011", "@79037650011",
                                  "+7 903 765 00 11 доб. 2"])
def test_anything_else_that_starts_a_formula_keeps_its_apostrophe(text: str) -> None:
    assert written_phone(text) is None
    assert neutralize(text, excel=True) == "'" + text
    assert restore(neutralize(text, excel=True)) == text


def test_a_russian_csv_for_people_writes_phones_without_apostrophes(tmp_path: Path, russian: None) -> None:
    rows = [["Иванова Анна", PHONE, "=1+2"], ["Петров Иван", "+375291234567", "-5"]]
    write_table(tmp_path / "список.csv", ["ФИО", "Телефон", "Заметка"], rows)
    assert excel_rows(tmp_path / "список.csv") == [
        ["ФИО", "Телефон", "Заметка"], ["Иванова Анна", WRITTEN, "'=1+2"], ["Петров Иван", "00 375 29 123-45-67", "'-5"]]
    write_table(tmp_path / "scripts.csv", ["phone"], [[PHONE]], excel=False)
    assert (tmp_path / "scripts.csv").read_bytes() == b"phone\r\n'+79037650011\r\n"


@pytest.fixture
def family(db: sqlite_utils.Database) -> sqlite_utils.Database:
    student = roster.add_student(db, "Иванов", "Пётр", "", "10А")
    roster.add_guardian(db, {"surname": "Иванова", "name": "Анна", "phone": PHONE, "email": "=x@example.ru"},
                        [(student, "mother")])
    return db


def test_roster_export_excel_writes_the_phone_for_people_and_imports_back(
        family: sqlite_utils.Database, cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "10а.csv"
    assert cli("roster", "export", str(target), "--excel").exit_code == 0
    header, row = excel_rows(target)
    assert row[header.index("Phone")] == WRITTEN and row[header.index("E-mail")] == "'=x@example.ru"
    plain = tmp_path / "plain.csv"
    assert cli("roster", "export", str(plain)).exit_code == 0
    assert f",'{PHONE}," in plain.read_text(encoding="utf-8")  # the scripts' CSV, as before
    again = Cli(tmp_path / "again.db")
    imported = again("roster", "import", str(target), "--json")
    assert imported.exit_code == 0, imported.output
    assert [g["phone"] for g in again.json("roster", "list")] == [PHONE]


def test_export_all_excel_and_rejects_csv_write_phones_for_people(
        family: sqlite_utils.Database, cli: Cli, tmp_path: Path) -> None:
    assert cli("export", str(tmp_path / "dump"), "--excel").exit_code == 0
    header, *rows = excel_rows(tmp_path / "dump" / "guardians.csv")
    assert [row[header.index("phone")] for row in rows] == [WRITTEN]
    source = tmp_path / "10б.csv"
    source.write_text("Фамилия,Имя,Класс,Родитель,Телефон\r\nПетров,Иван,10Б,Петрова Мария,"
                      f"{PHONE}\r\nСидоров,Олег,10Б,Сидорова Ольга,12345\r\n", encoding="utf-8")
    rejects = tmp_path / "отклонённые.csv"
    result = cli("--lang", "ru", "roster", "import", str(source), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    header, row = excel_rows(rejects)
    assert row[header.index("Телефон")] == "12345"  # not a phone starting with +: as typed


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_phone_as_the_text_written(family: sqlite_utils.Database, tmp_path: Path) -> None:
    target = tmp_path / "roster.csv"
    export_roster(family, target, excel=True)
    # ; as the separator, " quotes, UTF-8, from line 1, ru-RU, and «detect special numbers» on
    options = "CSV:59,34,76,1,,1049,false,true,false,false,false"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    f"--infilter={options}", "--convert-to", "xlsx", "--outdir", str(tmp_path), str(target)],
                   check=True, capture_output=True, timeout=180)
    sheet = openpyxl.load_workbook(tmp_path / "roster.xlsx").active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    phone = sheet.cell(row=2, column=header.index("Phone") + 1)
    assert (phone.value, phone.data_type) == (WRITTEN, "s")
    email = sheet.cell(row=2, column=header.index("E-mail") + 1)
    assert email.data_type == "s"  # never a formula
