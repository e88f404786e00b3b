"""The MAX Bot API over httpx: HTTPS JSON, the bot token in the `Authorization` header.

`POST /messages` (to a `user_id` or a `chat_id`, optionally with an inline keyboard of
callback and link buttons), `GET /updates` long polling from a stored `marker`, `POST
/answers` for a pressed button. Sending raises the shared delivery errors
(channels/errors.py) as the Telegram client does: a 429 is `RetryAfter` (its `Retry-After`,
1 s when it says nothing; the send loop waits), 403 is `Blocked` (the parent blocked the bot
or never started it: permanent), a request that left without an answer (a read timeout, a
dropped connection, a 5xx from the gateway) may have been delivered: `InDoubt`, never
resent by itself. The token is redacted from every error text.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace
from typing import Literal

import httpx

from outreach.channels.errors import Blocked, DeliveryError, InDoubt, RetryAfter, refused_words
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.common.tls import client_context
from outreach.settings.secrets import failure_reason, get_secret, install_log_redaction, redact

DEFAULT_API = "https://platform-api2.max.ru"  # dev.max.ru: platform-api2 replaces platform-api
LIMIT = 4000
BATCH = 100
NOT_SENT = (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteTimeout, httpx.ConnectError, httpx.WriteError)
UPDATE_TYPES = "bot_started,message_callback,message_created"


@dataclass(frozen=True)
class MaxConfig:
    api: str
    token: str
    timeout: float = 20.0


def max_config(settings: dict[str, str], timeout: float | None = None) -> MaxConfig | None:
    """The bot's API address and token; None while no token is set."""
    token = get_secret("max.token")
    if not token:
        return None
    api = os.environ.get("OUTREACH_MAX_API", "").strip() or settings.get("max.api") or DEFAULT_API
    config = MaxConfig(api.rstrip("/"), token)
    return config if timeout is None else replace(config, timeout=timeout)


@dataclass(frozen=True)
class Button:
    """A callback button (its `payload` comes back when pressed) or a link button (`url`)."""

    text: str
    payload: str = ""
    url: str = ""

    def as_json(self) -> dict[str, str]:
        if self.url:
            return {"type": "link", "text": self.text, "url": self.url}
        return {"type": "callback", "text": self.text, "payload": self.payload}


@dataclass(frozen=True)
class BotStarted:
    """A parent pressed Start, through a deep link carrying `payload` (or none)."""

    user_id: str
    payload: str


@dataclass(frozen=True)
class Pressed:
    """A parent pressed a callback button; `callback_id` is for `answer`."""

    user_id: str
    callback_id: str
    payload: str


@dataclass(frozen=True)
class Written:
    """A parent wrote to the bot: in a `dialog` with it (`chat_type`, as MAX names a private
    chat) or in a group chat; `timestamp` in milliseconds, as MAX stamps messages (None when
    the update carries none)."""

    user_id: str
    text: str
    message_id: str
    chat_type: str = ""
    timestamp: int | None = None


Update = BotStarted | Pressed | Written


@dataclass(frozen=True)
class Updates:
    events: list[Update]
    marker: int | None
    count: int  # every update read, those not understood included


Recipient = tuple[Literal["user_id", "chat_id"], str]


class MaxApi:
    """One HTTP connection to the bot API, open while the `with` block runs."""

    def __init__(self, config: MaxConfig) -> None:
        self.config = config
        self._client: httpx.Client | None = None

    def __enter__(self) -> MaxApi:
        install_log_redaction()
        self._client = httpx.Client(base_url=self.config.api, timeout=self.config.timeout, verify=client_context(),
                                    headers={"Authorization": self.config.token})
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            raise RuntimeError("MaxApi is used inside a `with` block")
        return self._client

    def send(self, to: Recipient, text: str, buttons: list[list[Button]] | None = None) -> str:
        """Send one text (at most LIMIT characters) in one request; returns its MAX message
        id. Raises DeliveryError (RetryAfter, Blocked, InDoubt)."""
        body: dict[str, object] = {"text": text, "format": "html", "notify": True}
        if buttons:
            body["attachments"] = [{"type": "inline_keyboard", "payload": {
                "buttons": [[b.as_json() for b in row] for row in buttons]}}]
        response = self._send_request(to, body)
        if response.status_code == 200:
            return _message_id(response)
        reason = _reason(response)
        if response.status_code == 429:
            raise RetryAfter(_retry_after(response), f"429 {reason}")
        if response.status_code == 403:
            raise Blocked.by_parent("max")
        if response.status_code >= 500:
            raise InDoubt(t("MAX did not answer after the message had been sent ({reason})", reason=f"{response.status_code} {reason}"))
        raise DeliveryError(refused_words("max", response.status_code, reason), permanent=True)

    def _send_request(self, to: Recipient, body: dict[str, object]) -> httpx.Response:
        try:
            return self.client.post("/messages", params={to[0]: to[1]}, json=body)
        except NOT_SENT as exc:
            raise DeliveryError(t("Cannot reach MAX ({reason}).", reason=_exc_text(exc)), permanent=False) from None
        except httpx.TransportError as exc:  # the request left whole; the answer was lost
            raise InDoubt(t("MAX did not answer after the message had been sent ({reason})", reason=_exc_text(exc))) from None
        except httpx.HTTPError as exc:
            raise DeliveryError(t("Cannot reach MAX ({reason}).", reason=_exc_text(exc)), permanent=False) from None

    def updates(self, marker: int | None, wait: int = 0) -> Updates:
        """The updates from `marker` on (long polling up to `wait` seconds)."""
        params: dict[str, str | int] = {"limit": BATCH, "timeout": wait, "types": UPDATE_TYPES}
        if marker is not None:
            params["marker"] = marker
        data = self._call("GET", "/updates", params)
        raw = data.get("updates")
        items = [u for u in raw if isinstance(u, dict)] if isinstance(raw, list) else []
        found = [parse_update(u) for u in items]
        next_marker = data.get("marker")
        return Updates([u for u in found if u is not None],
                       next_marker if isinstance(next_marker, int) and not isinstance(next_marker, bool) else None,
                       len(items))

    def answer(self, callback_id: str, notification: str) -> None:
        """Answer a pressed button with a short notification to the parent."""
        self._call("POST", "/answers", {"callback_id": callback_id}, {"notification": notification})

    def _call(self, method: str, path: str, params: dict[str, str | int],
              body: dict[str, object] | None = None) -> dict[str, object]:
        try:
            response = self.client.request(method, path, params=params, json=body)
        except httpx.HTTPError as exc:
            raise OutreachError(t("Cannot reach MAX ({reason}).", reason=_exc_text(exc))) from None
        data = _document(response)
        if response.status_code != 200 or data is None:
            raise OutreachError(t("The MAX Bot API refused the request: {status} {reason}", status=response.status_code, reason=_reason(response)))
        return data


def parse_update(update: dict[str, object]) -> Update | None:
    """The part of an update outreach uses, or None for any other kind."""
    kind = update.get("update_type")
    if kind == "bot_started":
        user = _user_id(update.get("user"))
        payload = update.get("payload")
        return BotStarted(user, payload if isinstance(payload, str) else "") if user else None
    if kind == "message_callback":
        callback = update.get("callback")
        if not isinstance(callback, dict):
            return None
        user, cid, payload = _user_id(callback.get("user")), callback.get("callback_id"), callback.get("payload")
        if user and isinstance(cid, str) and isinstance(payload, str):
            return Pressed(user, cid, payload)
        return None
    if kind == "message_created":
        return _written(update.get("message"), update.get("timestamp"))
    return None


def _written(message: object, update_stamp: object) -> Written | None:
    """A message's text, chat type and time (the message's own, else the update's)."""
    if not isinstance(message, dict):
        return None
    body, recipient = message.get("body"), message.get("recipient")
    user = _user_id(message.get("sender"))
    if not isinstance(body, dict) or not user or not isinstance(body.get("text"), str):
        return None
    chat_type = recipient.get("chat_type") if isinstance(recipient, dict) else None
    stamp = next((s for s in (message.get("timestamp"), update_stamp)
                  if isinstance(s, int) and not isinstance(s, bool)), None)
    return Written(user, str(body["text"]), str(body.get("mid", "")),
                   chat_type if isinstance(chat_type, str) else "", stamp)


def _user_id(user: object) -> str:
    value = user.get("user_id") if isinstance(user, dict) else None
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else ""


def _exc_text(exc: Exception) -> str:
    return failure_reason(exc)


def _document(response: httpx.Response) -> dict[str, object] | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _message_id(response: httpx.Response) -> str:
    """A 200 must carry the sent message; anything else may or may not have been delivered."""
    data = _document(response)
    message = data.get("message") if data else None
    body = message.get("body") if isinstance(message, dict) else None
    mid = body.get("mid") if isinstance(body, dict) else None
    if not isinstance(mid, str) or not mid:
        raise InDoubt(t("MAX's answer could not be read, so the message may or may not have arrived: ask the parent before sending it again."))
    return mid


def _reason(response: httpx.Response) -> str:
    data = _document(response)
    text = (data.get("message") or data.get("code")) if data else None
    return redact(" ".join(str(text or response.reason_phrase).split()))[:200]


def _retry_after(response: httpx.Response) -> float:
    """Seconds a 429 asks to wait (1 when it does not say); a value that is not a number of
    seconds fails the delivery (nothing was delivered: a later send may try again)."""
    value = response.headers.get("Retry-After", "1")
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise DeliveryError(t("MAX asked to wait but did not say for how long in a way that can be read; nothing was delivered, the next send tries again."), permanent=False)
    return seconds
