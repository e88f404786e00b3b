"""`outreach demo`: a realistic school roster (and, with later sections, their data)."""

from __future__ import annotations

import sqlite_utils

from outreach.channels.preferences import set_preferences
from outreach.common import paths
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.contest.demo import fill_demo_contests
from outreach.inbox.demo import fill_demo_inbox
from outreach.messages.demo import fill_demo_messages
from outreach.roster.importing.importer import ImportReport, import_roster
from outreach.settings.values import set_setting
from outreach.surveys.demo import fill_demo_surveys

DATA_TABLES = ("inbox_threads", "deliveries", "messages", "contest_results", "contest_team_members", "contest_teams", "contest_events",
               "contest_faults", "contests", "survey_answers", "survey_responses", "survey_options",
               "survey_questions", "surveys", "guardian_channels", "student_guardians", "guardians", "students", "groups",
               "guardian_search", "message_drafts")
DEMO_SETTINGS = {
    "teacher_name": "Ольга Николаевна Белова",
    "school_name": "МБОУ СОШ № 7",
    "links.vk_group": "https://vk.com/school7_parents",
    "links.telegram_group": "https://t.me/school7_parents",
}


def is_empty(db: sqlite_utils.Database) -> bool:
    return not db.execute("SELECT 1 FROM guardians UNION ALL SELECT 1 FROM students LIMIT 1").fetchone()


def fill_demo(db: sqlite_utils.Database, force: bool = False) -> ImportReport:
    """Fill the database with the demo data; a non-empty one only with `force` (it is wiped,
    the composer's kept draft too: it names parents and a message by ids the refill gives to others)."""
    if not is_empty(db) and not force:
        raise OutreachError(t("The database already has data; use --force to replace it with the demo."))
    with db.atomic():
        for table in DATA_TABLES:
            db.execute(f"DELETE FROM {table}")
        for key, value in DEMO_SETTINGS.items():
            set_setting(db, key, value)
        report = import_roster(db, paths.data_dir() / "demo" / "roster.csv")
        _demo_channels(db)
        fill_demo_contests(db)
        fill_demo_surveys(db)
        fill_demo_messages(db)
        fill_demo_inbox(db)
    return report


def _demo_channels(db: sqlite_utils.Database) -> None:
    """Mixed preferences, so the coverage report is interesting at first sight: some
    parents linked the school bot (a Telegram chat id), some chose their own order,
    some opted out of a channel (two of everything: they need a call), one has their own
    quiet hours."""
    ids = [gid for (gid,) in db.execute("SELECT id FROM guardians ORDER BY id")]
    linked = [gid for (gid,) in db.execute("SELECT id FROM guardians WHERE telegram IS NOT NULL ORDER BY id")]
    for gid in linked[::2]:
        set_preferences(db, gid, addresses={"telegram": str(500_000_000 + gid * 7919)})
    for gid in ids[3::6]:
        set_preferences(db, gid, prefer=["email", "telegram", "sms"])
    for gid in ids[5::9]:
        set_preferences(db, gid, opt_out=["vk"])
    set_preferences(db, ids[1], quiet="22:00-07:30")
    for gid in (ids[10], ids[23]):
        set_preferences(db, gid, opt_out=["telegram", "max", "vk", "email"])
