"""The demo's inbox: parents' answers to the demo's sent message, as a fetch would have kept
them (an e-mail reply, a Telegram thanks, a child's absence written this morning), so the
Inbox shows threads, an unread count and an absence at first sight."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlite_utils

from outreach.common import clock
from outreach.inbox.model import Incoming
from outreach.inbox.store import keep

_THANKS = "Спасибо за напоминание! Световозвращатели купили, теперь висят на рюкзаке."
_QUESTION = ("Добрый вечер! А в школе их можно будет купить? В магазинах рядом с нами "
             "не нашли.")
_ABSENCE = "Здравствуйте! {child} сегодня не придёт в школу: температура. Справку принесём."


def fill_demo_inbox(db: sqlite_utils.Database) -> None:
    """Three parents answer the sent demo message; the morning's absence note is unread."""
    sent = db.execute(
        "SELECT d.guardian_id, d.channel, d.external_id, gc.address FROM deliveries d"
        " LEFT JOIN guardian_channels gc ON gc.guardian_id = d.guardian_id AND gc.channel = 'telegram'"
        " WHERE d.status = 'sent' AND d.channel IN ('email', 'telegram') ORDER BY d.id").fetchall()
    mails = [(gid, ref) for gid, channel, ref, _ in sent if channel == "email"]
    chats = [(gid, ref, chat) for gid, channel, ref, chat in sent if channel == "telegram" and chat]
    if len(mails) < 2 or not chats:
        return
    now = clock.now().replace(microsecond=0)
    week = now - timedelta(days=6)
    items = [_mail(db, mails[0], _THANKS, week.replace(hour=19, minute=12, second=0)),
             _mail(db, mails[1], _QUESTION, week.replace(hour=21, minute=40, second=0))]
    guardian, ref, chat = chats[0]
    child = db.execute("SELECT s.name FROM students s JOIN student_guardians sg ON sg.student_id = s.id"
                       " WHERE sg.guardian_id = ? ORDER BY s.id", [guardian]).fetchone()[0]
    morning = min(now.replace(hour=7, minute=42, second=0), now - timedelta(minutes=5))
    items.append(Incoming("telegram", f"{chat}:9001", chat, _ABSENCE.format(child=child), morning, answers=(ref,)))
    with db.atomic():
        keep(db, items)
        first = db.execute("SELECT thread_id FROM inbox_messages WHERE external_id = ?",
                           [f"<demo-reply.{mails[0][0]}@mail.ru>"]).fetchone()[0]
        db.execute("UPDATE inbox_threads SET unread = 0 WHERE id = ?", [first])  # read a week ago


def _mail(db: sqlite_utils.Database, sent: tuple[int, str], body: str, at: datetime) -> Incoming:
    guardian, ref = sent
    address = db.execute("SELECT email FROM guardians WHERE id = ?", [guardian]).fetchone()[0]
    return Incoming("email", f"<demo-reply.{guardian}@mail.ru>", address, body, at,
                    subject="Re: Памятка: станьте заметнее на дороге", answers=(ref,), references=(ref,))
