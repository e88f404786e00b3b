"""A parent's further contacts (the second phone of a cell, a work phone, a handle's note):
seen and corrected in the parent's form and by `roster edit --extra-contacts`, and said for
what they are when a file is imported."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster
from outreach_screens.app import make_app
from outreach_screens.roster.guardian_form import GuardianForm
from outreach_screens.roster.screen import RosterScreen
from tests.conftest import Cli
from tests.test_hands20 import SIZE, class_list
from tests.tui_support import open_section, screen_lines, settle, until


def found_by(db: sqlite_utils.Database, text: str) -> list[str]:
    return [g.surname for g in roster.list_guardians(db, roster.Filter(text=text))]


def imported(db: sqlite_utils.Database, tmp_path: Path, text: str) -> list[roster.Guardian]:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    report = import_roster(db, path, group="7А")
    assert report.written and not report.rejected, report.rejected
    return roster.list_guardians(db)


async def test_the_form_shows_the_further_phone_and_corrects_it_by_keyboard(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, russian: None) -> None:
    """The second number of «8 (912) 345-67-89, 8-922-111-22-33» was the grandmother's: the
    form showed no further contact, so the teacher could neither see nor remove it. Now it is
    a field of the form at 80×24; a bad number is refused under it by name, nothing saved."""
    class_list(db, tmp_path)
    alexeeva = roster.list_guardians(db)[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        form = await open_section(pilot, "e", GuardianForm)
        field = form.field_input("extra_contacts")
        assert field.value == "+7 922 111-22-33"
        lines = screen_lines(app)
        assert any("Другие контакты +7 922 111-22-33" in line for line in lines)
        assert any("Сохранить" in line for line in lines)  # the whole form fits
        while app.focused is not field:  # by keyboard from the first field
            await pilot.press("tab")
        await pilot.press("ctrl+u", *"8 912 444-55-66, 8 912 444")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert str(form.field_error("extra_contacts").render()) == (
            "недействительный номер телефона — «8 912 444»")
        await pilot.press("ctrl+u", *"8 912 444-55-66")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: roster.get_guardian(db, alexeeva.id).extra_contacts == ["+79124445566"])
        assert isinstance(app.screen, RosterScreen)
    assert found_by(db, "9124445566") == ["Алексеева"] and found_by(db, "9221112233") == []


def test_roster_edit_sets_and_clears_the_further_contacts(
        db: sqlite_utils.Database, tmp_path: Path, cli: Cli) -> None:
    class_list(db, tmp_path)
    gid = str(roster.list_guardians(db)[0].id)
    refused = cli("roster", "edit", "--guardian", gid, "--extra-contacts", "8 912 444-55-66, olga@mail")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == "--extra-contacts: not a valid e-mail address — «olga@mail»."
    assert roster.get_guardian(db, int(gid)).extra_contacts == ["+79221112233"]  # nothing half-written
    done = cli("roster", "edit", "--guardian", gid, "--extra-contacts", "8 912 444-55-66; olga@work.ru @olga_a")
    assert done.exit_code == 0, done.stderr
    [listed] = [g for g in cli.json("roster", "list") if g["id"] == int(gid)]
    assert listed["extra_contacts"] == ["+79124445566", "olga@work.ru", "olga_a"]
    assert found_by(db, "olga_a") == ["Алексеева"] and found_by(db, "9221112233") == []
    assert cli("roster", "edit", "--guardian", gid, "--extra-contacts", "").exit_code == 0
    assert roster.get_guardian(db, int(gid)).extra_contacts == []
    assert found_by(db, "9124445566") == []


def test_a_kept_contact_the_form_would_not_read_as_typed_stays_as_it_is(db: sqlite_utils.Database) -> None:
    """A Telegram chat id an import kept as a further contact is no phone: saved again as shown."""
    gid = roster.add_guardian(db, {"surname": "Орлова", "extra_contacts": "8 912 444-55-66"})
    db.execute("UPDATE guardians SET extra_contacts = '+79124445566 100200300' WHERE id = ?", [gid])
    shown = roster.editable_values(roster.get_guardian(db, gid))["extra_contacts"]
    assert shown == "+7 912 444-55-66, 100200300"
    assert roster.edit_guardian(db, gid, {"extra_contacts": shown}) is False
    assert roster.edit_guardian(db, gid, {"extra_contacts": "100200300"}) is True
    assert roster.get_guardian(db, gid).extra_contacts == ["100200300"]


@pytest.mark.parametrize("header", ["Рабочий телефон", "Телефон (рабочий)"])
def test_a_work_phone_column_says_which_number_is_the_work_one(
        db: sqlite_utils.Database, tmp_path: Path, russian: None, header: str) -> None:
    """Its number became a further contact (or the only phone) with nothing saying whose work it is."""
    [ivanova, petrova] = imported(db, tmp_path, (
        f"ФИО ученика,ФИО родителя,Телефон,{header}\n"
        "Иванов Иван,Иванова Анна Петровна,8 912 111-22-33,8 343 222-33-44\n"
        "Петров Пётр,Петрова Ольга Ивановна,,8 912 555-66-77 (до 18:00)\n"))
    assert ivanova.extra_contacts == ["+73432223344"] and ivanova.notes == "Телефон +7 343 222-33-44: рабочий"
    assert petrova.phone == "+79125556677" and petrova.notes == "Телефон +7 912 555-66-77: рабочий, до 18:00"


def test_a_work_phone_column_in_english(db: sqlite_utils.Database, tmp_path: Path) -> None:
    [ivanova, petrova] = imported(db, tmp_path, (
        "Student Name,Guardian 1 Name,Guardian 1 Phone,Guardian 1 Work Phone,Guardian 1 Work Email\n"
        "Ivanov Ivan,Anna Ivanova,8 912 111-22-33,8 912 222-33-44,anna@school.ru\n"
        "Petrov Petr,Olga Petrova,8 912 111-22-00,8 912 333-44-55 (work),\n"))
    assert ivanova.extra_contacts == ["+79122223344"] and ivanova.email == "anna@school.ru"
    assert ivanova.notes == "Phone +7 912 222-33-44: work; E-mail anna@school.ru: work"
    assert petrova.notes == "Phone +7 912 333-44-55: work"  # said once


@pytest.mark.parametrize("header", ["Домашний телефон", "Телефон (дом.)"])
def test_a_home_phone_column_says_which_number_is_the_home_one(
        db: sqlite_utils.Database, tmp_path: Path, russian: None, header: str) -> None:
    """A work column's number was said «рабочий»; a home column's got no note at all."""
    [ivanova, petrova] = imported(db, tmp_path, (
        f"ФИО ученика,ФИО родителя,Телефон,{header}\n"
        "Иванов Иван,Иванова Анна Петровна,8 912 111-22-33,8 343 222-33-44\n"
        "Петров Пётр,Петрова Ольга Ивановна,8 912 555-66-77,8 343 555-66-77 (домашний; после 19)\n"))
    assert ivanova.extra_contacts == ["+73432223344"] and ivanova.notes == "Телефон +7 343 222-33-44: домашний"
    assert petrova.notes == "Телефон +7 343 555-66-77: домашний; после 19"  # said once


def test_a_home_phone_column_in_english(db: sqlite_utils.Database, tmp_path: Path) -> None:
    [ivanova] = imported(db, tmp_path, (
        "Student Name,Guardian Name,Cell Phone,Home Phone\n"
        "Ivanov Ivan,Anna Ivanova,8 912 111-22-33,8 343 222-33-44\n"))
    assert ivanova.notes == "Phone +7 343 222-33-44: home"


@pytest.mark.parametrize("head", ["ФИО ученика,Родитель 1 ФИО,Родитель 1 Телефон",
                                  "Student Name,Guardian 1 Name,Guardian 1 Phone"])
def test_a_plain_work_phone_beside_the_one_numbered_parent_is_hers(
        db: sqlite_utils.Database, tmp_path: Path, russian: None, head: str) -> None:
    """Beside «Родитель 1 Телефон» a plain «Телефон (рабочий)» was read as the child's own phone
    and not imported; a child has no work phone: it is the one parent's."""
    [ivanova] = imported(db, tmp_path, (
        f"{head},Телефон (рабочий)\n"
        "Иванов Иван,Иванова Анна Петровна,8 912 111-22-33,8 343 222-33-44\n"))
    assert ivanova.phone == "+79121112233" and ivanova.extra_contacts == ["+73432223344"]
    assert ivanova.notes == "Телефон +7 343 222-33-44: рабочий"


def test_a_plain_work_phone_beside_two_numbered_parents_is_not_guessed(
        db: sqlite_utils.Database, tmp_path: Path) -> None:
    """Whose work it is cannot be known: left out and said, not given to one of them."""
    path = tmp_path / "list.csv"
    path.write_text("ФИО ученика,Родитель 1 ФИО,Родитель 1 Телефон,Родитель 2 ФИО,Родитель 2 Телефон,Телефон (рабочий)\n"
                    "Иванов Иван,Иванова Анна Петровна,8 912 111-22-33,Иванов Пётр Ильич,8 912 111-22-44,8 343 222-33-44\n",
                    encoding="utf-8")
    report = import_roster(db, path, group="7А")
    assert report.written and report.ignored_columns == ["Телефон (рабочий)"]
    assert [g.extra_contacts for g in roster.list_guardians(db)] == [[], []]
    assert found_by(db, "3432223344") == []


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


def test_the_form_shows_the_phone_as_the_list_does_and_saving_it_again_changes_nothing(
        db: sqlite_utils.Database) -> None:
    """The list said «+7 912 777-88-99», the parent's form «+79127778899», and its further
    phones were formatted: the same kind of number shown two ways on one screen."""
    gid = roster.add_guardian(db, {"surname": "Попов", "phone": "8-912-777-88-99", "extra_contacts": "89124445566"})
    shown = roster.editable_values(roster.get_guardian(db, gid))
    assert shown["phone"] == "+7 912 777-88-99" and shown["extra_contacts"] == "+7 912 444-55-66"
    assert roster.edit_guardian(db, gid, shown) is False
    assert roster.get_guardian(db, gid).phone == "+79127778899"
