"""Why a channel does not reach a parent, as the send plan decides it (consent before the
channel's own state): the same on the Channels screen, in `channels show` and in the plan."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.channels.preferences import reach_one, set_preferences
from outreach.roster import guardians as roster
from outreach.roster.consent import set_consent
from outreach_screens.app import make_app
from outreach_screens.channels.screen import ChannelsScreen
from tests.conftest import Cli
from tests.tui_support import open_section, screen_lines, until

SIZE = (80, 24)


def no_consent_parent(db: sqlite_utils.Database) -> int:
    """A parent without consent: Telegram only by its @handle (the bot never started), no MAX,
    VK opted out, an e-mail: by the default order telegram, max, vk, email."""
    gid = roster.add_guardian(db, {"surname": "Иванова", "name": "Ольга", "telegram": "@olga_iv",
                                   "vk": "olga_vk", "email": "olga@mail.ru"})
    set_preferences(db, gid, opt_out=["vk"])
    return gid


def test_without_consent_every_channel_says_no_consent_first(db: sqlite_utils.Database) -> None:
    reach = reach_one(db, no_consent_parent(db))
    assert {c: reach.reason_on(c) for c in reach.order} == dict.fromkeys(reach.order, "no_consent")
    set_consent(db, [reach.guardian_id], given=True)  # with consent, each channel's own state
    reach = reach_one(db, reach.guardian_id)
    assert {c: reach.reason_on(c) for c in reach.order} == {
        "telegram": "telegram_not_linked", "max": "no_address", "vk": "opted_out", "email": ""}


@pytest.mark.usefixtures("russian")
async def test_the_screen_gives_the_telegram_line_the_same_reason(db: sqlite_utils.Database, db_path: Path) -> None:
    gid = no_consent_parent(db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "2", ChannelsScreen)
        await until(pilot, lambda: screen.state is not None and screen.state.guardian_id == gid)
        shown = {row.channel: row.shown_state for row in screen.prefs_list.rows if row.rank is not None}
        assert shown == dict.fromkeys(["telegram", "max", "vk", "email"], "нет согласия")
        panel = [line.partition("▏")[2].split() for line in screen_lines(app)]  # the right-hand panel
        assert ["▸1", "Telegram", "нет", "согласия"] in panel  # not «бот не запущен»
        assert "Telegram olga_iv: нет согласия на обработку персональных данных" in " ".join(map(" ".join, panel))
        vk = next(row for row in screen.prefs_list.rows if row.channel == "vk")
        assert vk.state == "нет согласия на обработку персональных данных; родитель отказался"  # the opt-out kept


def test_channels_show_says_what_the_screen_says(db: sqlite_utils.Database, cli: Cli) -> None:
    gid = no_consent_parent(db)
    result = cli("--lang", "ru", "channels", "show", str(gid))
    assert result.exit_code == 0, result.stderr
    assert "чат не привязан" not in result.stdout and "нет адреса" not in result.stdout
    assert result.stdout.count("нет согласия на обработку") >= 4
    shown = cli.json("channels", "show", str(gid))
    assert shown["why_not"] == dict.fromkeys(["telegram", "max", "vk", "email"], "no_consent")
    assert shown["reasons"] == {"telegram": "telegram_not_linked", "max": "no_address", "vk": "opted_out"}  # kept
