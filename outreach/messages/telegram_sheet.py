"""Telegram links for a whole class at once: a printable sheet (a card per parent not yet
linked, with their personal t.me link and its QR code, and their max.ru link when a MAX bot
is set), an optional CSV list of the same links, and a draft message carrying each parent's
own link to the parents e-mail reaches."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import sqlite_utils

from outreach.channels import max_link
from outreach.channels.preferences import Reach, reachability, telegram_chat_id
from outreach.channels.telegram_link import deep_links
from outreach.common.errors import OutreachError
from outreach.common.groups import existing_group
from outreach.common.i18n import current_language, pt, t
from outreach.common.names import full_name
from outreach.common.private_files import write_private_text
from outreach.common.tabular import XLSX, write_table
from outreach.messages import templates
from outreach.messages.compose import create_message
from outreach.messages.delivery.exported import qr_svg
from outreach.settings.values import all_settings
from outreach.store.order import GROUP_POSITIONS, name_order

INVITE_TEMPLATE = "telegram-invite"
SHEET_NAME = "telegram-links.html"

# Every parent–child pair of a class (of every class when the class is NULL)
_PAIRS_SQL = f"""
SELECT gr.name, g.id, g.surname, g.name, g.patronymic, s.surname, s.name, s.patronymic
FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id
JOIN students s ON s.id = sg.student_id JOIN groups gr ON gr.id = s.group_id
JOIN {GROUP_POSITIONS} gp ON gp.id = gr.id
WHERE ? IS NULL OR gr.name = ?
ORDER BY gp.position, {name_order("s")}, {name_order("g")}, g.id
"""


@dataclass(frozen=True)
class Pair:
    """One parent not yet linked to Telegram, with a child of theirs in `group`."""

    group: str
    guardian_id: int
    guardian: str
    child: str


def _group(db: sqlite_utils.Database, group: str | None) -> str | None:
    return None if group is None else existing_group(db, group)


def unlinked(db: sqlite_utils.Database, group: str | None = None) -> list[Pair]:
    """Parents whose Telegram chat id is unknown (and who did not opt out of Telegram), a row
    per child, by class and then by the child's name."""
    name = _group(db, group)
    rows = db.execute(_PAIRS_SQL, [name, name]).fetchall()
    reach = reachability(db, {row[1] for row in rows})  # the address as delivery would take it
    return [Pair(g, gid, full_name(gs, gn, gp or ""), full_name(ss, sn, sp or ""))
            for g, gid, gs, gn, gp, ss, sn, sp in rows if _unlinked(reach[gid])]


def _unlinked(reach: Reach) -> bool:
    """Not opted out of Telegram, and no chat id for the bot to write to."""
    return "telegram" not in reach.opted_out and not telegram_chat_id(reach.addresses.get("telegram"))


def _target(path: Path, name: str) -> Path:
    target = Path(path).expanduser()
    if target.is_dir():
        target = target / name
    if not target.parent.is_dir():
        raise OutreachError(t("The folder {path} does not exist.", path=str(target.parent)))
    return target


_STYLE = ("@page{size:A4;margin:12mm}body{font-family:sans-serif;font-size:12pt;margin:0}"
          "section{page-break-after:always;break-after:page}section:last-child{page-break-after:auto}"
          "h1{font-size:20pt;margin:0 0 2mm}.how{margin:0 0 5mm}"
          ".cards{display:flex;flex-wrap:wrap;gap:4mm}"
          ".card{width:88mm;border:1px dashed #888;padding:3mm;display:flex;gap:3mm;"
          "break-inside:avoid;page-break-inside:avoid}"
          ".card svg{width:32mm;height:32mm;flex:none}.who{font-size:13pt}.child{margin:1mm 0}"
          ".url{font-family:monospace;font-size:7.5pt;word-break:break-all}"
          ".max{margin-top:2mm}.max svg{width:24mm;height:24mm}")


def _card(pair: Pair, url: str, max_url: str | None) -> str:
    more = (f'<div class="max">{qr_svg(max_url)}<div class="url">MAX: {html.escape(max_url)}</div></div>'
            if max_url else "")
    return (f'<div class="card">{qr_svg(url)}<div><div class="who"><b>{html.escape(pair.guardian)}</b></div>'
            f'<div class="child">{html.escape(t("Parent of {child}", child=pair.child))}</div>'
            f'<div class="url">{html.escape(url)}</div>{more}</div></div>')


def sheet_html(pairs: list[Pair], links: dict[int, str], max_links: dict[int, str] | None = None) -> str:
    """The printable page: a section per class, a card per parent and child (with their MAX
    link too when a MAX bot is set)."""
    by_group: dict[str, list[Pair]] = {}
    for pair in pairs:
        by_group.setdefault(pair.group, []).append(pair)
    title = t("Telegram links for parents")
    parts = [f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
             f"<style>{_STYLE}</style></head><body>"]
    for group, rows in by_group.items():
        heading, how = t("Class {group}: connect school messages in Telegram", group=group), t("Cut out your card, scan the QR code with your phone's camera (or open the link) and press Start in Telegram. The link is personal: please do not pass it on.")
        parts.append(f"<section><h1>{html.escape(heading)}</h1>"
                     f'<p class="how">{html.escape(how)}</p><div class="cards">')
        parts += [_card(pair, links[pair.guardian_id], (max_links or {}).get(pair.guardian_id)) for pair in rows]
        parts.append("</div></section>")
    parts.append("</body></html>\n")
    return "".join(parts)


def _write_list(path: Path, pairs: list[Pair], links: dict[int, str], max_links: dict[int, str]) -> None:
    """The links as a list for the teacher: XLSX, or (a .csv name) CSV in Excel's dialect."""
    header = [t("Class"), t("Parent"),
              t("Child"), pt("telegramlinks.col.link", "Telegram link")]
    write_table(path, header + ([t("MAX link")] if max_links else []),
                ([p.group, p.guardian, p.child, links[p.guardian_id],
                  *([max_links.get(p.guardian_id, "")] if max_links else [])] for p in pairs),
                title=t("Telegram links for parents"), excel=True)


def _max_links(db: sqlite_utils.Database, guardian_ids: list[int]) -> dict[int, str]:
    """The MAX links of those not linked on MAX yet, when a MAX bot is set."""
    if not max_link.max_configured(all_settings(db)):
        return {}
    linked = max_link.user_ids(db, guardian_ids)
    return max_link.deep_links(db, [gid for gid in guardian_ids if gid not in linked])


class SheetReport(TypedDict):
    """What `write_sheet` wrote (`channels link-sheet --json`)."""

    path: str
    list: str | None  # the list (XLSX, or CSV by its name), when asked for
    guardians: int
    groups: dict[str, int]  # class → parents on the sheet


def write_sheet(db: sqlite_utils.Database, path: Path, group: str | None = None,
                list_path: Path | None = None) -> SheetReport:
    """Write the sheet (a folder gets `telegram-links.html`) and, when asked, the list;
    the parents' tokens are created as needed. An error when every parent is linked."""
    pairs = unlinked(db, group)
    if not pairs:
        raise OutreachError(t("Every parent in {scope} is already linked to Telegram (or declined it): no sheet to print.", scope=group or t("all classes")))
    target = _target(path, SHEET_NAME)
    list_target = _target(list_path, "telegram-links" + XLSX) if list_path is not None else None
    links = deep_links(db, (p.guardian_id for p in pairs))
    max_links = _max_links(db, list(links))
    write_private_text(target, sheet_html(pairs, links, max_links), newline="")
    if list_target is not None:
        _write_list(list_target, pairs, links, max_links)
    groups: dict[str, int] = {}
    for pair in pairs:
        groups[pair.group] = groups.get(pair.group, 0) + 1
    return SheetReport(path=str(target), list=str(list_target) if list_target else None,
                       guardians=len(links), groups=groups)


def invite_audience(db: sqlite_utils.Database, group: str | None = None) -> list[int]:
    """The not yet linked parents that e-mail reaches now (consent included)."""
    ids = list(dict.fromkeys(p.guardian_id for p in unlinked(db, group)))
    reach = reachability(db, ids)
    return [gid for gid in ids if "email" in reach[gid].channels]


def create_invite(db: sqlite_utils.Database, group: str | None = None,
                  lang: str | None = None) -> tuple[int, int]:
    """A draft message with each parent's own link (template `telegram-invite`) to the
    parents of `invite_audience`: (its id, the number of parents). Nothing is sent."""
    ids = invite_audience(db, group)
    if not ids:
        raise OutreachError(t("No parent in {scope} who is not linked to Telegram yet can be reached by e-mail.", scope=group or t("all classes")))
    template = templates.find(f"{lang or current_language()}/{INVITE_TEMPLATE}")
    return create_message(db, template, audience=[f"guardian:{gid}" for gid in ids],
                          only=["email"]), len(ids)
