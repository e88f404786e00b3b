"""`outreach message …`: templates, compose, preview, plan, send, log, retry, export."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from outreach.cli.common import (
    Commands,
    JsonOption,
    confirmed,
    err,
    open_db,
    out,
    print_json,
    typed_values,
)
from outreach.cli.tables import whole_words
from outreach.common.channel_names import channel_label
from outreach.common.errors import OutreachError, reason_of
from outreach.common.formats import parse_moment, show_moment
from outreach.common.i18n import current_language, pt, t, t_fields, tn
from outreach.common.typed import key_values
from outreach.messages import compose, outbox, rsvp, templates
from outreach.messages.delivery import exported
from outreach.messages.delivery.batch import Plan, nobody_reasons, plan_notes
from outreach.messages.delivery.batch import plan as plan_of
from outreach.messages.delivery.labels import (
    STATUS_WORDS,
    count_label,
    log_names,
    recipient,
    row_moment,
    row_note,
    state_label,
    status_label,
)
from outreach.messages.delivery.preflight import check_configured, unconfigured
from outreach.messages.delivery.send import send_message, settle_interrupted
from outreach.messages.replacement import Replacement, Waiting, replace_sent
from outreach.messages.rsvp import answer_label

app = Commands(no_args_is_help=True,
                  help="Messages to parents: templates, compose, plan, send, delivery log.")


def _pairs(items: list[str]) -> dict[str, str]:
    pairs = key_values(items, lambda item: OutreachError(t("--set {item}: use KEY=VALUE, e.g. --set date=25.09.", item=item)),
                       key_ok=lambda key: bool(key.strip()))
    return {key.strip(): value for key, value in pairs}


@app.command("templates")
def templates_(json_: JsonOption = False,
               all_languages: Annotated[bool, typer.Option("--all-languages", help="Templates in every language.")] = False) -> None:
    """List message templates. Example: outreach message templates --json"""
    found = templates.all_templates(None if all_languages else current_language())
    if json_:
        print_json([tpl.summary() for tpl in found])
        return
    headers = [t("Template"), t("Title"), pt("messages.col.channels", "Channels"), t("Needs")]
    cells = [[tpl.slug + (" *" if tpl.source == "user" else ""), tpl.title, ", ".join(map(channel_label, tpl.channels)),
              ", ".join(tpl.variables)] for tpl in found]
    out.print(whole_words(headers, cells, out.width, whole={0}))  # a slug is typed as shown
    out.print(t("In a template a name takes its case after a preposition: «с {{{{ student.name | творительный }}}}» "
                "reads «с Кириллом»; the cases: {cases}.", cases=templates.case_filter_names()), markup=False)


@app.command("template-add")
def template_add(
    file: Annotated[Path, typer.Argument(help="A Markdown file with front matter (title, channels, variables).")],
    slug: Annotated[Optional[str], typer.Option(help="Its name (default: the file name).")] = None,
    template_lang: Annotated[Optional[str], typer.Option("--template-lang", help="Its language: ru | en (default: the UI's).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace your own template of that name.")] = False,
) -> None:
    """Add your own template. Example: outreach message template-add ~/встреча.md --slug meeting-may"""
    template = templates.add_user_template(file, slug, template_lang, force)
    out.print(t("Template {slug} ({language}) added: {path}.", slug=template.slug, language=template.lang, path=str(template.path)))


@app.command("template-save")
def template_save(
    ref: Annotated[str, typer.Argument(help="The template to start from: slug or lang/slug (en/ice-safety).")],
    slug: Annotated[Optional[str], typer.Option("--as", help="Your copy's name (default: the same; yours then wins over the shipped one).")] = None,
    title: Annotated[Optional[str], typer.Option(help="Its title (default: the template's).")] = None,
    template_lang: Annotated[Optional[str], typer.Option("--template-lang", help="Its language: ru | en (default: the template's).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace your own template of that name.")] = False,
) -> None:
    """Save a template (shipped or yours) as your own, to edit its file. Example: outreach message template-save parent-meeting --as meeting-may"""
    base = templates.find(ref)
    saved = templates.save_user_template(base, slug or base.slug, template_lang or base.lang,
                                         title or base.title, base.body, force=force)
    out.print(t("Template {slug} ({language}) saved as yours: {path}. Edit that file; the app marks it «mine».", slug=saved.slug, language=saved.lang, path=str(saved.path)))


@app.command("new")
def new(
    template: Annotated[Optional[str], typer.Option("--template", help="Template slug, or lang/slug (en/ice-safety).")] = None,
    text: Annotated[Optional[str], typer.Option("--text", help="The message's own text (Markdown); without --template, a message with no template.")] = None,
    text_file: Annotated[Optional[Path], typer.Option("--text-file", help="Read the message's own text from this file (UTF-8).")] = None,
    subject: Annotated[Optional[str], typer.Option("--subject", help="The e-mail subject (default: the template's, or the text's first line).")] = None,
    audience: Annotated[Optional[list[str]], typer.Option(
        "--audience", help="all | group:NAME | guardian:ID | not-answered:SURVEY_ID | guardian:GUARDIAN_ID:student:STUDENT_ID (that parent, about that child) | student:ID (each of the child's parents, about the child) (repeatable).")] = None,
    set_: Annotated[Optional[list[str]], typer.Option("--set", help="KEY=VALUE for the template (repeatable).")] = None,
    mode: Annotated[str, typer.Option("--mode", callback=typed_values(compose.MODE_WORDS.parse), help="preferred (first reachable channel) | duplicate (every one).")] = "preferred",
    broadcast: Annotated[Optional[list[str]], typer.Option(
        "--broadcast", help="Post once on site, forum, blog, vk_group, telegram_group, max_group, paper, by code or name (repeatable).")] = None,
    attach: Annotated[Optional[list[Path]], typer.Option(
        "--attach", help="A file to attach to the e-mails (repeatable; at most 10 MB in all).")] = None,
    event_at: Annotated[Optional[str], typer.Option(
        "--event-at", help="An invitation to an event at ДД.ММ.ГГГГ ЧЧ:ММ: answer buttons, and an .ics in the e-mails (see message rsvp).")] = None,
    replaces: Annotated[Optional[int], typer.Option(
        "--replaces", help="The id of a message that has gone out: its deliveries not gone yet are withdrawn and their parents get this one instead.")] = None,
    json_: JsonOption = False,
) -> None:
    """Compose a message and plan its deliveries. Example: outreach message new --template ice-safety --audience group:10А --broadcast vk_group"""
    body = _own_text(text, text_file)
    if template is None and body is None:
        raise OutreachError(t("Give a template (--template) or the message's own text (--text or --text-file)."))
    chosen = (templates.find(template) if template
              else templates.blank(current_language(), body or "", subject or ""))
    starts_at = rsvp.check_event_time(parse_moment(event_at)) if event_at is not None else None
    db = open_db()

    def create(heirs: Waiting) -> int:
        return compose.create_message(db, chosen, audience=audience or ["all"], values=_pairs(set_ or []), mode=mode,
                                      broadcast=[*(broadcast or []), *heirs.broadcast], body=body, subject=subject,
                                      attachments=attach or [], heirs=heirs.guardians)

    with db.atomic():  # the message, its event and the replaced one's withdrawn deliveries, or nothing
        done = replace_sent(db, replaces, create) if replaces is not None else None
        message_id = done.message_id if done else create(Waiting([], []))
        if starts_at is not None:
            rsvp.set_event(db, message_id, starts_at)
    if json_:
        print_json({"id": message_id, **({"replaced": done.replaced, "withdrawn": done.withdrawn} if done else {})})
        return
    out.print(t("Message {id} composed.", id=message_id))
    if done:
        out.print(_replaced_words(done), markup=False)
    _print_plan(plan_of(db, message_id))


def _replaced_words(done: Replacement) -> str:
    """What `--replaces` withdrew from the old message, or that nothing of it was waiting."""
    if not done.withdrawn:
        return t("Nothing of message {old} was still waiting: everything it had has gone (or is on its way).", old=done.replaced)
    return tn("Message {old}: {n} delivery not gone yet withdrawn («replaced by message {id}» in its log); its parent gets message {id} instead.",
              "Message {old}: {n} deliveries not gone yet withdrawn («replaced by message {id}» in its log); their parents get message {id} instead.",
              done.withdrawn, old=done.replaced, id=done.message_id)


def _own_text(text: str | None, text_file: Path | None) -> str | None:
    if text is not None and text_file is not None:
        raise OutreachError(t("Give the text once: --text or --text-file, not both."))
    if text_file is None:
        return text
    try:
        return text_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OutreachError(t("Cannot read the text from {path}: {reason}.", path=str(text_file),
                              reason=reason_of(error))) from None


@app.command("list")
def list_(json_: JsonOption = False,
          search: Annotated[Optional[str], typer.Option("--search", help="Only messages whose title, text or audience contains this.")] = None) -> None:
    """Messages composed so far, newest first. Example: outreach message list --search 10Б"""
    db = open_db()
    settle_interrupted(db)  # a send killed midway shows as sent with unknown rows, not as still sending
    rows = compose.list_messages(db, search or "")
    if json_:
        print_json([asdict(row) for row in rows])
        return
    cells = [[str(row.id), row.title, state_label(row), compose.audience_words(db, compose.parse_audience(row.audience)),
              show_moment(row.created_at), ", ".join(f"{count_label(k)} {v}" for k, v in row.counts.items())]
             for row in rows]
    headers = [t("ID"), t("Title"), t("State"), t("Audience"), t("Created"), t("Deliveries")]
    out.print(whole_words(headers, cells, out.width, whole={0}))


@app.command("schedule")
def schedule(message_id: Annotated[int, typer.Argument(help="The message id.")],
             at: Annotated[Optional[str], typer.Option("--at", help="When to send: ДД.ММ.ГГГГ ЧЧ:ММ or ISO, local time.")] = None,
             clear: Annotated[bool, typer.Option("--clear", help="Keep it as a draft instead (no time).")] = False) -> None:
    """Send a message at a chosen time (by send-due or the open app). Example: outreach message schedule 3 --at '01.12.2026 08:30'"""
    if (at is None) == (not clear):
        raise typer.BadParameter(t("Give either --at with a date and time or --clear."), param_hint="--at")
    when = parse_moment(at) if at is not None else None
    db = open_db()
    outbox.schedule(db, message_id, when)
    if when is None:
        out.print(t("Message {id} is a draft again: it will not go out by itself.", id=message_id))
    else:
        out.print(t("Message {id} will go out {when} (by outreach send-due or the open app).", id=message_id, when=show_moment(when)))
        if note := outbox.quiet_note(db, message_id, when):
            out.print(note)


@app.command("duplicate")
def duplicate(message_id: Annotated[int, typer.Argument(help="The message id.")],
              audience: Annotated[list[str], typer.Option(
                  "--audience", help="all | group:NAME | guardian:ID | not-answered:SURVEY_ID | guardian:GUARDIAN_ID:student:STUDENT_ID (that parent, about that child) | student:ID (each of the child's parents, about the child) (repeatable).")],
              json_: JsonOption = False) -> None:
    """A new draft with the same text for another audience. Example: outreach message duplicate 3 --audience group:10Б"""
    db = open_db()
    new_id = outbox.duplicate(db, message_id, audience)
    if json_:
        print_json({"id": new_id})
        return
    out.print(t("Draft {id} made from message {source}.", id=new_id, source=message_id))
    _print_plan(plan_of(db, new_id))


@app.command("delete")
def delete(message_id: Annotated[int, typer.Argument(help="The message id.")]) -> None:
    """Delete a draft (a message nothing of which has gone out). Example: outreach message delete 4"""
    out.print(outbox.delete_draft(open_db(), message_id), markup=False)


@app.command("preview")
def preview(message_id: Annotated[int, typer.Argument(help="The message id.")],
            guardian: Annotated[Optional[int], typer.Option("--guardian", help="Render for this guardian.")] = None,
            json_: JsonOption = False) -> None:
    """Show the message as one parent receives it. Example: outreach message preview 3 --guardian 12"""
    document = compose.preview(open_db(), message_id, guardian)
    if json_:
        print_json(document)
        return
    out.print(Text(str(document["subject"]), style="bold"))
    out.print(document["text"], markup=False)


@app.command("plan")
def plan(message_id: Annotated[int, typer.Argument(help="The message id.")], json_: JsonOption = False) -> None:
    """What sending would do now. Example: outreach message plan 3 --json"""
    document = plan_of(open_db(), message_id)
    if json_:
        print_json(document)
        return
    _print_plan(document)


def _print_plan(document: Plan) -> None:
    line = " · ".join(f"{channel_label(k)} {v}" for k, v in document["by_channel"].items()) or "—"
    out.print(t("Plan: {channels}. Deferred by quiet hours: {deferred}. Unreachable: {unreachable}. Without consent: {no_consent}. Would be skipped: {skipped}.", channels=line, deferred=document["deferred"],
                unreachable=len(document["unreachable"]), no_consent=len(document["no_consent"]),
                skipped=document["skipped"]))
    for when, count in document["deferred_until"].items():
        out.print(tn("{n} will go {when} (quiet hours).", "{n} will go {when} (quiet hours).", count,
                     when=show_moment(when)))
    for line in plan_notes(document):
        out.print(line, markup=False)


@app.command("send")
def send(message_id: Annotated[int, typer.Argument(help="The message id.")],
         yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
         dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would happen; send nothing.")] = False,
         out_dir: Annotated[Optional[Path], typer.Option("--out", help="Folder for posts, lists and the memo.")] = None,
         json_: JsonOption = False) -> None:
    """Send the message's queued deliveries. Example: outreach message send 3 --yes"""
    db = open_db()
    if not dry_run:
        check_configured(db, message_id)
    if not dry_run and not yes:
        preview_report = send_message(db, message_id, dry_run=True)
        err.print(compose.describe_audience(db, message_id), markup=False)
        question = tn("Send {n} message now and write {exported} to files ({deferred} waiting for quiet hours to end)?",
                      "Send {n} messages now and write {exported} to files ({deferred} waiting for quiet hours to end)?",
                      preview_report.sent, exported=preview_report.exported, deferred=preview_report.deferred)
        if not confirmed(question, to_err=True):
            raise OutreachError(t("Nothing was sent (not confirmed; use --yes in scripts)."))
    if json_ or dry_run or not err.is_terminal:
        report = send_message(db, message_id, dry_run=dry_run, folder=out_dir)
    else:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task(pt("messages.cli.sending", "Sending"), total=None)
            report = send_message(db, message_id, folder=out_dir,
                                  progress=lambda done, total: bar.update(task, completed=done, total=total))
    totals = compose.delivery_counts(db, message_id)
    if json_:
        print_json({**asdict(report), "totals": totals})
        return
    for problem in dict.fromkeys(report.problems):
        err.print(problem, markup=False)
    for missing in unconfigured(db, message_id) if dry_run else []:
        err.print(missing.reason, markup=False)
    if dry_run:
        out.print(t("Dry run, nothing sent. Would send {sent}, defer {deferred}, skip {skipped}, write to files {exported}; unknown {unknown}.",
                    sent=report.sent, deferred=report.deferred, skipped=report.skipped,
                    exported=report.exported, unknown=report.unknown))
    else:  # this run's counts; the line after it, the message's whole log
        out.print(t("This send: sent {sent}, failed {failed}, deferred {deferred}, skipped {skipped}, written to files {exported}, unknown {unknown}.",
                    sent=report.sent, failed=report.failed, deferred=report.deferred, skipped=report.skipped,
                    exported=report.exported, unknown=report.newly_unknown))
    if not dry_run:
        out.print(t_fields("Message {id} in the log: sent {sent}, failed {failed}, waiting for quiet hours {deferred}, skipped {skipped}, written to files {exported}, unknown {unknown}, still queued {queued}.", {"id": message_id, **totals}), markup=False)
    if report.folder:
        out.print(t("Posts, lists and the memo are in {path}.", path=report.folder), markup=False)
    if not (report.sent or report.exported or report.deferred or report.failed or report.waiting):
        nobody = nobody_reasons(plan_of(db, message_id))
        for reason in nobody:
            err.print(reason, markup=False)
        if nobody:
            err.print(t("A consent: outreach roster consent ID --given --date YYYY-MM-DD; a contact: outreach roster edit --guardian ID --phone … (the ids: outreach message plan {id} --json).", id=message_id), markup=False)
    if report.failed and not report.sent and not dry_run:  # the exit code stays 0 (the contract)
        err.print(tn("Nothing was delivered: {n} delivery failed (why: outreach message log {id} --status failed).",
                     "Nothing was delivered: all {n} deliveries failed (why: outreach message log {id} --status failed).",
                     report.failed, id=message_id), markup=False)
    if report.unknown:
        err.print(tn("{n} delivery may or may not have arrived (`outreach message log {id} --status unknown` says what to check); check with the parents, then `outreach message retry {id} --unknown` if needed.",
                     "{n} deliveries may or may not have arrived (`outreach message log {id} --status unknown` says what to check); check with the parents, then `outreach message retry {id} --unknown` if needed.",
                     report.unknown, id=message_id), markup=False)


@app.command("log")
def log(message_id: Annotated[int, typer.Argument(help="The message id.")],
        status: Annotated[Optional[list[str]], typer.Option("--status", callback=typed_values(STATUS_WORDS.parse), help="Only rows in this status (repeatable).")] = None,
        json_: JsonOption = False) -> None:
    """Every delivery of a message with its status. Example: outreach message log 3 --status failed"""
    db = open_db()
    settle_interrupted(db)  # a send killed midway shows as unknown, not as still sending
    rows = compose.delivery_log(db, message_id, status or [])
    if json_:
        print_json(rows)
        return
    names = log_names(db, rows)
    cells = [[recipient(row, names), channel_label(str(row["channel"])) if row["channel"] else "—",
              status_label(str(row["status"])), row_note(row), row_moment(row)]
             for row in rows]
    headers = [t("Parent"), t("Channel"), t("Status"), t("Error"), t("Sent / due")]
    out.print(whole_words(headers, cells, out.width, fold={3}))  # a server's answer may be one long word


@app.command("retry")
def retry(message_id: Annotated[int, typer.Argument(help="The message id.")],
          unknown: Annotated[bool, typer.Option("--unknown", help="Also rows whose fate is unknown (they may have arrived).")] = False,
          delivery: Annotated[Optional[list[int]], typer.Option("--delivery", help="Only this delivery row id (repeatable).")] = None,
          json_: JsonOption = False) -> None:
    """Queue failed deliveries again (the next send takes them). Example: outreach message retry 3"""
    count = compose.retry(open_db(), message_id, unknown, delivery or [])
    if json_:
        print_json({"queued": count})
        return
    out.print(t("Deliveries queued again: {count}; they go with the next send.", count=count))


@app.command("export")
def export(message_id: Annotated[int, typer.Argument(help="The message id.")],
           directory: Annotated[Path, typer.Argument(help="Folder to write the posts, lists and memo into.")]) -> None:
    """Write the posts, SMS/call lists and the paper memo. Example: outreach message export 3 ./posts"""
    db = open_db()
    message = compose.get_message(db, message_id)
    files = exported.write_folder(db, message, directory, statuses=("queued", "exported", "sent"), everything=True)
    out.print(t("Files written to {path}: {count}.", count=len(files), path=str(directory)), markup=False)


@app.command("rsvp")
def rsvp_(message_id: Annotated[int, typer.Argument(help="The message id.")],
          ask: Annotated[bool, typer.Option("--ask", help="Put «Приду / Не смогу» buttons on this message (Telegram and MAX; e-mails get reply words).")] = False,
          remind: Annotated[bool, typer.Option("--remind", help="Draft a reminder with the buttons to those who did not answer.")] = False,
          at: Annotated[Optional[str], typer.Option("--at", help="When the event is, ДД.ММ.ГГГГ ЧЧ:ММ: the e-mails carry it as an .ics invitation (puts the buttons on).")] = None,
          minutes: Annotated[Optional[int], typer.Option("--minutes", help="How long the event lasts, in minutes (60 unless set).")] = None,
          place: Annotated[Optional[str], typer.Option("--place", help="Where the event is (the message's place value unless set).")] = None,
          event_title: Annotated[Optional[str], typer.Option("--event-title", help="The event's name in the calendar (the message's title unless set).")] = None,
          json_: JsonOption = False) -> None:
    """Who answered the invitation (buttons, e-mail), what, and who did not. Example: outreach message rsvp 3 --at '03.12.2026 18:30' --place 'каб. 12'"""
    db = open_db()
    if ask:
        rsvp.ask(db, message_id)
    if at is not None or minutes is not None or place is not None or event_title is not None:
        rsvp.set_event(db, message_id, parse_moment(at) if at is not None else None, minutes=minutes,
                       place=place, title=event_title)
    reminder = outbox.remind_silent(db, message_id) if remind else None
    tally = rsvp.tally(db, message_id)
    if json_:
        document = tally.document()
        if reminder is not None:
            document["reminder"] = {"id": reminder[0], "guardians": reminder[1]}
        print_json(document)
        return
    _print_tally(tally)
    if reminder is not None:
        out.print(t("Reminder draft {id} for parents without an answer: {count}. Check and send it: outreach message send {id}", id=reminder[0], count=len(reminder[1])), markup=False)


def _print_tally(tally: rsvp.Tally) -> None:
    if not tally.asked:
        out.print(t("Message {id} has no answer buttons (outreach message rsvp {id} --ask puts them on before it is sent).", id=tally.message_id), markup=False)
    out.print(t("{title}: coming {yes}, not coming {no}, no answer {silent}.", title=tally.title, yes=tally.yes, no=tally.no, silent=tally.silent), markup=False)
    if tally.event is not None:
        out.print(rsvp.event_line(tally.event), markup=False)
    headers = [t("Parent"), t("Channel"), pt("rsvp.cli.col.answer", "Answer"), t("When")]
    cells = [[person.name, channel_label(person.shown_channel) if person.shown_channel else "—",
              answer_label(person.answer), show_moment(person.answered_at)] for person in tally.people]
    out.print(whole_words(headers, cells, out.width))
