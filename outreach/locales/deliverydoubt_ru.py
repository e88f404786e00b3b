"""Русские сообщения об отправках с неизвестным исходом и о безопасном входе на почтовый сервер."""

MESSAGES: dict[str, str] = {
    "deliverydoubt.smtp.plain_login": "Пароль SMTP ушёл бы на {host} по сети в открытом виде: укажите smtp.security starttls или ssl (или, если вы готовы к этому риску, outreach settings set smtp.allow_plain_login yes).",
    "deliverydoubt.smtp.in_doubt": "связь с почтовым сервером оборвалась уже после того, как письмо было отправлено ({reason})",
    "deliverydoubt.telegram.in_doubt": "Telegram не ответил, хотя сообщение уже было отправлено ({reason})",
    "deliverydoubt.telegram.unreadable": "Ответ Telegram не удалось прочитать, поэтому неизвестно, дошло ли сообщение: уточните у родителя, прежде чем отправлять снова.",
    "deliverydoubt.telegram.bad_retry_after": "Telegram попросил подождать, но непонятно сколько; ничего не отправлено, при следующей отправке попробуем снова.",
    "deliverydoubt.check.email": "найдите Message-ID {id} в журнале почтового сервера",
    "deliverydoubt.check.telegram": "спросите у родителя, пришло ли сообщение в Telegram",
    "deliverydoubt.check.telegram_parts": "доставлены части: {parts}; спросите у родителя, пришло ли остальное в Telegram",
    "deliverydoubt.check.retry": "`message retry --unknown` отправит снова",
    "deliverydoubt.settings.bad_yes_no": "{value}: {key} — yes или no.",
}
