"""The lead's hands-on pass of session 17 (tmux, 80×24, Russian, the demo): each test is a
surprise met there, and fails without its fix."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
import sqlite_utils
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from outreach.messages import drafts
from outreach.roster import guardians as roster
from outreach.roster.importing.importer import import_roster
from outreach.roster.students import check_student
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.guardian_form import GuardianForm
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.widgets.compose_options import fitted
from tests.conftest import Cli
from tests.test_real_hands import recorded_notes
from tests.test_real_hands8 import contest_day, type_entry
from tests.test_tui_messages_slips import pick_template
from tests.test_tui_scoreboard import open_entry, result_row
from tests.tui_support import open_section, screen_lines, settle, until

SIZE = (80, 24)
S = TypeVar("S", bound=Screen)


async def test_fill_in_below_puts_the_typing_into_the_first_missing_value(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """«Не сохранено: заполните ниже: дата, время…» left the focus where it was (nowhere after
    Esc): the date typed next, «25 декабря», switched to Channels (2), then the Scoreboard (5)
    and ran its letters as commands there."""
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pick_template(pilot, "онлайн-собрание")
        await pilot.press("escape", "ctrl+s")
        await settle(pilot)
        assert any("Заполните ниже: дата" in note for note in notes)
        await pilot.press(*"25 декабря")
        await settle(pilot)
        assert app.screen is screen
        date = next(f for f in screen.options.query(".var-value").results(Input) if f.name == "date")
        assert date.value == "25 декабря" and app.focused is date


async def test_a_long_value_name_wraps_whole_beside_its_field(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """«ссылка на видеовстречу» showed as «ссылка на»: its second line was cut by the row."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pick_template(pilot, "онлайн-собрание")
        await until(pilot, lambda: link_field(screen) is not None)
        field = link_field(screen)
        assert field is not None and field.parent is not None
        field.focus()
        await settle(pilot)
        name = field.parent.query_one(".var-name").region  # the field's name, as laid out
        shown = [line.ljust(name.right)[name.x:name.right] for line in screen_lines(app)[name.y:name.bottom]]
        assert " ".join(" ".join(shown).split()) == "ссылка на видеовстречу"


def link_field(screen: MessagesScreen) -> Input | None:
    return next((f for f in screen.options.query(".var-value").results(Input) if f.name == "link"), None)


# -- a phone or an e-mail typed into a name ------------------------------------------------

def test_contacts_typed_beside_a_parents_name_are_her_contacts(db: sqlite_utils.Database, tmp_path: Path) -> None:
    """«Петрова Анна 89123456789» in «ФИО родителя» was stored with the patronymic
    «89123456789» and no phone; «Сидорова Ольга anna@mail.ru» with the patronymic «Anna@mail.ru»."""
    path = tmp_path / "names.csv"
    path.write_text("ФИО ученика,Класс,ФИО родителя,Телефон\n"
                    "Петров Иван,7А,Петрова Анна 89123456789,\n"
                    "Сидоров Петя,7А,Сидорова Ольга Ивановна anna@mail.ru,\n"
                    'Орлов Тимур,7А,"Орлова Мария +7 (912) 111-22-33, Орлов Павел 8 913 222 33 44",\n',
                    encoding="utf-8")
    report = import_roster(db, path)
    assert report.rejected == [] and report.guardians.created == 4
    stored = {(g.surname, g.name, g.patronymic): (g.phone, g.email) for g in roster.list_guardians(db)}
    assert stored == {("Петрова", "Анна", ""): ("+79123456789", None),
                      ("Сидорова", "Ольга", "Ивановна"): (None, "anna@mail.ru"),
                      ("Орлова", "Мария", ""): ("+79121112233", None),
                      ("Орлов", "Павел", ""): ("+79132223344", None)}


def test_digits_left_in_a_name_refuse_the_row_naming_the_cell(
        cli: Cli, db: sqlite_utils.Database, tmp_path: Path, russian: None) -> None:
    path = tmp_path / "digits.csv"
    path.write_text("ФИО ученика,Класс,ФИО родителя\nКозлов Лёша,7А,Козлова Е.В. 2\nПетров Иван 7А,7А,Петрова Анна\n"
                    "Орлов Тимур,7А,Орлова Мария anna@mail\n", encoding="utf-8")
    result = cli("--lang", "ru", "roster", "import", str(path))
    assert result.exit_code == 1
    assert "Строка 2, ФИО родителя: в имени цифры или «@»" in result.stderr and "«Козлова Е.В. 2»" in result.stderr
    assert "Строка 3" not in result.stderr  # «Петров Иван 7А»: the class after the name, as the class column says (session 18)
    assert "Строка 4, ФИО родителя:" in result.stderr and "anna@mail" in result.stderr  # an address cut short
    assert db.execute("SELECT count(*) FROM guardians").fetchone()[0] == 0


@pytest.mark.parametrize(("field", "typed", "reason"), [
    ("name", "89123456789", "номер телефона — не имя: его место в поле «Телефон»"),
    ("patronymic", "anna@mail.ru", "адрес эл.\u00a0почты — не имя: его место в поле «E-mail»"),
    ("surname", "Петрова 2", "в имени не бывает цифр"),
])
def test_a_contact_typed_into_a_name_option_is_refused_naming_its_field(
        cli: Cli, db: sqlite_utils.Database, russian: None, field: str, typed: str, reason: str) -> None:
    values = {"surname": "Петрова", "name": "Анна", "patronymic": "", field: typed}
    result = cli("--lang", "ru", "roster", "add-guardian", *(f"--{k}={v}" for k, v in values.items() if v))
    assert result.exit_code == 1 and reason in result.stderr
    assert db.execute("SELECT count(*) FROM guardians").fetchone()[0] == 0


async def test_the_phone_typed_into_the_name_field_is_named_there_and_nothing_saved(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """A phone typed into «Имя» was saved as the name: «Смирнова 912 345» with no phone."""
    before = demo_db.execute("SELECT count(*) FROM guardians").fetchone()[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "1", RosterScreen)
        await pilot.press("a")
        form = await until_screen(pilot, GuardianForm)
        form.field_input("surname").value = "Смирнова"
        form.field_input("name").value = "8 912 345-67-89"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and app.focused is form.field_input("name")
        assert "номер телефона — не имя" in str(form.field_error("name").render())
    assert demo_db.execute("SELECT count(*) FROM guardians").fetchone()[0] == before


async def until_screen(pilot: Pilot, kind: type[S]) -> S:
    await settle(pilot)
    assert isinstance(pilot.app.screen, kind), pilot.app.screen
    return pilot.app.screen


def test_a_class_typed_into_a_students_name_is_refused_by_the_cli(
        cli: Cli, db: sqlite_utils.Database, russian: None) -> None:
    result = cli("--lang", "ru", "roster", "add-student", "--surname", "Петров", "--name", "Иван 7А", "--group", "7А")
    assert result.exit_code == 1 and "Имя: в имени не бывает цифр (класс — в поле «Класс»)" in result.stderr
    assert db.execute("SELECT count(*) FROM students").fetchone()[0] == 0


async def test_esc_in_the_result_form_with_a_time_typed_asks_before_dropping_it(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """A time typed at the course and then Esc (pressed to leave a field as often as to leave a
    form) closed the form and dropped the time without a word."""
    contest = contest_day(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen, form = await open_entry(pilot, "slalom")
        await type_entry(pilot, "1", "61,5")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "not saved" in app.screen.body
        await pilot.press("enter")  # the focused answer keeps the form and the time
        await settle(pilot)
        assert app.screen is screen and screen.form is form and form.holds_entry()
        await pilot.press("enter")  # Enter in the form saves it
        await settle(pilot)
        assert result_row(demo_db, contest, 1, "slalom")[0] == 61.5
        await pilot.press("escape")  # nothing typed now: closed at once
        await settle(pilot)
        assert app.screen is screen and screen.form is None


# -- a new school year's list of students only ----------------------------------------------

def test_a_students_only_list_of_the_next_year_moves_the_class_up(cli: Cli, tmp_path: Path) -> None:
    """8Б's September list from the school system has the children only (no parent columns):
    each one was created again beside 7Б's, so every family had its child twice."""
    last_year = tmp_path / "7b.csv"
    last_year.write_text("ФИО ученика,Класс,ФИО родителя,Телефон\n"
                         "Алексеев Богдан Кириллович,7Б,Алексеева Марина Викторовна,89124011101\n"
                         "Белова Варвара Денисовна,7Б,Белова Анна Петровна,89124011103\n"
                         "Белова Варвара Денисовна,9Б,Белова Ольга Ивановна,89124011105\n", encoding="utf-8")
    cli.json("roster", "import", str(last_year))
    september = tmp_path / "8b.csv"
    september.write_text("ФИО обучающегося;Класс\nАлексеев Богдан Кириллович;8Б\nБелова Варвара Денисовна;8Б\n"
                         "Новикова Ева Сергеевна;8Б\n", encoding="utf-8")
    dry = cli.json("roster", "import", str(september), "--dry-run")
    assert dry["students"] == {"created": 1, "updated": 2, "unchanged": 0}
    assert {(u["name"], u["before"], u["after"]) for u in dry["updates"]} == {
        ("Алексеев Богдан Кириллович", "7Б", "8Б"), ("Белова Варвара Денисовна", "7Б", "8Б")}
    cli.json("roster", "import", str(september))
    children = {f"{g['surname']} {g['name']}": sorted(f"{s['surname']} {s['name']} ({s['group']})" for s in g["students"])
                for g in cli.json("roster", "list")}
    assert children["Алексеева Марина"] == ["Алексеев Богдан (8Б)"]
    assert children["Белова Анна"] == ["Белова Варвара (8Б)"]
    assert children["Белова Ольга"] == ["Белова Варвара (9Б)"]  # 9Б's namesake is not a year below
    students = cli.json("roster", "students")
    assert sorted((s["surname"], s["name"], s["group"]) for s in students) == [
        ("Алексеев", "Богдан", "8Б"), ("Белова", "Варвара", "8Б"), ("Белова", "Варвара", "9Б"), ("Новикова", "Ева", "8Б")]


async def test_the_chosen_parents_button_shows_its_count_at_80_columns(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """«выбрать родителей… (выбрано: » was cut before the number at 80×24."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.options.audience_kind.focus()
        await pilot.press("enter", "home", "down", "down", "enter")
        await settle(pilot)
        assert screen.options.audience_kind.value == "guardian"
        assert "(выбрано: 0)" in "\n".join(screen_lines(app))


def test_an_import_that_writes_nothing_leaves_no_database_behind(tmp_path: Path) -> None:
    """`roster import --dry-run` (or a refused import) on a path with no database yet made an
    empty database there: «write nothing» left a file that then read as «no data»."""
    roster_file = tmp_path / "7b.csv"
    roster_file.write_text("ФИО ученика,Класс,ФИО родителя,Телефон\nИванов Петя,7Б,Иванова Ольга,89121112233\n",
                           encoding="utf-8")
    bad_file = tmp_path / "bad.csv"
    bad_file.write_text("ФИО ученика,Класс,ФИО родителя,Телефон\nИванов Петя,7Б,Иванова Ольга,12\n", encoding="utf-8")
    fresh = tmp_path / "new.db"
    assert Cli(fresh)("roster", "import", str(roster_file), "--dry-run").exit_code == 0
    assert Cli(fresh)("roster", "import", str(bad_file)).exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["7b.csv", "bad.csv"]
    assert Cli(fresh)("roster", "import", str(roster_file)).exit_code == 0
    assert fresh.exists() and Cli(fresh).json("roster", "list")[0]["phone"] == "+79121112233"


def test_chosen_parents_past_the_width_are_counted() -> None:
    labels = ["Волкова Ирина (Алиса, 10Б)", "Иванова Ольга", "Петрова Анна"]
    assert fitted(labels, 0) == fitted(labels, 80) == "Волкова Ирина (Алиса, 10Б), Иванова Ольга, Петрова Анна"
    assert fitted(labels, 52) == "Волкова Ирина (Алиса, 10Б), Иванова Ольга and 1 more"
    assert fitted(labels, 51) == fitted(labels, 30) == "Волкова Ирина (Алиса, 10Б) and 2 more"


async def test_three_chosen_parents_read_whole_at_80_columns(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """With two or more chosen parents the line beside the mode was cut mid-name at 80×24."""
    drafts.save_draft(demo_db, {"template": None, "body": "Завтра субботник.", "saved_as": None, "attachments": [],
                                "kind": "guardian", "value": None, "chosen": [1, 2, 3], "mode": "preferred",
                                "broadcast": [], "values": {}})
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await until(pilot, lambda: screen.draft_ready and "и ещё" in str(screen.options.saved_label.render()))
        shown = str(screen.options.saved_label.render())
        assert shown in "\n".join(screen_lines(app))


def test_the_student_form_names_a_class_typed_into_the_name(russian: None) -> None:
    _clean, errors = check_student({"surname": "Петров", "name": "Иван 7А", "patronymic": "", "group": ""})
    assert errors["name"] == "в имени не бывает цифр (класс — в поле «Класс»)"
    assert errors["group"]  # and the class is still asked for where it goes
    assert check_student({"surname": "Петров", "name": "Иван", "patronymic": "", "group": "7А"})[1] == {}


def test_a_child_not_hers_is_refused_in_the_words_typed(cli: Cli, demo_db: sqlite_utils.Database, russian: None) -> None:
    """«родитель:1:ребёнок:5» typed was echoed as «guardian:1:student:5» in the Russian refusal."""
    other = demo_db.execute("SELECT min(id) FROM students WHERE id NOT IN"
                            " (SELECT student_id FROM student_guardians WHERE guardian_id = 1)").fetchone()[0]
    result = cli("--lang", "ru", "message", "new", "--text", "Завтра собрание", "--audience", f"родитель:1:ребёнок:{other}")
    assert result.exit_code == 1 and result.stderr.startswith(f"Адресаты родитель:1:ребёнок:{other}: ")
