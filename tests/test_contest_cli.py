"""The contest commands: the scripting contract, refused input, forgetting a family, demo."""

from __future__ import annotations

import csv
import json

import pytest

from outreach.common.errors import OutreachError
from outreach.contest import store
from outreach.contest.preset import list_presets, parse_preset
from outreach.erasure.forget import forget_family
from outreach.roster import guardians as roster


@pytest.fixture
def family(db):
    """Three families: (student id, [guardian ids])."""
    out = []
    for surname, first, mother, father in (("Петров", "Иван", "Анна", "Сергей"),
                                           ("Кузнецова", "Дарья", "Елена", None),
                                           ("Сидоров", "Пётр", "Ольга", None)):
        guardians = [roster.add_guardian(db, {"surname": surname.rstrip("а") + "а", "name": mother,
                                              "phone": None})]
        if father:
            guardians.append(roster.add_guardian(db, {"surname": surname.rstrip("а"), "name": father}))
        sid = roster.add_student(db, surname, first, "", "10А", [(g, "") for g in guardians])
        out.append((sid, guardians))
    return out


@pytest.fixture
def contest(cli, family):
    cid = cli.json("contest", "new", "Моя автомобильная семья 2026", "--date", "2026-05-16",
                   "--place", "Автодром")["id"]
    for sid, gids in family:
        args = ["contest", "team", "add", str(cid), "--student", str(sid)]
        for gid in gids:
            args += ["--guardian", str(gid)]
        cli.json(*args)
    return cid


def rows(db, sql):
    return db.execute(sql).fetchall()


def test_presets_and_new_contest_copy_the_scoring(cli, db):
    presets = cli.json("contest", "presets")
    assert [p["slug"] for p in presets] == ["family"]
    assert presets[0]["faults"] == {"cone": 10, "not_entered": 20, "stop_line": 10, "stall": 5}
    cid = cli.json("contest", "new", "2026")["id"]
    shown = cli.json("contest", "show", str(cid))
    assert {"id", "title", "events", "teams"} <= shown.keys()
    assert [(e["slug"], e["kind"]) for e in shown["events"]] == [
        ("theory", "theory"), ("slalom", "exercise"), ("parallel", "exercise"),
        ("garage", "exercise"), ("track", "exercise"), ("stop_line", "exercise")]
    assert all({"slug", "name", "kind"} <= e.keys() for e in shown["events"])
    # editable in the contest, the preset file unchanged
    assert cli("contest", "fault", str(cid), "stall", "7").exit_code == 0
    assert cli("contest", "event", str(cid), "track", "--driver", "parent").exit_code == 0
    assert rows(db, f"SELECT points FROM contest_faults WHERE contest_id={cid} AND code='stall'") == [(7.0,)]
    assert rows(db, f"SELECT driver FROM contest_events WHERE contest_id={cid} AND slug='track'") == [("parent",)]
    assert {f.code: f.points for f in list_presets()[0].faults}["stall"] == 5


def test_team_add_numbers_and_names(cli, db, contest, family):
    teams = cli.json("contest", "show", str(contest))["teams"]
    assert [(tm["number"], tm["name"]) for tm in teams] == [(1, "Петровы"), (2, "Кузнецовы"), (3, "Сидоровы")]
    assert [g["name"] for g in teams[0]["guardians"]] == ["Анна", "Сергей"]
    sid = roster.add_student(db, "Лесной", "Ян", "", "10А")
    made = cli.json("contest", "team", "add", str(contest), "--student", str(sid), "--guardian",
                    str(family[0][1][0]), "--number", "12", "--name", "Ветер", "--any-guardian")
    assert made["number"] == 12
    taken = cli("contest", "team", "add", str(contest), "--student", str(sid), "--guardian", "1")
    assert taken.exit_code == 1 and "team 12" in taken.stderr
    assert cli("contest", "team", "add", str(contest), "--student", str(sid)).exit_code == 2


def test_a_replaced_or_removed_result_is_named_so_a_slip_of_the_number_is_seen(cli, db, contest):
    c = str(contest)
    assert cli("contest", "score", c, "1", "slalom", "--time", "41,5", "--fault", "cone=2").exit_code == 0
    said = cli("contest", "score", c, "1", "slalom", "--dsq", "seat belt")  # meant for team 11
    assert said.exit_code == 0
    assert said.stdout.startswith("Result replaced (it was 41.5 s, cone × 2): team 1 is disqualified (seat belt).")
    cleared = cli("contest", "clear", c, "1", "slalom")  # what was removed is named: it can be entered again
    assert cleared.exit_code == 0 and cleared.stdout.startswith("Result of team 1 removed (it was DSQ: seat belt).")


def test_score_board_and_replace_is_audited(cli, db, contest):
    c = str(contest)
    assert cli("contest", "score", c, "1", "theory", "--wrong", "1", "--time", "600").exit_code == 0
    assert cli("contest", "score", c, "2", "theory", "--wrong", "0", "--time", "700").exit_code == 0
    assert cli("contest", "score", c, "1", "slalom", "--time", "41.5", "--fault", "cone=2",
               "--fault", "stall").exit_code == 0
    replaced = cli.json("contest", "score", c, "1", "slalom", "--time", "40", "--fault", "cone")
    assert replaced["replaced"] is True and replaced["total"] == 60
    assert cli("contest", "score", c, "2", "slalom", "--dnf").exit_code == 0
    assert cli("contest", "score", c, "3", "theory", "--dsq", "seat belt").exit_code == 0
    board = cli.json("contest", "board", c)
    assert board["contest"]["id"] == contest
    standings = board["standings"]
    for row in standings:
        assert {"rank", "team_id", "number", "name", "total", "complete", "disqualified", "events"} <= row.keys()
    assert [(r["rank"], r["number"], r["total"], r["complete"], r["disqualified"]) for r in standings] == [
        (1, 1, 60, False, False),     # 10 + 50
        (2, 2, 80, False, False),     # 0 + (50 + 30)
        (None, 3, 0, False, True)]
    assert standings[0]["events"]["slalom"]["faults"] == {"cone": 1}
    assert standings[0]["events"]["garage"] is None
    actions = [a for (a,) in rows(db, "SELECT action FROM audit_log WHERE entity='contest_result' ORDER BY id")]
    assert actions == ["score", "score", "score", "rescore", "score", "score"]


@pytest.mark.parametrize("args,needle", [
    (["9", "slalom", "--time", "40"], "start number 9"),
    (["1", "drift", "--time", "40"], "no event 'drift'"),
    (["1", "slalom", "--time", "-3"], "zero or more"),
    (["1", "slalom", "--time", "40", "--fault", "smoke"], "'smoke' is not a fault"),
    (["1", "stop_line", "--time", "40", "--fault", "not_entered"], "'not_entered' is not a fault"),
    (["1", "slalom", "--time", "40", "--fault", "cone=x"], "CODE=COUNT"),
    (["1", "slalom"], "give the time"),
    (["1", "slalom", "--time", "40", "--dnf"], "not both"),
    (["1", "slalom", "--wrong", "2"], "not --wrong"),
    (["1", "theory", "--wrong", "21"], "20 questions"),
    (["1", "theory", "--time", "500"], "wrong answers"),
])
def test_bad_results_are_refused_and_nothing_changes(cli, db, contest, args, needle):
    assert cli("contest", "score", str(contest), "1", "slalom", "--time", "50").exit_code == 0
    before = rows(db, "SELECT * FROM contest_results")
    audit_before = rows(db, "SELECT count(*) FROM audit_log")
    result = cli("contest", "score", str(contest), *args)
    assert result.exit_code == 1, result.output
    assert needle in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert rows(db, "SELECT * FROM contest_results") == before
    assert rows(db, "SELECT count(*) FROM audit_log") == audit_before


def test_finished_contest_is_locked_and_earlier_contests_stay(cli, db, contest):
    c = str(contest)
    assert cli("contest", "score", c, "1", "slalom", "--time", "50").exit_code == 0
    assert cli("contest", "finish", c).exit_code == 0
    locked = cli("contest", "score", c, "1", "slalom", "--time", "45")
    assert locked.exit_code == 1 and "locked" in locked.stderr
    assert rows(db, "SELECT time FROM contest_results") == [(50.0,)]
    newer = cli.json("contest", "new", "2027", "--date", "2027-05-15")["id"]
    assert [c["id"] for c in cli.json("contest", "list")] == [newer, contest]
    assert store.latest_contest(db).id == newer
    assert cli("contest", "reopen", c).exit_code == 0
    assert cli("contest", "score", c, "1", "slalom", "--time", "45").exit_code == 0


def test_unknown_contest_and_preset(db, cli):
    missing = cli("contest", "board", "42")
    assert missing.exit_code == 1 and "no contest with id 42" in missing.stderr
    bad = cli("contest", "new", "X", "--preset", "nope")
    assert bad.exit_code == 1 and "family" in bad.stderr
    assert cli("contest", "new", "X", "--date", "16/05/2026").exit_code == 1  # ДД.ММ.ГГГГ is fine


def test_export_standings_and_protocol_neutralise_formulas(cli, contest, tmp_path, db):
    c = str(contest)
    sid = roster.add_student(db, "Формулов", "Ян", "", "10А")
    gid = roster.add_guardian(db, {"surname": "Формулова", "name": "Яна"})
    cli.json("contest", "team", "add", c, "--student", str(sid), "--guardian", str(gid),
             "--name", "=HYPERLINK(\"x\")", "--any-guardian")
    cli("contest", "score", c, "1", "slalom", "--time", "41.5", "--fault", "cone=2")
    cli("contest", "score", c, "2", "slalom", "--dnf")
    assert cli("contest", "export", c, str(tmp_path / "out") + "/").exit_code == 0
    with open(tmp_path / "out" / "standings.csv", newline="", encoding="utf-8") as f:
        standings = list(csv.reader(f))
    assert standings[0][:4] == ["#", "No.", "Team", "Student and parents"]
    assert standings[1][:3] == ["1", "1", "Петровы"] and "61.5" in standings[1]
    assert any(row[2] == "'=HYPERLINK(\"x\")" for row in standings)
    with open(tmp_path / "out" / "protocol.csv", newline="", encoding="utf-8") as f:
        protocol = list(csv.reader(f))
    assert len(protocol) == 1 + 4 * 6
    slalom = [r for r in protocol if r[0] == "2" and r[3] == "Slalom"][0]
    assert slalom[9] == "yes" and slalom[11] == "91.5"
    assert cli("contest", "export", c, str(tmp_path / "p.csv"), "--protocol", "--excel").exit_code == 0
    assert (tmp_path / "p.csv").read_bytes().startswith("\ufeff".encode())


def test_forget_family_keeps_the_team_number_and_results_without_personal_links(cli, db, contest, family):
    c = str(contest)
    cli("contest", "score", c, "1", "slalom", "--time", "41.5")
    db.execute("UPDATE contest_teams SET name = 'Петровы-Скорость' WHERE number = 1")
    db.conn.commit()
    sid, gids = family[0]
    forget_family(db, student_id=sid)
    team = rows(db, f"SELECT id, number, name FROM contest_teams WHERE contest_id={contest} AND number=1")
    assert team[0][1:] == (1, None)
    assert rows(db, f"SELECT * FROM contest_team_members WHERE team_id={team[0][0]}") == []
    for (table,) in rows(db, "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'contest%'"):
        dump = json.dumps(rows(db, f"SELECT * FROM {table}"), ensure_ascii=False)
        for word in ("Петров", "Анна", "Сергей", "Иван"):
            assert word not in dump, (table, word)
    audit = json.dumps(rows(db, "SELECT detail FROM audit_log"), ensure_ascii=False)
    assert "Петров" not in audit
    board = cli.json("contest", "board", c)["standings"]
    first = [r for r in board if r["number"] == 1][0]
    assert first["name"] == "Team 1" and first["people"] == ""
    assert first["events"]["slalom"]["score"] == 41.5
    assert cli.json("contest", "show", c)["teams"][0]["student"] is None


def test_demo_has_a_current_contest_with_partial_results(demo_db):
    latest = store.latest_contest(demo_db)
    assert latest is not None and latest.status == "open"
    from outreach.contest.board import load_board
    board = load_board(demo_db, latest.id)
    assert len(board.rows) >= 8
    assert any(not r.standing.complete for r in board.rows)
    assert any(r.standing.disqualified for r in board.rows)
    assert sum(r.standing.entered for r in board.rows) > 0
    assert len(store.list_contests(demo_db)) == 2


def test_bad_preset_is_named():
    with pytest.raises(OutreachError, match="x.toml is invalid: events.a.faults"):
        parse_preset({"slug": "x", "title": "X", "events": [
            {"slug": "a", "kind": "exercise", "name": "A", "faults": ["smoke"]}]}, "x.toml")



def test_a_time_far_from_the_others_is_asked_about_before_it_is_entered(demo_db, cli, russian):
    """«523» typed for 52,3 (or «5,2» for 52) would move a family by places: the command says
    what the other teams' usual time is and enters it only with --yes; a usual time goes in."""
    contest = store.latest_contest(demo_db).id
    times = [t for (t,) in demo_db.execute(
        "SELECT r.time FROM contest_results r JOIN contest_events e ON e.id = r.event_id"
        " WHERE e.contest_id = ? AND e.slug = 'garage' AND r.time IS NOT NULL AND NOT r.dnf AND r.dsq IS NULL",
        [contest])]
    assert len(times) >= 3
    usual = sorted(times)[len(times) // 2]
    before = demo_db.execute("SELECT count(*), total(time) FROM contest_results").fetchone()
    for typed in (f"{usual * 10:.0f}", f"{usual / 10:.1f}".replace(".", ",")):
        refused = cli("contest", "score", str(contest), "8", "гараж", "--time", typed)
        assert refused.exit_code == 1
        assert "не пропущена ли запятая" in refused.stderr and "--yes" in refused.stderr
        assert demo_db.execute("SELECT count(*), total(time) FROM contest_results").fetchone() == before
    assert cli("contest", "score", str(contest), "8", "гараж", "--time", f"{usual * 10:.0f}", "--yes").exit_code == 0
    assert cli("contest", "score", str(contest), "8", "гараж", "--time", f"{usual * 1.2:.1f}").exit_code == 0
