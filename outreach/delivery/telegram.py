"""Telegram Bot API `sendMessage` over httpx: `429 retry_after` honoured, 403 (blocked
or never started) permanent. The token sits in the URL, so httpx's request logging is
silenced and every error text is redacted."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import httpx

from ..i18n import t
from ..secrets import get_secret, install_log_redaction, redact
from .smtp import DeliveryError

LIMIT = 4096
MAX_WAIT = 60.0


class Blocked(DeliveryError):
    """The parent blocked the bot or never started it: their Telegram is unreachable."""


@dataclass
class TelegramConfig:
    api: str
    token: str
    timeout: float = 20.0


def telegram_config(settings: dict[str, str]) -> TelegramConfig | None:
    token = get_secret("telegram.token")
    if not token:
        return None
    api = os.environ.get("OUTREACH_TELEGRAM_API", "").strip() or settings.get("telegram.api") or "https://api.telegram.org"
    return TelegramConfig(api.rstrip("/"), token)


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
    def __init__(self, config: TelegramConfig, sleep=time.sleep, max_wait: float = MAX_WAIT):  # type: ignore[no-untyped-def]
        install_log_redaction()
        self.config = config
        self.sleep = sleep
        self.max_wait = max_wait
        self.client = httpx.Client(timeout=config.timeout)

    def __enter__(self) -> "TelegramSender":
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def send(self, chat_id: str, html_text: str) -> str:
        """Send the text (in parts when long); returns the first Telegram message id."""
        first = ""
        for part in split_text(html_text):
            message_id = self._send_part(chat_id, part)
            first = first or message_id
        return first

    def _send_part(self, chat_id: str, text: str) -> str:
        url = f"{self.config.api}/bot{self.config.token}/sendMessage"
        payload = {"chat_id": chat_id, "text": text, "parse_mode": "HTML",
                   "link_preview_options": {"is_disabled": True}}
        for _ in range(5):
            try:
                response = self.client.post(url, json=payload)
            except httpx.TimeoutException:
                raise DeliveryError(t("messages.telegram.timeout"), permanent=False) from None
            except httpx.HTTPError as exc:
                raise DeliveryError(t("messages.telegram.network", reason=redact(exc) or type(exc).__name__),
                                    permanent=False) from None
            try:
                data = response.json()
            except ValueError:
                data = {}
            description = redact(str(data.get("description") or response.reason_phrase))
            if response.status_code == 200 and data.get("ok"):
                return str((data.get("result") or {}).get("message_id", ""))
            if response.status_code == 429:
                wait = float((data.get("parameters") or {}).get("retry_after") or 1)
                if wait > self.max_wait:
                    raise DeliveryError(f"429 {description}", permanent=False)
                self.sleep(wait)
                continue
            if response.status_code == 403:
                raise Blocked(f"403 {description}", permanent=True)
            raise DeliveryError(f"{response.status_code} {description}",
                                permanent=400 <= response.status_code < 500)
        raise DeliveryError(t("messages.telegram.too_many_requests"), permanent=False)
