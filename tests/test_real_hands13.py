"""Thirteenth hands-on pass: keyboard only, 80×24, in Russian, checking that what the app says
about its keys and actions is true. Each test is a slip met there, and fails without its fix."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from textual.command import CommandPalette
from textual.pilot import Pilot

from outreach_screens.app import OutreachApp, make_app
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.inbox.screen import InboxScreen
from outreach_screens.messages.pickers import TemplatePicker
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.guardian_form import GuardianForm
from outreach_screens.roster.import_wizard import ImportWizard
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.surveys.templates import SurveyTemplatePicker
from tests.messages_support import parents
from tests.test_real_hands5 import parent_wrote_by_email
from tests.tui_support import footer_text, open_section, paste, screen_lines, settle, until

SIZE = (80, 24)


async def palette_choose(pilot: Pilot, typed: str) -> str:
    """Type `typed` into the command palette; the first command found (its name), chosen."""
    app = pilot.app
    await pilot.press("ctrl+p")
    assert CommandPalette.is_open(app)
    await paste(pilot, typed)
    palette = app.screen
    await until(pilot, lambda: palette.query_one("CommandList").option_count > 1)
    first = str(palette.query_one("CommandList").get_option_at_index(0).prompt).splitlines()[0]
    await pilot.press("enter")
    await settle(pilot)
    return first


async def test_the_palette_offers_the_main_actions_by_their_russian_names_typos_and_all(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """SPEC: the palette offers the main actions by name. «Новое сообщение», «Новый опрос» and
    «Импорт списка» found nothing but «Не нашли?»; a letter mistyped («сообшение») neither;
    «соревнование» offered only a new contest, not the scoreboard. Chosen from another
    section, a new message opened its template picker with an empty list. The guardian form's
    ctrl+s worked but was said nowhere."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await palette_choose(pilot, "сообшение") == "Новое сообщение"
        await until(pilot, lambda: isinstance(app.screen, TemplatePicker))
        assert app.current_mode == "messages"
        picker = app.screen
        assert isinstance(picker, TemplatePicker) and picker.options.option_count > 3
        await pilot.press("escape")
        assert isinstance(app.screen, MessagesScreen) and app.focused is not None

        assert await palette_choose(pilot, "новыи опрос") == "Новый опрос"
        await until(pilot, lambda: isinstance(app.screen, SurveyTemplatePicker))
        await pilot.press("escape")

        assert await palette_choose(pilot, "импорт") == "Импорт списка класса…"
        await until(pilot, lambda: isinstance(app.screen, ImportWizard))
        assert app.current_mode == "roster"
        await pilot.press("escape")

        assert await palette_choose(pilot, "соревнование") == "Соревнование"  # help: «Табло · …»
        assert isinstance(app.screen, ScoreboardScreen)

        # A form hides the footer, and its ctrl+s was said nowhere (help does not open over it)
        await open_section(pilot, "1", RosterScreen)
        form = await open_section(pilot, "a", GuardianForm)
        lines = "\n".join(screen_lines(app))
        assert "Ввод, Ctrl+S — сохранить" in lines and "Esc — отмена" in lines
        await paste(pilot, "Тестова")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not form.is_attached)
        assert demo_db.execute("SELECT count(*) FROM guardians WHERE surname = 'Тестова'").fetchone() == (1,)


def enabled(screen: InboxScreen, action: str) -> bool | None:
    """Whether the screen's key for `action` is shown and works (None: not shown at all)."""
    found = [active.enabled for active in screen.active_bindings.values() if active.binding.action == action]
    return found[0] if found else None


async def test_the_inbox_shows_its_keys_only_where_they_do_something(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """An empty inbox showed «Ввод Открыть», «d Разобрано» and «^s Отправить» as ready: each
    did nothing and said nothing; ^s did nothing either in the list with a thread."""
    (gid,) = parents(db, 1)
    app: OutreachApp = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "6", InboxScreen)
        assert "^s" not in footer_text(screen)
        assert [enabled(screen, action) for action in ("open", "answer", "done")] == [False] * 3

        parent_wrote_by_email(db, gid)
        screen.reload()
        await until(pilot, lambda: enabled(screen, "open"))
        assert enabled(screen, "done") and enabled(screen, "answer")
        assert "^s" not in footer_text(screen)
        await pilot.press("enter")
        await until(pilot, lambda: screen.current is not None)
        await pilot.press("r")
        await settle(pilot)
        assert screen.answer_box.has_focus and "^s Отправить" in footer_text(screen)
        await pilot.press("escape")
        await settle(pilot)
        assert screen.table.has_focus and "^s" not in footer_text(screen)
