"""The normalised shape every channel's incoming message takes before it is stored."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from outreach.messages.rsvp_mail import MailAnswer


@dataclass(frozen=True)
class Incoming:
    """One parent's message as a channel delivered it.

    `sender` is the address the channel knows them by (an e-mail address, a chat or user id);
    `answers` the ids of our own messages it answers (Message-IDs, Telegram message ids);
    `automatic` marks e-mail auto-replies and mailing lists (never auto-answered);
    `references` an e-mail's own chain (References, else In-Reply-To), which an answer to it
    continues; `answer` the «Приду / Не смогу» an e-mail's reply word or calendar reply gives."""

    channel: str
    external_id: str
    sender: str
    body: str
    received_at: datetime
    subject: str = ""
    answers: tuple[str, ...] = ()
    automatic: bool = False
    references: tuple[str, ...] = ()
    answer: MailAnswer | None = None


@dataclass(frozen=True)
class Kept:
    """What storing a batch did: new messages per channel, and those of no roster parent."""

    new: dict[str, int]
    matched: int
    unmatched: int

    @classmethod
    def total(cls, parts: Iterable[Kept]) -> Kept:
        new: Counter[str] = Counter()
        matched = unmatched = 0
        for part in parts:
            new.update(part.new)
            matched += part.matched
            unmatched += part.unmatched
        return cls(dict(new), matched, unmatched)
