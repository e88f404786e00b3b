"""Parents' MAX messages out of the bot's `/updates` (read by the updates service, which keeps
the one marker): text messages in a dialog with the bot other than commands, stamped with the
message's own time, as Telegram's are; `keep` drops those of no linked parent."""

from __future__ import annotations

from datetime import datetime

from outreach.channels.max_api import Written
from outreach.common import clock
from outreach.inbox.model import Incoming

PRIVATE = "dialog"  # MAX's chat type of a one-to-one chat with the bot (Telegram's "private")


def incoming_written(event: Written) -> Incoming | None:
    """A parent's private text message, normalised; None for a group chat, a command, an empty
    text or no message id (without one it could not be stored once only)."""
    text = event.text.strip()
    if event.chat_type != PRIVATE or not text or text.startswith("/") or not event.message_id:
        return None
    when = datetime.fromtimestamp(event.timestamp / 1000).astimezone() if event.timestamp is not None \
        else clock.now()
    return Incoming("max", event.message_id, event.user_id, text, when)
