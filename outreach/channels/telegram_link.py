"""Linking a guardian's Telegram chat id through a `https://t.me/<bot>?start=<token>` deep link.

The teacher sends the parent the link; the parent opens it and presses Start, so the bot
receives `/start <token>`; the bots' updates service (outreach/inbox/updates.py) reads it
and hands it to `apply_updates`, which stores the chat id as the guardian's Telegram
address and marks the token used. Unknown or used tokens change nothing. The bot token
lives only in the environment or the keyring and is redacted from every error text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

import sqlite_utils

from outreach.channels import link_tokens
from outreach.channels.preferences import reachability, set_preferences
from outreach.common.i18n import N_
from outreach.settings.values import all_settings
from outreach.store import audit

_BOT = link_tokens.BotSetting(
    "telegram.bot", r"^(?:https?://)?(?:t\.me/|telegram\.me/)", re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$"),
    N_("The bot's username is not set: give it in Settings (key 0), or outreach settings set telegram.bot YOUR_BOT."),
    N_("telegram.bot is not a bot username: {value}."))
_START = re.compile(r"^/start(?:@[A-Za-z0-9_]+)?(?:\s+([A-Za-z0-9_-]{1,64}))?\s*$")


def bot_username(settings: dict[str, str]) -> str:
    """The `telegram.bot` setting without a leading @ or t.me prefix; an error if unset."""
    return link_tokens.bot_name(settings, _BOT)


def deep_link(db: sqlite_utils.Database, guardian_id: int) -> str:
    """The guardian's deep link: their unused token if one exists, else a new random one."""
    return deep_links(db, [guardian_id])[guardian_id]


def deep_links(db: sqlite_utils.Database, guardian_ids: Iterable[int]) -> dict[int, str]:
    """Each guardian's deep link (`deep_link` for many at once, in one transaction)."""
    bot = bot_username(all_settings(db))
    found = link_tokens.tokens(db, "telegram", guardian_ids)
    return {guardian_id: f"https://t.me/{bot}?start={token}" for guardian_id, token in found.items()}


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
    """(token, chat id) of a `/start` message in a private chat (the token empty for a bare
    `/start`), else None."""
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
    return found.group(1) or "", chat_id


@dataclass(frozen=True)
class Starts:
    """What a batch's `/start` messages did: guardians linked, tokens that linked nobody, and
    the answer each chat is owed (chat id, text)."""

    linked: list[int]
    unknown: int
    replies: list[tuple[str, str]]


def apply_updates(db: sqlite_utils.Database, updates: Iterable[dict[str, object]]) -> Starts:
    """Link every `/start <token>` with a known unused token (inside the caller's transaction)
    and say what to answer each `/start`."""
    linked: list[int] = []
    unknown = 0
    replies: list[tuple[str, str]] = []
    for update in updates:
        found = start_token(update)
        if found is None:
            continue
        token, chat_id = found
        guardian_id = link_tokens.claim(db, "telegram", token) if token else None
        if guardian_id is not None:
            # the parent pressed Start themselves: an earlier "blocked" opt-out no longer holds
            set_preferences(db, guardian_id, opt_in=["telegram"], addresses={"telegram": chat_id})
            audit.record(db, "telegram_linked", "guardian", guardian_id)
            if guardian_id not in linked:
                linked.append(guardian_id)
        elif token:
            unknown += 1
        known = guardian_id is None and bool(chat_guardians(db, chat_id))
        replies.append((chat_id, link_tokens.start_reply(db, link_tokens.start_outcome(guardian_id, known, token))))
    return Starts(linked, unknown, replies)


def chat_guardians(db: sqlite_utils.Database, chat_id: str) -> list[int]:
    """The guardians whose Telegram is this chat (a channel setting wins over the roster, as
    `reachability` rules: the candidates are read here, the rule applied there)."""
    candidates = {gid for (gid,) in db.execute(
        "SELECT id FROM guardians WHERE telegram = ? UNION SELECT guardian_id FROM guardian_channels"
        " WHERE channel = 'telegram' AND address = ?", [chat_id, chat_id])}
    return sorted(gid for gid, reach in reachability(db, candidates).items()
                  if reach.addresses.get("telegram") == chat_id)
