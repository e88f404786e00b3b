"""The Telegram sender: a long message goes in parts of at most 4096 characters, cut at
paragraph breaks, each recorded as it is delivered; an invitation's «Приду / Не смогу»
keyboard goes on the last part. The Bot API's errors and the token's
redaction are `outreach.telegram_api`'s; waits and retries are the send loop's."""

from __future__ import annotations

from dataclasses import dataclass

from outreach.channels.errors import DeliveryError
from outreach.channels.telegram_api import BotApi, Document, telegram_config
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
from outreach.messages.markup import to_telegram

LIMIT = 4096


def split_text(text: str, limit: int = LIMIT) -> list[str]:
    """Parts no longer than Telegram's limit, cut at paragraph breaks where possible."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n\n", 0, limit)
        if cut <= 0:
            cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*parts, text] if text else parts


@dataclass(frozen=True)
class TelegramPart:
    """One sendMessage: the text (HTML) and the keyboard under it."""

    text: str
    reply_markup: Document | None = None


class TelegramSender(BotSender):
    channel = "telegram"

    def __init__(self, api: BotApi, keyboard: Document | None = None):
        super().__init__(api)
        self.api: BotApi = api
        self.keyboard = keyboard

    def parts(self, letter: Letter) -> list[Part[TelegramPart]]:
        texts = split_text(to_telegram(letter.markdown))
        return [Part(letter, number, TelegramPart(text, keyboard))
                for number, text, keyboard in buttons_on_last(texts, self.keyboard)]

    def send(self, part: Part[TelegramPart]) -> Outcome:
        try:
            return Outcome.sent(self.api.send_message(part.letter.address, part.payload.text,
                                                      part.payload.reply_markup))
        except DeliveryError as exc:
            return outcome_of(exc)


def telegram_sender(setup: Setup) -> TelegramSender:
    config = telegram_config(setup.settings)
    if config is None:
        raise NotConfigured(t("Telegram is waiting: the bot token is not set (OUTREACH_TELEGRAM_TOKEN or the system keyring)."))
    if setup.timeout is not None:
        config.timeout = setup.timeout
    invitation = rsvp.buttons_for(setup.db, setup.message.id)
    keyboard = rsvp.telegram_keyboard(invitation, setup.message.lang) if invitation is not None \
        else buttons.telegram_keyboard(buttons.stored(setup.db, setup.message.id))
    return TelegramSender(BotApi(config), keyboard)
