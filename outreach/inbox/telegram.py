"""Parents' Telegram messages out of the bot's getUpdates (read by the updates service, which keeps
the one offset): private text messages other than commands, from linked chats only."""

from __future__ import annotations

from datetime import datetime

from outreach.common import clock
from outreach.inbox.model import Incoming


def incoming_update(update: dict[str, object]) -> Incoming | None:
    """A private text message of an update, normalised; None for anything else."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat, text = message.get("chat"), message.get("text")
    if not isinstance(chat, dict) or chat.get("type") != "private" or not isinstance(text, str):
        return None
    if text.startswith("/") or not text.strip():
        return None
    stamp = message.get("date")
    when = datetime.fromtimestamp(stamp).astimezone() if isinstance(stamp, int) else clock.now()
    reply = message.get("reply_to_message")
    answers = (str(reply["message_id"]),) if isinstance(reply, dict) and "message_id" in reply else ()
    chat_id = str(chat.get("id", ""))
    return Incoming("telegram", f"{chat_id}:{message.get('message_id')}", chat_id, text.strip(), when,
                    answers=answers)

