"""The footer draws its keys on one widget per line: a click on a key presses it, hovering a
key shows what it does, and the footer is rebuilt only when its keys change."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach_screens.app import make_app
from outreach_screens.help import HelpScreen
from outreach_screens.widgets.key_footer import FooterLine, KeyFooter
from tests.tui_support import footer_text, settle

SIZE = (80, 24)


async def test_a_click_on_a_key_presses_it_and_hovering_shows_its_tooltip(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = {key.key_display: key for key in app.screen.query_one(KeyFooter).shown_keys()}
        help_key = keys["?"]
        assert help_key.text == "? Help" and help_key.text in footer_text(app.screen)
        line = next(line for line in app.screen.query(FooterLine) if line.region.y == help_key.region.y)
        await pilot.hover(offset=(help_key.region.x + 1, help_key.region.y))
        assert line.tooltip == "List the keys of this screen"
        await pilot.hover(offset=(help_key.region.right, help_key.region.y))  # the gap after it
        assert line.tooltip is None
        await pilot.click(offset=(help_key.region.right, help_key.region.y))
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        await pilot.click(offset=(help_key.region.x, help_key.region.y))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_the_same_keys_are_not_mounted_again_when_the_focus_moves(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        lines = list(footer.query(FooterLine))
        shown = footer.shown_keys()
        await pilot.press("down", "down")
        await settle(pilot)
        assert list(footer.query(FooterLine)) == lines and footer.shown_keys() == shown
        await pilot.press("slash")  # the search field: other keys, a new footer
        await settle(pilot)
        assert footer.shown_keys() != shown and list(footer.query(FooterLine)) != lines
