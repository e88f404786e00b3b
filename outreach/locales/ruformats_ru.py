"""Русские правила записи: даты ДД.ММ.ГГГГ, «сегодня в 14:00», десятичная запятая, названия штрафов."""

MESSAGES: dict[str, str] = {
    "ruformats.day": "{d:02d}.{m:02d}.{y}",
    "ruformats.when.today": "сегодня в {time}",
    "ruformats.when.yesterday": "вчера в {time}",
    "ruformats.when.tomorrow": "завтра в {time}",
    "ruformats.when.this_year": "{d:02d}.{month} в {time}",
    "ruformats.when.other_year": "{d:02d}.{month}.{y} в {time}",
    "ruformats.month.1": "01",
    "ruformats.month.2": "02",
    "ruformats.month.3": "03",
    "ruformats.month.4": "04",
    "ruformats.month.5": "05",
    "ruformats.month.6": "06",
    "ruformats.month.7": "07",
    "ruformats.month.8": "08",
    "ruformats.month.9": "09",
    "ruformats.month.10": "10",
    "ruformats.month.11": "11",
    "ruformats.month.12": "12",
    "ruformats.decimal_sign": ",",
    "ruformats.bad_decimal": "{field}: «{value}» — не число; введите, например, 52,3.",
}
