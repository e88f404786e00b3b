"""Русские сообщения чтения заголовков и ячеек списка класса."""

MESSAGES: dict[str, str] = {
    "cli.import.problem_detail": "Строка {row}, {field}: {reason} — «{value}» ({person})",
    "cli.import.problem_value": "Строка {row}, {field}: {reason} — «{value}»",
    "cli.import.not_kept": "Столбцы, которые намеренно не загружаются (outreach не хранит лишних данных): {columns}.",
    "cli.import.filled": "Пустые ячейки под объединённой ячейкой ученика или класса заполнены значением сверху: {count}.",
    "import.warning.no_guardians": "В файле есть столбцы с контактами ({columns}), но ни одного родителя не найдено: проверьте, в каком столбце ФИО родителей, или укажите его через --map 'Заголовок=mother.fio'.",
    "tui.field.guardian.contacts": "контакты (телефон, почта, ники)",
    "tui.field.grade": "параллель (год обучения)",
    "tui.field.letter": "буква класса",
}
