"""`outreach channels …`: each guardian's channel preferences and the coverage report."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from outreach.channels import max_link
from outreach.channels.coverage import coverage
from outreach.channels.preferences import (
    load_preferences,
    parse_channel_list,
    reach_one,
    set_preferences,
)
from outreach.channels.telegram_link import deep_link
from outreach.cli.common import Commands, JsonOption, open_db, out, print_json
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.common.names import full_name
from outreach.common.typed import key_values
from outreach.inbox import updates
from outreach.messages.delivery.labels import reason_text
from outreach.messages.telegram_sheet import create_invite, write_sheet
from outreach.roster import guardians as roster

app = Commands(no_args_is_help=True, help="Channel preferences and the coverage report.")


def _addresses(items: list[str]) -> dict[str, str]:
    pairs = key_values(items, lambda item: OutreachError(t("channels.bad_address_option", item=item)))
    return {channel.strip(): value.strip() for channel, value in pairs}


@app.command("set")
def set_(
    guardian_id: Annotated[int, typer.Argument(help="The guardian's id.")],
    prefer: Annotated[Optional[str], typer.Option(help="Preferred channels in order, e.g. telegram,email.")] = None,
    opt_out: Annotated[Optional[list[str]], typer.Option("--opt-out", help="Never use this channel (repeatable).")] = None,
    opt_in: Annotated[Optional[list[str]], typer.Option("--opt-in", help="Allow this channel again (repeatable).")] = None,
    quiet: Annotated[Optional[str], typer.Option(help="Quiet hours HH:MM-HH:MM, off, or default.")] = None,
    address: Annotated[Optional[list[str]], typer.Option(help="CH=VALUE, e.g. telegram=123456789 (repeatable).")] = None,
) -> None:
    """Change a guardian's channels. Example: outreach channels set 12 --prefer telegram,email --opt-out vk"""
    db = open_db()
    set_preferences(db, guardian_id, prefer=parse_channel_list(prefer) if prefer else None,
                    opt_out=opt_out or [], opt_in=opt_in or [], quiet=quiet,
                    addresses=_addresses(address or []))
    out.print(t("roster.edited"))


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
        "now": reach.now,
        "deferred_until": reach.deferred_until.isoformat() if reach.deferred_until else None,
    }
    if json_:
        print_json(document)
        return
    out.print(full_name(guardian["surname"], guardian["name"], guardian["patronymic"]))  # type: ignore[arg-type]
    table = Table(t("channels.col.rank"), t("channels.col.channel"), t("channels.col.state"))
    for rank, channel in enumerate(reach.order, start=1):
        state = t("channels.state.ok") if channel in reach.channels else reason_text(reach.reasons.get(channel, 'no_consent'))
        table.add_row(str(rank), channel, state)
    out.print(table)
    out.print(t("channels.quiet_line", quiet=str(reach.quiet),
                source=t("channels.quiet_own") if prefs.quiet_hours else t("channels.quiet_default")))
    if not reach.consent:
        out.print(t("channels.reason.no_consent"))


@app.command("report")
def report(group: Annotated[Optional[str], typer.Option("--group", help="Only this group (class).")] = None,
           json_: JsonOption = False) -> None:
    """Who the audience reaches on which channel. Example: outreach channels report --group 10А --json"""
    db = open_db()
    result = coverage(db, roster.Filter(group=group))
    if json_:
        print_json(result)
        return
    out.print(t("channels.report_title", audience=result["audience"]))
    table = Table(t("channels.col.channel"), t("channels.col.reachable"), t("channels.col.primary"))
    reachable, primary = result["reachable"], result["primary"]
    for channel in reachable:
        table.add_row(channel, str(reachable[channel]), str(primary[channel]))
    out.print(table)
    out.print(t("channels.report_missing", unreachable=len(result["unreachable"]),
                no_consent=len(result["no_consent"])))


@app.command("link")
def link(guardian_id: Annotated[int, typer.Argument(help="The guardian's id.")], json_: JsonOption = False) -> None:
    """Print the guardian's Telegram deep link (t.me/<bot>?start=<token>). Example: outreach channels link 12"""
    db = open_db()
    url = deep_link(db, guardian_id)
    if json_:
        print_json({"guardian_id": guardian_id, "link": url})
        return
    out.print(t("telegram.link.show"))
    out.print(url)


@app.command("link-updates")
def link_updates_(json_: JsonOption = False) -> None:
    """Read the bot's new /start messages and store the chat ids. Example: outreach channels link-updates --json"""
    db = open_db()
    result = updates.link_updates(db)
    if json_:
        print_json(asdict(result))
        return
    out.print(t("telegram.link.linked", ids=", ".join(map(str, result.linked))) if result.linked
              else t("telegram.link.none"))
    if result.unknown:
        out.print(t("telegram.link.unknown", count=result.unknown))
    if result.answers:
        out.print(t("rsvp.recorded", count=result.answers))


@app.command("link-sheet")
def link_sheet(path: Annotated[Path, typer.Argument(help="The HTML file to write, or a directory for telegram-links.html.")],
               group: Annotated[Optional[str], typer.Option("--group", help="Only this group (class).")] = None,
               list_: Annotated[Optional[Path], typer.Option("--list", help="Also write the links as a CSV list (for Excel) to this file.")] = None,
               json_: JsonOption = False) -> None:
    """A printable sheet per class: each parent not yet linked, their child, their own t.me link with a QR code.
    Example: outreach channels link-sheet --group 7Б ~/links-7b.html"""
    result = write_sheet(open_db(), path, group, list_)
    if json_:
        print_json(result)
        return
    out.print(t("telegramlinks.written", count=result["guardians"], path=result["path"]), markup=False)
    if result["list"]:
        out.print(t("telegramlinks.list_written", path=result["list"]), markup=False)


@app.command("link-invite")
def link_invite(group: Annotated[Optional[str], typer.Option("--group", help="Only this group (class).")] = None,
                json_: JsonOption = False) -> None:
    """Draft a message with each parent's own Telegram link to the parents not yet linked whom e-mail reaches.
    Example: outreach channels link-invite --group 7Б --json"""
    message_id, count = create_invite(open_db(), group)
    if json_:
        print_json({"id": message_id})
        return
    out.print(t("telegramlinks.invite_created", id=message_id, count=count), markup=False)


@app.command("link-max")
def link_max(guardian_id: Annotated[int, typer.Argument(help="The guardian's id.")], json_: JsonOption = False) -> None:
    """Print the guardian's MAX deep link (max.ru/<bot>?start=<token>). Example: outreach channels link-max 12"""
    url = max_link.deep_link(open_db(), guardian_id)
    if json_:
        print_json({"guardian_id": guardian_id, "link": url})
        return
    out.print(t("max.link.show"))
    out.print(url, markup=False)


@app.command("link-max-updates")
def link_max_updates(json_: JsonOption = False) -> None:
    """Read the MAX bot's new updates: store the parents who started it by their link, record pressed buttons.
    Example: outreach channels link-max-updates --json"""
    polled = updates.link_max_updates(open_db())
    if json_:
        print_json(asdict(polled))
        return
    out.print(t("max.link.linked", ids=", ".join(map(str, polled.linked))) if polled.linked
              else t("max.link.none"))
    if polled.unknown:
        out.print(t("max.link.unknown", count=polled.unknown))
    if polled.answers:
        out.print(t("rsvp.recorded", count=polled.answers))
    if polled.unanswered:
        out.print(t("max.link.unanswered", count=polled.unanswered))
