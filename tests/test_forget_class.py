"""`roster forget --group`: a class that leaves the school erased in one step (CLI, real file)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from outreach.common import paths
from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster
from outreach.store import db as storage
from outreach.store import schema
from tests.test_roster import table_counts
from tests.test_storage_faults import kill_at

# 11А: Игнат (mother Мария, who also has Ольга in 7Б; father Пётр), Павел and Полина (mother
# Анна, both children in the class), Семён (mother Светлана, who also has Саша in 9А).
CLASS_LIST = """ФИО ученика;Класс;ФИО родителя;Телефон
Иванов Игнат;11А;Иванова Мария;+79120000001
Иванов Игнат;11А;Иванов Пётр;+79120000002
Иванова Ольга;7Б;Иванова Мария;+79120000001
Петров Павел;11А;Петрова Анна;+79120000003
Петрова Полина;11А;Петрова Анна;+79120000003
Сидоров Семён;11А;Сидорова Светлана;+79120000004
Сидоров Саша;9А;Сидорова Светлана;+79120000004
Козлов Кирилл;9А;Козлова Ксения;+79120000005
"""


def with_class_list(db, tmp_path: Path):
    """`db` with CLASS_LIST imported (a real import of a real file)."""
    path = tmp_path / "school.csv"
    path.write_text(CLASS_LIST, encoding="utf-8")
    import_roster(db, path)
    return db


@pytest.fixture
def school(db, tmp_path: Path):
    return with_class_list(db, tmp_path)


def guardians(db) -> dict[str, list[str]]:
    """Each guardian's surname and name, with their children's names and classes."""
    return {f"{g.surname} {g.name}": sorted(f"{s.name} {s.group}" for s in g.students)
            for g in roster.list_guardians(db)}


def searched(db, text: str) -> set[str]:
    return {f"{g.surname} {g.name}" for g in roster.list_guardians(db, roster.Filter(text=text))}


def test_a_class_goes_and_parents_with_children_elsewhere_stay(school, cli) -> None:
    assert searched(school, "игнат") == {"Иванова Мария", "Иванов Пётр"}
    result = cli("roster", "forget", "--group", "11 а", "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Erased: guardians 2, students 4.")
    assert "2 parents stay: they have children in 7Б, 9А" in result.stdout
    assert guardians(school) == {"Иванова Мария": ["Ольга 7Б"], "Сидорова Светлана": ["Саша 9А"],
                                 "Козлова Ксения": ["Кирилл 9А"]}
    assert school.execute("SELECT count(*) FROM students").fetchone() == (3,)
    assert searched(school, "игнат") == searched(school, "семён") == set()  # not in the kept parents' rows
    assert searched(school, "ольга") == {"Иванова Мария"}
    assert searched(school, "9120000003") == set()
    assert [name for (name,) in school.execute("SELECT name FROM groups ORDER BY name")] == ["7Б", "9А"]
    (entity, detail), = school.execute("SELECT entity, detail FROM audit_log WHERE action = 'forget'")
    assert (entity, json.loads(detail)) == ("class", {"guardians": 2, "students": 4, "group": "11А",
                                                      "guardians_kept": 2})


def test_it_says_what_goes_and_who_stays_before_asking(school, cli) -> None:
    before = table_counts(school)
    result = cli("roster", "forget", "--group", "11-А", input="n\n")
    assert result.exit_code == 1
    assert ("This erases for good: 4 students of 11А and 2 parents with no other child in the roster. "
            "2 parents stay: they have children in 7Б, 9А; only the links to the children of 11А go.") in result.stdout
    assert "Nothing was erased" in result.stderr
    assert table_counts(school) == before
    result = cli("--lang", "ru", "roster", "forget", "--group", "11а", input="д\n")
    assert result.exit_code == 0, result.output
    assert ("Будут стёрты навсегда: 4 ученика из 11А и 2 родителя без других детей в списке. "
            "2 родителя остаются: у них есть дети в 7Б, 9А") in result.stdout
    assert "Иванова Мария" in guardians(school) and "Петрова Анна" not in guardians(school)


def test_json_has_the_counts_of_forget_and_the_class(school, cli) -> None:
    done = cli.json("roster", "forget", "--group", "11A", "--yes")  # a Latin A
    assert done == {"guardians": 2, "students": 4, "backups": 0, "backups_failed": [], "backups_missing": [],
                    "waiting_for": None, "group": "11А", "guardians_kept": 2, "kept_in": ["7Б", "9А"]}


def test_a_class_whose_parents_have_no_other_child_takes_them_all(school, cli) -> None:
    done = cli.json("roster", "forget", "--group", "9А", "--yes")
    assert (done["students"], done["guardians"], done["guardians_kept"], done["kept_in"]) == (2, 1, 1, ["11А"])
    assert "Козлова Ксения" not in guardians(school)
    assert guardians(school)["Сидорова Светлана"] == ["Семён 11А"]


def test_refusals_touch_nothing(school, cli) -> None:
    roster.remove_student(school, roster.add_student(school, "Пустов", "Пётр", "", "5В"))  # 5В stays, empty
    before = table_counts(school)
    unknown = cli("roster", "forget", "--group", "11Я", "--yes")
    assert unknown.exit_code == 1 and unknown.stderr.startswith("There is no group 11Я; the roster has: ")
    empty = cli("roster", "forget", "--group", "5 в", "--yes")
    assert (empty.exit_code, empty.stderr) == (1, "There are no students in 5В: nothing to erase.\n")
    both = cli("roster", "forget", "--group", "11А", "--student", "1", "--yes")
    assert both.exit_code == 2
    shown = " ".join(both.stderr.replace("│", " ").split())
    assert "Give --group alone: a class is erased whole, without --guardian or --student." in shown
    assert table_counts(school) == before


def test_a_class_erasure_killed_before_its_commit_leaves_everything(school, db_path: Path,
                                                                     tmp_path: Path, cli) -> None:
    before = table_counts(school)
    kill_at("forget.class.uncommitted", tmp_path, "--db", str(db_path), "roster", "forget",
            "--group", "11А", "--yes")
    result = cli("roster", "list", "--json")
    assert result.exit_code == 0, result.output
    assert table_counts(school) == before
    assert searched(school, "игнат") == {"Иванова Мария", "Иванов Пётр"}


def old_school(path: Path, version: int) -> None:
    """A file left at schema `version` by its own migrations, with 11А (Игнат: mother Мария,
    who also has Ольга in 7Б; Павел: mother Анна) and each parent's search row of that time."""
    old = storage.connect(path)
    for step in range(1, version + 1):
        schema.MIGRATIONS[step](old)
    now = "2026-09-01T10:00:00"
    old.execute("INSERT INTO groups(id, name) VALUES (1, '11А'), (2, '7Б')")
    for sid, surname, name, group in ((1, "Иванов", "Игнат", 1), (2, "Иванова", "Ольга", 2), (3, "Петров", "Павел", 1)):
        old.execute("INSERT INTO students(id, surname, name, group_id, name_key, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", [sid, surname, name, group, f"{surname} {name}".lower(), now, now])
    for gid, surname, name, phone, children in ((1, "Иванова", "Мария", "+79120000001", "игнат ольга"),
                                                 (2, "Петрова", "Анна", "+79120000003", "павел")):
        old.execute("INSERT INTO guardians(id, surname, name, phone, name_key, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", [gid, surname, name, phone, f"{surname} {name}".lower(), now, now])
        old.execute("INSERT INTO guardian_search(rowid, doc) VALUES (?, ?)",
                    [gid, f"{surname} {name} {children} {phone[1:]}".lower()])
    old.execute("INSERT INTO student_guardians(student_id, guardian_id) VALUES (1, 1), (2, 1), (3, 2)")
    old.execute(f"PRAGMA user_version={version}")
    old.conn.commit()
    old.close()


def test_a_class_is_erased_from_a_backup_of_an_older_schema(db_path: Path, cli) -> None:
    """A migration backup from before `extra_contacts` (schema 9): the kept parent's search row
    was rebuilt from columns the old file lacks, so the class stayed in that backup and the
    teacher was told to delete it by hand; it is erased there as `forget` of one family is."""
    old_school(db_path, schema.STEPS.index(schema.V9))
    done = cli.json("roster", "forget", "--group", "11А", "--yes")  # opening migrates, after a backup
    (backup,) = paths.migration_backups(db_path)
    assert (done["backups"], done["backups_failed"], done["guardians_kept"]) == (1, [], 1)
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("SELECT name FROM students").fetchall() == [("Ольга",)]
        assert copy.execute("SELECT name FROM guardians").fetchall() == [("Мария",)]
        (kept,) = copy.execute("SELECT rowid, doc FROM guardian_search").fetchall()
        assert kept == (1, "иванова мария иванова ольга 79120000001 89120000001")  # Игнат gone from her row
