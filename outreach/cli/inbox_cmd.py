"""`outreach inbox …`: parents' messages fetched, listed, answered and marked done."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from outreach.cli.common import Commands, JsonOption, err, open_db, out, print_json, refuse_given
from outreach.cli.tables import whole_words
from outreach.common import clock
from outreach.common.channel_names import channel_label
from outreach.common.formats import parse_day, show_day, show_moment
from outreach.common.i18n import t
from outreach.inbox.absence import absences, write_absences
from outreach.inbox.fetch import fetch as fetch_inbox
from outreach.inbox.reply import answer_address
from outreach.inbox.reply import reply as reply_to
from outreach.inbox.threads import (
    InboxMessage,
    get_thread,
    list_threads,
    mark_done,
    thread_messages,
    thread_text,
)

app = Commands(no_args_is_help=True, help="Parents' messages: fetch, list, answer.")


@app.command("fetch")
def fetch_(json_: JsonOption = False) -> None:
    """Fetch new messages (IMAP, Telegram) and send due auto-replies. Example: outreach inbox fetch --json"""
    report = fetch_inbox(open_db())
    for problem in report.problems:
        err.print(problem)
    if json_:
        print_json(asdict(report))
    else:
        count = sum(report.new.values())
        channels = ", ".join(f"{channel_label(channel)} {n}" for channel, n in sorted(report.new.items()))
        out.print(t("New messages: {count} ({channels}). Not from parents in the roster: {unmatched}.", count=count, channels=channels, unmatched=report.unmatched) if count
                  else t("No new messages. Not from parents in the roster: {unmatched}.", unmatched=report.unmatched))
        if report.auto_replies:
            out.print(t("Auto-replies sent: {count}.", count=report.auto_replies))
        if report.all_rsvp_answers:
            out.print(t("Answers to invitations recorded: {count}.", count=report.all_rsvp_answers))
    if report.problems:
        raise typer.Exit(1)


@app.command("list")
def list_(unread: Annotated[bool, typer.Option("--unread", help="Only threads with unread messages.")] = False,
          json_: JsonOption = False) -> None:
    """Threads per parent and channel, the latest first. Example: outreach inbox list --unread --json"""
    threads = list_threads(open_db(), unread_only=unread)
    if json_:
        print_json([asdict(thread) for thread in threads])
        return
    if not threads:
        out.print(t("The inbox is empty."))
        return
    headers = [t("Thread"), t("Parent"), t("Channel"), t("Last message"), t("Unread")]
    cells = [[str(thread.thread), thread.name, channel_label(thread.channel), show_moment(thread.last_at),
              str(thread.unread or "")] for thread in threads]
    out.print(whole_words(headers, cells, out.width, whole={0}))


@app.command("show")
def show_(thread: Annotated[int, typer.Argument(help="The thread's id (outreach inbox list).")],
          full: Annotated[bool, typer.Option("--full", help="Print parents' e-mails whole, with the letter they quote.")] = False,
          json_: JsonOption = False) -> None:
    """The thread's messages, a parent's e-mail without our letter quoted back (--full: whole); not marked read. Example: outreach inbox show 3 --full"""
    db = open_db()
    found = get_thread(db, thread)
    messages = thread_messages(db, thread)
    if not json_:
        out.print(thread_text(found, messages, quotes=full))
        return
    print_json({"thread": found.thread, "guardian_id": found.guardian_id, "channel": found.channel, "name": found.name,
                "messages": [_message_json(m) for m in messages], "answer_to": answer_address(db, found) or None})


def _message_json(message: InboxMessage) -> dict[str, object]:
    """`quote_unchecked`: the quote hidden could not be told from answers written into it;
    `sender`: the address it came from, `sender_guardian_id` its roster parent (None: not in it)."""
    reply = message.reply()
    return {"id": message.id, "received_at": message.received_at, "subject": message.subject,
            "outgoing": message.outgoing, "automatic": message.automatic, "text": reply.text,
            "text_full": message.body, "quoted": reply.quoted, "quote_unchecked": reply.quoted and reply.unchecked,
            "sender": message.sender or None, "sender_guardian_id": message.sender_guardian_id}


@app.command("reply")
def reply_(thread: Annotated[int, typer.Argument(help="The thread's id (outreach inbox list).")],
           text: Annotated[str, typer.Option("--text", help="The answer's text.")],
           json_: JsonOption = False) -> None:
    """Answer the parent over the thread's channel. Example: outreach inbox reply 3 --text 'Спасибо!'"""
    answer = reply_to(open_db(), thread, text)
    if json_:
        print_json(asdict(answer))
    elif answer.sent:
        out.print(t("The answer went out (message {id}).", id=answer.message_id))
    elif answer.deferred:
        out.print(t("The answer waits for the parent's quiet hours to end (message {id}).", id=answer.message_id))
    else:
        err.print(t("The answer was not sent (message {id}): see outreach message log {id}.", id=answer.message_id))
    if answer.to_address and (answer.sent or answer.deferred) and not json_:
        out.print(t("It is addressed to {address}, who wrote last in the parent's thread.", address=answer.to_address))
    if not (answer.sent or answer.deferred):
        raise typer.Exit(1)


@app.command("done")
def done_(thread: Annotated[int, typer.Argument(help="The thread's id (outreach inbox list).")]) -> None:
    """Mark the thread's messages as dealt with. Example: outreach inbox done 3"""
    mark_done(open_db(), thread)
    out.print(t("Thread {id} is marked done.", id=thread))


@app.command("absences")
def absences_(date: Annotated[str | None, typer.Option("--date", help="ДД.ММ.ГГГГ or YYYY-MM-DD (default: today).")] = None,
              csv: Annotated[Path | None, typer.Option("--csv", help="Write the list to this file: a .xlsx name gets a workbook, any other CSV (- for stdout).")] = None,
              json_: JsonOption = False) -> None:
    """Children whose parents wrote they will be absent that day. Example: outreach inbox absences --date 01.12.2026"""
    if csv is not None:
        refuse_given({"--json": json_}, t("the list goes to one place: give --csv or --json, not both."))
    day = parse_day(date) if date else clock.today()
    rows = absences(open_db(), day)
    if csv is not None:
        write_absences(csv, rows)
        if str(csv) != "-":
            out.print(t("Absences written: {path}", path=csv))
        return
    if json_:
        print_json([asdict(row) for row in rows])
        return
    if not rows:
        out.print(t("No absences noted for {day}.", day=show_day(day)))
        return
    cells = [[row.group, row.student, row.guardian, row.thanks_label(), row.note()] for row in rows]
    out.print(whole_words([t("Class"), t("Student"), t("Parent"), t("Thanked"), t("Note")], cells, out.width,
                          whole={0}))
