"""The Channels section through Textual's Pilot, asserting on the database and the widgets."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from textual.pilot import Pilot

from outreach.channels.coverage import coverage
from outreach.channels.preferences import reachability
from outreach.common.channel_names import GUARDIAN_CHANNELS, channel_label
from outreach.common.i18n import set_language, t
from outreach.messages.delivery.labels import reason_text
from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.channels.form import ChannelForm
from outreach_screens.channels.screen import ChannelsScreen
from outreach_screens.roster.guardian_list import GuardianList
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.widgets.coverage_bars import EMPTY, FILLED, filled_cells
from outreach_screens.widgets.preference_list import moved
from tests.tui_support import footer_text, open_section, settle, until

SIZE = (80, 24)




async def open_channels(pilot: Pilot) -> ChannelsScreen:
    return await open_section(pilot, "2", ChannelsScreen)


async def pick(pilot: Pilot, screen: ChannelsScreen, guardian: dict) -> None:
    """Search for the guardian by name (`/`, text, enter) and land on their channels."""
    await pilot.press("slash")
    assert pilot.app.focused is screen.finder.search_input
    screen.finder.search_input.value = guardian.full_name
    await pilot.press("enter")
    await settle(pilot)
    assert pilot.app.focused is screen.finder.table
    assert screen.state is not None and screen.state.guardian_id == guardian.id


def errors(pilot: Pilot) -> list[str]:
    return [n.message for n in pilot.app._notifications if n.severity == "error"]


def expected_rows(report: dict) -> list[tuple[str, int, int]]:
    return [(channel_label(c), report["reachable"][c], report["primary"][c]) for c in GUARDIAN_CHANNELS]


def stored(db: sqlite_utils.Database, guardian_id: int) -> dict[str, tuple]:
    return {channel: (rank, out, address) for channel, rank, out, address in db.execute(
        "SELECT channel, rank, opted_out, address FROM guardian_channels WHERE guardian_id = ?",
        [guardian_id])}


def a_guardian(db: sqlite_utils.Database) -> dict:
    """A guardian with consent and a reachable default channel, findable by their name alone."""
    guardians = roster.list_guardians(db)
    reach = reachability(db, [int(g.id) for g in guardians])
    for guardian in guardians:
        r = reach[int(guardian.id)]
        if (r.consent and r.channels and not r.explicit and len(r.order) >= 3
                and roster.count_guardians(db, roster.Filter(text=guardian.full_name)) == 1):
            return guardian
    raise AssertionError("the demo has no such guardian")


def test_moving_across_the_ranked_boundary() -> None:
    channels = GUARDIAN_CHANNELS
    assert moved(["telegram", "email"], channels, "email", -1) == ["email", "telegram"]
    assert moved(["telegram", "email"], channels, "telegram", -1) is None
    assert moved(["telegram", "email"], channels, "email", 1) == ["telegram"]  # unranked
    assert moved(["telegram"], channels, "telegram", 1) is None  # the last one stays
    assert moved(["telegram"], channels, "sms", -1) == ["telegram", "sms"]  # ranked last
    assert moved(["telegram"], channels, "sms", 1) is None


async def test_report_bars_show_what_coverage_gives(demo_db: sqlite_utils.Database,
                                                     db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_channels(pilot)
        report = coverage(demo_db)
        bars = screen.bars
        assert bars.total == report["audience"] and bars.rows == expected_rows(report)
        assert str(report["audience"]) in bars.title
        assert f"no channel {len(report['unreachable'])}" in bars.summary
        assert f"no consent {len(report['no_consent'])}" in bars.summary
        lines = bars.render().plain.splitlines()
        width, label = bars.bar_width(), max(len(c) for c in GUARDIAN_CHANNELS)

        def bar(value: int) -> str:
            filled = filled_cells(value, report["audience"], width)
            return FILLED * filled + EMPTY * (width - filled) + f"{value:>4} "

        for channel, reached, first in bars.rows:
            line = f"{channel:<{label}} {bar(reached)}{bar(first)}"
            assert line in lines
        assert screen.finder.table.row_count == report["audience"]

        # a group chosen here is the app's group; one chosen in the roster follows us here
        screen.finder.group_select.value = "10А"
        await settle(pilot)
        assert app.group == "10А"
        assert bars.rows == expected_rows(coverage(demo_db, roster.Filter(group="10А")))
        assert "10А" in bars.title
        roster_screen = await open_section(pilot, "1", RosterScreen)
        roster_screen.finder.group_select.value = "10Б"
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert screen.finder.filter.group == "10Б" and str(screen.finder.group_select.value) == "10Б"
        in_b = coverage(demo_db, roster.Filter(group="10Б"))
        assert bars.rows == expected_rows(in_b) and bars.total == in_b["audience"]
        assert screen.finder.table.row_count == in_b["audience"]
        assert not errors(pilot)


async def test_reorder_and_opt_out_by_keys(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    guardian = a_guardian(demo_db)
    gid = int(guardian.id)
    order = reachability(demo_db, [gid])[gid].order
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_channels(pilot)
        await pick(pilot, screen, guardian)
        prefs = screen.prefs_list
        assert [r.channel for r in prefs.rows][:len(order)] == order
        assert [r.rank for r in prefs.rows][:len(order)] == list(range(1, len(order) + 1))
        await pilot.press("enter")
        assert app.focused is prefs

        # shift+up on the second channel swaps the first two: an explicit order now
        await pilot.press("down", "shift+up")
        await settle(pilot)
        swapped = [order[1], order[0], *order[2:]]
        rows = stored(demo_db, gid)
        assert sorted((rank, ch) for ch, (rank, _, _) in rows.items() if rank) == \
            list(enumerate(swapped, start=1))
        assert prefs.current.channel == order[1] and prefs.cursor == 0

        # ] moves it back down
        await pilot.press("right_square_bracket")
        await settle(pilot)
        rows = stored(demo_db, gid)
        assert [ch for _, ch in sorted((r[0], ch) for ch, r in rows.items() if r[0])] == order

        # space opts out of the highlighted channel, and again opts back in
        channel = prefs.current.channel
        await pilot.press("space")
        await settle(pilot)
        assert stored(demo_db, gid)[channel][1] == 1
        assert prefs.current.channel == channel and prefs.current.opted_out
        assert prefs.current.state == t("opted out")
        assert screen.bars.rows == expected_rows(coverage(demo_db))  # the report follows
        await pilot.press("space")
        await settle(pilot)
        assert stored(demo_db, gid)[channel][1] == 0
        assert screen.bars.rows == expected_rows(coverage(demo_db))
        assert not errors(pilot)


async def test_bad_quiet_hours_write_nothing(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    guardian = a_guardian(demo_db)
    gid = int(guardian.id)
    audit_rows = demo_db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_channels(pilot)
        await pick(pilot, screen, guardian)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ChannelForm)
        assert app.focused is form.field_input("quiet")
        await pilot.press(*"25:00-07:00")
        form.field_input("telegram").value = "123456789"  # valid, yet not saved with the bad one
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is form
        assert "25:00-07:00" in form.error_text
        assert demo_db.execute("SELECT quiet_hours FROM guardians WHERE id = ?",
                               [gid]).fetchone()[0] is None
        assert stored(demo_db, gid) == {}
        assert demo_db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_rows

        # a bad address is refused the same way
        form.field_input("quiet").value = "22:00-07:00"
        form.field_input("email").value = "not an address"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.error_text.startswith("Address for e-mail: ")  # its name, not its code
        assert stored(demo_db, gid) == {}

        form.field_input("email").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChannelsScreen)
        assert demo_db.execute("SELECT quiet_hours FROM guardians WHERE id = ?",
                               [gid]).fetchone()[0] == "22:00-07:00"
        assert stored(demo_db, gid)["telegram"][2] == "123456789"
        assert "22:00-07:00" in str(screen.quiet_line.render())
        row = next(r for r in screen.prefs_list.rows if r.channel == "telegram")
        assert row.address == "123456789"
        assert not errors(pilot)


async def test_unreachable_list_jumps_to_the_roster(demo_db: sqlite_utils.Database,
                                                    db_path: Path) -> None:
    report = coverage(demo_db)
    assert report["unreachable"] and len(report["no_consent"]) > 1
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_channels(pilot)

        # n lists those without consent; p picks one here
        listing = await open_section(pilot, "n", GuardianList)
        assert listing.table.row_count == len(report["no_consent"])
        await pilot.press("down", "p")
        await settle(pilot)
        assert app.screen is screen
        assert screen.state is not None and screen.state.guardian_id == report["no_consent"][1]

        # u lists the unreachable; enter opens the first in the roster, under the cursor
        listing = await open_section(pilot, "u", GuardianList)
        assert [listing.table.row_at(i).key for i in range(listing.table.row_count)] == \
            report["unreachable"]
        assert str(len(report["unreachable"])) in listing.list_title
        await pilot.press("enter")
        await settle(pilot)
        roster_screen = app.screen
        assert isinstance(roster_screen, RosterScreen) and app.current_mode == "roster"
        target = roster.get_guardian(demo_db, report["unreachable"][0])
        assert roster_screen.highlighted is not None
        assert roster_screen.highlighted.id == target.id
        assert roster_screen.finder.search_input.value == target.full_name
        assert app.focused is roster_screen.finder.table

        # r jumps from the picked guardian too
        await pilot.press("2")
        await settle(pilot)
        picked = screen.state.guardian_id
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is roster_screen and roster_screen.highlighted.id == picked
        assert not errors(pilot)


async def test_fits_80_by_24(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_channels(pilot)
        await pilot.press("enter")
        assert app.focused is screen.prefs_list
        bars, prefs = screen.bars, screen.prefs_list
        assert bars.region.height in (2 + len(GUARDIAN_CHANNELS) + 1, 2 + len(GUARDIAN_CHANNELS) + 2)  # summary whole
        assert bars.region.right <= 80
        assert prefs.region.height == len(GUARDIAN_CHANNELS) and prefs.region.right <= 80
        assert screen.channel_detail.region.bottom <= screen.finder.table.region.y
        assert screen.finder.table.region.height >= 8 and screen.finder.table.region.bottom <= 23
        assert screen.finder.group_select.region.right <= 80
        assert bars.bar_width() >= 5
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ChannelForm)
        save = form.query_one("#save")
        assert save.region.bottom <= 24 and save.region.right <= 80
        await pilot.press("escape", "u")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, GuardianList)
        assert listing.table.region.height >= 5 and listing.table.region.bottom <= 23
        await pilot.press("escape")
        assert app.screen is screen


async def test_russian_labels(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_channels(pilot)
        assert screen.sub_title.startswith("Каналы связи")
        assert screen.bars.title.startswith("Охват")
        assert "без согласия" in screen.bars.summary
        names = [row[0] for row in screen.bars.rows]
        assert {"ВК", "звонок", "памятка"} <= set(names) and "phone" not in names
        descriptions = {active.binding.key: active.binding.description
                        for active in screen.active_bindings.values()}
        assert descriptions["u"] == "Без канала"
        assert descriptions["n"] == "Без согласия"
        footer = footer_text(screen)
        assert "Адреса" in footer and "К родителям" in footer
        await pilot.press("enter")
        footer = footer_text(screen)
        assert "Выше" in footer and "Отказ" in footer
        states = {r.state for r in screen.prefs_list.rows}
        assert states <= {t("reachable", lang="ru"), t("not in the list", lang="ru"),
                          *(reason_text(k) for k in
                            ("opted_out", "no_address", "telegram_not_linked", "no_consent"))}
        assert "не в списке" in states
        # the Russian layout: г is where u is
        await pilot.press("escape", "г")
        await settle(pilot)
        assert isinstance(app.screen, GuardianList)
        assert app.screen.list_title.startswith("Без своего канала")
        await pilot.press("escape")
        assert app.screen is screen and app.focused is screen.finder.table


async def test_the_report_follows_a_script_changing_preferences(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    from outreach.channels.preferences import set_preferences

    reach = reachability(demo_db, [g.id for g in roster.list_guardians(demo_db)])
    reached = [gid for gid, r in reach.items() if r.channels]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_channels(pilot)
        before = screen.bars.rows
        for gid in reached[:3]:  # another connection: opt them out of everything
            set_preferences(demo_db, gid, opt_out=list(GUARDIAN_CHANNELS))
        expected = expected_rows(coverage(demo_db))
        assert expected != before
        await until(pilot, lambda: screen.bars.rows == expected)
