"""One write path per record: a family typed into the form (or the CLI) and the same family
imported from a file are stored alike — the same rows, matching keys and search documents."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster
from outreach.roster.writes import Groups, RosterWrite
from outreach.store import db as storage

GUARDIAN = ("surname", "name", "patronymic", "phone", "email", "telegram", "vk", "max",
            "extra_contacts", "notes", "consent_given_at", "consent_withdrawn_at", "name_key")


def _stored(db: sqlite_utils.Database) -> dict[str, list[tuple[object, ...]]]:
    cols = ", ".join(GUARDIAN)
    return {
        "guardians": db.execute(f"SELECT {cols} FROM guardians ORDER BY id").fetchall(),
        "students": db.execute("SELECT s.surname, s.name, s.patronymic, s.name_key, g.name"
                               " FROM students s JOIN groups g ON g.id = s.group_id ORDER BY s.id").fetchall(),
        "links": db.execute("SELECT student_id, guardian_id, relation FROM student_guardians"
                            " ORDER BY student_id, guardian_id").fetchall(),
        "search": db.execute("SELECT rowid, doc FROM guardian_search ORDER BY rowid").fetchall(),
    }


def test_the_form_and_the_import_store_a_family_alike(tmp_path: Path) -> None:
    typed = storage.open_db(tmp_path / "typed.db")
    child = roster.add_student(typed, "ёлкина", "АЛЁНА", "", "7 a")
    mother = roster.add_guardian(typed, {"surname": "Ёлкина", "name": "Ольга", "patronymic": "Петровна",
                                         "phone": "8 (912) 345-67-89", "email": "Olga@Example.ru"},
                                 [(child, "мама")])
    roster.add_guardian(typed, {"surname": "Ёлкин", "name": "Пётр", "telegram": "@elkin_p"},
                        [(child, "отец")])
    roster.edit_guardian(typed, mother, {"patronymic": "Павловна"})

    source = tmp_path / "roster.csv"
    source.write_text("ФИО ученика,Класс,ФИО родителя,Кем приходится,Телефон,E-mail,Telegram\n"
                      "Ёлкина Алёна,7А,Ёлкина Ольга Павловна,мать,+79123456789,olga@example.ru,\n"
                      "Ёлкина Алёна,7А,Ёлкин Пётр,отец,,,@elkin_p\n", encoding="utf-8")
    imported = storage.open_db(tmp_path / "imported.db")
    report = import_roster(imported, source)

    assert report.written and report.guardians.created == 2
    assert _stored(typed) == _stored(imported)
    assert _stored(typed)["guardians"][0][-1] == "елкина ольга павловна"  # the key after the edit


def test_a_class_has_one_id_whatever_its_spelling(db: sqlite_utils.Database) -> None:
    groups = Groups(db)
    first = groups.id("7 а")
    assert [groups.id(text) for text in ("7A", "7-А", "7 «А» класс")] == [first] * 3
    assert groups.id("8Б") == first + 1
    RosterWrite(db).add_groups(groups)
    assert db.execute("SELECT id, name FROM groups ORDER BY id").fetchall() == [(first, "7А"), (first + 1, "8Б")]
    assert Groups(db).id("7a") == first and not Groups(db).new  # read back, nothing new
