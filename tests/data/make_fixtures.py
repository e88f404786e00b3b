"""Regenerate the roster fixtures in this folder: `python tests/data/make_fixtures.py`.

Small, realistic Russian school exports in the shapes teachers actually get.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent

SCHOOL_CP1251 = [
    "№;ФИО ученика;Класс;ФИО родителя;Кем приходится;Моб. телефон;Эл. почта",
    # Latin "a" and "o" inside the Cyrillic surname, as copied from old documents.
    "1;Ивaнoвa Дарья Сергеевна;10А;Ивaнoвa Светлана Павловна;мать;8 (912) 345-67-89;Svetlana.Ivanova@Mail.RU",
    "2;Иванова Дарья Сергеевна;10А;Иванов Сергей Петрович;отец;+7 912 345-67-88;",
    "3;Семёнов Артём Олегович;10А;Семёнова Алёна Игоревна;мама;8-922-333-44-55;alena.semenova@yandex.ru",
    "4;Семёнова Ксения Олеговна;10Б;Семёнова Алёна Игоревна;мать;89223334455;alena.semenova@yandex.ru",
    "5;Петров Иван Николаевич;10Б;Петрова Анна Викторовна;мать;+79121112233;anna.p@bk.ru",
    "6;Петров Иван Николаевич;10Б;Петров Николай Викторович;отец;+79121112233;",
]

WIDE_BOM = [
    "ФИО ребёнка,Класс,ФИО матери,Телефон матери,Эл. почта матери,ФИО отца,Телефон отца,Telegram отца,Примечание",
    "Кузнецов Артём Ильич,11А,Кузнецова Елена Ивановна,+7 922 333-44-56,elena.k@mail.ru,"
    "Кузнецов Илья Сергеевич,8 912 000-11-22,https://t.me/ilya_kuz,сдал документы",
    "Орлова Мария Денисовна,11А,Орлова Ольга Петровна,89031234567,,,,,",
]

TAB = [
    "Student surname\tStudent first name\tClass\tParent surname\tParent first name\tRelation\tPhone\tEmail\tVK",
    "Зайцев\tМатвей\t7Г\tЗайцева\tЮлия\tmother\t+7 (926) 555-01-02\tYULIA.Z@GMAIL.COM\thttps://vk.com/yulia_z",
    "Зайцев\tМатвей\t7Г\tЗайцев\tРоман\tfather\t8 926 555 01 03\t\t@roman_zaitsev",
]

QUOTED = (
    "ФИО ученика,Класс,ФИО родителя,Телефон,Примечание\r\n"
    '"Смирнов Павел Андреевич","9В","Смирнова Наталья Юрьевна","8 (915) 111-22-33",'
    '"звонить после 18:00, не раньше\r\nпо будням; в субботу нельзя"\r\n'
    '"Лебедева Ольга Максимовна","9В","Лебедев Максим Олегович","+7 916 222-33-44",'
    '"папа, ""главный"" в семье"\r\n'
    '"Лебедева Ольга Максимовна","9В","Лебедева Ирина, Сергеевна","+7 916 222-33-45",""\r\n'
)

BAD_ROWS = [
    "ФИО ученика,Класс,ФИО родителя,Телефон,E-mail",
    "Соколов Денис Романович,8А,Соколова Марина Игоревна,+7 912 345-67-80,marina.sokolova@mail.ru",
    "Соколов Денис Романович,8А,Соколов Роман Ильич,12345,",
    "Морозова Вера Андреевна,8А,Морозова Инна Павловна,89127776655,inna@@mail",
    ",8А,,89127776656,nobody@mail.ru",
    "Новиков Егор Петрович,8А,Новикова Дина Сергеевна,89127776657,dina.novikova@mail.ru",
]

UNTERMINATED = [
    "ФИО ученика,Класс,ФИО родителя,Телефон",
    "Соколов Денис Романович,8А,Соколова Марина Игоревна,+7 912 345-67-80",
    '"Морозова Вера Андреевна,8А,Морозова Инна Павловна,89127776655',
    "Новиков Егор Петрович,8А,Новикова Дина Сергеевна,89127776657",
]


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Список класса"
    sheet.append(["Фамилия ученика", "Имя ученика", "Класс", "Фамилия родителя", "Имя родителя",
                  "Отчество родителя", "Телефон", "E-mail", "Согласие"])
    # Phones typed into Excel become numbers; consent dates become dates.
    sheet.append(["Белов", "Тимур", "6А", "Белова", "Марина", "Андреевна", 89125550011,
                  "marina.belova@yandex.ru", datetime(2026, 9, 1)])
    sheet.append(["Белов", "Тимур", "6А", "Белов", "Олег", "Игоревич", 79125550012.0, None, "нет"])
    book.save(path)


def main() -> None:
    (HERE / "school_cp1251.csv").write_bytes(("\r\n".join(SCHOOL_CP1251) + "\r\n").encode("cp1251"))
    (HERE / "wide_bom.csv").write_bytes(("\n".join(WIDE_BOM) + "\n").encode("utf-8-sig"))
    (HERE / "parents.tsv").write_bytes(("\n".join(TAB) + "\n").encode("utf-8"))
    (HERE / "quoted.csv").write_bytes(QUOTED.encode("utf-8"))
    (HERE / "bad_rows.csv").write_bytes(("\n".join(BAD_ROWS) + "\n").encode("utf-8"))
    (HERE / "unterminated.csv").write_bytes(("\n".join(UNTERMINATED) + "\n").encode("utf-8"))
    write_xlsx(HERE / "roster.xlsx")


if __name__ == "__main__":
    main()
