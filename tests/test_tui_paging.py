"""The roster table pages rows from SQLite: 20,000 guardians open and scroll like 100."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.roster import guardians as roster
from outreach.store import search
from outreach_screens.app import make_app
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.widgets.paged_table import PagedTable
from tests.tui_support import settle, until

COUNT = 20_000
NOW = "2026-11-28T10:00:00"


def fill(db: sqlite_utils.Database, count: int = COUNT) -> None:
    """Many guardians, each with one child, written in one transaction."""
    with db.atomic():
        db.conn.executemany("INSERT INTO groups(id, name) VALUES (?, ?)",
                            [(i, f"{i}А") for i in range(1, 12)])
        db.conn.executemany(
            "INSERT INTO students(id, surname, name, patronymic, group_id, name_key, created_at,"
            " updated_at) VALUES (?, ?, ?, '', ?, ?, ?, ?)",
            [(i, f"Ученик{i:05d}", "Пётр", 1 + i % 11, f"s{i}", NOW, NOW)
             for i in range(1, count + 1)])
        db.conn.executemany(
            "INSERT INTO guardians(id, surname, name, patronymic, phone, name_key, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, f"Родитель{i:05d}", "Анна", "Ивановна", f"+7912{i:07d}", f"g{i}", NOW, NOW)
             for i in range(1, count + 1)])
        db.conn.executemany("INSERT INTO student_guardians VALUES (?, ?, 'mother')",
                            [(i, i) for i in range(1, count + 1)])
        search.reindex(db)


async def test_twenty_thousand_guardians_are_paged(db: sqlite_utils.Database,
                                                   db_path: Path) -> None:
    fill(db)
    last = roster.list_guardians(db, limit=1, offset=COUNT - 1)[0]
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        table = screen.finder.table
        assert table.row_count == COUNT
        assert table.virtual_size.height == COUNT + 1  # the header line, then one line per row
        assert table.loaded_row_count <= 2 * PagedTable.PAGE_SIZE  # only what is on screen

        await pilot.press("end")
        await settle(pilot)
        assert table.cursor == COUNT - 1
        assert table.highlighted_row is not None and table.highlighted_row.key == last.id
        assert screen.highlighted.id == last.id
        assert int(table.scroll_y) == table.max_scroll_y
        assert table.row_at(COUNT // 2) is None  # the rows scrolled past were never fetched
        assert table.loaded_row_count <= 4 * PagedTable.PAGE_SIZE  # first pages + last pages

        for _ in range(10):
            await pilot.press("pageup")
        await settle(pilot)
        assert table.cursor == COUNT - 1 - 10 * (table.region.height - 1)
        assert table.highlighted_row is not None
        assert table.loaded_row_count <= PagedTable.MAX_PAGES * PagedTable.PAGE_SIZE

        await pilot.press("home")
        await settle(pilot)
        assert table.cursor == 0 and table.highlighted_row.cells[0].startswith("Родитель00001")

        # search is an indexed query too
        await pilot.press("slash", *"19999")
        await until(pilot, lambda: table.row_count == 1)
        assert table.highlighted_row.cells[0].startswith("Родитель19999")
