"""The Roster section through Textual's Pilot, asserting on the database and the widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from outreach.common import clock
from outreach.common.i18n import set_language
from outreach.roster import guardians as roster
from outreach.roster.export import export_roster
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.help import HelpScreen
from outreach_screens.roster.export_dialog import ExportDialog
from outreach_screens.roster.guardian_form import GuardianForm
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.widgets.guardian_finder import ALL_GROUPS
from tests.tui_support import burst, footer_text, open_section, paste, settle, until

SIZE = (100, 30)






def roster_screen(pilot: Pilot) -> RosterScreen:
    screen = pilot.app.screen
    assert isinstance(screen, RosterScreen)
    return screen


async def in_group(pilot: Pilot, group: str) -> RosterScreen:
    """The roster once loaded, filtered to `group`."""
    await settle(pilot)
    screen = roster_screen(pilot)
    screen.finder.group_select.value = group
    await settle(pilot)
    return screen


def errors(pilot: Pilot) -> list[str]:
    return [n.message for n in pilot.app._notifications if n.severity == "error"]


async def test_roster_opens_on_the_demo_data(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = roster_screen(pilot)
        assert screen.finder.table.row_count == roster.count_guardians(demo_db)
        first = roster.list_guardians(demo_db, limit=1)[0]
        assert screen.highlighted is not None and screen.highlighted.id == first.id
        assert first.surname in str(screen.detail.render())
        assert "Roster" in screen.sub_title and db_path.name in screen.sub_title
        assert str(screen.finder.count_label.render()) == f"Guardians: {screen.finder.table.row_count}"
        await pilot.press("down", "down")
        await settle(pilot)
        third = roster.list_guardians(demo_db, limit=1, offset=2)[0]
        assert screen.highlighted.id == third.id
        assert not errors(pilot)


async def test_search_narrows_the_table(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    total = roster.count_guardians(demo_db)
    expected = roster.count_guardians(demo_db, roster.Filter(text="волков"))
    assert 0 < expected < total
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = roster_screen(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input) and app.focused.id == "search"
        await pilot.press(*"волков")
        await until(pilot, lambda: screen.finder.table.row_count == expected)
        names = [screen.finder.table.row_at(i).cells[0] for i in range(expected)]
        assert all("Волков" in name for name in names)
        assert str(screen.finder.count_label.render()) == f"Guardians: {expected} of {total}"
        await pilot.press("enter")
        assert app.focused is screen.finder.table

        # the group filter narrows further, and "all" brings everyone back
        await pilot.press("escape", "slash", *["backspace"] * 6, "enter")
        await until(pilot, lambda: screen.finder.table.row_count == total)
        screen.finder.group_select.value = "10Б"
        in_group = roster.count_guardians(demo_db, roster.Filter(group="10Б"))
        await until(pilot, lambda: screen.finder.table.row_count == in_group)
        assert app.group == "10Б"
        assert all("10Б" in screen.finder.table.row_at(i).cells[1] for i in range(in_group))


async def test_a_group_chosen_on_coming_back_holds_through_a_reload_of_the_group_list(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """Coming back to the roster chooses the app's group at once (the filter, the list's shown
    value and the app's group together), so a reload of the group list (the file watch after a
    write) landing before the choice's `Select.Changed` cannot leave the list showing «all
    groups» over a 10Б filter, where choosing «all groups» changed nothing."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        finder = roster_screen(pilot).finder
        finder.select_group("10Б")
        assert (finder.filter.group, finder.group_select.value, app.group) == ("10Б", "10Б", "10Б")
        finder.load_groups()
        await settle(pilot)
        assert finder.group_select.value == "10Б"
        await pilot.press("g", "enter", "home", "enter")  # «all groups»
        await until(pilot, lambda: app.group is None and finder.filter.group is None)
        assert finder.group_select.value == ALL_GROUPS


async def test_add_guardian_through_the_form(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    before = roster.count_guardians(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_section(pilot, "a", GuardianForm)
        await pilot.press(*"Тестова", "tab", *"Мария", "tab")
        form.field_input("patronymic").value = "Ивановна"
        form.field_input("phone").value = "8 (912) 000-11-22"
        form.field_input("email").value = "Maria.T@Mail.ru"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert roster.count_guardians(demo_db) == before + 1
        [added] = roster.list_guardians(demo_db, roster.Filter(text="Тестова"))
        assert (added.name, added.patronymic) == ("Мария", "Ивановна")
        assert added.phone == "+79120001122" and added.email == "maria.t@mail.ru"
        assert roster_screen(pilot).finder.table.row_count == before + 1
        assert not errors(pilot)


async def test_a_parent_typed_in_one_burst_lands_field_by_field(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """«Иванова⇥Анна⇥Петровна⇥phone⏎» typed faster than the app takes keys (one read of the
    terminal): each tab moves on before the next letter, as when typed slowly; it once put
    everything in the surname."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "a", GuardianForm)
        burst(app, "Иванова", "tab", "Анна", "tab", "Петровна", "tab", "89120001122", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        [added] = roster.list_guardians(demo_db, roster.Filter(text="Иванова Анна"))
        assert (added.surname, added.name, added.patronymic) == ("Иванова", "Анна", "Петровна")
        assert added.phone == "+79120001122"
        assert not errors(pilot)


async def test_shift_tab_in_a_burst_goes_back_before_the_next_key(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_section(pilot, "a", GuardianForm)
        burst(app, "tab", "Анна", "shift+tab", "Иванова")
        await settle(pilot)
        assert (form.values["surname"], form.values["name"]) == ("Иванова", "Анна")
        assert form.field_input("surname").has_focus


@pytest.mark.parametrize("save", ["enter", "ctrl+s"])
async def test_keys_after_saving_in_a_burst_go_to_the_roster_not_the_field(
        save: str, demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """«Зайцева⇥Ольга⏎x» (or Ctrl+S for ⏎) in one read of the terminal: the form saves «Ольга»
    and closes, and «x» reaches the roster (its export), as when typed slowly; it once saved
    «Ольгах»."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "a", GuardianForm)
        burst(app, "Зайцева", "tab", "Ольга", save, "x")
        await settle(pilot)
        added = [g.name for g in roster.list_guardians(demo_db, roster.Filter(text="Зайцева Ольга"))
                 if g.surname == "Зайцева"]
        assert added == ["Ольга"]
        assert isinstance(app.screen, ExportDialog)
        assert not errors(pilot)


async def test_keys_after_escape_in_a_burst_act_as_commands(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """«Вол⎋2» in the search: Escape leaves the search field before «2», which opens Channels as it does
    when typed slowly (it was typed into the search)."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = roster_screen(pilot)
        await pilot.press("slash")
        burst(app, "Вол", "escape", "2")
        await settle(pilot)
        assert screen.finder.search_input.value == "Вол"
        assert app.current_mode == "channels"


async def test_a_parent_added_twice_brings_the_form_back_with_the_reason(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """Adding a mother the roster has (her phone typed again): nothing is written, and the
    form opens again with everything typed and the reason under the phone, not a
    notification over an empty screen."""
    mother = next(g for g in roster.list_guardians(demo_db) if g.phone and g.name)
    before = roster.count_guardians(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_section(pilot, "a", GuardianForm)
        await pilot.press(*mother.surname, "tab", *mother.name, "tab")
        form.field_input("phone").value = mother.phone or ""
        form.field_input("notes").value = "звонить после 18:00"
        typed = form.values
        await pilot.press("ctrl+s")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, GuardianForm) and again is not form
        assert again.values == typed
        reason = str(again.field_error("phone").render())
        assert f"no. {mother.id}" in reason and mother.full_name in reason
        assert again.focused is again.field_input("phone")
        assert not errors(pilot)
        await pilot.press("escape")  # what was typed is asked about before it goes
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
    assert roster.count_guardians(demo_db) == before


async def test_an_edit_into_another_parent_brings_its_form_back_with_the_reason(
        db: sqlite_utils.Database, db_path: Path) -> None:
    """The father's card given the mother's name: nothing is written, his form opens again
    with what was typed and the reason under the surname."""
    sid = roster.add_student(db, "Смирнов", "Иван", "", "10А")
    mother = roster.add_guardian(db, {"surname": "Смирнова", "name": "Ольга"}, [(sid, "мать")])
    father = roster.add_guardian(db, {"surname": "Смирнов", "name": "Олег"}, [(sid, "отец")])
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = roster_screen(pilot)
        await until(pilot, lambda: screen.highlighted is not None)
        while screen.highlighted is not None and screen.highlighted.id != father:
            await pilot.press("down")
        form = await open_section(pilot, "e", GuardianForm)
        form.field_input("surname").value = "Смирнова"
        form.field_input("name").value = "Ольга"
        await pilot.press("ctrl+s")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, GuardianForm) and again is not form
        assert (again.field_input("surname").value, again.field_input("name").value) == ("Смирнова", "Ольга")
        assert f"no. {mother}" in str(again.field_error("surname").render())
    assert roster.get_guardian(db, father).name == "Олег"


async def test_add_guardian_with_a_child_of_the_class(demo_db: sqlite_utils.Database,
                                                     db_path: Path) -> None:
    """The child part of the form: an existing student of that class is linked, not copied;
    a new name in the class is added; the relation is kept."""
    existing = roster.list_guardians(demo_db, roster.Filter(group="10Б"), limit=1)[0].students[0]
    students = demo_db.execute("SELECT count(*) FROM students").fetchone()[0]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await in_group(pilot, "10Б")
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, GuardianForm)
        assert form.field_input("group").value == "10Б"  # the filtered class comes first
        await pilot.press("escape")
        await settle(pilot)

        # a parent with no child named: the pre-filled class alone links nobody
        form = await open_section(pilot, "a", GuardianForm)
        form.field_input("surname").value = "Бездетнова"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen) and not errors(pilot)
        [alone] = roster.list_guardians(demo_db, roster.Filter(text="Бездетнова"))
        assert alone.students == []

        form = await open_section(pilot, "a", GuardianForm)
        form.field_input("surname").value = "Дедова"
        form.field_input("name").value = "Нина"
        form.field_input("child").value = f"{existing.surname} {existing.name}"
        form.field_input("relation").value = "бабушка"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen) and not errors(pilot)
        [nina] = roster.list_guardians(demo_db, roster.Filter(text="Дедова"))
        assert [(c.id, c.relation) for c in nina.students] == [(existing.id, "grandmother")]
        assert demo_db.execute("SELECT count(*) FROM students").fetchone()[0] == students

        # editing: the form lists her children; a new child is added to the class and linked
        await until(pilot, lambda: screen.highlighted is not None)
        screen.show_guardian(nina.id, "Дедова")
        await until(pilot, lambda: screen.highlighted is not None and screen.highlighted.id == nina.id)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, GuardianForm)
        assert existing.surname in str(form.query_one("#children").render())
        form.field_input("child").value = "Дедов Кирилл Петрович"
        form.field_input("group").value = "3в"
        await pilot.press("ctrl+s")
        await settle(pilot)
        linked = roster.get_guardian(demo_db, nina.id).students
        assert sorted((c.surname, c.group) for c in linked) == sorted(
            [(existing.surname, "10Б"), ("Дедов", "3В")])  # the class as every form stores it
        assert demo_db.execute("SELECT count(*) FROM students").fetchone()[0] == students + 1


async def test_a_child_without_a_class_keeps_the_form_open(demo_db: sqlite_utils.Database,
                                                          db_path: Path) -> None:
    before = roster.count_guardians(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_section(pilot, "a", GuardianForm)
        form.field_input("surname").value = "Безклассова"
        form.field_input("child").value = "Иванов"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.field_error("child").has_class("-visible")
        assert form.field_error("group").has_class("-visible")
        assert roster.count_guardians(demo_db) == before


async def test_bad_phone_keeps_the_form_open_and_writes_nothing(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    before = roster.count_guardians(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_section(pilot, "a", GuardianForm)
        await pilot.press(*"Ошибкина", "tab", "tab", "tab", *"12345", "enter")
        await settle(pilot)
        assert app.screen is form
        assert "phone" in str(form.field_error("phone").render())
        assert form.field_error("phone").has_class("-visible")
        assert not form.field_error("surname").has_class("-visible")
        assert app.focused is form.field_input("phone")
        assert roster.count_guardians(demo_db) == before

        # an empty surname is refused as well
        form.field_input("surname").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.field_error("surname").has_class("-visible")
        await pilot.press("escape")  # what was typed is thrown away only once confirmed
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        app.screen.confirm_button.press()
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert roster.count_guardians(demo_db) == before


async def test_edit_guardian(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    first = roster.list_guardians(demo_db, limit=1)[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_section(pilot, "e", GuardianForm)
        assert form.field_input("surname").value == first.surname
        form.field_input("email").value = "new.address@example.ru"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert roster.get_guardian(demo_db, first.id).email == "new.address@example.ru"
        assert "new.address@example.ru" in str(roster_screen(pilot).detail.render())


async def test_consent_toggle(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    without = next(g for g in roster.list_guardians(demo_db) if not g.consent)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = roster_screen(pilot)
        screen.finder.search_input.value = without.email or without.phone
        await until(pilot, lambda: screen.finder.table.row_count == 1)
        assert screen.finder.table.row_at(0).cells[3] == "—"
        await pilot.press("c")  # asks first (the dialog is tested in test_tui_slips_roster.py)
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        after = roster.get_guardian(demo_db, without.id)
        assert after.consent and after.consent_date == clock.today().isoformat()
        assert screen.finder.table.row_at(0).cells[3] == f"✓ {clock.today().isoformat()}"
        await pilot.press("c")
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        after = roster.get_guardian(demo_db, without.id)
        assert not after.consent and after.consent_withdrawn_at == clock.today().isoformat()
        assert screen.finder.table.row_at(0).cells[3].startswith("✗")


async def test_forget_asks_first_then_erases_the_family(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    guardian = next(g for g in roster.list_guardians(demo_db) if g.students)
    guardians, students = roster.family(demo_db, guardian_id=guardian.id)
    before = roster.count_guardians(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = roster_screen(pilot)
        screen.finder.search_input.value = guardian.email or guardian.phone
        await until(pilot, lambda: screen.finder.table.row_count == 1)

        confirm = await open_section(pilot, "f", ConfirmScreen)
        assert guardian.surname in confirm.body
        assert f"guardians {len(guardians)}" in confirm.body
        assert app.focused is confirm.cancel_button
        await pilot.press("escape")
        await settle(pilot)
        assert roster.count_guardians(demo_db) == before

        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("shift+tab")
        assert app.focused is app.screen.confirm_button
        await pilot.press("enter")
        await settle(pilot)
        assert roster.count_guardians(demo_db) == before - len(guardians)
        for gid in guardians:
            assert not demo_db.execute("SELECT 1 FROM guardians WHERE id = ?", [gid]).fetchone()
        for sid in students:
            assert not demo_db.execute("SELECT 1 FROM students WHERE id = ?", [sid]).fetchone()
        assert screen.finder.table.row_count == 0
        assert screen.total == before - len(guardians)


async def test_export_the_current_filter(demo_db: sqlite_utils.Database, db_path: Path,
                                         tmp_path: Path) -> None:
    target = tmp_path / "out" / "10b.csv"
    target.parent.mkdir()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await in_group(pilot, "10Б")
        await pilot.press("x")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.filter == roster.Filter(group="10Б")
        dialog.path_input.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        reference = tmp_path / "reference.csv"
        export_roster(demo_db, reference, roster.Filter(group="10Б"))
        assert target.read_bytes() == reference.read_bytes()
        assert len(target.read_text(encoding="utf-8").splitlines()) > 1
        assert any(str(target) in n.message for n in app._notifications)

        # a file that cannot be written is an error notification, not a crash
        (tmp_path / "a-file").write_text("not a directory")
        await pilot.press("x")
        app.screen.path_input.value = str(tmp_path / "a-file" / "x.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert errors(pilot) and isinstance(app.screen, RosterScreen)

        # the same file again: replaced only when the teacher says so (the safe answer focused)
        target.write_text("kept", encoding="utf-8")
        await pilot.press("x")
        dialog = app.screen
        dialog.path_input.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and str(target) in app.screen.body
        assert app.focused is app.screen.cancel_button
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and target.read_text(encoding="utf-8") == "kept"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("left", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen) and target.read_bytes() == reference.read_bytes()


async def test_fits_80_by_24(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = roster_screen(pilot)
        table = screen.finder.table
        assert table.region.height >= 10 and table.region.right <= 80
        assert screen.detail.region.bottom <= 23 and screen.detail.region.height >= 1
        assert screen.finder.group_select.region.right <= 80
        await pilot.press("pagedown")
        await settle(pilot)
        assert table.cursor == table.region.height - 1  # one page of rows below the header
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, GuardianForm)
        save = form.query_one("#save")
        assert save.region.bottom <= 24 and save.region.right <= 80
        await pilot.press("escape")
        await pilot.press("i")
        await settle(pilot)
        wizard = app.screen
        assert wizard.next_button.region.bottom <= 24
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)


async def test_russian_header_and_bindings(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = roster_screen(pilot)
        assert screen.sub_title.startswith("Родители")
        descriptions = {active.binding.key: active.binding.description
                        for active in screen.active_bindings.values()}
        assert descriptions["a"] == "Новый"
        assert descriptions["c"] == "Согласие"
        assert descriptions["question_mark"] == "Справка"
        footer = footer_text(screen)
        assert "Импорт" in footer and "Экспорт" in footer
        await pilot.press("x")  # a Russian teacher's export opens right in Russian Excel by default
        assert app.screen.query_one("#excel", Checkbox).value is True
        await pilot.press("escape")
        await settle(pilot)
        assert str(screen.finder.count_label.render()).startswith("Родителей:")
        assert "Родитель" in str(table_header(screen))
        # Russian keyboard layout: ф is where a is
        await pilot.press("ф")
        assert isinstance(app.screen, GuardianForm)
        await pilot.press("escape")


def table_header(screen: RosterScreen) -> str:
    return " ".join(c.label for c in screen.finder.table.columns)


async def test_help_lists_the_keys(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = dict((action, keys) for keys, action in help_screen.rows)
        assert rows["Add"] == "a" and rows["Last row"] == "end" and rows["Search"] == "/"
        assert rows["Roster"] == "1" and "^q" in rows["Quit"]
        await pilot.press("escape")
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")


async def test_russian_help_and_footers_show_no_translation_keys(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    """Bindings keep their keys ("tui.key.add"); what is shown is translated at display."""
    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = footer_text(app.screen)
        assert "Новый" in footer and "tui." not in footer
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows = dict((action, keys) for keys, action in help_screen.rows)
        assert rows["Новый"] == "a" and "^q" in rows["Выход"]
        assert not [action for action in rows if "tui." in action]
        shown = {active.binding.description for active in help_screen.active_bindings.values()}
        assert "Закрыть" in shown and not [text for text in shown if "tui." in text]
        await pilot.press("escape")
        assert isinstance(app.screen, RosterScreen)


async def test_palette_finds_sections_by_english_and_russian_name(
        demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for query in ("Roster", "Родители"):
            await pilot.press("ctrl+p")
            assert CommandPalette.is_open(app)
            await paste(pilot, query)
            palette = app.screen
            await until(pilot, lambda palette=palette: palette.query_one("CommandList").option_count > 0)
            prompt = str(palette.query_one("CommandList").get_option_at_index(0).prompt)
            assert "Roster" in prompt or "Родители" in prompt
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, RosterScreen) and app.current_mode == "roster"


async def test_q_quits(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")  # in the search box q is a letter…
        assert app.is_running and roster_screen(pilot).finder.search_input.value == "q"
        await pilot.press("escape", "q")  # …elsewhere it quits
        await pilot.pause()
        assert not app.is_running


async def test_themes_are_selectable(demo_db: sqlite_utils.Database, db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert commands == ["Theme", "Keys", "Quit"]
        app.theme = "nord"
        await settle(pilot)
        assert app.theme == "nord" and roster_screen(pilot).finder.table.row_count > 0


async def test_an_empty_roster_says_how_to_begin_and_counts_lone_students(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path) -> None:
    from outreach.roster.importing.importer import import_roster

    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = roster_screen(pilot)
        assert "Press i to import a roster" in str(screen.finder.table.render_line(1).text)
        assert str(screen.finder.count_label.render()) == "Guardians: 0"
    class_list = tmp_path / "10a.csv"
    class_list.write_text("ФИО ученика,Класс\nПетров Иван,10А\nСидорова Ева,10А\n", encoding="utf-8")
    import_roster(db, class_list)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = roster_screen(pilot)
        await until(pilot, lambda: "children without a parent: 2" in str(screen.finder.count_label.render()))
        assert "only students: a adds a parent with the child's name" in str(screen.detail.render())
        form = await open_section(pilot, "a", GuardianForm)
        form.field_input("surname").value = "Петрова"
        form.field_input("child").value = "Петров Иван"
        form.field_input("group").value = "10А"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: str(screen.finder.count_label.render())
                    == "Guardians: 1 · children without a parent: 1")
        assert screen.finder.table.row_count == 1


async def test_the_roster_follows_an_import_by_a_script(demo_db: sqlite_utils.Database,
                                                        db_path: Path, tmp_path: Path) -> None:
    """Another connection (a CLI script) imports while the app is open: the table, the count
    and the group list follow within a second, and the cursor stays on its guardian though a
    new one sorts above it."""
    from outreach.roster.importing.importer import import_roster

    before = roster.count_guardians(demo_db)
    new_class = tmp_path / "1a.csv"
    new_class.write_text("ФИО ученика,Класс,ФИО родителя,Телефон\n"
                         "Ааронов Ян,1А,Ааронова Яна Яковлевна,89120001111\n", encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = roster_screen(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        highlighted = screen.highlighted.id
        import_roster(demo_db, new_class)  # the test's own connection: "another process"
        await until(pilot, lambda: screen.finder.table.row_count == before + 1)
        await until(pilot, lambda: str(screen.finder.count_label.render()) == f"Guardians: {before + 1}")
        await until(pilot, lambda: "1А" in screen.finder.groups)
        assert screen.finder.table.row_at(0).cells[0].startswith("Ааронова")  # sorted above the cursor
        assert screen.highlighted.id == highlighted and screen.finder.table.cursor == 3
