"""Русские тексты к оплошностям из issue 12 в сообщениях: подтверждения, черновики, фокус, проверки."""

MESSAGES: dict[str, str] = {
    "slipsmessages.plan.unconfigured": "не настроено: {channels}",
    "slipsmessages.confirm.to": "Кому: {audience}",
    "slipsmessages.confirm.skipped": "Пропускаются (нет согласия, нет канала, данные удалены): {count}",
    "slipsmessages.confirm.deferred": "Ждут конца тихих часов, уйдут при следующей отправке: {count}",
    "slipsmessages.send.refused": "Не отправлено",
    "slipsmessages.audience": "{who}, {people}",
    "slipsmessages.audience.all": "все родители",
    "slipsmessages.audience.groups": "родители {groups}",
    "slipsmessages.audience.chosen": "выбранные родители ({count})",
    "slipsmessages.audience.not_answered": "не ответившие на «{title}»",
    "slipsmessages.people.one": "{count} человек",
    "slipsmessages.people.few": "{count} человека",
    "slipsmessages.people.many": "{count} человек",
    "slipsmessages.totals": "Сообщение {id} по журналу: отправлено {sent}, ошибок {failed}, ждут конца тихих часов {deferred}, пропущено {skipped}, записано в файлы {exported}, неизвестно {unknown}, ещё в очереди {queued}.",
    "slipsmessages.preflight.email": "Почта не настроена: не указан почтовый сервер (smtp.host), поэтому писем не уйдёт: {count}.",
    "slipsmessages.preflight.email_bad": "Почта не настроена ({reason}), поэтому писем не уйдёт: {count}.",
    "slipsmessages.preflight.telegram": "Telegram не настроен: нет токена бота (OUTREACH_TELEGRAM_TOKEN или системное хранилище паролей), поэтому сообщений в Telegram не уйдёт: {count}.",
    "slipsmessages.preflight.nothing_sent": "Из сообщения {id} ничего не отправлено: настройте канал или измените каналы сообщения.",
}
