"""English forms of dates, moments, decimals and fault names (the Russian rules' counterpart)."""

MESSAGES: dict[str, str] = {
    "ruformats.day": "{y}-{m:02d}-{d:02d}",
    "ruformats.when.today": "today at {time}",
    "ruformats.when.yesterday": "yesterday at {time}",
    "ruformats.when.tomorrow": "tomorrow at {time}",
    "ruformats.when.this_year": "{d} {month} at {time}",
    "ruformats.when.other_year": "{d} {month} {y} at {time}",
    "ruformats.month.1": "Jan",
    "ruformats.month.2": "Feb",
    "ruformats.month.3": "Mar",
    "ruformats.month.4": "Apr",
    "ruformats.month.5": "May",
    "ruformats.month.6": "Jun",
    "ruformats.month.7": "Jul",
    "ruformats.month.8": "Aug",
    "ruformats.month.9": "Sep",
    "ruformats.month.10": "Oct",
    "ruformats.month.11": "Nov",
    "ruformats.month.12": "Dec",
    "ruformats.decimal_sign": ".",
    "ruformats.bad_decimal": "{field}: «{value}» is not a number; type e.g. 52.3.",
}
