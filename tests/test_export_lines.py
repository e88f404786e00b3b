"""The roster export builds its lines in SQLite: byte for byte what the row-by-row csv
writer (the previous algorithm, kept here as the oracle) gives, on rosters full of traps."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach.common.i18n import t
from outreach.common.safe_csv import write_rows
from outreach.roster.export import HEADER_NAMES, ROSTER_HEADERS, export_roster, redact
from outreach.roster.guardians import Filter
from outreach.roster.relations import relation_label
from outreach.store import db as storage

ORACLE_SQL = """
SELECT s.surname, s.name, s.patronymic, gr.name, g.surname, g.name, g.patronymic, sg.relation,
    g.phone, g.email, g.telegram, g.vk, g.max, g.consent_given_at, g.consent_withdrawn_at
FROM guardians g
LEFT JOIN student_guardians sg ON sg.guardian_id = g.id
LEFT JOIN students s ON s.id = sg.student_id
LEFT JOIN groups gr ON gr.id = s.group_id
{where} ORDER BY g.id, sg.rowid
"""
ORACLE_LONE_SQL = """
SELECT s.surname, s.name, s.patronymic, gr.name, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM students s
LEFT JOIN groups gr ON gr.id = s.group_id
WHERE NOT EXISTS (SELECT 1 FROM student_guardians sg WHERE sg.student_id = s.id){group}
ORDER BY s.id
"""


def oracle(db, flt: Filter, excel: bool, redacted: bool) -> bytes:
    """The export as the previous code wrote it: each row through csv.writer."""
    where, params = flt.where()
    queries = [(ORACLE_SQL.format(where=where), params)]
    if not flt.text:
        queries.append((ORACLE_LONE_SQL.format(group=" AND gr.name = ?" if flt.group else ""),
                        [flt.group] if flt.group else []))
    rows = []
    for sql, args in queries:
        for row in db.execute(sql, args):
            values = list(row[:13])
            if values[7]:
                values[7] = relation_label(values[7])
            given, gone = row[13], row[14]
            values.append(f"{t('withdrawn')} {gone}" if gone else (given or ""))
            if redacted:
                values = [redact(ROSTER_HEADERS[i], v) for i, v in enumerate(values)]
            rows.append(values)
    stream = io.StringIO(newline="")
    write_rows(stream, [t(HEADER_NAMES[h]) for h in ROSTER_HEADERS], rows, excel)
    return stream.getvalue().encode("utf-8")


TRAPS = ["", "=1+1", "+7 912", "-Минус", "@cmd", "\tтаб", "\rвозврат", "'=уже", "''+два", "'",
         "a,b", "a;b", 'кавычка "в" середине', '"', "строка\nперенос", "конец\r\n", " пробел ",
         "Ёжикова", "ʼапостроф", "=HYPERLINK(\"http://x\";\"y\")", "–тире", "😀", "mother", "O'Brien", "nul\x00,после"]


def fill(db, people: list[tuple[str, ...]], lone: list[tuple[str, str]]) -> None:
    """Rows written as they are (no validation): the export must cope with anything stored."""
    now = "2026-11-30T10:00:00"
    db.execute("INSERT INTO groups(id, name) VALUES (1, '10А'), (2, 'a,b'), (3, '=7Б')")
    for i, (surname, name, relation, phone, email, consent_at, gone) in enumerate(people, start=1):
        db.execute("INSERT INTO students(id, surname, name, patronymic, group_id, name_key,"
                   " created_at, updated_at) VALUES (?, ?, ?, '', ?, '', ?, ?)",
                   [i, name or "Ученик", surname, i % 3 + 1, now, now])
        db.execute("INSERT INTO guardians(id, surname, name, patronymic, phone, email, telegram,"
                   " consent_given_at, consent_withdrawn_at, name_key, created_at, updated_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)",
                   [i, surname, name, relation, phone or None, email or None, name or None,
                    consent_at or None, gone or None, now, now])
        if i % 4:  # every fourth guardian has no child
            db.execute("INSERT INTO student_guardians(student_id, guardian_id, relation)"
                       " VALUES (?, ?, ?)", [i, i, relation])
    for j, (surname, name) in enumerate(lone, start=len(people) + 1):
        db.execute("INSERT INTO students(id, surname, name, patronymic, group_id, name_key,"
                   " created_at, updated_at) VALUES (?, ?, ?, '', 2, '', ?, ?)",
                   [j, surname, name, now, now])
    db.conn.commit()


def export_bytes(db, tmp_path: Path, flt: Filter, excel: bool, redacted: bool) -> bytes:
    target = tmp_path / "out.csv"
    export_roster(db, target, flt, excel=excel, redacted=redacted)
    return target.read_bytes()


@pytest.mark.parametrize("excel", [False, True])
@pytest.mark.parametrize("redacted", [False, True])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_export_of_a_tricky_roster_is_byte_for_byte_the_old_one(
        db, tmp_path: Path, excel: bool, redacted: bool, lang: str) -> None:
    from outreach.common.i18n import set_language

    set_language(lang)
    people = [(TRAPS[i % len(TRAPS)], TRAPS[(i * 7 + 3) % len(TRAPS)],
               ["mother", "father", "aunt", "", "тётя Мотя", TRAPS[i % len(TRAPS)]][i % 6],
               TRAPS[(i * 5) % len(TRAPS)], TRAPS[(i * 11) % len(TRAPS)],
               ["", "2026-09-01", "=2026"][i % 3], ["", "", "2026-10-05", "-1"][i % 4])
              for i in range(60)]
    fill(db, people, [(TRAPS[i], TRAPS[-i - 1]) for i in range(8)])
    for flt in (Filter(), Filter(group="a,b"), Filter(group="=7Б"), Filter(text="ёжик")):
        ours = export_bytes(db, tmp_path, flt, excel, redacted)
        assert ours == oracle(db, flt, excel, redacted), flt
    assert b'"' in ours or flt.text  # the traps did reach the quoting fallback


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(*[st.text(max_size=6)] * 7), min_size=1, max_size=6),
       st.lists(st.tuples(st.text(max_size=5), st.text(max_size=5)), max_size=3),
       st.booleans())
def test_export_of_any_stored_text_is_byte_for_byte_the_old_one(
        tmp_path_factory, people, lone, excel: bool) -> None:
    path = tmp_path_factory.mktemp("prop") / "p.db"
    db = storage.open_db(path)
    try:
        fill(db, people, lone)
        assert export_bytes(db, path.parent, Filter(), excel, False) == \
            oracle(db, Filter(), excel, False)
    finally:
        db.close()


@pytest.mark.parametrize("excel", [False, True])
def test_batches_of_plain_lines_around_lines_that_need_quoting(db, tmp_path: Path, excel: bool) -> None:
    """Lines are checked and written a batch at a time: a batch with one line to quote, plain
    batches before and after it, and a last short batch, all byte for byte the old ones."""
    from outreach.roster import export

    plain = [("Иванова", "Анна", "mother", "+79120000000", "a@b.ru", "2026-09-01", "")]
    tricky = {export._BATCH + 7: ("Петрова", 'кавычка "в" имени', "mother", "", "", "", ""),
              2 * export._BATCH + 1: ("Сидорова", "a,b;c", "aunt", "", "", "", "-1")}
    people = [tricky.get(i, plain[0]) for i in range(3 * export._BATCH + 5)]
    fill(db, people, [("Одинокий", "Ученик")])
    ours = export_bytes(db, tmp_path, Filter(), excel, False)
    assert ours == oracle(db, Filter(), excel, False)
    # a line per guardian, per unlinked student (every fourth, and one more) and the header
    assert ours.count(b"\r\n") == len(people) + len(people) // 4 + 2


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_export_to_stdout_in_its_encoding(db, tmp_path: Path, monkeypatch, encoding: str) -> None:
    """The lines go to a UTF-8 stream's bytes as SQLite built them; a stream in another
    encoding (a Windows-1251 terminal) gets the same text in its own."""
    import sys

    fill(db, [("Ёжикова", "Анна", "mother", "+79120000000", "a@b.ru", "2026-09-01", ""),
              ("Петрова", "a,b", "aunt", "", "", "", "-1")], [("Одинокий", "Ученик")])
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding=encoding, newline="")
    monkeypatch.setattr(sys, "stdout", stdout)
    assert export_roster(db, "-", Filter()) == 3
    expected = oracle(db, Filter(), False, False).decode("utf-8")
    assert raw.getvalue().decode(encoding) == expected
    assert "Ёжикова" in expected
