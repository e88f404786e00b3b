"""Why a delivery did not happen, in the shapes every channel's client raises (SMTP, the
Telegram and MAX bot APIs) and the send loop reads (see `delivery.senders.outcome_of`).
Every text is redacted: no token or password leaves in one."""

from __future__ import annotations

from outreach.common.channel_names import channel_label
from outreach.common.i18n import t
from outreach.settings.secrets import redact


class DeliveryError(Exception):
    """A delivery was refused or could not start: nothing arrived. `permanent` ones are not
    retried automatically; `later` ones not in this run (the next send may try again). The
    text is redacted (no token or password can leave in it)."""

    def __init__(self, text: str, permanent: bool, later: bool = False):
        super().__init__(redact(text))
        self.text = redact(text)
        self.permanent = permanent
        self.later = later


class InDoubt(DeliveryError):
    """The message left but no answer came back: it may have arrived. Never resent by itself."""

    def __init__(self, text: str):
        super().__init__(text, permanent=True, later=True)


class Unreachable(DeliveryError):
    """The server could not be reached or refused the login: nothing else can go now."""


class Blocked(DeliveryError):
    """The parent blocked the bot or never started it: this channel does not reach them (the
    send switches it off for that parent). Said in words: the services' own (Telegram's
    «Forbidden: bot was blocked by the user») are English."""

    @classmethod
    def by_parent(cls, channel: str) -> Blocked:
        return cls(t("403: the parent has blocked the bot or has not started it; {channel} is now off for this parent",
                     channel=channel_label(channel)), permanent=True)


def refused_words(channel: str, status: int, reason: str) -> str:
    """A service's refusal of a message, its own (English) reason quoted in the teacher's
    language."""
    return t("{status}: {channel} refused the message ({reason})", status=status,
             channel=channel_label(channel), reason=reason)


class RetryAfter(DeliveryError):
    """The service asks to wait `seconds` before the next request (Telegram's 429)."""

    def __init__(self, seconds: float, text: str):
        super().__init__(text, permanent=False)
        self.seconds = seconds
