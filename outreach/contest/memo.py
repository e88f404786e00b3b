"""The printable spectator memo of a contest: title, date, place, a road-safety note and the
school's channel links with QR codes (the paper memo of `delivery.exported`)."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import sqlite_utils

from outreach.common.errors import OutreachError
from outreach.common.i18n import N_, current_language, t
from outreach.contest.store import Contest, get_contest
from outreach.messages.compose import school_links
from outreach.messages.delivery.exported import write_memo
from outreach.settings.values import all_settings

_CONTEST_MONTH = {1: N_("January"), 2: N_("February"), 3: N_("March"), 4: N_("April"), 5: N_("May"), 6: N_("June"), 7: N_("July"), 8: N_("August"), 9: N_("September"), 10: N_("October"), 11: N_("November"), 12: N_("December")}

SAFETY_NOTES = (N_("Watch only from the spectator area behind the fence; never step onto the ground during a run."), N_("Cross the driveways only where marshals show you, and only when no car is moving."),
                N_("Keep children beside you and hold the little ones by the hand."), N_("Park in the car park only, drive slowly near the ground and fasten the seat belts on the way home."))


def human_date(iso: str | None, lang: str | None = None) -> str:
    """`2026-05-16` → «16 мая 2026» / «16 May 2026»; '' when there is no date."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return t("{day} {month} {year}", lang=lang, day=day.day, month=t(_CONTEST_MONTH[day.month], lang=lang),
             year=day.year)


def memo_body(contest: Contest, lang: str | None = None) -> str:
    """The memo's HTML between the title and the links."""
    lang = lang or current_language()
    parts = []
    for label, value in ((t("When", lang=lang), human_date(contest.date, lang)),
                         (t("Where", lang=lang), contest.place)):
        if value:
            parts.append(f"<p><b>{html.escape(label)}:</b> {html.escape(value)}</p>")
    parts.append(f"<p>{html.escape(t('Welcome, supporters! Cheer for the families from the spectator area.', lang=lang))}</p>")
    parts.append(f"<h2>{html.escape(t('Safety on the training ground', lang=lang))}</h2><ul>")
    parts += [f"<li>{html.escape(t(key, lang=lang))}</li>" for key in SAFETY_NOTES]
    parts.append("</ul>")
    return "".join(parts)


def write_contest_memo(db: sqlite_utils.Database, contest_id: int, path: Path) -> Path:
    """Write the memo as one HTML page; a directory gets `contest-<id>-memo.html`. Returns the file."""
    contest = get_contest(db, contest_id)
    target = Path(path).expanduser()
    if target.is_dir():
        target = target / default_name(contest_id)
    if not target.parent.is_dir():
        raise OutreachError(t("There is no folder {path} to write the memo into.", path=str(target.parent)))
    write_memo(target, contest.title, memo_body(contest), school_links(all_settings(db)))
    return target


def default_name(contest_id: int) -> str:
    return f"contest-{contest_id}-memo.html"
