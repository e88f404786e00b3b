"""A parent's further contacts (the second phone of a cell, a work phone, a handle's note):
seen and corrected in the parent's form and by `roster edit --extra-contacts`, and said for
what they are when a file is imported."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster


def imported(db: sqlite_utils.Database, tmp_path: Path, text: str) -> list[roster.Guardian]:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    report = import_roster(db, path, group="7А")
    assert report.written and not report.rejected, report.rejected
    return roster.list_guardians(db)


def test_words_in_brackets_beside_a_handle_are_its_note_or_say_whose_it_is(
        db: sqlite_utils.Database, tmp_path: Path, russian: None) -> None:
    """«(пишите вечером)» beside a handle was dropped; «(после 19:00)» refused the row."""
    [ivanova, petrova] = imported(db, tmp_path, (
        "ФИО ученика,ФИО родителя,Телефон,Telegram,ВК\n"
        "Иванов Иван,Иванова Анна Петровна,8 912 111-22-33,@anna_k (пишите вечером),id123 (мама; после 19:00)\n"
        "Петров Пётр,Петрова Ольга Ивановна,8 912 555-66-77,@olga_p (бабушка),\n"))
    assert (ivanova.telegram, ivanova.vk) == ("anna_k", "id123")
    assert ivanova.notes == "Telegram anna_k: пишите вечером; ВК id123: после 19:00"
    assert ivanova.students[0].relation == "mother"
    assert petrova.telegram == "olga_p" and petrova.students[0].relation == "grandmother" and not petrova.notes
