"""Wide terminals use the width, and the words a Russian teacher saw (issue 15): the Students
name column and the messages list's title column take the spare width at 200×50 and show long
texts whole; at 120×36 the scoreboard shortens the events' names before a team's name (Pilot,
the real app on the demo data); every key's description starts with a capital; the Channels
reason names Telegram once; «эл. почта» is written with a no-break space."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
import sqlite_utils
from textual.binding import BindingsMap
from textual.dom import DOMNode

import outreach.locales as outreach_locales
import outreach_screens
from outreach.common.channel_names import channel_label, channels_text
from outreach.common.i18n import set_language
from outreach.contest import store as contests
from outreach.messages import compose, templates
from outreach.messages.delivery.labels import reason_text
from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.bindings import translate
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.messages.outbox import MessageListScreen
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.students import StudentsScreen
from tests.tui_support import open_section, screen_lines, settle, until

LONG_STUDENT = ("Константинопольская-Ворошилова", "Александра", "Вячеславовна")
LONG_TITLE = "Приглашение на родительское собрание о безопасности детей на дорогах зимой"
LONG_TEAM = "Семья Константинопольских-Ворошиловых"


def column_width(lines: list[str], header: str, next_header: str) -> int:
    """How many cells a column takes on the screen: from its header to the next one's."""
    line = next(line for line in lines if header in line and next_header in line)
    return line.index(next_header) - line.index(header)


async def students_lines(db_path: Path, size: tuple[int, int]) -> list[str]:
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = await open_section(pilot, "s", StudentsScreen)
        await until(pilot, lambda: screen.table.row_count > 0)
        return screen_lines(app)


async def test_students_name_column_takes_the_width_and_shows_a_long_name_whole(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    roster.add_student(demo_db, *LONG_STUDENT, "10А")
    full_name = " ".join(LONG_STUDENT)
    narrow = await students_lines(db_path, (80, 24))
    wide = await students_lines(db_path, (200, 50))
    assert column_width(wide, "Student", "Class") > column_width(narrow, "Student", "Class") + 20
    assert full_name not in "\n".join(narrow)
    assert full_name in "\n".join(wide)


async def message_list(db_path: Path, size: tuple[int, int]) -> tuple[list[str], int]:
    """The screen's lines and the title column's width."""
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_section(pilot, "3", MessagesScreen)
        screen = await open_section(pilot, "m", MessageListScreen)
        await until(pilot, lambda: screen.table.row_count == 3)
        return screen_lines(app), list(screen.table.columns.values())[1].width


async def test_message_list_title_column_takes_the_width_and_shows_a_long_title_whole(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    compose.create_message(demo_db, templates.find("ru/ice-safety"), audience=["group:10А"],
                           title=LONG_TITLE)
    narrow, narrow_width = await message_list(db_path, (80, 24))
    wide, wide_width = await message_list(db_path, (200, 50))
    assert narrow_width < len(LONG_TITLE)  # at 80 it wraps, whole, beside the delivery counts
    assert set(LONG_TITLE.split()) <= set(" ".join(narrow).split())
    assert wide_width > narrow_width + 30
    assert column_width(wide, "Message", "State") == wide_width + 2
    assert LONG_TITLE in "\n".join(wide)


@pytest.mark.parametrize("lang", ["ru", "en"])
async def test_scoreboard_at_120_shows_a_long_team_name_whole(
        lang: str, demo_db: sqlite_utils.Database, db_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    contest = contests.latest_contest(demo_db)
    assert contest is not None
    contests.edit_team(demo_db, contest.id, 1, name=LONG_TEAM)
    monkeypatch.setenv("OUTREACH_LANG", lang)
    set_language(lang)
    app = make_app(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = await open_section(pilot, "5", ScoreboardScreen)
        await until(pilot, lambda: screen.board is not None)
        text = "\n".join(screen_lines(app))
        assert screen.board is not None and LONG_TEAM in text
        others = [row.team.name for row in screen.board.rows if row.team.name != LONG_TEAM]
        assert others and all(name in text for name in others)


def binding_owners() -> list[type[DOMNode]]:
    """Every screen, dialog, widget and the app of `outreach_screens` that declares BINDINGS."""
    for module in pkgutil.walk_packages(outreach_screens.__path__, "outreach_screens."):
        importlib.import_module(module.name)
    found: set[type[DOMNode]] = set()
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        for cls in pending.pop().__subclasses__():
            pending.append(cls)
            if cls.__module__.startswith("outreach_screens.") and "BINDINGS" in vars(cls):
                found.add(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_key_description_starts_with_a_capital(lang: str) -> None:
    set_language(lang)
    owners = binding_owners()
    assert len(owners) > 30
    lower = []
    for owner in owners:
        for bindings in BindingsMap(vars(owner)["BINDINGS"]).key_to_bindings.values():
            for binding in map(translate, bindings):
                group = binding.group.description if binding.group else ""
                for described in filter(None, (binding.description, group)):
                    if not described[0].isupper():
                        lower.append(f"{owner.__qualname__}: {described}")
    assert not lower, "\n".join(sorted(set(lower)))


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_channels_reason_for_a_handle_only_names_telegram_once(lang: str) -> None:
    set_language(lang)
    line = f"{channel_label('telegram')}: {reason_text('telegram_not_linked')}"  # the Channels detail line
    assert line.count("Telegram") == 1
    assert line.count(":") == 1


def test_russian_e_mail_label_keeps_its_words_together() -> None:
    """«эл.» and «почта» are joined by a no-break space in every Russian text (files, HTML
    print, the CSV/XLSX for people honour it; Textual's own wrapping breaks at any space)."""
    set_language("ru")
    assert channel_label("email") == "эл.\u00a0почта"
    assert "эл.\u00a0почта" in channels_text(["telegram", "email"])
    catalogue = Path(outreach_locales.__file__).with_name("ru") / "LC_MESSAGES" / "outreach.po"
    assert "эл. " not in catalogue.read_text(encoding="utf-8")


async def test_message_list_follows_a_resized_terminal_and_keeps_the_cursor(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "3", MessagesScreen)
        screen = await open_section(pilot, "m", MessageListScreen)
        await until(pilot, lambda: screen.table.row_count == 2)
        screen.table.move_cursor(row=1)

        def title() -> int:
            return list(screen.table.columns.values())[1].width

        narrow = title()
        await pilot.resize_terminal(200, 50)
        await until(pilot, lambda: title() > narrow + 30)
        assert screen.table.cursor_row == 1
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: title() == narrow)
        assert screen.table.cursor_row == 1
