"""A new class teacher's own roster files, and the same class imported again a month later
and in the next school year (driven by hand in tmux at 80×24, then pinned here): each test
failed before its fix."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
import sqlite_utils
from textual.widgets import DataTable, Static

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster
from outreach_screens.app import make_app
from outreach_screens.roster.import_wizard import ImportWizard
from tests.conftest import Cli
from tests.tui_support import open_section, settle, until

ROSTERS = Path(__file__).parent / "data" / "rosters"
SEPTEMBER = ROSTERS / "hands10_7b_excel.csv"  # cp1251, «;», a title row naming 7Б
OCTOBER = ROSTERS / "hands10_7b_october.csv"
NEXT_YEAR = ROSTERS / "hands10_8b_next_year.csv"


def people(cli: Cli) -> dict[str, dict[str, object]]:
    """Each guardian by full name: phone, consent and children as «Фамилия Имя (класс)»."""
    return {f"{g['surname']} {g['name']} {g['patronymic']}": {
        "phone": g["phone"], "consent": g["consent"],
        "children": sorted(f"{s['surname']} {s['name']} ({s['group']})" for s in g["students"])}
        for g in cli.json("roster", "list")}


def relations(db: sqlite_utils.Database) -> dict[tuple[str, str], str]:
    return {(child, parent): relation for child, parent, relation in db.execute(
        "SELECT s.surname || ' ' || s.name, g.surname || ' ' || g.name, sg.relation"
        " FROM student_guardians sg JOIN students s ON s.id = sg.student_id"
        " JOIN guardians g ON g.id = sg.guardian_id")}


@pytest.mark.parametrize("name", ["hands10_7b_excel.csv", "hands10_7b_google.csv", "hands10_7b.xlsx"])
def test_the_teachers_sheet_as_excel_google_and_xlsx_save_it(cli: Cli, db: sqlite_utils.Database, name: str) -> None:
    report = cli.json("roster", "import", str(ROSTERS / name))
    assert report["students"]["created"] == 5 and report["guardians"]["created"] == 7
    assert [s["group"] for s in report["sheets"]] == ["7Б"]
    found = people(cli)
    assert found["Алексеева Марина Викторовна"]["phone"] == "+79124011101"
    assert found["Алексеев Кирилл Олегович"]["phone"] == "+79124011102"
    assert found["Григорьев Семён Петрович"]["children"] == ["Григорьев Дмитрий (7Б)"]
    assert relations(db)[("Данилова Елизавета", "Данилова Ольга")] == "mother"
    assert relations(db)[("Данилова Елизавета", "Данилов Игорь")] == "father"


def test_a_new_school_years_list_moves_the_class_instead_of_doubling_it(cli: Cli) -> None:
    """8Б's list in September names 7Б's children: they moved; nobody is created twice, a
    father with no phone in the file is still the one stored, the consent stays."""
    cli.json("roster", "import", str(OCTOBER))
    cli("roster", "consent", "1", "--given", "--date", "2026-09-01")
    dry = cli.json("roster", "import", str(NEXT_YEAR), "--dry-run")
    assert dry["students"] == {"created": 0, "updated": 5, "unchanged": 0}
    assert dry["guardians"]["created"] == 0
    assert {(u["name"], u["field"], u["before"], u["after"]) for u in dry["updates"]} == {
        (name, "group", "7Б", "8Б") for name in (
            "Алексеев Богдан Кириллович", "Белова Варвара Денисовна", "Григорьев Дмитрий Семенович",
            "Данилова Елизавета Игоревна", "Иванов Кузьма Львович")}
    cli.json("roster", "import", str(NEXT_YEAR))
    found = people(cli)
    assert len(found) == 8  # Иванов Лев Ильич (no phone) once, not a second one for 8Б
    assert found["Иванов Лев Ильич"]["children"] == ["Иванов Кузьма (8Б)"]
    assert found["Алексеева Марина Викторовна"]["children"] == ["Алексеев Богдан (8Б)"]
    assert found["Алексеева Марина Викторовна"]["consent"]
    assert cli.json("roster", "import", str(NEXT_YEAR))["students"] == {"created": 0, "updated": 0, "unchanged": 5}


def test_a_month_later_the_dry_run_names_each_change_and_who_is_gone(cli: Cli, russian: None) -> None:
    """A phone changed, a family left, «Семён» typed «Семен», a mother in CAPS: the dry run
    says which phone becomes which and who is no longer in the file; «ё» is not lost."""
    cli.json("roster", "import", str(SEPTEMBER))
    result = cli("--lang", "ru", "roster", "import", str(OCTOBER), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "Алексеева Марина Викторовна — телефон: +7 912 401-11-01 → +7 912 409-99-99" in result.stdout
    assert "Ершов Жан Андреевич (7Б)" in result.stdout and "Нет в файле" in result.stdout
    assert "Григорьев" not in result.stdout  # «Семен» for the stored «Семён» is no change
    report = cli.json("roster", "import", str(OCTOBER))
    assert report["guardians"] == {"created": 2, "updated": 1, "unchanged": 5}
    assert report["students"] == {"created": 1, "updated": 0, "unchanged": 4}
    assert [a["name"] for a in report["not_in_file"]] == ["Ершов Жан Андреевич"]
    found = people(cli)
    assert "Григорьев Семён Петрович" in found and "Данилова Ольга Сергеевна" in found
    assert found["Григорьев Семён Петрович"]["children"] == ["Григорьев Дмитрий (7Б)"]
    assert found["Ершова Зоя Павловна"]["children"] == ["Ершов Жан (7Б)"]  # left as it was


def test_a_summary_sheet_of_counts_is_not_read_as_pupils(cli: Cli) -> None:
    report = cli.json("roster", "import", str(ROSTERS / "hands10_class_sheets_summary.xlsx"))
    assert report["rejected"] == [] and report["skipped_sheets"] == ["Сводка"]
    assert report["students"]["created"] == 3
    assert [(s["name"], s["group"]) for s in report["sheets"]] == [("5А", "5А"), ("5Б", "5Б")]


def test_excels_lock_file_and_a_word_document_are_named_for_what_they_are(
        cli: Cli, tmp_path: Path, russian: None) -> None:
    shutil.copy(ROSTERS / "hands10_7b.xlsx", tmp_path / "7Б.xlsx")
    (tmp_path / "~$7Б.xlsx").write_bytes(b"\x08teacher" + b"\x00" * 157)  # what Excel leaves while it is open
    result = cli("--lang", "ru", "roster", "import", str(tmp_path / "~$7Б.xlsx"))
    assert result.exit_code == 1
    assert "служебный файл" in result.stderr and "Выберите «7Б.xlsx»" in result.stderr
    word = tmp_path / "список.csv"
    shutil.copy(ROSTERS / "hands10_7b.xlsx", word)
    with zipfile.ZipFile(word, "w") as docx:
        docx.writestr("word/document.xml", "<w:document/>")
    result = cli("--lang", "ru", "roster", "import", str(word))
    assert result.exit_code == 1 and "документ Word" in result.stderr


async def test_the_wizard_shows_what_a_second_import_changes_before_importing(
        db: sqlite_utils.Database, db_path: Path, cli: Cli, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, russian: None) -> None:
    """With no flags: the third step lists the phone that changes and the child no longer in
    the file; the folder shows the workbook, not Excel's lock file beside it."""
    import_roster(db, SEPTEMBER)
    monkeypatch.chdir(tmp_path)
    shutil.copy(OCTOBER, tmp_path / "7Б октябрь.csv")
    (tmp_path / "~$7Б октябрь.csv").write_bytes(b"\x08teacher" + b"\x00" * 157)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_section(pilot, "i", ImportWizard)
        await until(pilot, lambda: len(wizard.query_one("#files").root.children) > 0)
        shown = [str(node.label) for node in wizard.query_one("#files").root.children]
        assert shown == ["7Б октябрь.csv"]
        await pilot.press(*"7Б октябрь.csv", "enter")
        await until(pilot, lambda: wizard.step == "step-preview")
        wizard.next_button.press()
        await until(pilot, lambda: wizard.step == "step-check")
        changes = wizard.query_one("#changes", DataTable)
        rows = [[str(cell).replace("\n", " ") for cell in changes.get_row_at(i)] for i in range(changes.row_count)]
        assert ["Алексеева Марина Викторовна", "телефон", "+7 912 401-11-01", "+7 912 409-99-99"] in rows
        assert ["Ершов Жан Андреевич (7Б)", "нет в файле", "в списке", "остаётся в списке"] in rows
        assert changes.display and "уберите его сами" in str(wizard.query_one("#changes-title", Static).render())
        assert roster.count_guardians(db) == 7  # nothing written before Import
        wizard.next_button.press()
        await until(pilot, lambda: roster.count_guardians(db) == 9)
        await settle(pilot)
    assert people(cli)["Алексеева Марина Викторовна"]["phone"] == "+79124099999"
