"""A competition day by hand (80×24, Russian, two judges on one database): each fault met,
pinned by a test that failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.contest import store as contests
from outreach.contest.slips import ResultExists
from outreach.contest.standings import Result
from outreach_screens.app import make_app
from tests.conftest import Cli
from tests.test_tui_scoreboard import open_entry, result_row
from tests.tui_support import settle, until

SIZE = (80, 24)


def test_a_replacement_agreed_to_is_of_the_result_the_judge_saw(demo_db: sqlite_utils.Database) -> None:
    """`replaces` names the result the judge agreed to replace: another's entry in its place
    since is asked about (ResultExists naming it), not replaced."""
    contest = contests.latest_contest(demo_db).id
    seen = contests.result_of(demo_db, contest, 8, "slalom")
    contests.score(demo_db, contest, 8, "slalom", time=31.0, faults_={"cone": 1})
    with pytest.raises(ResultExists) as asked:
        contests.score(demo_db, contest, 8, "slalom", time=30.0, replace=False, replaces=seen)
    assert asked.value.kept == Result(31.0, None, {"cone": 1})
    assert result_row(demo_db, contest, 8, "slalom")[:3] == (31.0, None, '{"cone": 1}')
    contests.score(demo_db, contest, 8, "slalom", time=30.0, replace=False, replaces=asked.value.kept)
    assert result_row(demo_db, contest, 8, "slalom")[0] == 30.0


async def test_enter_again_does_not_replace_what_another_judge_entered_meanwhile(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """Asked «team 8 already has 28,7 s; Enter again replaces it», the judge waits; the other
    judge (the CLI beside the app) enters 31 s and a cone for team 8. The reload took the
    question off the form, and Enter again replaced the 31 s and the cone the judge never saw.
    Now the question stays, and Enter again asks about the result that is there now."""
    contest = contests.latest_contest(demo_db).id
    seen = result_row(demo_db, contest, 8, "slalom")
    assert seen is not None
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, form = await open_entry(pilot, "slalom")
        await pilot.press("8", "tab", "3", "0", "enter")
        await settle(pilot)
        preview = form.query_one("#rf-preview")
        assert str(preview.render()).startswith("У команды №8 уже есть результат")
        contests.score(demo_db, contest, 8, "slalom", time=31.0, faults_={"cone": 1})  # the other judge
        await until(pilot, lambda: screen.board.row_for(8).standing.events["slalom"].time == 31.0)
        assert str(preview.render()).endswith("Ещё раз Enter — заменить его.")
        await pilot.press("enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 8, "slalom")[:3] == (31.0, None, '{"cone": 1}')
        question = str(preview.render())
        assert "31 с, конус × 1" in question and question.endswith("Ещё раз Enter — заменить его.")
        await pilot.press("enter")
        await settle(pilot)
        assert result_row(demo_db, contest, 8, "slalom")[:3] == (30.0, None, "{}")


async def test_faults_typed_in_the_time_field_are_said_to_go_in_the_faults(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """«конус 2» typed into the time field (a judge one field early) was refused as «not a
    time: it has the letter «к»»; it now says the faults go in «Штрафы». Nothing is saved."""
    contest = contests.latest_contest(demo_db).id
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        _screen, form = await open_entry(pilot, "track")
        await pilot.press("8", "tab", *"конус 2", "enter")
        await settle(pilot)
        assert str(form.query_one("#rf-preview").render()) == (
            "Время: «конус 2» похоже на штрафы; их место в «Штрафы», а здесь — время (например, 52,3).")
        assert result_row(demo_db, contest, 8, "track") is None


def test_the_cli_says_faults_typed_as_the_time_go_in_fault(demo_db: sqlite_utils.Database, cli: Cli,
                                                          russian: None) -> None:
    contest = contests.latest_contest(demo_db).id
    done = cli("contest", "score", str(contest), "8", "track", "--time", "2 конуса")
    assert done.exit_code != 0
    assert "«2 конуса» похоже на штрафы; их место в «--fault»" in done.stderr
    assert result_row(demo_db, contest, 8, "track") is None
