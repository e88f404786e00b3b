"""Export: roster CSV (Excel, redacted, by group), every table, formulas neutralised, round trip."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.common.safe_csv import FORMULA_STARTS, neutralize, restore
from outreach.roster import guardians as roster
from outreach.roster.export import data_tables
from outreach.roster.importing.importer import import_roster
from outreach.store import db as storage

DATA = Path(__file__).parent / "data"


def read_csv(path: Path, excel: bool = False) -> list[list[str]]:
    raw = path.read_bytes()
    if excel:
        assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig" if excel else "utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))


def assert_no_formulas(table: list[list[str]]) -> None:
    for row in table:
        for value in row:
            assert not value.startswith(FORMULA_STARTS), (value, row)


def family_view(db) -> list[tuple]:
    """Everything a roster export must carry, independent of ids."""
    view = []
    for g in roster.list_guardians(db):
        children = frozenset((s.surname, s.name, s.patronymic, s.group, s.relation)
                             for s in g.students)
        view.append((g.surname, g.name, g.patronymic, g.phone, g.email, g.telegram,
                     g.vk, g.max, g.consent, g.consent_date if g.consent else None,
                     children))
    return sorted(view, key=repr)


@pytest.fixture
def tricky(demo_db):
    """The demo plus people whose data looks like spreadsheet formulas."""
    sid = roster.add_student(demo_db, "=Сумма", "-Минус", "", "10А")
    roster.add_guardian(demo_db, {"surname": "=HYPERLINK(\"http://evil\")", "name": "+Плюс",
                                  "email": "=cmd@mail.ru"}, [(sid, "мать")])
    roster.add_guardian(demo_db, {"surname": "-Минусова", "name": "@Собака", "phone": "89120009988"},
                        [(sid, "отец")])
    roster.add_guardian(demo_db, {"surname": "Бездетная", "name": "Вера", "vk": "vk.com/vera"})
    return demo_db


def test_roster_export_file_and_stdout(demo_db, cli, tmp_path: Path) -> None:
    target = tmp_path / "out" / "roster.csv"
    result = cli("roster", "export", str(target))
    assert result.exit_code == 0, result.output
    table = read_csv(target)
    assert table[0][:5] == ["Student surname", "Student first name", "Student patronymic", "Class",
                            "Parent surname"]
    pairs = demo_db.execute("SELECT count(*) FROM student_guardians").fetchone()[0]
    assert len(table) - 1 == pairs
    assert str(pairs) in result.stderr
    assert_no_formulas(table)
    stdout = cli("roster", "export", "-")
    assert stdout.exit_code == 0
    assert list(csv.reader(io.StringIO(stdout.stdout, newline=""))) == table


def test_roster_export_by_group(demo_db, cli, tmp_path: Path) -> None:
    target = tmp_path / "10a.csv"
    assert cli("roster", "export", str(target), "--group", "10А").exit_code == 0
    table = read_csv(target)
    assert len(table) > 2
    groups = {row[3] for row in table[1:]}
    assert "10А" in groups
    guardians_10a = {g.id for g in roster.list_guardians(demo_db, roster.Filter(group="10А"))}
    assert len({(r[4], r[5], r[6]) for r in table[1:]}) == len(guardians_10a)


def test_excel_flavour_has_bom_and_semicolons(demo_db, cli, tmp_path: Path) -> None:
    target = tmp_path / "excel.csv"
    assert cli("roster", "export", str(target), "--excel").exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    first_line = raw.decode("utf-8-sig").splitlines()[0]
    assert first_line.count(";") == 13 and "," not in first_line
    table = read_csv(target, excel=True)
    assert len(table) - 1 == demo_db.execute("SELECT count(*) FROM student_guardians").fetchone()[0]


def test_redacted_export_shows_no_full_contact(demo_db, cli, tmp_path: Path) -> None:
    target = tmp_path / "redacted.csv"
    assert cli("roster", "export", str(target), "--redact").exit_code == 0
    text = target.read_text(encoding="utf-8")
    contacts = [v for (v,) in demo_db.execute(
        "SELECT phone FROM guardians UNION SELECT email FROM guardians UNION SELECT telegram FROM guardians"
        " UNION SELECT vk FROM guardians UNION SELECT max FROM guardians") if v]
    assert len(contacts) > 40
    for value in contacts:
        assert value not in text, value
        assert value.lstrip("+") not in text
    masked = [row[8] for row in read_csv(target)[1:] if row[8]]
    assert masked and all("*" in value for value in masked)
    names = {row[4] for row in read_csv(target)[1:]}
    assert names & {g.surname for g in roster.list_guardians(demo_db)}


def test_formula_neutralisation_in_roster_export(tricky, cli, tmp_path: Path) -> None:
    target = tmp_path / "tricky.csv"
    assert cli("roster", "export", str(target)).exit_code == 0
    table = read_csv(target)
    assert_no_formulas(table)
    cells = {value for row in table for value in row}
    assert "'=Сумма" in cells and "'-Минус" in cells and "'-Минусова" in cells
    assert "'=cmd@mail.ru" in cells and "'+79120009988" in cells and "'@Собака" in cells


@settings(max_examples=300, database=None)
@given(st.one_of(st.text(), st.sampled_from(["=1+2", "+7", "-5", "@SUM(A1)", "\tx", "\rx", "=", "'=x",
                                             "''-1", "'", "'x", "'" * 3000 + "=1"])))
def test_neutralize_and_restore_are_inverse(value: str) -> None:
    assert not neutralize(value).startswith(FORMULA_STARTS)
    assert restore(neutralize(value)) == value


def test_export_every_table(tricky, cli, tmp_path: Path) -> None:
    tricky.execute("INSERT INTO settings(key, value) VALUES ('links.blog', ?)", ["\tstarts with a tab"])
    tricky.execute("INSERT INTO settings(key, value) VALUES ('links.forum', ?)", ["\rcarriage"])
    tricky.conn.commit()
    folder = tmp_path / "dump"
    result = cli("export", str(folder))
    assert result.exit_code == 0, result.output
    written = {p.stem for p in folder.glob("*.csv")}
    assert written == set(data_tables(tricky))
    assert {"groups", "students", "guardians", "student_guardians", "audit_log", "settings"} <= written
    assert not any(name.startswith("guardian_search") for name in written)
    for path in folder.glob("*.csv"):
        table = read_csv(path)
        assert_no_formulas(table)
        if path.stem in ("guardians", "students", "groups"):
            expected = tricky.execute(f"SELECT count(*) FROM [{path.stem}]").fetchone()[0]
            assert len(table) - 1 == expected
    guardians = read_csv(folder / "guardians.csv")
    assert guardians[0][:3] == ["id", "surname", "name"]
    settings = {row[0]: row[1] for row in read_csv(folder / "settings.csv")[1:]}
    assert settings["links.blog"] == "'\tstarts with a tab"
    assert settings["links.forum"] == "'\rcarriage"


def test_export_every_table_excel_and_redacted(demo_db, cli, tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    assert cli("export", str(folder), "--excel", "--redact").exit_code == 0
    guardians = read_csv(folder / "guardians.csv", excel=True)
    header = guardians[0]
    phones = [row[header.index("phone")] for row in guardians[1:] if row[header.index("phone")]]
    assert phones and all("*" in p for p in phones)
    text = (folder / "guardians.csv").read_text(encoding="utf-8-sig")
    for (email,) in demo_db.execute("SELECT email FROM guardians WHERE email IS NOT NULL"):
        assert email not in text


def test_a_redacted_export_masks_contacts_written_in_notes_letters_and_answers(demo_db, cli, tmp_path: Path) -> None:
    """--redact masks phones and e-mails wherever they are: a note an import wrote («Телефон
    +7 903 …: WhatsApp»), a parent's letter and its sender (the demo's inbox), a survey's free
    answer, a mail server's refusal naming the mailbox, a Telegram chat in a message's id; dates
    and counts stay as they are."""
    guardian = roster.list_guardians(demo_db)[0].id
    demo_db.execute("UPDATE guardians SET notes = 'Телефон +7 903 111-99-99: WhatsApp' WHERE id = ?", [guardian])
    demo_db.execute("UPDATE survey_answers SET text = 'звоните 8 (903) 111-22-88, пишите papa.ivanov@yandex.ru'"
                    " WHERE id = (SELECT min(id) FROM survey_answers)")
    demo_db.execute("UPDATE deliveries SET error = '550 5.1.1 <mama.petrova@mail.ru>: Mailbox unavailable'"
                    " WHERE id = (SELECT min(id) FROM deliveries)")
    demo_db.conn.commit()
    senders = [s for (s,) in demo_db.execute("SELECT sender FROM inbox_messages")]
    assert senders and any("@" in s for s in senders)
    folder = tmp_path / "dump"
    assert cli("export", str(folder), "--redact").exit_code == 0
    text = "\n".join(path.read_text(encoding="utf-8") for path in folder.glob("*.csv"))
    for contact in ("+7 903 111-99-99", "8 (903) 111-22-88", "papa.ivanov@yandex.ru", "mama.petrova@mail.ru", *senders):
        assert contact not in text, contact
    assert "Телефон +7************99: WhatsApp" in text and "<m***@mail.ru>: Mailbox unavailable" in text
    stamp = demo_db.execute("SELECT received_at FROM inbox_messages").fetchone()[0]
    assert stamp in text  # not a phone


def test_exports_are_audited(demo_db, cli, tmp_path: Path) -> None:
    cli("roster", "export", str(tmp_path / "a.csv"), "--redact")
    cli("export", str(tmp_path / "all"))
    actions = demo_db.execute("SELECT action, entity FROM audit_log WHERE action = 'export'").fetchall()
    assert ("export", "roster") in actions and ("export", "all") in actions


@pytest.mark.parametrize("lang, excel", [("en", False), ("ru", False), ("ru", True)])
def test_export_then_import_restores_the_roster(tricky, cli, tmp_path: Path, lang, excel) -> None:
    original = family_view(tricky)
    target = tmp_path / "roster.csv"
    args = ["--lang", lang, "roster", "export", str(target)] + (["--excel"] if excel else [])
    assert cli(*args).exit_code == 0
    fresh = storage.open_db(tmp_path / "fresh.db")
    try:
        report = import_roster(fresh, target)
        assert report.rejected == [], report.rejected
        assert report.unknown_columns == []
        assert family_view(fresh) == original
        again = import_roster(fresh, target)
        assert again.guardians.created == again.guardians.updated == 0
    finally:
        fresh.close()


def test_withdrawn_consent_survives_a_round_trip(db, tmp_path: Path) -> None:
    sid = roster.add_student(db, "Орлов", "Глеб", "", "9А")
    gid = roster.add_guardian(db, {"surname": "Орлова", "name": "Ксения", "phone": "89031234567"},
                              [(sid, "мать")])
    roster.set_consent(db, [gid], True, date(2026, 9, 1), "рассылки")
    roster.set_consent(db, [gid], False, date(2026, 10, 5))
    target = tmp_path / "roster.csv"
    from outreach.roster.export import export_roster

    export_roster(db, target)
    fresh = storage.open_db(tmp_path / "fresh.db")
    try:
        import_roster(fresh, target)
        (ksenia,) = roster.list_guardians(fresh)
        assert ksenia.consent is False
        assert ksenia.consent_withdrawn_at == "2026-10-05"
    finally:
        fresh.close()


def test_students_without_guardians_are_exported_and_come_back(db, tmp_path: Path) -> None:
    from outreach.roster.export import export_roster

    linked = roster.add_student(db, "Орлов", "Глеб", "", "9А")
    roster.add_guardian(db, {"surname": "Орлова", "name": "Ксения", "phone": "89031234567"},
                        [(linked, "мать")])
    roster.add_student(db, "Сизов", "Пётр", "Ильич", "9А")
    roster.add_student(db, "Лунина", "Ася", "", "5Б")
    everything, nine_a, searched = (tmp_path / n for n in ("all.csv", "9a.csv", "found.csv"))
    assert export_roster(db, everything) == 3
    assert export_roster(db, nine_a, roster.Filter(group="9А")) == 2
    assert export_roster(db, searched, roster.Filter(text="Орлова")) == 1
    rows = list(csv.reader(everything.open(encoding="utf-8")))[1:]
    assert [r[:4] for r in rows[1:]] == [["Сизов", "Пётр", "Ильич", "9А"], ["Лунина", "Ася", "", "5Б"]]
    assert all(cell == "" for r in rows[1:] for cell in r[4:])
    assert "Лунина" not in nine_a.read_text(encoding="utf-8")
    fresh = storage.open_db(tmp_path / "fresh.db")
    try:
        import_roster(fresh, everything)
        names = sorted(s for (s,) in fresh.execute("SELECT surname FROM students"))
        assert names == ["Лунина", "Орлов", "Сизов"]
        assert fresh.execute("SELECT count(*) FROM guardians").fetchone()[0] == 1
    finally:
        fresh.close()
