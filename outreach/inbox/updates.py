"""The bots' updates service: each bot's updates (Telegram getUpdates, MAX `/updates`) are read
once with the stored offset or marker, and every update goes to whoever handles it: a /start
or `bot_started` with a token to the channel's linking (telegram_link, max_link), a pressed
«Приду / Не смогу» to rsvp, a bot survey's button or the text answering its question to
surveys.bot (presses answered once the batch is committed, the next questions sent after the
reading), a parent's other message to the inbox. A batch's handling and its offset are one transaction. The CLI (`channels
link-updates`, `channels link-max-updates`, `inbox fetch`) and the app's watchers call this."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from threading import Lock

import sqlite_utils

from outreach.channels import max_link, telegram_link
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
from outreach.inbox.model import Kept
from outreach.inbox.store import keep
from outreach.inbox.telegram import incoming_update
from outreach.messages import rsvp
from outreach.settings.values import all_settings
from outreach.surveys import bot as survey_bot

TELEGRAM_BATCH = 100
BATCHES = 50  # at most, per bot and reading
# the app's two watchers (bots, inbox) may poll a bot at the same moment: one reads at a time
_READING = {"telegram": Lock(), "max": Lock()}
Press = tuple[str, str, bool]  # callback id, the text to answer with, whether it counted


@dataclass(frozen=True)
class UpdatesRead:
    """One reading of a bot's updates: parents linked, start tokens that linked nobody,
    answers by button recorded, presses the bot could not answer (recorded all the same),
    parents' messages kept for the inbox."""

    linked: list[int]
    unknown: int
    answers: int
    unanswered: int
    kept: Kept


@dataclass(frozen=True)
class Linked:
    """What `channels link-updates` reports: guardians linked, /start tokens that linked
    nobody, answers by button recorded."""

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
        self.kept: list[Kept] = []

    def link(self, guardian_id: int | None) -> None:
        if guardian_id is None:
            self.unknown += 1
        elif guardian_id not in self.linked:
            self.linked.append(guardian_id)

    def result(self) -> UpdatesRead:
        return UpdatesRead(self.linked, self.unknown, self.answers, self.unanswered, Kept.total(self.kept))


def _press(db: sqlite_utils.Database, data: str, guardian_ids: list[int], channel: str) -> tuple[str, bool]:
    """Record a pressed button — «Приду / Не смогу» or a bot survey's option — by the parents
    behind one chat; (the note to answer the press with, whether an answer counted)."""
    recorded = rsvp.record(db, data, guardian_ids, channel)
    if recorded is not None:
        return rsvp.thanks(recorded), True
    answered = survey_bot.record_press(db, data, guardian_ids, channel)
    if answered is not None:
        return answered.notice, answered.counted
    return rsvp.thanks(None), False


def _telegram_press(db: sqlite_utils.Database, query: dict[str, object]) -> Press:
    sender, data = query.get("from"), query.get("data")
    chat_id = str(sender.get("id", "")) if isinstance(sender, dict) else ""
    text, counted = _press(db, data, telegram_link.chat_guardians(db, chat_id), "telegram") \
        if isinstance(data, str) and chat_id else (rsvp.thanks(None), False)
    return str(query["id"]), text, counted


def _telegram_batch(db: sqlite_utils.Database, updates: list[dict[str, object]], tally: _Tally) -> list[Press]:
    """Handle one batch inside the caller's transaction, in the order the parent acted: a
    press moves a bot survey on, so a text after it may be the next question's answer."""
    linked, unknown = telegram_link.apply_updates(db, updates)
    for guardian_id in linked:
        tally.link(guardian_id)
    tally.unknown += unknown
    presses: list[Press] = []
    written = []
    for update in updates:
        query = update.get("callback_query")
        if isinstance(query, dict) and isinstance(query.get("id"), str):
            presses.append(_telegram_press(db, query))
        elif (item := incoming_update(update)) is not None and not survey_bot.take_text(
                db, item.body, partial(telegram_link.chat_guardians, db, item.sender), "telegram"):
            written.append(item)
    tally.answers += sum(counted for _, _, counted in presses)
    tally.kept.append(keep(db, written))
    return presses


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


def read_telegram(db: sqlite_utils.Database, config: TelegramConfig | None = None) -> UpdatesRead:
    """Read the Telegram bot's new updates once and hand each to its handler."""
    config = config or telegram_config(all_settings(db))
    if config is None:
        raise OutreachError(t("No bot token: set OUTREACH_TELEGRAM_TOKEN or store it in the system keyring."))
    tally = _Tally()
    with _READING["telegram"], BotApi(config) as api:
        for _ in range(BATCHES):
            updates = api.get_updates(_position(db, TELEGRAM_POSITION), TELEGRAM_BATCH)
            ids = [i for u in updates if isinstance(i := u.get("update_id"), int)]
            if not ids:
                break
            with db.atomic():
                presses = _telegram_batch(db, updates, tally)
                _store_position(db, TELEGRAM_POSITION, max(ids) + 1)
            for query_id, text, _ in presses:
                api.answer_callback_query(query_id, text)
            if len(updates) < TELEGRAM_BATCH:
                break
    survey_bot.send_queued(db)  # the next questions of the parents who answered
    return tally.result()


def link_updates(db: sqlite_utils.Database, config: TelegramConfig | None = None) -> Linked:
    """`channels link-updates`: the Telegram bot's new updates read once (see `read_telegram`)."""
    read = read_telegram(db, config)
    return Linked(read.linked, read.unknown, read.answers)


def _max_batch(db: sqlite_utils.Database, events: Iterable[Update], tally: _Tally) -> list[tuple[str, str]]:
    """Handle one MAX batch inside the caller's transaction; the (callback id, notification)
    pairs to answer once it is committed."""
    to_answer: list[tuple[str, str]] = []
    written = []
    for event in events:
        if isinstance(event, BotStarted) and event.payload:
            tally.link(max_link.link(db, event))
        elif isinstance(event, Pressed):
            text, counted = _press(db, event.payload, max_link.user_guardians(db, event.user_id), "max")
            tally.answers += counted
            to_answer.append((event.callback_id, text))
        elif isinstance(event, Written) and (item := incoming_written(event)) is not None \
                and not survey_bot.take_text(db, item.body, partial(max_link.user_guardians, db, item.sender), "max"):
            written.append(item)
    tally.kept.append(keep(db, written))
    return to_answer


def read_max(db: sqlite_utils.Database, config: MaxConfig | None = None) -> UpdatesRead:
    """Read the MAX bot's new updates once and hand each to its handler."""
    config = config or max_config(all_settings(db))
    if config is None:
        raise OutreachError(t("No MAX bot token: set OUTREACH_MAX_TOKEN or store it in the system keyring."))
    tally = _Tally()
    with _READING["max"], MaxApi(config) as api:
        for _ in range(BATCHES):
            batch = api.updates(_position(db, MAX_POSITION))
            with db.atomic():
                to_answer = _max_batch(db, batch.events, tally)
                if batch.marker is not None:
                    _store_position(db, MAX_POSITION, batch.marker)
            for callback_id, text in to_answer:
                tally.unanswered += not _answer(api, callback_id, text)
            if batch.count < MAX_BATCH or batch.marker is None:
                break
    survey_bot.send_queued(db)  # the next questions of the parents who answered
    return tally.result()


def link_max_updates(db: sqlite_utils.Database, config: MaxConfig | None = None) -> Polled:
    """`channels link-max-updates`: the MAX bot's new updates read once (see `read_max`)."""
    read = read_max(db, config)
    return Polled(read.linked, read.unknown, read.answers, read.unanswered)


def _answer(api: MaxApi, callback_id: str, text: str) -> bool:
    """Answer a press; False when MAX refused (the answer is stored all the same)."""
    try:
        api.answer(callback_id, text)
    except OutreachError:
        return False
    return True
