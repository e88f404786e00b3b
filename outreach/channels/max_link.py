"""Linking a guardian's MAX through a `https://max.ru/<bot>?start=<token>` deep link: the parent
opens the link and starts the bot, so a `bot_started` event brings the token (the same token
rules as Telegram's, see link_tokens.py) and their MAX user id is stored. The bot's updates are
read by the updates service (outreach/inbox/updates.py), which hands `bot_started` to `link`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import sqlite_utils

from outreach.channels import link_tokens
from outreach.channels.max_api import BotStarted
from outreach.channels.preferences import set_preferences
from outreach.common import clock
from outreach.common.i18n import N_
from outreach.settings.values import all_settings
from outreach.store import audit

_BOT = link_tokens.BotSetting(
    "max.bot", r"^(?:https?://)?max\.ru/", re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$"),
    N_("The MAX bot's name is not set: give it in Settings (key 0), or outreach settings set max.bot YOUR_BOT."),
    N_("max.bot is not a MAX bot name: {value}."))


def bot_name(settings: dict[str, str]) -> str:
    """The `max.bot` setting without a leading @ or max.ru prefix; an error if unset."""
    return link_tokens.bot_name(settings, _BOT)


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


def link(db: sqlite_utils.Database, event: BotStarted) -> int | None:
    """Store the MAX user of a `bot_started` whose payload is a known unused token (inside the
    caller's transaction); the guardian linked, or None for an unknown or used token."""
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


def user_guardians(db: sqlite_utils.Database, user_id: str) -> list[int]:
    """The guardians who linked this MAX user."""
    return [gid for (gid,) in db.execute("SELECT guardian_id FROM max_users WHERE user_id = ?", [user_id])]
