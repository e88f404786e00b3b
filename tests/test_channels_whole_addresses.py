"""A parent's channel list in the Channels section never cuts an address: at 80 columns, where
an e-mail or a phone would not fit its column, the column goes and the line under the list
names the highlighted channel's address whole; a wide terminal keeps the column."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from textual.pilot import Pilot

from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.channels.screen import ChannelsScreen
from tests.tui_support import open_section, screen_lines, settle

LONG_EMAIL = "valentina.kuznetsova.roditel@school-parents.example.ru"


async def _channels_of(pilot: Pilot, name: str) -> ChannelsScreen:
    screen = await open_section(pilot, "2", ChannelsScreen)
    await pilot.press("slash")
    screen.finder.search_input.value = name
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")  # into the parent's channel list
    await settle(pilot)
    return screen


def _a_parent_with_a_long_email(db: sqlite_utils.Database) -> str:
    guardian = next(g for g in roster.list_guardians(db) if g.email)
    db.execute("UPDATE guardians SET email = ? WHERE id = ?", [LONG_EMAIL, guardian.id])
    db.conn.commit()
    return guardian.full_name


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_no_address_is_cut_and_the_highlighted_one_reads_whole(
        russian: None, demo_db: sqlite_utils.Database, db_path: Path, size: tuple[int, int]) -> None:
    name = _a_parent_with_a_long_email(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        screen = await _channels_of(pilot, name)
        prefs = screen.prefs_list
        assert app.focused is prefs
        rows = prefs.rows
        email = next(i for i, row in enumerate(rows) if row.channel == "email")
        prefs.cursor = email
        await settle(pilot)
        lines = screen_lines(app)
        region = prefs.region
        shown = [lines[y][region.x:region.right] for y in range(region.y, region.bottom)]
        for row, line in zip(rows, shown, strict=False):
            head = row.address[:6]
            assert row.address == "—" or head not in line or row.address in line, (row, line)
        assert any(LONG_EMAIL in line for line in shown) == (size[0] >= 200)
        detail = " ".join(lines[y][region.x:region.right].strip()
                          for y in range(screen.channel_detail.region.y, screen.channel_detail.region.bottom))
        assert LONG_EMAIL in detail.replace(" ", "") or LONG_EMAIL in detail
