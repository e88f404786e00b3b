"""A Russian teacher's and a cron script's hands on scheduled sends, invitations with answers
and the delivery log (seventh pass): each test is a slip or a surprise met there, and fails
without its fix."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils

from outreach.messages import compose, outbox, rsvp, templates
from outreach.messages.delivery.due import send_due
from outreach.messages.delivery.labels import count_label
from outreach.messages.rsvp_mail import answer_in_text
from outreach_screens.app import make_app
from tests.conftest import Cli
from tests.messages_support import Mailbox, local_smtp, parents
from tests.tui_support import open_message_list, screen_lines, settle

INVITATION = 2  # the demo's parent-meeting invitation to 10А (a draft, queued)


def test_rsvp_json_lists_who_is_coming_by_guardian_id(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """The scripting contract says `message rsvp ID --json` → {"yes": [guardian ids], "no": […],
    "none": […]}; it printed counts ("yes": 1) and the silent ones as "silent": 5, so a script
    could not say whom to call."""
    assert cli("message", "rsvp", str(INVITATION), "--ask").exit_code == 0
    invited = [p.guardian_id for p in rsvp.tally(demo_db, INVITATION).people]
    coming, not_coming, *silent = invited
    with demo_db.atomic():
        for gid, said in ((coming, "Да, придём"), (not_coming, "не сможем")):
            answer = answer_in_text(said)
            assert answer is not None
            rsvp.record_answer(demo_db, INVITATION, answer, [gid], "email")
    document = cli.json("message", "rsvp", str(INVITATION))
    assert document["yes"] == [coming] and document["no"] == [not_coming]
    assert sorted(document["none"]) == sorted(silent)
    assert document["counts"] == {"yes": 1, "no": 1, "none": len(silent)}


def test_send_due_sends_later_what_waited_for_its_channel_at_the_scheduled_time(
        db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A message scheduled for 08:30 went out in part (the class's VK post written), its
    e-mails waiting: the mail server was not set up yet (or down) at 08:30. Every later run of
    `send-due` (cron, the open app) left them for ever: the message was no longer
    «scheduled» and its rows had no quiet-hours time, so nobody sent them."""
    ids = parents(db, 2)
    for key in ("HOST", "PORT", "SECURITY", "FROM"):
        monkeypatch.delenv(f"OUTREACH_SMTP_{key}", raising=False)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"), audience=["all"],
                                        broadcast=["vk_group"])
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T18:00")
    outbox.schedule(db, message_id, datetime(2026, 12, 1, 8, 30).astimezone())
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T08:30")
    first = send_due(db)
    assert (first.messages, first.exported, first.waiting, first.sent) == ([message_id], 1, 2, 0)
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T08:35")
    assert send_due(db).messages == []  # still no mail server: nothing to do, nothing said again
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T08:40")
        later = send_due(db)
        assert (later.messages, later.sent, later.exported) == ([message_id], 2, 0)
        assert sorted(box.recipients()) == sorted(f"parent{i}@example.ru" for i in range(len(ids)))
        assert send_due(db).messages == []  # nothing twice
    assert len(box.messages) == 2


async def test_the_messages_list_shows_every_delivery_count_at_80_columns(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """The messages list (m) at 80×24 in Russian showed «в файлах» alone in its Deliveries
    column: the numbers and the rest («ошибка 2», «в очереди 3», «отправлено 19») were cut at
    the screen's edge, so two failed deliveries did not show there. The counts now wrap."""
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await open_message_list(pilot, 2)
        await settle(pilot)
        shown = " ".join(screen_lines(app)).split()
        for row in listing.rows:
            words = ", ".join(f"{count_label(k)} {v}" for k, v in row.counts.items()).split()
            assert all(word in shown for word in words), (row.id, words)
        assert "ошибка" in shown
