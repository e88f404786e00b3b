"""A corpus of real-shaped roster files: what a careful person reads in each, after import."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster

CORPUS = Path(__file__).parent / "data" / "rosters"


@dataclass(frozen=True)
class Reading:
    """The counts a person reads in a file, and what it leaves out on purpose."""

    students: int
    guardians: int
    with_phone: int
    with_email: int
    classes: int
    ignored: tuple[str, ...] = ()
    filled: int = 0
    warned: bool = False
    links: int = field(default=-1)  # student–guardian pairs, when worth checking


READINGS = {
    "cells_setevoy_gorod.csv": Reading(3, 4, 4, 2, 1, ("№", "Дата рождения")),
    "cells_elzhur.csv": Reading(2, 3, 3, 2, 1),
    "cells_dnevnik_ru.csv": Reading(3, 3, 2, 2, 1, ("Пол", "Дата рождения")),
    "cells_mesh.csv": Reading(2, 3, 3, 2, 1, ("СНИЛС",)),
    "cells_1c.csv": Reading(2, 3, 3, 1, 1),
    "cells_gosuslugi.csv": Reading(2, 2, 2, 2, 1, ("Номер заявления", "Дата подачи", "Дата рождения ребенка")),
    "cells_hand_made.csv": Reading(3, 4, 4, 0, 1, ("Примечание",), filled=2, links=4),
    "cells_sis_parents.csv": Reading(2, 3, 3, 2, 1, ("Student ID", "Grade_Level", "Email", "GPA")),
    "cells_sis_mother_father.csv": Reading(2, 3, 2, 1, 1, ("Grade Level", "Medical Notes")),
    "cells_sis_children.csv": Reading(3, 2, 2, 1, 3, links=3),
    "cells_merged_blocks.csv": Reading(3, 5, 5, 0, 1, filled=6, links=5),
    "cells_initials.csv": Reading(4, 4, 4, 0, 1),
    "cells_multi_phones.csv": Reading(2, 2, 2, 1, 1),
    "cells_labelled_parents.csv": Reading(1, 2, 2, 0, 1, links=2),
    "cells_contacts_column.csv": Reading(2, 3, 3, 0, 1),
    "cells_student_email.csv": Reading(2, 2, 2, 1, 1, ("E-mail", "Телефон ученика")),
    "cells_students_only.csv": Reading(2, 0, 0, 0, 1, warned=True),
    "cells_nothing_marks.csv": Reading(4, 6, 5, 3, 1, links=6),
    # PowerSchool's «Export Using Template» of the student fields (tab-separated): «Mother» is
    # the mother's surname beside «Mother_First»; the class is in «Home_Room».
    "cells_powerschool.csv": Reading(2, 3, 2, 3, 1, ("Student_Number", "SchoolID", "Gender", "Grade_Level"),
                                     links=3),
    # A school site's import template: grade and letter apart, parents in numbered slots.
    "cells_class_slots.csv": Reading(2, 3, 3, 2, 1, ("email_ученика", "телефон_ученика"), links=3),
    "cells_phone_extensions.csv": Reading(3, 5, 5, 0, 1, warned=True, links=5),
    # Classes in Roman numerals («VII Б», «vii б», «IX «В»», «XI-А» after a name) beside «7Б».
    "cells_roman_classes.csv": Reading(5, 5, 5, 0, 3),
    # A messenger in brackets after a phone: «(WhatsApp)», «(вайбер)», «(тг)».
    "cells_phone_messengers.csv": Reading(5, 6, 6, 0, 1, links=6),
    # Other words in brackets after a phone: «(рабочий)», «(бабушка Нина)», «(мама, Telegram)».
    "cells_phone_brackets.csv": Reading(6, 7, 7, 0, 1, links=7),
    # The same words beside a contact in a «Контакты» cell and in an e-mail column; «Telegram:» before a handle.
    "cells_contact_notes.csv": Reading(5, 6, 6, 4, 1, links=6),
    # Words after a comma beside a contact, as typed in Excel: «8 912 …, до 18:00», «…@mail.ru, рабочая».
    "cells_comma_notes.csv": Reading(4, 4, 4, 2, 1, links=4),
}


def count(db, sql: str) -> int:
    return db.execute(sql).fetchone()[0]


def people(db) -> dict[str, dict]:
    return {" ".join(p for p in (g.surname, g.name, g.patronymic) if p): g
            for g in roster.list_guardians(db)}


def test_the_corpus_is_all_here() -> None:
    assert sorted(p.name for p in CORPUS.glob("cells_*.csv")) == sorted(READINGS)


@pytest.mark.parametrize("name", sorted(READINGS))
def test_file_reads_as_a_careful_person_reads_it(db, name: str) -> None:
    expected = READINGS[name]
    report = import_roster(db, CORPUS / name)
    assert report.rejected == [], report.rejected
    assert report.written
    assert report.unrecognised_columns == []
    assert tuple(report.ignored_columns) == expected.ignored
    assert report.filled_cells == expected.filled
    assert bool(report.warnings) == expected.warned
    assert count(db, "SELECT count(*) FROM students") == expected.students
    assert count(db, "SELECT count(*) FROM guardians") == expected.guardians
    assert count(db, "SELECT count(*) FROM guardians WHERE phone IS NOT NULL") == expected.with_phone
    assert count(db, "SELECT count(*) FROM guardians WHERE email IS NOT NULL") == expected.with_email
    assert count(db, "SELECT count(*) FROM groups") == expected.classes
    if expected.links >= 0:
        assert count(db, "SELECT count(*) FROM student_guardians") == expected.links
    again = import_roster(db, CORPUS / name)
    assert again.students.created == again.guardians.created == again.guardians.updated == 0


def test_initials_and_notes_in_brackets(db) -> None:
    import_roster(db, CORPUS / "cells_initials.csv")
    found = people(db)
    kozlova = found["Козлова Е. В."]
    assert (kozlova.name, kozlova.patronymic) == ("Е.", "В.")
    sidorova = found["Сидорова Мария"]
    assert sidorova.patronymic == "" and sidorova.students[0].relation == "mother"
    assert found["Харитонова Анна Ивановна"].students[0].name == "Денис"
    tsoi = found["Цой Е. К."]
    assert tsoi.students[0].relation == "father"


def test_labelled_phones_go_to_the_parent_they_name(db) -> None:
    import_roster(db, CORPUS / "cells_labelled_parents.csv")
    found = people(db)
    assert found["Щукина А. П."].phone == "+79123334455"
    assert found["Щукин А. С."].phone == "+79124445566"
    assert found["Щукин А. С."].students[0].relation == "father"


def test_labels_reach_parents_in_other_columns_and_by_their_names(db) -> None:
    import_roster(db, CORPUS / "cells_contacts_column.csv")
    found = people(db)
    assert found["Юдина Яна Олеговна"].phone == "+79120000301"
    assert found["Юдин Олег Ильич"].phone == "+79120000302"
    assert found["Яковлева Римма Павловна"].phone == "+79120000303"
    import_roster(db, CORPUS / "cells_elzhur.csv")
    found = people(db)
    assert found["Гусева Дарья Андреевна"].phone == "+79124440001"  # «мама»
    assert found["Гусев Илья Петрович"].phone == "+79124440002"  # «папа»
    assert found["Гусева Дарья Андреевна"].telegram == "darya_guseva"
    assert found["Гусева Дарья Андреевна"].students[0].relation == "mother"  # the label says so


def test_second_phones_and_e_mails_are_kept_and_searchable(db) -> None:
    import_roster(db, CORPUS / "cells_multi_phones.csv")
    chernova = people(db)["Чернова Ирина Васильевна"]
    assert chernova.phone == "+79121112233" and chernova.email == "irina.chernova@mail.ru"
    assert chernova.extra_contacts == ["+79124445566", "i.chernova@work.ru"]
    for query in ("8 912 444-55-66", "i.chernova@work"):
        assert [g.id for g in roster.list_guardians(db, roster.Filter(text=query))] == [chernova.id]
    shubina = people(db)["Шубина Оксана Петровна"]  # two phones with no comma between them
    assert shubina.phone == "+79121112234"
    assert roster.list_guardians(db, roster.Filter(text="89124445567"))[0].id == shubina.id


def test_parents_together_in_one_cell_and_a_contacts_cell(db) -> None:
    import_roster(db, CORPUS / "cells_1c.csv")
    found = people(db)
    assert found["Лаптева Анна Петровна"].phone == "+79126660001"
    assert found["Лаптев Андрей Сергеевич"].phone == "+79126660002"
    assert found["Лаптева Анна Петровна"].email == "anna.lapteva@mail.ru"
    mukhina = found["Мухина Инга Валерьевна"]
    assert (mukhina.phone, mukhina.telegram, mukhina.vk) == ("+79126660003", "inga_mukhina", "inga.mukhina")


def test_english_exports_read_first_last_order_and_slots(db) -> None:
    import_roster(db, CORPUS / "cells_sis_parents.csv")
    import_roster(db, CORPUS / "cells_sis_children.csv")
    found = people(db)
    assert found["Carter Laura"].email == "laura.carter@example.com"  # not Emily's own address
    assert found["Carter James"].students[0].name == "Emily"
    assert {s.group for s in found["Carter Laura"].students} == {"7В"}  # the Latin B of «7B» stored as the Cyrillic В: one class however typed
    grace = found["Taylor Grace"]
    assert sorted((s.name, s.group) for s in grace.students) == [("Jack", "5С"), ("Lily", "9А")]  # Cyrillic С and А
    assert found["Hughes Robert"].students[0].name == "Noah"


def test_powerschool_columns_read_as_a_person_reads_them(db) -> None:
    """«Home_Room» was not recognised (the class came from «Grade_Level»: «7»); «Mother» and
    «Mother_First» are one person's surname and name."""
    import_roster(db, CORPUS / "cells_powerschool.csv")
    found = people(db)
    assert sorted(found) == ["Carter James", "Carter Laura", "Hughes-Lee Grace"]
    assert {s.group for g in found.values() for s in g.students} == {"7В"}
    emily = found["Carter Laura"].students[0]
    assert (emily.surname, emily.name, emily.patronymic) == ("Carter", "Emily", "Rose")
    assert found["Carter Laura"].phone == "+13125550134"


def test_a_sis_guardian_list_with_a_date_and_glued_id(db) -> None:
    """PowerSchool guardians as a progress-report mailing reads them: «LAST_SENT_DATE» was taken
    for a second surname column (the file was refused), «GUARDIANID» was not recognised."""
    report = import_roster(db, CORPUS / "powerschool_guardians.tsv", group="7Б")
    assert report.rejected == [] and report.unrecognised_columns == []
    assert report.ignored_columns == ["LAST_SENT_DATE", "GUARDIANID"]
    found = people(db)
    assert sorted(found) == ["Doe Joe", "Roe Jane"]
    assert found["Roe Jane"].email == "jane.roe@example.com"
    sarah = found["Roe Jane"].students[0]
    assert (sarah.surname, sarah.name, sarah.group) == ("Roe", "Sarah", "7Б")


def test_grade_and_letter_and_numbered_parents(db) -> None:
    import_roster(db, CORPUS / "cells_class_slots.csv")
    found = people(db)
    assert found["Абрамов Денис"].phone == "+79120000602" and found["Абрамов Денис"].email is None
    assert found["Абрамова Ольга"].students[0].group == "7Б"
    assert "kirill.abramov" not in repr(roster.list_guardians(db))


def test_student_own_contacts_stay_off_parents(db) -> None:
    import_roster(db, CORPUS / "cells_student_email.csv")
    dump = repr(roster.list_guardians(db))
    assert "fedor.alekseev2009" not in dump and "79990000401" not in dump
    assert people(db)["Алексеева Нина Львовна"].email == "nina.alekseeva@mail.ru"


def test_merged_blocks_link_second_parents_to_the_child_above(db) -> None:
    import_roster(db, CORPUS / "cells_merged_blocks.csv")
    found = people(db)
    assert [s.name for s in found["Тарасов Олег Петрович"].students] == ["Илья"]
    assert found["Уткин Павел Сергеевич"].students[0].group == "9Б"
    assert found["Фомина Алла Борисовна"].students[0].group == "9Б"


def test_nothing_marks_are_read_as_empty_cells_and_a_consent_no_as_an_answer(db) -> None:
    """«нет», «-», «—», «не указан» in a class teacher's sheet: no father called «-», no
    phone «нет» refusing the file; in the consent column «Нет» still withholds consent."""
    import_roster(db, CORPUS / "cells_nothing_marks.csv")
    found = people(db)
    assert "-" not in found and "—" not in found
    assert found["Алексеев Игорь Петрович"].phone is None
    assert [g for g in found if g.startswith("Борисов")] == ["Борисова Марина Сергеевна"]
    assert found["Борисова Марина Сергеевна"].consent is False
    assert found["Алексеева Ольга Викторовна"].consent is True  # the row's «Согласие» is both parents'
    assert found["Алексеев Игорь Петрович"].consent is True
    assert found["Власова Елена"].email is None
    assert [s.name for s in found["Гусев Максим Олегович"].students] == ["Полина"]


def test_the_lists_da_does_not_undo_a_withdrawal_a_later_signed_form_does(db, cli, tmp_path: Path) -> None:
    """September's list says «да»; the mother withdrew consent on 20.09. Importing the same
    list again (new pupils added to it) leaves her withdrawal; a form dated after it gives it."""
    import_roster(db, CORPUS / "cells_nothing_marks.csv")
    alekseeva = people(db)["Алексеева Ольга Викторовна"]
    assert cli("roster", "consent", str(alekseeva.id), "--withdrawn", "--date", "2026-09-20").exit_code == 0
    again = import_roster(db, CORPUS / "cells_nothing_marks.csv")
    assert again.guardians.updated == 0
    assert people(db)["Алексеева Ольга Викторовна"].consent is False
    text = (CORPUS / "cells_nothing_marks.csv").read_text(encoding="utf-8")
    for cell, consent in (("15.09.2026", False), ("01.10.2026", True)):  # the form's date in the cell
        dated = tmp_path / f"dated-{cell}.csv"
        dated.write_text(text.replace(";да\n", f";{cell}\n", 1), encoding="utf-8")
        import_roster(db, dated)
        assert people(db)["Алексеева Ольга Викторовна"].consent is consent


def test_a_comma_for_the_dot_in_an_address_is_one_clear_problem(db, tmp_path: Path) -> None:
    roster_file = tmp_path / "5b.csv"
    roster_file.write_text("Ученик;Класс;Мама;Телефон мамы;Эл. почта\n"
                           "Алексеев Дмитрий;5Б;Алексеева Ольга;89123456701;olga.alekseeva@mail,ru\n"
                           "Борисова Анна;5Б;Борисова Марина;89123456702;marina@mail.ru, m.borisova@work.ru\n",
                           encoding="utf-8")
    report = import_roster(db, roster_file)
    assert [(p.row, p.field, p.value) for p in report.rejected] == [(2, "Эл. почта", "olga.alekseeva@mail,ru")]
    assert "comma instead of the dot" in report.rejected[0].reason
    assert not report.written


def test_rows_without_a_class_name_the_class_column_and_no_empty_value(db, tmp_path: Path) -> None:
    roster_file = tmp_path / "own.csv"
    roster_file.write_text("Ученик;Мама\nАлексеев Дмитрий;Алексеева Ольга\n", encoding="utf-8")
    problem, = import_roster(db, roster_file).rejected
    assert (problem.field, problem.value, problem.person) == ("Class", "", "Алексеев Дмитрий")
    assert problem.detail.endswith("for rows without one (Алексеев Дмитрий)")


def test_a_phone_excel_rounded_in_a_csv_is_one_problem_that_says_so(db, tmp_path: Path) -> None:
    """Phones typed as numbers in Excel and saved as CSV come out as «8,91235E+10»: its digits
    are gone. One problem saying what happened and what to do, not «8», «91235» and «+10»."""
    roster_file = tmp_path / "sci.csv"
    roster_file.write_text("Ученик;Класс;Мама;Телефон\n"
                           "Алексеев Дмитрий;5Б;Алексеева Ольга;8,91235E+10\n"
                           "Власов Кирилл;5Б;Власова Елена;9.12346e+09\n", encoding="utf-8")
    report = import_roster(db, roster_file)
    assert [(p.row, p.value) for p in report.rejected] == [(2, "8,91235E+10"), (3, "9.12346e+09")]
    assert all("import the .xlsx itself" in p.reason for p in report.rejected)


def test_the_cli_says_once_how_to_give_a_list_its_class(cli, tmp_path: Path) -> None:
    """Each row said «no class: … give the class for rows without one» — not how, on the
    command line. One line says --group; given, the rows import."""
    roster_file = tmp_path / "own.csv"
    roster_file.write_text("Ученик;Мама\nАлексеев Дмитрий;Алексеева Ольга\nБорисова Анна;Борисова Марина\n",
                           encoding="utf-8")
    refused = cli("roster", "import", str(roster_file), "--dry-run")
    assert refused.stderr.count("give it with --group, e.g. --group 5Б") == 1
    as_json = cli("roster", "import", str(roster_file), "--dry-run", "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["class_missing"] is True
    given = cli("roster", "import", str(roster_file), "--group", "5б")
    assert given.exit_code == 0 and "--group" not in given.stderr


def test_a_contact_with_no_parent_named_is_said_at_its_own_column(db, tmp_path: Path) -> None:
    """Only the father's phone in a row whose mother is «—» (and no father's name column): the
    problem was pinned on «ФИО матери» saying a parent needs a surname, next to the father's
    number. It is said at «Телефон отца»: nobody in the row is named for it."""
    roster_file = tmp_path / "9v.csv"
    roster_file.write_text("ФИО обучающегося;ФИО матери;Телефон матери;Телефон отца\n"
                           "Зуев Пётр;—;—;8 (912) 555-66-88\n", encoding="utf-8")
    problem, = import_roster(db, roster_file, group="9В").rejected
    assert (problem.field, problem.value) == ("Телефон отца", "8 (912) 555-66-88")
    assert problem.reason == "no parent is named in this row for this contact"


def test_a_file_without_parents_warns_in_the_cli(cli) -> None:
    result = cli("roster", "import", str(CORPUS / "cells_students_only.csv"))
    assert result.exit_code == 0
    assert "No parent was found" in result.stderr and "Телефон" in result.stderr
    data = cli.json("roster", "import", str(CORPUS / "cells_students_only.csv"))
    assert data["warnings"] and data["guardians"]["created"] == 0


def test_the_cli_reports_columns_left_out_and_cells_filled(cli) -> None:
    data = cli.json("roster", "import", str(CORPUS / "cells_hand_made.csv"), "--dry-run")
    assert data["ignored_columns"] == ["Примечание"] and data["unrecognised_columns"] == []
    assert data["unknown_columns"] == ["Примечание"]
    assert data["filled_cells"] == 2
    text = cli("roster", "import", str(CORPUS / "cells_hand_made.csv"), "--dry-run")
    assert "not imported on purpose" in text.stderr and "filled from above: 2" in text.stderr


def test_extra_contacts_are_masked_in_a_redacted_export(db, cli, tmp_path: Path) -> None:
    import_roster(db, CORPUS / "cells_multi_phones.csv")
    assert cli("export", str(tmp_path / "all"), "--redact").exit_code == 0
    text = (tmp_path / "all" / "guardians.csv").read_text(encoding="utf-8")
    assert "4445566" not in text and "i.chernova@work.ru" not in text


def test_classes_in_roman_numerals_are_the_classes_typed_in_arabic(db) -> None:
    import_roster(db, CORPUS / "cells_roman_classes.csv")
    classes = {f"{s.surname} {s.name}": s.group for g in roster.list_guardians(db) for s in g.students}
    assert classes == {"Орлов Денис": "11А", "Вий Артём": "7Б", "Ли Мирон": "7Б", "Ким Софья": "7Б",
                       "Пахомов Глеб": "9В"}
    kim = people(db)["Ким И. В."]  # initials, not a class
    assert (kim.surname, kim.name, kim.patronymic) == ("Ким", "И.", "В.")


def test_a_messenger_named_beside_a_phone_is_kept_in_the_notes(db) -> None:
    import_roster(db, CORPUS / "cells_phone_messengers.csv")
    notes = {g.surname + " " + g.name: g.notes for g in roster.list_guardians(db)}
    assert notes["Жарова Ольга"] == "Phone +7 912 111-22-33: WhatsApp"
    assert notes["Зуева Анна"] == "Phone +7 912 111-22-34: вайбер"
    assert notes["Исаева Нина"] == "Phone +7 912 111-22-35: viber"
    assert notes["Котова Инна"] == "Phone +7 912 111-22-36: Telegram by this number"  # as the Telegram column's
    assert notes["Лосева Инна"] == "Phone +7 912 111-22-37: Telegram by this number"
    assert notes["Лосев Олег"] == "Phone +7 912 111-22-38: до 18:00"


def test_words_in_brackets_beside_a_phone_are_kept_in_the_notes(db) -> None:
    import_roster(db, CORPUS / "cells_phone_brackets.csv")
    found = {g.surname + " " + g.name: (g.phone, g.notes, g.students[0].relation) for g in roster.list_guardians(db)}
    assert found["Аксенова Вера"] == ("+79122223301", "Phone +7 912 222-33-01: рабочий", "")
    assert found["Белова Ирина"] == ("+79122223302", "Phone +7 912 222-33-02: после 17", "")
    assert found["Гришина Ольга"] == ("+79122223303", "Phone +7 912 222-33-03: не звонить утром", "")
    assert found["Дьякова Нина"] == ("+79122223304", "Phone +7 912 222-33-04: бабушка Нина", "grandmother")
    # a comma in brackets splits nothing: the label and the messenger are the one phone's
    assert found["Ершова Анна"] == ("+79122223305", "Phone +7 912 222-33-05: Telegram by this number", "mother")
    assert found["Ершов Пётр"] == ("+79122223306", "Phone +7 912 222-33-06: после 18, рабочий", "father")
    assert found["Жукова Алла"] == ("+79122223307", "Phone +7 912 222-33-07: WhatsApp", "mother")


def test_words_beside_a_contact_in_a_contacts_or_email_cell_are_kept_as_a_phones_are(db) -> None:
    import_roster(db, CORPUS / "cells_contact_notes.csv")
    found = {g.surname + " " + g.name: (g.notes, g.telegram) for g in roster.list_guardians(db)}
    assert found["Аксенова Вера"] == ("Phone +7 912 222-44-01: WhatsApp; E-mail vera.aks@mail.ru: рабочая", None)
    assert found["Белова Ирина"] == ("Phone +7 912 222-44-02: до 18:00; E-mail irina.belova@yandex.ru: до 18:00", None)
    # a phone and an e-mail in one «Контакты» cell: each keeps its own words
    assert found["Гришина Ольга"] == ("Phone +7 912 222-44-03: не звонить утром; E-mail olga.grishina@mail.ru: личная",
                                      None)
    # «Telegram:» only says what the handle is: no note, and no refused «Telegram:» handle
    assert found["Дьякова Нина"] == ("Phone +7 912 222-44-04: Telegram by this number; E-mail nina.d@ya.ru: пишите сюда",
                                     "nina_dyakova")
    assert found["Ершова Анна"] == ("Phone +7 912 222-44-05: вайбер", None)
    assert found["Ершов Пётр"] == ("Phone +7 912 222-44-06: после 19", None)


def test_the_dry_run_reports_the_bracketed_words_file_as_accepted(cli) -> None:
    data = cli.json("roster", "import", str(CORPUS / "cells_phone_brackets.csv"), "--dry-run")
    assert data["rejected"] == []
    assert data["guardians"] == {"created": 7, "updated": 0, "unchanged": 0}


def test_words_after_a_comma_beside_a_contact_are_its_note_not_a_refused_contact(db) -> None:
    """«8 912 333-55-01, до 18:00» is how a cell is typed in Excel: the words after the comma are
    said about the phone before them. They refused the row as a phone «до 18:00»."""
    report = import_roster(db, CORPUS / "cells_comma_notes.csv")
    assert report.rejected == []
    found = {g.surname + " " + g.name: (g.phone, g.email, g.notes) for g in roster.list_guardians(db)}
    assert found["Жукова Алла"] == ("+79123335501", "alla.zh@mail.ru",
                                    "Phone +7 912 333-55-01: до 18:00; E-mail alla.zh@mail.ru: рабочая")
    assert found["Зайцева Инна"] == ("+79123335502", None, "Phone +7 912 333-55-02: WhatsApp после 17")
    assert found["Карпов Олег"] == ("+79123335504", "karpov@ya.ru", "Phone +7 912 333-55-04: вечером")
    # a relation word after the comma says whose the phone is, as it does before it
    ilina = next(g for g in roster.list_guardians(db) if g.surname == "Ильина")
    assert (ilina.phone, ilina.notes) == ("+79123335503", None)
    assert ilina.students[0].relation == "mother"
