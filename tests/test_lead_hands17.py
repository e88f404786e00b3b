"""The lead's hands-on pass of session 17 (tmux, 80×24, Russian, the demo): each test is a
surprise met there, and fails without its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from textual.widgets import Input

from outreach_screens.app import make_app
from outreach_screens.messages.screen import MessagesScreen
from tests.test_real_hands import recorded_notes
from tests.test_tui_messages_slips import pick_template
from tests.tui_support import open_section, screen_lines, settle, until

SIZE = (80, 24)


async def test_fill_in_below_puts_the_typing_into_the_first_missing_value(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """«Не сохранено: заполните ниже: дата, время…» left the focus where it was (nowhere after
    Esc): the date typed next, «25 декабря», switched to Channels (2), then the Scoreboard (5)
    and ran its letters as commands there."""
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pick_template(pilot, "онлайн-собрание")
        await pilot.press("escape", "ctrl+s")
        await settle(pilot)
        assert any("Заполните ниже: дата" in note for note in notes)
        await pilot.press(*"25 декабря")
        await settle(pilot)
        assert app.screen is screen
        date = next(f for f in screen.options.query(".var-value").results(Input) if f.name == "date")
        assert date.value == "25 декабря" and app.focused is date


async def test_a_long_value_name_wraps_whole_beside_its_field(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """«ссылка на видеовстречу» showed as «ссылка на»: its second line was cut by the row."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pick_template(pilot, "онлайн-собрание")
        await until(pilot, lambda: link_field(screen) is not None)
        field = link_field(screen)
        assert field is not None and field.parent is not None
        field.focus()
        await settle(pilot)
        name = field.parent.query_one(".var-name").region  # the field's name, as laid out
        shown = [line.ljust(name.right)[name.x:name.right] for line in screen_lines(app)[name.y:name.bottom]]
        assert " ".join(" ".join(shown).split()) == "ссылка на видеовстречу"


def link_field(screen: MessagesScreen) -> Input | None:
    return next((f for f in screen.options.query(".var-value").results(Input) if f.name == "link"), None)
