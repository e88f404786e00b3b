"""Regenerate the `files_*` roster fixtures: `python tests/data/rosters/make_files.py`.

Workbooks and text files shaped as teachers get them: a sheet per class, titles above the
header, class rows between blocks, ODS and old XLS (one with hidden rows), phones typed
as numbers, cp1251 with `;`, classes in Roman numerals.
The people are invented.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).parent
Rows = list[list[object]]

HEADER = ["ФИО ученика", "ФИО родителя", "Кем приходится", "Телефон", "E-mail"]
SHEET_7A: Rows = [
    HEADER,
    ["Абрамов Кирилл Денисович", "Абрамова Ольга Игоревна", "мать", "+7 912 100-00-01", "olga.abramova@mail.ru"],
    ["Абрамов Кирилл Денисович", "Абрамов Денис Петрович", "отец", "8 912 100-00-02", ""],
    ["Белкина Софья Андреевна", "Белкина Ирина Олеговна", "мать", "", "irina.belkina@yandex.ru"],
]
SHEET_7B: Rows = [
    HEADER,
    ["Волков Тимофей Ильич", "Волкова Анна Сергеевна", "мать", "89121000003", ""],
    ["Гусева Алиса Павловна", "Гусев Павел Андреевич", "отец", "+7 (912) 100-00-04", "p.gusev@bk.ru"],
]
NOTES: Rows = [["Памятка: телефоны сверены на собрании 1 сентября."], ["Вопросы — классному руководителю."]]

TITLED: Rows = [
    ["Список класса 7Б на 2026/27 уч. год"],
    [],
    ["№", "Фамилия ученика", "Имя ученика", "Фамилия родителя", "Имя родителя", "Телефон", "Эл. почта"],
    [1, "Дмитриев", "Лев", "Дмитриева", "Елена", "+7 913 200-00-01", "e.dmitrieva@mail.ru"],
    [2, "Егорова", "Мила", "Егоров", "Артём", "+7 913 200-00-02", ""],
    [3, "Жуков", "Марк", "Жукова", "Вера", "", "vera.zhukova@gmail.com"],
]

BLOCKS: Rows = [
    ["ФИО ученика", "ФИО родителя", "Телефон"],
    ["5 «А» класс"],
    ["Зайцев Глеб Романович", "Зайцева Юлия Сергеевна", "+7 914 300-00-01"],
    ["Иванова Ева Максимовна", "Иванов Максим Олегович", "+7 914 300-00-02"],
    ["5 «Б» класс"],
    ["Кошкин Фёдор Ильич", "Кошкина Дарья Павловна", "+7 914 300-00-03"],
    ["Лисицына Ада Егоровна", "Лисицына Нина Викторовна", "+7 914 300-00-04"],
    ["Миронов Ян Артёмович", "Миронов Артём Юрьевич", "+7 914 300-00-05"],
]

ODS: Rows = [
    ["7 «В» класс"],
    ["Фамилия", "Имя", "Класс", "ФИО родителя", "Телефон родителя", "Почта родителя"],
    ["Назаров", "Олег", "", "Назарова Ирина Петровна", 89155000001, "i.nazarova@mail.ru"],
    ["Орлова", "Пелагея", "8А", "Орлов Игорь Сергеевич", 89155000002, ""],
]

XLS: Rows = [
    ["ФИО ученика", "Класс", "ФИО родителя", "Телефон", "Согласие"],
    ["Павлов Роман Олегович", "6 б", "Павлова Светлана Ивановна", 89166000001, datetime(2026, 9, 1)],
    ["Павлов Роман Олегович", "6 б", "Павлов Олег Иванович", 79166000002.0, "нет"],
    ["Рябова Зоя Ильинична", "6-Б", "Рябова Галина Петровна", 89166000003, ""],
]

NUMERIC: Rows = [
    ["Ученик ФИО", "Класс", "Родитель ФИО", "Моб. телефон", "Дата согласия"],
    ["Сорокин Тихон Львович", "9В", "Сорокина Лада Юрьевна", 89177000001, datetime(2026, 8, 30)],
    ["Тарасова Ульяна Денисовна", "9В", "Тарасов Денис Глебович", 79177000002, datetime(2026, 9, 2)],
    ["Тарасова Ульяна Денисовна", "9В", "Тарасова Майя Олеговна", 9177000003, None],
]

VARIANTS_FIRST = [
    "ФИО ученика,Класс,ФИО родителя,Телефон",
    "Уткин Филипп Ильич,7 а,Уткина Ольга Ивановна,+7 918 800-00-01",
    "Фомина Хлоя Ильинична,7-А,Фомин Илья Петрович,+7 918 800-00-02",
    "Харитонов Цезарь Львович,7 «А»,Харитонова Ада Львовна,+7 918 800-00-03",
]
VARIANTS_SECOND = [
    "ФИО ученика,Класс,ФИО родителя,Телефон,E-mail",
    "Уткин Филипп Ильич,7A,Уткина Ольга Ивановна,+7 918 800-00-01,olga.utkina@mail.ru",
    "Фомина Хлоя Ильинична,7а,Фомин Илья Петрович,+7 918 800-00-02,",
    "Харитонов Цезарь Львович,7А класс,Харитонова Ада Львовна,+7 918 800-00-03,",
    "Чернов Шамиль Артурович,7 А,Чернова Эльвира Ринатовна,+7 918 800-00-04,",
]

CP1251 = [
    "Класс: 8 «В»;;;;",
    "ФИО обучающегося;ФИО законного представителя;Кем приходится;Мобильный телефон;Адрес электронной почты",
    "Шилов Эрик Петрович;Шилова Юлия Андреевна;мама;8(919)900-00-01;yulia.shilova@rambler.ru",
    "Шилов Эрик Петрович;Шилов Пётр Эдуардович;папа;8(919)900-00-02;",
    "Щукина Яна Сергеевна;Щукин Сергей Ярославович;отец;;s.shchukin@list.ru",
]

TEACHER: Rows = [
    ["Список класса 7Б на 2026/27 уч. год"],
    ["№", "ФИО ученика", "Мама", "Телефон мамы", "Папа", "Телефон папы"],
    [1, "Юдин Борис Олегович", "Юдина Вера Ивановна", "+7 920 700-00-01", "Юдин Олег Петрович", "+7 920 700-00-02"],
    [2, "Яковлева Галя Ильинична", "Яковлева Дина Павловна", "89207000003", "", ""],
    [3, "Аксёнов Гена Романович", "", "", "Аксёнов Роман Юрьевич", "+7 920 700-00-04"],
]

# A sheet named for its class in Roman numerals, and one whose title names it so.
ROMAN_NAMED: Rows = [
    ["ФИО ученика", "ФИО родителя", "Телефон"],
    ["Бобров Ярослав Ильич", "Боброва Ирина Сергеевна", "+7 921 100-00-01"],
    ["Вий Кира Олеговна", "Вий Ольга Петровна", "+7 921 100-00-02"],
]
ROMAN_TITLED: Rows = [
    ["Список XI-А класса на 2026/27 уч. год"],
    [],
    ["ФИО ученика", "ФИО родителя", "Телефон"],
    ["Ким Софья Игоревна", "Ким И. В.", "+7 921 100-00-03"],
]

# The school's list of the 6th parallel filtered in Excel 97 to 6Б: 6А's rows are in the file, hidden.
HIDDEN_XLS: Rows = [
    ["ФИО ученика", "Класс", "ФИО родителя", "Телефон"],
    ["Голубев Остап Ильич", "6А", "Голубева Алла Ивановна", 89166100001],
    ["Дроздова Лия Петровна", "6Б", "Дроздова Нина Юрьевна", 89166100002],
    ["Ершов Кай Олегович", "6А", "Ершова Зоя Павловна", 89166100003],
    ["Жилина Ида Артёмовна", "6Б", "Жилин Артём Ильич", 89166100004],
]
HIDDEN_XLS_ROWS = (2, 4)  # spreadsheet rows, 1-based


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def write_xls(path: Path, rows: Rows, hidden: tuple[int, ...] = ()) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Лист1")
    dates = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write(r, c, value, dates)
            elif value is not None:
                sheet.write(r, c, value)
    for number in hidden:
        sheet.row(number - 1).hidden = True
    book.save(str(path))


def write_ods(path: Path, name: str, rows: Rows) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=name)
    for row in rows:
        line = TableRow()
        for value in row:
            if isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            line.addElement(cell)
        table.addElement(line)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def cut_sheet_xml(path: Path) -> None:
    """The workbook's sheet XML cut off two thirds in, the zip itself intact."""
    source = zipfile.ZipFile(BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) * 2 // 3]
            target.writestr(info, data)


def main() -> None:
    write_xlsx(HERE / "files_class_sheets.xlsx", {"7А": SHEET_7A, "7-Б класс": SHEET_7B, "Памятка": NOTES})
    write_xlsx(HERE / "files_title_row.xlsx", {"Лист1": TITLED})
    write_xlsx(HERE / "files_class_blocks.xlsx", {"Список": BLOCKS})
    write_ods(HERE / "files_roster.ods", "Класс", ODS)
    write_xls(HERE / "files_old_excel.xls", XLS)
    write_xlsx(HERE / "files_numeric_phones.xlsx", {"9В": NUMERIC})
    (HERE / "files_variants_first.csv").write_text("\n".join(VARIANTS_FIRST) + "\n", encoding="utf-8")
    (HERE / "files_variants_second.csv").write_text("\n".join(VARIANTS_SECOND) + "\n", encoding="utf-8")
    (HERE / "files_cp1251_semicolon.csv").write_bytes(("\r\n".join(CP1251) + "\r\n").encode("cp1251"))
    write_xlsx(HERE / "files_damaged.xlsx", {"Лист1": TITLED})
    cut_sheet_xml(HERE / "files_damaged.xlsx")
    write_xlsx(HERE / "files_teacher_roles.xlsx", {"Лист1": TEACHER})
    write_roman_and_hidden()


def write_roman_and_hidden() -> None:
    write_xlsx(HERE / "files_roman_classes.xlsx", {"VII Б": ROMAN_NAMED, "Лист2": ROMAN_TITLED})
    write_xls(HERE / "files_hidden_rows.xls", HIDDEN_XLS, HIDDEN_XLS_ROWS)


if __name__ == "__main__":
    main()
