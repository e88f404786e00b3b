"""Sending a message: take only queued and retryable rows, at most once each, through one
loop for every channel (the senders are in `delivery.senders`; the rows and their verdicts
come from `delivery.batch`).

Each row is marked `sending` (committed, with the e-mail's Message-ID made beforehand)
before it leaves and `sent` after; every try counts in `attempts`. A delivery whose
outcome is unknown (the data left, the answer did not come back) becomes `unknown`: shown
to the teacher, never resent automatically, and the run goes on with the next parent on a
fresh connection; when that one is lost in doubt too, the channel stops for this run and
the rest of its rows wait, queued, for the next send (a server that keeps dropping would
leave every parent in doubt). A row found `sending` by a later run was cut off by a crash
and becomes `unknown` too. A long Telegram message goes in parts, each recorded as it is
delivered; a resend starts from the first part not delivered. One sender per message at a
time (its pid is kept on the message while it runs). Consent, opt-outs and quiet hours are
judged per row at the moment of sending; quiet hours defer, never drop. Temporary failures
are tried again with doubling waits, a service's `retry_after` is waited out (through the
injected sleep), a parent who blocked the bot is opted out of that channel, and a server
that cannot be reached leaves the rest of its channel waiting for the next send.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from outreach.channels.preferences import set_preferences
from outreach.common import clock
from outreach.common.channel_names import channel_label
from outreach.common.errors import OutreachError
from outreach.common.i18n import N_, t, tn
from outreach.messages.delivery.batch import Batch, Verdict, count_status
from outreach.messages.delivery.exported import FilesSender
from outreach.messages.delivery.max import bot_reaches, max_sender
from outreach.messages.delivery.senders import (
    Letter,
    NotConfigured,
    Outcome,
    Part,
    Row,
    Sender,
    SenderFactory,
    Setup,
)
from outreach.messages.delivery.smtp import email_sender
from outreach.messages.delivery.telegram import telegram_sender
from outreach.settings.secrets import redact
from outreach.store import audit

Progress = Callable[[int, int], None]
# The senders of the channels the tool delivers itself, in the order a batch takes them;
# every other channel's rows go to the files sender (`exported`).
SENDERS: dict[str, SenderFactory] = {"telegram": telegram_sender, "max": max_sender, "email": email_sender}
# Channels whose sender reaches only some parents (of these guardians, which): the other
# parents' rows on that channel go to the files sender (MAX: the bot writes only to parents
# who linked their MAX, and only once a token is set; the rest stay in max.csv).
PARTLY: dict[str, Callable[[Setup, list[int]], set[int]]] = {"max": bot_reaches}
# What a row reads when the service kept asking to wait (per channel; Telegram's otherwise)
SLOW_DOWN = {"max": N_("MAX keeps asking to slow down; the rest waits for the next send.")}
RETRY_AFTER_TRIES = 5  # requests a row may make while the service keeps asking to wait
MAX_WAIT = 60.0  # a longer `retry_after` fails the row for now (a later send tries again)
IN_DOUBT_IN_A_ROW = 2  # rows lost in doubt one after another that stop their channel for this run


@dataclass
class SendReport:
    """What one run did (`--json` of `outreach message send`, key for key)."""

    sent: int = 0
    failed: int = 0
    deferred: int = 0
    skipped: int = 0
    unknown: int = 0
    exported: int = 0
    newly_unknown: int = 0
    replanned: int = 0  # parents skipped when the message was planned whom this run plans again
    waiting: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    folder: str | None = None
    dry_run: bool = False


class SenderBusy(OutreachError):
    """Another live process, or another thread of this one, is sending this message now."""


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def settle_interrupted(db: sqlite_utils.Database) -> dict[int, int]:
    """Rows left `sending` by a sender that is gone (killed, crashed) become `unknown`: they
    may have arrived. Returns the count per message id (nothing is written when none)."""
    if not db.execute("SELECT 1 FROM deliveries WHERE status = 'sending' LIMIT 1").fetchone():
        return {}
    with db.atomic():
        orphaned = [m for m, pid in db.execute(
            "SELECT id, sender_pid FROM messages WHERE id IN (SELECT message_id FROM deliveries"
            " WHERE status = 'sending')") if not pid or (int(pid) != os.getpid() and not _pid_alive(int(pid)))]
        return {m: db.execute("UPDATE deliveries SET status = 'unknown', error = ?, updated_at = ?"
                              " WHERE message_id = ? AND status = 'sending'",
                              ["interrupted", clock.now_iso(), m]).rowcount for m in orphaned}


_IN_PROCESS: set[int] = set()  # messages a thread of this process is sending (the pid cannot tell them apart)
_IN_PROCESS_LOCK = threading.Lock()


def being_sent(db: sqlite_utils.Database, message_id: int) -> bool:
    """Whether a live process, or another thread of this one, is sending the message now (its
    rows were read when that send began: a change to them now would not be seen by it)."""
    with _IN_PROCESS_LOCK:
        if message_id in _IN_PROCESS:
            return True
    return _live_sender(db, message_id) is not None


def _live_sender(db: sqlite_utils.Database, message_id: int) -> int | None:
    """The pid of another live process recorded as sending the message, if any."""
    row = db.execute("SELECT sender_pid FROM messages WHERE id = ?", [message_id]).fetchone()
    return int(row[0]) if row and row[0] and _pid_alive(int(row[0])) else None


def _claim(db: sqlite_utils.Database, message_id: int) -> int:
    """Become the message's only sender, after settling what dead senders left `sending`.
    Returns how many of this message's rows became `unknown` so."""
    with _IN_PROCESS_LOCK:
        if message_id in _IN_PROCESS:
            raise SenderBusy(t("Message {id} is being sent right now by another process ({pid}); wait for it to finish.", id=message_id, pid=os.getpid()))
        _IN_PROCESS.add(message_id)
    try:
        with db.atomic():
            if (pid := _live_sender(db, message_id)) is not None:
                raise SenderBusy(t("Message {id} is being sent right now by another process ({pid}); wait for it to finish.", id=message_id, pid=pid))
            db.execute("UPDATE messages SET sender_pid = NULL WHERE id = ?", [message_id])
            settled = settle_interrupted(db)
            db.execute("UPDATE messages SET sender_pid = ? WHERE id = ?", [os.getpid(), message_id])
            return settled.get(message_id, 0)
    except BaseException:
        _IN_PROCESS.discard(message_id)
        raise


def _release(db: sqlite_utils.Database, message_id: int) -> None:
    try:
        with db.atomic():
            db.execute("UPDATE messages SET sender_pid = NULL WHERE id = ? AND sender_pid = ?",
                       [message_id, os.getpid()])
    finally:
        _IN_PROCESS.discard(message_id)


class _Rows:
    """Status changes, each committed at once (a crash loses at most one row's state)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def _set(self, sql: str, params: list[object]) -> None:
        with self.db.atomic():
            self.db.execute(sql, params)

    def sending(self, row_id: int, external_id: str | None = None) -> None:
        """Leaving now (an e-mail's Message-ID is kept from here on, to look up if in doubt)."""
        self._set("UPDATE deliveries SET status = 'sending', external_id = coalesce(?, external_id),"
                  " updated_at = ? WHERE id = ?", [external_id, clock.now_iso(), row_id])

    def tried(self, row_id: int) -> None:
        """One more SMTP or HTTP try."""
        self._set("UPDATE deliveries SET attempts = attempts + 1 WHERE id = ?", [row_id])

    def external_ids(self, row_ids: list[int]) -> dict[int, str]:
        """The ids already given to rows (a resent e-mail keeps its Message-ID)."""
        return dict(self.db.execute(
            "SELECT id, external_id FROM deliveries WHERE external_id IS NOT NULL"
            " AND id IN (SELECT value FROM json_each(?))", [json.dumps(row_ids)]).fetchall())

    def parts(self, row_id: int) -> dict[int, str]:
        """The parts of a long message already delivered: part number → message id."""
        return dict(self.db.execute("SELECT part, external_id FROM delivery_parts WHERE delivery_id = ?",
                                    [row_id]).fetchall())

    def part_sent(self, row_id: int, part: int, external_id: str) -> None:
        self._set("INSERT INTO delivery_parts (delivery_id, part, external_id, sent_at) VALUES (?, ?, ?, ?)",
                  [row_id, part, external_id, clock.now_iso()])

    def unknown(self, row_id: int, error: str) -> None:
        self._set("UPDATE deliveries SET status = 'unknown', error = ?, retryable = 0, updated_at = ?"
                  " WHERE id = ?", [redact(error)[:500], clock.now_iso(), row_id])

    def sent(self, row_id: int, external_id: str | None, status: str = "sent") -> None:
        now = clock.now_iso()
        self._set("UPDATE deliveries SET status = ?, error = NULL, retryable = 0, external_id = ?,"
                  " sent_at = ?, updated_at = ?, not_before = NULL WHERE id = ?",
                  [status, external_id, now, now, row_id])

    def failed(self, row_id: int, error: str, retryable: bool) -> None:
        self._set("UPDATE deliveries SET status = 'failed', error = ?, retryable = ?, updated_at = ?"
                  " WHERE id = ?", [redact(error)[:500], int(retryable), clock.now_iso(), row_id])

    def skipped(self, row_id: int, reason: str) -> None:
        self._set("UPDATE deliveries SET status = 'skipped', error = ?, retryable = 0, updated_at = ?"
                  " WHERE id = ?", [reason, clock.now_iso(), row_id])

    def deferred(self, row_id: int, until: datetime) -> None:
        self._set("UPDATE deliveries SET not_before = ?, updated_at = ? WHERE id = ?",
                  [until.isoformat(timespec="minutes"), clock.now_iso(), row_id])


class _RateLimit:
    def __init__(self, per_second: float, sleep: Callable[[float], None]):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.sleep = sleep
        self.last = 0.0

    def wait(self) -> None:
        if self.interval:
            gap = self.last + self.interval - time.monotonic()
            if gap > 0:
                self.sleep(gap)
            self.last = time.monotonic()


def send_message(db: sqlite_utils.Database, message_id: int, *, moment: datetime | None = None,
                 dry_run: bool = False, folder: Path | None = None, progress: Progress | None = None,
                 retry_delay: float = 2.0, sleep: Callable[[float], None] | None = None,
                 cancelled: Callable[[], bool] = lambda: False, timeout: float | None = None,
                 replan: bool = True) -> SendReport:
    """Deliver the message's pending rows; returns what happened in this run. `sleep` waits
    between tries (default `clock.sleep`); `timeout` overrides the servers' answer timeouts.
    A dry run classifies the rows as the send would and sends nothing. `replan`: parents
    skipped when the message was planned are planned again (see `Batch`)."""
    if dry_run:
        return _rehearse(Batch(db, message_id, moment, replan), folder, timeout)
    report = SendReport()
    report.newly_unknown = _claim(db, message_id)
    try:
        batch = Batch(db, message_id, moment, replan)
        report.replanned = batch.keep_replanned()
        _Run(batch, report, _Waits(retry_delay, sleep or clock.sleep, timeout), progress, cancelled).go(folder)
    finally:
        _release(db, message_id)
        settle_interrupted(db)  # a row an unexpected error (or Ctrl-C) left in flight: unknown, not 'sending'
    report.unknown = count_status(db, message_id, "unknown")
    audit.record(db, "send", "message", message_id,
                 {k: v for k, v in asdict(report).items() if k in ("sent", "failed", "deferred", "skipped",
                                                                   "exported", "newly_unknown")})
    return report


def _routes(setup: Setup, rows: list[Row]) -> dict[int, str]:
    """The sender each row goes to (row id → channel): its channel's own where that sender
    reaches the parent, else the files sender."""
    reached = {channel: reaches(setup, [r.guardian_id for r in rows
                                         if r.channel == channel and r.guardian_id is not None])
               for channel, reaches in PARTLY.items() if any(r.channel == channel for r in rows)}

    def sender_of(row: Row) -> str:
        partly = reached.get(row.channel)
        if row.channel not in SENDERS or (partly is not None and row.guardian_id not in partly):
            return FilesSender.channel
        return row.channel

    return {row.id: sender_of(row) for row in rows}


def _setup(batch: Batch, folder: Path | None, timeout: float | None) -> Setup:
    return Setup(batch.db, batch.message, batch.settings, folder, timeout, batch.moment, batch.attachments,
                 reach=batch.reach)


def _rehearse(batch: Batch, folder: Path | None, timeout: float | None) -> SendReport:
    """What a send would do now, per row, without sending (nor opening a connection)."""
    setup = _setup(batch, folder, timeout)
    report = SendReport(dry_run=True, replanned=batch.replanned)
    configured: dict[str, bool] = {}
    routes = _routes(setup, batch.rows)
    for row in batch.rows:
        verdict = batch.verdict(row)
        channel = routes[row.id]
        if verdict.action == "skip":
            report.skipped += 1
        elif verdict.action == "defer":
            report.deferred += 1
        elif channel == FilesSender.channel:
            report.exported += 1
        else:
            if channel not in configured:
                configured[channel] = _configured(SENDERS[channel], setup)
            if configured[channel]:
                report.sent += 1
            else:
                report.waiting[channel] = report.waiting.get(channel, 0) + 1
    report.unknown = count_status(batch.db, batch.message.id, "unknown")
    return report


def _configured(factory: SenderFactory, setup: Setup) -> bool:
    try:
        factory(setup)
    except NotConfigured:
        return False
    return True


@dataclass(frozen=True)
class _Waits:
    """How long to wait: before a retry (doubling each time), and for a server's answer."""
    retry_delay: float
    sleep: Callable[[float], None]
    timeout: float | None

    def backoff(self, attempt: int) -> None:
        self.sleep(self.retry_delay * 2 ** attempt)


class _Run:
    """One send of a batch: every row classified, then each sender's rows through one loop."""

    def __init__(self, batch: Batch, report: SendReport, waits: _Waits, progress: Progress | None,
                 cancelled: Callable[[], bool]):
        self.batch = batch
        self.report = report
        self.waits = waits
        self.progress = progress
        self.cancelled = cancelled
        self.marks = _Rows(batch.db)
        self.done = 0

    def tick(self, count: int = 1) -> None:
        for _ in range(count):
            self.done += 1
            if self.progress:
                self.progress(self.done, len(self.batch.rows))

    def go(self, folder: Path | None) -> None:
        setup = _setup(self.batch, folder, self.waits.timeout)  # first: a file gone stops it all here
        routes = _routes(setup, self.batch.rows)
        by_sender: dict[str, list[Row]] = {}
        for row in self.batch.rows:
            if self._held(row, self.batch.verdict(row)):
                self.tick()
            else:
                by_sender.setdefault(routes[row.id], []).append(row)
        for channel, factory in [(FilesSender.channel, FilesSender), *SENDERS.items()]:
            rows = by_sender.get(channel)
            if rows:
                self._channel(factory, setup, channel, rows)

    def _held(self, row: Row, verdict: Verdict) -> bool:
        """Skip or defer the row as its verdict says; False when it may go."""
        if verdict.action == "skip":
            self.marks.skipped(row.id, verdict.reason or "forgotten")
            self.report.skipped += 1
            return True
        if verdict.action == "defer" and verdict.until is not None:
            self.marks.deferred(row.id, verdict.until)
            self.report.deferred += 1
            return True
        return False

    def _channel(self, factory: SenderFactory, setup: Setup, channel: str, rows: list[Row]) -> None:
        try:
            sender = factory(setup)
        except NotConfigured as exc:
            self._waiting(channel, rows, exc.message)
            return
        known = self.marks.external_ids([row.id for row in rows])
        limit = _RateLimit(sender.rate, self.waits.sleep)
        in_doubt = 0  # rows lost in doubt one after another
        # nothing in flight (files): the whole channel's marks in one transaction
        with sender, (nullcontext() if sender.in_flight else self.batch.db.atomic()):
            for index, row in enumerate(rows):
                if sender.in_flight:  # judged again as it leaves; a cancel stops before the next parent
                    if self.cancelled():
                        return
                    if self._held(row, self.batch.recheck(row)):
                        self.tick()
                        continue
                outcome = self._deliver(sender, self.batch.letter(row, known.get(row.id)), limit)
                self.tick()
                in_doubt = in_doubt + 1 if outcome.kind == "unknown" else 0
                rest = rows[index + 1:]
                if outcome.halt:  # nothing else can go now: the rest waits for the next send
                    self._waiting(channel, rest, outcome.text)
                    return
                if in_doubt >= IN_DOUBT_IN_A_ROW:  # the server keeps dropping: no more parents in doubt
                    self._waiting(channel, rest, _lost_in_a_row(channel, len(rest)))
                    return
            self.report.folder = sender.place or self.report.folder

    def _waiting(self, channel: str, rows: list[Row], reason: str) -> None:
        if rows:
            self.report.waiting[channel] = self.report.waiting.get(channel, 0) + len(rows)
            self.report.problems.append(reason)
            self.tick(len(rows))

    def _deliver(self, sender: Sender[Any], letter: Letter, limit: _RateLimit) -> Outcome:
        """Every part of one letter not delivered yet; the row marked as it ends."""
        row_id = letter.row.id
        parts = sender.parts(letter)
        limit.wait()
        if sender.in_flight:
            self.marks.sending(row_id, parts[0].external_id if parts else None)
        delivered = self.marks.parts(row_id) if sender.multipart else {}
        outcome = Outcome.sent("")
        for part in parts:
            if part.number in delivered:
                continue
            outcome = self._tries(sender, part)
            if outcome.kind != "sent":
                self._failed(sender, letter, outcome)
                return outcome
            if sender.multipart:
                delivered[part.number] = outcome.external_id
                self.marks.part_sent(row_id, part.number, outcome.external_id)
        external_id = delivered.get(0, "") if sender.multipart else outcome.external_id or None
        self.marks.sent(row_id, external_id, sender.status)
        if sender.status == "exported":
            self.report.exported += 1
        else:
            self.report.sent += 1
        return outcome

    def _tries(self, sender: Sender[Any], part: Part[Any]) -> Outcome:
        """Try until sent, or the failure is not worth another try in this run: temporary
        failures up to `sender.attempts` with backoff, `retry_after` waits while short."""
        backoffs = waits = 0
        while True:
            if sender.in_flight:
                self.marks.tried(part.letter.row.id)
            outcome = sender.send(part)
            if outcome.kind == "retry_after":
                if outcome.seconds > MAX_WAIT:
                    return Outcome("failed", text=outcome.text)
                self.waits.sleep(outcome.seconds)
                waits += 1
                if waits >= RETRY_AFTER_TRIES:
                    return Outcome("failed", text=t(SLOW_DOWN.get(sender.channel,
                                                                  N_("Telegram keeps asking to slow down; the rest waits for the next send."))))
                continue
            if outcome.retryable and backoffs + 1 < sender.attempts:
                self.waits.backoff(backoffs)
                backoffs += 1
                continue
            return outcome

    def _failed(self, sender: Sender[Any], letter: Letter, outcome: Outcome) -> None:
        row_id, guardian_id = letter.row.id, letter.row.guardian_id
        if outcome.kind == "unknown":
            self.marks.unknown(row_id, outcome.text)
            self.report.newly_unknown += 1
            return
        self.marks.failed(row_id, outcome.text, retryable=not outcome.permanent)
        self.report.failed += 1
        if outcome.blocked and guardian_id is not None:
            set_preferences(self.batch.db, guardian_id, opt_out=[sender.channel])
            audit.record(self.batch.db, f"{sender.channel}_blocked", "guardian", guardian_id)


def _lost_in_a_row(channel: str, count: int) -> str:
    """Why a channel's other `count` rows wait: two in a row were lost in doubt."""
    if channel == "email":
        return tn("The mail server cut the connection twice in a row just after a letter had left; {n} more letter waits for the next send.",
                  "The mail server cut the connection twice in a row just after a letter had left; {n} more letters wait for the next send.",
                  count)
    return tn("{channel} gave no answer twice in a row just after a message had left; {n} more message waits for the next send.",
              "{channel} gave no answer twice in a row just after a message had left; {n} more messages wait for the next send.",
              count, channel=channel_label(channel))
