"""One fetch of every configured source (for `outreach inbox fetch`, a timer, the app's poll):
e-mail over IMAP, the Telegram and MAX bots' updates (updates.py); then the off-hours auto-replies. A source that
fails is named in `problems` and the others still run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from outreach.channels.max_api import max_config
from outreach.channels.telegram_api import telegram_config
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.inbox.absence import acknowledge
from outreach.inbox.auto_reply import send_auto_replies, spend_evening
from outreach.inbox.imap import imap_config, read_new_mail, store_cursor
from outreach.inbox.model import Kept
from outreach.inbox.store import keep
from outreach.inbox.updates import UpdatesRead, read_max, read_telegram
from outreach.settings.values import all_settings


@dataclass(frozen=True)
class FetchReport:
    new: dict[str, int]
    matched: int
    unmatched: int
    auto_replies: int = 0
    acknowledged: int = 0
    problems: list[str] = field(default_factory=list)


def fetch_mail(db: sqlite_utils.Database, settings: dict[str, str]) -> Kept | None:
    """New e-mail stored and the resume point moved, in one transaction (None: no IMAP set)."""
    config = imap_config(settings)
    if config is None:
        return None
    batch = read_new_mail(db, config)
    with db.atomic():
        kept = keep(db, batch.items)
        store_cursor(db, config.source, batch.uidvalidity, batch.last_uid)
    return kept


def sources_configured(db: sqlite_utils.Database) -> bool:
    """Whether a mailbox or a bot is set up (the app polls only then)."""
    settings = all_settings(db)
    return imap_config(settings) is not None or telegram_config(settings) is not None \
        or max_config(settings) is not None


def _bots(settings: dict[str, str]) -> list[Callable[[sqlite_utils.Database], UpdatesRead]]:
    """The configured bots' readers."""
    readers: list[Callable[[sqlite_utils.Database], UpdatesRead]] = []
    if (telegram := telegram_config(settings)) is not None:
        readers.append(lambda db: read_telegram(db, telegram))
    if (bot := max_config(settings)) is not None:
        readers.append(lambda db: read_max(db, bot))
    return readers


def fetch(db: sqlite_utils.Database, *, moment: datetime | None = None,
          sleep: Callable[[float], None] | None = None) -> FetchReport:
    """Fetch every configured source once; an error when none is configured."""
    settings = all_settings(db)
    parts: list[Kept] = []
    problems: list[str] = []
    configured = False
    try:
        mail = fetch_mail(db, settings)
        configured = mail is not None
        parts += [mail] if mail else []
    except OutreachError as error:
        configured = True
        problems.append(error.message)
    for read in _bots(settings):
        configured = True
        try:
            parts.append(read(db).kept)
        except OutreachError as error:
            problems.append(error.message)
    if not configured:
        raise OutreachError(t("Nothing to fetch: set up the mailbox (outreach settings set imap.host …) or the Telegram bot token."))
    kept = Kept.total(parts)
    thanked = acknowledge(db, moment, sleep, after=lambda guardian_id: spend_evening(db, guardian_id, moment))
    replies = send_auto_replies(db, moment, sleep)
    return FetchReport(kept.new, kept.matched, kept.unmatched, replies, thanked, problems)
