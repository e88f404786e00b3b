"""The Telegram sender: a long message goes in parts of at most 4096 characters, cut at
paragraph breaks, each recorded as it is delivered. The Bot API's errors and the token's
redaction are `outreach.telegram_api`'s; waits and retries are the send loop's."""

from __future__ import annotations

from typing import Self

from outreach.channels.errors import DeliveryError
from outreach.channels.telegram_api import BotApi, telegram_config
from outreach.common.i18n import t
from outreach.messages.delivery.senders import (
    Letter,
    NotConfigured,
    Outcome,
    Part,
    Setup,
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


class TelegramSender:
    channel = "telegram"
    rate = 0.0
    attempts = 1
    multipart = True
    in_flight = True
    status = "sent"
    place: str | None = None

    def __init__(self, api: BotApi):
        self.api = api

    def __enter__(self) -> Self:
        self.api.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.api.__exit__(*exc)

    def parts(self, letter: Letter) -> list[Part[str]]:
        return [Part(letter, number, text) for number, text in enumerate(split_text(to_telegram(letter.markdown)))]

    def send(self, part: Part[str]) -> Outcome:
        try:
            return Outcome.sent(self.api.send_message(part.letter.address, part.payload))
        except DeliveryError as exc:
            return outcome_of(exc)


def telegram_sender(setup: Setup) -> TelegramSender:
    config = telegram_config(setup.settings)
    if config is None:
        raise NotConfigured(t("messages.telegram.not_configured"))
    if setup.timeout is not None:
        config.timeout = setup.timeout
    return TelegramSender(BotApi(config))
