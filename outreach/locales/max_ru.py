"""Русские сообщения канала MAX: Bot API, привязка по ссылке, ответы кнопками."""

MESSAGES: dict[str, str] = {
    "max.api.network": "Не удаётся связаться с MAX ({reason}).",
    "max.api.error": "MAX Bot API отклонил запрос: {status} {reason}",
    "max.api.in_doubt": "MAX не ответил после отправки сообщения ({reason})",
    "max.api.unreadable": "Ответ MAX не удалось прочитать, поэтому неизвестно, дошло ли сообщение: уточните у родителя, прежде чем отправлять снова.",
    "max.api.too_many_requests": "MAX просит отправлять медленнее; остальные сообщения уйдут при следующей отправке.",
    "max.api.bad_retry_after": "MAX попросил подождать, но непонятно сколько; ничего не доставлено, следующая отправка попробует снова.",
    "settingsscreen.group.max": "Бот MAX",
    "settingsscreen.field.max.bot": "Имя бота",
    "settingsscreen.field.max.token": "Токен бота",
    "settingsscreen.field.max.api": "Bot API",
    "settingsscreen.help.max.bot": "Имя бота в MAX, из него строятся ссылки max.ru для родителей.",
    "settingsscreen.help.max.token": "Выдаёт платформа «MAX для бизнеса»; хранится в связке ключей; OUTREACH_MAX_TOKEN важнее.",
    "settingsscreen.help.max.api": "Не меняйте, если MAX не сменил адрес Bot API.",
}
