"""`outreach channels …`: each guardian's channel preferences and the coverage report."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import sqlite_utils
import typer
from rich.table import Table

from outreach.channels import max_link
from outreach.channels.coverage import Coverage, coverage, instead
from outreach.channels.preferences import (
    SuspiciousAddress,
    load_preferences,
    reach_one,
    set_preferences,
)
from outreach.channels.telegram_link import deep_link
from outreach.cli.common import (
    Commands,
    JsonOption,
    known_group,
    open_db,
    out,
    print_json,
    usage_error,
)
from outreach.common.channel_names import channel_label, parse_channels
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.common.typed import key_values
from outreach.inbox import updates
from outreach.messages.delivery.labels import channel_state
from outreach.messages.telegram_sheet import create_invite, write_sheet
from outreach.roster import guardians as roster

app = Commands(no_args_is_help=True, help="Channel preferences and the coverage report.")


def _addresses(items: list[str]) -> dict[str, str]:
    pairs = key_values(items, lambda item: OutreachError(t("--address {item}: use CHANNEL=VALUE, e.g. telegram=123456789.", item=item)))
    return {channel.strip(): value.strip() for channel, value in pairs}


@app.command("set")
def set_(
    guardian_id: Annotated[int, typer.Argument(help="The guardian's id.")],
    prefer: Annotated[Optional[str], typer.Option(help="Preferred channels in order, as codes or names, e.g. telegram,email.")] = None,
    opt_out: Annotated[Optional[list[str]], typer.Option("--opt-out", help="Never use this channel (repeatable).")] = None,
    opt_in: Annotated[Optional[list[str]], typer.Option("--opt-in", help="Allow this channel again (repeatable).")] = None,
    quiet: Annotated[Optional[str], typer.Option(help="Quiet hours HH:MM-HH:MM, off, or default.")] = None,
    address: Annotated[Optional[list[str]], typer.Option(help="CH=VALUE, e.g. telegram=123456789 (repeatable).")] = None,
    yes: Annotated[bool, typer.Option(
        "--yes", help="Keep an e-mail whose domain looks mistyped (gmail.con) as it is (it is refused otherwise).")] = False,
) -> None:
    """Change a guardian's channels. Example: outreach channels set 12 --prefer telegram,email --opt-out vk"""
    if prefer is None and quiet is None and not (opt_out or opt_in or address):
        raise usage_error(t("Say what to change: --prefer, --opt-out, --opt-in, --quiet or --address."))
    db = open_db()
    try:
        set_preferences(db, guardian_id, prefer=None if prefer is None else parse_channels(prefer),
                        opt_out=opt_out or [], opt_in=opt_in or [], quiet=quiet,
                        addresses=_addresses(address or []), confirmed=yes)
    except SuspiciousAddress as doubt:
        raise OutreachError(t("{field}: {question} Correct it or repeat with --yes.",
                              field="--address email", question=doubt.question)) from None
    out.print(t("Saved: {who} (no. {id}).", who=roster.get_guardian(db, guardian_id).full_name, id=guardian_id), markup=False)


@app.command("show")
def show(guardian_id: Annotated[int, typer.Argument(help="The guardian's id.")], json_: JsonOption = False) -> None:
    """Show a guardian's channels and what can reach them now. Example: outreach channels show 12 --json"""
    db = open_db()
    guardian = roster.get_guardian(db, guardian_id)
    prefs = load_preferences(db, guardian_id)
    reach = reach_one(db, guardian_id)
    document = {
        "guardian_id": guardian_id,
        "order": reach.order,
        "explicit": reach.explicit,
        "opted_out": sorted(prefs.opted_out),
        "addresses": prefs.addresses,
        "quiet_hours": str(reach.quiet),
        "quiet_hours_override": prefs.quiet_hours,
        "consent": reach.consent,
        "reachable": reach.channels,
        "reasons": reach.reasons,
        "why_not": {channel: reason for channel in reach.order if (reason := reach.reason_on(channel))},
        "now": reach.now,
        "deferred_until": reach.deferred_until.isoformat() if reach.deferred_until else None,
    }
    if json_:
        print_json(document)
        return
    out.print(guardian.full_name)
    table = Table(t("#"), t("Channel"), t("State"))
    for rank, channel in enumerate(reach.order, start=1):
        table.add_row(str(rank), channel_label(channel), channel_state(reach, channel))
    out.print(table)
    out.print(t("Quiet hours: {quiet} ({source}).", quiet=t("off") if reach.quiet.off else str(reach.quiet),
                source=t("this parent's own") if prefs.quiet_hours else t("the school default")))
    if not reach.consent:
        out.print(t("no consent to personal-data processing"))


@app.command("report")
def report(group: Annotated[Optional[str], typer.Option("--group", help="Only this group (class).")] = None,
           json_: JsonOption = False) -> None:
    """Who the audience reaches on which channel. Example: outreach channels report --group 10А --json"""
    db = open_db()
    result = coverage(db, roster.Filter(group=known_group(db, group)))
    if json_:
        print_json(result)
        return
    out.print(t("Audience: parents {audience}.", audience=result["audience"]))
    table = Table(t("Channel"), t("Reaches"), t("Primary"))
    reachable, primary = result["reachable"], result["primary"]
    for channel in reachable:
        table.add_row(channel_label(channel), str(reachable[channel]), str(primary[channel]))
    out.print(table)
    out.print(no_channel_line(db, result))


def no_channel_line(db: sqlite_utils.Database, result: Coverage) -> str:
    """Those no channel reaches, by what the message plan gives them instead, and those
    without consent: «Без своего канала: 2 (звонок 1, недоступны 1). Без согласия: 0.»"""
    if not result["unreachable"]:
        return t("No channel of their own: 0. Without consent: {no_consent}.", no_consent=len(result["no_consent"]))
    return t("No channel of their own: {count} ({instead}). Without consent: {no_consent}.",
             count=len(result["unreachable"]), instead=instead(db, result["unreachable"]).words(),
             no_consent=len(result["no_consent"]))


@app.command("link")
def link(guardian_id: Annotated[int, typer.Argument(help="The guardian's id.")], json_: JsonOption = False) -> None:
    """Print the guardian's Telegram deep link (t.me/<bot>?start=<token>). Example: outreach channels link 12"""
    db = open_db()
    url = deep_link(db, guardian_id)
    if json_:
        print_json({"guardian_id": guardian_id, "link": url})
        return
    out.print(t("Send this link to the parent; when they press Start, run outreach channels link-updates:"))
    out.print(url)


@app.command("link-updates")
def link_updates_(json_: JsonOption = False) -> None:
    """Read the bot's new /start messages and store the chat ids. Example: outreach channels link-updates --json"""
    db = open_db()
    result = updates.link_updates(db)
    if json_:
        print_json(asdict(result))
        return
    out.print(t("Linked Telegram for guardians: {ids}.", ids=", ".join(map(str, result.linked))) if result.linked
              else t("No new links."))
    if result.unknown:
        out.print(t("Ignored /start messages with an unknown or used token: {count}.", count=result.unknown))
    if result.answers:
        out.print(t("Answers to invitations recorded: {count}.", count=result.answers))


@app.command("link-sheet")
def link_sheet(path: Annotated[Path, typer.Argument(help="The HTML file to write, or a directory for telegram-links.html.")],
               group: Annotated[Optional[str], typer.Option("--group", help="Only this group (class).")] = None,
               list_: Annotated[Optional[Path], typer.Option("--list", help="Also write the links as a list to this file (.xlsx, or CSV for Excel).")] = None,
               json_: JsonOption = False) -> None:
    """A printable sheet per class: each parent not yet linked, their child, their own t.me link with a QR code.
    Example: outreach channels link-sheet --group 7Б ~/links-7b.html"""
    result = write_sheet(open_db(), path, group, list_)
    if json_:
        print_json(result)
        return
    out.print(t("Link sheet written (parents: {count}): {path}", count=result["guardians"], path=result["path"]), markup=False)
    if result["list"]:
        out.print(t("The list of links is in {path}", path=result["list"]), markup=False)


@app.command("link-invite")
def link_invite(group: Annotated[Optional[str], typer.Option("--group", help="Only this group (class).")] = None,
                json_: JsonOption = False) -> None:
    """Draft a message with each parent's own Telegram link to the parents not yet linked whom e-mail reaches.
    Example: outreach channels link-invite --group 7Б --json"""
    message_id, count = create_invite(open_db(), group)
    if json_:
        print_json({"id": message_id})
        return
    out.print(t("Draft message {id} with personal Telegram links created (parents: {count}); check it, then send it: outreach message send {id}.", id=message_id, count=count), markup=False)


@app.command("link-max")
def link_max(guardian_id: Annotated[int, typer.Argument(help="The guardian's id.")], json_: JsonOption = False) -> None:
    """Print the guardian's MAX deep link (max.ru/<bot>?start=<token>). Example: outreach channels link-max 12"""
    url = max_link.deep_link(open_db(), guardian_id)
    if json_:
        print_json({"guardian_id": guardian_id, "link": url})
        return
    out.print(t("Send this link to the parent; when they start the bot, run outreach channels link-max-updates:"))
    out.print(url, markup=False)


@app.command("link-max-updates")
def link_max_updates(json_: JsonOption = False) -> None:
    """Read the MAX bot's new updates: store the parents who started it by their link, record pressed buttons.
    Example: outreach channels link-max-updates --json"""
    polled = updates.link_max_updates(open_db())
    if json_:
        print_json(asdict(polled))
        return
    out.print(t("Linked MAX for guardians: {ids}.", ids=", ".join(map(str, polled.linked))) if polled.linked
              else t("No new MAX links."))
    if polled.unknown:
        out.print(t("Ignored starts of the bot with an unknown or used link: {count}.", count=polled.unknown))
    if polled.answers:
        out.print(t("Answers to invitations recorded: {count}.", count=polled.answers))
    if polled.unanswered:
        out.print(t("Presses MAX did not let the bot acknowledge (recorded all the same): {count}.", count=polled.unanswered))
