"""Русские сообщения файлов для людей: названия листов, окна экспорта, форматы файлов."""

MESSAGES: dict[str, str] = {
    "peoplefiles.roster.title": "Список класса",
    "peoplefiles.rejects.title": "Отклонённые строки",
    "peoplefiles.import.skip_invalid": "Пропустить строки с проблемами (они попадут в файл .rejects.xlsx)",
    "peoplefiles.export.path": "Файл для записи (.xlsx или .csv):",
    "peoplefiles.absences.title": "Отсутствующие",
    "peoplefiles.absences.key": "В Excel",
    "peoplefiles.absences.key.tip": "Записать список книгой Excel (.xlsx)",
    "peoplefiles.absences.hint": "x — записать список для Excel (.xlsx) · esc — назад",
    "peoplefiles.absences.written": "Отсутствующих детей: {count}. Список для Excel: {path}",
    "peoplefiles.contest.xlsx": "Книги Excel (.xlsx); без галочки — CSV",
    "peoplefiles.contest.what": "итоги и протокол (каждая команда × этап)",
    "peoplefiles.export.excel": "CSV для Excel (UTF-8 с BOM, «;»)",
}
