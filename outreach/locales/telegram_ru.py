"""Русские сообщения привязки Telegram по ссылке."""

MESSAGES: dict[str, str] = {
    "telegram.link.no_bot": "Не задано имя бота: outreach settings set telegram.bot ИМЯ_БОТА.",
    "telegram.link.bad_bot": "telegram.bot — не имя бота: {value}.",
    "telegram.link.no_token": "Нет токена бота: задайте OUTREACH_TELEGRAM_TOKEN или сохраните его в системном хранилище ключей.",
    "telegram.link.network": "Не удалось связаться с Telegram Bot API: {reason}",
    "telegram.link.api_error": "Telegram Bot API отклонил getUpdates: {status} {reason}",
    "telegram.link.show": "Отправьте эту ссылку родителю; когда он нажмёт «Старт», выполните outreach channels link-updates:",
    "telegram.link.linked": "Telegram привязан для родителей: {ids}.",
    "telegram.link.none": "Новых привязок нет.",
    "telegram.link.unknown": "Пропущено сообщений /start с неизвестным или уже использованным кодом: {count}.",
}
