"""Same people, one name (issue 15): the parents no channel of their own reaches are named on
the Channels screen, in its list, in `channels report` and in the message plan alike — a
father with only a phone is «звонок», a parent nothing reaches is «недоступны» — never the
first as «недоступны» on one side and «звонок» on the other."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.channels.coverage import coverage, instead
from outreach.messages import compose, templates
from outreach.messages.delivery import batch
from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.channels.screen import ChannelsScreen
from outreach_screens.roster.guardian_list import GuardianList
from tests.conftest import Cli
from tests.messages_support import parents
from tests.test_real_hands2 import father_with
from tests.tui_support import open_section, screen_lines, settle, until


def one_of_each(db: sqlite_utils.Database) -> tuple[int, int, int]:
    """A father only a call reaches, a mother only a paper memo does, a parent nothing does."""
    caller = father_with(db, "Сомов", "+79120001111")
    memo = father_with(db, "Лисин", None)  # a child, no contact: a memo through the child
    lonely = roster.add_guardian(db, {"surname": "Лесной"})  # no contact, no child
    roster.set_consent(db, [lonely], True)
    return caller, memo, lonely


def test_coverage_splits_those_without_a_channel_as_the_plan_does(db: sqlite_utils.Database) -> None:
    parents(db, 2)
    caller, memo, lonely = one_of_each(db)
    report = coverage(db)
    found = instead(db, report["unreachable"])
    assert (found.phone, found.paper, found.nobody) == ((caller,), (memo,), (lonely,))
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    plan = batch.plan(db, message_id)
    assert plan["by_channel"]["phone"] == len(found.phone) and plan["by_channel"]["paper"] == len(found.paper)
    assert plan["unreachable"] == list(found.nobody)


def test_channels_report_names_them_as_the_plan(db: sqlite_utils.Database, cli: Cli, russian: None) -> None:
    parents(db, 2)
    one_of_each(db)
    said = " ".join(cli("channels", "report").stdout.split())
    assert "Без своего канала: 3 (звонок 1, памятка 1, недоступны 1). Без согласия: 0." in said
    assert "Недоступны: 3" not in said
    english = " ".join(cli("--lang", "en", "channels", "report").stdout.split())
    assert "No channel of their own: 3 (call 1, paper 1, unreachable 1). Without consent: 0." in english


async def test_the_channels_line_and_its_list_name_them_as_the_plan(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    parents(db, 2)
    one_of_each(db)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "2", ChannelsScreen)
        await until(pilot, lambda: screen.report is not None and "без канала" in screen.bars.summary)
        line = " ".join(screen.bars.summary.split())
        assert line == "без канала 3: звонок 1, памятка 1, недоступны 1 · без согласия 0 (u / n)"
        assert "недоступны 3" not in line
        region = screen.bars.region  # drawn whole at 80×24: wrapped onto a second line, not cut
        drawn = " ".join(row[region.x:region.right] for row in screen_lines(app)[region.y:region.bottom])
        assert line in " ".join(drawn.split())
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, GuardianList)
        assert app.screen.list_title == "Без своего канала (все классы): 3"
