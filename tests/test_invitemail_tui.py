"""When and where an invitation's event is, set in the answers dialog (Pilot, 80×24, keyboard
only, in English and Russian): a refused time is named under the fields, a good one is saved
and shown in the summary; the Inbox's fetch says how many e-mail answers it tallied."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from textual.widgets import Button, Static

from outreach.common.formats import parse_moment
from outreach.common.i18n import set_language
from outreach.messages import compose, rsvp, templates
from outreach.messages.delivery.send import send_message
from outreach_screens.app import make_app
from outreach_screens.inbox.screen import InboxScreen
from outreach_screens.messages.event_dialog import EventDialog
from tests.inbox_support import ParentMail
from tests.messages_support import Mailbox, local_smtp, parents
from tests.test_rsvp_tui import SIZE, invitation, open_answers
from tests.tui_support import open_section, settle, until


async def test_the_event_is_typed_checked_and_saved(db: sqlite_utils.Database, db_path: Path) -> None:
    mid, _ = invitation(db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_answers(pilot, app)
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EventDialog)
        save = dialog.query_one("#save", Button)
        assert save.region.bottom <= SIZE[1] and save.region.right <= SIZE[0]  # the whole form at 80×24
        await pilot.press(*"завтра", "enter")
        await settle(pilot)
        error = str(dialog.query_one("#form-error", Static).render())
        assert error.startswith("When (ДД.ММ.ГГГГ ЧЧ:ММ): «завтра» is not a date and time")
        assert rsvp.event_of(db, mid) is None
        dialog.field_input("when").value = ""
        await pilot.press(*"03.12.2030 18:30", "tab", "backspace", "backspace", *"90", "tab", *"каб. 12", "ctrl+s")
        await until(pilot, lambda: screen.tally is not None and screen.tally.event is not None)
        event = rsvp.event_of(db, mid)
        assert event is not None and (event.minutes, event.place) == (90, "каб. 12")
        assert f"{event.start:%d.%m.%Y %H:%M}" == "03.12.2030 18:30"
        assert rsvp.buttons_for(db, mid) == mid  # the event puts the answer buttons on
        assert "Event: 03.12.2030 18:30, 90 min., каб. 12." in str(screen.summary.render())


async def test_in_russian(db: sqlite_utils.Database, db_path: Path) -> None:
    mid, _ = invitation(db)
    rsvp.set_event(db, mid, parse_moment("03.12.2030 18:30"), place="спортзал")
    set_language("ru")
    try:
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_answers(pilot, app)
            assert "Событие: 03.12.2030 18:30, 60 мин., спортзал." in str(screen.summary.render())
            await pilot.press("ц")  # the same key on the Russian layout
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, EventDialog)
            assert dialog.field_input("when").value == "03.12.2030 18:30"
            assert dialog.field_input("place").value == "спортзал"
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen and rsvp.event_of(db, mid) is not None
    finally:
        set_language("en")



@pytest.fixture
def outbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        yield box


async def test_the_inbox_fetch_says_it_tallied_an_e_mail_answer(db: sqlite_utils.Database, db_path: Path,
                                                                outbox: Mailbox, parent_mail: ParentMail,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (gid,) = parents(db, 1)
    mid = compose.create_message(db, templates.find("ru/ice-safety"), audience=[f"guardian:{gid}"])
    rsvp.set_event(db, mid, parse_moment("03.12.2030 18:30"))
    assert send_message(db, mid).sent == 1
    parent_mail.configure(db, monkeypatch)
    parent_mail.deliver("parent0@example.ru", "Не смогу, простите.", answers=str(outbox.messages[0]["Message-ID"]))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "6", InboxScreen)
        await pilot.press("f")
        await until(pilot, lambda: any("Answers to invitations recorded: 1." in str(n.message)
                                       for n in app._notifications))
        await until(pilot, lambda: screen.table.row_count == 1)
    assert rsvp.tally(db, mid).no == 1
