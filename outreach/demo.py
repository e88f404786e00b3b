"""`outreach demo`: a realistic school roster (and, with later sections, their data)."""

from __future__ import annotations

import sqlite_utils

from . import paths
from .errors import OutreachError
from .i18n import t
from .roster_import.importer import ImportReport, import_roster
from .settings import set_setting

DATA_TABLES = ("student_guardians", "guardians", "students", "groups", "guardian_search")
DEMO_SETTINGS = {
    "teacher_name": "Ольга Николаевна Белова",
    "school_name": "МБОУ СОШ № 7",
    "links.vk_group": "https://vk.com/school7_parents",
    "links.telegram_group": "https://t.me/school7_parents",
}


def is_empty(db: sqlite_utils.Database) -> bool:
    return not db.execute("SELECT 1 FROM guardians UNION ALL SELECT 1 FROM students LIMIT 1").fetchone()


def fill_demo(db: sqlite_utils.Database, force: bool = False) -> ImportReport:
    """Fill the database with the demo data; a non-empty one only with `force` (it is wiped)."""
    if not is_empty(db) and not force:
        raise OutreachError(t("demo.not_empty"))
    with db.atomic():
        for table in DATA_TABLES:
            db.execute(f"DELETE FROM {table}")
        for key, value in DEMO_SETTINGS.items():
            set_setting(db, key, value)
        report = import_roster(db, paths.data_dir() / "demo" / "roster.csv")
    return report
