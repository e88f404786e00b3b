"""Русские сообщения конвейера доставки и вложений к сообщениям."""

MESSAGES: dict[str, str] = {
    "pipeline.attach.kb": "{size} КБ",
    "pipeline.attach.mb": "{size} МБ",
    "pipeline.attach.decimal": ",",
    "pipeline.attach.missing": "Вложение {path}: такого файла нет.",
    "pipeline.attach.unreadable": "Вложение {path}: файл не читается (проверьте права доступа).",
    "pipeline.attach.too_big": "Вложения вместе занимают {size}, а к сообщению можно приложить не больше {limit}: уберите часть файлов или дайте на них ссылку.",
    "pipeline.attach.gone": "Вложение «{name}» больше не читается по пути {path}: из сообщения {id} ничего не отправлено. Верните файл на место или составьте сообщение заново.",
    "pipeline.attach.plan": "Вложения: {files}.",
    "pipeline.attach.not_carried": "Вложения уходят только письмами; без них уйдут: {channels}.",
    "pipeline.tui.key.attachments": "Вложения",
    "pipeline.tui.key.attachments.tip": "Приложить файлы к письмам (путь к файлу)",
    "pipeline.tui.attach.title": "Вложения",
    "pipeline.tui.attach.placeholder": "Путь к файлу; Enter — добавить",
    "pipeline.tui.attach.hint": "Enter — добавить · Delete — убрать · Esc — готово. Всего не больше {limit}, только в письмах.",
    "pipeline.tui.attach.total": "Файлов: {count}, {size}",
    "pipeline.tui.attach.label": "Вложений: {count}",
    "pipeline.tui.attach.key.done": "Готово",
    "pipeline.tui.attach.key.remove": "Убрать",
}
