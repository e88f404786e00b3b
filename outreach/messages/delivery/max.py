"""The MAX sender: personal messages through the bot, as the Telegram sender does it (parts
of at most 4000 characters cut at paragraph breaks, each recorded as it is delivered; an
invitation's «Приду / Не смогу» buttons on the last part). The MAX Bot API's errors are
`outreach.channels.max_api`'s; waits, retries and opting out a parent who blocked the bot
are the send loop's.

Sent or exported: a MAX row goes through the bot when a bot token is set and the parent
linked their MAX (`bot_recipients`); otherwise it stays in max.csv for the teacher to send
by hand, as before."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from outreach.channels.errors import DeliveryError
from outreach.channels.max_api import LIMIT, Button, MaxApi, max_config
from outreach.channels.max_link import user_ids
from outreach.common.i18n import t
from outreach.messages import buttons, rsvp
from outreach.messages.delivery.senders import (
    BotSender,
    Letter,
    NotConfigured,
    Outcome,
    Part,
    Setup,
    buttons_on_last,
    outcome_of,
)
from outreach.messages.delivery.telegram import split_text
from outreach.messages.markup import to_telegram

Buttons = list[list[Button]]


def bot_recipients(db: sqlite_utils.Database, settings: dict[str, str],
                   guardian_ids: Iterable[int]) -> dict[int, str]:
    """The guardians whose MAX rows the bot sends (guardian id → MAX user id): none while no
    bot token is set; the rest of the MAX rows are exported."""
    return user_ids(db, guardian_ids) if max_config(settings) is not None else {}


def bot_reaches(setup: Setup, guardian_ids: list[int]) -> set[int]:
    """Of these guardians, those the MAX sender delivers to (see `delivery.send.PARTLY`)."""
    return set(bot_recipients(setup.db, setup.settings, guardian_ids))


def split_max(text: str) -> list[str]:
    """Parts no longer than MAX's limit, cut at paragraph breaks where possible."""
    return split_text(text, LIMIT)


@dataclass(frozen=True)
class MaxPart:
    """One request: the parent's MAX user id, the text (HTML) and the buttons under it."""

    user_id: str
    text: str
    buttons: Buttons | None = None


class MaxSender(BotSender):
    channel = "max"

    def __init__(self, api: MaxApi, users: dict[int, str], buttons: Buttons | None = None):
        super().__init__(api)
        self.api: MaxApi = api
        self.users = users
        self.buttons = buttons

    def parts(self, letter: Letter) -> list[Part[MaxPart]]:
        user = self.users.get(letter.row.guardian_id or 0, "")
        texts = split_max(to_telegram(letter.markdown))
        return [Part(letter, number, MaxPart(user, text, buttons))
                for number, text, buttons in buttons_on_last(texts, self.buttons)]

    def send(self, part: Part[MaxPart]) -> Outcome:
        payload = part.payload
        if not payload.user_id:  # the parent's MAX link went away after the batch was routed
            return Outcome("failed", text=t("no address"), later=True)
        try:
            return Outcome.sent(self.api.send(("user_id", payload.user_id), payload.text, payload.buttons))
        except DeliveryError as exc:
            return outcome_of(exc)


def max_sender(setup: Setup) -> MaxSender:
    config = max_config(setup.settings, setup.timeout)
    if config is None:
        raise NotConfigured(t("No MAX bot token: set OUTREACH_MAX_TOKEN or store it in the system keyring."))
    guardians = [gid for (gid,) in setup.db.execute(
        "SELECT DISTINCT guardian_id FROM deliveries WHERE message_id = ? AND channel = 'max'"
        " AND guardian_id IS NOT NULL", [setup.message.id])]
    invitation = rsvp.buttons_for(setup.db, setup.message.id)
    return MaxSender(MaxApi(config), user_ids(setup.db, guardians),
                     rsvp.max_buttons(invitation, setup.message.lang) if invitation is not None
                     else buttons.max_buttons(buttons.stored(setup.db, setup.message.id)))
