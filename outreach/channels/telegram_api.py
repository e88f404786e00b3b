"""The one Telegram Bot API client: base URL and token, the request, the answer's errors and
the token's redaction, for sending (`send_message`) and for linking parents (`get_updates`).

`sendMessage`: `429 retry_after` → `RetryAfter` (the caller waits), 403 (blocked, or never
started) → `Blocked`, other 4xx permanent, the Bot API's own 5xx temporary. A request that left
without an answer coming back (a read timeout, a dropped connection, a gateway's 502 or 504 or
its page instead of the Bot API's answer) may have been delivered: `InDoubt`,
never resent by itself. An answer that does not read as the Bot API's fails that delivery
with a clear sentence. The token sits in the URL, so httpx's request logging is silenced
and every error text is redacted.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Self

import httpx

from outreach.channels.errors import Blocked, DeliveryError, InDoubt, RetryAfter, refused_words
from outreach.common.errors import OutreachError
from outreach.common.i18n import N_, t
from outreach.common.tls import client_context
from outreach.settings.secrets import failure_reason, get_secret, install_log_redaction, redact

DEFAULT_API = "https://api.telegram.org"
# the request did not reach the Bot API whole: nothing was delivered (a later send may try again)
NOT_SENT_IN_TIME = (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteTimeout)
NOT_SENT = (httpx.ConnectError, httpx.WriteError)
# the gateway in front of the Bot API lost its answer (a bad gateway, a gateway timeout) or
# answered for it (a 5xx that is no Bot API document): the message may have gone out. A Bot
# API's own 5xx document says it failed: nothing went, a later try may.
GATEWAY_LOST = (502, 504)
Document = dict[str, object]


@dataclass
class TelegramConfig:
    api: str
    token: str
    timeout: float = 20.0


def telegram_config(settings: dict[str, str]) -> TelegramConfig | None:
    """The bot's token (environment or keyring) and API base URL; None when no token is set."""
    token = get_secret("telegram.token")
    if not token:
        return None
    api = os.environ.get("OUTREACH_TELEGRAM_API", "").strip() or settings.get("telegram.api") or DEFAULT_API
    return TelegramConfig(api.rstrip("/"), token)


class BotApi:
    """One HTTP connection pool to the Bot API, open while the `with` block runs."""

    def __init__(self, config: TelegramConfig):
        self.config = config
        self.client: httpx.Client | None = None

    def __enter__(self) -> Self:
        install_log_redaction()
        self.client = httpx.Client(timeout=self.config.timeout, verify=client_context())
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def _post(self, method: str, payload: Document) -> httpx.Response:
        """Raises httpx's errors as they are: what they mean depends on the method."""
        if self.client is None:
            raise RuntimeError("BotApi is used inside a `with` block")
        return self.client.post(f"{self.config.api}/bot{self.config.token}/{method}", json=payload)

    def send_message(self, chat_id: str, text: str, reply_markup: Document | None = None) -> str:
        """One message (at most 4096 characters) as HTML, with buttons when given (see
        rsvp.telegram_keyboard); returns its Telegram message id."""
        payload: Document = {"chat_id": chat_id, "text": text, "parse_mode": "HTML",
                             "link_preview_options": {"is_disabled": True}}
        if reply_markup is not None:
            payload["reply_markup"] = reply_markup
        try:
            response = self._post("sendMessage", payload)
        except httpx.HTTPError as exc:
            raise _transport_error(exc) from None
        data = _document(response)
        if response.status_code == 200:
            return _message_id(data)
        description = _description(data, response)
        if response.status_code == 429:
            raise RetryAfter(_retry_after(data), f"429 {description}")
        if response.status_code == 403:
            raise Blocked.by_parent("telegram")
        if response.status_code in GATEWAY_LOST or (response.status_code >= 500 and data is None):
            raise InDoubt(t("Telegram did not answer after the message had been sent ({reason})",
                            reason=f"{response.status_code} {description}"))
        raise DeliveryError(_refusal(response.status_code, description), permanent=400 <= response.status_code < 500)

    def answer_callback_query(self, query_id: str, text: str) -> None:
        """Stop a pressed button's spinner with a short note; a refusal leaves the recorded
        answer as it is."""
        try:
            self._post("answerCallbackQuery", {"callback_query_id": query_id, "text": text})
        except httpx.HTTPError:
            return

    def get_updates(self, offset: int | None, limit: int) -> list[Document]:
        """The bot's updates from `offset` on (no waiting); OutreachError with one sentence."""
        payload: Document = {"timeout": 0, "limit": limit}
        if offset is not None:
            payload["offset"] = offset
        try:
            response = self._post("getUpdates", payload)
        except httpx.HTTPError as exc:
            raise OutreachError(t("Could not reach the Telegram Bot API: {reason}", reason=_reason(exc))) from None
        data = _document(response)
        if response.status_code != 200 or data is None or not data.get("ok"):
            description = data.get("description") if data is not None else None
            raise OutreachError(t("The Telegram Bot API refused getUpdates: {status} {reason}", status=response.status_code,
                                  reason=redact(description or response.reason_phrase)))
        result = data.get("result")
        return [u for u in result if isinstance(u, dict)] if isinstance(result, list) else []


def _reason(exc: BaseException) -> str:
    return failure_reason(exc)


def _transport_error(exc: httpx.HTTPError) -> DeliveryError:
    """What a failed request means for a message: not sent (try again later), or in doubt."""
    if isinstance(exc, NOT_SENT_IN_TIME):
        return DeliveryError(t("Telegram did not answer in time."), permanent=False)
    if isinstance(exc, NOT_SENT):
        return DeliveryError(t("Cannot reach Telegram ({reason}).", reason=_reason(exc)), permanent=False)
    if isinstance(exc, (httpx.TimeoutException, httpx.TransportError)):  # sent, the answer lost
        return InDoubt(t("Telegram did not answer after the message had been sent ({reason})", reason=_reason(exc)))
    return DeliveryError(t("Cannot reach Telegram ({reason}).", reason=_reason(exc)), permanent=False)


def _document(response: httpx.Response) -> Document | None:
    """The answer's JSON object, or None when it is not one."""
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _message_id(data: Document | None) -> str:
    """A 200 must say `ok: true`; anything else may or may not have been delivered."""
    if data is None or data.get("ok") is not True:
        raise DeliveryError(t("Telegram's answer could not be read, so the message may or may not have arrived: ask the parent before sending it again."), permanent=True)
    result = data.get("result")
    message_id = result.get("message_id") if isinstance(result, dict) else None
    return "" if message_id is None else str(message_id)


# the Bot API's refusals a teacher meets, in her words (its own descriptions are English)
_REFUSALS = {
    "chat not found": N_("the chat was not found: a wrong chat number, or the parent has not written to the bot yet"),
    "message is too long": N_("the message is longer than Telegram takes (4,096 characters)"),
    "user is deactivated": N_("the parent's Telegram account is deleted"),
    "chat_id is empty": N_("no chat number is given"),
}


def _refusal(status: int, description: str) -> str:
    """A refused sendMessage in words: a known reason said, any other one quoted."""
    known = next((words for key, words in _REFUSALS.items() if key in description.lower()), None)
    if known is not None:
        return t("{status}: {reason}", status=status, reason=t(known))
    if status >= 500:
        return t("{status}: an error on Telegram's side ({reason})", status=status, reason=description)
    return refused_words("telegram", status, description)


def _description(data: Document | None, response: httpx.Response) -> str:
    text = data.get("description") if data is not None else None
    return redact(" ".join(str(text or response.reason_phrase).split()))[:200]


def _retry_after(data: Document | None) -> float:
    """Seconds a 429 asks to wait (1 when it does not say); a value that is not a number of
    seconds fails the delivery (nothing was delivered: a later send may try again)."""
    parameters = {} if data is None else data.get("parameters", {})
    value = parameters.get("retry_after", 1) if isinstance(parameters, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise DeliveryError(t("Telegram asked to wait but did not say for how long in a way that can be read; nothing was delivered, the next send tries again."), permanent=False)
    return float(value)
