"""`outreach survey …`: templates, Forms imports, paper entry, results, channel preferences."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table
from rich.text import Text
from sqlite_utils import Database

from outreach import surveys
from outreach.cli.common import (
    Commands,
    JsonOption,
    confirmed,
    err,
    known_group,
    open_db,
    out,
    print_json,
    refuse_excel_for_workbook,
    refuse_text_options_for_workbook,
    typed_values,
    usage_error,
)
from outreach.common.channel_names import channel_label
from outreach.common.errors import OutreachError
from outreach.common.formats import show_decimal
from outreach.common.i18n import N_, t, tn
from outreach.common.typed import key_values
from outreach.surveys import bot as survey_bot
from outreach.surveys.identity import CONTACTS as CONTACT_FIELDS
from outreach.surveys.identity import (
    WHO_FIELDS,
    answered_by,
    field_label,
    guess_line,
    matched_by_line,
    parse_type,
)
from outreach.surveys.importer import hidden_line
from outreach.surveys.model import question_blocks, type_label
from outreach.surveys.results import bar, quoted

app = Commands(no_args_is_help=True,
                  help="Parent surveys: templates, Google/Yandex Forms imports, results, channels.")

SurveyId = Annotated[int, typer.Argument(help="The survey's id.")]
GroupOption = Annotated[Optional[str], typer.Option("--group", help="Only respondents from this group (class).")]
YesOption = Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")]


@app.command("templates")
def templates(json_: JsonOption = False) -> None:
    """List the shipped survey templates. Example: outreach survey templates --json"""
    items = surveys.list_templates()
    if json_:
        print_json(items)
        return
    table = Table(t("Template"), t("Language"), t("Title"), t("Questions"))
    for item in items:
        table.add_row(str(item["slug"]), str(item["lang"]), str(item["title"]), str(item["questions"]))
    out.print(table)


@app.command("new")
def new(template: Annotated[str, typer.Option("--template", help="Template slug: channels, satisfaction.")],
        title: Annotated[Optional[str], typer.Option("--title", help="Title (default: the template's).")] = None,
        json_: JsonOption = False) -> None:
    """Create a survey from a template in the interface language. Example: outreach --lang ru survey new --template channels"""
    db = open_db(create=True)
    sid = surveys.new_from_template(db, template, title)
    if json_:
        print_json({"id": sid})
    else:
        out.print(t("Survey {id} created: {title}.", id=sid, title=surveys.get_survey(db, sid).title))


@app.command("list")
def list_(json_: JsonOption = False) -> None:
    """List surveys with their response counts. Example: outreach survey list --json"""
    items = surveys.list_surveys(open_db())
    if json_:
        print_json(items)
        return
    table = Table(t("ID"), t("Title"), t("Questions"), t("Responses"))
    for item in items:
        table.add_row(str(item["id"]), str(item["title"]), str(item["questions"]), str(item["responses"]))
    out.print(table)


@app.command("show")
def show(survey_id: SurveyId, json_: JsonOption = False) -> None:
    """Show a survey's questions and options. Example: outreach survey show 1 --json"""
    survey = surveys.get_survey(open_db(), survey_id)
    if json_:
        print_json(surveys.survey_dict(survey))
        return
    out.print(Text(survey.title, style="bold"))
    for grid, rows in question_blocks(survey.questions):
        if grid is None:
            _show_question(f"{rows[0][0].id}. {rows[0][1]}", rows[0][0], "     ")
        elif len({(q.type, tuple((o.label, o.channel) for o in q.options)) for q, _ in rows}) == 1:
            _show_question(grid, rows[0][0], "     ", bold=True)  # one scale for every row: said once
            for q, row in rows:
                out.print(f"  {q.id}. {row}", markup=False)
        else:
            out.print(Text(grid, style="bold"))
            for q, row in rows:
                _show_question(f"  {q.id}. {row}", q, "       ")


def _show_question(title: str, q: surveys.Question, pad: str, bold: bool = False) -> None:
    """A question's line with its type, its options under it (`pad` before each)."""
    out.print(Text.assemble((title, "bold" if bold else ""), f"  ({type_label(q.type, q.labels)})"))
    for o in q.options:
        out.print(f"{pad}· {o.label}" + (f"  → {channel_label(o.channel)}" if o.channel else ""), markup=False)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The CSV or XLSX exported by Google Forms, Yandex Forms, Microsoft Forms or LimeSurvey.")],
    survey: Annotated[Optional[int], typer.Option("--survey", help="Import into this existing survey.")] = None,
    new: Annotated[Optional[str], typer.Option("--new", help="Create a survey with this title from the file.")] = None,
    match: Annotated[Optional[str], typer.Option("--match", callback=typed_values(surveys.MATCH_WORDS.parse),
                                                 help="Also match respondents to guardians by: email | phone (their e-mail or phone in the answers). The parent's and the child's names are matched without it (--map 'Header=skip' leaves a column out).")] = None,
    encoding: Annotated[Optional[str], typer.Option(help="Force the encoding (utf-8, cp1251…).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be imported; write nothing.")] = False,
    map_: Annotated[Optional[list[str]], typer.Option("--map", help="'Header=field': what a column is, e.g. 'Ваше ФИО=respondent.name', 'ФИО ребёнка=child.name', 'Класс=child.class', 'Имя=question', 'Комментарий=skip'.")] = None,
    json_: JsonOption = False,
) -> None:
    """Import form responses. Example: outreach survey import answers.csv --survey 1 --match email"""
    if (survey is None) == (new is None):
        raise usage_error(t("Give exactly one of --survey ID or --new TITLE."))
    refuse_text_options_for_workbook(file, {"--encoding": encoding},
                                     t("a workbook has sheets, not an encoding; the answers are read from its first sheet."))
    db = open_db(create=new is not None)
    with err.status(t("Importing responses…")):
        report = surveys.import_responses(db, file, survey, new, match, encoding, dry_run, mapping=map_ or [])
    if json_:
        print_json(report)
        return
    for warning in report["warnings"][:20]:
        err.print(t("Row {row}, {column}: '{value}' is not one of the options; kept as other.", **warning))
    if len(report["warnings"]) > 20:
        err.print(tn("… and {n} more answer kept as other.", "… and {n} more answers kept as other.", len(report["warnings"]) - 20))
    for renamed in report["renamed_columns"]:
        err.print(t("The column '{column}' is read as the question '{question}' (its text was edited slightly).", **renamed), markup=False)
    for doubt in report["respondent_warnings"]:
        err.print(t("Row {row}, {column}: '{value}': {reason}; the response is kept without a guardian.", **doubt), markup=False)
    _say_identity(report)
    if report["class_column"]:
        err.print(t("The column '{column}' is kept as the class each respondent gave (survey results --group takes it).", column=report["class_column"]), markup=False)
    if report["unmatched_columns"]:
        err.print(t("Columns that match no question (not imported): {columns}.", columns=", ".join(report["unmatched_columns"])))
    if report["hidden"]:
        err.print(hidden_line(report["hidden"]), markup=False)
    key = N_("Dry run, nothing written. Responses that would be imported: {imported}, already there: {duplicates}, matched to guardians: {matched}.") if dry_run else N_("Survey {survey}. Responses imported: {imported}, already there: {duplicates}, matched to guardians: {matched}.")
    out.print(t(key, survey=report["survey"] or "—", imported=report["imported"],
                duplicates=report["duplicates"], matched=report["matched"]))
    if report["superseded"]:
        out.print(tn(" (and {n} earlier answer of the same parent, replaced by their latest)",
                    " (and {n} earlier answers of the same parents, replaced by their latest)", report["superseded"]).strip(), markup=False)
    if report["matched_by"]:
        out.print(matched_by_line(report["matched_by"]), markup=False)


def _say_identity(report: surveys.ImportReport) -> None:
    """Which columns say who answered (not questions), the ones that only looked so, and the
    responses given to one of a child's two parents."""
    named = [c for c in report["identity_columns"] if c["field"] not in CONTACT_FIELDS]
    if named:
        err.print(t("Who answered is read from: {columns}; these columns are not questions.", columns=", ".join(
            f"«{c['column']}» ({field_label(c['field'])})" for c in named)), markup=False)
    for doubt in report["identity_doubts"]:
        err.print(t("The column «{column}» reads by its header as {field}, but {reason}: it is imported as a question (--map '{column}={target}' reads it so).", column=doubt["column"], field=field_label(doubt["field"]),
                    reason=doubt["reason"], target=doubt["field"]), markup=False)
    for guess in report["parent_guesses"]:
        err.print(guess_line(guess), markup=False)


@app.command("results")
def results(survey_id: SurveyId, group: GroupOption = None, json_: JsonOption = False) -> None:
    """Counts, percentages and bars per question. Example: outreach survey results 1 --group 10А"""
    db = open_db()
    doc = surveys.results(db, survey_id, known_group(db, group))
    if json_:
        print_json(doc)
        return
    out.print(tn("{title} — responses: {responses}; {matched} of {n} guardian answered ({rate}%).",
                 "{title} — responses: {responses}; {matched} of {n} guardians answered ({rate}%).", doc["guardians"],
                 title=doc["title"], responses=doc["responses"], matched=doc["matched"],
                 rate=round(100 * doc["response_rate"])))
    if doc["superseded"]:
        out.print(tn(" (and {n} earlier answer of the same parent, replaced by their latest)",
                    " (and {n} earlier answers of the same parents, replaced by their latest)", doc["superseded"]).strip(), markup=False)
    width = max([len(g["group"]) for g in doc["groups"]] + [4])
    for g in doc["groups"]:
        out.print(f"  {g['group']:<{width}} {bar(g['answered'], g['guardians'], 20)} {g['answered']}/{g['guardians']}"
                  f"  {round(100 * g['rate'])}%", markup=False)
    grid: str | None = None
    for q in doc["questions"]:
        if q["grid"] is not None and q["grid"] != grid:
            out.print(Text.assemble("\n", (q["grid"], "bold")))
        grid = q["grid"]
        title = Text.assemble((f"  {q['row']}", "bold")) if q["row"] is not None \
            else Text.assemble("\n", (str(q["text"]), "bold"))
        out.print(title + f"  ({type_label(q['type'], list(q['answers']))}, {t('{n} answered', n=q['answered'])})")
        pad = "    " if q["row"] is not None else "  "  # a grid's answers under their row
        width = max([len(k) for k in q["answers"]] + [len(k) for k in q["other"]] + [4])
        width = min(width, 40)
        for label, n in q["answers"].items():
            if len(label) > width:  # a long answer whole on its own line(s), its bar below
                out.print(f"{pad}{label}", markup=False)
            shown = label if len(label) <= width else ""
            out.print(f"{pad}{shown:<{width}} {bar(n, q['answered'])} {n:>4}  {show_decimal(q['percent'][label]):>5}%",
                      markup=False)
        for value, n in q["other"].items():
            out.print(f"{pad}{t('other')}: {value}  {n}", markup=False)
        for text in q["text_answers"]:
            for line in quoted(text, out.width):
                out.print(line, markup=False)


@app.command("export")
def export(survey_id: SurveyId,
           path: Annotated[Path, typer.Argument(help="The CSV file to write (a .xlsx name: an Excel workbook; '-' for stdout).")],
           summary: Annotated[bool, typer.Option("--summary", help="Counts per answer instead of raw responses.")] = False,
           group: GroupOption = None,
           excel: Annotated[bool, typer.Option("--excel", help="UTF-8 with BOM and ';' for Excel.")] = False) -> None:
    """Export raw responses or the summary as CSV. Example: outreach survey export 1 summary.csv --summary"""
    refuse_excel_for_workbook(path, excel)
    db = open_db()
    count = surveys.export_results(db, survey_id, path, summary=summary, group=known_group(db, group), excel=excel)
    if str(path) != "-":
        out.print(t("Rows written to {path}: {rows}.", rows=count, path=str(path)))


@app.command("apply-channels")
def apply_channels(survey_id: SurveyId,
                   dry_run: Annotated[bool, typer.Option("--dry-run", help="Only show the preview.")] = False,
                   quiet_hours: Annotated[bool, typer.Option(
                       "--quiet-hours", help="Also set quiet hours from the answer about a convenient time.")] = False,
                   yes: YesOption = False, json_: JsonOption = False) -> None:
    """Set matched guardians' preferred channels from a channel survey. Example: outreach survey apply-channels 1 --yes"""
    db = open_db()
    plan = surveys.channel_plan(db, survey_id, quiet_hours)
    change = surveys.coverage_change(db, plan)
    changes = [p for p in plan if p["changed"]]
    skipped = sum(1 for p in plan if not p["chosen"])
    needs = [p for p in plan if p["needs_address"]]
    doubts = [(p["guardian_id"], doubt) for p in plan if (doubt := p["email_doubt"])]
    for p in plan:  # the addresses are kept as they are: a warning, as an import gives
        if p["email_doubt"]:
            err.print(surveys.describe_doubt(p), markup=False)
    if json_ and (dry_run or not yes):
        print_json({"dry_run": True, "changes": changes, "changed": len(changes), "skipped": skipped,
                    "needs_address": [{"guardian_id": p["guardian_id"], "channels": p["needs_address"]} for p in needs],
                    "email_doubts": [{"guardian_id": gid, **doubt} for gid, doubt in doubts],
                    "coverage": change})
        return
    if not json_:
        for p in changes:
            out.print(surveys.describe_change(p), markup=False)
        out.print(t("Guardians who would get new channel preferences: {changed}; answered without naming a channel: {skipped}.", changed=len(changes), skipped=skipped))
        out.print(surveys.describe_coverage(change), markup=False)
        if needs:
            out.print(tn("{n} guardian chose a channel that has no address yet.", "{n} guardians chose a channel that has no address yet.", len(needs)))
    if dry_run or not changes:
        return
    if not yes and not confirmed(tn("Change the channel preferences of {n} guardian?", "Change the channel preferences of {n} guardians?", len(changes))):
        raise OutreachError(t("Nothing was changed (not confirmed; use --yes in scripts)."))
    result = surveys.apply_channels(db, survey_id, quiet_hours)
    if json_:
        print_json({"dry_run": False, **result})
    else:
        out.print(tn("Channel preferences changed for {n} guardian.", "Channel preferences changed for {n} guardians.", result["changed"]))


@app.command("add-response")
def add_response(survey_id: SurveyId,
                 set_: Annotated[list[str], typer.Option("--set", help="QUESTION_ID=ANSWER; repeat for each answer, '; ' between several.")],
                 guardian: Annotated[Optional[int], typer.Option("--guardian", help="The respondent's guardian id.")] = None,
                 respondent: Annotated[Optional[str], typer.Option(
                     "--respondent", help="Who filled it in: any part of the name, an e-mail or a phone.")] = None,
                 json_: JsonOption = False) -> None:
    """Enter a paper questionnaire. Example: outreach survey add-response 1 --guardian 4 --set 2=Telegram --set 3='SMS; E-mail'"""
    answers = {int(key): value for key, value in key_values(
        set_, lambda item: usage_error(t("--set {item}: use QUESTION_ID=ANSWER.", item=item)),
        key_ok=lambda key: key.strip().isdigit())}
    if guardian is not None and respondent is not None:
        raise usage_error(t("Give --guardian or --respondent, not both."))
    db = open_db()
    if respondent is not None:
        guardian = surveys.find_guardian(db, respondent)
    rid = surveys.add_response(db, survey_id, answers, guardian_id=guardian)
    if json_:
        print_json({"id": rid})
    else:
        out.print(t("Questionnaire saved as response {id}.", id=rid))


@app.command("question")
def question(question_id: Annotated[int, typer.Argument(help="The question's id (see survey show).")],
             text: Annotated[Optional[str], typer.Option("--text", help="New question text.")] = None,
             type_: Annotated[Optional[str], typer.Option("--type", callback=typed_values(parse_type),
                                                          help="single | multiple | scale | yesno | text; or, for a column that says who answered, respondent.name, child.name, child.class… (the question is removed with its answers, the responses are matched again by them).")] = None,
             add_option: Annotated[Optional[list[str]], typer.Option("--add-option", help="A new answer option (repeatable).")] = None,
             channel: Annotated[Optional[list[str]], typer.Option("--channel", help="'Option=channel' for apply-channels (repeatable).")] = None,
             json_: JsonOption = False) -> None:
    """Correct a question (a new --type goes to every row of a Forms grid); answers are re-read. Example: outreach survey question 7 --type multiple --add-option WhatsApp"""
    if type_ in WHO_FIELDS:
        _answered_by(question_id, type_, bool(text or add_option or channel), json_)
        return
    channels = {label: value.strip() for label, value in key_values(
        channel or [], lambda item: usage_error(t("--channel {item}: use 'Option=channel'.", item=item)), last=True)}
    changed = surveys.correct_question(open_db(), question_id, text=text, qtype=type_, add_options=add_option or [],
                                       channels=channels)
    ids = [q.saved_id for q in changed]
    if json_:
        print_json({"id": question_id, "questions": [  # as `survey show --json` has them
            {"id": q.saved_id, "text": q.text, "type": q.type,
             "options": [{"id": o.id, "label": o.label, "channel": o.channel} for o in q.options]} for q in changed]})
    elif len(ids) > 1:
        out.print(t("Questions {ids} (the rows of one grid) saved; their answers were re-read.",
                    ids=", ".join(map(str, ids))))
    else:
        out.print(t("Question {id} saved; its answers were re-read.", id=question_id))


def _answered_by(question_id: int, field: str, more: bool, json_: bool) -> None:
    """`survey question ID --type respondent.name`: the question is who answered."""
    if more:
        raise usage_error(t("--type {field} removes the question: give it without --text, --add-option or --channel.", field=field))
    done = answered_by(open_db(), question_id, field)
    if json_:
        print_json(done)
        return
    out.print(t("Question {id} was who answered ({field}): removed with its answers ({answers}); responses matched again: {matched}.", id=question_id, field=field_label(field), answers=done["answers_removed"],
                matched=done["matched"]), markup=False)
    if done["matched_by"]:
        out.print(matched_by_line(done["matched_by"]), markup=False)


@app.command("delete")
def delete(survey_id: SurveyId, yes: YesOption = False) -> None:
    """Delete a survey with all its responses. Example: outreach survey delete 3 --yes"""
    db = open_db()
    survey = surveys.get_survey(db, survey_id)
    if not yes and not confirmed(t("Delete the survey '{title}' with all its responses?", title=survey.title)):
        raise OutreachError(t("Nothing was deleted (not confirmed; use --yes in scripts)."))
    surveys.delete_survey(db, survey_id)
    out.print(t("Survey '{title}' deleted.", title=survey.title))


@app.command("send-bot")
def send_bot(survey_id: SurveyId,
             dry_run: Annotated[bool, typer.Option("--dry-run", help="Only count the parents it would go to.")] = False,
             yes: YesOption = False, json_: JsonOption = False) -> None:
    """Ask a survey by bot in Telegram and MAX, a question a message, of linked parents not asked before. Example: outreach survey send-bot 1 --yes"""
    db = open_db()
    plan = survey_bot.audience(db, survey_id)
    if dry_run or (json_ and not yes):
        if json_:
            print_json({"survey": survey_id, "parents": len(plan.guardians), "by_channel": plan.by_channel,
                        "asked_before": plan.asked_before, "dry_run": True})
        else:
            out.print(_bot_preview(db, plan))
        return
    if not yes:
        out.print(_bot_preview(db, plan))
        if not confirmed(t("Send the first question now?"), to_err=True):
            raise OutreachError(t("Nothing was sent (not confirmed; use --yes in scripts)."))
    asked = survey_bot.ask(db, survey_id)
    if json_:
        print_json(asdict(asked))
    else:
        out.print(t("Parents asked: {parents}. Sent: {sent}, waiting for quiet hours: {deferred}, failed: {failed}, skipped: {skipped}, unknown: {unknown}.", parents=asked.parents, sent=asked.sent, deferred=asked.deferred,
                    failed=asked.failed, skipped=asked.skipped, unknown=asked.unknown))


def _bot_preview(db: Database, plan: survey_bot.BotAudience) -> str:
    channels = ", ".join(f"{channel_label(c)}: {n}" for c, n in plan.by_channel.items()) or "—"
    return t("Survey «{title}» by bot. Parents to ask: {parents} ({channels}); asked before: {before}.", title=surveys.get_survey(db, plan.survey_id).title,
             parents=len(plan.guardians), channels=channels, before=plan.asked_before)
