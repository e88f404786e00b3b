"""Regenerate the `real20_*` roster fixtures: `python tests/data/rosters/real20_make.py`.

Shapes real systems and people produce: Excel's «Save as CSV» (cp1251, `;`, a cell with
Alt+Enter line breaks holding two phones), a Google Sheets download (UTF-8, CRLF, a trailing
empty column), Сетевой город's «Родители» report (each parent on a row of their own under the
child), an МЭШ export («Представитель 1 (ФИО)» …), an 1С:Образование export («Законный
представитель», «Степень родства»), a class teacher's sheet («№ п/п», a merged title, a
signature under the list, «8 (912) 111 22 33 - мама»), an English SIS export («Guardian 1
Cell Phone», «Homeroom»). The people are invented.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
Rows = list[list[str]]

EXCEL: Rows = [
    ["ФИО ученика", "Класс", "ФИО родителя", "Телефон", "E-mail", "", ""],
    ["Алмазов Игорь Павлович", "6А", "Алмазова Вера Ильинична", "8 912 501-10-01\n8 912 501-10-02", "vera.almazova@mail.ru", "", ""],
    ["Бурова Нина Олеговна", "6А", "Бурова Ольга Петровна", "8 912 501-20-01 мама\n8 912 501-20-02 папа", "", "", ""],
    ["Валиев Тимур Ренатович", "6А", "Валиева Гульнара Ринатовна", "+7 912 501-30-01", "g.valieva@yandex.ru", "", ""],
]
GOOGLE: Rows = [
    ["Фамилия ребёнка", "Имя ребёнка", "Класс", "ФИО родителя", "Телефон", "Почта", ""],
    ["Гаврилов", "Лев", "3Б", "Гаврилова Мария Андреевна", "+79125020001", "m.gavrilova@gmail.com", ""],
    ["Дёмина", "Алиса", "3Б", "Дёмин Степан Ильич", "89125020002", "", ""],
    ["Ерёмин", "Яков", "3Б", "Ерёмина Зоя Петровна", "8 912 502-00-03", "zoya.eremina@gmail.com", ""],
    ["", "", "", "", "", "", ""],
]
SETEVOY: Rows = [
    ["№", "Ученик", "Класс", "Родитель", "Кем приходится", "Мобильный телефон", "E-mail"],
    ["1", "Жаров Максим Игоревич", "8Б", "", "", "", ""],
    ["", "", "", "Жарова Светлана Олеговна", "мать", "8 (912) 503-10-01", "s.zharova@mail.ru"],
    ["", "", "", "Жаров Игорь Семёнович", "отец", "8 (912) 503-10-02", ""],
    ["2", "Зайцева Полина Денисовна", "8Б", "", "", "", ""],
    ["", "", "", "Зайцева Инна Викторовна", "мать", "8 (912) 503-20-01", "inna.z@bk.ru"],
]
MESH: Rows = [
    ["ФИО обучающегося", "Класс", "Представитель 1 (ФИО)", "Представитель 1 (степень родства)",
     "Представитель 1 (телефон)", "Представитель 1 (email)", "Представитель 2 (ФИО)",
     "Представитель 2 (степень родства)", "Представитель 2 (телефон)", "Представитель 2 (email)"],
    ["Ильин Роман Сергеевич", "9В", "Ильина Татьяна Юрьевна", "Мать", "+7 (903) 504-10-01", "t.ilina@mos.ru",
     "Ильин Сергей Петрович", "Отец", "+7 (903) 504-10-02", ""],
    ["Карпенко Ева Олеговна", "9В", "Карпенко Олег Викторович", "Опекун", "+7 (903) 504-20-01", "", "", "", "", ""],
]
ONE_C: Rows = [
    ["Обучающийся", "Класс", "Законный представитель", "Степень родства", "Контактный телефон",
     "Адрес электронной почты", "Дата рождения"],
    ["Лебедев Артём Ильич", "2А", "Лебедева Анна Сергеевна", "Мать", "89125051001", "anna.lebedeva@mail.ru", "14.02.2018"],
    ["Лебедев Артём Ильич", "2А", "Лебедев Илья Игоревич", "Отец", "89125051002", "", "14.02.2018"],
    ["Мухин Глеб Андреевич", "2А", "Мухина Людмила Петровна", "Бабушка", "89125052001", "", "30.06.2018"],
]
TEACHER: Rows = [
    ["Список 4 «Г» класса на 2026/2027 учебный год", "", "", ""],
    ["№ п/п", "Фамилия, имя ребёнка", "Родители (ФИО)", "Телефоны"],
    ["1", "Назаров Егор", "Назарова Ирина Павловна, Назаров Павел Олегович",
     "8 (912) 506 11 01 - мама, 8 (912) 506 11 02 - папа"],
    ["2", "Орлова Дарья", "Орлова Елена Игоревна", "8 (912) 506 22 01 – мама"],
    ["3", "Петров Савва", "Петров Олег Ильич (папа)", "мама – 8 (912) 506 33 01, папа – 8 (912) 506 33 02"],
    ["", "", "", ""],
    ["Итого: 3 человека", "", "", ""],
    ["Классный руководитель ____________ /Соколова Т.В./", "", "", ""],
]
ENGLISH: Rows = [
    ["Student ID", "Student Last Name", "Student First Name", "Grade", "Homeroom", "Guardian 1 First Name",
     "Guardian 1 Last Name", "Guardian 1 Relationship", "Guardian 1 Email", "Guardian 1 Cell Phone",
     "Guardian 1 Work Phone", "Guardian 2 First Name", "Guardian 2 Last Name", "Guardian 2 Relationship",
     "Guardian 2 Email", "Guardian 2 Cell Phone", "Guardian 2 Work Phone"],
    ["30411", "Parker", "Olivia", "5", "5C", "Emma", "Parker", "Mother", "emma.parker@example.com",
     "+1 312 555 0101", "+1 312 555 0199", "Lucas", "Parker", "Father", "", "+1 312 555 0102", ""],
    ["30412", "Reed", "Mason", "5", "5C", "Sophia", "Reed", "Grandmother", "s.reed@example.com", "", "", "", "", "",
     "", "", ""],
]


def text(rows: Rows, delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def main() -> None:
    # Excel keeps an Alt+Enter break inside quotes as a bare LF; its rows end in CRLF.
    (HERE / "real20_excel_linebreaks.csv").write_bytes(text(EXCEL, ";").encode("cp1251"))
    (HERE / "real20_google_sheets.csv").write_bytes(text(GOOGLE, ",").encode("utf-8"))
    (HERE / "real20_setevoy_parents.csv").write_bytes(text(SETEVOY, ";").encode("cp1251"))
    (HERE / "real20_mesh_representatives.csv").write_bytes(("\ufeff" + text(MESH, ";")).encode("utf-8"))
    (HERE / "real20_1c_obrazovanie.csv").write_bytes(text(ONE_C, ";").encode("utf-8"))
    (HERE / "real20_english_guardians.csv").write_bytes(text(ENGLISH, ",").encode("utf-8"))
    book = Workbook()
    sheet = book.active
    sheet.title = "4Г"
    for row in TEACHER:
        sheet.append(row)
    sheet.merge_cells("A1:D1")
    sheet.merge_cells("A8:D8")
    book.save(HERE / "real20_teacher_sheet.xlsx")


if __name__ == "__main__":
    main()
