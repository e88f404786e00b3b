"""`outreach contest …`: the family driving competition, its teams, results and scoreboard."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from outreach.cli.common import (
    Commands,
    JsonOption,
    confirmed,
    decimal_argument,
    decimal_option,
    err,
    open_db,
    out,
    print_json,
    refuse_excel_for_workbook,
    refuse_given,
)
from outreach.cli.messages_cmd import _pairs
from outreach.cli.tables import fitted, packed, whole_words
from outreach.common.errors import OutreachError
from outreach.common.formats import show_day, show_decimal
from outreach.common.i18n import pt, t, tn
from outreach.contest import store
from outreach.contest.board import load_board
from outreach.contest.entry import read_run, read_wrong
from outreach.contest.export import (
    export_contest,
    into_folder,
    rank_text,
    saved_text,
    score_text,
    status,
    tie_note,
    total_text,
)
from outreach.contest.invitation import create_invitation
from outreach.contest.memo import write_contest_memo
from outreach.contest.preset import DEFAULT_PRESET, list_presets
from outreach.contest.slips import UnusualTime, result_words
from outreach.contest.standings import THEORY, driver_label, kind_label, state_label
from outreach.contest.store import FINISHED, OPEN, fault_word

app = Commands(no_args_is_help=True,
                  help="The family driving competition: contests, teams, results, scoreboard.")
team_app = Commands(no_args_is_help=True, help="Teams of a contest.")
app.add_typer(team_app, name="team")

ContestArg = Annotated[int, typer.Argument(help="The contest's id.")]


@app.command("presets")
def presets(json_: JsonOption = False) -> None:
    """The scoring presets shipped in data/contests. Example: outreach contest presets --json"""
    found = list_presets()
    if json_:
        print_json([{"slug": p.slug, "title": p.title,
                     "events": [{"slug": e.slug, "kind": e.kind, "driver": e.driver} for e in p.events],
                     "faults": {f.code: f.points for f in p.faults}} for p in found])
        return
    for preset in found:
        out.print(f"{preset.slug}: {preset.title} — " + ", ".join(e.name for e in preset.events))


@app.command("new")
def new(title: Annotated[str, typer.Argument(help="The contest's title.")],
        preset: Annotated[str, typer.Option("--preset", help="Scoring preset slug.")] = DEFAULT_PRESET,
        date: Annotated[Optional[str], typer.Option("--date", help="ДД.ММ.ГГГГ or YYYY-MM-DD.")] = None,
        place: Annotated[str, typer.Option("--place", help="Where it takes place.")] = "",
        json_: JsonOption = False) -> None:
    """Create a contest from a preset. Example: outreach contest new "Моя автомобильная семья 2026" --date 2026-05-16"""
    cid = store.new_contest(open_db(create=True), title, preset, date, place)
    if json_:
        print_json({"id": cid})
        return
    out.print(t("Contest {id} «{title}» created.", id=cid, title=title))


@app.command("list")
def list_(json_: JsonOption = False) -> None:
    """Every contest, newest first (earlier years stay). Example: outreach contest list"""
    contests = store.list_contests(open_db())
    if json_:
        print_json([asdict(c) for c in contests])
        return
    for c in contests:
        out.print(f"{c.id}  {show_day(c.date) or '—'}  {c.title}  ({state_label(c.status)})", markup=False)


@app.command("show")
def show(contest_id: ContestArg, json_: JsonOption = False) -> None:
    """A contest's events, penalty table and teams. Example: outreach contest show 1 --json"""
    db = open_db()
    contest = store.get_contest(db, contest_id)
    events = store.events(db, contest_id)
    faults = store.faults(db, contest_id)
    teams = store.teams(db, contest_id)
    if json_:
        print_json({**asdict(contest), "events": [e.as_dict() for e in events],
                    "faults": [{"code": f.code, "name": f.name, "points": f.points} for f in faults],
                    "teams": [tm.as_dict() for tm in teams]})
        return
    lines = [f"{contest.title} · {show_day(contest.date) or '—'} · {contest.place or '—'} · "
             f"{state_label(contest.status)}"]
    lines += [f"  {e.name} ({e.slug}): {kind_label(e.kind)}, {driver_label(e.driver)}" for e in events]
    lines.append("  " + ", ".join(f"{fault_word(f.code)} +{show_decimal(f.points)}" for f in faults))
    lines += [f"  №{tm.number}  {tm.name} ({tm.people})" for tm in teams]
    out.print("\n".join(lines), markup=False)


@app.command("event")
def event(contest_id: ContestArg,
          slug: Annotated[str, typer.Argument(help="The event: its slug or name, e.g. slalom or змейка.")],
          driver: Annotated[Optional[str], typer.Option("--driver", help="student | parent | relay.")] = None,
          dnf_extra: Annotated[Optional[float], decimal_option("--dnf-extra", help="Points added to the worst finisher for a DNF.")] = None,
          wrong_points: Annotated[Optional[float], decimal_option("--wrong-points", help="Points per wrong theory answer.")] = None,
          name: Annotated[Optional[str], typer.Option("--name", help="The event's name in the current language.")] = None) -> None:
    """Change an event's scoring in this contest. Example: outreach contest event 1 track --driver relay"""
    db = open_db()
    if store.get_event(db, contest_id, slug).kind == THEORY:
        refuse_given({"--dnf-extra": dnf_extra}, t("it scores a driving exercise not finished; a theory test not finished counts every answer wrong."))
    else:
        refuse_given({"--wrong-points": wrong_points}, t("it scores a wrong answer of a theory test; this event is a driving exercise."))
    store.edit_event(db, contest_id, slug, driver=driver, dnf_extra=dnf_extra,
                     wrong_points=wrong_points, name=name)
    out.print(t("Saved."))


@app.command("fault")
def fault(contest_id: ContestArg,
          code: Annotated[str, typer.Argument(help="The fault's code or short name, e.g. cone or конус.")],
          points: Annotated[float, decimal_argument(help="Penalty points per fault (a decimal comma is fine).")]) -> None:
    """Change a fault's penalty in this contest. Example: outreach contest fault 1 stall 10"""
    store.set_fault_points(open_db(), contest_id, code, points)
    out.print(t("Saved."))


@team_app.command("add")
def team_add(contest_id: ContestArg,
             student: Annotated[int, typer.Option("--student", help="The student driver's id.")],
             guardian: Annotated[list[int], typer.Option("--guardian", help="A guardian's id (repeatable).")],
             name: Annotated[Optional[str], typer.Option("--name", help="Team name (default: the family's surname).")] = None,
             number_: Annotated[Optional[int], typer.Option("--number", help="Start number (default: next free).")] = None,
             any_guardian: Annotated[bool, typer.Option("--any-guardian", help="Allow a guardian the roster does not link to the student (a relative).")] = False,
             json_: JsonOption = False) -> None:
    """Enter a team. Example: outreach contest team add 1 --student 4 --guardian 7 --guardian 8"""
    tid, num = store.add_team(open_db(), contest_id, student, guardian, name, number_,
                              any_guardian=any_guardian)
    if json_:
        print_json({"id": tid, "number": num})
        return
    out.print(t("Team entered with start number {number}.", number=num))


TeamNumberArg = Annotated[int, typer.Argument(help="The team's start number.")]


@team_app.command("edit")
def team_edit(contest_id: ContestArg, number: TeamNumberArg,
              name: Annotated[Optional[str], typer.Option("--name", help="Team name ('' for the family's surname).")] = None,
              new_number: Annotated[Optional[int], typer.Option("--number", help="A new start number.")] = None,
              guardian: Annotated[Optional[list[int]], typer.Option("--guardian", help="The team's guardians from now on (repeatable).")] = None,
              any_guardian: Annotated[bool, typer.Option("--any-guardian", help="Allow a guardian the roster does not link to the student (a relative).")] = False,
              json_: JsonOption = False) -> None:
    """Change a team's name, start number or guardians; its results stay. Example: outreach contest team edit 1 3 --number 12"""
    if not guardian:
        refuse_given({"--any-guardian": any_guardian}, t("it allows a guardian given with --guardian; give the guardians with it."))
    num = store.edit_team(open_db(), contest_id, number, name=name, new_number=new_number,
                          guardian_ids=guardian, any_guardian=any_guardian)
    if json_:
        print_json({"number": num})
        return
    out.print(t("Team №{number} saved.", number=num))


@team_app.command("withdraw")
def team_withdraw(contest_id: ContestArg, number: TeamNumberArg,
                  yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation when the team has results.")] = False,
                  json_: JsonOption = False) -> None:
    """Take a team out of the contest; its results are removed with it (asked about first). Example: outreach contest team withdraw 1 3"""
    db = open_db()
    entered = store.results_withdrawn_with(db, contest_id, number)
    if entered and not yes:  # a slip of the number would take another team's results
        (err if json_ else out).print(tn("Team №{number} has a result in {n} event; it is removed with the team.",
                                         "Team №{number} has results in {n} events; they are removed with the team.",
                                         entered, number=number))
        if not confirmed(t("Withdraw the team?"), to_err=json_):
            raise OutreachError(t("Nothing was withdrawn (not confirmed; use --yes in scripts)."))
    removed = store.withdraw_team(db, contest_id, number)
    if json_:
        print_json({"number": number, "results_removed": removed})
        return
    out.print(t("Team №{number} withdrawn; results removed with it: {results}.", number=number, results=removed))


@app.command("score")
def score(contest_id: ContestArg,
          number: TeamNumberArg,
          event_slug: Annotated[str, typer.Argument(help="The event: its slug or name, e.g. slalom or змейка.")],
          time: Annotated[Optional[str], typer.Option("--time", metavar="SECONDS", help="Seconds (52,3 or 52.3) or minutes:seconds (1:05,3).")] = None,
          wrong: Annotated[Optional[str], typer.Option("--wrong", metavar="NUMBER", help="Wrong answers (theory).")] = None,
          fault_: Annotated[Optional[list[str]], typer.Option("--fault", metavar="CODE[=COUNT]", help="A fault, e.g. cone=2 or конус=2 (repeatable).")] = None,
          dnf: Annotated[bool, typer.Option("--dnf", help="Did not finish, or skipped the figure.")] = False,
          dsq: Annotated[Optional[str], typer.Option("--dsq", metavar="REASON", help="Disqualify the team, e.g. 'seat belt'.")] = None,
          yes: Annotated[bool, typer.Option("--yes", help="Enter a time far from the other teams' as it is (it is asked about otherwise).")] = False,
          json_: JsonOption = False) -> None:
    """Enter or replace a result. Example: outreach contest score 1 3 slalom --time 41,5 --fault cone=2"""
    db = open_db()
    seconds, dnf_typed = read_run(time or "", "--time", "--fault")  # --time сход is a DNF
    questions = store.get_event(db, contest_id, event_slug).questions if wrong is not None else None
    try:
        replaced = store.score(db, contest_id, number, event_slug, time=seconds,
                               wrong=None if wrong is None else read_wrong(wrong, "--wrong", questions),
                               faults_=store.parse_faults(fault_ or []), dnf=dnf or dnf_typed, dsq=dsq,
                               confirmed=yes)
    except UnusualTime as unusual:
        raise OutreachError(t("{message} To enter it as it is, repeat with --yes.", message=unusual.message)) from None
    row = load_board(db, contest_id).row_for(number)
    assert row is not None
    if json_:
        print_json({"replaced": replaced is not None, **row.as_dict()})
        return
    out.print(saved_text(row, replaced), markup=False)


@app.command("clear")
def clear(contest_id: ContestArg,
          number: TeamNumberArg,
          event_slug: Annotated[str, typer.Argument(help="The event: its slug or name, e.g. slalom or змейка.")]) -> None:
    """Remove a result entered by mistake. Example: outreach contest clear 1 3 slalom"""
    gone = store.clear_result(open_db(), contest_id, number, event_slug)
    if gone is None:
        raise OutreachError(t("Team {number} has no result in '{event}' to clear.", number=number, event=event_slug))
    out.print(t("Result of team {number} removed (it was {was}).", number=number, was=result_words(gone)))


@app.command("board")
def board(contest_id: ContestArg, json_: JsonOption = False) -> None:
    """The standings. Example: outreach contest board 1 --json"""
    current = load_board(open_db(), contest_id)
    if json_:
        print_json(current.as_dict())
        return
    rows = [[rank_text(row), str(row.team.number), row.team.name,
             *[score_text(row, e.slug) for e in current.events], total_text(row)] for row in current.rows]
    notes = [f"№{row.team.number}: {status(row)}" for row in current.rows
             if not row.standing.complete or row.standing.disqualified]
    notes += [f"№{row.team.number}: {note}" for row in current.rows if (note := tie_note(current, row))]
    table, legend = _board_table(current.contest.title, [e.name for e in current.events], rows)
    out.print(table)
    out.print("\n".join([*legend, *notes]), markup=False)


def _board_table(title: str, events: list[str], rows: list[list[str]]) -> tuple[Table, list[str]]:
    """The standings whole at the terminal's width, words unbroken: events by name, or by
    their number with a legend below when the names do not fit."""
    def headers(names: list[str]) -> list[str]:
        return [pt("contest.col.rank", "#"), t("No."), t("Team"), *names, t("Total")]

    table = fitted(headers(events), rows, out.width, title)
    if table is not None:
        return table, []
    numbers = [str(n) for n in range(1, len(events) + 1)]
    legend = packed(t("Events:"), [f"{n} — {name}" for n, name in zip(numbers, events, strict=True)], out.width)
    return whole_words(headers(numbers), rows, out.width, title), legend


@app.command("export")
def export(contest_id: ContestArg,
           path: Annotated[str, typer.Argument(help="A CSV file (a .xlsx name: an Excel workbook), '-' for stdout, or a directory for both files.")],
           protocol: Annotated[bool, typer.Option("--protocol", help="The full protocol (every team × event) instead of the standings.")] = False,
           excel: Annotated[bool, typer.Option("--excel", help="UTF-8 with BOM and ';' for Excel.")] = False,
           xlsx: Annotated[bool, typer.Option("--xlsx", help="A directory gets standings.xlsx and protocol.xlsx (Excel workbooks).")] = False) -> None:
    """Export the standings or the protocol as CSV. Example: outreach contest export 1 ./results/"""
    if into_folder(path):
        refuse_given({"--protocol": protocol}, t("a directory gets both the standings and the protocol; name a file for one of them."))
        refuse_given({"--excel": excel and xlsx}, t("it is for CSV files; --xlsx writes Excel workbooks."))
    else:
        refuse_given({"--xlsx": xlsx}, t("it names the files written into a directory; for one workbook, end the file name in .xlsx."))
        refuse_excel_for_workbook(path, excel)
    written = export_contest(open_db(), contest_id, path, protocol, excel, xlsx)
    if str(path) != "-":
        out.print(t("Written: {paths}.", paths=", ".join(str(p) for p in written)))


@app.command("finish")
def finish(contest_id: ContestArg) -> None:
    """Lock a finished contest: results can no longer change. Example: outreach contest finish 1"""
    store.set_status(open_db(), contest_id, FINISHED)
    out.print(t("The contest is finished and locked."))


@app.command("reopen")
def reopen(contest_id: ContestArg) -> None:
    """Unlock a finished contest to correct a result. Example: outreach contest reopen 1"""
    store.set_status(open_db(), contest_id, OPEN)
    out.print(t("The contest is open for results again."))


@app.command("memo")
def memo(contest_id: ContestArg,
         path: Annotated[Path, typer.Argument(help="The HTML file to write, or a directory for contest-ID-memo.html.")],
         json_: JsonOption = False) -> None:
    """The printable spectator memo: date, place, a road-safety note, the school's links with QR codes.
    Example: outreach contest memo 1 ~/memo.html"""
    written = write_contest_memo(open_db(), contest_id, path)
    if json_:
        print_json({"path": str(written)})
        return
    out.print(t("Spectator memo written: {path}", path=str(written)), markup=False)


@app.command("invite")
def invite(contest_id: ContestArg,
           audience: Annotated[Optional[list[str]], typer.Option(
               "--audience", help="all | group:NAME | guardian:ID | not-answered:SURVEY_ID | guardian:GUARDIAN_ID:student:STUDENT_ID (that parent, about that child) | student:ID (each of the child's parents, about the child) (repeatable).")] = None,
           set_: Annotated[Optional[list[str]], typer.Option(
               "--set", help="KEY=VALUE overriding the contest's date, place or deadline (repeatable).")] = None,
           mode: Annotated[str, typer.Option("--mode", help="preferred (first reachable channel) | duplicate (every one).")] = "preferred",
           broadcast: Annotated[Optional[list[str]], typer.Option(
               "--broadcast", help="Post once on site, forum, blog, vk_group, telegram_group, max_group, paper, by code or name (repeatable).")] = None,
           json_: JsonOption = False) -> None:
    """Compose the invitation (template family-contest) with the contest's date and place.
    Example: outreach contest invite 1 --audience group:10А --set deadline='10 May'"""
    message_id = create_invitation(open_db(), contest_id, audience=audience or ["all"],
                                   values=_pairs(set_ or []), mode=mode, broadcast=broadcast or [])
    if json_:
        print_json({"id": message_id})
        return
    out.print(t("Invitation {id} composed; check it with `outreach message preview {id}`, send it with `outreach message send {id}`.", id=message_id), markup=False)
