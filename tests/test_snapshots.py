"""Snapshots of every section on the demo data, in Russian and English, at 80×24 and 120×36.

The clock is frozen (the demo data's dates follow it), so the pictures are the same on every
run. After a change to what a screen shows, look at the report pytest prints
(snapshot_report.html), and if the new picture is right, regenerate them all with

    .venv/bin/python -m pytest tests/test_snapshots.py --snapshot-update

(it runs in one process by itself: see tests/conftest.py). The SVGs are kept in
tests/__snapshots__/test_snapshots/.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils
from textual.pilot import Pilot

from outreach.common.i18n import set_language
from outreach_screens.app import make_app
from outreach_screens.sections import SECTIONS
from tests.tui_support import settle

FROZEN_NOW = "2026-11-30T10:00:00+03:00"
SIZES = {"80x24": (80, 24), "120x36": (120, 36)}


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fixed moment in a fixed zone: the demo data and every date shown follow it."""
    monkeypatch.setenv("OUTREACH_NOW", FROZEN_NOW)
    monkeypatch.setenv("TZ", "Europe/Moscow")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def open_section(key: str) -> Callable[[Pilot], object]:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        pilot.app.screen.set_focus(None)  # no blinking cursor in the picture

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("section", [s.id for s in SECTIONS])
def test_section(section: str, lang: str, size: str, frozen: None, demo_db: sqlite_utils.Database,
                 db_path: Path, monkeypatch: pytest.MonkeyPatch, snap_compare) -> None:
    monkeypatch.setenv("OUTREACH_LANG", lang)
    set_language(lang)
    key = next(s.key for s in SECTIONS if s.id == section)
    assert snap_compare(make_app(db_path), terminal_size=SIZES[size], run_before=open_section(key))
