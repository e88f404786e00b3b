"""One fetch of every configured source (for `outreach inbox fetch`, a timer, the app's poll):
e-mail over IMAP (a parent's e-mail answer to an invitation is recorded as a button press is),
the Telegram and MAX bots' updates (updates.py: presses, and answers in words in the chats);
then the off-hours auto-replies. A source that fails is named in `problems` and the others
still run."""

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
from outreach.inbox.model import Incoming, Kept
from outreach.inbox.store import keep
from outreach.inbox.updates import UpdatesRead, read_max, read_telegram
from outreach.messages import rsvp
from outreach.settings.values import all_settings


@dataclass(frozen=True)
class FetchReport:
    new: dict[str, int]
    matched: int
    unmatched: int
    auto_replies: int = 0
    acknowledged: int = 0
    problems: list[str] = field(default_factory=list)
    rsvp_answers: int = 0  # parents' e-mail answers to invitations recorded
    chat_rsvp_answers: int = 0  # and those from Telegram and MAX (a button pressed, or «+», «Приду» written)

    @property
    def all_rsvp_answers(self) -> int:
        return self.rsvp_answers + self.chat_rsvp_answers


@dataclass(frozen=True)
class MailFetched:
    """What one fetch of the mailbox kept, and the answers to invitations recorded from it."""

    kept: Kept
    rsvp_answers: int


class _MailAnswers:
    """Records each new e-mail's answer to an invitation (as a button press would be) on the
    invitation its calendar reply names or its letters answer."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.count = 0

    def record(self, item: Incoming, guardian_id: int) -> None:
        if item.answer is None:
            return
        invitation = item.answer.invitation or rsvp.invitation_in_letters(self.db, guardian_id, item.answers)
        if invitation is not None and rsvp.record_answer(self.db, invitation, item.answer.answer, [guardian_id],
                                                         "email", at=item.received_at) is not None:
            self.count += 1


def fetch_mail(db: sqlite_utils.Database, settings: dict[str, str]) -> MailFetched | None:
    """New e-mail stored, its answers to invitations recorded and the resume point moved, in
    one transaction (None: no IMAP set)."""
    config = imap_config(settings)
    if config is None:
        return None
    batch = read_new_mail(db, config)
    answers = _MailAnswers(db)
    with db.atomic():
        kept = keep(db, batch.items, on_new=answers.record)
        store_cursor(db, config.source, batch.uidvalidity, batch.last_uid)
    return MailFetched(kept, answers.count)


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
    answers = chat_answers = 0
    try:
        mail = fetch_mail(db, settings)
        configured = mail is not None
        if mail is not None:
            parts.append(mail.kept)
            answers = mail.rsvp_answers
    except OutreachError as error:
        configured = True
        problems.append(error.message)
    for read in _bots(settings):
        configured = True
        try:
            updates = read(db)
            parts.append(updates.kept)
            chat_answers += updates.rsvp_answers
        except OutreachError as error:
            problems.append(error.message)
    if not configured:
        raise OutreachError(t("Nothing to fetch: set up the mailbox or the Telegram bot token in Settings (key 0), or outreach settings set imap.host …."))
    kept = Kept.total(parts)
    thanked = acknowledge(db, moment, sleep, after=lambda guardian_id: spend_evening(db, guardian_id, moment))
    replies = send_auto_replies(db, moment, sleep)
    return FetchReport(kept.new, kept.matched, kept.unmatched, replies, thanked, problems, answers, chat_answers)


def fetched_note(report: FetchReport) -> str:
    """What a fetch brought, in a sentence or two for the app: new messages per channel (or
    none), and the answers to invitations recorded (from e-mail and the chats)."""
    count = sum(report.new.values())
    channels = ", ".join(f"{channel} {n}" for channel, n in sorted(report.new.items()))
    note = (t("New messages: {count} ({channels}). Not from parents in the roster: {unmatched}.", count=count, channels=channels, unmatched=report.unmatched) if count
            else t("No new messages. Not from parents in the roster: {unmatched}.", unmatched=report.unmatched))
    if report.all_rsvp_answers:
        note = f"{note} {t('Answers to invitations recorded: {count}.', count=report.all_rsvp_answers)}"
    return note
