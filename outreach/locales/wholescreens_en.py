"""English texts of the screens made whole at 80×24 (short forms where a long one was cut)."""

MESSAGES: dict[str, str] = {
    "wholescreens.channels.short.opted_out": "opted out",
    "wholescreens.channels.short.no_address": "no address",
    "wholescreens.channels.short.telegram_not_linked": "bot not started",
    "wholescreens.channels.short.no_consent": "no consent",
    "wholescreens.channels.quiet_own": "own",
    "wholescreens.channels.quiet_default": "school's",
    "wholescreens.season.spring": "spring",
    "wholescreens.season.summer": "summer",
    "wholescreens.season.autumn": "autumn",
    "wholescreens.season.winter": "winter",
    "wholescreens.template.in_ru": "in Russian",
    "wholescreens.template.in_en": "in English",
    "wholescreens.contest.dsq": "DSQ",
    "wholescreens.key.dismiss_menu": "Close the list",
    "wholescreens.key.space": "space",
    "wholescreens.palette.fallback": "Not found? All the keys and sections",
    "wholescreens.palette.fallback.help": "Opens the help (?)",
    "wholescreens.inbox.col.unread": "New",
    "wholescreens.smtp.none": "no encryption",
}
