"""Regenerate the survey fixtures here: `python tests/data/surveys/make_fixtures.py`.

Exports shaped like Google Forms (Timestamp/«Отметка времени», checkbox answers joined
with ", ") and Yandex Forms (ID, «Время создания», answers joined with ";"), matching the
shipped channel-survey templates and the demo roster's e-mails and phones.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent

Q_RU = ["Какими социальными сетями вы пользуетесь?",
        "Какой мессенджер вам удобнее всего для связи со школой?",
        "Какие ещё способы связи вам подходят?",
        "В какое время суток вам удобнее получать сообщения?",
        "Какая форма родительских собраний вам удобнее?",
        "Ваши пожелания по общению со школой"]
Q_EN = ["Which social networks do you use?",
        "Which messenger suits you best for contact with the school?",
        "Which other ways of contact suit you?",
        "At what time of day do you prefer to receive messages?",
        "Which form of parent meetings suits you best?",
        "Your wishes about communication with the school"]

# Google Forms, Russian: e-mail collected, one extra column the survey does not have.
GOOGLE_RU = [
    ["Отметка времени", "Адрес электронной почты", *Q_RU, "Ваш класс"],
    ["05.09.2026 19:42:11", "valentina.kuznetsova@list.ru", "ВКонтакте, Одноклассники", "Telegram",
     "Электронная почта, Записка в дневнике, через ребёнка", "Вечером, с 17:00 до 21:00",
     "Очно в школе", "Пишите, пожалуйста, не позже 21:00", "10А"],
    ["05.09.2026 20:03:54", "Andrey.Volkov@list.ru", "ВКонтакте", "MAX", "SMS, Телефонный звонок",
     "В любое время", "Видеоконференция", "", "10А"],
    ["06.09.2026 07:15:02", "oksana.golubeva@bk.ru", "Telegram, ВКонтакте", "Сферум",
     "Электронная почта", "Утром, до 9:00", "Онлайн, в чате", "Удобнее всего в мессенджере", "10А"],
    ["06.09.2026 21:48:30", "someone.else@example.com", "Не пользуюсь социальными сетями",
     "WhatsApp", "Телефонный звонок", "Днём, с 9:00 до 17:00", "Очно в школе", "", "10Б"],
    ["07.09.2026 08:01:17", "pavel.komarov@gmail.com", "ВКонтакте", "Мессенджер ВКонтакте",
     "Telegram, MAX", "Вечером, с 17:00 до 21:00", "Видеоконференция",
     "=HYPERLINK(\"http://example.com\")", "10Б"],
]

GOOGLE_EN = [
    ["Timestamp", "Email Address", *Q_EN],
    ["2026/09/05 7:42:11 PM GMT+3", "valentina.kuznetsova@list.ru", "VK, Telegram", "Telegram",
     "E-mail, A note in the diary, via the child", "In the evening, 17:00 to 21:00", "In person at school",
     "Please do not write after 9 pm"],
    ["2026/09/05 8:03:54 PM GMT+3", "sergey.kozlov@mail.ru", "VK", "MAX", "SMS", "Any time",
     "Video conference", ""],
    ["2026/09/06 7:15:02 AM GMT+3", "nobody@example.org", "I do not use social networks", "Viber",
     "Phone call", "In the morning, before 9:00", "Online, in the chat", ""],
]

# Yandex Forms, Russian, cp1251 and ';' between columns; checkbox answers joined with ';'.
YANDEX_RU = [
    ["ID", "Время создания", "Телефон", *Q_RU],
    ["1187", "2026-09-08 18:12:40", "8 (968) 299-36-58", "ВКонтакте;Telegram", "Telegram",
     "SMS;Записка в дневнике, через ребёнка", "Вечером, с 17:00 до 21:00", "Очно в школе", "Спасибо!"],
    ["1188", "2026-09-08 18:30:05", "+7 962 368 25 33", "Одноклассники", "MAX", "Электронная почта",
     "Утром, до 9:00", "Видеоконференция", ""],
    ["1189", "2026-09-09 09:01:00", "8 999 000 00 00", "ВКонтакте", "Viber", "Телефонный звонок",
     "В любое время", "Онлайн, в чате", "Звоните после обеда"],
]

# A Yandex Forms XLSX export in English.
YANDEX_EN_XLSX = [
    ["ID", "Created", "Phone", *Q_EN],
    [501, datetime(2026, 9, 10, 17, 5, 0), "+7 (982) 943-22-05", "VK;Odnoklassniki", "VK Messenger",
     "E-mail;Phone call", "Any time", "Online, in the chat", "All good"],
    [502, datetime(2026, 9, 10, 18, 45, 12), "89161033312", "Telegram", "Telegram", "SMS",
     "In the evening, 17:00 to 21:00", "Video conference", None],
]

# Google Forms export of a survey created from scratch (--new): types are inferred.
NEW_RU = [
    ["Отметка времени", "Вы придёте на собрание?", "Оцените работу родительского чата",
     "Какие темы обсудить?", "Когда удобнее провести собрание?", "Ваши предложения"],
    ["12.09.2026 18:00:01", "Да", "5", "Безопасность на дороге, Успеваемость", "В четверг, после 18:00",
     "Больше встреч с инспектором ГИБДД"],
    ["12.09.2026 18:10:22", "Нет", "4", "Успеваемость", "В субботу утром", "Нет"],
    ["12.09.2026 18:15:40", "Да", "3", "Безопасность на дороге", "В четверг, после 18:00",
     "Хотелось бы получать памятки заранее"],
    ["12.09.2026 19:02:09", "Да", "5", "Питание, Безопасность на дороге, Успеваемость",
     "В четверг, после 18:00", "Спасибо за организацию конкурса"],
    ["12.09.2026 19:30:55", "Да", "4", "Питание", "В субботу утром", ""],
]

# Not a Forms export: a roster.
ROSTER = [
    ["ФИО ученика", "Класс", "ФИО родителя", "Телефон"],
    ["Петров Иван Николаевич", "10Б", "Петрова Анна Викторовна", "+79121112233"],
]

# A Forms export, but of another survey.
OTHER_SURVEY = [
    ["Timestamp", "Favourite colour", "Shoe size"],
    ["2026/09/05 7:42:11 PM GMT+3", "Blue", "42"],
]


# Google Forms, English, US locale: M/D/Y with AM/PM, "Email Address", a comma inside an option.
GOOGLE_EN_US = [
    ["Timestamp", "Email Address", *Q_EN],
    ["9/5/2026 7:42:11 PM", "valentina.kuznetsova@list.ru", "VK, Telegram", "Telegram",
     "A note in the diary, via the child, E-mail", "In the evening, 17:00 to 21:00", "In person at school", ""],
    ["9/6/2026 8:03:54 AM", "sergey.kozlov@mail.ru", "Telegram", "MAX", "SMS, Phone call, Telegram",
     "Any time", "Video conference", "Thank you!"],
]

# The Google Sheets XLSX of a Russian form's responses (the timestamp is a date cell).
GOOGLE_RU_XLSX = [
    ["Отметка времени", "Адрес электронной почты", *Q_RU],
    [datetime(2026, 9, 5, 19, 42, 11), "valentina.kuznetsova@list.ru", "Telegram, ВКонтакте", "Telegram",
     "Электронная почта, Записка в дневнике, через ребёнка, SMS", "Вечером, с 17:00 до 21:00", "Очно в школе", None],
    [datetime(2026, 9, 6, 7, 15, 2), "oksana.golubeva@bk.ru", "ВКонтакте", "MAX", "Записка в дневнике, через ребёнка",
     "Утром, до 9:00", "Онлайн, в чате", "Спасибо!"],
    [datetime(2026, 9, 6, 9, 0, 0), "pavel.komarov@gmail.com", "Одноклассники, Telegram", "Viber",
     "Telegram, MAX", "В любое время", "Видеоконференция", None],
]

# A Yandex Forms XLSX export in Russian: checkbox answers joined with ", ".
YANDEX_RU_XLSX = [
    ["ID", "Время создания", "Телефон", *Q_RU],
    [2101, datetime(2026, 9, 8, 18, 12, 40), "8 (968) 299-36-58", "ВКонтакте, Telegram", "Мессенджер ВКонтакте",
     "SMS, Записка в дневнике, через ребёнка", "Вечером, с 17:00 до 21:00", "Очно в школе", None],
    [2102, datetime(2026, 9, 8, 18, 30, 5), "+7 962 368 25 33", "Telegram", "Telegram",
     "Электронная почта, Телефонный звонок", "Утром, до 9:00", "Видеоконференция", "Звоните после обеда"],
]

# LimeSurvey, "question code" headings and full answers, of the Russian channel survey
# (Q01…Q06 in the survey's order; Q01/Q03 sub-questions SQ001… are the options in order).
LIME_CODES = [
    ["id", "submitdate", "lastpage", "startlanguage", "seed",
     "Q01[SQ001]", "Q01[SQ002]", "Q01[SQ003]", "Q01[SQ004]", "Q02", "Q02[other]",
     *[f"Q03[SQ00{n}]" for n in range(1, 8)], "Q03[other]", "Q04", "Q05", "Q06"],
    ["1", "2026-09-08 18:12:40", "2", "ru", "123", "Y", "", "Y", "", "Telegram", "",
     "Y", "", "", "", "", "", "Y", "", "Вечером, с 17:00 до 21:00", "Очно в школе", ""],
    ["2", "2026-09-08 19:00:00", "2", "ru", "456", "", "", "Y", "", "-oth-", "Сферум",
     "", "Y", "Y", "Y", "", "", "", "Голубиная почта", "В любое время", "Видеоконференция", "Всё хорошо."],
    ["3", "", "1", "ru", "789", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
]

# LimeSurvey, full question text headings ("Question [Sub-question]") and full answers.
LIME_FULL = [
    ["Response ID", "Date submitted", "Last page", "Start language", "Seed",
     *[f"{Q_RU[0]} [{o}]" for o in ("ВКонтакте", "Одноклассники", "Telegram", "Не пользуюсь социальными сетями")],
     f"{Q_RU[0]} [Другое]", Q_RU[1],
     *[f"{Q_RU[2]} [{o}]" for o in ("Электронная почта", "SMS", "Записка в дневнике, через ребёнка")],
     Q_RU[3], Q_RU[5]],
    ["11", "2026-09-08 18:12:40", "2", "ru", "1", "Да", "", "Да", "", "", "Telegram", "", "", "Да",
     "Вечером, с 17:00 до 21:00", ""],
    ["12", "2026-09-08 19:30:00", "2", "ru", "2", "", "", "Да", "", "Макс", "MAX", "Да", "Да", "Да",
     "Утром, до 9:00", "Пишите, пожалуйста, заранее."],
]

# Google Forms, a form made without a template: answer combinations whose options never
# come alone, options with ", " inside, prose, and a column nobody answered.
COMBINATIONS = [
    ["Отметка времени", "Какими мессенджерами вы пользуетесь?", "Когда вам удобно прийти на консультацию?",
     "Ваши пожелания", "Ваш класс (необязательно)"],
    ["10.09.2026 18:00:00", "Telegram", "Вторник, 18:00", "Пишите, пожалуйста, не позже 21:00.", ""],
    ["10.09.2026 18:05:00", "Telegram, ВКонтакте", "Вторник, 18:00, Четверг, 18:00", "", ""],
    ["10.09.2026 18:10:00", "ВКонтакте", "Четверг, 18:00", "", ""],
    ["10.09.2026 18:15:00", "Telegram, Viber", "Суббота, утро", "Спасибо за конкурс!", ""],
    ["10.09.2026 18:20:00", "WhatsApp, Viber", "Четверг, 18:00, Суббота, утро", "", ""],
    ["10.09.2026 18:25:00", "Telegram, WhatsApp", "Вторник, 18:00", "", ""],
    ["10.09.2026 18:30:00", "Telegram", "Суббота, утро", "", ""],
    ["10.09.2026 18:35:00", "Telegram, ВКонтакте, WhatsApp", "", "", ""],
    ["10.09.2026 18:40:00", "ВКонтакте, Другое: Сферум", "Вторник, 18:00, Суббота, утро", "", ""],
]

# Google Forms, Russian: a form with an empty trailing column, as every export of a form
# whose last question is optional has.
EMPTY_COLUMNS = [
    ["Отметка времени", "Вы придёте на собрание?", "Что обсудить дополнительно?", ""],
    ["12.09.2026 18:00:01", "Да", "", ""],
    ["12.09.2026 18:10:22", "Нет", "", ""],
    ["12.09.2026 18:15:40", "Да", "", ""],
]

# Google Forms, Russian: Valentina sent the form twice (she changed her mind), Andrey once.
REPEAT = [
    ["Отметка времени", "Адрес электронной почты", Q_RU[1], Q_RU[2]],
    ["05.09.2026 19:42:11", "valentina.kuznetsova@list.ru", "Telegram", "Электронная почта"],
    ["05.09.2026 20:03:54", "andrey.volkov@list.ru", "MAX", "SMS"],
    ["06.09.2026 08:15:00", "Valentina.Kuznetsova@list.ru", "Мессенджер ВКонтакте", "Электронная почта, SMS"],
    ["06.09.2026 09:00:00", "nobody@example.org", "Viber", "Телефонный звонок"],
]


# Microsoft Forms «Скачать в Excel», Russian: ИД, start and completion times, the respondent's
# account (anonymous when the form takes anyone) and the last change; every chosen option of a
# checkbox question ends with «;», an «Другое» answer is the typed text itself.
MSFORMS_RU_XLSX: list[list[object]] = [
    ["ИД", "Время начала", "Время завершения", "Адрес электронной почты", "Имя",
     "Время последнего изменения", *Q_RU[:3]],
    [1, datetime(2026, 9, 15, 19, 29, 2), datetime(2026, 9, 15, 19, 31, 8), "anonymous", None, None,
     "ВКонтакте;Telegram;", "Telegram", "Электронная почта;Записка в дневнике, через ребёнка;"],
    [2, datetime(2026, 9, 15, 20, 1, 0), datetime(2026, 9, 15, 20, 3, 40), "anonymous", None, None,
     "Одноклассники;", "MAX", "SMS;"],
    [3, datetime(2026, 9, 16, 7, 10, 0), datetime(2026, 9, 16, 7, 12, 5), "anonymous", None, None,
     "Telegram;", "Сферум", "SMS;Телефонный звонок;"],
]

# Google Forms «Скачать ответы (.csv)» of a form made a quiz: the timestamp as Forms writes
# it (2026/09/15 7:31:08 PM GMT+3), «Баллы» beside the e-mail, a wish on two lines; BOM.
GOOGLE_QUIZ_RU = [
    ["Отметка времени", "Адрес электронной почты", "Баллы", *Q_RU[1:3], Q_RU[5]],
    ["2026/09/15 7:31:08 PM GMT+3", "valentina.kuznetsova@list.ru", "0 / 0", "Telegram",
     "Электронная почта, SMS", "Пишите до 21:00.\nСпасибо!"],
    ["2026/09/15 8:02:11 PM GMT+3", "andrey.volkov@list.ru", "0 / 0", "Сферум", "Телефонный звонок", ""],
    ["2026/09/16 7:15:40 AM GMT+3", "oksana.golubeva@bk.ru", "0 / 0", "MAX", "SMS", "Всё хорошо."],
]

# Google Sheets with the form's answers, filtered to 10А and saved as XLSX: 10Б's rows are hidden.
FILTERED_RU = GOOGLE_RU
FILTERED_HIDDEN = (5, 6)  # spreadsheet rows, 1-based


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def main() -> None:
    (HERE / "google_ru.csv").write_text(csv_text(GOOGLE_RU), encoding="utf-8")
    (HERE / "google_en_bom.csv").write_text(csv_text(GOOGLE_EN), encoding="utf-8-sig")
    (HERE / "yandex_ru_cp1251.csv").write_bytes(csv_text(YANDEX_RU, ";").encode("cp1251"))
    (HERE / "new_ru.csv").write_text(csv_text(NEW_RU), encoding="utf-8")
    (HERE / "roster_not_export.csv").write_text(csv_text(ROSTER), encoding="utf-8")
    (HERE / "other_survey.csv").write_text(csv_text(OTHER_SURVEY), encoding="utf-8")
    (HERE / "empty.csv").write_bytes(b"")
    (HERE / "google_en_us.csv").write_text(csv_text(GOOGLE_EN_US), encoding="utf-8")
    (HERE / "limesurvey_codes.csv").write_text(csv_text(LIME_CODES), encoding="utf-8")
    (HERE / "limesurvey_full.csv").write_text(csv_text(LIME_FULL, ";"), encoding="utf-8-sig")
    (HERE / "combinations_ru.csv").write_text(csv_text(COMBINATIONS), encoding="utf-8")
    (HERE / "empty_columns_ru.csv").write_text(csv_text(EMPTY_COLUMNS), encoding="utf-8")
    (HERE / "repeat_ru.csv").write_text(csv_text(REPEAT), encoding="utf-8")
    (HERE / "google_quiz_ru_bom.csv").write_text(csv_text(GOOGLE_QUIZ_RU), encoding="utf-8-sig")
    write_xlsx(HERE / "msforms_ru.xlsx", MSFORMS_RU_XLSX)
    for name, rows in (("yandex_en.xlsx", YANDEX_EN_XLSX), ("google_ru.xlsx", GOOGLE_RU_XLSX),
                       ("yandex_ru.xlsx", YANDEX_RU_XLSX)):
        write_xlsx(HERE / name, rows)
    write_xlsx(HERE / "google_filtered_ru.xlsx", FILTERED_RU, FILTERED_HIDDEN)


def write_xlsx(path: Path, rows: list[list[object]] | list[list[str]], hidden: tuple[int, ...] = ()) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for number in hidden:
        sheet.row_dimensions[number].hidden = True
    workbook.save(path)


if __name__ == "__main__":
    main()
