"""The bots' updates service: each bot's updates (Telegram getUpdates, MAX `/updates`) are read
once with the stored offset or marker, and every update goes to whoever handles it: a /start
or `bot_started` with a token to the channel's linking (telegram_link, max_link), a pressed
«Приду / Не смогу» to rsvp, a bot survey's button or the text answering its question to
surveys.bot (presses answered once the batch is committed, the next questions sent after the
reading), a parent's other message to the inbox (a «+», «Приду» or «Не смогу» there answering
an invitation is recorded as its press). A batch's handling and its offset are one transaction. The CLI (`channels
link-updates`, `channels link-max-updates`, `inbox fetch`) and the app's watchers call this."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from threading import Lock
from typing import Generic, TypeVar

import sqlite_utils

from outreach.channels import link_tokens, max_link, telegram_link
from outreach.channels.errors import DeliveryError
from outreach.channels.max_api import BATCH as MAX_BATCH
from outreach.channels.max_api import (
    BotStarted,
    MaxApi,
    MaxConfig,
    Pressed,
    Update,
    Written,
    max_config,
)
from outreach.channels.telegram_api import BotApi, TelegramConfig, telegram_config
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.inbox.max import incoming_written
from outreach.inbox.model import Incoming, Kept
from outreach.inbox.store import keep
from outreach.inbox.telegram import incoming_update
from outreach.messages import rsvp
from outreach.messages.rsvp_mail import answer_in_text
from outreach.settings.values import all_settings
from outreach.surveys import bot as survey_bot

TELEGRAM_BATCH = 100
BATCHES = 50  # at most, per bot and reading
Answer = tuple[str, str]  # a press's callback id, the text to answer it with
Reply = tuple[str, str]  # a chat (Telegram) or user (MAX) to write to, the text: the answer to a Start
ApiT = TypeVar("ApiT", bound=AbstractContextManager[object])


@dataclass(frozen=True)
class UpdatesRead:
    """One reading of a bot's updates: parents linked, start tokens that linked nobody,
    answers recorded (to invitations, by button or in words, and a bot survey's pressed
    options), presses the bot could not answer (recorded all the same), parents' messages
    kept for the inbox, and of the answers those to invitations."""

    linked: list[int]
    unknown: int
    answers: int
    unanswered: int
    kept: Kept
    rsvp_answers: int = 0


@dataclass(frozen=True)
class Linked:
    """What `channels link-updates` reports: guardians linked, /start tokens that linked
    nobody, answers to invitations recorded (by button or in words)."""

    linked: list[int]
    unknown: int
    answers: int


@dataclass(frozen=True)
class Polled:
    """What `channels link-max-updates` reports: as `Linked`, and presses left unanswered."""

    linked: list[int]
    unknown: int
    answers: int
    unanswered: int


class _Tally:
    """What the batches of one reading add up to."""

    def __init__(self) -> None:
        self.linked: list[int] = []
        self.unknown = self.answers = self.unanswered = 0
        self.rsvp_answers = 0  # of the answers, those to invitations
        self.kept: list[Kept] = []
        self.replies: list[Reply] = []  # owed since the last commit

    def take_replies(self) -> list[Reply]:
        replies, self.replies = self.replies, []
        return replies

    def link(self, guardian_id: int | None) -> None:
        if guardian_id is None:
            self.unknown += 1
        elif guardian_id not in self.linked:
            self.linked.append(guardian_id)

    def result(self) -> UpdatesRead:
        return UpdatesRead(self.linked, self.unknown, self.answers, self.unanswered, Kept.total(self.kept),
                           self.rsvp_answers)


def _press(db: sqlite_utils.Database, data: str, guardian_ids: list[int], channel: str) -> tuple[str, bool, bool]:
    """Record a pressed button — «Приду / Не смогу» or a bot survey's option — by the parents
    behind one chat; (the note to answer the press with, whether an answer counted, whether
    it answered an invitation)."""
    recorded = rsvp.record(db, data, guardian_ids, channel)
    if recorded is not None:
        return rsvp.thanks(recorded), True, True
    answered = survey_bot.record_press(db, data, guardian_ids, channel)
    if answered is not None:
        return answered.notice, answered.counted, False
    return rsvp.thanks(None), False, False


def _pressed(db: sqlite_utils.Database, tally: _Tally, callback_id: str, data: str | None,
             guardian_ids: Callable[[], list[int]], channel: str) -> Answer:
    """A press recorded (no data or no parent behind it: thanked, nothing recorded) and counted;
    the answer to send once the batch is committed."""
    text, counted, invitation = _press(db, data, guardian_ids(), channel) if data is not None \
        else (rsvp.thanks(None), False, False)
    tally.answers += counted
    tally.rsvp_answers += invitation
    return callback_id, text


def _for_inbox(db: sqlite_utils.Database, item: Incoming | None,
               guardians: Callable[[sqlite_utils.Database, str], list[int]], channel: str) -> Incoming | None:
    """A parent's text for the inbox to keep; None when there is no text or it answers the bot
    survey's question its sender is on (that answer is recorded here)."""
    if item is None or survey_bot.take_text(db, item.body, partial(guardians, db, item.sender), channel):
        return None
    return item


def _chat_answer(db: sqlite_utils.Database, tally: _Tally, item: Incoming, guardian_id: int) -> None:
    """Record a parent's chat message that answers an invitation in words or signs («+»,
    «Приду», «Не смогу») as a press of its button would be."""
    answer = answer_in_text(item.body)
    if answer is None:
        return
    invitation = rsvp.invitation_in_chat(db, guardian_id, item.channel, item.answers)
    if invitation is not None and rsvp.record_answer(db, invitation, answer, [guardian_id],
                                                     item.channel, at=item.received_at) is not None:
        tally.answers += 1
        tally.rsvp_answers += 1


def _telegram_batch(updates: list[dict[str, object]], db: sqlite_utils.Database, tally: _Tally) -> list[Answer]:
    """Handle one batch inside the caller's transaction, in the order the parent acted: a
    press moves a bot survey on, so a text after it may be the next question's answer."""
    starts = telegram_link.apply_updates(db, updates)
    for guardian_id in starts.linked:
        tally.link(guardian_id)
    tally.unknown += starts.unknown
    tally.replies.extend(starts.replies)
    to_answer: list[Answer] = []
    written = []
    for update in updates:
        query = update.get("callback_query")
        if isinstance(query, dict) and isinstance(query_id := query.get("id"), str):
            sender, data = query.get("from"), query.get("data")
            chat_id = str(sender.get("id", "")) if isinstance(sender, dict) else ""
            to_answer.append(_pressed(db, tally, query_id, data if isinstance(data, str) and chat_id else None,
                                      partial(telegram_link.chat_guardians, db, chat_id), "telegram"))
        elif (item := _for_inbox(db, incoming_update(update), telegram_link.chat_guardians, "telegram")) is not None:
            written.append(item)
    tally.kept.append(keep(db, written, on_new=partial(_chat_answer, db, tally)))
    return to_answer


def _max_batch(events: Iterable[Update], db: sqlite_utils.Database, tally: _Tally) -> list[Answer]:
    """Handle one MAX batch inside the caller's transaction, in the order the parent acted."""
    to_answer: list[Answer] = []
    written = []
    for event in events:
        if isinstance(event, BotStarted):
            guardian_id = max_link.link(db, event) if event.payload else None
            if event.payload:
                tally.link(guardian_id)
            known = guardian_id is None and bool(max_link.user_guardians(db, event.user_id))
            tally.replies.append((event.user_id, link_tokens.start_reply(
                db, link_tokens.start_outcome(guardian_id, known, event.payload))))
        elif isinstance(event, Pressed):
            to_answer.append(_pressed(db, tally, event.callback_id, event.payload,
                                      partial(max_link.user_guardians, db, event.user_id), "max"))
        elif isinstance(event, Written) and (
                item := _for_inbox(db, incoming_written(event), max_link.user_guardians, "max")) is not None:
            written.append(item)
    tally.kept.append(keep(db, written, on_new=partial(_chat_answer, db, tally)))
    return to_answer


@dataclass(frozen=True)
class _Batch:
    """One batch fetched from a bot: its handling inside the transaction (the presses to answer
    once it is committed), the position to resume from (None: as it is), whether more may follow."""

    handle: Callable[[sqlite_utils.Database, _Tally], list[Answer]]
    position: int | None
    more: bool


@dataclass(frozen=True)
class _Bot(Generic[ApiT]):
    """What the one reading loop needs of a messenger: the lock its readers share, where its
    position is stored, a batch from a position (None: nothing new), answering a press (False:
    the messenger refused; the answer is stored all the same), writing a parent a short
    answer (once: a failure is not tried again)."""

    lock: Lock
    position: tuple[str, str]
    fetch: Callable[[ApiT, int | None], _Batch | None]
    answer: Callable[[ApiT, str, str], bool]
    reply: Callable[[ApiT, str, str], None]


# Where each bot's reading resumes: (table, column) of its one-row position.
TELEGRAM_POSITION = ("telegram_updates", "next_offset")
MAX_POSITION = ("max_updates", "marker")


def _position(db: sqlite_utils.Database, where: tuple[str, str]) -> int | None:
    table, column = where
    row = db.execute(f"SELECT {column} FROM {table} WHERE id = 1").fetchone()
    return int(row[0]) if row else None


def _store_position(db: sqlite_utils.Database, where: tuple[str, str], value: int) -> None:
    table, column = where
    db.execute(f"INSERT INTO {table}(id, {column}) VALUES (1, ?)"
               f" ON CONFLICT(id) DO UPDATE SET {column} = excluded.{column}", [value])


def _read(db: sqlite_utils.Database, bot: _Bot[ApiT], api: ApiT) -> UpdatesRead:
    """Read a bot's new updates once: each batch and its position in one transaction, its
    presses answered once that is committed (at most once); then the next questions of the
    parents who answered a bot survey."""
    tally = _Tally()
    with bot.lock, api:
        for _ in range(BATCHES):
            batch = bot.fetch(api, _position(db, bot.position))
            if batch is None:
                break
            with db.atomic():
                to_answer = batch.handle(db, tally)
                if batch.position is not None:
                    _store_position(db, bot.position, batch.position)
            for callback_id, text in to_answer:
                tally.unanswered += not bot.answer(api, callback_id, text)
            for address, text in tally.take_replies():
                bot.reply(api, address, text)
            if not batch.more:
                break
    survey_bot.send_queued(db)
    return tally.result()


def _telegram_fetch(api: BotApi, offset: int | None) -> _Batch | None:
    updates = api.get_updates(offset, TELEGRAM_BATCH)
    ids = [i for u in updates if isinstance(i := u.get("update_id"), int)]
    if not ids:
        return None
    return _Batch(partial(_telegram_batch, updates), max(ids) + 1, len(updates) >= TELEGRAM_BATCH)


def _telegram_answer(api: BotApi, query_id: str, text: str) -> bool:
    api.answer_callback_query(query_id, text)  # a refusal is not counted for Telegram
    return True


def _telegram_reply(api: BotApi, chat_id: str, text: str) -> None:
    try:
        api.send_message(chat_id, text)
    except DeliveryError:
        return  # the parent's link is stored all the same


def _max_fetch(api: MaxApi, marker: int | None) -> _Batch:
    batch = api.updates(marker)
    return _Batch(partial(_max_batch, batch.events), batch.marker,
                  batch.count >= MAX_BATCH and batch.marker is not None)


def _max_answer(api: MaxApi, callback_id: str, text: str) -> bool:
    """Answer a press; False when MAX refused (the answer is stored all the same)."""
    try:
        api.answer(callback_id, text)
    except OutreachError:
        return False
    return True


def _max_reply(api: MaxApi, user_id: str, text: str) -> None:
    try:
        api.send(("user_id", user_id), text)
    except DeliveryError:
        return  # the parent's link is stored all the same


# the app's two watchers (bots, inbox) may poll a bot at the same moment: one reads at a time
_TELEGRAM = _Bot[BotApi](Lock(), TELEGRAM_POSITION, _telegram_fetch, _telegram_answer, _telegram_reply)
_MAX = _Bot[MaxApi](Lock(), MAX_POSITION, _max_fetch, _max_answer, _max_reply)


def read_telegram(db: sqlite_utils.Database, config: TelegramConfig | None = None) -> UpdatesRead:
    """Read the Telegram bot's new updates once and hand each to its handler."""
    config = config or telegram_config(all_settings(db))
    if config is None:
        raise OutreachError(t("No bot token: set OUTREACH_TELEGRAM_TOKEN or store it in the system keyring."))
    return _read(db, _TELEGRAM, BotApi(config))


def link_updates(db: sqlite_utils.Database, config: TelegramConfig | None = None) -> Linked:
    """`channels link-updates`: the Telegram bot's new updates read once (see `read_telegram`)."""
    read = read_telegram(db, config)
    return Linked(read.linked, read.unknown, read.answers)


def read_max(db: sqlite_utils.Database, config: MaxConfig | None = None) -> UpdatesRead:
    """Read the MAX bot's new updates once and hand each to its handler."""
    config = config or max_config(all_settings(db))
    if config is None:
        raise OutreachError(t("No MAX bot token: set OUTREACH_MAX_TOKEN or store it in the system keyring."))
    return _read(db, _MAX, MaxApi(config))


def link_max_updates(db: sqlite_utils.Database, config: MaxConfig | None = None) -> Polled:
    """`channels link-max-updates`: the MAX bot's new updates read once (see `read_max`)."""
    read = read_max(db, config)
    return Polled(read.linked, read.unknown, read.answers, read.unanswered)
