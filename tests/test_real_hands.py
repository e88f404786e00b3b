"""Faults a new Russian teacher met in her first hour with the real app at 80×24 (driven by
hand in tmux), each pinned by a test that failed before its fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from textual.app import App
from textual.widgets import Input, Static

from outreach.roster import guardians as roster
from outreach.settings.values import all_settings, set_setting
from outreach.surveys.model import new_from_template
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.inbox.screen import InboxScreen
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.guardian_form import GuardianForm
from outreach_screens.roster.import_wizard import ImportWizard
from outreach_screens.roster.screen import RosterScreen
from outreach_screens.settings.screen import SettingsScreen
from outreach_screens.surveys.import_dialog import SurveyImportWizard
from outreach_screens.surveys.screen import SurveysScreen
from tests.conftest import Cli
from tests.messages_support import free_port
from tests.tui_support import open_section, screen_lines, settle, until

SIZE = (80, 24)
SURVEYS = Path(__file__).parent / "data" / "surveys"

# the class teacher's own sheet: a title row, a column per parent, two phones in a cell
TITLED_ROSTER = """Список класса 7Б на 2026/27 уч. год;;;;;;
№;ФИО ученика;Мама;Телефон мамы;Папа;Телефон папы;Адрес эл. почты
1;Кузнецов Пётр Сергеевич;Кузнецова Мария Петровна;8-912-111-22-30, 8-912-444-55-60;Кузнецов Сергей Олегович;+7 (912) 555-66-70;kuz@mail.ru
2;Орлова Анна Игоревна;Орлова Ольга Ивановна;89123334450;Орлов Игорь Павлович;89124445560;orlova@yandex.ru
"""


async def test_the_wizard_says_a_number_column_is_left_out_on_purpose_not_unrecognised(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        russian: None) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "7b.csv").write_text(TITLED_ROSTER, encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_section(pilot, "i", ImportWizard)
        await pilot.press(*"7b.csv", "enter")
        await until(pilot, lambda: wizard.step == "step-preview")
        note = str(wizard.query_one("#unknown", Static).render())
        assert "намеренно не загружаются" in note and "№" in note
        assert "распознаны" not in note  # the CLI and the wizard say the same about «№»
        wizard.next_button.press()
        await until(pilot, lambda: wizard.step == "step-check")
        wizard.next_button.press()
        await until(pilot, lambda: roster.count_guardians(db) == 4)
    assert roster.group_names(db) == ["7Б"]  # the class the title states


async def test_a_survey_imported_from_the_cli_shows_up_in_the_open_surveys_section(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "4", SurveysScreen)
        assert screen.survey is None
        new_from_template(db, "channels", "Опрос о каналах")  # another connection: the CLI
        await until(pilot, lambda: screen.survey is not None)
        assert screen.survey is not None and screen.survey.title == "Опрос о каналах"


async def test_the_survey_import_summary_is_whole_at_80x24(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        wizard.path_input.value = str(SURVEYS / "google_ru.csv")
        await pilot.press("enter")
        await until(pilot, lambda: wizard.plan is not None)
        shown = " ".join(" ".join(line.replace("│", " ").split()) for line in screen_lines(app))
        status = " ".join(str(wizard.query_one("#import-status", Static).render()).split())
        assert status.startswith("Выгрузка Google Форм")
        assert status[-40:] in shown  # its last words were cut off below the box


def recorded_notes(app: App[object], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notification the app shows from now on, as its text."""
    notes: list[str] = []
    shown = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        notes.append(message)
        shown(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", notify)
    return notes


async def test_fetching_the_inbox_with_nothing_set_up_points_to_settings_not_to_the_cli(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "6", InboxScreen)
        await pilot.press("f")
        await until(pilot, lambda: bool(notes))
        assert "«Настройки» (0)" in notes[-1] and "outreach settings" not in notes[-1]


async def test_quiet_hours_off_read_and_typed_as_the_russian_word_in_settings(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    set_setting(db, "quiet_hours", "off")  # as `outreach settings set quiet_hours off` stores it
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "0", SettingsScreen)
        field = screen.editor("quiet_hours")
        assert isinstance(field, Input)
        assert field.value == "нет"  # the word its help names, not «off»
        assert screen.changed() == {}  # shown in words is not a change
        field.focus()
        await pilot.press("end", *["backspace"] * 3, *"21:30-07:30", "escape", "ctrl+s")
        await until(pilot, lambda: all_settings(db)["quiet_hours"] == "21:30-07:30")
        field.focus()
        await pilot.press("end", *["backspace"] * 11, *"нет", "escape", "ctrl+s")
        await until(pilot, lambda: all_settings(db)["quiet_hours"] == "off")
        assert field.value == "нет"


def test_a_mail_server_that_is_not_running_is_explained_in_russian(
        cli: Cli, sleeps: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    port = free_port()  # nothing listens there: the server is stopped
    for key, value in {"smtp.host": "127.0.0.1", "smtp.port": str(port), "smtp.security": "none",
                       "smtp.from": "teacher@school.ru", "quiet_hours": "off"}.items():
        assert cli("settings", "set", key, value).exit_code == 0
    added = cli("roster", "add-guardian", "--surname", "Орлова", "--email", "orlova@example.ru")
    assert added.exit_code == 0, added.stderr
    assert cli("roster", "consent", "--all", "--given").exit_code == 0
    assert cli("message", "new", "--text", "Собрание в четверг").exit_code == 0
    sent = cli("message", "send", "1", "--yes")
    errors = [row["error"] for row in cli.json("message", "log", "1") if row["error"]]
    assert errors and all("на этом порту никто не отвечает" in e for e in errors), errors
    assert "Errno" not in sent.stderr + sent.stdout and "refused" not in "".join(errors)


async def test_back_from_the_delivery_log_keys_stay_commands_after_esc(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pilot.press("escape", "l")  # out of the editor, to the log
        await settle(pilot)
        assert screen.views.current == "log"
        await pilot.press("l")
        await settle(pilot)
        assert screen.views.current == "compose"
        await pilot.press("l")  # was typed into the message: the editor had the focus again
        await settle(pilot)
        assert screen.views.current == "log"
        assert screen.editor.text == ""


def test_the_class_teachers_own_sheet_imports_with_no_flags_and_a_summary_in_plain_russian(
        cli: Cli, db: sqlite_utils.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    source = tmp_path / "7b.csv"
    source.write_text(TITLED_ROSTER, encoding="utf-8")
    result = cli("roster", "import", str(source))
    assert result.exit_code == 0, result.stderr
    assert "Ошибок в пропущенных строках: 0." in result.stdout
    assert "проблем" not in result.stdout  # «Отклонено проблем: 0» read as "rejected problems"
    assert roster.group_names(db) == ["7Б"] and roster.count_guardians(db) == 4


async def test_esc_in_a_parents_form_with_typed_changes_asks_before_throwing_them_away(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    added = roster.add_guardian(db, {"surname": "Орлова", "phone": "+79123334450"})
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "1", RosterScreen)
        form = await open_section(pilot, "e", GuardianForm)
        form.field_input("phone").focus()
        await pilot.press("end", *["backspace"] * len(form.field_input("phone").value), *"89124445566")
        await pilot.press("escape")  # to leave the field, or the form: asked
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen) and app.focused is question.cancel_button
        await pilot.press("escape")  # no: back to the form, the typing kept
        await settle(pilot)
        assert app.screen is form and form.field_input("phone").value == "89124445566"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: roster.get_guardian(db, added).phone == "+79124445566")
        form = await open_section(pilot, "e", GuardianForm)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
