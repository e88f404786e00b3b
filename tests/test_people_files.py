"""Files for people: the lists a teacher opens are XLSX workbooks of text cells (phones as they
are, nothing a spreadsheet runs), a CSV asked for in Russian opens right in Russian Excel,
and the CSVs scripts read stay as they were."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import sqlite_utils
from textual.widgets import Button, Checkbox

from outreach.common.i18n import set_language
from outreach.common.tabular import write_table
from outreach.contest.export import export_contest
from outreach.erasure.forget import forget_family
from outreach.messages import compose, templates
from outreach.messages.delivery.send import send_message
from outreach.roster import guardians as roster
from outreach.roster.export import export_roster
from outreach.surveys.results import export_results
from outreach_screens.app import make_app
from outreach_screens.contest.export import ContestExportDialog
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.roster.export_dialog import ExportDialog
from outreach_screens.roster.screen import RosterScreen
from tests.messages_support import parents
from tests.tui_support import open_section, settle, until

PHONE = "+79037650011"
FORMULA = '=HYPERLINK("http://evil","Иванова")'


def cells(path: Path) -> list[list[tuple[object, str]]]:
    """Every cell of the first sheet as (value, openpyxl data type)."""
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def test_a_table_for_people_is_a_workbook_of_text_cells(tmp_path: Path) -> None:
    target = tmp_path / "list.xlsx"
    rows = [[FORMULA, PHONE, 3], ["#N/A", "8 (903) 765-00-11", 2.5], ["a\x01b", None, "-1"]]
    assert write_table(target, ["ФИО", "Телефон", "Баллы"], rows, title="Кому позвонить: 10А") == 3
    table = cells(target)
    assert table[0] == [("ФИО", "s"), ("Телефон", "s"), ("Баллы", "s")]
    assert table[1] == [(FORMULA, "s"), (PHONE, "s"), (3, "n")]  # a formula stays text, no apostrophe
    assert table[2] == [("#N/A", "s"), ("8 (903) 765-00-11", "s"), (2.5, "n")]
    assert table[3][0] == ("ab", "s") and table[3][2] == ("-1", "s")  # no control character
    book = openpyxl.load_workbook(target)
    sheet = book.active
    assert sheet is not None and sheet.title == "Кому позвонить- 10А" and sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b and target.stat().st_mode & 0o777 == 0o600


def test_a_csv_for_people_is_russian_excels_in_russian_and_plain_in_english(tmp_path: Path) -> None:
    set_language("ru")
    write_table(tmp_path / "ru.csv", ["ФИО", "Телефон"], [["Иванова Анна", PHONE]])
    raw = (tmp_path / "ru.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8-sig").startswith("ФИО;Телефон\r\n")
    assert raw.decode("utf-8-sig").splitlines()[1] == "Иванова Анна;8 (903) 765-00-11"  # no formula start, no «'»
    set_language("en")
    write_table(tmp_path / "en.csv", ["Name", "Phone"], [["Anna", "x"]])
    assert (tmp_path / "en.csv").read_bytes() == b"Name,Phone\r\nAnna,x\r\n"
    write_table(tmp_path / "asked.csv", ["Name"], [["Anna"]], excel=True)
    assert (tmp_path / "asked.csv").read_bytes() == b"\xef\xbb\xbfName\r\nAnna\r\n"


def test_the_roster_as_a_workbook_and_the_script_csv_unchanged(db: sqlite_utils.Database,
                                                                tmp_path: Path) -> None:
    student = roster.add_student(db, "Иванов", "Пётр", "", "10А")
    roster.add_guardian(db, {"surname": "Иванова", "name": "Анна", "phone": PHONE}, [(student, "mother")])
    assert export_roster(db, tmp_path / "roster.xlsx") == 1
    table = cells(tmp_path / "roster.xlsx")
    assert table[0][0] == ("Student surname", "s") and table[0][8] == ("Phone", "s")
    assert table[1][8] == (PHONE, "s") and table[1][3] == ("10А", "s") and table[1][7] == ("mother", "s")
    assert export_roster(db, tmp_path / "redacted.xlsx", redacted=True) == 1
    assert cells(tmp_path / "redacted.xlsx")[1][8] == ("+7********11", "s")
    export_roster(db, tmp_path / "roster.csv")  # the scripting contract: CSV, `,`, the formula guard
    lines = (tmp_path / "roster.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1] == f"Иванов,Пётр,,10А,Иванова,Анна,,mother,'{PHONE},,,,,"


def test_a_message_folder_keeps_its_csvs_and_gets_workbooks(db: sqlite_utils.Database,
                                                             tmp_path: Path) -> None:
    ids = parents(db, 2, channel="sms")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"), audience=["all"])
    folder = tmp_path / "out"
    send_message(db, message_id, folder=folder)
    assert "\n'+7912" in (folder / "sms.csv").read_text(encoding="utf-8")  # for scripts, as before
    table = cells(folder / "sms.xlsx")
    assert [row[0] for row in table[1:]] == [("+79120000000", "s"), ("+79120000001", "s")]
    assert "Анна Викторовна" in str(table[1][1][0]) and (folder / "sms.html").is_file()
    forget_family(db, ids[0])  # a forgotten family leaves no copy behind either
    table = cells(folder / "sms.xlsx")
    assert [row[0][0] for row in table[1:]] == ["+79120000001"]
    assert "+79120000000" not in (folder / "sms.html").read_text(encoding="utf-8")


def test_the_files_sender_writes_the_folder_from_the_batchs_contacts(db: sqlite_utils.Database,
                                                                     tmp_path: Path) -> None:
    parents(db, 3, channel="sms")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"), audience=["all"])
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        report = send_message(db, message_id, folder=tmp_path / "out")
    finally:
        db.conn.set_trace_callback(None)
    assert report.exported == 3 and (tmp_path / "out" / "sms.xlsx").is_file()
    contact_reads = [s for s in statements if "SELECT m.user_id FROM max_users m" in s]
    assert len(contact_reads) == 1  # the batch's read; the folder uses its `Reach` records


def test_survey_and_contest_results_as_workbooks(demo_db: sqlite_utils.Database, tmp_path: Path) -> None:
    (survey_id,) = demo_db.execute("SELECT min(id) FROM surveys").fetchone()
    rows = export_results(demo_db, survey_id, tmp_path / "survey.xlsx", summary=True)
    table = cells(tmp_path / "survey.xlsx")
    assert len(table) == rows + 1 and table[0][0] == ("question_id", "s")
    assert table[1][0][1] == "n" and table[1][1][1] == "s"  # an id is a number, a question text
    (contest_id,) = demo_db.execute("SELECT max(id) FROM contests").fetchone()
    written = export_contest(demo_db, contest_id, tmp_path, xlsx=True)
    assert [p.name for p in written] == ["standings.xlsx", "protocol.xlsx"]
    assert cells(written[0])[0][0] == ("#", "s")


async def test_the_export_dialog_writes_a_workbook_by_default_in_russian(
    demo_db: sqlite_utils.Database, db_path: Path, tmp_path: Path
) -> None:
    set_language("ru")
    folder = tmp_path / "exports"
    folder.mkdir()
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and dialog.default.suffix == ".xlsx"
        for widget in (dialog.path_input, dialog.query_one("#excel", Checkbox), *dialog.query(Button)):
            assert widget.region.bottom <= 24 and widget.region.right <= 80  # whole at 80×24
        dialog.path_input.value = str(folder)  # a folder: the default name in it
        await pilot.press("enter")
        await until(pilot, lambda: list(folder.iterdir()))
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
    (written,) = folder.iterdir()
    assert written.suffix == ".xlsx"
    table = cells(written)
    assert table[0][0] == ("Фамилия ученика", "s") and table[0][8] == ("Телефон", "s")
    phones = [row[8] for row in table[1:] if row[8][0] is not None]
    assert phones and all(kind == "s" and str(value).startswith("+7") for value, kind in phones)


async def test_the_contest_export_dialog_in_russian_at_80x24(
    demo_db: sqlite_utils.Database, db_path: Path, tmp_path: Path
) -> None:
    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "5", ScoreboardScreen)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ContestExportDialog)
        xlsx = dialog.query_one("#contest-export-xlsx", Checkbox)
        assert xlsx.value is True and "xlsx" in str(xlsx.label)
        for widget in (xlsx, dialog.query_one("#contest-export-excel", Checkbox), *dialog.query(Button)):
            assert widget.region.bottom <= 24 and widget.region.right <= 80
        dialog.path_input.value = str(tmp_path / "итоги")
        await pilot.press("enter")
        await until(pilot, lambda: (tmp_path / "итоги" / "protocol.xlsx").is_file())
    standings = cells(tmp_path / "итоги" / "standings.xlsx")
    assert standings[0][0] == ("Место", "s") and len(standings) > 1


def test_the_cli_writes_a_workbook_for_a_xlsx_name_and_csv_otherwise(cli, demo_db: sqlite_utils.Database,
                                                                       tmp_path: Path) -> None:
    assert cli("roster", "export", str(tmp_path / "roster.xlsx")).exit_code == 0
    assert cells(tmp_path / "roster.xlsx")[0][0] == ("Student surname", "s")
    (contest_id,) = demo_db.execute("SELECT max(id) FROM contests").fetchone()
    assert cli("contest", "export", str(contest_id), str(tmp_path), "--xlsx").exit_code == 0
    assert (tmp_path / "standings.xlsx").is_file() and (tmp_path / "protocol.xlsx").is_file()
    assert cli("contest", "export", str(contest_id), str(tmp_path)).exit_code == 0
    assert (tmp_path / "standings.csv").read_text(encoding="utf-8").startswith("#,No.,Team")
