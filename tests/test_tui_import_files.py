"""The import wizard's corrections through Pilot: a column's meaning chosen from a list, the
header row, the workbook's sheets — each re-previewed at once, then imported as shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
import sqlite_utils
from textual.widgets import Select

from outreach.common.i18n import set_language
from outreach.roster import guardians as roster
from outreach.roster.students import list_students
from outreach_screens.app import make_app
from outreach_screens.roster.import_wizard import ImportWizard
from outreach_screens.roster.screen import RosterScreen
from tests.test_tui_import import press_enter_on_button
from tests.tui_support import open_section, screen_lines, settle, until

ROSTERS = Path(__file__).parent / "data" / "rosters"
SMALL = (80, 24)

UNHEADED = """Ученик,Класс,Кому звонить,Номер
Орлов Павел Игоревич,9В,Орлова Екатерина Сергеевна,8 (912) 111-22-01
Седова Нина Олеговна,9В,Седов Олег Петрович,+7 912 111-22-03
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def meanings(w: ImportWizard) -> dict[str, str]:
    table = w.mapping_table
    return {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)}


async def open_file(pilot, path: Path) -> ImportWizard:
    await settle(pilot)
    w = await open_section(pilot, "i", ImportWizard)
    w.path_input.value = str(path)
    await pilot.press("enter")
    await settle(pilot)
    assert w.step == "step-preview"
    return w


async def choose_meaning(pilot, w: ImportWizard, header: str, typed: str) -> None:
    """By keyboard: the column's row in the table, then the list of meanings, typed to search."""
    w.mapping_table.focus()
    rows = list(meanings(w))
    await pilot.press("ctrl+home", *["down"] * rows.index(header))
    assert w.column == header
    await pilot.press("tab")
    assert pilot.app.focused is w.meaning_select
    await pilot.press("enter", *typed, "enter")
    await settle(pilot)


async def test_remapping_a_column_re_previews_and_imports_it(db: sqlite_utils.Database,
                                                             db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "unheaded.csv"
    source.write_text(UNHEADED, encoding="utf-8")
    async with make_app(db_path).run_test(size=SMALL) as pilot:
        w = await open_file(pilot, source)
        assert meanings(w)["Кому звонить"] == "do not import"
        assert w.meaning_select.region.bottom <= SMALL[1] and w.mapping_table.region.height > 0

        await choose_meaning(pilot, w, "Кому звонить", "parent's full")
        await until(pilot, lambda: meanings(w)["Кому звонить"] == "parent's full name (guardian.fio)")
        assert w.overrides == {"Кому звонить": "guardian.fio"}
        await choose_meaning(pilot, w, "Номер", "phone")
        await until(pilot, lambda: meanings(w)["Номер"] == "phone (guardian.phone)")
        assert "--map" not in str(w.query_one("#unknown").render())
        await choose_meaning(pilot, w, "Ученик", "parent's full")  # taken from «Кому звонить»…
        await until(pilot, lambda: meanings(w)["Кому звонить"] == "do not import")
        await choose_meaning(pilot, w, "Кому звонить", "parent's full")  # … and given back
        await until(pilot, lambda: meanings(w)["Ученик"] == "do not import")
        await choose_meaning(pilot, w, "Ученик", "student's full")
        await until(pilot, lambda: meanings(w)["Ученик"] == "student's full name (student.fio)")
        assert not [n for n in pilot.app._notifications if n.severity == "error"]

        w.next_button.focus()
        await press_enter_on_button(pilot)  # the dry run, with the corrections
        await settle(pilot)
        assert w.step == "step-check" and not w.report.rejected
        assert w.report.guardians.created == 2
        await press_enter_on_button(pilot)
        await settle(pilot)
        assert isinstance(pilot.app.screen, RosterScreen)
    phones = {g.surname: g.phone for g in roster.list_guardians(db)}
    assert phones == {"Орлова": "+79121112201", "Седов": "+79121112203"}


async def test_ignoring_a_column_and_a_file_with_no_name_column(db: sqlite_utils.Database,
                                                                db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "unheaded.csv"
    source.write_text(UNHEADED, encoding="utf-8")
    async with make_app(db_path).run_test(size=SMALL) as pilot:
        w = await open_file(pilot, source)
        await choose_meaning(pilot, w, "Ученик", "do not")
        await until(pilot, lambda: meanings(w)["Ученик"] == "do not import")
        assert w.next_button.disabled  # no name column left: nothing to import
        assert "choose below" in str(w.query_one("#unknown").render())
        assert not [n for n in pilot.app._notifications if n.severity == "error"]


async def test_sheets_and_header_row_are_chosen_in_the_wizard(db: sqlite_utils.Database,
                                                              db_path: Path, tmp_path: Path) -> None:
    book = tmp_path / "classes.xlsx"
    shutil.copy(ROSTERS / "files_class_sheets.xlsx", book)
    async with make_app(db_path).run_test(size=(100, 30)) as pilot:
        w = await open_file(pilot, book)
        assert w.sheet_list.display and w.sheet_list.selected == ["7А", "7-Б класс"]
        detected = str(w.query_one("#detected").render())
        assert "«7А»" in detected and "class 7Б" in detected
        w.sheet_list.focus()
        await pilot.press("home", "space")  # «7А» off
        await until(pilot, lambda: w.preview is not None and len(w.preview.sheets) == 1)
        assert w.preview.sheets[0].table.sheet == "7-Б класс"

        w.header_row_input.focus()
        await pilot.press("1")
        await until(pilot, lambda: not w.busy and w.preview.first.header_row == 1)
        w.next_button.focus()
        await press_enter_on_button(pilot)
        await settle(pilot)
        await press_enter_on_button(pilot)
        await settle(pilot)
        assert isinstance(pilot.app.screen, RosterScreen)
    assert {s.group for s in list_students(db)} == {"7Б"}
    assert len(list_students(db)) == 2


async def test_title_row_file_in_russian_at_80x24(db: sqlite_utils.Database, db_path: Path,
                                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    set_language("ru")
    book = tmp_path / "titled.xlsx"
    shutil.copy(ROSTERS / "files_title_row.xlsx", book)
    async with make_app(db_path).run_test(size=SMALL) as pilot:
        w = await open_file(pilot, book)
        assert w.header_row_input.placeholder == "3"
        assert not w.sheet_list.display  # one sheet: nothing to choose
        assert "класс 7Б" in str(w.query_one("#detected").render())
        assert meanings(w)["№"] == "не загружать"
        assert isinstance(w.meaning_select, Select)
        w.next_button.focus()
        await press_enter_on_button(pilot)
        await settle(pilot)
        assert w.report.students.created == 3 and not w.report.rejected
    set_language("en")


async def test_a_teachers_mama_papa_sheet_imports_with_no_corrections(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path) -> None:
    book = tmp_path / "teacher.xlsx"
    shutil.copy(ROSTERS / "files_teacher_roles.xlsx", book)
    async with make_app(db_path).run_test(size=SMALL) as pilot:
        w = await open_file(pilot, book)
        assert not w.next_button.disabled
        assert not w.query_one("#class-row").display  # the sheet's title names the class
        w.next_button.focus()
        await press_enter_on_button(pilot)
        await settle(pilot)
        assert w.step == "step-check" and not w.report.rejected
        await press_enter_on_button(pilot)
        await settle(pilot)
    assert len(list_students(db)) == 3 and roster.count_guardians(db) == 4
    assert {s.group for s in list_students(db)} == {"7Б"}


OWN_CLASS = """ФИО ребёнка;Дата рождения;ФИО мамы;Телефон мамы;ФИО папы;Телефон папы;Адрес
Алексеев Дмитрий;12.03.2015;Алексеева Ольга Викторовна;8 (912) 345-67-01;Алексеев Игорь Петрович;нет;ул. Ленина, 5-12
Борисова Анна;01.07.2015;Борисова Марина Сергеевна;+7 912 345 67 02;-;-;ул. Мира, 3
"""


async def test_a_csvs_title_class_is_shown_on_the_second_step(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, russian: None) -> None:
    """«Список класса 9В на 2026/27 уч. год» above a CSV's header gave its rows class 9В, but
    step 2 did not say so (only a workbook's sheets showed their class)."""
    source = tmp_path / "9v.csv"
    source.write_text("Список класса 9В на 2026/27 уч. год;;\n№;ФИО обучающегося;ФИО матери\n"
                      "1;Ёлкин Иван Петрович;Ёлкина Анна Сергеевна\n", encoding="cp1251")
    async with make_app(db_path).run_test(size=SMALL) as pilot:
        w = await open_file(pilot, source)
        assert "Класс из заголовка над таблицей: 9В" in str(w.query_one("#detected").render())
        assert not w.query_one("#class-row").display


async def test_a_list_naming_no_class_is_asked_its_class_before_the_problems(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, russian: None) -> None:
    """A class teacher's own list has no class column: step 2 asks for the class (focused),
    instead of step 3 listing «no class» on every row."""
    source = tmp_path / "5b.csv"
    source.write_text(OWN_CLASS, encoding="cp1251")
    async with make_app(db_path).run_test(size=SMALL) as pilot:
        w = await open_file(pilot, source)
        lines = screen_lines(pilot.app)
        assert any("В файле не указан класс. Класс учеников:" in line for line in lines)
        assert any("данных): Дата рождения, Адрес." in line for line in lines)  # the note still whole
        assert pilot.app.focused is w.query_one("#preview-group")
        await pilot.press("5", "б", "enter")
        await settle(pilot)
        assert w.step == "step-check" and w.report.rejected == []
        await press_enter_on_button(pilot)
        await settle(pilot)
    assert {s.group for s in list_students(db)} == {"5Б"} and roster.count_guardians(db) == 3


async def test_a_huge_header_and_cell_are_shown_as_short_excerpts(db: sqlite_utils.Database,
                                                                  db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "huge.csv"
    source.write_text("ФИО ученика,Класс,ФИО родителя," + "Примечание " * 20_000 + "\n"
                      "Орлов Павел,9В,Орлова Екатерина,\"" + "очень " * 50_000 + "\"\n", encoding="utf-8")
    async with make_app(db_path).run_test(size=SMALL) as pilot:
        w = await open_file(pilot, source)
        assert len(str(w.query_one("#unknown").render())) < 200
        assert max(len(h) for h in meanings(w)) <= 60
        assert len(str(w.query_one("#sample").get_row_at(0)[3])) <= 60


async def test_a_wide_two_sheet_book_keeps_the_meaning_list_on_screen_at_80x24(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, russian: None) -> None:
    """A book with a sheet per class and ten columns: step 2 ran past the dialog at 80×24,
    so the list that changes a column's meaning sat under the buttons (the teacher tabbed
    into a field she could not see) and the last column's row was hidden. The step now
    scrolls to what has the focus."""
    book = openpyxl.Workbook()
    first = book.active
    first.title = "7А"
    first.append(["Список родителей 7А класса, 2026/27 уч. год"])
    first.append([])
    first.append(["№", "ФИО ученика", "Мама", "Телефон мамы", "Папа", "Телефон папы", "Эл. почта"])
    first.append([1, "Иванов Пётр", "Иванова Анна", "89121112233", "Иванов Сергей", "89124445566", ""])
    second = book.create_sheet("7Б")
    second.append(["ФИО ученика", "Родитель", "Телефон", "Email"])
    second.append(["Кузнецов Иван", "Кузнецова Дарья", "89990001122", "d.kuz@yandex.ru"])
    book.save(tmp_path / "classes.xlsx")
    async with make_app(db_path).run_test(size=SMALL) as pilot:
        w = await open_file(pilot, tmp_path / "classes.xlsx")
        step = w.query_one("#step-preview")
        buttons = w.query_one("#buttons").region
        assert list(meanings(w))[-1] == "Email"
        await choose_meaning(pilot, w, "Email", "не загр")
        await until(pilot, lambda: meanings(w)["Email"] == "не загружать")
        assert pilot.app.focused is w.meaning_select
        shown = w.meaning_select.region
        assert step.region.contains_region(shown) and shown.bottom <= buttons.y
        assert any(line.strip("█ ").startswith("Читать «Email» как: не загружать")
                   for line in screen_lines(pilot.app))


async def test_a_sheet_unticked_stays_in_the_list_to_tick_again(db: sqlite_utils.Database,
                                                                db_path: Path, tmp_path: Path) -> None:
    """The list was rebuilt from the sheets just read: «7А» unticked left the list (with one
    sheet left, the list itself went), so it could not be ticked again."""
    book = tmp_path / "classes.xlsx"
    shutil.copy(ROSTERS / "files_class_sheets.xlsx", book)
    async with make_app(db_path).run_test(size=(100, 30)) as pilot:
        w = await open_file(pilot, book)
        w.sheet_list.focus()
        await pilot.press("home", "space")  # «7А» off
        await until(pilot, lambda: w.preview is not None and len(w.preview.sheets) == 1 and not w.busy)
        assert w.sheet_list.display
        assert [w.sheet_list.get_option_at_index(i).value for i in range(w.sheet_list.option_count)] == ["7А", "7-Б класс", "Памятка"]
        assert w.sheet_list.selected == ["7-Б класс"]
        w.sheet_list.focus()
        await pilot.press("home", "space")  # «7А» on again
        await until(pilot, lambda: len(w.preview.sheets) == 2 and not w.busy)
        assert w.sheet_list.selected == ["7А", "7-Б класс"]


async def test_the_tab_delimiter_is_named_in_russian(db: sqlite_utils.Database, db_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    set_language("ru")
    async with make_app(db_path).run_test(size=SMALL) as pilot:
        await settle(pilot)
        w = await open_section(pilot, "i", ImportWizard)
        w.query_one("#delimiter", Select).value = "\t"  # the forced delimiter, as the list shows it
        await settle(pilot)
        line = next(line for line in screen_lines(pilot.app) if "Разделитель:" in line)
        assert "табуляция" in line and "tab" not in line
        w.query_one("#delimiter", Select).value = "auto"
        w.path_input.value = str(Path(__file__).parent / "data" / "parents.tsv")
        await pilot.press("enter")
        await until(pilot, lambda: w.step == "step-preview" and not w.busy)
        detected = str(w.query_one("#detected").render())
        assert "разделитель: табуляция" in detected and "tab" not in detected
