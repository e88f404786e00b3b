"""The demo's messages: one sent a week ago (deliveries recorded as a real send would have
left them, no network needed) and one composed and waiting to be sent."""

from __future__ import annotations

from datetime import timedelta

import sqlite_utils

from outreach.common import clock
from outreach.messages import compose, templates


def fill_demo_messages(db: sqlite_utils.Database) -> None:
    sent_at = (clock.now() - timedelta(days=7)).replace(hour=18, minute=5, second=0, microsecond=0)
    tpl = templates.find("ru/dark-season-reflectors")
    message_id = compose.create_message(db, tpl, audience=["all"], mode="preferred",
                                        broadcast=["vk_group", "site", "paper"], moment=sent_at)
    rows = db.execute("SELECT id, channel FROM deliveries WHERE message_id = ? AND status = 'queued' ORDER BY id",
                      [message_id]).fetchall()
    # status, error, retryable, external id, sent at, updated at, delivery id
    updates: list[tuple[str, str | None, int, str | None, str | None, str, int]] = []
    for index, (row_id, channel) in enumerate(rows):
        stamp = (sent_at + timedelta(seconds=2 * index)).isoformat(timespec="seconds")
        if channel == "email" and index % 7 == 3:
            updates.append(("failed", "550 5.1.1 Mailbox unavailable", 0, None, None, stamp, row_id))
        elif channel == "email":
            updates.append(("sent", None, 0, f"<demo.{message_id}.{row_id}@school7.ru>", stamp, stamp, row_id))
        elif channel == "telegram":
            updates.append(("sent", None, 0, str(1000 + index), stamp, stamp, row_id))
        else:
            updates.append(("exported", None, 0, None, stamp, stamp, row_id))
    with db.atomic():
        db.conn.executemany(
            "UPDATE deliveries SET status = ?, error = ?, retryable = ?, external_id = ?, sent_at = ?,"
            " updated_at = ?, attempts = 1 WHERE id = ?", updates)
        db.execute("UPDATE messages SET created_at = ? WHERE id = ?",
                   [sent_at.isoformat(timespec="seconds"), message_id])
    compose.create_message(db, templates.find("ru/parent-meeting"), audience=["group:10А"], mode="duplicate",
                           values={"date": "25 сентября", "time": "18:30", "place": "кабинет 12",
                                   "topic": "подготовка к экзамену по ПДД и конкурс «Моя автомобильная семья»"})
