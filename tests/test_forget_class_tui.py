"""Erasing a class from the roster at 80×24 in Russian: the counts first, the class name typed
to confirm (a wrong one erases nothing), a worker, the roster reloaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Static

from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.roster.class_erase import ClassEraseDialog
from outreach_screens.roster.screen import RosterScreen
from tests.test_forget_class import with_class_list
from tests.test_roster import table_counts
from tests.tui_support import (
    footer_text,
    open_section,
    paste,
    recorded_notifications,
    settle,
    until,
)

SIZE = (80, 24)


@pytest.fixture
def school(db, tmp_path: Path):
    return with_class_list(db, tmp_path)


async def type_class(pilot, dialog: ClassEraseDialog, name: str) -> None:
    dialog.name_input.value = ""
    await pilot.press(*name)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_class_is_erased_only_when_its_name_is_typed(school, db_path: Path, russian,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    before = table_counts(school)
    app = make_app(db_path)
    notes = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        unchosen = screen.active_bindings.get("F")
        assert unchosen is None or not unchosen.enabled  # no class chosen: nothing to erase
        screen.finder.select_group("11А")
        await settle(pilot)
        assert "Shift+F Стереть данные класса…" in footer_text(screen)
        screen.finder.table.focus()

        dialog = await open_section(pilot, "F", ClassEraseDialog)
        body = str(dialog.query_one("#body", Static).render())
        assert "4 ученика из 11А и 2 родителя без других детей" in " ".join(body.split())
        assert "2 родителя остаются: у них есть дети в 7Б, 9А" in " ".join(body.split())
        await type_class(pilot, dialog, "11Б")  # a slip of one key
        assert app.screen is dialog
        assert "«11Б» — это не 11А: ничего не стёрто" in str(dialog.error.render())
        assert table_counts(school) == before
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and table_counts(school) == before

        await pilot.press("ctrl+p")  # the same from the command palette, by its Russian name
        assert CommandPalette.is_open(app)
        await paste(pilot, "стереть данные класса")
        await until(pilot, lambda: app.screen.query_one("CommandList").option_count > 0)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ClassEraseDialog))
        await type_class(pilot, app.screen, "11 а")  # any spelling of the class
        await until(pilot, lambda: app.screen is screen)
        await until(pilot, lambda: screen.finder.table.row_count == 3)
        assert screen.finder.filter.group is None and app.group is None  # 11А is no more
    assert any("Удалено: родителей 2, учеников 4. 2 родителя остаются" in note for note in notes)
    assert sorted(f"{g.surname} {g.name}" for g in roster.list_guardians(school)) == [
        "Иванова Мария", "Козлова Ксения", "Сидорова Светлана"]
    assert school.execute("SELECT count(*) FROM students").fetchone() == (3,)
