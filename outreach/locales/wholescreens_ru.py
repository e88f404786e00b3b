"""Русские тексты экранов, которые помещаются целиком в 80×24 (краткие формы вместо обрезанных)."""

MESSAGES: dict[str, str] = {
    "wholescreens.channels.short.opted_out": "отказался",
    "wholescreens.channels.short.no_address": "нет адреса",
    "wholescreens.channels.short.telegram_not_linked": "бот не запущен",
    "wholescreens.channels.short.no_consent": "нет согласия",
    "wholescreens.channels.quiet_own": "свои",
    "wholescreens.channels.quiet_default": "общие",
    "wholescreens.season.spring": "весна",
    "wholescreens.season.summer": "лето",
    "wholescreens.season.autumn": "осень",
    "wholescreens.season.winter": "зима",
    "wholescreens.template.in_ru": "на русском",
    "wholescreens.template.in_en": "на английском",
    "wholescreens.contest.dsq": "дискв.",
    "wholescreens.key.dismiss_menu": "Закрыть список",
    "wholescreens.key.space": "пробел",
    "wholescreens.palette.fallback": "Не нашли? Все клавиши и разделы",
    "wholescreens.palette.fallback.help": "Открывает справку (?)",
    "wholescreens.inbox.col.unread": "Новых",
    "wholescreens.smtp.none": "без шифрования",
}
