"""Every focus stop of the app is a visible widget with a name (issue 12, slip 2): Tab is
walked through each section, the Students screen and the Messages log, on the demo data."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, TextArea

from outreach_screens.app import make_app
from outreach_screens.channels.screen import ChannelsScreen
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.messages.outbox import MessageListScreen
from outreach_screens.messages.pickers import TemplatePicker
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.roster.students import StudentsScreen
from outreach_screens.settings.screen import SettingsScreen
from outreach_screens.surveys.screen import SurveysScreen
from tests.tui_support import open_section, settle, until

SIZE = (100, 30)
SECTIONS = (RosterScreen, ChannelsScreen, MessagesScreen, SurveysScreen, ScoreboardScreen)


def focus_name(widget: Widget) -> str:
    """What names a stop for the teacher: a placeholder, a tooltip, a border title, a label."""
    if isinstance(widget, (Input, TextArea)) and widget.placeholder:
        return str(widget.placeholder)
    for value in (widget.tooltip, widget.border_title):
        if value:
            return str(value)
    return str(widget.label) if isinstance(widget, Button) else ""


async def walk(pilot: Pilot, where: str) -> list[Widget]:
    """Tab once round the screen's focus chain (and one more), checking every stop."""
    app = pilot.app
    stops: list[Widget] = []
    for _ in range(len(app.screen.focus_chain) + 1):
        await pilot.press("tab")
        await pilot.pause()
        widget = app.focused
        assert widget is not None, f"{where}: Tab left nothing focused"
        assert widget.display and widget.visible, f"{where}: {widget!r} is hidden"
        region = widget.region
        assert region.area > 0 and app.screen.region.contains_region(region), \
            f"{where}: {widget!r} is not on screen ({region})"
        assert focus_name(widget).strip(), f"{where}: {widget!r} has no name"
        stops.append(widget)
    return list(dict.fromkeys(stops))


async def test_tab_reaches_only_visible_named_widgets_in_the_sections(demo_db, db_path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        seen: dict[str, list[Widget]] = {}
        for key, kind in zip("12345", SECTIONS, strict=True):
            await open_section(pilot, key, kind)
            section = kind.__name__
            seen[section] = await walk(pilot, section)
            await pilot.press("escape")  # out of any text field Tab ended in
        assert len(seen["ChannelsScreen"]) >= 4 and len(seen["ScoreboardScreen"]) >= 2

        messages = await open_section(pilot, "3", MessagesScreen)
        await pilot.press("escape", "t")
        await settle(pilot)
        assert isinstance(app.screen, TemplatePicker)
        await pilot.press(*"собрание", "enter")
        await until(pilot, lambda: len(messages.options.query(Input)) == len(messages.options.names) >= 3)
        stops = await walk(pilot, "messages with a template")
        fields = [w for w in stops if isinstance(w, Input)]
        assert len(fields) == len(messages.options.names) >= 3  # the «что подставить» fields
        assert messages.options.variables_box not in stops

        await pilot.press("escape", "l")
        await settle(pilot)
        assert messages.views.current == "log"
        assert messages.log_view.table in await walk(pilot, "messages log")


# The settings' 38 stops are half the walk: a second app, which xdist runs beside the first
# (one walk of everything was the suite's longest test, ≈ 43 s).

async def test_tab_reaches_only_visible_named_widgets_in_students_settings_and_the_list(
    demo_db, db_path
) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "1", RosterScreen)
        await open_section(pilot, "s", StudentsScreen)
        assert len(await walk(pilot, "students")) >= 2

        await pilot.press("escape", "escape")
        settings = await open_section(pilot, "0", SettingsScreen)
        assert settings.editor("teacher_name") in await walk(pilot, "settings")
        await pilot.press("escape")

        app.show_message_list()
        await settle(pilot)
        assert isinstance(app.screen, MessageListScreen)
        assert len(await walk(pilot, "messages list")) >= 2
