"""Answers by button in the app: the messages list opens a message's answers (Pilot, 80×24,
keyboard only, in English and Russian); B adds the buttons, N drafts a reminder."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.common.i18n import set_language
from outreach.messages import compose, rsvp, templates
from outreach_screens.app import make_app
from outreach_screens.messages.outbox import MessageListScreen
from outreach_screens.messages.rsvp_dialog import RsvpScreen
from tests.messages_support import parents
from tests.tui_support import open_message_list, settle, until

SIZE = (80, 24)


def invitation(db: sqlite_utils.Database) -> tuple[int, list[int]]:
    gids = parents(db, 3, channel="telegram")
    mid = compose.create_message(db, templates.find("ru/ice-safety"), audience=["group:10А"])
    return mid, gids


async def open_answers(pilot, app) -> RsvpScreen:  # type: ignore[no-untyped-def]
    await open_message_list(pilot, 1)
    await pilot.press("a")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, RsvpScreen)
    await until(pilot, lambda: screen.tally is not None)
    return screen


def cells(screen: RsvpScreen) -> list[list[str]]:
    return [[str(c) for c in screen.table.get_row_at(i)] for i in range(screen.table.row_count)]


async def test_answers_buttons_and_reminder_by_keyboard(db: sqlite_utils.Database, db_path: Path) -> None:
    mid, gids = invitation(db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_answers(pilot, app)
        assert "no answer buttons yet" in str(screen.summary.render())
        await pilot.press("b")
        await until(pilot, lambda: screen.tally is not None and screen.tally.asked)
        assert rsvp.buttons_for(db, mid) == mid

        with db.atomic():  # two parents press in Telegram
            rsvp.record(db, rsvp.payload(mid, "yes"), [gids[0]], "telegram")
            rsvp.record(db, rsvp.payload(mid, "no"), [gids[1]], "telegram")
        await pilot.press("n")
        await until(pilot, lambda: any("Reminder draft" in str(n.message) for n in app._notifications))
        reminder = max(m for (m,) in db.execute("SELECT id FROM messages"))
        assert rsvp.buttons_for(db, reminder) == mid
        assert db.execute("SELECT guardian_id, status FROM deliveries WHERE message_id = ?",
                          [reminder]).fetchall() == [(gids[2], "queued")]
        await until(pilot, lambda: screen.tally is not None and screen.tally.yes == 1)
        assert "coming 1, not coming 1, no answer 1" in str(screen.summary.render())
        assert sorted(row[2] for row in cells(screen)) == ["coming", "no answer", "not coming"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MessageListScreen)
        await until(pilot, lambda: app.screen.table.row_count == 2)


async def test_in_russian(db: sqlite_utils.Database, db_path: Path) -> None:
    mid, gids = invitation(db)
    rsvp.ask(db, mid)
    with db.atomic():
        rsvp.record(db, rsvp.payload(mid, "yes"), gids, "max")
    set_language("ru")
    try:
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_answers(pilot, app)
            assert "придут — 3, не смогут — 0, без ответа — 0." in str(screen.summary.render())
            assert {row[2] for row in cells(screen)} == {"придёт"}
            await pilot.press("т")  # the reminder key on a Russian layout: nobody is left
            await until(pilot, lambda: any("ответили все родители" in str(n.message) for n in app._notifications))
            assert db.execute("SELECT count(*) FROM messages").fetchone() == (1,)
    finally:
        set_language("en")


async def test_the_channel_is_where_the_answer_came_from(cli, db: sqlite_utils.Database, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Invited by e-mail, one parent answered in Telegram: the table (and message rsvp) say
    Telegram for her, and e-mail, where the invitation went, for the one yet to answer."""
    gids = parents(db, 2, channel="email")
    mid = compose.create_message(db, templates.find("ru/ice-safety"), audience=["group:10А"])
    rsvp.ask(db, mid)
    with db.atomic():
        rsvp.record(db, rsvp.payload(mid, "yes"), [gids[0]], "telegram")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_answers(pilot, app)
        assert sorted((row[1], row[2]) for row in cells(screen)) == [("Telegram", "coming"),
                                                                     ("e-mail", "no answer")]
    people = {p["guardian_id"]: p for p in cli.json("message", "rsvp", str(mid))["people"]}
    assert (people[gids[0]]["channel"], people[gids[0]]["answered_on"]) == ("email", "telegram")
    assert people[gids[1]]["answered_on"] is None
    assert "Telegram" in cli("message", "rsvp", str(mid)).stdout
