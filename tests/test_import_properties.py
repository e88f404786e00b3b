"""Property tests: no input crashes the import, and a refused import writes nothing."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from outreach.common.errors import OutreachError
from outreach.common.names import fold_key, fold_lookalikes
from outreach.roster.importing.cells import TELEGRAM_WORDS, contact_items
from outreach.roster.importing.columns import relation_of_word
from outreach.roster.importing.importer import import_roster
from outreach.store.search import search_doc

# HYPOTHESIS_EXAMPLES=500 for a deeper local run; the default keeps the file fast.
SETTINGS = settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "40")), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HEADER = ["№", "ФИО ученика", "Класс", "ФИО родителя", "Кем приходится", "Телефон", "E-mail",
          "Telegram", "ВК", "MAX", "Согласие"]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1251", "utf-16", "koi8-r"]
ROSTER = ("groups", "students", "guardians", "student_guardians")


def snapshot(db) -> dict[str, list[tuple]]:
    names = [n for (n,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {n: sorted(db.execute(f"SELECT * FROM [{n}]").fetchall(), key=repr) for n in names}


def attempt(db, path: Path, **options):
    """Run the import; return (report or None). Any exception but OutreachError fails."""
    before = snapshot(db)
    try:
        report = import_roster(db, path, **options)
    except OutreachError as exc:
        assert exc.message.strip()
        assert snapshot(db) == before
        return None
    assert all(type(p.row) is int and p.row >= 1 for p in report.rejected)
    if options.get("dry_run") or (report.rejected and not options.get("skip_invalid")):
        assert not report.written
        assert snapshot(db) == before
    return report


realistic = st.sampled_from([
    "", " ", "Иванова Светлана Павловна", "Ивaнoвa", "ПЕТРОВ иван", "Семёнов Артём", "10А", "11 Б",
    "8 (912) 345-67-89", "+79123456789", "12345", "+375 29 123-45-67", "anna@mail.ru", "ANNA@MAIL.RU",
    "inna@@mail", "@handle", "https://t.me/anna_p", "vk.com/id1", "мать", "отец", "да", "нет",
    "01.09.2026", "31.02.2026", "отозвано", "=1+2", "-5", "@SUM(A1)", "\t", "'", '"', ";", ",",
    "\n", "\r\n", "ё", "\u00a0", "\x00", "8 912 111-22-33 (рабочий)", "8 912 111-22-33 (мама, Telegram)",
    "(после 17, рабочий)",
])
cell = st.one_of(realistic, st.text(max_size=12))


@SETTINGS
@given(content=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes_never_crash(demo_db, tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(content)
    attempt(demo_db, path)


@SETTINGS
@given(rows=st.lists(st.lists(st.text(alphabet='аяЁёAz0 ;,\t|"\'\r\n@+-=', max_size=8), max_size=6),
                     max_size=6),
       encoding=st.sampled_from(ENCODINGS),
       skip=st.booleans(), dry=st.booleans())
def test_csv_ish_text_never_crashes(demo_db, tmp_path: Path, rows, encoding, skip, dry) -> None:
    text = "\n".join("".join(r) for r in rows)
    path = tmp_path / "csvish.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    attempt(demo_db, path, skip_invalid=skip, dry_run=dry, rejects=tmp_path / "rejects.csv")


@SETTINGS
@given(cells=st.lists(st.lists(cell, min_size=0, max_size=len(HEADER) + 2), min_size=1, max_size=6),
       delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]),
       skip=st.booleans())
@example(cells=[["", "Иванова Светлана Павловна", "Иванова Светлана Павловна", "0", "Ивaнoвa"],
                ["", "", "", "0", "Иванова Светлана Павловна"]],
         delimiter=",", encoding="utf-8", skip=False)
def test_random_cells_under_a_valid_header(demo_db, tmp_path: Path, cells, delimiter, encoding, skip) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(cells)
    path = tmp_path / "cells.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    report = attempt(demo_db, path, skip_invalid=skip, rejects=tmp_path / "rejects.csv")
    if report is not None and report.written:
        # Whatever was accepted, importing the same file again changes nothing.
        before = snapshot(demo_db)
        again = import_roster(demo_db, path, skip_invalid=True, rejects=tmp_path / "rejects.csv")
        assert again.students.created == again.students.updated == 0
        assert again.guardians.created == again.guardians.updated == 0
        after = snapshot(demo_db)
        assert {t: after[t] for t in ROSTER} == {t: before[t] for t in ROSTER}


# A people list with a role, a status, a messenger and a form's time (this session's shapes)
PEOPLE = ["Отметка времени", "ФИО", "Кто", "Класс", "Статус", "Телефон", "WhatsApp", "Согласие"]
people_cell = st.one_of(realistic, st.sampled_from([
    "ученик", "мама", "Родитель", "Учитель", "сын", "выбыл", "Отчислена 12.10.2026", "обучается", "2026-01-07",
    "07.янв", "1-Jul", "7-1", "✓", "+", "01.09.2026 19:02:11", "13/09/2026 08:00:00", "05/09/2026 08:00:00"]))


@SETTINGS
@given(cells=st.lists(st.lists(people_cell, min_size=0, max_size=len(PEOPLE) + 1), min_size=1, max_size=6),
       skip=st.booleans())
@example(cells=[["", "Орлов Олег", "ученик", "7-1"], ["", "Орлова Ольга"]], skip=False)
def test_random_people_lists_never_crash(demo_db, tmp_path: Path, cells, skip) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(PEOPLE)
    writer.writerows(cells)
    path = tmp_path / "people.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    attempt(demo_db, path, skip_invalid=skip, group="7А", rejects=tmp_path / "rejects.csv")


@SETTINGS
@given(cells=st.lists(st.lists(cell, min_size=3, max_size=len(HEADER)), min_size=1, max_size=4))
def test_random_cells_in_an_xlsx(demo_db, tmp_path: Path, cells) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in cells:  # control characters cannot be stored in a sheet at all
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
    path = tmp_path / "cells.xlsx"
    book.save(path)
    attempt(demo_db, path)


BRACKET_WORD = st.one_of(
    st.sampled_from(["мама", "Папа", "бабушка", "рабочий", "после", "не", "звонить", "утром", "Нина", "WhatsApp",
                     "тг", "Telegram", "вайбер", "моб.", "ё-моё"]),
    st.text(st.sampled_from("абвгдеёжзиклмнопрстуфхцчшщыэюяАБВЁabcxyzXYZ"), min_size=1, max_size=8))


@given(contact=st.sampled_from([("phone", "phone", "8 912 111-22-33"), ("phone", "phone", "+7 (912) 111-22-33"),
                                ("phone", "contacts", "89121112233"), ("email", "email", "olga@mail.ru"),
                                ("email", "contacts", "olga.p@yandex.ru"), ("telegram", "contacts", "@olga_p")]),
       parts=st.lists(st.lists(BRACKET_WORD, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=3),
       separator=st.sampled_from([", ", "; ", ",", "\n"]), square=st.booleans())
@SETTINGS
def test_words_in_brackets_after_a_contact_are_its_label_or_its_note(contact: tuple[str, str, str], parts: list[str],
                                                                     separator: str, square: bool) -> None:
    kind, column, value = contact
    inside = separator.join(parts)
    items = contact_items(f"{value} [{inside}]" if square else f"{value} ({inside})", column)
    assert [(item.kind, item.raw) for item in items] == [(kind, value)]
    item = items[0]
    for word in " ".join(parts).split():
        said = word in item.note or (word.lower() in TELEGRAM_WORDS and item.by_telegram)
        assert said or (relation_of_word(word.lower().replace("ё", "е")) and item.label), (word, item)


def _fold_word_by_word(text: str) -> str:
    """fold_key's definition: each word's look-alikes folded, lower-cased, ё→е."""
    return " ".join(fold_lookalikes(word).lower().replace("ё", "е") for word in text.split())


NAMEISH = st.text(st.sampled_from("аАвВеЁёЗиоОрРсСтуУхХaAbBcCeEHkKMoOpPTxXyY3@._- \t\u00a0ΣσςİZz"), max_size=24)


@given(text=NAMEISH)
@example(text="Ива3ова Мария")  # a digit 3 inside a Cyrillic word is a look-alike of З
@example(text="иванова ivanova@mail.ru")
@SETTINGS
def test_fold_key_whole_text_equals_word_by_word(text: str) -> None:
    assert fold_key(text) == _fold_word_by_word(text)


@given(parts=st.lists(st.one_of(st.none(), NAMEISH, st.from_regex(r"\+7\d{10}", fullmatch=True)), max_size=6))
@SETTINGS
def test_search_doc_folds_parts_as_one_text(parts: list[str | None]) -> None:
    words = [w for part in parts if part for w in part.split()]
    phones = [w for w in words if w.startswith("+") and w[1:].isdigit()]
    text = _fold_word_by_word(" ".join(w for w in words if w not in phones))
    expected = " ".join([*([text] if text else []), *[d for p in phones for d in (p[1:], *(["8" + p[2:]] if p.startswith("+7") else []))]])
    assert search_doc(*parts) == expected
