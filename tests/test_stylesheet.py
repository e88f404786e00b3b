"""The app's stylesheet is parsed again only as far as something changed: showing a section
again keeps the rules; a section's own CSS file still applies; another theme restyles, the
sections shown before it too."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach_screens.app import make_app
from outreach_screens.sections import SECTIONS
from tests.tui_support import settle


async def test_sections_shown_again_keep_their_rules_and_a_theme_restyles(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for section in SECTIONS:
            await pilot.press(section.key)
            await settle(pilot)
        rules = app.stylesheet.rules
        shown_css = {path for section in SECTIONS for path in app.get_screen_stack(section.id)[0].css_path}
        assert shown_css and all(app.stylesheet.has_source(str(path)) for path in shown_css)
        for section in SECTIONS:
            await pilot.press(section.key)
            await settle(pilot)
            assert app.stylesheet.rules is rules, section.id  # not parsed again
        await pilot.press(SECTIONS[0].key)
        await settle(pilot)
        screen = app.screen
        background = screen.styles.background
        app.theme = "nord" if app.theme != "nord" else "textual-light"
        await settle(pilot)
        assert app.stylesheet.rules is not rules
        assert screen.styles.background != background
        await pilot.press(SECTIONS[1].key)  # a section styled before the change
        await settle(pilot)
        assert app.screen is not screen and app.screen.styles.background == screen.styles.background
