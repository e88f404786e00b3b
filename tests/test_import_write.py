"""The import's write phase: matching outside the write lock, re-matching after another
writer's commit, a busy database, and the search index staged for a first import."""

from __future__ import annotations

import gc
import os
import re
import signal
import sqlite3
from pathlib import Path

import pytest

from bench.generate import write_roster
from outreach.common.errors import OutreachError
from outreach.roster import guardians as roster
from outreach.roster.importing import importer, staging
from outreach.roster.importing.identity import Resolver
from outreach.roster.importing.importer import import_roster
from outreach.roster.importing.rows import RowParser
from outreach.roster.writes import group_id
from outreach.store import db as storage
from outreach.store import search

HEADER = "ФИО ученика,Класс,ФИО родителя,Кем приходится,Телефон,E-mail"
SURNAMES = ("Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Зайцев")
NAMES = ("Пётр", "Илья", "Олег", "Павел", "Семён", "Фёдор")
PATRONYMICS = ("Семёнович", "Олегович", "Ильич", "Петрович", "Павлович", "Фёдорович")


def roster_file(path: Path, families: int) -> Path:
    """`families` (up to 5,184) children, each with a mother and a father (two rows); every
    child, name and phone distinct."""
    lines = [HEADER]
    for i in range(families):
        surname = SURNAMES[i % 8]
        child = f"{surname} {NAMES[i // 8 % 6]} {PATRONYMICS[i // 48 % 6]}"
        group = f"{5 + i // 288 % 6}{'АБВ'[i // 1728 % 3]}"
        lines.append(f"{child},{group},{surname}а Анна Ивановна,мать,+7912{i:07d},a{i}@mail.ru")
        lines.append(f"{child},{group},{surname} Семён Олегович,отец,+7922{i:07d},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def other_connection(db_path: Path) -> sqlite3.Connection:
    """Another program's connection that gives up at once if the database is locked."""
    other = storage.connect(db_path)
    other.execute("PRAGMA busy_timeout=0")
    return other


def rebuilt_index(db) -> list[tuple[int, str]]:
    """The search documents `search.reindex` builds from the stored rows (rolled back after)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        search.reindex(db)
        return db.execute("SELECT rowid, doc FROM guardian_search").fetchall()
    finally:
        db.execute("ROLLBACK")


def same_words(docs: list[tuple[int, str]]) -> dict[int, list[str]]:
    return {rowid: sorted(doc.split()) for rowid, doc in docs}


def test_another_program_is_not_refused_while_the_import_matches(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other program gives up at once on a locked database: the import must not hold the
    write lock while it matches; the parent added meanwhile is kept."""
    source = roster_file(tmp_path / "big.csv", 1500)
    db = storage.open_db(db_path)
    wrote: list[int] = []
    matched = Resolver.resolve

    def resolve_and_interfere(self: Resolver, row) -> None:
        matched(self, row)
        if not wrote and row.row == 1000:  # well into the matching
            other = other_connection(db_path)
            try:  # refused ("database is locked") if the import held the write lock now
                wrote.append(roster.add_guardian(other, {
                    "surname": "Сидорова", "name": "Анна", "phone": "+79120002900"}))
            finally:
                other.close()

    monkeypatch.setattr(Resolver, "resolve", resolve_and_interfere)
    report = import_roster(db, source)
    assert wrote and report.written
    phones = dict(db.execute("SELECT phone, count(*) FROM guardians GROUP BY phone").fetchall())
    assert max(phones.values()) == 1, "a guardian was stored twice"
    assert db.execute("SELECT count(*) FROM guardians").fetchone()[0] == 3000 + 1
    assert report.guardians.created == 3000
    assert same_words(db.execute("SELECT rowid, doc FROM guardian_search").fetchall()) == \
        same_words(rebuilt_index(db))
    db.close()


def test_a_parent_added_elsewhere_with_a_phone_from_the_file_is_the_same_person(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = roster_file(tmp_path / "big.csv", 1500)
    db = storage.open_db(db_path)
    added: list[int] = []
    matched = Resolver.resolve

    def resolve_and_interfere(self: Resolver, row) -> None:
        matched(self, row)
        if not added and row.row == 1000:
            other = other_connection(db_path)
            try:  # the mother of family 1400, typed in by hand a moment ago
                added.append(roster.add_guardian(other, {
                    "surname": "Волкова", "name": "Анна", "phone": "+79120001400"}))
            finally:
                other.close()

    monkeypatch.setattr(Resolver, "resolve", resolve_and_interfere)
    report = import_roster(db, source)
    assert added and report.written
    assert db.execute("SELECT count(*) FROM guardians WHERE phone = '+79120001400'").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM guardians").fetchone()[0] == 3000
    assert (report.guardians.created, report.guardians.updated) == (2999, 1)
    mother = db.execute("SELECT id, email FROM guardians WHERE phone = '+79120001400'").fetchone()
    assert mother == (added[0], "a1400@mail.ru")
    assert db.execute("SELECT count(*) FROM student_guardians WHERE guardian_id = ?",
                      [added[0]]).fetchone()[0] == 1
    db.close()


def test_a_busy_database_is_one_sentence_and_nothing_is_written(db_path: Path, tmp_path: Path) -> None:
    source = roster_file(tmp_path / "small.csv", 20)
    db = storage.open_db(db_path)
    db.execute("PRAGMA busy_timeout=0")
    other = other_connection(db_path)
    other.execute("BEGIN IMMEDIATE")  # another program in the middle of a long write
    try:
        with pytest.raises(OutreachError, match="busy with another program"):
            import_roster(db, source)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert db.execute("SELECT count(*) FROM guardians").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0
    assert import_roster(db, source).guardians.created == 40
    db.close()


def test_a_busy_database_in_the_cli_exits_1_with_the_russian_sentence(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from outreach.cli.main import app

    source = roster_file(tmp_path / "small.csv", 5)
    storage.open_db(db_path).close()
    monkeypatch.setattr(storage, "BUSY_TIMEOUT_MS", 0)
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    other = other_connection(db_path)
    other.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(app, ["--db", str(db_path), "roster", "import", str(source)])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 1
    assert "База занята другой программой, попробуйте ещё раз." in result.output
    assert "Internal error" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("chunk", [7, importer.CHUNK_ROWS])
def test_a_first_import_stages_the_same_search_index_a_rebuild_gives(
        db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """Small chunks: a guardian's later rows (a second child, a new phone) restage its document."""
    monkeypatch.setattr(importer, "CHUNK_ROWS", chunk)
    source = roster_file(tmp_path / "r.csv", 30)
    with source.open("a", encoding="utf-8") as stream:  # a second child of family 0's parents
        stream.write("Иванов Тимофей Семёнович,7А,Иванова Анна Ивановна,мать,+79120000000,\n")
        stream.write("Иванов Тимофей Семёнович,7А,Иванов Семён Олегович,отец,+79220000000,s@ya.ru\n")
    report = import_roster(db, source)
    assert (report.students.created, report.guardians.created) == (31, 60)
    staged = db.execute("SELECT rowid, doc FROM guardian_search").fetchall()
    assert same_words(staged) == same_words(rebuilt_index(db))
    assert db.execute("INSERT INTO guardian_search(guardian_search) VALUES ('integrity-check')")
    assert {g.phone for g in roster.list_guardians(db, roster.Filter(text="тимофей"))} == \
        {"+79120000000", "+79220000000"}
    assert [g.email for g in roster.list_guardians(db, roster.Filter(text="s@ya"))] == ["s@ya.ru"]
    assert db.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0


def test_a_second_import_updates_the_index_of_the_guardians_it_touched(db, tmp_path: Path) -> None:
    import_roster(db, roster_file(tmp_path / "first.csv", 10))
    update = tmp_path / "second.csv"
    update.write_text(f"{HEADER}\nНовиков Лев Ильич,9А,Иванова Анна Ивановна,мать,+79120000000,"
                      "anna@ya.ru\n", encoding="utf-8")
    report = import_roster(db, update)
    assert (report.students.created, report.guardians.updated) == (1, 1)
    assert same_words(db.execute("SELECT rowid, doc FROM guardian_search").fetchall()) == \
        same_words(rebuilt_index(db))
    assert [g.email for g in roster.list_guardians(db, roster.Filter(text="новиков"))] == ["anna@ya.ru"]


def dump(db_path: Path) -> list[str]:
    """The stored database, timestamps masked."""
    conn = sqlite3.connect(db_path)
    try:
        return [_TIME.sub("T", line) for line in conn.iterdump()]
    finally:
        conn.close()


_TIME = re.compile(r"'\d{4}-\d\d-\d\dT[^']*'")


@pytest.mark.parametrize("chunk", [3, importer.CHUNK_ROWS])
def test_a_first_import_stages_its_rows_and_stores_what_writing_them_at_the_end_stores(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """Rows a later chunk changes again (a parent's new e-mail, a link's relation, a child's
    name spelt with other capitals) are staged again: the same database as the write path."""
    monkeypatch.setattr(importer, "CHUNK_ROWS", chunk)
    source = roster_file(tmp_path / "r.csv", 20)
    with source.open("a", encoding="utf-8") as stream:
        stream.write("иванов пётр семёнович,5А,Иванова Анна Ивановна,,+79120000000,anna@ya.ru\n")
        stream.write("Иванов Пётр Семёнович,5А,Иванов Семён Олегович,опекун,+79220000000,\n")
        stream.write("Д'Арк Анна Петровна,5А,Д'Арк Жанна,мама,,jeanne+école@ya.ru\n")  # staged as JSON text
    staged: list[int] = []
    add_rows = staging.SearchStage._add_rows
    monkeypatch.setattr(staging.SearchStage, "_add_rows",
                        lambda self, resolver, gids: (staged.append(len(gids)), add_rows(self, resolver, gids)))
    monkeypatch.setattr(importer, "PARALLEL_ROWS", 0)
    reports = []
    for name, rows in (("staged.db", True), ("written.db", False)):
        # rows are staged while a child parses; parsed here, they are written at the end
        monkeypatch.setattr(importer, "spare_core", lambda rows=rows: rows)
        db = storage.open_db(tmp_path / name)
        reports.append(import_roster(db, source))
        assert db.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0
        assert {name for _, name, _ in db.execute("PRAGMA database_list")} <= {"main", "temp"}  # nothing left attached
        db.close()
        assert bool(staged) == rows
        staged.clear()
    assert reports[0] == reports[1]
    assert dump(tmp_path / "staged.db") == dump(tmp_path / "written.db")
    conn = sqlite3.connect(tmp_path / "staged.db")
    assert conn.execute("SELECT email FROM guardians WHERE phone = '+79120000000'").fetchone() == ("anna@ya.ru",)
    assert conn.execute("SELECT relation FROM student_guardians JOIN guardians ON guardians.id = guardian_id"
                        " WHERE phone = '+79220000000'").fetchone() == ("guardian",)
    conn.close()


def test_a_first_import_inside_the_callers_open_transaction_writes_its_rows_without_staging_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The staged rows are attached to the connection before the write, which a transaction
    the caller left open forbids: parsed beside all the same, the rows are written at the end,
    the same database as a first import in its own transactions."""
    monkeypatch.setattr(importer, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(importer, "spare_core", lambda: True)
    source = roster_file(tmp_path / "r.csv", 30)
    staged: list[int] = []
    add_rows = staging.SearchStage._add_rows
    monkeypatch.setattr(staging.SearchStage, "_add_rows",
                        lambda self, resolver, gids: (staged.append(len(gids)), add_rows(self, resolver, gids)))
    for name, open_transaction in (("open.db", True), ("own.db", False)):
        db = storage.open_db(tmp_path / name)
        group_id(db, "7А")  # (sqlite3 opens a transaction before the insert)
        if not open_transaction:
            db.conn.commit()
        assert db.conn.in_transaction == open_transaction
        report = import_roster(db, source)
        db.conn.commit()
        db.close()
        assert report.guardians.created == 60
        assert bool(staged) != open_transaction
        staged.clear()
    assert dump(tmp_path / "open.db") == dump(tmp_path / "own.db")


def test_a_first_import_whose_parsing_child_is_killed_after_staging_rows_leaves_the_database_as_it_was(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed mid-file, after chunks were matched and their rows staged: nothing written,
    nothing staged left behind, the database as before (a class stored beforehand included)."""
    monkeypatch.setattr(importer, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(importer, "spare_core", lambda: True)
    source = write_roster(tmp_path / "r.csv", 15_000)
    parse = RowParser.parse

    def parse_until_row_12000(self: RowParser, number: int, cells: list[str]):  # in the child
        if number == 12_000:  # the pipe's buffer (1 MiB) has passed chunks on by then
            os.kill(os.getpid(), signal.SIGKILL)
        return parse(self, number, cells)

    monkeypatch.setattr(RowParser, "parse", parse_until_row_12000)
    staged: list[int] = []
    add_rows = staging.SearchStage._add_rows
    monkeypatch.setattr(staging.SearchStage, "_add_rows",
                        lambda self, resolver, gids: (staged.append(len(gids)), add_rows(self, resolver, gids)))
    db = storage.open_db(db_path)
    group_id(db, "7А")
    db.conn.commit()  # (a caller's open transaction would keep the rows from being staged)
    before = dump(db_path)
    with pytest.raises(OutreachError, match="Nothing was imported"):
        import_roster(db, source)
    assert staged, "the rows of the chunks before the kill were staged"
    assert db.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0
    assert {name for _, name, _ in db.execute("PRAGMA database_list")} <= {"main", "temp"}  # nothing left attached
    db.close()
    assert dump(db_path) == before


def test_rows_staged_for_a_first_import_are_dropped_when_another_program_wrote_meanwhile(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed beside, a first import stages its rows; a parent another program adds meanwhile
    (with a phone from the file) sends it to match again and write the usual way: one parent,
    not two, and every row of the file once."""
    monkeypatch.setattr(importer, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(importer, "CHUNK_ROWS", 500)
    monkeypatch.setattr(importer, "spare_core", lambda: True)
    source = roster_file(tmp_path / "big.csv", 1500)
    db = storage.open_db(db_path)
    added: list[int] = []
    staged: list[int] = []
    matched = Resolver.resolve
    add_rows = staging.SearchStage._add_rows

    def resolve_and_interfere(self: Resolver, row) -> None:
        matched(self, row)
        if not added and row.row == 2000:  # after chunks were staged
            other = other_connection(db_path)
            try:
                added.append(roster.add_guardian(other, {
                    "surname": "Волкова", "name": "Анна", "phone": "+79120001400"}))
            finally:
                other.close()

    monkeypatch.setattr(Resolver, "resolve", resolve_and_interfere)
    monkeypatch.setattr(staging.SearchStage, "_add_rows",
                        lambda self, resolver, gids: (staged.append(len(gids)), add_rows(self, resolver, gids)))
    report = import_roster(db, source)
    assert added and report.written and staged
    assert (report.guardians.created, report.guardians.updated) == (2999, 1)
    assert db.execute("SELECT count(*) FROM guardians").fetchone()[0] == 3000
    assert db.execute("SELECT count(*) FROM student_guardians").fetchone()[0] == 3000
    assert db.execute("SELECT count(*) FROM guardians WHERE phone = '+79120001400'").fetchone()[0] == 1
    assert same_words(db.execute("SELECT rowid, doc FROM guardian_search").fetchall()) == \
        same_words(rebuilt_index(db))
    assert db.execute("SELECT count(*) FROM sqlite_temp_master").fetchone()[0] == 0
    db.close()


def test_the_objects_an_import_built_go_to_the_oldest_generation_without_a_walk(
        db, tmp_path: Path, default_collector: None) -> None:
    """The collector is paused while importing; when it is back on, what the import built is
    not walked by a collection of the youngest generation (≈ 0.25 s after 100,000 rows)."""
    source = roster_file(tmp_path / "r.csv", 300)
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        report = import_roster(db, source)
        oldest = gc.get_objects(generation=2)
    finally:
        gc.callbacks.remove(seen)
    assert report.guardians.created == 600  # two parents a family
    assert gc.isenabled()
    assert collections == []
    assert any(thing is report for thing in oldest)
