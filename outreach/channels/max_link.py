"""Linking a guardian's MAX through a `https://max.ru/<bot>?start=<token>` deep link, and the
bot's updates: the parent opens the link and starts the bot, so a `bot_started` event brings
the token (the same token rules as Telegram's, see link_tokens.py) and their MAX user id is
stored; a pressed «Приду / Не смогу» is recorded (rsvp.py) and answered. The `/updates`
marker is stored with what it read, so every update is handled once."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

from outreach.channels import link_tokens
from outreach.channels.max_api import (
    BATCH,
    BotStarted,
    MaxApi,
    MaxConfig,
    Pressed,
    Update,
    max_config,
)
from outreach.channels.preferences import set_preferences
from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.messages import rsvp
from outreach.settings.values import all_settings
from outreach.store import audit

_BOT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$")
MAX_BATCHES = 50


def bot_name(settings: dict[str, str]) -> str:
    """The `max.bot` setting without a leading @ or max.ru prefix; an error if unset."""
    value = settings.get("max.bot", "").strip()
    value = re.sub(r"^(?:https?://)?max\.ru/", "", value).lstrip("@").strip("/")
    if not value:
        raise OutreachError(t("max.link.no_bot"))
    if not _BOT.match(value):
        raise OutreachError(t("max.link.bad_bot", value=value))
    return value


def max_configured(settings: dict[str, str]) -> bool:
    """Whether MAX links can be given out (a bot name is set)."""
    return bool(settings.get("max.bot", "").strip())


def deep_links(db: sqlite_utils.Database, guardian_ids: Iterable[int]) -> dict[int, str]:
    """Each guardian's MAX deep link (their unused token, else a new one), in one transaction."""
    bot = bot_name(all_settings(db))
    return {gid: f"https://max.ru/{bot}?start={token}"
            for gid, token in link_tokens.tokens(db, "max", guardian_ids).items()}


def deep_link(db: sqlite_utils.Database, guardian_id: int) -> str:
    return deep_links(db, [guardian_id])[guardian_id]


def user_ids(db: sqlite_utils.Database, guardian_ids: Iterable[int]) -> dict[int, str]:
    """The MAX user ids of the guardians who linked their MAX (the others are absent)."""
    return dict(db.execute("SELECT guardian_id, user_id FROM max_users"
                           " WHERE guardian_id IN (SELECT value FROM json_each(?))",
                           [json.dumps(list(guardian_ids))]).fetchall())


def _link(db: sqlite_utils.Database, event: BotStarted) -> int | None:
    guardian_id = link_tokens.claim(db, "max", event.payload)
    if guardian_id is None:
        return None
    db.execute("INSERT INTO max_users(guardian_id, user_id, linked_at) VALUES (?, ?, ?)"
               " ON CONFLICT(guardian_id) DO UPDATE SET user_id = excluded.user_id, linked_at = excluded.linked_at",
               [guardian_id, event.user_id, clock.now_iso()])
    # the parent started the bot themselves: an earlier "blocked" opt-out no longer holds
    set_preferences(db, guardian_id, opt_in=["max"])
    audit.record(db, "max_linked", "guardian", guardian_id)
    return guardian_id


def _press(db: sqlite_utils.Database, event: Pressed) -> tuple[str, str, bool]:
    """Record a press: (callback id, the notification to answer with, whether it counted)."""
    guardians = [gid for (gid,) in db.execute("SELECT guardian_id FROM max_users WHERE user_id = ?",
                                              [event.user_id])]
    recorded = rsvp.record(db, event.payload, guardians, "max")
    return event.callback_id, rsvp.thanks(recorded), recorded is not None


@dataclass
class Polled:
    """What one `poll` did: guardians linked, /start payloads that linked nobody, answers
    recorded, and presses the bot could not answer (recorded all the same)."""

    linked: list[int] = field(default_factory=list)
    unknown: int = 0
    answers: int = 0
    unanswered: int = 0


def apply(db: sqlite_utils.Database, events: Iterable[Update], polled: Polled) -> list[tuple[str, str]]:
    """Handle one batch inside the caller's transaction; the (callback id, notification)
    pairs to answer once it is committed."""
    to_answer: list[tuple[str, str]] = []
    for event in events:
        if isinstance(event, BotStarted) and event.payload:
            guardian_id = _link(db, event)
            if guardian_id is None:
                polled.unknown += 1
            elif guardian_id not in polled.linked:
                polled.linked.append(guardian_id)
        elif isinstance(event, Pressed):
            callback_id, text, counted = _press(db, event)
            polled.answers += counted
            to_answer.append((callback_id, text))
    return to_answer


def _marker(db: sqlite_utils.Database) -> int | None:
    row = db.execute("SELECT marker FROM max_updates WHERE id = 1").fetchone()
    return int(row[0]) if row else None


def _store_marker(db: sqlite_utils.Database, marker: int) -> None:
    db.execute("INSERT INTO max_updates(id, marker) VALUES (1, ?)"
               " ON CONFLICT(id) DO UPDATE SET marker = excluded.marker", [marker])


def poll(db: sqlite_utils.Database, config: MaxConfig | None = None) -> Polled:
    """Read the bot's new updates once: link the guardians whose tokens arrived and record
    (and answer) the buttons pressed."""
    config = config or max_config(all_settings(db))
    if config is None:
        raise OutreachError(t("max.link.no_token"))
    polled = Polled()
    with MaxApi(config) as api:
        for _ in range(MAX_BATCHES):
            batch = api.updates(_marker(db))
            with db.atomic():
                to_answer = apply(db, batch.events, polled)
                if batch.marker is not None:
                    _store_marker(db, batch.marker)
            for callback_id, text in to_answer:
                polled.unanswered += not _answer(api, callback_id, text)
            if batch.count < BATCH or batch.marker is None:
                break
    return polled


def _answer(api: MaxApi, callback_id: str, text: str) -> bool:
    """Answer a press; False when MAX refused (the answer is stored all the same)."""
    try:
        api.answer(callback_id, text)
    except OutreachError:
        return False
    return True
