"""Deep-link tokens, one rule for every bot channel (Telegram's `/start <token>`, MAX's
`bot_started` payload): a guardian keeps their one unused token until a parent starts the
bot with it; then it is used, the guardian's other unused tokens of that channel go, and
a used or unknown token links nobody."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import sqlite_utils

from outreach.common import clock
from outreach.common.errors import NotFound, OutreachError
from outreach.common.i18n import N_, t
from outreach.settings.values import all_settings
from outreach.store import audit

Channel = Literal["telegram", "max"]
Start = Literal["linked", "already", "stale", "no_link"]
TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class BotSetting:
    """How a bot channel's name setting reads: its key, the link prefix a teacher may paste
    with it, the name's rule, and its two errors (`N_`-marked; `wrong` has a `{value}`)."""

    key: str
    prefix: str
    rule: re.Pattern[str]
    unset: str
    wrong: str


def bot_name(settings: dict[str, str], setting: BotSetting) -> str:
    """The bot's name setting without a leading @ or link prefix; an error if unset or not a name."""
    value = settings.get(setting.key, "").strip()
    value = re.sub(setting.prefix, "", value).lstrip("@").strip("/")
    if not value:
        raise OutreachError(t(setting.unset))
    if not setting.rule.match(value):
        raise OutreachError(t(setting.wrong, value=value))
    return value


def tokens(db: sqlite_utils.Database, channel: Channel, guardian_ids: Iterable[int]) -> dict[int, str]:
    """Each guardian's unused token of `channel`, a new random one where there is none (one
    transaction); NotFound for an unknown guardian."""
    ids = list(dict.fromkeys(guardian_ids))
    known = {i for (i,) in db.execute("SELECT id FROM guardians WHERE id IN (SELECT value FROM json_each(?))",
                                      [json.dumps(ids)])}
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFound(t("There is no guardian with id {id}.", id=missing[0]))
    with db.atomic():
        # rowid order: the newest unused token of a guardian wins
        found = dict(db.execute("SELECT guardian_id, token FROM telegram_links WHERE used_at IS NULL"
                                " AND channel = ? AND guardian_id IN (SELECT value FROM json_each(?))"
                                " ORDER BY rowid", [channel, json.dumps(ids)]).fetchall())
        for guardian_id in ids:
            if guardian_id not in found:
                found[guardian_id] = secrets.token_urlsafe(24)  # 32 characters of [A-Za-z0-9_-], 192 random bits
                db.execute("INSERT INTO telegram_links(guardian_id, token, created_at, channel) VALUES (?, ?, ?, ?)",
                           [guardian_id, found[guardian_id], clock.now_iso(), channel])
                audit.record(db, f"{channel}_link", "guardian", guardian_id)
    return {guardian_id: found[guardian_id] for guardian_id in ids}


def claim(db: sqlite_utils.Database, channel: Channel, token: str) -> int | None:
    """The guardian whose unused `channel` token this is, the token now used (inside the
    caller's transaction); None for an unknown or used token."""
    if not TOKEN.match(token):
        return None
    row = db.execute("SELECT guardian_id FROM telegram_links WHERE token = ? AND channel = ? AND used_at IS NULL",
                     [token, channel]).fetchone()
    if row is None:
        return None
    guardian_id = int(row[0])
    db.execute("UPDATE telegram_links SET used_at = ? WHERE token = ?", [clock.now_iso(), token])
    # other unused tokens of this guardian are no longer needed
    db.execute("DELETE FROM telegram_links WHERE guardian_id = ? AND channel = ? AND used_at IS NULL",
               [guardian_id, channel])
    return guardian_id


# What a parent who pressed Start is told in the chat (sent once the reading is committed):
# without a word they cannot know whether it worked, and call the teacher.
_START_REPLY = {
    "linked": N_("Done: the school's messages will come to this chat now."),
    "already": N_("This chat is already connected: the school's messages come here."),
    "stale": N_("This link has already been used or is not valid. Ask the teacher for a new personal link."),
    "no_link": N_("To get the school's messages here, open the personal link the teacher sent you."),
}
_LINKED_BY = N_("Done: the school's messages will come to this chat now. Teacher: {teacher}.")


def start_reply(db: sqlite_utils.Database, outcome: Start) -> str:
    """The bot's answer to a parent's Start: linked (with the teacher's name when set), this
    chat linked before, a used or unknown link, or no link at all."""
    teacher = all_settings(db).get("teacher_name", "").strip()
    if outcome == "linked" and teacher:
        return t(_LINKED_BY, teacher=teacher)
    return t(_START_REPLY[outcome])


def start_outcome(linked: int | None, known_chat: bool, token: str) -> Start:
    """How a Start ended: `linked` the guardian its token linked (None: none), `known_chat`
    whether the chat already reaches a guardian, `token` what came with the Start."""
    if linked is not None:
        return "linked"
    if known_chat:
        return "already"
    return "stale" if token else "no_link"
