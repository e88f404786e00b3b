"""Русские сообщения импорта списка: листы, строка заголовков, книги Excel и ODS."""

MESSAGES: dict[str, str] = {
    "import.csv_unreadable": "Файл не читается как таблица ({detail}).",
    "import.workbook_unreadable": "Не удаётся прочитать файл {kind}: он повреждён или обрезан. Откройте его в табличной программе и сохраните заново.",
    "import.html_table": "Этот файл — веб-страница (таблица HTML), сохранённая под именем таблицы; откройте его в табличной программе и сохраните как XLSX или CSV.",
    "import.no_sheet": "В книге нет листа «{sheet}»; её листы: {sheets}.",
    "import.sheet_not_workbook": "--sheet относится к книгам (XLSX, ODS, XLS), а этот файл — текстовая таблица.",
    "import.bad_header_row": "Строки заголовков {row} на листе нет: в нём строк — {rows}.",
    "import.rejects.sheet": "лист",
    "cli.import.on_sheet": "Лист «{sheet}», {line}",
    "cli.import.sheets": "Прочитаны листы: {sheets}.",
    "cli.import.sheet": "«{name}» (заголовки в строке {row}{group})",
    "cli.import.sheet_group": ", класс {group}",
    "cli.import.skipped_sheets": "Листы без столбцов списка, не прочитаны: {sheets}.",
    "cli.import.refused": "Ничего не загружено: в файле проблем — {count} (они перечислены в \"rejected\"); исправьте их или используйте --skip-invalid.",
    "tui.import.header_row": "Строка заголовков:",
    "tui.import.sheets": "Листы:",
    "tui.import.sheet_line": "Лист «{name}»: заголовки в строке {row}, строк — {rows}{group}",
    "tui.import.sheet_group": ", класс {group}",
    "tui.import.meaning": "Читать «{header}» как:",
    "tui.import.no_names": "Ни один столбец пока не прочитан как ФИО: выберите ниже, в каком столбце ФИО ученика или родителя.",
    "tui.import.ignore": "не загружать",
}
