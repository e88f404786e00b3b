"""Contest setup from the command line (issue 16): teams edited and withdrawn, events renamed;
the same domain calls the app makes. The existing contest commands stay as they were."""

from __future__ import annotations

from outreach.contest import store


def result_count(db, team_id: int) -> int:
    return db.execute("SELECT count(*) FROM contest_results WHERE team_id = ?", [team_id]).fetchone()[0]


def test_cli_team_edit_and_withdraw(cli, demo_db) -> None:
    contest = store.latest_contest(demo_db).id
    team = next(tm for tm in store.teams(demo_db, contest) if len(tm.guardians) > 1
                and result_count(demo_db, tm.id))
    results = result_count(demo_db, team.id)
    c, n = str(contest), str(team.number)
    taken = next(tm.number for tm in store.teams(demo_db, contest) if tm.id != team.id)
    refused = cli("contest", "team", "edit", c, n, "--number", str(taken))
    assert refused.exit_code == 1 and f"Start number {taken} is already taken" in refused.stderr
    stranger = next(g for tm in store.teams(demo_db, contest) if tm.id != team.id
                    for g in tm.guardians)
    refused = cli("contest", "team", "edit", c, n, "--guardian", str(stranger.person_id))
    assert refused.exit_code == 1 and "not linked" in refused.stderr.replace("\n", " ")
    assert next(tm for tm in store.teams(demo_db, contest) if tm.id == team.id) == team

    assert cli.json("contest", "team", "edit", c, n, "--number", "77", "--name", "Ракета",
                    "--guardian", str(team.guardians[0].person_id)) == {"number": 77}
    edited = next(tm for tm in store.teams(demo_db, contest) if tm.id == team.id)
    assert (edited.number, edited.name, len(edited.guardians)) == (77, "Ракета", 1)
    assert result_count(demo_db, team.id) == results
    assert cli("contest", "team", "edit", c, "77", "--name", "").exit_code == 0
    assert next(tm for tm in store.teams(demo_db, contest) if tm.id == team.id).given_name is None

    assert results
    asked = cli("contest", "team", "withdraw", c, "77", input="\n")  # its results: asked, Enter is a no
    assert asked.exit_code == 1 and f"has results in {results} events" in asked.stdout
    assert "Nothing was withdrawn" in asked.stderr and result_count(demo_db, team.id) == results
    assert cli.json("contest", "team", "withdraw", c, "77", "--yes") == {"number": 77,
                                                                         "results_removed": results}
    assert all(tm.id != team.id for tm in store.teams(demo_db, contest))
    assert result_count(demo_db, team.id) == 0
    gone = cli("contest", "team", "withdraw", c, "77")
    assert gone.exit_code == 1 and "77" in gone.stderr


def test_cli_event_rename_keeps_the_other_language(cli, demo_db) -> None:
    contest = store.latest_contest(demo_db).id
    event = store.events(demo_db, contest)[0]
    assert cli("contest", "event", str(contest), event.slug, "--name", "Quiz").exit_code == 0
    renamed = store.events(demo_db, contest)[0]
    assert (renamed.name_en, renamed.name_ru) == ("Quiz", event.name_ru)
    blank = cli("contest", "event", str(contest), event.slug, "--name", "  ")
    assert blank.exit_code == 1 and "needs a name" in blank.stderr
    assert store.events(demo_db, contest)[0] == renamed


def test_a_finished_contest_refuses_team_changes(cli, demo_db) -> None:
    contest = store.latest_contest(demo_db).id
    number = store.teams(demo_db, contest)[0].number
    store.set_status(demo_db, contest, store.FINISHED)
    for args in (("edit", "--name", "X"), ("withdraw",)):
        result = cli("contest", "team", args[0], str(contest), str(number), *args[1:])
        assert result.exit_code == 1 and "finished" in result.stderr.lower(), result.stderr
    assert len(store.teams(demo_db, contest)) > 0
