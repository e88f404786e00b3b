"""The delivery log's message chooser reads whole at 80×24 in Russian: number and title."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.messages import compose
from outreach_screens.app import make_app
from outreach_screens.messages.screen import MessagesScreen
from tests.tui_support import open_section, screen_lines, until


async def test_the_chosen_message_reads_whole(demo_db: sqlite_utils.Database, db_path: Path,
                                              russian: None) -> None:
    newest = compose.list_messages(demo_db)[0]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.show_log(newest.id)
        await until(pilot, lambda: screen.log_view.message_id == newest.id)
        chooser = screen.log_view.message_select
        line = screen_lines(app)[chooser.region.y][chooser.region.x:chooser.region.right]
        shown = line.split("▼")[0].strip()
        assert shown == f"#{newest.id} {newest.title}", line  # and nothing after it cut off
