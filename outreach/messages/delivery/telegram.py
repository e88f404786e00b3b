"""Telegram Bot API `sendMessage` over httpx: `429 retry_after` honoured, 403 (blocked
or never started) permanent. A request that left without an answer coming back (a read
timeout, a dropped connection) may have been delivered: `InDoubt`, never resent by itself.
An answer that does not read as the Bot API's fails that delivery with a clear sentence.
The token sits in the URL, so httpx's request logging is silenced and every error text is
redacted."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from outreach.common import clock
from outreach.common.i18n import t
from outreach.messages.delivery.smtp import DeliveryError, InDoubt
from outreach.settings.secrets import get_secret, install_log_redaction, redact

LIMIT = 4096
MAX_WAIT = 60.0
TRIES = 5
# the request did not reach the Bot API whole: nothing was delivered (a later send may try again)
NOT_SENT_IN_TIME = (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteTimeout)
NOT_SENT = (httpx.ConnectError, httpx.WriteError)


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
    def __init__(self, config: TelegramConfig, sleep: Callable[[float], None] = clock.sleep,
                 max_wait: float = MAX_WAIT):
        install_log_redaction()
        self.config = config
        self.sleep = sleep
        self.max_wait = max_wait
        self.client = httpx.Client(timeout=config.timeout)

    def __enter__(self) -> "TelegramSender":
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def send_part(self, chat_id: str, text: str, tried: Callable[[], None] = lambda: None,
                  reply_markup: dict[str, object] | None = None) -> str:
        """Send one part (at most LIMIT characters), with buttons when given (see
        rsvp.telegram_keyboard); returns its Telegram message id. `tried` is called before
        every request. Raises DeliveryError (Blocked, InDoubt)."""
        url = f"{self.config.api}/bot{self.config.token}/sendMessage"
        payload: dict[str, object] = {"chat_id": chat_id, "text": text, "parse_mode": "HTML",
                                      "link_preview_options": {"is_disabled": True}}
        if reply_markup is not None:
            payload["reply_markup"] = reply_markup
        for _ in range(TRIES):
            tried()
            response = self._post(url, payload)
            data = _document(response)
            if response.status_code == 200:
                return _message_id(data)
            description = _description(data, response)
            if response.status_code == 429:
                wait = _retry_after(data)
                if wait > self.max_wait:
                    raise DeliveryError(f"429 {description}", permanent=False)
                self.sleep(wait)
                continue
            if response.status_code == 403:
                raise Blocked(f"403 {description}", permanent=True)
            raise DeliveryError(f"{response.status_code} {description}",
                                permanent=400 <= response.status_code < 500)
        raise DeliveryError(t("messages.telegram.too_many_requests"), permanent=False)

    def _post(self, url: str, payload: dict[str, object]) -> httpx.Response:
        try:
            return self.client.post(url, json=payload)
        except NOT_SENT_IN_TIME:
            raise DeliveryError(t("messages.telegram.timeout"), permanent=False) from None
        except NOT_SENT as exc:
            raise DeliveryError(t("messages.telegram.network", reason=redact(exc) or type(exc).__name__),
                                permanent=False) from None
        except (httpx.TimeoutException, httpx.TransportError) as exc:  # sent, the answer lost
            raise InDoubt(t("deliverydoubt.telegram.in_doubt", reason=redact(exc) or type(exc).__name__)) from None
        except httpx.HTTPError as exc:
            raise DeliveryError(t("messages.telegram.network", reason=redact(exc) or type(exc).__name__),
                                permanent=False) from None


def _document(response: httpx.Response) -> dict[str, object] | None:
    """The answer's JSON object, or None when it is not one."""
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _message_id(data: dict[str, object] | None) -> str:
    """A 200 must say `ok: true`; anything else may or may not have been delivered."""
    if data is None or data.get("ok") is not True:
        raise DeliveryError(t("deliverydoubt.telegram.unreadable"), permanent=True)
    result = data.get("result")
    message_id = result.get("message_id") if isinstance(result, dict) else None
    return "" if message_id is None else str(message_id)


def _description(data: dict[str, object] | None, response: httpx.Response) -> str:
    text = data.get("description") if data is not None else None
    return redact(" ".join(str(text or response.reason_phrase).split()))[:200]


def _retry_after(data: dict[str, object] | None) -> float:
    """Seconds a 429 asks to wait (1 when it does not say); a value that is not a number of
    seconds fails the delivery (nothing was delivered: a later send may try again)."""
    parameters = {} if data is None else data.get("parameters", {})
    value = parameters.get("retry_after", 1) if isinstance(parameters, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise DeliveryError(t("deliverydoubt.telegram.bad_retry_after"), permanent=False)
    return float(value)
