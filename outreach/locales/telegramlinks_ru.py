"""Русские сообщения: ссылки Telegram для всего класса — лист, приглашение, проверка /start."""

MESSAGES: dict[str, str] = {
    "telegramlinks.everyone": "всех классах",
    "telegramlinks.no_folder": "Папки {path} не существует.",
    "telegramlinks.all_linked": "Все родители в {scope} уже подключили Telegram (или отказались от него): печатать нечего.",
    "telegramlinks.no_invitees": "В {scope} нет родителей без Telegram, которым можно написать по электронной почте.",
    "telegramlinks.sheet.title": "Ссылки Telegram для родителей",
    "telegramlinks.sheet.heading": "Класс {group}: школьные сообщения в Telegram",
    "telegramlinks.sheet.how": "Вырежьте свою карточку, наведите камеру телефона на QR-код (или откройте ссылку) и нажмите в Telegram «Запустить». Ссылка личная, не передавайте её другим.",
    "telegramlinks.sheet.child": "Родитель: {child}",
    "telegramlinks.col.group": "Класс",
    "telegramlinks.col.guardian": "Родитель",
    "telegramlinks.col.child": "Ребёнок",
    "telegramlinks.col.link": "Ссылка Telegram",
    "telegramlinks.written": "Лист со ссылками сохранён (родителей: {count}): {path}",
    "telegramlinks.list_written": "Список ссылок: {path}",
    "telegramlinks.invite_created": "Создан черновик сообщения {id} с личными ссылками Telegram (родителей: {count}); проверьте его и отправьте: outreach message send {id}.",
    "telegramlinks.tui.key.sheet": "Лист ссылок",
    "telegramlinks.tui.key.sheet.tip": "Напечатать ссылки Telegram с QR-кодами для родителей этого класса, которые ещё не подключились",
    "telegramlinks.tui.sheet_written": "Лист ссылок Telegram (родителей: {count}): {path}",
    "telegramlinks.tui.linked": "Привязан Telegram, родителей: {count}",
    "telegramlinks.tui.watch_failed": "Привязки Telegram не проверяются: {reason}",
}
