"""Sending what is due without the teacher: scheduled messages whose time has come and
deliveries quiet hours held back whose window has ended. Run by `outreach send-due` (cron,
a systemd user timer) and by the open app every minute; safe to run in several processes
at once: each message is claimed by one sender at a time (BEGIN IMMEDIATE, see `send`), the
others skip it, and rows already sent are never taken again."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlite_utils

from outreach.common import clock
from outreach.messages.compose import message_states
from outreach.messages.delivery.send import SenderBusy, SendReport, send_message, settle_interrupted

TIMER_NAME = "outreach-send-due"


@dataclass
class DueReport:
    """What one `send-due` run did over every due message (`--json`, key for key): the
    `SendReport`s of its messages added up by `add`, the one place their facts meet."""

    sent: int = 0
    deferred: int = 0
    unknown: int = 0
    failed: int = 0
    exported: int = 0
    waiting: int = 0
    messages: list[int] = field(default_factory=list)
    busy: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why rows wait (a channel not set up, down, dropping)

    @property
    def anything(self) -> bool:
        return bool(self.sent or self.deferred or self.unknown or self.failed or self.exported)

    def add(self, message_id: int, sent: SendReport) -> None:
        """Count in one message's run: its rows that became unknown in this run (not those
        unknown before), its rows left waiting on every channel, and why they wait (each
        reason once)."""
        self.messages.append(message_id)
        self.sent += sent.sent
        self.deferred += sent.deferred
        self.unknown += sent.newly_unknown
        self.failed += sent.failed
        self.exported += sent.exported
        self.waiting += sum(sent.waiting.values())
        self.problems += [p for p in dict.fromkeys(sent.problems) if p not in self.problems]


def due_messages(db: sqlite_utils.Database, now: datetime | None = None) -> list[int]:
    """Ids of messages with something to send at `now`: scheduled ones whose time has come
    (and nothing of which has gone yet), and ones with rows deferred until `now` or earlier."""
    moment = now or clock.now()
    due: set[int] = set()
    scheduled = dict(db.execute("SELECT id, send_at FROM messages WHERE send_at IS NOT NULL").fetchall())
    for mid, state in message_states(db, list(scheduled)).items():
        if state == "scheduled" and datetime.fromisoformat(scheduled[mid]) <= moment:
            due.add(mid)
    for mid, stamp in db.execute("SELECT DISTINCT message_id, not_before FROM deliveries"
                                 " WHERE status = 'queued' AND not_before IS NOT NULL"):
        if datetime.fromisoformat(stamp) <= moment:
            due.add(mid)
    # A scheduled message that went out in part: rows that waited for their channel (the mail
    # server down at its time, the bot not set up yet) never left, and nobody was there to
    # send them again; they go once their channel can take them.
    left = [mid for (mid,) in db.execute(
        "SELECT DISTINCT d.message_id FROM deliveries d JOIN messages m ON m.id = d.message_id"
        " WHERE m.send_at IS NOT NULL AND d.status = 'queued' AND d.not_before IS NULL")]
    for mid, state in message_states(db, left).items():
        if state == "sent" and mid not in due:
            rehearsal = send_message(db, mid, moment=moment, dry_run=True, replan=False)
            if rehearsal.sent or rehearsal.exported:
                due.add(mid)
    return sorted(due)


def send_due(db: sqlite_utils.Database) -> DueReport:
    """Send every due message now; quiet hours and consent are judged again per row as it
    goes. A message another process is sending is left to it (listed in `busy`). Parents a
    message skipped when it was planned stay skipped: only the teacher's send adds them."""
    report = DueReport()
    settle_interrupted(db)  # rows a killed sender left in flight: unknown, never taken again
    for message_id in due_messages(db):
        try:
            report.add(message_id, send_message(db, message_id, replan=False))
        except SenderBusy:
            report.busy.append(message_id)
    return report


def _quoted(text: str) -> str:
    """One word of a systemd ExecStart line, quoted C-style; % doubled (a unit specifier)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def timer_units(db_path: Path, interval_minutes: int = 5) -> dict[str, str]:
    """The systemd user service and timer that run `send-due` for this database."""
    command = " ".join(_quoted(part) for part in
                       (sys.executable, "-m", "outreach", "--db", str(db_path.resolve()), "send-due"))
    service = ("[Unit]\nDescription=outreach: send scheduled and held-back messages\n\n"
               f"[Service]\nType=oneshot\nExecStart={command}\n")
    timer = ("[Unit]\nDescription=outreach: send due messages every few minutes\n\n"
             f"[Timer]\nOnCalendar=*:0/{interval_minutes}\nPersistent=true\n\n"
             "[Install]\nWantedBy=timers.target\n")
    return {f"{TIMER_NAME}.service": service, f"{TIMER_NAME}.timer": timer}


def systemd_user_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def install_timer(db_path: Path) -> list[Path]:
    """Write the units under ~/.config/systemd/user (XDG_CONFIG_HOME honoured); enabling
    them stays the teacher's step (`systemctl --user enable --now outreach-send-due.timer`)."""
    folder = systemd_user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in timer_units(db_path).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
