"""Linking a guardian's Telegram chat id through a `https://t.me/<bot>?start=<token>` deep link.

The teacher sends the parent the link; the parent opens it and presses Start, so the bot
receives `/start <token>`. `link-updates` reads those messages with getUpdates (the offset
is stored, so every update is read once), stores the chat id as the guardian's Telegram
address and marks the token used. Unknown or used tokens change nothing. The bot token
lives only in the environment or the keyring and is redacted from every error text.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Iterable
from functools import partial

import sqlite_utils

from . import audit, clock
from .channels import set_preferences
from .errors import NotFound, OutreachError
from .i18n import t
from .settings import all_settings
from .telegram_api import BotApi, TelegramConfig, telegram_config

_BOT = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_START = re.compile(r"^/start(?:@[A-Za-z0-9_]+)?\s+([A-Za-z0-9_-]{1,64})\s*$")
BATCH = 100
MAX_BATCHES = 50


def bot_username(settings: dict[str, str]) -> str:
    """The `telegram.bot` setting without a leading @ or t.me prefix; an error if unset."""
    value = settings.get("telegram.bot", "").strip()
    value = re.sub(r"^(?:https?://)?(?:t\.me/|telegram\.me/)", "", value).lstrip("@").strip("/")
    if not value:
        raise OutreachError(t("telegram.link.no_bot"))
    if not _BOT.match(value):
        raise OutreachError(t("telegram.link.bad_bot", value=value))
    return value


def deep_link(db: sqlite_utils.Database, guardian_id: int) -> str:
    """The guardian's deep link: their unused token if one exists, else a new random one."""
    return deep_links(db, [guardian_id])[guardian_id]


def deep_links(db: sqlite_utils.Database, guardian_ids: Iterable[int]) -> dict[int, str]:
    """Each guardian's deep link (`deep_link` for many at once, in one transaction)."""
    bot = bot_username(all_settings(db))
    ids = list(dict.fromkeys(guardian_ids))
    known = {i for (i,) in db.execute("SELECT id FROM guardians WHERE id IN (SELECT value FROM json_each(?))",
                                      [json.dumps(ids)])}
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFound(t("roster.no_guardian", id=missing[0]))
    with db.atomic():
        # rowid order: the newest unused token of a guardian wins
        tokens = dict(db.execute("SELECT guardian_id, token FROM telegram_links WHERE used_at IS NULL"
                                 " AND guardian_id IN (SELECT value FROM json_each(?)) ORDER BY rowid",
                                 [json.dumps(ids)]).fetchall())
        for guardian_id in ids:
            if guardian_id not in tokens:
                tokens[guardian_id] = secrets.token_urlsafe(24)  # 32 characters of [A-Za-z0-9_-], 192 random bits
                db.execute("INSERT INTO telegram_links(guardian_id, token, created_at) VALUES (?, ?, ?)",
                           [guardian_id, tokens[guardian_id], clock.now_iso()])
                audit.record(db, "telegram_link", "guardian", guardian_id)
    return {guardian_id: f"https://t.me/{bot}?start={tokens[guardian_id]}" for guardian_id in ids}


class LinkPlaceholder:
    """`{{ telegram_link }}` in a template: a link made only when a text that uses it is
    rendered (a guardian's token is created then), and made once. Its attributes are private:
    the sandbox keeps a template from reaching the database through them."""

    def __init__(self, make: Callable[[], str]) -> None:
        self._make = make
        self._url: str | None = None

    def __str__(self) -> str:
        if self._url is None:
            self._url = self._make()
        return self._url


def personal_link(db: sqlite_utils.Database, guardian_id: int) -> LinkPlaceholder:
    """The guardian's own deep link, for a personal message."""
    return LinkPlaceholder(partial(deep_link, db, guardian_id))


def public_link(settings: dict[str, str]) -> LinkPlaceholder:
    """The bot's link without a token, for a post or a memo (no personal data there)."""
    return LinkPlaceholder(lambda: f"https://t.me/{bot_username(settings)}")


def start_token(update: dict[str, object]) -> tuple[str, str] | None:
    """(token, chat id) of a `/start <token>` message in a private chat, else None."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    chat = message.get("chat")
    text = message.get("text")
    if not isinstance(chat, dict) or chat.get("type") != "private" or not isinstance(text, str):
        return None
    found = _START.match(text.strip())
    chat_id = str(chat.get("id", ""))
    if not found or not chat_id.lstrip("-").isdigit():
        return None
    return found.group(1), chat_id


def apply_updates(db: sqlite_utils.Database, updates: Iterable[dict[str, object]]) -> tuple[list[int], int]:
    """Link every `/start <token>` with a known unused token; (linked guardian ids, unknown count)."""
    linked: list[int] = []
    unknown = 0
    for update in updates:
        found = start_token(update)
        if found is None:
            continue
        token, chat_id = found
        with db.atomic():
            row = db.execute("SELECT guardian_id FROM telegram_links WHERE token = ? AND used_at IS NULL",
                             [token]).fetchone()
            if row is None:
                unknown += 1
                continue
            guardian_id = int(row[0])
            # the parent pressed Start themselves: an earlier "blocked" opt-out no longer holds
            set_preferences(db, guardian_id, opt_in=["telegram"], addresses={"telegram": chat_id})
            db.execute("UPDATE telegram_links SET used_at = ? WHERE token = ?", [clock.now_iso(), token])
            # other unused tokens of this guardian are no longer needed
            db.execute("DELETE FROM telegram_links WHERE guardian_id = ? AND used_at IS NULL", [guardian_id])
            audit.record(db, "telegram_linked", "guardian", guardian_id)
        if guardian_id not in linked:
            linked.append(guardian_id)
    return linked, unknown


def _offset(db: sqlite_utils.Database) -> int | None:
    row = db.execute("SELECT next_offset FROM telegram_updates WHERE id = 1").fetchone()
    return int(row[0]) if row else None


def _store_offset(db: sqlite_utils.Database, offset: int) -> None:
    db.execute("INSERT INTO telegram_updates(id, next_offset) VALUES (1, ?)"
               " ON CONFLICT(id) DO UPDATE SET next_offset = excluded.next_offset", [offset])


def link_updates(db: sqlite_utils.Database, config: TelegramConfig | None = None) -> dict[str, object]:
    """Read the bot's new updates once and link the guardians whose tokens arrived."""
    config = config or telegram_config(all_settings(db))
    if config is None:
        raise OutreachError(t("telegram.link.no_token"))
    linked: list[int] = []
    unknown = 0
    with BotApi(config) as api:
        for _ in range(MAX_BATCHES):
            updates = api.get_updates(_offset(db), BATCH)
            ids = [i for u in updates if isinstance(i := u.get("update_id"), int)]
            if not ids:
                break
            with db.atomic():
                batch_linked, batch_unknown = apply_updates(db, updates)
                _store_offset(db, max(ids) + 1)
            linked += [g for g in batch_linked if g not in linked]
            unknown += batch_unknown
            if len(updates) < BATCH:
                break
    return {"linked": linked, "unknown": unknown}
