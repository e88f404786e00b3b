"""«8 912 111-22-33 доб. 12»: the phone is the number, the extension is kept in the guardian's
notes where the teacher sees it, and the CLI and the app say so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from outreach.common.contacts import split_extension
from outreach.roster import guardians as roster
from outreach.roster.importing.cells import Item, contact_items
from outreach.roster.importing.importer import import_roster
from outreach_screens.app import make_app
from outreach_screens.roster.guardian_form import GuardianForm
from outreach_screens.roster.import_wizard import ImportWizard
from tests.conftest import Cli
from tests.tui_support import open_section, recorded_notifications, settle, until


@pytest.mark.parametrize(("raw", "split"), [
    ("8 912 111-22-33 доб. 12", ("8 912 111-22-33", "12")), ("8 912 111-22-33, доб 12", ("8 912 111-22-33", "12")),
    ("8 (3452) 50-60-70 доб.123", ("8 (3452) 50-60-70", "123")), ("+7 912 111 22 33 ext. 5", ("+7 912 111 22 33", "5")),
    ("8 912 111-22-33 вн. 305", ("8 912 111-22-33", "305")), ("8 912 111-22-33 #12", ("8 912 111-22-33", "12")),
    ("8 912 111-22-33", ("8 912 111-22-33", None)), ("доб. 12", ("доб. 12", None)), ("", ("", None)),
])
def test_the_extension_is_told_apart(raw: str, split: tuple[str, str | None]) -> None:
    assert split_extension(raw) == split


def stored(db: sqlite_utils.Database, gid: int) -> tuple[str, str]:
    return db.execute("SELECT phone, notes FROM guardians WHERE id = ?", [gid]).fetchone()


def test_add_guardian_keeps_the_extension_in_the_notes_and_says_so(cli: Cli, db: sqlite_utils.Database) -> None:
    result = cli("roster", "add-guardian", "--surname", "Петрова", "--name", "Анна",
                 "--phone", "8 912 111-22-33 доб. 12", "--notes", "Звонить после 18:00", "--json")
    assert result.exit_code == 0, result.output
    gid = cli.json("roster", "list")[0]["id"]
    assert result.stdout.strip().startswith("{") and '"id"' in result.stdout  # --json stays one document
    assert stored(db, gid) == ("+79121112233", "Звонить после 18:00; Extension 12 to the phone +7 912 111-22-33")
    assert "without its extension 12; the extension is kept in the notes" in " ".join(result.stderr.split())
    assert cli.json("roster", "list", "--search", "Петрова")[0]["phone"] == "+79121112233"


def test_in_russian(cli: Cli, db: sqlite_utils.Database, russian: None) -> None:
    result = cli("roster", "add-guardian", "--surname", "Петрова", "--name", "Анна",
                 "--phone", "8 912 111-22-33 доб. 12")
    assert result.exit_code == 0, result.output
    (gid,) = [g.id for g in roster.list_guardians(db)]
    assert stored(db, gid) == ("+79121112233", "Добавочный 12 к телефону +7 912 111-22-33")
    assert "Телефон сохранён без добавочного 12; добавочный записан в заметки." in " ".join(result.stderr.split())


def test_edit_adds_the_extension_to_the_notes_kept(cli: Cli, db: sqlite_utils.Database) -> None:
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "phone": "+79121112233",
                                   "notes": "Бабушка забирает по пятницам"})
    for _ in range(2):  # typed again: the note is not doubled
        result = cli("roster", "edit", "--guardian", str(gid), "--phone", "8 912 111-22-33 доб. 12")
        assert result.exit_code == 0, result.output
        assert "the extension is kept in the notes" in " ".join(result.stderr.split())
    assert stored(db, gid) == ("+79121112233",
                               "Бабушка забирает по пятницам; Extension 12 to the phone +7 912 111-22-33")
    assert cli("roster", "edit", "--guardian", str(gid), "--email", "anna@mail.ru").stderr == ""


async def test_the_app_form_keeps_it_and_says_so(db: sqlite_utils.Database, db_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(db_path)
    notes = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        form = await open_section(pilot, "a", GuardianForm)
        await pilot.press(*"Петрова", "tab", *"Анна", "tab")
        form.field_input("phone").value = "8 912 111-22-33 доб. 12"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("Guardian added" in note for note in notes))
    (gid,) = [g.id for g in roster.list_guardians(db)]
    assert stored(db, gid) == ("+79121112233", "Extension 12 to the phone +7 912 111-22-33")
    [said] = [note for note in notes if "Guardian added" in note]
    assert "without its extension 12; the extension is kept in the notes" in said


# -- the import ----------------------------------------------------------------------------

CORPUS = Path(__file__).parent / "data" / "rosters"
EXTENSIONS = [(2, "Телефон матери", "12", "Орлова Екатерина Сергеевна"),
              (3, "Телефон матери", "12", "Седова Мария Ивановна"),
              (3, "Телефон отца", "5", "Седов Олег Петрович")]


def notes_by_surname(db: sqlite_utils.Database) -> dict[str, tuple[str, str | None]]:
    return {surname: (phone, notes) for surname, phone, notes in
            db.execute("SELECT surname, phone, notes FROM guardians")}


def test_import_keeps_the_extension_in_the_notes_and_says_at_which_row(db: sqlite_utils.Database) -> None:
    report = import_roster(db, CORPUS / "cells_phone_extensions.csv")
    assert report.written and not report.rejected
    assert [(e.row, e.field, e.extension, e.person) for e in report.phone_extensions] == EXTENSIONS
    assert report.warnings[0] == ("Row 2, Телефон матери: the phone is saved without its extension 12; "
                                  "the extension is kept in the notes (Орлова Екатерина Сергеевна).")
    assert len(report.warnings) == len(EXTENSIONS)
    stored_now = notes_by_surname(db)
    assert stored_now["Орлова"] == ("+74951234567", "Extension 12 to the phone +7 495 123-45-67")
    assert stored_now["Седова"] == ("+74951234568", "Extension 12 to the phone +7 495 123-45-68")
    assert stored_now["Седов"] == ("+79124010003", "Extension 5 to the phone +7 912 401-00-03")
    assert stored_now["Ткачёва"] == ("+79124010004", None)
    again = import_roster(db, CORPUS / "cells_phone_extensions.csv")  # the note is not doubled
    assert (again.guardians.created, again.guardians.updated, again.guardians.unchanged) == (0, 0, 5)
    assert notes_by_surname(db) == stored_now


def test_import_adds_the_extension_to_the_notes_kept(db: sqlite_utils.Database) -> None:
    gid = roster.add_guardian(db, {"surname": "Орлова", "name": "Екатерина", "patronymic": "Сергеевна",
                                   "phone": "+74951234567", "notes": "Звонить после 18:00"})
    report = import_roster(db, CORPUS / "cells_phone_extensions.csv")
    assert report.guardians.updated == 1
    assert stored(db, gid) == ("+74951234567", "Звонить после 18:00; Extension 12 to the phone +7 495 123-45-67")


def test_import_cli_says_it_and_json_lists_it(cli: Cli) -> None:
    result = cli("roster", "import", str(CORPUS / "cells_phone_extensions.csv"), "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [(e["row"], e["field"], e["extension"], e["person"]) for e in document["phone_extensions"]] == EXTENSIONS
    assert sum("without its extension" in w for w in document["warnings"]) == len(EXTENSIONS)
    said = cli("roster", "import", str(CORPUS / "cells_phone_extensions.csv"))
    assert said.exit_code == 0
    assert ("Row 3, Телефон отца: the phone is saved without its extension 5; the extension is kept in the notes "
            "(Седов Олег Петрович).") in " ".join(said.stderr.split())


def test_import_in_russian(cli: Cli, db: sqlite_utils.Database, russian: None) -> None:
    result = cli("--lang", "ru", "roster", "import", str(CORPUS / "cells_phone_extensions.csv"))
    assert result.exit_code == 0, result.output
    assert ("Строка 2, Телефон матери: телефон сохранён без добавочного 12; добавочный записан в заметки "
            "(Орлова Екатерина Сергеевна).") in " ".join(result.stderr.split())
    assert notes_by_surname(db)["Орлова"][1] == "Добавочный 12 к телефону +7 495 123-45-67"


def test_a_refused_row_says_its_problem_not_the_extension(db: sqlite_utils.Database, tmp_path: Path) -> None:
    sheet = tmp_path / "class.csv"
    sheet.write_text("ФИО ученика,Класс,ФИО матери,Телефон матери,E-mail матери\n"
                     "Иванов Пётр,5Б,Иванова Ольга,8 495 123-45-67 доб. 12,olga@mail\n"
                     "Петров Иван,5Б,Петрова Анна,12-34 доб. 5,\n", encoding="utf-8")
    report = import_roster(db, sheet, dry_run=True)
    assert [(p.row, p.field) for p in report.rejected] == [(2, "E-mail матери"), (3, "Телефон матери")]
    assert report.phone_extensions == [] and report.warnings == []


@pytest.mark.parametrize(("cell", "kind", "items"), [
    ("89120000401 (мама), 8 495 111-22-33 доб. 305 (папа)", "contacts",
     [Item("phone", "89120000401", "mother"), Item("phone", "8 495 111-22-33", "father", "305")]),
    ("8 (495) 123-45-68, доб. 12; 8 912 111-22-33", "phone",
     [Item("phone", "8 (495) 123-45-68", "", "12"), Item("phone", "8 912 111-22-33")]),
    ("8 912 111-22-33 x5", "phone", [Item("phone", "8 912 111-22-33", "", "5")]),
    ("@ivan_x 12", "contacts", [Item("telegram", "@ivan_x", note="12")]),  # no phone: no extension, a note
])
def test_a_cell_tells_the_extension_from_the_phone(cell: str, kind: str, items: list[Item]) -> None:
    assert contact_items(cell, kind) == items


async def test_the_import_wizard_lists_the_extensions(db: sqlite_utils.Database, db_path: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(CORPUS / "cells_phone_extensions.csv", tmp_path / "6v.csv")
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        wizard = await open_section(pilot, "i", ImportWizard)
        await pilot.press(*"6v.csv", "enter")
        await until(pilot, lambda: wizard.step == "step-preview")
        wizard.next_button.press()
        await until(pilot, lambda: wizard.step == "step-check")
        assert "Phones with an extension: 3" in str(wizard.query_one("#counts").render())
        table = wizard.problems_table
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[:2] for row in rows] == [[str(row), column] for row, column, _, _ in EXTENSIONS]
        assert "kept in the notes (Седов Олег Петрович)" in " ".join(rows[2][2].split())
        assert wizard.next_button.has_focus  # nothing refused: Enter imports
        await until(pilot, lambda: not wizard.next_button.has_class("-active"))
        await pilot.press("enter")
        await until(pilot, lambda: roster.count_guardians(db) == 5)
    assert notes_by_surname(db)["Седов"][1] == "Extension 5 to the phone +7 912 401-00-03"
