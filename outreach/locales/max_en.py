"""English messages of the MAX channel: the bot API, linking by deep link, answers by button."""

MESSAGES: dict[str, str] = {
    "max.api.network": "Cannot reach MAX ({reason}).",
    "max.api.error": "The MAX Bot API refused the request: {status} {reason}",
    "max.api.in_doubt": "MAX did not answer after the message had been sent ({reason})",
    "max.api.unreadable": "MAX's answer could not be read, so the message may or may not have arrived: ask the parent before sending it again.",
    "max.api.too_many_requests": "MAX keeps asking to slow down; the rest waits for the next send.",
    "max.api.bad_retry_after": "MAX asked to wait but did not say for how long in a way that can be read; nothing was delivered, the next send tries again.",
    "settingsscreen.group.max": "MAX bot",
    "settingsscreen.field.max.bot": "Bot name",
    "settingsscreen.field.max.token": "Bot token",
    "settingsscreen.field.max.api": "Bot API",
    "settingsscreen.help.max.bot": "The bot's name in MAX, used in parents' max.ru links.",
    "settingsscreen.help.max.token": "From the «MAX для бизнеса» platform; kept in the system keyring; OUTREACH_MAX_TOKEN wins.",
    "settingsscreen.help.max.api": "Leave as it is unless MAX moves its Bot API.",
}
