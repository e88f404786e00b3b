"""Regenerate the `hands10_*` roster fixtures: `python tests/data/rosters/hands10_make.py`.

A class teacher's own sheet of 7Б (a title row, «Мама | Телефон мамы | Папа | Телефон папы»)
as Russian Excel saves CSV (cp1251, `;`, CRLF), as Google Sheets downloads it (UTF-8, `,`) and
as XLSX with the title in a merged cell; the same class a month later (a phone changed, a
family gone, a new one, «Семён» typed «Семен», a mother in CAPS) and the next school year's
list of 8Б; a workbook with a sheet per class and a summary sheet of counts. People invented.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
TITLE = "Список класса 7Б на 2026/27 уч. год"
HEADER = ["№", "ФИО ученика", "Мама", "Телефон мамы", "Папа", "Телефон папы", "Примечание"]
SEPTEMBER = [
    [1, "Алексеев Богдан Кириллович", "Алексеева Марина Викторовна", "8 (912) 401-11-01",
     "Алексеев Кирилл Олегович", "8 (912) 401-11-02", ""],
    [2, "Белова Варвара Денисовна", "Белова Наталья Юрьевна", "+7 912 401-22-01", "", "",
     "папа в командировке до мая"],
    [3, "Григорьев Дмитрий Семёнович", "", "", "Григорьев Семён Петрович", "89124013302",
     "связь только с папой"],
    [4, "Данилова Елизавета Игоревна", "Данилова Ольга Сергеевна", "8-912-401-44-01",
     "Данилов Игорь Николаевич", "8-912-401-44-02", ""],
    [5, "Ершов Жан Андреевич", "Ершова Зоя Павловна", "9124015501", "", "", "многодетная семья"],
]
OCTOBER = [
    [1, "Алексеев Богдан Кириллович", "Алексеева Марина Викторовна", "8 (912) 409-99-99",
     "Алексеев Кирилл Олегович", "8 (912) 401-11-02", ""],
    [2, "Белова Варвара Денисовна", "Белова Наталья Юрьевна", "+7 912 401-22-01", "", "",
     "папа в командировке до мая"],
    [3, "Григорьев Дмитрий Семенович", "", "", "Григорьев Семен Петрович", "89124013302",
     "связь только с папой"],
    [4, "Данилова Елизавета Игоревна", "ДАНИЛОВА ОЛЬГА СЕРГЕЕВНА", "8-912-401-44-01",
     "Данилов Игорь Николаевич", "8-912-401-44-02", ""],
    [5, "Иванов Кузьма Львович", "Иванова Лидия Марковна", "8 912 401 66 01", "Иванов Лев Ильич", "",
     "новенький с октября"],
]


def sheet_csv(title: str, rows: list[list[object]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([[title] + [""] * (len(HEADER) - 1), HEADER, *rows])
    return buffer.getvalue()


def main() -> None:
    (HERE / "hands10_7b_excel.csv").write_bytes(sheet_csv(TITLE, SEPTEMBER, ";").encode("cp1251"))
    (HERE / "hands10_7b_google.csv").write_bytes(sheet_csv(TITLE, SEPTEMBER, ",").encode("utf-8"))
    (HERE / "hands10_7b_october.csv").write_bytes(sheet_csv(TITLE, OCTOBER, ";").encode("cp1251"))
    (HERE / "hands10_8b_next_year.csv").write_bytes(
        sheet_csv("Список класса 8Б на 2027/28 уч. год", OCTOBER, ";").encode("cp1251"))
    book = Workbook()
    sheet = book.active
    sheet.title = "Лист1"
    sheet.append([TITLE])
    sheet.merge_cells("A1:G1")
    for row in [HEADER, *SEPTEMBER]:
        sheet.append(row)
    book.save(HERE / "hands10_7b.xlsx")
    book = Workbook()
    summary = book.active
    summary.title = "Сводка"
    for row in [["Класс", "Учеников", "Родителей"], ["5А", 2, 2], ["5Б", 1, 1], ["Итого", 3, 3]]:
        summary.append(row)
    for name, rows in {"5А": [["Кравцов Лука Петрович", "Кравцова Нина Ивановна", "89135550001"],
                              ["Лебедева Мия Олеговна", "Лебедев Олег Юрьевич", "89135550002"]],
                       "5Б": [["Морозов Ян Ильич", "Морозова Ада Львовна", "89135550003"]]}.items():
        sheet = book.create_sheet(name)
        for row in [["ФИО ученика", "ФИО родителя", "Телефон"], *rows]:
            sheet.append(row)
    book.save(HERE / "hands10_class_sheets_summary.xlsx")


if __name__ == "__main__":
    main()
