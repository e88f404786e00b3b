"""Parents' MAX messages out of the bot's `/updates` (read by the updates service, which keeps
the one marker): text messages other than commands; `keep` drops those of no linked parent."""

from __future__ import annotations

from outreach.channels.max_api import Written
from outreach.common import clock
from outreach.inbox.model import Incoming


def incoming_written(event: Written) -> Incoming | None:
    """A parent's text message, normalised; None for a command, an empty text or no message id
    (without one it could not be stored once only)."""
    text = event.text.strip()
    if not text or text.startswith("/") or not event.message_id:
        return None
    return Incoming("max", event.message_id, event.user_id, text, clock.now())
