"""While the app is open, MAX starts and button presses are picked up by the bots' watch
(Pilot against the local MAX server); a refusing MAX is reported once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from outreach.channels.max_link import deep_link, user_ids
from outreach.messages import compose, rsvp, templates
from outreach_screens.app import make_app
from outreach_screens.channels import telegram_watch
from tests.max_server import MaxServer
from tests.test_max_api import TOKEN
from tests.test_max_link import family, token_of
from tests.tui_support import recorded_notifications, until

SIZE = (80, 24)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MaxServer]:
    with MaxServer(TOKEN) as api:
        monkeypatch.setenv("OUTREACH_MAX_TOKEN", TOKEN)
        monkeypatch.setenv("OUTREACH_MAX_API", api.url)
        monkeypatch.delenv("OUTREACH_TELEGRAM_TOKEN", raising=False)
        monkeypatch.setattr("outreach.settings.secrets._from_keyring", lambda name: None)
        monkeypatch.setattr(telegram_watch, "POLL_SECONDS", 0.1)
        yield api


def said(notes: list[str], text: str) -> list[str]:
    return [note for note in notes if text in note]


async def test_starts_and_presses_are_picked_up_while_the_app_is_open(
        db: sqlite_utils.Database, db_path: Path, server: MaxServer, monkeypatch: pytest.MonkeyPatch) -> None:
    gid = family(db)
    server.start(4242, token_of(deep_link(db, gid)))
    app = make_app(db_path)
    notes = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: said(notes, "MAX linked, parents: 1"))
        assert user_ids(db, [gid]) == {gid: "4242"}
        mid = compose.create_message(db, templates.find("ru/ice-safety"), audience=[f"guardian:{gid}"])
        rsvp.ask(db, mid)
        server.press(4242, rsvp.payload(mid, "yes"))
        await until(pilot, lambda: said(notes, "Answers to invitations received: 1"))
        assert server.answers[0]["notification"] == "Спасибо, ждём вас!"
        assert rsvp.tally(db, mid).yes == 1


async def test_a_refusing_max_is_reported_once(db: sqlite_utils.Database, db_path: Path, server: MaxServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    family(db)
    monkeypatch.setenv("OUTREACH_MAX_TOKEN", "another-secret-max-token")
    app = make_app(db_path)
    notes = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(server.markers) == 0 and said(notes, "not being picked up"))
        await pilot.pause(0.5)
        warnings = said(notes, "not being picked up")
        assert len(warnings) == 1 and "401" in warnings[0] and "another-secret" not in warnings[0]
