"""A message for several classes from the app (the CLI took `--audience group:10А group:10Б`;
the app one class at a time): «несколько классов», a list to tick, kept with the draft."""

from __future__ import annotations

import json

import pytest
from textual.pilot import Pilot

from outreach.messages import compose
from outreach_screens.app import make_app
from outreach_screens.messages.pickers import GroupsPicker
from outreach_screens.messages.screen import MessagesScreen
from tests.tui_support import open_section, paste, screen_lines, settle, until


@pytest.fixture(autouse=True)
def no_delays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MessagesScreen, "PREVIEW_DELAY", 0)
    monkeypatch.setattr(MessagesScreen, "KEEP_DELAY", 0)


async def written(pilot: Pilot, text: str) -> MessagesScreen:
    """Messages opened, `text` in the editor, the focus out of it."""
    screen = await open_section(pilot, "3", MessagesScreen)
    await pilot.press("e")
    await paste(pilot, text)
    await pilot.press("escape")
    return screen


async def tick_groups(pilot: Pilot, screen: MessagesScreen, keys: tuple[str, ...]) -> GroupsPicker:
    """From the audience kind: «several groups» (the last), Tab to its button, Enter opens
    the list, `keys` in it."""
    screen.options.audience_kind.focus()
    await pilot.press("enter", "end", "enter")
    await settle(pilot)
    await pilot.press("tab")
    assert pilot.app.focused is screen.options.groups_button
    await pilot.press("enter")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, GroupsPicker)
    await pilot.press(*keys)
    await settle(pilot)
    return picker


async def test_a_message_for_two_classes_is_chosen_by_keyboard_saved_and_kept(demo_db, db_path, russian) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await written(pilot, "Собрание 10-х классов в пятницу.")
        await tick_groups(pilot, screen, ("space", "down", "space", "enter"))  # 10А, 10Б
        assert app.screen is screen
        assert screen.options.chosen_groups == ["10А", "10Б"]
        assert screen.draft().audience == ("group:10А", "group:10Б")
        lines = "\n".join(screen_lines(app))
        assert "несколько классов" in lines and "выбрать… (выбрано: 2)" in lines and "10А, 10Б" in lines

        await tick_groups(pilot, screen, ("down", "down", "space", "escape"))  # 11А ticked, then Esc
        assert app.screen is screen and screen.options.chosen_groups == ["10А", "10Б"]

        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.saved is not None)
        (audience,) = demo_db.execute("SELECT audience FROM messages WHERE id = ?", [screen.saved[0]]).fetchone()
        assert json.loads(audience) == ["group:10А", "group:10Б"]
        both = compose.resolve_audience(demo_db, compose.parse_audience(json.loads(audience)))
        each = [set(compose.resolve_audience(demo_db, compose.parse_audience([f"group:{g}"]))) for g in ("10А", "10Б")]
        assert set(both) == each[0] | each[1] and len(both) == len(set(both))  # a parent of both once

    again = make_app(db_path)  # the kept draft brings the two classes back
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await until(pilot, lambda: screen.draft_ready and screen.options.chosen_groups == ["10А", "10Б"])
        assert screen.draft().audience == ("group:10А", "group:10Б")
        assert str(screen.options.audience_kind.value) == "groups"


async def test_several_groups_with_none_ticked_is_not_everyone(demo_db, db_path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await written(pilot, "Собрание в пятницу.")
        await tick_groups(pilot, screen, ("2", "q", "enter"))  # a section's digit and q in the list: nothing ticked
        assert app.is_running and app.screen is screen and screen.options.chosen_groups == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.saved is None and "none is chosen yet" in screen.problem
