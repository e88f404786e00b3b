"""Regenerate the hands_* survey fixtures: `python tests/data/surveys/hands_make.py`.

Shapes, and where each comes from:
- Google Forms «Скачать ответы (CSV)» from a Russian-locale account: «Отметка времени»
  as ДД.ММ.ГГГГ ЧЧ:ММ:СС, «Адрес электронной почты» when e-mails are collected, one column
  per question, checkbox answers joined by ", " (an option with a comma in it stays as
  written), an «Другое» answer as the text the parent typed, a grid as «Вопрос [строка]»
  columns, a scale as its digit, an unanswered question as an empty cell (Google Forms help
  «View & manage form responses»; the Forms API FormResponse; our google_ru.csv).
- The same file opened and saved again by Russian Excel («CSV (разделители — запятые)»):
  `;` between columns, cp1251 (or «CSV UTF-8»: BOM), dates re-formatted ДД.ММ.ГГГГ ЧЧ:ММ,
  phones typed as numbers shown 8,91235E+10 (narrow column) or 89338645372.
- Yandex Forms «Скачать ответы» (yandex.ru/support/forms/ru/answers.md): ID, «Время
  создания», a column per question, several answers joined by ";"; XLSX keeps numbers and
  dates as cells.
- LimeSurvey «Экспорт ответов» in Russian (manual «Export responses»): «ID ответа»,
  «Дата отправки», «Последняя страница», «Язык», «Зерно», full question text headings,
  «Вопрос [вариант]» sub-question columns with «Да», «[Другое]» columns.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).parent

CH = ["Какими социальными сетями вы пользуетесь?",
      "Какой мессенджер вам удобнее всего для связи со школой?",
      "Какие ещё способы связи вам подходят?",
      "В какое время суток вам удобнее получать сообщения?",
      "Какая форма родительских собраний вам удобнее?",
      "Ваши пожелания по общению со школой"]
SAT = ["Насколько вы удовлетворены взаимодействием со школой в целом?",
       "Насколько своевременно вы получаете информацию о жизни класса?",
       "Удобно ли вам общаться с классным руководителем?",
       "Хотели бы вы участвовать в онлайн-консультациях?",
       "Какие темы вы хотели бы обсудить на родительском собрании?",
       "Ваши предложения по улучшению сотрудничества"]
GRID = ["Оцените каналы школы [Сайт школы]", "Оцените каналы школы [Чат класса]"]

# Google Forms, channel survey, e-mails collected (demo roster: guardian 1 in another case,
# guardian 4 twice, a stranger, guardian 3 with an «Другое» messenger).
GOOGLE_CHANNELS = [
    ["Отметка времени", "Адрес электронной почты", *CH, *GRID],
    ["01.12.2026 19:04:11", "Valentina.Kuznetsova@LIST.ru", "ВКонтакте, Telegram", "Telegram",
     "Электронная почта, Записка в дневнике, через ребёнка, Через бабушку", "Вечером, с 17:00 до 21:00",
     "Очно в школе", "Пишите, пожалуйста, до 21:00.\nСпасибо!", "Хорошо", "Отлично"],
    ["01.12.2026 20:15:40", "oksana.golubeva@bk.ru", "Одноклассники", "WhatsApp", "SMS",
     "Утром, до 9:00", "Видеоконференция", "", "Плохо", ""],
    ["01.12.2026 21:30:02", "stranger.parent@mail.ru", "Не пользуюсь социальными сетями", "Viber",
     "Телефонный звонок", "В любое время", "Онлайн, в чате", "", "", ""],
    ["02.12.2026 07:45:19", "andrey.volkov@list.ru", "ВКонтакте", "Сферум", "", "Днём, с 9:00 до 17:00",
     "", "Удобно в «Сферуме»", "Хорошо", "Хорошо"],
    ["02.12.2026 08:02:55", "oksana.golubeva@bk.ru", "Telegram", "MAX", "Электронная почта, SMS",
     "Вечером, с 17:00 до 21:00", "Очно в школе", "Передумала: лучше MAX", "Хорошо", "Хорошо"],
]

# Google Forms, satisfaction survey, phone asked (guardian 2 has two children in 10А and 10Б).
GOOGLE_SAT = [
    ["Отметка времени", "Номер телефона", *SAT],
    ["03.12.2026 18:01:09", "8 (933) 864-53-72", "5", "4", "Да", "Нет",
     "Безопасность дорожного движения, Успеваемость", "Больше онлайн-встреч"],
    ["03.12.2026 18:20:44", "+7 985 315-70-82", "3", "", "Нет", "Да", "Здоровье и питание", ""],
    ["03.12.2026 19:00:00", "89991112233", "4", "5", "Да", "Да", "", "Всё хорошо"],
]


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def excel_resaved(rows: list[list[str]], phones: dict[int, str]) -> list[list[str]]:
    """Rows as Russian Excel writes them back: seconds dropped from dates, a phone column."""
    out = [[*rows[0][:2], "Телефон", *rows[0][2:]]]
    for n, row in enumerate(rows[1:], start=1):
        out.append([row[0][:16], row[1], phones.get(n, ""), *row[2:]])
    return out


# Question texts edited in the form after the survey was made: the messenger question renamed
# slightly, a new option «Дзен» for the networks question.
EDITED = [
    ["Отметка времени", "Адрес электронной почты", CH[0], "Какой мессенджер вам удобнее для связи со школой?",
     *CH[2:]],
    ["04.12.2026 10:00:00", "sergey.kozlov@mail.ru", "ВКонтакте, Дзен", "MAX", "SMS", "В любое время",
     "Очно в школе", ""],
    ["04.12.2026 10:05:00", "pavel.komarov@gmail.com", "Telegram", "Telegram", "Электронная почта",
     "Утром, до 9:00", "Видеоконференция", "Всё устраивает"],
]

YANDEX = [
    ["ID", "Время создания", "Телефон", *CH],
    [90211, datetime(2026, 12, 5, 18, 12, 40), 89682993658, "ВКонтакте;Telegram", "MAX",
     "SMS;Записка в дневнике, через ребёнка", "Вечером, с 17:00 до 21:00", "Очно в школе", None],
    [90212, datetime(2026, 12, 5, 19, 1, 2), 79338645372, "Одноклассники", "Telegram", "Электронная почта",
     "Утром, до 9:00", "Видеоконференция", "Спасибо"],
]

LIME = [
    ["ID ответа", "Дата отправки", "Последняя страница", "Язык", "Зерно",
     f"{CH[0]} [ВКонтакте]", f"{CH[0]} [Одноклассники]", f"{CH[0]} [Telegram]",
     f"{CH[0]} [Не пользуюсь социальными сетями]", f"{CH[0]} [Другое]", CH[1], f"{CH[1]} [Другое]",
     f"{CH[2]} [Электронная почта]", f"{CH[2]} [SMS]", f"{CH[2]} [Записка в дневнике, через ребёнка]",
     CH[3], CH[4], CH[5]],
    ["21", "2026-12-06 18:12:40", "3", "ru", "1288331", "Да", "", "Да", "", "", "Telegram", "",
     "Да", "", "Да", "Вечером, с 17:00 до 21:00", "Очно в школе", ""],
    ["22", "2026-12-06 19:30:00", "3", "ru", "9012283", "", "", "", "", "Дзен", "Другое", "Сферум",
     "", "Да", "", "Утром, до 9:00", "Видеоконференция", "Пишите заранее."],
]


def main() -> None:
    (HERE / "hands_google_channels.csv").write_text(csv_text(GOOGLE_CHANNELS), encoding="utf-8")
    (HERE / "hands_google_satisfaction.csv").write_text(csv_text(GOOGLE_SAT), encoding="utf-8")
    resaved = excel_resaved(GOOGLE_CHANNELS, {1: "8,97E+10", 2: "89853157082", 4: "79338645372"})
    (HERE / "hands_excel_channels_cp1251.csv").write_bytes(csv_text(resaved, ";").encode("cp1251"))
    (HERE / "hands_excel_channels_bom.csv").write_text(csv_text(resaved, ";"), encoding="utf-8-sig")
    (HERE / "hands_google_edited.csv").write_text(csv_text(EDITED), encoding="utf-8")
    (HERE / "hands_yandex_channels.csv").write_text(csv_text(
        [[x.strftime("%Y-%m-%d %H:%M:%S") if isinstance(x, datetime) else "" if x is None else str(x)
          for x in row] for row in YANDEX]), encoding="utf-8")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in YANDEX:
        sheet.append(row)
    book.save(HERE / "hands_yandex_channels.xlsx")
    (HERE / "hands_limesurvey_ru.csv").write_text(csv_text(LIME, ";"), encoding="utf-8-sig")


if __name__ == "__main__":
    main()
