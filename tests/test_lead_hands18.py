"""A class teacher's own Excel sheet, as she keeps it (session 18, by hand at 80×24 in
Russian): a title row, «Мама / Телефон мамы / Папа / Телефон папы», a phone with «до 18:00»
typed beside it, and lines under the list — «Всего: 4 учащихся», «Классный руководитель:
Петрова А.И.». The total refused the file; the teacher's name became a student; «до 18:00»
was read as two phones «18» and «00» and refused the row."""

from __future__ import annotations

import re
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from openpyxl import Workbook

from outreach.common.i18n import set_language
from outreach.messages import compose, templates
from outreach.messages.name_cases import CASES
from outreach.roster import guardians as roster
from outreach.roster.importing.importer import HiddenRows, import_roster
from outreach.settings.values import set_setting
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.messages.screen import MessagesScreen
from tests.conftest import Cli
from tests.messages_support import parents
from tests.tui_support import open_section, recorded_notifications, until, wizard_checked

HEADER = ["№ п/п", "Фамилия, имя ребёнка", "Дата рождения", "Мама", "Телефон мамы", "Папа", "Телефон папы"]
CHILDREN = [
    [1, "Абрамов Кирилл", date(2013, 4, 5), "Абрамова Ольга Петровна", "8 (912) 345-67-89",
     "Абрамов Пётр Ильич", "+7 912 111 22 33"],
    [2, "Белова Дарья", date(2013, 7, 1), "Белова Наталья Сергеевна", "89123334455", "", ""],
    [3, "Гусев Тимофей", date(2013, 2, 2), "Гусева Ирина", "8912-555-66-77 до 18:00", "Гусев Андрей", "нет"],
    [4, "Директоров Иван", date(2013, 9, 9), "Директорова Анна", "89124445566", "", ""],
]
UNDER = [["", "Всего: 4 учащихся"], ["", "Классный руководитель: Петрова А.И."], ["Подпись ____________"]]


def class_sheet(tmp_path: Path, children: list[list[object]] = CHILDREN) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "7Б"
    sheet.append(["Список учащихся 7 «Б» класса на 2026/2027 учебный год"])
    sheet.append([])
    sheet.append(HEADER)
    for row in children:
        sheet.append(row)
    sheet.append([])
    for row in UNDER:
        sheet.append(row)
    path = tmp_path / "7b.xlsx"
    book.save(path)
    return path


def test_lines_under_the_list_are_no_people_and_are_said(db: sqlite_utils.Database, tmp_path: Path,
                                                         russian: None) -> None:
    report = import_roster(db, class_sheet(tmp_path))
    assert report.written and not report.rejected
    students = sorted(f"{r['surname']} {r['name']}" for r in db["students"].rows)
    assert students == ["Абрамов Кирилл", "Белова Дарья", "Гусев Тимофей", "Директоров Иван"]  # «Директоров» is a name
    assert [(f.row, f.field, f.text) for f in report.footer_rows] == [
        (9, "Фамилия, имя ребёнка", "Всего: 4 учащихся"),
        (10, "Фамилия, имя ребёнка", "Классный руководитель: Петрова А.И."),
        (11, "№ п/п", "Подпись ____________")]
    assert any("строка 10" in w and "не загружена — «Классный руководитель: Петрова А.И.»" in w
               for w in report.warnings), report.warnings


def test_words_beside_a_phone_are_its_note_not_more_phones(db: sqlite_utils.Database, tmp_path: Path,
                                                           russian: None) -> None:
    report = import_roster(db, class_sheet(tmp_path))
    assert not report.rejected
    mother = db.execute("SELECT phone, notes FROM guardians WHERE surname = 'Гусева'").fetchone()
    assert mother == ("+79125556677", "Телефон +7 912 555-66-77: до 18:00")
    assert db.execute("SELECT phone FROM guardians WHERE surname = 'Гусев'").fetchone() == (None,)  # «нет»


def test_short_digits_alone_are_still_refused(db: sqlite_utils.Database, tmp_path: Path, russian: None) -> None:
    """Only beside a phone are short digits a note: «12345» alone, or after a comma, is a
    mistyped phone the teacher must see."""
    children = [row[:] for row in CHILDREN]
    children[1][4] = "12345"
    children[3][4] = "89124445566, 912-44"
    report = import_roster(db, class_sheet(tmp_path, children))
    assert [(p.row, p.field, p.value) for p in report.rejected] == [
        (5, "Телефон мамы", "12345"), (7, "Телефон мамы", "912-44")]
    assert not report.written


def test_the_cli_imports_the_sheet_and_names_the_lines_left_out(cli: Cli, tmp_path: Path, russian: None) -> None:
    done = cli("roster", "import", str(class_sheet(tmp_path)))
    assert done.exit_code == 0, done.output
    assert "строка 9, Фамилия, имя ребёнка: строка под списком (итог, подпись), а не человек" in done.output
    assert cli.json("roster", "import", str(class_sheet(tmp_path)), "--dry-run", "--json")["footer_rows"][0] == {
        "row": 9, "field": "Фамилия, имя ребёнка", "text": "Всего: 4 учащихся", "sheet": "7Б"}


async def test_the_wizard_lists_the_lines_under_the_list(db_path: Path, tmp_path: Path, russian: None) -> None:
    path = class_sheet(tmp_path)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await wizard_checked(pilot, path)
        assert wizard.problems_table.row_count == 3
        counts = str(wizard.query_one("#counts").render())
        assert "Строки под списком (итог, подпись) не загружены: 3" in counts, counts
        assert "4 учеников" in counts or "учеников: 4" in counts, counts
        assert not wizard.next_button.disabled  # nothing refused: the sheet can be imported


def csv_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "list.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def classes(db: sqlite_utils.Database) -> dict[str, str]:
    return {f"{surname} {name}": group for surname, name, group in db.execute(
        "SELECT s.surname, s.name, g.name FROM students s JOIN groups g ON g.id = s.group_id")}


def test_class_blocks_pasted_one_under_another(db: sqlite_utils.Database, tmp_path: Path, russian: None) -> None:
    """Each block's header again, and a class line over the last block with no class cells:
    the header is no parent «Фио Родителя» with the phone «Телефон», and the last block's
    child is in 7В, not in the class of the row above the line."""
    path = csv_file(tmp_path, "ФИО ученика;Класс;ФИО родителя;Телефон",
                    "Иванов Иван;7А;Иванова Анна;89121112233",
                    "ФИО ученика;Класс;ФИО родителя;Телефон",
                    "Петров Пётр;7Б;Петрова Мария;89122223344",
                    "", "7В класс;;;",
                    "ФИО ученика;Класс;ФИО родителя;Телефон",
                    "Сидоров Олег;;Сидорова Ольга;89123334455")
    report = import_roster(db, path)
    assert not report.rejected and report.filled_cells == 0
    assert classes(db) == {"Иванов Иван": "7А", "Петров Пётр": "7Б", "Сидоров Олег": "7В"}
    assert db["guardians"].count == 3


def test_a_class_typed_after_the_childs_name(db: sqlite_utils.Database, tmp_path: Path, russian: None) -> None:
    path = csv_file(tmp_path, "ФИО ученика;ФИО родителя;Телефон",
                    "Иванов Иван 7А;Иванова Анна;89121112233",
                    "Петров Пётр, 7 «Б»;Петрова Мария;89122223344",
                    "Сидоров Олег (7в);Сидорова Ольга;89123334455")
    report = import_roster(db, path)
    assert not report.rejected and not report.class_missing
    assert classes(db) == {"Иванов Иван": "7А", "Петров Пётр": "7Б", "Сидоров Олег": "7В"}


def test_a_class_after_the_name_that_the_class_column_contradicts_is_refused(
        db: sqlite_utils.Database, tmp_path: Path, russian: None) -> None:
    path = csv_file(tmp_path, "ФИО ученика;Класс;ФИО родителя;Телефон",
                    "Иванов Иван 7А;7Б;Иванова Анна;89121112233",
                    "Козлова Вера 2;7Б;Козлова Анна;89121112244")
    report = import_roster(db, path)
    assert [(p.row, p.field, p.detail) for p in report.rejected] == [
        (2, "ФИО ученика", "класс после имени (7А) не тот, что в столбце класса (7Б) — «Иванов Иван 7А»"),
        (3, "ФИО ученика", "в имени цифры или «@»: класс, номер или адрес вписаны в имя? Дайте им свой столбец"
                            " — «Козлова Вера 2»")]
    assert not report.written


def test_a_phone_given_for_telegram_is_the_parents_phone(db: sqlite_utils.Database, tmp_path: Path,
                                                         russian: None) -> None:
    """Parents write the number their Telegram is found by; the bot cannot write to a number
    (it needs the personal link), so it is their phone, said in the notes — not a refused row."""
    path = csv_file(tmp_path, "ФИО ученика;Класс;ФИО родителя;Телефон;Telegram;VK",
                    "Петров Пётр;7А;Петров Сергей;89122223344;+79122223344;",
                    "Орлов Тимур;7А;Орлова Мария;;8 912 555-66-77;",
                    "Ли Анна;7А;Ли Ольга;;;8-912-777-88-99",
                    "Сидоров Олег;7А;Сидорова Ольга;;@сидорова;")
    report = import_roster(db, path)
    assert [(p.row, p.field, p.value) for p in report.rejected] == [(5, "Telegram", "@сидорова")]
    report = import_roster(db, path, skip_invalid=True, rejects=tmp_path / "rejects.csv")
    stored = {surname: (phone, telegram, notes) for surname, phone, telegram, notes in db.execute(
        "SELECT surname, phone, telegram, notes FROM guardians")}
    assert stored == {"Петров": ("+79122223344", None, "Телефон +7 912 222-33-44: Telegram по этому номеру"),
                      "Орлова": ("+79125556677", None, "Телефон +7 912 555-66-77: Telegram по этому номеру"),
                      "Ли": ("+79127778899", None, "Телефон +7 912 777-88-99: VK по этому номеру")}


def test_a_remark_beside_the_relation_word(db: sqlite_utils.Database, tmp_path: Path, russian: None) -> None:
    path = csv_file(tmp_path, "ФИО ученика;Класс;ФИО родителя;Кем приходится;Телефон",
                    "Сидоров Олег;7А;Сидорова Галина Ивановна;бабушка (по маме);89123334455",
                    "Орлов Тимур;7А;Орлов Павел;брат (совершеннолетний);89125556677",
                    "Ким Ян;7А;Ким Ли;соседка (по просьбе мамы);89126667788")
    assert not import_roster(db, path).rejected
    stored = {surname: (relation, notes) for surname, relation, notes in db.execute(
        "SELECT g.surname, sg.relation, g.notes FROM guardians g JOIN student_guardians sg ON sg.guardian_id = g.id")}
    assert stored == {"Сидорова": ("grandmother", "Кем приходится: бабушка (по маме)"),
                      "Орлов": ("brother", "Кем приходится: брат (совершеннолетний)"),
                      "Ким": ("соседка (по просьбе мамы)", None)}  # no known word: kept as typed


def test_a_parents_cell_with_labelled_phones_and_an_extension(db: sqlite_utils.Database, tmp_path: Path,
                                                              russian: None) -> None:
    """A school system's «Родители» cell: «т.», «раб.», «(моб.)» label the phones, a work
    phone has its extension, a dash stands before a phone. The labels are no name and the
    extension no stray digits (it refused the row); the dash is no patronymic «Викторовна -»."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Ученик", "Класс", "Родители"])
    sheet.append(["Попова Вера", "7А", "Попова Нина Андреевна, т. 8(912)777-88-99 (моб.), раб. 8(495)123-45-67 доб. 123"])
    sheet.append(["Смирнова Ольга", "7А", "Смирнова Елена Викторовна (мать) - 8-912-333-44-55, elena@mail.ru"])
    sheet.append(["Петров Иван", "7А", "Петрова Т. Е., тел. 89121112233"])
    path = tmp_path / "parents.xlsx"
    book.save(path)
    report = import_roster(db, path)
    assert not report.rejected, report.rejected
    stored = {surname: rest for surname, *rest in db.execute(
        "SELECT surname, name, patronymic, phone, extra_contacts, email, notes FROM guardians")}
    assert stored == {
        "Попова": ["Нина", "Андреевна", "+79127778899", "+74951234567", None,
                   "Добавочный 123 к телефону +7 495 123-45-67"],
        "Смирнова": ["Елена", "Викторовна", "+79123334455", None, "elena@mail.ru", None],
        "Петрова": ["Т.", "Е.", "+79121112233", None, None, None]}  # «Т.» an initial, not «т.» a label


def filtered_parallel(tmp_path: Path) -> Path:
    """The school's list of the whole parallel, filtered in Excel to 7Б and saved: 7А's rows
    are still in the file, hidden; a hidden sheet is left out as before."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Параллель 7"
    sheet.append(["ФИО ученика", "Класс", "ФИО родителя", "Телефон"])
    for row in (["Иванов Иван", "7А", "Иванова Анна", "89121112233"], ["Петров Пётр", "7Б", "Петрова Мария", "89122223344"],
                ["Сидоров Олег", "7Б", "Сидорова Ольга", "89123334455"], ["Козлов Илья", "7А", "Козлова Нина", "89124445566"],
                ["Орлов Тимур", "7А", "Орлова Мария", "89125556677"], ["Ли Анна", "7Б", "Ли Ольга", "89126667788"]):
        sheet.append(row)
    sheet.auto_filter.ref = "A1:D7"
    sheet.auto_filter.add_filter_column(1, ["7Б"])
    for number in (2, 5, 6):
        sheet.row_dimensions[number].hidden = True
    path = tmp_path / "parallel.xlsx"
    book.save(path)
    return path


def test_rows_a_filter_hides_are_not_imported_and_are_said(cli: Cli, tmp_path: Path, russian: None) -> None:
    path = filtered_parallel(tmp_path)
    dry = cli.json("roster", "import", str(path), "--dry-run", "--json")
    assert dry["hidden_rows"] == [{"sheet": "Параллель 7", "rows": [2, 5, 6]}]
    done = cli("roster", "import", str(path))
    assert done.exit_code == 0, done.output
    assert "Лист «Параллель 7», строки, скрытые в книге (фильтром или вручную), не загружены: 2, 5, 6." in done.output
    assert sorted(f"{s['surname']} {s['name']}" for s in cli.json("roster", "students", "--json")) == [
        "Ли Анна", "Петров Пётр", "Сидоров Олег"]


def test_hidden_rows_are_named_in_spans(russian: None) -> None:
    assert HiddenRows("", [2, 3, 4, 7, 9, 10]).line == (
        "Строки, скрытые в книге (фильтром или вручную), не загружены: 2–4, 7, 9, 10.")


def test_a_phone_a_program_wrote_as_a_float(db: sqlite_utils.Database, tmp_path: Path, russian: None) -> None:
    """A CSV written by a script or an accounting program: «89121112233.0»."""
    path = csv_file(tmp_path, "ФИО ученика;Класс;ФИО родителя;Телефон",
                    "Иванов Иван;7А;Иванова Анна;89121112233.0", "Петров Пётр;7А;Петрова Мария;79122223344,0")
    assert not import_roster(db, path).rejected
    assert sorted(phone for (phone,) in db.execute("SELECT phone FROM guardians")) == ["+79121112233", "+79122223344"]


def test_a_contact_person_column_names_the_parent(db: sqlite_utils.Database, tmp_path: Path, russian: None) -> None:
    """School forms ask for «Контактное лицо» and «Телефон контактного лица»: that is the parent,
    not a column of contacts (the import found no parent and said so)."""
    path = csv_file(tmp_path, "Ученик;Класс;Контактное лицо;Телефон контактного лица;E-mail контактного лица",
                    "Иванов Иван;7А;Иванова Анна Петровна;89121112233;anna@mail.ru")
    report = import_roster(db, path)
    assert not report.rejected and report.parentless_contacts == [] and report.guardians.created == 1
    assert db.execute("SELECT surname, name, phone, email FROM guardians").fetchall() == [
        ("Иванова", "Анна", "+79121112233", "anna@mail.ru")]


async def test_the_wizard_says_when_no_parent_was_found(db_path: Path, tmp_path: Path, russian: None) -> None:
    """The CLI said it (with a --map hint); the wizard showed «родителей: 0» and nothing more."""
    path = csv_file(tmp_path, "Ученик;Класс;Кто забирает;Телефон", "Иванов Иван;7А;Иванова Анна;89121112233")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await wizard_checked(pilot, path)
        counts = str(wizard.query_one("#counts").render())
        assert "Родителей не найдено, хотя в файле есть столбцы с контактами (Телефон)" in counts, counts


def ods_file(tmp_path: Path, rows: list[tuple[list[str], str]]) -> Path:
    """A LibreOffice sheet «Параллель 7»: each row's cells and its visibility attribute ('' for
    none; LibreOffice writes «filter» for a row a filter hides, «collapse» for one hidden by hand)."""
    def row(cells: list[str], visibility: str) -> str:
        shown = f' table:visibility="{visibility}"' if visibility else ""
        return (f"<table:table-row{shown}>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>'
            for cell in cells) + "</table:table-row>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content'
               ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
               ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
               ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Параллель 7">'
               + "".join(row(cells, visibility) for cells, visibility in rows)
               + "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
                ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    path = tmp_path / "parallel.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def test_rows_hidden_in_a_libreoffice_sheet_are_not_imported(db: sqlite_utils.Database, tmp_path: Path,
                                                             russian: None) -> None:
    path = ods_file(tmp_path, [(["ФИО ученика", "Класс", "ФИО родителя", "Телефон"], ""),
                               (["Иванов Иван", "7А", "Иванова Анна", "89121112233"], "filter"),
                               (["Петров Пётр", "7Б", "Петрова Мария", "89122223344"], ""),
                               (["Козлов Илья", "7А", "Козлова Нина", "89124445566"], "collapse"),
                               (["Ли Анна", "7Б", "Ли Ольга", "89126667788"], "")])
    report = import_roster(db, path)
    assert [(h.sheet, h.rows) for h in report.hidden_rows] == [("Параллель 7", [2, 4])]
    assert classes(db) == {"Петров Пётр": "7Б", "Ли Анна": "7Б"}


def test_cells_under_no_header_are_said_not_dropped(cli: Cli, tmp_path: Path, russian: None) -> None:
    """A «;» typed in a cell of a «;» file splits it, and a note beside the table has no header:
    both were dropped without a word. A blank header between two columns too."""
    path = csv_file(tmp_path, "ФИО ученика;Класс;ФИО родителя;;Телефон;E-mail",
                    "Иванов Иван;7А;Иванова Анна;до 18:00;89121112233;anna@mail.ru",
                    "Козлов Илья;7А;Козлова Нина;;89124445566;kozlova@ya.ru; kozlova2@ya.ru",
                    "Ли Анна;7А;Ли Ольга;;89126667788;li@ya.ru;;переехали")
    dry = cli.json("roster", "import", str(path), "--dry-run", "--json")
    assert dry["unheaded_columns"] == [
        {"sheet": "", "column": "D", "rows": [2], "sample": "до 18:00"},
        {"sheet": "", "column": "G", "rows": [3], "sample": "kozlova2@ya.ru"},
        {"sheet": "", "column": "H", "rows": [4], "sample": "переехали"}]
    done = cli("roster", "import", str(path))
    assert done.exit_code == 0, done.output
    assert "У столбца G нет заголовка: его ячейки не загружены (строки 3), например «kozlova2@ya.ru»." in done.output


async def test_parents_given_consent_after_a_skip_are_kept_for_the_end_of_quiet_hours(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """By hand: a message skipped every parent (no consent yet); the teacher recorded the class's
    consent and pressed Ctrl+G in the evening. The app said «тогда они уйдут сами» and sent
    nothing — but nothing was kept either: the parents stayed skipped and nothing went at 8:00.
    Now it asks, and a yes keeps them for the morning."""
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T22:30:00+03:00")
    monkeypatch.setenv("TZ", "Europe/Moscow")
    time.tzset()
    ids = parents(db, 2)
    roster.set_consent(db, ids, False)
    set_setting(db, "quiet_hours", "21:00-08:00")
    message_id = compose.create_message(db, templates.blank("ru", "Завтра уроки до 13:00."))
    assert compose.delivery_counts(db, message_id)["skipped"] == 2
    roster.set_consent(db, ids, True)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.show_log(message_id)
        await until(pilot, lambda: screen.log_view.message_id == message_id)
        await pilot.press("ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.screen.question == "Отправить 2 сообщения, когда кончатся тихие часы?"  # type: ignore[attr-defined]
        await pilot.press("left", "enter")  # «Отправить»
        await until(pilot, lambda: screen.sending is None and compose.delivery_counts(db, message_id)["deferred"] == 2)
    monkeypatch.undo()
    time.tzset()
    assert [status for (status,) in db.execute(
        "SELECT status FROM deliveries WHERE message_id = ? AND not_before LIKE '2026-12-02T08:00%'", [message_id])] == [
        "queued", "queued"]


RU_TEMPLATES = Path(__file__).parent.parent / "data" / "templates" / "ru"
_AFTER_PREPOSITION = re.compile(r"(?<![а-яё])(?:с|со|у|для|о|об|к|без|от|до|про|по)\s+(?:\{%[^%]*%\}\s*)?"
                                r"(\{\{\s*(?:student|guardian)\.[^}]*\}\})", re.IGNORECASE)
_IN_A_CASE = re.compile(rf"\|\s*(?:{'|'.join(CASES)})\s*\}}\}}$")


def test_a_name_after_a_preposition_is_put_in_its_case() -> None:
    """By hand: the ice-safety letter read «поговорите с Кирилл» (and «у Кирилл», «с Даша» in
    two more): a name after a preposition takes a case filter («с {{ student.name |
    творительный }}» → «с Кириллом»)."""
    after = [(path.name, found[1]) for path in sorted(RU_TEMPLATES.glob("*.md"))
             for found in _AFTER_PREPOSITION.finditer(path.read_text(encoding="utf-8"))]
    assert after, "no shipped letter names the child after a preposition"
    assert [(name, expression) for name, expression in after if not _IN_A_CASE.search(expression)] == []


@pytest.mark.parametrize(("lang", "said"), [
    ("ru", "Строки под списком (итог, подпись) не загружены: 3 (первая: «Всего: 4 учащихся»)."),
    ("en", "Lines under the list, not imported: 3 (the first: «Всего: 4 учащихся»)."),
], ids=["ru", "en"])
async def test_the_wizard_s_last_word_names_the_lines_left_under_the_list(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str) -> None:
    """The notification after the import said the counts only; the CLI names the lines under
    the list it left out (a total, the class teacher), and so does the app now: how many, the first."""
    set_language(lang)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = recorded_notifications(app, monkeypatch)
        wizard = await wizard_checked(pilot, class_sheet(tmp_path))
        assert wizard.next_button.has_focus
        # a Button takes no second press while it still shows the last one (Textual's 0.2 s)
        await until(pilot, lambda: not wizard.next_button.has_class("-active"))
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is not wizard)
        assert said in notes[-1], notes
