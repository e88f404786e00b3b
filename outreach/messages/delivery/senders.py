"""The `Sender` protocol: what a channel's sender does, and what the one loop in
`delivery.send` does for every sender.

A sender is a context manager (`with` opens a connection, a client, a folder; leaving closes
it) with these attributes and two methods:

- `channel`: the delivery channel it carries (`"email"`, `"telegram"`, `"max"`; the files sender
  takes every channel that no sender delivers itself).
- `parts(letter) -> list[Part]`: what to send for one delivery row. `Letter` has the row,
  the parent's name and address on this channel (after the channel setting's override),
  the rendered `subject` and Markdown `markdown`, and `external_id`, an id a former try
  gave the row (an e-mail keeps its Message-ID). A `Part` carries the sender's own payload
  and, when it is known before sending, the id to store (`Part.external_id`).
- `send(part) -> Outcome`: one try, never raising for a delivery problem. Build the outcome
  with `outcome_of(error)` from the client's exceptions in `outreach.channels.errors` —
  `RetryAfter(seconds, text)`, `Blocked`, `InDoubt`, `Unreachable`, `DeliveryError(text,
  permanent, later)` — or with `Outcome.sent(external_id)`.
- `rate`: rows per second at most (0: no limit); `attempts`: tries of a temporary failure,
  with doubling waits between; `multipart`: record each part as it is delivered (a resend
  starts from the first part not delivered); `in_flight`: a try can leave and be lost, so
  the row is marked `sending` before it and `unknown` when in doubt, and tries are counted;
  `status`: the row's status once done (`sent`, or `exported` for files); `place`: a folder
  the teacher should open afterwards (None for a direct channel).

The loop (one for every channel, `delivery.send`) does the rest: the verdict at the moment
of sending (quiet hours defer, consent and opt-outs skip), the rate limit, at-most-once
marking, retries with backoff and `retry_after` waits through the injected sleep (a wait
over a minute, or a fifth request asked to wait, fails the row for this run), a parent who
blocked the bot opted out of that channel, a second row in a row lost in doubt stopping its
channel for this run (the rest wait, queued), progress and cancellation. A sender is
registered in `delivery.send.SENDERS` under its channel with a factory `(Setup) -> Sender`
that raises `NotConfigured` with one sentence when its settings are missing (its rows then
wait, and `message send` refuses to start). Its client keeps the error shapes above (a 429
raises `RetryAfter` instead of sleeping). A channel whose sender reaches only some
parents (MAX: those who linked it to the bot) also says which, in `delivery.send.PARTLY`;
the others' rows go to the files sender. See `delivery.max.MaxSender`, registered as
`"max": max_sender`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, Literal, Protocol, Self, TypeVar

import sqlite_utils

from outreach.channels.errors import Blocked, DeliveryError, InDoubt, RetryAfter, Unreachable
from outreach.channels.preferences import Reach
from outreach.common.errors import OutreachError
from outreach.messages.attachments import Loaded
from outreach.messages.compose import Message

P = TypeVar("P")
Kind = Literal["sent", "failed", "retry_after", "unknown"]


class NotConfigured(OutreachError):
    """The channel's settings are missing: its deliveries wait (the message says which)."""


@dataclass(frozen=True)
class Row:
    """One delivery row: to a parent (`guardian_id`) or a broadcast (None) on one channel."""

    id: int
    guardian_id: int | None
    channel: str


@dataclass(frozen=True)
class Letter:
    """What one row carries: the parent's name and address on the row's channel and the
    text rendered for them (made when a sender first asks for it)."""

    row: Row
    name: str
    address: str
    external_id: str | None
    render: Callable[[], tuple[str, str]] = field(repr=False, compare=False)

    @cached_property
    def _rendered(self) -> tuple[str, str]:
        return self.render()

    @property
    def subject(self) -> str:
        return self._rendered[0]

    @property
    def markdown(self) -> str:
        return self._rendered[1]


@dataclass(frozen=True)
class Part(Generic[P]):
    """One request of a letter: `number` from 0, the sender's payload, the id known before."""

    letter: Letter
    number: int
    payload: P
    external_id: str | None = None


@dataclass(frozen=True)
class Outcome:
    """How one try ended. `sent` with the service's id; `failed` (`permanent`: never again
    by itself; `later`: not again in this run; `halt`: nothing else on this channel can go
    now; `blocked`: the parent shut the channel); `retry_after` `seconds`; `unknown`: in
    doubt, it may have arrived."""

    kind: Kind
    external_id: str = ""
    text: str = ""
    permanent: bool = False
    later: bool = False
    halt: bool = False
    blocked: bool = False
    seconds: float = 0.0

    @classmethod
    def sent(cls, external_id: str) -> Outcome:
        return cls("sent", external_id=external_id)

    @property
    def retryable(self) -> bool:
        """A temporary failure a later try in this run may overcome."""
        return self.kind == "failed" and not self.permanent and not self.later


def outcome_of(error: DeliveryError) -> Outcome:
    """The outcome a client's exception stands for."""
    if isinstance(error, InDoubt):
        return Outcome("unknown", text=error.text)
    if isinstance(error, RetryAfter):
        return Outcome("retry_after", text=error.text, seconds=error.seconds)
    return Outcome("failed", text=error.text, permanent=error.permanent, later=error.later,
                   halt=isinstance(error, Unreachable), blocked=isinstance(error, Blocked))


class Sender(Protocol[P]):
    channel: str
    rate: float
    attempts: int
    multipart: bool
    in_flight: bool
    status: str
    place: str | None

    def __enter__(self) -> Sender[P]: ...

    def __exit__(self, *exc: object) -> None: ...

    def parts(self, letter: Letter) -> list[Part[P]]: ...

    def send(self, part: Part[P]) -> Outcome: ...


@dataclass(frozen=True)
class Setup:
    """What a sender factory may use: settings, the message and its attached files (for the
    channels that carry them), a folder asked for, a timeout overriding the servers' answer
    timeouts, the parents' contacts the batch read (`Reach` by guardian id)."""

    db: sqlite_utils.Database
    message: Message
    settings: dict[str, str]
    folder: Path | None = None
    timeout: float | None = None
    moment: datetime | None = None
    attachments: tuple[Loaded, ...] = ()
    reach: Mapping[int, Reach] = field(default_factory=dict)


class BotApiClient(Protocol):
    """A messenger's Bot API client: opened and closed around a batch."""

    def __enter__(self) -> Any: ...

    def __exit__(self, *exc: object) -> None: ...


B = TypeVar("B")


class BotSender:
    """What the messenger senders share: one try a part, each part recorded as delivered, a
    lost answer in doubt; the client opened for the batch."""

    channel = ""
    rate = 0.0
    attempts = 1
    multipart = True
    in_flight = True
    status = "sent"
    place: str | None = None

    def __init__(self, api: BotApiClient):
        self.api = api

    def __enter__(self) -> Self:
        self.api.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.api.__exit__(*exc)


def buttons_on_last(texts: list[str], buttons: B | None) -> list[tuple[int, str, B | None]]:
    """The parts of a message, numbered, with its answer buttons under the last one only."""
    return [(number, text, buttons if number == len(texts) - 1 else None)
            for number, text in enumerate(texts)]


# A sender's payload type is its own business: the registry holds senders of any payload.
SenderFactory = Callable[[Setup], Sender[Any]]
