"""The roster: search, add, edit, remove, consent and forget (domain and CLI)."""

from __future__ import annotations

import gc
import json
import sqlite3
from contextlib import closing
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from outreach.common import clock
from outreach.common.collation import russian_order_key
from outreach.common.errors import NotFound, OutreachError
from outreach.common.names import fold_key
from outreach.erasure.forget import forget_family
from outreach.roster import guardians as roster
from outreach.roster import students
from outreach.roster.importing.importer import import_roster
from outreach.store import db as storage

DATA = Path(__file__).parent / "data"


@pytest.fixture
def school(db):
    import_roster(db, DATA / "school_cp1251.csv")
    return db


def names(rows) -> set[str]:
    return {f"{g['surname']} {g['name']}" for g in rows}


def found(db, text: str, group: str | None = None) -> set[str]:
    flt = roster.Filter(group=group, text=text)
    rows = roster.list_guardians(db, flt)
    assert roster.count_guardians(db, flt) == len(rows)
    return names([asdict(row) for row in rows])


def table_counts(db) -> dict[str, int]:
    tables = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'guardian_search%'")]
    return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}


# --- search ------------------------------------------------------------------------------

def test_search_any_part_of_a_name_case_insensitive(school) -> None:
    ivanovs = {"Иванова Светлана", "Иванов Сергей"}
    assert ivanovs <= found(school, "иван")
    assert found(school, "иван") == found(school, "ИВАН") == found(school, "Иван")
    assert found(school, "иванова светлана") == {"Иванова Светлана"}
    assert found(school, "иванова") == ivanovs  # the father, through his daughter Иванова Дарья
    assert found(school, "ветла") == {"Иванова Светлана"}
    assert found(school, "павловна") == {"Иванова Светлана"}
    assert found(school, "ПЕТРОВИЧ") == {"Иванов Сергей"}
    assert found(school, "Ивaнoвa Cвeтлaнa") == {"Иванова Светлана"}  # Latin look-alikes in the query
    assert found(school, "Николаевич") == set()


def test_search_yo_and_ye_both_ways(school) -> None:
    roster.add_guardian(school, {"surname": "Фёдорова", "name": "Алла"})
    roster.add_guardian(school, {"surname": "Федотова", "name": "Алена"})
    assert found(school, "семенова") == {"Семёнова Алёна"}
    assert found(school, "Семёнова") == {"Семёнова Алёна"}
    assert found(school, "алена") == {"Семёнова Алёна", "Федотова Алена"}
    assert found(school, "алёна") == {"Семёнова Алёна", "Федотова Алена"}
    assert found(school, "федорова") == {"Фёдорова Алла"}
    assert found(school, "ФЁДОР") == {"Фёдорова Алла"}
    assert found(school, "артем") == {"Семёнова Алёна"}  # by the child's name


def test_search_by_phone_digits_in_any_format(school) -> None:
    svetlana = {"Иванова Светлана"}
    assert found(school, "912 345") == {"Иванова Светлана", "Иванов Сергей"}
    assert found(school, "8 (912) 345-67-89") == svetlana
    assert found(school, "+79123456789") == svetlana
    assert found(school, "+7 912 345-67-89") == svetlana
    assert found(school, "89123456789") == svetlana
    assert found(school, "345-67-89") == svetlana
    assert found(school, "9121112233") == {"Петрова Анна", "Петров Николай"}
    assert found(school, "000 000") == set()


def test_search_by_email_parts(school) -> None:
    assert found(school, "svetlana.ivanova@mail.ru") == {"Иванова Светлана"}
    assert found(school, "mail.ru") == {"Иванова Светлана"}
    assert found(school, "YANDEX") == {"Семёнова Алёна"}
    assert found(school, "anna.p@") == {"Петрова Анна"}


def test_one_and_two_character_queries(school) -> None:
    assert {"Иванова Светлана", "Иванов Сергей"} <= found(school, "Ив")
    assert found(school, "ал") >= {"Семёнова Алёна"}
    assert found(school, "ё") == found(school, "е") and "Семёнова Алёна" in found(school, "ё")
    assert found(school, "%") == set() and found(school, "_") == set()
    assert len(found(school, "а")) == 5


def test_odd_queries_do_not_break(school) -> None:
    for text in ['"', "'", "*", "AND", "NOT", "OR иван", "(", "иван*", "\\", "  ", "\x00", "--", ";"]:
        roster.list_guardians(school, roster.Filter(text=text))
    assert len(roster.list_guardians(school, roster.Filter(text="   "))) == 5


def test_group_filter_with_and_without_search(school) -> None:
    assert found(school, "", group="10Б") == {"Семёнова Алёна", "Петрова Анна", "Петров Николай"}
    assert found(school, "", group="10А") == {"Семёнова Алёна", "Иванова Светлана", "Иванов Сергей"}
    assert found(school, "петр", group="10Б") == {"Петрова Анна", "Петров Николай"}
    assert found(school, "иван", group="10Б") == {"Петрова Анна", "Петров Николай"}  # their son Иван
    assert found(school, "", group="9Я") == set()


def test_list_is_sorted_and_pages(school) -> None:
    everyone = roster.list_guardians(school)
    assert [g.surname for g in everyone] == sorted(g.surname for g in everyone)
    page = roster.list_guardians(school, limit=2, offset=2)
    assert [g.id for g in page] == [g.id for g in everyone[2:4]]


def test_cli_list_search_and_group(school, cli) -> None:
    rows = cli.json("roster", "list", "--search", "иван")
    assert {"Иванова Светлана", "Иванов Сергей"} <= names(rows)
    assert names(cli.json("roster", "list", "--search", "8 (912) 345-67-89")) == {"Иванова Светлана"}
    assert names(cli.json("roster", "list", "--group", "10Б", "--search", "петрова")) == {"Петрова Анна"}
    text = cli("roster", "list", "--search", "семенова")
    assert text.exit_code == 0
    assert "Семёнова" in text.stdout and "333-44-55" in text.stdout and "Guardians: 1." in text.stdout


# --- add / edit / remove -----------------------------------------------------------------

def test_add_guardian_and_student_through_the_cli(db, cli) -> None:
    sid = cli.json("roster", "add-student", "--surname", "петров", "--name", "иван", "--group", "10Б")["id"]
    gid = cli.json("roster", "add-guardian", "--surname", "Петрова", "--name", "Анна",
                   "--patronymic", "Викторовна", "--phone", "8 (912) 111-22-33",
                   "--email", "Anna.P@BK.ru", "--telegram", "https://t.me/anna_p",
                   "--student", str(sid), "--relation", "мать")["id"]
    assert type(sid) is int and type(gid) is int
    anna = roster.get_guardian(db, gid)
    assert (anna.phone, anna.email, anna.telegram) == ("+79121112233", "anna.p@bk.ru", "anna_p")
    assert [asdict(child) for child in anna.students] == [
        {"id": sid, "surname": "Петров", "name": "Иван", "patronymic": "", "group": "10Б",
         "relation": "mother"}]
    text = cli("roster", "add-guardian", "--surname", "Петров", "--name", "Николай")
    assert text.exit_code == 0 and "id" in text.stdout


def test_a_parent_already_in_the_roster_is_not_added_twice(db, cli, russian) -> None:
    """The same mother added again (to give her e-mail, or with her whole name typed as the
    surname) would get every message twice: the roster names her instead. A father sharing
    her phone, or a namesake with another child, is someone else."""
    gid = cli.json("roster", "add-guardian", "--surname", "Смирнова", "--name", "Ольга", "--phone",
                   "8 912 345-67-89", "--child", "Смирнов Иван", "--group", "10А")["id"]
    again = [("--surname", "Смирнова", "--name", "Ольга", "--email", "olga@mail.ru", "--child", "Смирнов Иван", "--group", "10 А"),
             ("--surname", "смирнова", "--name", "ольга", "--phone", "+79123456789"),
             ("--surname", "Смирнова Ольга", "--phone", "89120000001", "--child", "Смирнов Иван", "--group", "10А")]
    for args, field in zip(again, ("--surname", "--phone", "--surname"), strict=True):
        result = cli("roster", "add-guardian", *args)
        assert result.exit_code == 1, result.stdout
        assert result.stderr.strip() == (
            f"{field}: Смирнова Ольга уже есть в списке (№ {gid}, "
            f"{'тот же телефон' if field == '--phone' else 'то же ФИО и тот же ребёнок'}): измените его карточку,"
            f" а не добавляйте вторую (outreach roster edit --guardian {gid}).")
    assert roster.count_guardians(db) == 1
    father = roster.add_guardian(db, {"surname": "Смирнов", "name": "Олег", "phone": "89123456789"})
    namesake = roster.add_guardian(db, {"surname": "Смирнова", "name": "Ольга"},
                                   child=roster.ChildIn("Смирнова", "Вера", "", "5Б", ""))
    same_mail = cli("roster", "add-guardian", "--surname", "Смирнова", "--email", "olga@mail.ru")
    assert same_mail.exit_code == 0  # nobody has that e-mail yet: the refused rows wrote nothing
    with pytest.raises(roster.SameGuardian) as refused:
        roster.add_guardian(db, {"surname": "Смирнова", "email": "OLGA@mail.ru"})
    assert refused.value.field == "email" and refused.value.existing == int(same_mail.stdout.split()[-1].rstrip("."))
    assert len({gid, father, namesake}) == 3 and roster.count_guardians(db) == 4


def test_a_student_already_in_the_class_is_not_added_twice(db, cli) -> None:
    """The students' form (or add-student) for a child the class list brought: the same name,
    or said less fully («Соколова Аня»), is refused naming the child; another class, or
    another patronymic, is another child."""
    anya = roster.add_student(db, "Соколова", "Анна", "Петровна", "10А")
    for name, patronymic in (("Анна", "Петровна"), ("Аня", ""), ("анна", "")):
        with pytest.raises(OutreachError, match=f"Соколова Анна Петровна is already in 10А \\(no. {anya}\\)"):
            roster.add_student(db, "Соколова", name, patronymic, "10 а")
    refused = cli("--lang", "ru", "roster", "add-student", "--surname", "Соколова", "--name", "Аня", "--group", "10А")
    assert refused.exit_code == 1 and f"Соколова Анна Петровна уже есть в 10А (№ {anya})" in refused.stderr
    assert roster.add_student(db, "Соколова", "Анна", "Петровна", "10Б") != anya
    assert roster.add_student(db, "Соколова", "Анна", "Игоревна", "10А") != anya
    assert db.execute("SELECT count(*) FROM students").fetchone()[0] == 3


def test_the_mother_typed_without_her_patronymic_or_by_her_home_name_is_not_added_again(db, cli) -> None:
    """The form on the roster (or add-guardian) for a parent the child already has, named less
    fully: «Белова Ольга» or «Белова Оля» of «Белова Ольга Ивановна», or with her phone under
    «Оля»: refused naming her. The child's grandmother of the same surname is added."""
    sid = roster.add_student(db, "Белов", "Артём", "", "10А")
    mother = roster.add_guardian(db, {"surname": "Белова", "name": "Ольга", "patronymic": "Ивановна",
                                      "phone": "89031234569"}, [(sid, "мать")])
    for values, field in (({"surname": "Белова", "name": "Ольга"}, "surname"),
                          ({"surname": "Белова", "name": "Оля", "email": "olga@mail.ru"}, "surname"),
                          ({"surname": "Белова", "name": "Оля", "phone": "+7 903 123-45-69"}, "phone")):
        with pytest.raises(roster.SameGuardian) as refused:
            roster.add_guardian(db, values, child=roster.ChildIn("Белов", "Тёма", "", "10А", ""))
        assert (refused.value.field, refused.value.existing) == (field, mother)
    result = cli("roster", "add-guardian", "--surname", "Белова", "--name", "Оля", "--child", "Белов Артём", "--group", "10А")
    assert result.exit_code == 1 and f"--guardian {mother}" in result.stderr
    grandmother = roster.add_guardian(db, {"surname": "Белова", "name": "Вера"}, child=roster.ChildIn("Белов", "Артём", "", "10А", "бабушка"))
    father = roster.add_guardian(db, {"surname": "Белов", "name": "О.", "phone": "89031234569"},  # the family's phone
                                 child=roster.ChildIn("Белов", "Артём", "", "10А", "папа"))
    assert roster.count_guardians(db) == 3 and len({grandmother, mother, father}) == 3


def test_an_edit_that_makes_a_parent_someone_else_in_the_roster_is_refused(db, cli) -> None:
    """Giving the father the mother's phone and first name, or naming a second parent of the
    child as the first: the edit is refused naming the other (nothing changes); their own
    phone typed again, or another first name with the shared phone, goes through."""
    sid = roster.add_student(db, "Смирнов", "Иван", "", "10А")
    mother = roster.add_guardian(db, {"surname": "Смирнова", "name": "Ольга", "phone": "89123456789"}, [(sid, "мать")])
    father = roster.add_guardian(db, {"surname": "Смирнов", "name": "Олег"}, [(sid, "отец")])
    before = roster.get_guardian(db, father)
    for values, field in (({"surname": "Смирнова", "name": "Ольга", "phone": "+7 912 345-67-89"}, "phone"),
                          ({"surname": "Смирнова", "name": "Ольга"}, "surname")):
        with pytest.raises(roster.SameGuardian) as refused:
            roster.edit_guardian(db, father, values)
        assert (refused.value.field, refused.value.existing) == (field, mother)
        assert roster.get_guardian(db, father) == before
    result = cli("roster", "edit", "--guardian", str(father), "--name", "Ольга", "--surname", "Смирнова")
    assert result.exit_code == 1 and f"--guardian {mother}" in result.stderr
    assert roster.edit_guardian(db, mother, {"phone": "8 (912) 345-67-89", "email": "olga@mail.ru"})
    assert roster.edit_guardian(db, father, {"phone": "89123456789"})  # a family's shared phone


def test_a_whole_name_typed_as_the_surname_is_read_as_one(db, cli) -> None:
    """«Кузнецова Мария Петровна» in the surname field, first name left empty, is her ФИО
    (as the import reads a name cell); a first name given keeps the surname as typed, and
    an edit of the surname alone leaves the first name."""
    gid = cli.json("roster", "add-guardian", "--surname", "кузнецова мария петровна")["id"]
    mother = roster.get_guardian(db, gid)
    assert (mother.surname, mother.name, mother.patronymic) == ("Кузнецова", "Мария", "Петровна")
    sid = cli.json("roster", "add-student", "--surname", "Кузнецов Пётр", "--name", "", "--group", "7Б")["id"]
    assert (roster.get_student(db, sid).surname, roster.get_student(db, sid).name) == ("Кузнецов", "Пётр")
    aunt = roster.add_guardian(db, {"surname": "Ли Кузнецова", "name": "Анна"})
    assert roster.get_guardian(db, aunt).surname == "Ли Кузнецова"
    roster.edit_guardian(db, aunt, {"surname": "Ли-Кузнецова Анна"})
    assert (roster.get_guardian(db, aunt).surname, roster.get_guardian(db, aunt).name) == ("Ли-Кузнецова Анна", "Анна")


def test_students_list_finds_them_by_class_name_and_missing_parents(db, cli) -> None:
    ivan = roster.add_student(db, "Петров", "Иван", "Сергеевич", "10А")
    alyona = roster.add_student(db, "Ёлкина", "Алёна", "", "10Б")
    roster.add_guardian(db, {"surname": "Петрова", "phone": "89120002233"}, [(ivan, "мать")])
    rows = cli.json("roster", "students")
    assert [(r["surname"], r["group"], r["guardians"]) for r in rows] == [
        ("Петров", "10А", [roster.list_guardians(db)[0].id]), ("Ёлкина", "10Б", [])]
    assert set(rows[0]) == {"id", "surname", "name", "patronymic", "group", "guardians", "parents"}
    assert rows[0]["parents"][0]["surname"] == "Петрова" and rows[0]["parents"][0]["relation"] == "mother"
    assert [r["id"] for r in cli.json("roster", "students", "--without-guardians")] == [alyona]
    assert [r["id"] for r in cli.json("roster", "students", "--search", "елкина ал")] == [alyona]
    assert [r["id"] for r in cli.json("roster", "students", "--group", "10А")] == [ivan]
    assert cli.json("roster", "students", "--search", "сидоров") == []
    table = cli("--lang", "ru", "roster", "students")
    assert "Ёлкина Алёна" in table.stdout and "Учеников: 2." in table.stdout


def test_link_a_child_by_name_and_class_through_the_cli(db, cli) -> None:
    ivan = roster.add_student(db, "Петров", "Иван", "Сергеевич", "10А")
    roster.add_student(db, "Петров", "Иван", "Ильич", "10Б")
    roster.add_student(db, "Петров", "Иван", "Олегович", "10Б")
    anna = cli.json("roster", "add-guardian", "--surname", "Петрова", "--name", "Анна",
                    "--child", "петров иван", "--group", "10а", "--relation", "мама")["id"]
    assert [(c.id, c.relation) for c in roster.get_guardian(db, anna).students] == [
        (ivan, "mother")]
    # a new child is added to the class; an empty --relation keeps a known one
    linked = cli.json("roster", "link", str(anna), "--child", "Петрова Ева", "--group", "5В")
    eva = students.get_student(db, linked["student"])
    assert (eva.surname, eva.name, eva.group) == ("Петрова", "Ева", "5В")
    result = cli("roster", "link", str(anna), "--student", str(ivan))
    assert result.exit_code == 0, result.output
    assert {c.id: c.relation for c in roster.get_guardian(db, anna).students}[ivan] == "mother"
    before = db.execute("SELECT count(*) FROM student_guardians").fetchone()[0]
    for args, code, words in (
            (["--child", "Петров Иван", "--group", "10Б"], 1, "give the patronymic"),
            (["--child", "Петров"], 2, "--child"),
            (["--student", str(ivan), "--group", "10А"], 2, "--child"),
            (["--child", "Петров Иван"], 2, "--group"),
            ([], 2, "--student ID or --child"),
            (["--student", "999"], 1, "999")):
        result = cli("roster", "link", str(anna), *args)
        assert result.exit_code == code, (args, result.output)
        assert words in " ".join(result.output.replace("│", " ").split()), (args, result.output)
    assert db.execute("SELECT count(*) FROM student_guardians").fetchone()[0] == before
    assert cli("roster", "link", "999", "--student", str(ivan)).exit_code == 1


def test_a_child_named_by_a_home_name_or_without_the_patronymic_is_the_stored_one(db, cli) -> None:
    anya = roster.add_student(db, "Соколова", "Анна", "Петровна", "10А")
    gleb = roster.add_student(db, "Волков", "Глеб", "", "10А")
    roster.add_student(db, "Волкова", "Дарья", "Ильинична", "10Б")
    roster.add_student(db, "Волкова", "Дарья", "Петровна", "10Б")
    mother = cli.json("roster", "add-guardian", "--surname", "Соколова", "--name", "Мария",
                      "--child", "Соколова Аня", "--group", "10А")["id"]
    father = cli.json("roster", "add-guardian", "--surname", "Волков", "--name", "Андрей",
                      "--child", "Волков Глеб Андреевич", "--group", "10А")["id"]
    assert [c.id for c in roster.get_guardian(db, mother).students] == [anya]
    assert [c.id for c in roster.get_guardian(db, father).students] == [gleb]
    result = cli("roster", "link", str(father), "--child", "Волкова Даша", "--group", "10Б")  # which one?
    assert result.exit_code == 1 and "give the patronymic" in result.stderr
    assert [c.id for c in roster.get_guardian(db, father).students] == [gleb]


@pytest.mark.parametrize("args, word", [
    (["--surname", "Петрова", "--phone", "12345"], "phone"),
    (["--surname", "Петрова", "--email", "anna@@bk"], "email"),
    (["--surname", "Петрова", "--telegram", "не ник"], "telegram"),
    (["--surname", "  "], "surname"),
    (["--surname", "Петрова", "--student", "999"], "999"),
])
def test_add_guardian_validation_errors_write_nothing(db, cli, args, word) -> None:
    before = table_counts(db)
    result = cli("roster", "add-guardian", *args)
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert word in message and "\n" not in message and "Traceback" not in result.output
    assert result.stdout == ""
    assert table_counts(db) == before


def test_add_student_validation_errors_write_nothing(db, cli) -> None:
    gid = roster.add_guardian(db, {"surname": "Петрова"})
    before = table_counts(db)
    for args in (["--surname", "Петров", "--name", " ", "--group", "10Б"],
                 ["--surname", "Петров", "--name", "Иван", "--group", " "],
                 ["--surname", "Петров", "--name", "Иван", "--group", "10Б", "--guardian", str(gid + 100)]):
        result = cli("roster", "add-student", *args)
        assert result.exit_code == 1, args
        assert result.stderr.strip() and "Traceback" not in result.output
    assert table_counts(db) == before
    missing = cli("roster", "add-student", "--surname", "Петров")
    assert missing.exit_code == 2


def test_edit_guardian_fields_and_clearing(db, cli) -> None:
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "email": "anna@bk.ru",
                                   "phone": "89121112233"})
    cleared = cli("roster", "edit", "--guardian", str(gid), "--email", "")
    assert cleared.exit_code == 0 and cleared.stdout.strip() == f"Saved: Петрова Анна (no. {gid})."  # whose: seen
    assert roster.get_guardian(db, gid).email is None
    withdrawn = cli("roster", "consent", str(gid), "--withdrawn")
    assert withdrawn.exit_code == 0 and withdrawn.stdout.splitlines()[-1] == f"Петрова Анна (no. {gid})"
    assert cli("roster", "edit", "--guardian", str(gid), "--phone", "+7 912 000-11-22",
               "--surname", "сидорова").exit_code == 0
    anna = roster.get_guardian(db, gid)
    assert (anna.surname, anna.phone) == ("Сидорова", "+79120001122")
    assert found(db, "сидорова") == {"Сидорова Анна"} and found(db, "петрова") == set()
    same = cli("roster", "edit", "--guardian", str(gid), "--surname", "Сидорова")
    assert same.exit_code == 0 and "Nothing changed" in same.stdout
    bad = cli("roster", "edit", "--guardian", str(gid), "--email", "nope")
    assert bad.exit_code == 1 and "email" in bad.stderr
    assert roster.get_guardian(db, gid).email is None
    assert cli("roster", "edit", "--guardian", "999", "--name", "X").exit_code == 1
    assert cli("roster", "edit", "--name", "X").exit_code == 2
    assert cli("roster", "edit", "--guardian", str(gid), "--student", "1").exit_code == 2
    audit = [a for (a,) in db.execute("SELECT detail FROM audit_log WHERE action = 'edit'")]
    assert audit and all("Сидорова" not in d and "+7912" not in d for d in audit)


def test_edit_student_moves_group(db, cli) -> None:
    sid = roster.add_student(db, "Петров", "Иван", "", "10Б")
    assert cli("roster", "edit", "--student", str(sid), "--group", "11Б", "--name", "Илья").exit_code == 0
    student = students.get_student(db, sid)
    assert (student.name, student.group) == ("Илья", "11Б")
    emptied = cli("roster", "edit", "--student", str(sid), "--name", "")
    assert emptied.exit_code == 1 and "first name" in emptied.stderr
    assert students.get_student(db, sid).name == "Илья"


def test_remove_guardian_and_student(school, cli) -> None:
    alena = roster.list_guardians(school, roster.Filter(text="семенова"))[0]
    child = alena.students[0]
    removed = cli("roster", "remove", "--student", str(child.id))  # named: a mistyped number shows
    assert removed.exit_code == 0
    assert removed.stdout.strip() == f"Removed from the roster: {child.full_name}, {child.group} (no. {child.id})."
    with pytest.raises(NotFound):
        students.get_student(school, child.id)
    assert len(roster.get_guardian(school, alena.id).students) == 1
    assert (child.surname, child.name) == ("Семёнов", "Артём")
    assert found(school, "артём") == set()
    assert cli("roster", "remove", "--guardian", str(alena.id)).exit_code == 0
    assert found(school, "семенова") == set()
    assert school.execute("SELECT count(*) FROM student_guardians WHERE guardian_id = ?",
                          [alena.id]).fetchone() == (0,)
    again = cli("roster", "remove", "--guardian", str(alena.id))
    assert again.exit_code == 1 and str(alena.id) in again.stderr


# --- consent -----------------------------------------------------------------------------

def test_consent_by_ids_all_and_group(school, cli) -> None:
    everyone = roster.list_guardians(school)
    first, second = everyone[0].id, everyone[1].id
    assert cli("roster", "consent", str(first), str(second), "--given", "--date", "2026-09-01",
               "--scope", "рассылки школы").exit_code == 0
    g = roster.get_guardian(school, first)
    assert (g.consent, g.consent_date, g.consent_scope) == (True, "2026-09-01", "рассылки школы")
    assert sum(x.consent for x in roster.list_guardians(school)) == 2
    assert cli("roster", "consent", "--group", "10Б", "--given").exit_code == 0
    in_10b = {x.id for x in roster.list_guardians(school, roster.Filter(group="10Б"))}
    today = clock.today().isoformat()
    assert all(roster.get_guardian(school, i).consent_date == today for i in in_10b)
    result = cli("roster", "consent", "--all", "--given", "--date", "2026-09-02")
    assert result.exit_code == 0 and "5" in result.stdout
    assert all(x.consent and x.consent_date == "2026-09-02" for x in roster.list_guardians(school))
    assert cli("roster", "consent", str(first), "--withdrawn").exit_code == 0
    g = roster.get_guardian(school, first)
    assert g.consent is False and g.consent_withdrawn_at == today
    data = {x["id"]: x["consent"] for x in cli.json("roster", "list")}
    assert data[first] is False and data[second] is True


def test_a_bulk_record_leaves_a_withdrawal_as_it_is(school, cli) -> None:
    """The signed forms recorded again for everyone (new pupils in October) must not give back
    the consent a parent withdrew in September; a record of that parent's own still does."""
    everyone = roster.guardian_ids(school)
    assert cli("roster", "consent", "--all", "--given", "--date", "2026-09-01").exit_code == 0
    withdrew = everyone[2]
    assert cli("roster", "consent", str(withdrew), "--withdrawn", "--date", "2026-09-20").exit_code == 0
    result = cli("roster", "consent", "--all", "--given", "--date", "2026-10-05")
    assert result.exit_code == 0
    assert f"for {len(everyone) - 1} guardians" in result.stdout
    assert f"1 who withdrew their consent (ids {withdrew})" in result.stdout
    kept = roster.get_guardian(school, withdrew)
    assert kept.consent is False and kept.consent_withdrawn_at == "2026-09-20"
    assert all(roster.get_guardian(school, g).consent_date == "2026-10-05" for g in everyone if g != withdrew)
    group = roster.get_guardian(school, withdrew).students[0].group
    assert "withdrew" in cli("roster", "consent", "--group", group, "--given").stdout
    assert roster.get_guardian(school, withdrew).consent is False
    assert cli("roster", "consent", str(withdrew), "--given", "--date", "2026-11-02").exit_code == 0
    assert roster.get_guardian(school, withdrew).consent is True  # her own new form
    assert cli("roster", "consent", "--all", "--withdrawn").exit_code == 0  # a withdrawal is for all
    assert not any(g.consent for g in roster.list_guardians(school))


@pytest.mark.parametrize("args", [
    ["--given"],
    ["1", "--all", "--given"],
    ["--all", "--group", "10А", "--given"],
    ["--all"],
    ["--all", "--given", "--withdrawn"],
    ["--all", "--given", "--date", "01/09/2026"],  # ДД.ММ.ГГГГ is accepted (issue 12)
    ["--all", "--given", "--date", "2026-02-30"],
])
def test_consent_usage_errors_exit_2(school, cli, args) -> None:
    before = [(g.id, g.consent_date) for g in roster.list_guardians(school)]
    result = cli("roster", "consent", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert [(g.id, g.consent_date) for g in roster.list_guardians(school)] == before


def test_consent_for_an_unknown_id_changes_nothing(school, cli) -> None:
    result = cli("roster", "consent", "1", "999", "--given")
    assert result.exit_code == 1 and "999" in result.stderr
    assert not any(g.consent for g in roster.list_guardians(school))


def test_set_consent_domain(school) -> None:
    ids = roster.guardian_ids(school)
    assert roster.set_consent(school, ids, True, date(2026, 9, 1), "всё") == 5
    assert roster.set_consent(school, ids[:1], False) == 1
    with pytest.raises(OutreachError):
        roster.set_consent(school, [12345], True)


# --- forget ------------------------------------------------------------------------------

SECRETS = ("Семёнов".encode(), "семенов".encode(), "Алёна".encode(), "алена".encode(),
           b"alena.semenova", b"9223334455", "Артём".encode(), "Ксения".encode())


def raw_bytes(path: Path) -> bytes:
    gc.collect()
    data = path.read_bytes()
    for suffix in ("-wal", "-journal"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            data += extra.read_bytes()
    return data


def test_forget_erases_the_family_everywhere(db_path: Path, cli) -> None:
    db = storage.open_db(db_path)
    try:
        import_roster(db, DATA / "school_cp1251.csv")
        if "guardian_channels" in db.table_names():
            alena = roster.list_guardians(db, roster.Filter(text="семенова"))[0].id
            columns = {c.name for c in db["guardian_channels"].columns}
            if {"guardian_id", "channel", "address"} <= columns:
                db.execute("INSERT INTO guardian_channels(guardian_id, channel, address)"
                           " VALUES (?, 'telegram', 'alena.semenova.tg')", [alena])
                db.conn.commit()
        child = roster.list_guardians(db, roster.Filter(text="семенова"))[0].students[0].id
    finally:
        db.close()
    before = raw_bytes(db_path)
    assert all(secret in before for secret in SECRETS), [s for s in SECRETS if s not in before]
    result = cli("roster", "forget", "--student", str(child), "--yes")
    assert result.exit_code == 0, result.output
    assert "guardians 1, students 2" in result.stdout
    data = raw_bytes(db_path)
    for secret in SECRETS:
        assert secret not in data, secret
    db = storage.open_db(db_path)
    try:
        assert found(db, "семенова") == set() and found(db, "9223334455") == set()
        assert db.execute("SELECT count(*) FROM students").fetchone() == (2,)
        assert db.execute("SELECT count(*) FROM guardians").fetchone() == (4,)
        (detail,) = db.execute("SELECT detail FROM audit_log WHERE action = 'forget'").fetchone()
        assert json.loads(detail) == {"guardians": 1, "students": 2}
        for (text,) in db.execute("SELECT detail FROM audit_log"):
            assert "Семён" not in text and "alena" not in text
    finally:
        db.close()


def make_migration_backup(db_path: Path) -> Path:
    """Open the file as the next release would (one more migration): the migration backs it
    up first, as an upgrade of outreach would."""
    from outreach.store import schema

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storage, "MIGRATIONS", {**schema.MIGRATIONS, schema.SCHEMA_VERSION + 1: lambda db: None})
        patch.setattr(storage, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
        storage.open_db(db_path).close()
    (backup,) = (db_path.parent / "backups").glob(f"{db_path.stem}-v{schema.SCHEMA_VERSION}-*.db")
    with closing(sqlite3.connect(db_path)) as conn:  # its step changed nothing: this release's file again
        conn.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION}")
    return backup


def test_forget_also_erases_the_family_from_migration_backups(db_path: Path, cli) -> None:
    import sqlite3

    db = storage.open_db(db_path)
    try:
        import_roster(db, DATA / "school_cp1251.csv")
        child = roster.list_guardians(db, roster.Filter(text="семенова"))[0].students[0].id
    finally:
        db.close()
    backup = make_migration_backup(db_path)
    before = backup.read_bytes()
    assert all(secret in before for secret in SECRETS)
    result = cli("roster", "forget", "--student", str(child), "--yes")
    assert result.exit_code == 0, result.output
    assert "Also erased from backups: 1." in result.stdout
    data = b"".join(p.read_bytes() for p in backup.parent.iterdir())
    for secret in SECRETS:
        assert secret not in data, secret
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]
    assert backup.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA user_version").fetchone() == (storage.SCHEMA_VERSION,)
        assert conn.execute("SELECT count(*) FROM guardians").fetchone() == (4,)
        assert conn.execute("SELECT count(*) FROM students").fetchone() == (2,)
        assert conn.execute("SELECT count(*) FROM guardian_search").fetchone() == (4,)
    finally:
        conn.close()
    result = cli("roster", "forget", "--guardian", "1", "--yes")  # another family, also there
    assert result.exit_code == 0, result.output
    assert "Also erased from backups: 1" in result.stdout


def test_forget_names_a_backup_it_could_not_scrub(school, db_path: Path, cli) -> None:
    damaged = db_path.parent / "backups" / f"{db_path.stem}-v3-20260101-000000.db"
    damaged.parent.mkdir()
    damaged.write_bytes(b"not a database at all " * 100)
    result = cli("roster", "forget", "--guardian", "1", "--yes")
    assert result.exit_code == 0
    assert "Erased: " in result.stderr
    assert f"Could not erase them from the backup {damaged}" in result.stderr
    assert damaged.read_bytes() == b"not a database at all " * 100
    assert school.execute("SELECT count(*) FROM guardians WHERE id = 1").fetchone() == (0,)


def test_forget_a_guardian_takes_the_connected_family(school) -> None:
    svetlana = roster.list_guardians(school, roster.Filter(text="светлана"))[0].id
    assert forget_family(school, guardian_id=svetlana) == {"guardians": 2, "students": 1, "backups": 0,
                                                           "backups_failed": [], "backups_missing": [],
                                                           "waiting_for": None}
    assert found(school, "иванов") == set()
    assert len(roster.list_guardians(school)) == 3


def test_forget_without_yes_asks_and_no_keeps_everything(school, cli) -> None:
    gid = roster.list_guardians(school, roster.Filter(text="петрова"))[0].id
    before = table_counts(school)
    result = cli("roster", "forget", "--guardian", str(gid), input="n\n")
    assert result.exit_code == 1
    assert "Петрова Анна Викторовна" in result.stdout and "Петров Николай" in result.stdout
    assert table_counts(school) == before
    result = cli("roster", "forget", "--guardian", str(gid), input="y\n")
    assert result.exit_code == 0
    assert found(school, "петров") == {"Иванов Сергей"}  # Сергей Петрович stays
    assert found(school, "9121112233") == set()


def test_forget_usage_and_unknown_ids(school, cli) -> None:
    assert cli("roster", "forget", "--yes").exit_code == 2
    assert cli("roster", "forget", "--guardian", "1", "--student", "1", "--yes").exit_code == 2
    unknown = cli("roster", "forget", "--guardian", "999", "--yes")
    assert unknown.exit_code == 1 and "999" in unknown.stderr


def test_student_pages_join_up_to_the_whole_sorted_list(school) -> None:
    for index in range(23):
        roster.add_student(school, f"Ученик{index:02d}", "Тест", "", ("9А", "1Б", "5В")[index % 3])
    everything = students.list_students(school)
    assert len(everything) == students.count_students(school) > 23
    pages = [s for offset in range(0, 30, 7) for s in students.list_students(school, limit=7, offset=offset)]
    assert [s.id for s in pages] == [s.id for s in everything]
    keys = [(russian_order_key(s.group or ""), fold_key(s.full_name)) for s in everything]
    assert keys == sorted(keys)  # classes in natural order (1Б, 5В, 9А, 10А), then the name key


def test_lists_follow_the_russian_alphabet_with_yo_beside_ye(db, cli) -> None:
    """Ёлкина sorts as Елкина: after Егорова, before Ефимова and Жукова (code points put Ё
    before every А), in `roster list`, the Students list and the app's pages."""
    for surname in ("жукова", "Ёлкина", "Алексеева", "Егорова", "ЕФИМОВА"):
        roster.add_guardian(db, {"surname": surname, "name": "Анна"})
        roster.add_student(db, surname, "Маша", "", "7А")
    expected = ["Алексеева", "Егорова", "Ёлкина", "Ефимова", "Жукова"]  # names tidied on entry
    assert [g["surname"] for g in cli.json("roster", "list")] == expected
    assert [s["surname"] for s in cli.json("roster", "students")] == expected
    assert [g.surname for g in roster.list_guardians(db, limit=2, offset=2)] == expected[2:4]
