"""Before anything is sent: which channels of a message cannot go because they are not set up.

The CLI refuses to send such a message and the app says so in its plan and confirmation,
so a teacher never reads «sent 0, failed 0» for a Telegram message that had no bot token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from outreach.common.errors import OutreachError
from outreach.common.i18n import t, tn
from outreach.messages.delivery.send import send_message
from outreach.messages.delivery.smtp import smtp_config
from outreach.settings.values import all_settings


@dataclass(frozen=True)
class Unconfigured:
    """`count` pending deliveries on `channel` that would wait: `reason` names the setting."""

    channel: str
    count: int
    reason: str


def unconfigured(db: sqlite_utils.Database, message_id: int,
                 moment: datetime | None = None) -> list[Unconfigured]:
    """The message's channels that have deliveries to make now but no settings to make them."""
    waiting = send_message(db, message_id, moment=moment, dry_run=True).waiting
    settings = all_settings(db)
    return [Unconfigured(channel, count, _reason(channel, count, settings))
            for channel, count in sorted(waiting.items()) if count]


def check_configured(db: sqlite_utils.Database, message_id: int,
                     moment: datetime | None = None) -> None:
    """Raise (one sentence per channel) when some of the message's channels are not set up."""
    missing = unconfigured(db, message_id, moment)
    if missing:
        raise OutreachError(" ".join(m.reason for m in missing) + " "
                            + t("Nothing of message {id} was sent; set it up, or change the message's channels.", id=message_id))


def _reason(channel: str, count: int, settings: dict[str, str]) -> str:
    if channel == "telegram":
        return tn("Telegram is not set up: the bot token (OUTREACH_TELEGRAM_TOKEN or the system keyring) is missing, so {n} Telegram delivery cannot go.",
                  "Telegram is not set up: the bot token (OUTREACH_TELEGRAM_TOKEN or the system keyring) is missing, so {n} Telegram deliveries cannot go.", count)
    if channel != "email":
        raise KeyError(channel)  # only e-mail and Telegram have settings a send can lack
    try:
        smtp_config(settings)
    except OutreachError as error:
        return tn("E-mail is not set up ({reason}), so {n} e-mail delivery cannot go.",
                  "E-mail is not set up ({reason}), so {n} e-mail deliveries cannot go.", count, reason=error.message)
    return tn("E-mail is not set up: the mail server (smtp.host) is missing, so {n} e-mail delivery cannot go.",
              "E-mail is not set up: the mail server (smtp.host) is missing, so {n} e-mail deliveries cannot go.", count)
