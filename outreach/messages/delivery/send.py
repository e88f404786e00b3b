"""Sending a message: take only queued and retryable rows, at most once each.

Each row is marked `sending` (committed, with the e-mail's Message-ID made beforehand)
before it leaves and `sent` after; every try counts in `attempts`. A delivery whose outcome
is unknown (the data left, the answer did not come back) becomes `unknown`: shown to the
teacher, never resent automatically, and the run goes on with the next parent. A row found
`sending` by a later run was cut off by a crash and becomes `unknown` too. A long Telegram
message goes in parts, each recorded as it is delivered; a resend starts from the first
part not delivered. One sender per message at a time (its pid is kept on the message while
it runs). Consent, opt-outs and quiet hours are judged per row at the moment of sending;
quiet hours defer, never drop.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import sqlite_utils

from outreach.channels.preferences import set_preferences
from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.messages.compose import (
    DIRECT,
    Judge,
    Message,
    addresses,
    get_message,
    pending_rows,
    recipient_contexts,
)
from outreach.messages.delivery import exported
from outreach.messages.delivery.smtp import (
    DeliveryError,
    InDoubt,
    SmtpSender,
    Unreachable,
    build_email,
    new_message_id,
    smtp_config,
)
from outreach.messages.delivery.telegram import Blocked, TelegramSender, split_text, telegram_config
from outreach.messages.markup import to_html, to_telegram, to_text
from outreach.messages.templates import render
from outreach.settings.secrets import redact
from outreach.settings.values import all_settings
from outreach.store import audit

Progress = Callable[[int, int], None]
SMTP_ATTEMPTS = 3


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    deferred: int = 0
    skipped: int = 0
    exported: int = 0
    unknown: int = 0
    newly_unknown: int = 0
    waiting: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    folder: str | None = None
    dry_run: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"sent": self.sent, "failed": self.failed, "deferred": self.deferred,
                "skipped": self.skipped, "unknown": self.unknown, "exported": self.exported,
                "newly_unknown": self.newly_unknown, "waiting": self.waiting,
                "problems": self.problems, "folder": self.folder, "dry_run": self.dry_run}


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


def _claim(db: sqlite_utils.Database, message_id: int) -> int:
    """Become the message's only sender, after settling what dead senders left `sending`.
    Returns how many of this message's rows became `unknown` so."""
    with _IN_PROCESS_LOCK:
        if message_id in _IN_PROCESS:
            raise SenderBusy(t("messages.send.busy", id=message_id, pid=os.getpid()))
        _IN_PROCESS.add(message_id)
    try:
        with db.atomic():
            row = db.execute("SELECT sender_pid FROM messages WHERE id = ?", [message_id]).fetchone()
            if row and row[0] and _pid_alive(int(row[0])):
                raise SenderBusy(t("messages.send.busy", id=message_id, pid=row[0]))
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
                 cancelled: Callable[[], bool] = lambda: False, timeout: float | None = None) -> SendReport:
    """Deliver the message's pending rows; returns what happened in this run. `sleep` waits
    between tries (default `clock.sleep`); `timeout` overrides the servers' answer timeouts."""
    message = get_message(db, message_id)
    report = SendReport(dry_run=dry_run)
    if dry_run:
        return _dry_run(db, message, moment, report)
    report.newly_unknown = _claim(db, message_id)
    try:
        _run(db, message, report, moment, folder, progress, _Waits(retry_delay, sleep or clock.sleep, timeout),
             cancelled)
    finally:
        _release(db, message_id)
        settle_interrupted(db)  # a row an unexpected error (or Ctrl-C) left in flight: unknown, not 'sending'
    report.unknown = int(db.execute("SELECT count(*) FROM deliveries WHERE message_id = ? AND status = 'unknown'",
                                    [message_id]).fetchone()[0])
    audit.record(db, "send", "message", message_id,
                 {k: v for k, v in report.as_dict().items() if k in ("sent", "failed", "deferred", "skipped",
                                                                      "exported", "newly_unknown")})
    return report


def _dry_run(db: sqlite_utils.Database, message: Message, moment: datetime | None, report: SendReport) -> SendReport:
    rows = pending_rows(db, message.id)
    judge = Judge(db, [g for _, g, _ in rows if g is not None], moment)
    settings = all_settings(db)
    configured = {"email": _safe_config(smtp_config, settings) is not None,
                  "telegram": telegram_config(settings) is not None}
    waiting: Counter[str] = Counter()
    for _, gid, channel in rows:
        verdict = judge.verdict(gid, channel)
        if verdict.action == "skip":
            report.skipped += 1
        elif verdict.action == "defer":
            report.deferred += 1
        elif channel in DIRECT and not configured[channel]:
            waiting[channel] += 1
        elif channel in DIRECT:
            report.sent += 1
        else:
            report.exported += 1
    report.waiting = dict(waiting)
    report.unknown = int(db.execute("SELECT count(*) FROM deliveries WHERE message_id = ? AND status = 'unknown'",
                                    [message.id]).fetchone()[0])
    return report


@dataclass(frozen=True)
class _Waits:
    """How long to wait: before a retry (doubling each time), and for a server's answer."""
    retry_delay: float
    sleep: Callable[[float], None]
    timeout: float | None

    def backoff(self, attempt: int) -> None:
        self.sleep(self.retry_delay * 2 ** attempt)


def _safe_config(factory, settings):  # type: ignore[no-untyped-def]
    try:
        return factory(settings)
    except OutreachError:
        return None


def _run(db: sqlite_utils.Database, message: Message, report: SendReport, moment: datetime | None,
         folder: Path | None, progress: Progress | None, waits: _Waits, cancelled: Callable[[], bool]) -> None:
    rows = pending_rows(db, message.id)
    marks = _Rows(db)
    guardians = sorted({g for _, g, _ in rows if g is not None})
    judge = Judge(db, guardians, moment)
    settings = all_settings(db)
    base = message.base(settings)
    contexts = recipient_contexts(db, guardians, base, message.lang)
    contacts = addresses(db, guardians)
    total, done = len(rows), 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    go: dict[str, list[tuple[int, int | None]]] = {}
    for row_id, gid, channel in rows:
        verdict = judge.verdict(gid, channel)
        if verdict.action == "skip" or (gid is not None and gid not in contexts):
            marks.skipped(row_id, verdict.reason or "forgotten")
            report.skipped += 1
            tick()
        elif verdict.action == "defer":
            assert verdict.until is not None
            marks.deferred(row_id, verdict.until)
            report.deferred += 1
            tick()
        else:
            go.setdefault(channel if channel in DIRECT else "files", []).append((row_id, gid))
    if go.get("files"):
        target = folder or (Path(message.folder) if message.folder else exported.default_folder(db, message))
        with db.atomic():
            for row_id, _ in go["files"]:
                marks.sent(row_id, None, status="exported")
            db.execute("UPDATE messages SET folder = ? WHERE id = ?", [str(target), message.id])
        exported.write_folder(db, message, target)
        report.exported += len(go["files"])
        report.folder = str(target)
        for _ in go["files"]:
            tick()
    rendered = _Renderer(message, contexts)
    if go.get("telegram"):
        _send_telegram(db, go["telegram"], settings, contacts, rendered, marks, report, judge, tick, waits, cancelled)
    if go.get("email"):
        _send_email(go["email"], settings, contacts, rendered, marks, report, judge, tick, waits, cancelled)


class _Renderer:
    def __init__(self, message: Message, contexts: dict[int, dict[str, object]]):
        self.message = message
        self.contexts = contexts

    def markdown(self, gid: int) -> tuple[str, str]:
        context = self.contexts[gid]
        subject = render(self.message.subject or self.message.title, context).strip()
        return subject, render(self.message.body, context)


def _still_go(judge: Judge, gid: int | None, channel: str, marks: _Rows, row_id: int, report: SendReport) -> bool:
    """Quiet hours may begin while a long batch runs: judge the row again right before it goes."""
    verdict = judge.verdict(gid, channel, now=judge.moment or clock.now())
    if verdict.action == "defer" and verdict.until:
        marks.deferred(row_id, verdict.until)
        report.deferred += 1
        return False
    return True


def _waiting(rows: list[tuple[int, int | None]], channel: str, reason: str, report: SendReport, tick) -> None:  # type: ignore[no-untyped-def]
    report.waiting[channel] = report.waiting.get(channel, 0) + len(rows)
    report.problems.append(reason)
    for _ in rows:
        tick()


def _in_doubt(marks: _Rows, row_id: int, exc: InDoubt, report: SendReport) -> None:
    marks.unknown(row_id, exc.text)
    report.newly_unknown += 1


def _send_telegram(db, rows, settings, contacts, rendered, marks, report, judge, tick, waits, cancelled):  # type: ignore[no-untyped-def]
    config = telegram_config(settings)
    if config is None:
        _waiting(rows, "telegram", t("messages.telegram.not_configured"), report, tick)
        return
    if waits.timeout is not None:
        config.timeout = waits.timeout
    with TelegramSender(config, sleep=waits.sleep) as sender:
        for row_id, gid in rows:
            if cancelled():
                break
            if not _still_go(judge, gid, "telegram", marks, row_id, report):
                tick()
                continue
            _, markdown = rendered.markdown(gid)
            marks.sending(row_id)
            try:
                first = _telegram_parts(sender, marks, row_id, contacts[gid]["telegram"], to_telegram(markdown))
            except InDoubt as exc:
                _in_doubt(marks, row_id, exc, report)
            except Blocked as exc:
                marks.failed(row_id, exc.text, retryable=False)
                report.failed += 1
                set_preferences(db, gid, opt_out=["telegram"])
                audit.record(db, "telegram_blocked", "guardian", gid)
            except DeliveryError as exc:
                marks.failed(row_id, exc.text, retryable=not exc.permanent)
                report.failed += 1
            else:
                marks.sent(row_id, first)
                report.sent += 1
            tick()


def _telegram_parts(sender: TelegramSender, marks: _Rows, row_id: int, chat_id: str, text: str) -> str:
    """Send the parts not delivered yet, recording each as it arrives; the first part's id."""
    done = marks.parts(row_id)
    for part, chunk in enumerate(split_text(text)):
        if part not in done:
            done[part] = sender.send_part(chat_id, chunk, tried=lambda: marks.tried(row_id))
            marks.part_sent(row_id, part, done[part])
    return done.get(0, "")


def _send_email(rows, settings, contacts, rendered, marks, report, judge, tick, waits, cancelled):  # type: ignore[no-untyped-def]
    try:
        config = smtp_config(settings)
    except OutreachError as exc:
        _waiting(rows, "email", exc.message, report, tick)
        return
    if config is None:
        _waiting(rows, "email", t("messages.smtp.not_configured"), report, tick)
        return
    if waits.timeout is not None:
        config.timeout = waits.timeout
    limit = _RateLimit(config.rate, waits.sleep)
    known = marks.external_ids([row_id for row_id, _ in rows])
    with SmtpSender(config) as sender:
        for index, (row_id, gid) in enumerate(rows):
            if cancelled():
                break
            if not _still_go(judge, gid, "email", marks, row_id, report):
                tick()
                continue
            subject, markdown = rendered.markdown(gid)
            message_id = known.get(row_id) or new_message_id(config)
            mail = build_email(config, contacts[gid]["name"], contacts[gid]["email"], subject,
                               to_text(markdown), to_html(markdown), message_id)
            limit.wait()
            marks.sending(row_id, message_id)
            try:
                _email_tries(sender, mail, marks, row_id, waits)
            except InDoubt as exc:
                _in_doubt(marks, row_id, exc, report)
            except DeliveryError as exc:
                marks.failed(row_id, exc.text, retryable=not exc.permanent)
                report.failed += 1
                if isinstance(exc, Unreachable):  # nothing else can go now: the rest waits for the next send
                    rest = rows[index + 1:]
                    if rest:
                        _waiting(rest, "email", exc.text, report, tick)
                    tick()
                    return
            else:
                marks.sent(row_id, message_id)
                report.sent += 1
            tick()


def _email_tries(sender: SmtpSender, mail: EmailMessage, marks: _Rows, row_id: int, waits: _Waits) -> None:
    """Up to SMTP_ATTEMPTS tries with backoff while the refusal is temporary; raises the last error."""
    for attempt in range(SMTP_ATTEMPTS):
        marks.tried(row_id)
        try:
            sender.send(mail)
            return
        except DeliveryError as exc:
            if exc.permanent or exc.later or attempt + 1 == SMTP_ATTEMPTS:
                raise
            waits.backoff(attempt)
