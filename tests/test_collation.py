"""Russian alphabetical order (issue 15): the rule, the SQLite collation RU on every
connection, and every list that orders names (CLI, domain, the roster screen)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from outreach.common import clock
from outreach.common.collation import COLLATION, compare, russian_order_key
from outreach.common.names import name_key
from outreach.messages.compose import recipient_contexts
from outreach.messages.telegram_sheet import unlinked
from outreach.roster import guardians as roster
from outreach.roster import students
from outreach.store import db as storage
from outreach_screens.app import make_app
from outreach_screens.roster.screen import RosterScreen
from tests.tui_support import settle

# Ё (U+0401) and lower-case letters sort before А and after Я by code point: the old order
RUSSIAN = ["Алексеев", "алексеев", "Елкин", "Ёлкин", "ёлкин", "Жуков", "Яковлев"]


def test_the_rule_puts_e_before_yo_and_cases_side_by_side() -> None:
    assert sorted(reversed(RUSSIAN), key=russian_order_key) == RUSSIAN
    assert compare("Елкин", "Ёлкин") == -1 and compare("Ёлкин", "Жуков") == -1
    assert compare("Ёлкин", "Ёлкин") == 0 and compare("Ёлкина", "Алексеев") == 1
    assert sorted(["Ёлкин", "Елкина", "Елкин"], key=russian_order_key) == ["Елкин", "Ёлкин", "Елкина"]


def test_the_rule_folds_lookalikes_and_compares_numbers() -> None:
    latin_a = "Aлексеев"  # a Latin A, as a pasted spreadsheet has it
    assert russian_order_key(latin_a)[0] == russian_order_key("Алексеев")[0]
    assert sorted(["Жуков", latin_a, "Борисов"], key=russian_order_key) == [latin_a, "Борисов", "Жуков"]
    assert sorted(["10А", "2Б", "11", "1А", "2А", "Кружок"], key=russian_order_key) == [
        "1А", "2А", "2Б", "10А", "11", "Кружок"]
    assert compare("7" * 5000 + "А", "8" * 4999 + "Б") == 1  # a longer number is larger; no int()
    assert compare("007А", "7А") != 0  # equal numbers: still a total order


def test_every_connection_knows_ru_and_plain_sqlite_still_reads_the_file(db: sqlite_utils.Database,
                                                                         db_path: Path) -> None:
    rows = ", ".join(f"('{name}')" for name in reversed(RUSSIAN))
    ordered = [n for (n,) in db.execute(f"SELECT column1 FROM (VALUES {rows}) ORDER BY column1 COLLATE {COLLATION}")]
    assert ordered == RUSSIAN
    other = storage.connect(db_path)  # a worker's connection, not migrated
    assert [n for (n,) in other.execute(f"SELECT 'Ёлкин' UNION SELECT 'Елкин' ORDER BY 1 COLLATE {COLLATION}")] == [
        "Елкин", "Ёлкин"]
    other.close()
    roster.add_guardian(db, {"surname": "Ёлкина", "name": "Анна"})
    backup = storage.backup(db, db_path.parent / "copy.db")
    for path in (db_path, backup):
        with sqlite3.connect(path) as plain:  # no RU registered: the schema never names it
            assert plain.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert plain.execute("SELECT surname FROM guardians").fetchall() == [("Ёлкина",)]
            schema = " ".join(sql or "" for (sql,) in plain.execute("SELECT sql FROM sqlite_master"))
            assert "COLLATE RU" not in schema.upper()
        plain.close()


def _family(db: sqlite_utils.Database) -> dict[str, int]:
    """Parents whose surnames the old order put wrong: Ё first, Елкин and Ёлкин tied."""
    ids = {}
    for surname, child, group in [("Ёлкина", "Ёлкин Иван", "10А"), ("Жукова", "Жуков Пётр", "2А"),
                                  ("Алексеева", "Алексеев Олег", "2А"), ("Елкина", "Елкин Илья", "10А")]:
        ids[surname] = roster.add_guardian(db, {"surname": surname, "name": "Анна"},
                                           child=roster.ChildIn(*child.split(), "", group, "mother"))
    return ids


ORDER = ["Алексеева", "Елкина", "Ёлкина", "Жукова"]


def test_roster_list_and_students_in_russian_order(db: sqlite_utils.Database, cli) -> None:
    _family(db)
    assert [g["surname"] for g in cli.json("roster", "list")] == ORDER
    assert [s["surname"] for s in cli.json("roster", "students")] == ["Алексеев", "Жуков", "Ёлкин", "Елкин"]  # 2А; 10А: Иван, Илья
    assert roster.group_names(db) == ["2А", "10А"]
    assert [s.surname for s in students.list_students(db, students.StudentFilter(text="лкин"))] == ["Ёлкин", "Елкин"]


def test_a_parents_children_in_russian_order(db: sqlite_utils.Database) -> None:
    parent = roster.add_guardian(db, {"surname": "Ёлкина", "name": "Анна"},
                                 child=roster.ChildIn("Ёлкин", "Иван", "", "10А", "mother"))
    roster.link_child(db, parent, roster.ChildIn("Алексеев", "Олег", "", "10А", "mother"))
    assert [c.surname for c in roster.get_guardian(db, parent).students] == ["Алексеев", "Ёлкин"]
    children = recipient_contexts(db, [parent], {}, "ru")[parent]["students"]
    assert isinstance(children, list)
    assert [child["full_name"] for child in children] == ["Алексеев Олег", "Ёлкин Иван"]


def test_telegram_link_sheet_by_class_then_name(db: sqlite_utils.Database) -> None:
    _family(db)
    assert [p.child for p in unlinked(db)] == ["Алексеев Олег", "Жуков Пётр", "Ёлкин Иван", "Елкин Илья"]  # ё as е first


def _tied(db: sqlite_utils.Database) -> None:
    """Fifty guardians, thirty of them with one name key (Елкина/Ёлкина in any case)."""
    spellings = ["Ёлкина", "елкина", "Елкина", "ЁЛКИНА", "ёлкина", "ЕЛКИНА"]
    names = [spellings[i % 6] for i in range(30)] + [f"Жукова{chr(0x430 + i)}" for i in range(20)]
    now = clock.now_iso()
    with db.atomic():
        db.conn.executemany("INSERT INTO guardians(surname, name, patronymic, name_key, created_at, updated_at)"
                            " VALUES (?, 'Анна', '', ?, ?, ?)",
                            [(surname, name_key(surname, "Анна", ""), now, now) for surname in reversed(names)])


def test_pages_join_up_when_ties_straddle_them(db: sqlite_utils.Database) -> None:
    _tied(db)
    everything = roster.list_guardians(db)
    assert [g.full_name for g in everything] == sorted((g.full_name for g in everything), key=russian_order_key)
    assert [g.surname for g in everything[:5]] == ["ЕЛКИНА", "ЕЛКИНА", "ЕЛКИНА", "ЕЛКИНА", "ЕЛКИНА"]
    assert everything[29].surname == "ёлкина"
    for size in (1, 7, 30):
        pages = [g.id for offset in range(0, 55, size) for g in roster.list_guardians(db, limit=size, offset=offset)]
        assert pages == [g.id for g in everything], size
    assert roster.list_guardians(db, limit=7, offset=50) == []


def _plans(db: sqlite_utils.Database, offset: int) -> list[str]:
    """The query plans of the statements that fetch the guardians' page at `offset`."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    assert len(roster.list_guardians(db, limit=7, offset=offset)) == 7
    db.conn.set_trace_callback(None)
    return [" | ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in statements if sql.lstrip().startswith("SELECT")]


def test_the_paged_list_reads_the_name_key_index(db: sqlite_utils.Database) -> None:
    _tied(db)
    first, middle = _plans(db, 0), _plans(db, 25)
    assert len(first) == 1 and len(middle) == 3, (first, middle)  # the key range, the rows before it, the page
    for plan in first + middle:
        assert "INDEX guardians_name_key" in plan, plan
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # no full sort
    assert "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY" in first[0]
    assert "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY" in middle[-1]


async def test_the_roster_screen_lists_yo_after_a(db: sqlite_utils.Database, db_path: Path) -> None:
    _family(db)
    app = make_app(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RosterScreen)
        table = screen.finder.table
        assert [str(table.row_at(i).cells[0]).split()[0] for i in range(table.row_count)] == ORDER
