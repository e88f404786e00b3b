"""MAX personal messages through the bot, with the outward shape of `TelegramSender`: one
text part to a linked parent's MAX user id → the MAX message id; raises DeliveryError,
`Blocked` (the parent stopped the bot: permanent) or `InDoubt` (may have arrived).

Sent or exported: a MAX row goes through the bot when a bot token is set and the parent
linked their MAX (`bot_recipients`); otherwise it stays in max.csv for the teacher to send
by hand, as before."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import sqlite_utils

from outreach.channels.max_api import (
    LIMIT,
    MAX_WAIT,
    Blocked,
    Button,
    MaxApi,
    MaxConfig,
    max_config,
)
from outreach.channels.max_link import user_ids
from outreach.messages.delivery.telegram import split_text

__all__ = ["LIMIT", "Blocked", "MaxSender", "bot_recipients", "max_config", "split_max"]


def bot_recipients(db: sqlite_utils.Database, settings: dict[str, str],
                   guardian_ids: Iterable[int]) -> dict[int, str]:
    """The guardians whose MAX rows the bot sends (guardian id → MAX user id): none while no
    bot token is set; the rest of the MAX rows are exported."""
    return user_ids(db, guardian_ids) if max_config(settings) is not None else {}


def split_max(text: str) -> list[str]:
    """Parts no longer than MAX's limit, cut at paragraph breaks where possible."""
    return split_text(text, LIMIT)


class MaxSender:
    def __init__(self, config: MaxConfig, sleep: Callable[[float], None] | None = None,
                 max_wait: float = MAX_WAIT) -> None:
        self.api = MaxApi(config, sleep=sleep, max_wait=max_wait)

    def __enter__(self) -> MaxSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.api.__exit__(*exc)

    def send_part(self, user_id: str, text: str, tried: Callable[[], None] = lambda: None,
                  buttons: list[list[Button]] | None = None) -> str:
        """Send one part (at most LIMIT characters, HTML as for Telegram) to the parent's MAX
        user id; returns its MAX message id. `tried` is called before every request."""
        return self.api.send(("user_id", user_id), text, buttons, tried)
