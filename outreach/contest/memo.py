"""The printable spectator memo of a contest: title, date, place, a road-safety note and the
school's channel links with QR codes (the paper memo of `delivery.exported`)."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import sqlite_utils

from outreach.common.errors import OutreachError
from outreach.common.i18n import current_language, t
from outreach.contest.store import Contest, get_contest
from outreach.messages.compose import school_links
from outreach.messages.delivery.exported import write_memo
from outreach.settings.values import all_settings

_CONTEST_MONTH = {1: "contest.month.1", 2: "contest.month.2", 3: "contest.month.3", 4: "contest.month.4", 5: "contest.month.5", 6: "contest.month.6", 7: "contest.month.7", 8: "contest.month.8", 9: "contest.month.9", 10: "contest.month.10", 11: "contest.month.11", 12: "contest.month.12"}

SAFETY_NOTES = ("contest.memo.safety.fence", "contest.memo.safety.track",
                "contest.memo.safety.children", "contest.memo.safety.parking")


def human_date(iso: str | None, lang: str | None = None) -> str:
    """`2026-05-16` → «16 мая 2026» / «16 May 2026»; '' when there is no date."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return t("contest.date", lang=lang, day=day.day, month=t(_CONTEST_MONTH[day.month], lang=lang),
             year=day.year)


def memo_body(contest: Contest, lang: str | None = None) -> str:
    """The memo's HTML between the title and the links."""
    lang = lang or current_language()
    parts = []
    for label, value in ((t("contest.memo.when", lang=lang), human_date(contest.date, lang)),
                         (t("contest.memo.where", lang=lang), contest.place)):
        if value:
            parts.append(f"<p><b>{html.escape(label)}:</b> {html.escape(value)}</p>")
    parts.append(f"<p>{html.escape(t('contest.memo.welcome', lang=lang))}</p>")
    parts.append(f"<h2>{html.escape(t('contest.memo.safety', lang=lang))}</h2><ul>")
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
        raise OutreachError(t("contest.memo.no_folder", path=str(target.parent)))
    write_memo(target, contest.title, memo_body(contest), school_links(all_settings(db)))
    return target


def default_name(contest_id: int) -> str:
    return f"contest-{contest_id}-memo.html"
