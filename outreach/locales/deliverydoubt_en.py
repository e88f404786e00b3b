"""English messages of deliveries whose outcome is unknown, and of SMTP login safety."""

MESSAGES: dict[str, str] = {
    "deliverydoubt.smtp.plain_login": "The SMTP password would cross the network to {host} unencrypted: set smtp.security to starttls or ssl (or, if you accept the risk, outreach settings set smtp.allow_plain_login yes).",
    "deliverydoubt.smtp.in_doubt": "the connection to the mail server was lost after the e-mail had been sent ({reason})",
    "deliverydoubt.telegram.in_doubt": "Telegram did not answer after the message had been sent ({reason})",
    "deliverydoubt.telegram.unreadable": "Telegram's answer could not be read, so the message may or may not have arrived: ask the parent before sending it again.",
    "deliverydoubt.telegram.bad_retry_after": "Telegram asked to wait but did not say for how long in a way that can be read; nothing was delivered, the next send tries again.",
    "deliverydoubt.check.email": "look up Message-ID {id} in the mail server's log",
    "deliverydoubt.check.telegram": "ask the parent whether it came in Telegram",
    "deliverydoubt.check.telegram_parts": "parts delivered: {parts}; ask the parent whether the rest came in Telegram",
    "deliverydoubt.check.retry": "`message retry --unknown` sends it again",
    "deliverydoubt.settings.bad_yes_no": "{value}: {key} is yes or no.",
}
