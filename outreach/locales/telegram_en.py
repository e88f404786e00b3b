"""English messages of Telegram deep-link linking."""

MESSAGES: dict[str, str] = {
    "telegram.link.no_bot": "The bot's username is not set: outreach settings set telegram.bot YOUR_BOT.",
    "telegram.link.bad_bot": "telegram.bot is not a bot username: {value}.",
    "telegram.link.no_token": "No bot token: set OUTREACH_TELEGRAM_TOKEN or store it in the system keyring.",
    "telegram.link.network": "Could not reach the Telegram Bot API: {reason}",
    "telegram.link.api_error": "The Telegram Bot API refused getUpdates: {status} {reason}",
    "telegram.link.show": "Send this link to the parent; when they press Start, run outreach channels link-updates:",
    "telegram.link.linked": "Linked Telegram for guardians: {ids}.",
    "telegram.link.none": "No new links.",
    "telegram.link.unknown": "Ignored /start messages with an unknown or used token: {count}.",
}
