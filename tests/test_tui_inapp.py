"""Templates without code, the SMS counter and the messages-list key, through Textual's Pilot
on a real database."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import sqlite_utils

from outreach.channels.coverage import coverage
from outreach.common.i18n import set_language
from outreach.messages import compose, templates
from outreach.messages.delivery.send import send_message
from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.channels.screen import ChannelsScreen
from outreach_screens.help import HelpScreen
from outreach_screens.messages.outbox import MessageListScreen
from outreach_screens.messages.pickers import TemplatePicker
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.messages.template_dialogs import PlaceholderPicker, TemplateSaveDialog
from outreach_screens.roster.guardian_list import GuardianList
from outreach_screens.widgets.key_footer import KeyFooter
from tests.messages_support import parents
from tests.tui_support import open_section, paste, settle, until

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def instant_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MessagesScreen, "PREVIEW_DELAY", 0)
    monkeypatch.setattr(MessagesScreen, "KEEP_DELAY", 0)


async def _pick(pilot, search: str) -> None:
    await pilot.press("escape", "t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TemplatePicker)
    await paste(pilot, search)
    await pilot.press("enter")
    await settle(pilot)


async def test_template_edited_with_tokens_saved_as_mine_and_used_in_a_message(
    db: sqlite_utils.Database, db_path: Path
) -> None:
    parents(db, 2, channel="sms")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await _pick(pilot, "родительское собрание")
        assert screen.template is not None and screen.template.slug == "parent-meeting"
        text = screen.editor.text
        assert text.startswith("[обращение]!") and "{{" not in text and "{%" not in text
        assert "[если указан класс:  [класс] класса]" in text
        screen.options.fill(
            {"date": "25 сентября", "time": "18:30", "place": "каб. 12", "topic": "экзамены"}
        )

        screen.editor.move_cursor(screen.editor.document.end)
        await pilot.press("ctrl+o")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PlaceholderPicker)
        labels = [
            str(picker.options.get_option_at_index(i).prompt)
            for i in range(picker.options.option_count)
        ]
        assert labels[0].startswith("[дата] — дата")
        await pilot.press("enter")  # the first: the meeting's date
        await settle(pilot)
        assert app.screen is screen and screen.editor.text.endswith("[дата]")

        await pilot.press(*" [кот]")
        await until(pilot, lambda: "«[кот]»" in screen.problem)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.saved is None
        await pilot.press(*["backspace"] * 5)
        await until(pilot, lambda: screen.problem == "")

        await pilot.press("ctrl+t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TemplateSaveDialog)
        await pilot.press("ctrl+u")
        await paste(pilot, "Моё собрание")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        mine = templates.find("ru/parent-meeting")
        assert (mine.source, mine.title) == ("user", "Моё собрание")
        assert (
            mine.body.rstrip().endswith("{{ date }}")
            and "{% if group %} {{ group }} класса{% endif %}" in mine.body
        )
        assert screen.template is not None and screen.template.source == "user"

        await _pick(pilot, "Моё")
        assert screen.template.title == "Моё собрание"
        assert screen.editor.text.rstrip().endswith("[дата]")
        await pilot.press("escape", "ctrl+s")
        await settle(pilot)
        assert screen.saved is not None
    body, title = db.execute(
        "SELECT body, title FROM messages WHERE id = ?", [screen.saved[0]]
    ).fetchone()
    assert title == "Моё собрание" and body.rstrip().endswith("{{ date }}")


async def test_picker_marks_the_teachers_own_templates(
    db: sqlite_utils.Database, db_path: Path
) -> None:
    base = templates.find("ru/ice-safety")
    templates.save_user_template(base, "ice-mine", "ru", "Лёд: моя памятка", base.body)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "3", MessagesScreen)
        await pilot.press("escape", "t")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TemplatePicker)
        await paste(pilot, "моя памятка")
        assert picker.options.option_count == 1
        # season and language in words (English interface, a Russian template), no slug
        label = str(picker.options.get_option_at_index(0).prompt)
        assert label == "Лёд: моя памятка (winter) · in Russian · mine"


async def test_sms_counter_in_the_preview_and_the_plan(
    db: sqlite_utils.Database, db_path: Path
) -> None:
    parents(db, 2, channel="sms")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pilot.press("e")
        await paste(pilot, "Собрание завтра в 18:00.")
        await until(pilot, lambda: "SMS:" in str(screen.query_one("#preview-box").border_subtitle))
        box = screen.query_one("#preview-box")
        assert str(box.border_subtitle) == "SMS: 1 part, 24 characters" and not box.has_class("sms-too-long")
        await paste(pilot, "Очень длинный текст. " * 20)
        await until(pilot, lambda: box.has_class("sms-too-long"))
        assert str(box.border_subtitle) == "SMS: 7 parts, please shorten it"
        assert box.region.width > 0
        await pilot.press("escape", "ctrl+s")
        await until(
            pilot, lambda: screen.saved is not None and "SMS:" in str(screen.send_panel.plan_label.render())
        )
        assert "more than 3 parts" in str(screen.send_panel.plan_label.render())


async def test_a_key_opens_the_messages_list_and_the_footer_shows_it(
    db: sqlite_utils.Database, db_path: Path
) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        keys = {key.key_display: key.region for key in screen.query_one(KeyFooter).shown_keys()}
        assert "m" in keys and all(0 < region.right <= SIZE[0] for region in keys.values()), keys
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MessageListScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The opener's commands, recorded instead of run (xdg-open present)."""
    commands: list[list[str]] = []
    monkeypatch.setattr("outreach.channels.call_list.sys.platform", "linux")
    monkeypatch.setattr("outreach.channels.call_list.shutil.which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr("outreach.channels.call_list._detached", commands.append)
    return commands


async def test_unreachable_call_list_exported_as_xlsx_and_opened(
    demo_db: sqlite_utils.Database, db_path: Path, launched: list[list[str]]
) -> None:
    unreachable = coverage(demo_db)["unreachable"]
    assert unreachable
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "2", ChannelsScreen)
        listing = await open_section(pilot, "u", GuardianList)
        assert not listing.check_action("open_file", ())
        await pilot.press("x")
        await until(pilot, lambda: listing.written is not None)
        written = listing.written
        assert (
            written is not None
            and written.xlsx == db_path.parent / "test-messages" / "unreachable.xlsx"
        )
        await pilot.press("o")
        await settle(pilot)
        assert launched == [["xdg-open", str(written.html)]]
    rows = list(openpyxl.load_workbook(written.xlsx).active.iter_rows(values_only=True))
    names = [roster.get_guardian(demo_db, gid).full_name for gid in unreachable]
    assert rows[0][:2] == ("Parent", "Phone") and [row[0] for row in rows[1:]] == names


async def test_message_files_printable_and_folder_opened_from_the_log(
    db: sqlite_utils.Database, db_path: Path, launched: list[list[str]]
) -> None:
    parents(db, 2, channel="sms")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"), audience=["all"])
    send_message(db, message_id)
    folder = Path(compose.get_message(db, message_id).folder or "")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pilot.press("l")
        await until(pilot, lambda: screen.log_view.message_id == message_id)
        await pilot.press("f")
        await until(pilot, lambda: launched == [["xdg-open", str(folder)]])
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert ("f", "Files") in app.screen.rows and ("m", "Message") in app.screen.rows  # the log's m
    assert openpyxl.load_workbook(folder / "sms.xlsx").active.max_row == 3
    assert "@page" in (folder / "sms.html").read_text(encoding="utf-8")


async def test_template_dialogs_in_russian_fit_80x24(
    db: sqlite_utils.Database, db_path: Path
) -> None:
    set_language("ru")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await _pick(pilot, "тонкий лёд")
        assert screen.editor.border_subtitle == "^o подстановка · ^t мой шаблон"
        await pilot.press("ctrl+o")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PlaceholderPicker)
        dialog = picker.query_one("#dialog")
        assert dialog.border_title == "Подстановки" and dialog.region.bottom <= SIZE[1]
        await pilot.press("escape", "ctrl+t")
        await settle(pilot)
        saving = app.screen
        assert isinstance(saving, TemplateSaveDialog)
        dialog = saving.query_one("#dialog")
        assert dialog.border_title == "Сохранить как мой шаблон"
        assert dialog.region.bottom <= SIZE[1] and dialog.region.right <= SIZE[0]
        await pilot.press("ctrl+u", "enter")
        await settle(pilot)
        assert app.screen is saving
        assert "Введите название шаблона." in str(saving.query_one("#dialog-error").render())
