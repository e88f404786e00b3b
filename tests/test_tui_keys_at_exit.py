"""Keys that reach the app while it closes, after its last screen has gone, do nothing: they
failed the closing with «No screens on stack» (a burst right before the end of a Pilot test,
on a loaded machine)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import events

from outreach_screens.app import OutreachApp, make_app
from tests.tui_support import burst, settle

SIZE = (80, 24)


def busy_until_the_screens_are_gone(app: OutreachApp, gone: list[bool]) -> None:
    """Keep the app on one callback until its screens are gone, as a busy app is while it
    closes; what comes to it meanwhile waits in its queue."""
    async def busy() -> None:
        while app.screen_stack:
            await asyncio.sleep(0)
        gone.append(True)

    app.call_later(busy)


async def test_a_key_coming_back_up_as_the_app_closes_does_nothing(db_path: Path) -> None:
    """A key the focused widget does not use travels back up to the app for its bindings;
    it came after the screens had gone, and Textual looked up the bindings of no screen."""
    app = make_app(db_path)
    gone: list[bool] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "x")  # handed to the roster's table, which has no «x»
        busy_until_the_screens_are_gone(app, gone)
    assert gone == [True]


async def test_a_burst_queued_as_the_app_closes_does_nothing(db_path: Path) -> None:
    """Keys and a paste still queued when the screens go: the gate asked where the focus was."""
    app = make_app(db_path)
    gone: list[bool] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        busy_until_the_screens_are_gone(app, gone)
        burst(app, "x", "enter", "y", "tab")
        app.post_message(events.Paste("Ольга"))
    assert gone == [True]
