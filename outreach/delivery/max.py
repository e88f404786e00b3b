"""MAX personal messages through the bot, with the outward shape of `TelegramSender`: one
text part to a linked parent's MAX user id → the MAX message id; raises DeliveryError,
`Blocked` (the parent stopped the bot: permanent) or `InDoubt` (may have arrived)."""

from __future__ import annotations

from collections.abc import Callable

from ..max_api import LIMIT, MAX_WAIT, Blocked, Button, MaxApi, MaxConfig, max_config
from .telegram import split_text

__all__ = ["LIMIT", "Blocked", "MaxSender", "max_config", "split_max"]


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
