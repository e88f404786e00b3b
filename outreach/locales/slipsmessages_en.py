"""English texts of issue 12's message slips: confirmations, drafts, focus, pre-flight checks."""

MESSAGES: dict[str, str] = {
    "slipsmessages.plan.unconfigured": "not set up: {channels}",
    "slipsmessages.confirm.to": "To: {audience}",
    "slipsmessages.confirm.skipped": "Skipped (no consent, no channel, erased): {count}",
    "slipsmessages.confirm.deferred": "Held back by quiet hours, sent on a later send: {count}",
    "slipsmessages.send.refused": "Not sent",
    "slipsmessages.audience": "{who}, {people}",
    "slipsmessages.audience.all": "all parents",
    "slipsmessages.audience.groups": "parents of {groups}",
    "slipsmessages.audience.chosen": "chosen parents ({count})",
    "slipsmessages.audience.not_answered": "who did not answer «{title}»",
    "slipsmessages.people.one": "{count} person",
    "slipsmessages.people.few": "{count} people",
    "slipsmessages.people.many": "{count} people",
    "slipsmessages.totals": "Message {id} in the log: sent {sent}, failed {failed}, waiting for quiet hours {deferred}, skipped {skipped}, written to files {exported}, unknown {unknown}, still queued {queued}.",
    "slipsmessages.preflight.email": "E-mail is not set up: the mail server (smtp.host) is missing, so {count} e-mail deliveries cannot go.",
    "slipsmessages.preflight.email_bad": "E-mail is not set up ({reason}), so {count} e-mail deliveries cannot go.",
    "slipsmessages.preflight.telegram": "Telegram is not set up: the bot token (OUTREACH_TELEGRAM_TOKEN or the system keyring) is missing, so {count} Telegram deliveries cannot go.",
    "slipsmessages.preflight.nothing_sent": "Nothing of message {id} was sent; set it up, or change the message's channels.",
}
