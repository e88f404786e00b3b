"""Issue 15 in the app: the pieces a Russian teacher found cut, in English or split (the SMS
counter, the import wizard's field codes, the scoreboard's event names, key names, «эл. почта»,
the survey import dialog and templates, a class typed for a copy of a message), each driven
through the real app; and every section at 120×36 (test_whole_screens does 80×24)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static

from outreach.common.i18n import set_language
from outreach_screens.app import make_app
from outreach_screens.channels.screen import ChannelsScreen
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.contest.scoreboard import ScoreboardScreen
from outreach_screens.help import HelpScreen
from outreach_screens.messages.outbox import audience_typed
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.import_wizard import ImportWizard
from outreach_screens.sections import SECTIONS
from outreach_screens.settings.screen import SettingsScreen
from outreach_screens.surveys.import_dialog import SurveyImportWizard
from outreach_screens.surveys.screen import SurveysScreen
from outreach_screens.surveys.templates import SurveyTemplatePicker
from outreach_screens.widgets.prose import WholePhrases
from tests.messages_support import parents
from tests.test_whole_screens import scan
from tests.tui_support import open_section, paste, screen_lines, settle, until

SIZE = (80, 24)


async def test_the_sms_counter_is_whole_on_the_preview_border(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    parents(db, 2, channel="sms")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        box = screen.query_one("#preview-box")
        await pilot.press("e")
        await paste(pilot, "Собрание завтра в 18:00. " * 8)
        await until(pilot, lambda: "СМС" in str(box.border_subtitle))
        assert str(box.border_subtitle) == "СМС: 3 части, 199 знаков"
        assert str(box.border_subtitle) in screen_lines(app)[box.region.bottom - 1]
        await paste(pilot, "Очень длинный текст. " * 10)
        await until(pilot, lambda: box.has_class("sms-too-long"))
        assert str(box.border_subtitle) == "СМС: 7 частей, сократите текст"
        assert str(box.border_subtitle) in screen_lines(app)[box.region.bottom - 1]


ROSTER_CSV = "ФИО ученика;Класс;Мама;Телефон мамы\nИванов Иван;9В;Иванова Анна;89121112201\n"


async def test_the_import_wizard_names_fields_in_russian_and_codes_only_in_english(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        russian: None) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "class9.csv").write_text(ROSTER_CSV, encoding="utf-8")
    fields = await wizard_fields(db_path, "class9.csv")
    assert "ФИО ученика" in fields and "телефон — мать" in fields, fields
    assert not any("(" in field or "." in field for field in fields), fields
    set_language("en")
    monkeypatch.setenv("OUTREACH_LANG", "en")
    fields = await wizard_fields(db_path, "class9.csv")
    assert "phone — mother (mother.phone)" in fields, fields


async def wizard_fields(db_path: Path, file: str) -> list[str]:
    """The meanings the import wizard gives the columns of `file`, as it shows them."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_section(pilot, "i", ImportWizard)
        await pilot.press(*file, "enter")
        await settle(pilot)
        mapping = wizard.query_one("#mapping")
        return [str(mapping.get_row_at(i)[1]) for i in range(mapping.row_count)]


@pytest.mark.parametrize(("width", "whole"), [(132, ["Теория ПДД", "Параллельная", "парковка", "Остановка у", "стоп-линии"]),
                                              (150, ["Параллельная парковка", "Остановка у стоп-линии"])])
async def test_wide_scoreboard_gives_the_events_names_the_width_it_has(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None, width: int, whole: list[str]) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(width, 36)) as pilot:
        screen = await open_section(pilot, "5", ScoreboardScreen)
        names = [row.team.name + (f" ({row.team.people})" if row.team.people else "") for row in screen.board.rows]
        text = "\n".join(screen_lines(app))
        assert all(name in text for name in whole), text
        assert all(name in text for name in names)  # the teams stay whole
        header = screen_lines(app)[screen.table.region.y]
        # a name still shortened: no more than the status column left blank
        assert "…" not in header or len(header) >= width - 12, header


SURVEYS = Path(__file__).parent / "data" / "surveys"


async def test_survey_import_shows_the_type_column_and_proposes_matching_by_the_files_contact(
        demo_db: sqlite_utils.Database, db_path: Path, tmp_path: Path, russian: None) -> None:
    by_phone = tmp_path / "by_phone.csv"
    google = (SURVEYS / "google_ru.csv").read_text(encoding="utf-8")
    by_phone.write_text(google.replace("Адрес электронной почты", "Номер телефона", 1), encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        wizard = await open_section(pilot, "i", SurveyImportWizard)
        await paste(pilot, str(SURVEYS / "google_ru.csv"))
        await pilot.press("enter")
        await until(pilot, lambda: wizard.plan is not None and wizard.plan.match == "email")
        table = wizard.query_one("#mapping", DataTable)
        dialog = wizard.query_one("#dialog").region
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= table.size.width
        lines = screen_lines(app)
        header = lines[table.region.y]
        assert "Тип" in header[dialog.x:dialog.right], header
        assert any("контакт респондента" in line[dialog.x:dialog.right] for line in lines)
        note = str(wizard.query_one("#match-note", Static).render())
        assert note == "Родителей узнаём по столбцу файла «Адрес электронной почты»."
        assert note in "\n".join(lines)
        assert wizard.query_one("#import-match", Select).value == "email"
        wizard.path_input.value = str(by_phone)
        wizard.path_input.focus()
        await pilot.press("enter")
        await until(pilot, lambda: wizard.plan is not None and wizard.plan.match == "phone")
        assert "«Номер телефона»" in str(wizard.query_one("#match-note", Static).render())


@pytest.mark.parametrize(("lang", "shown"), [("ru", ["Shift+C", "Home", "Esc"]), ("en", ["shift+c", "home", "esc"])])
async def test_keys_are_named_as_russian_manuals_write_them_and_english_keeps_textuals(
        demo_db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        lang: str, shown: list[str]) -> None:
    monkeypatch.setenv("OUTREACH_LANG", lang)
    set_language(lang)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("g", "enter", "down", "enter", "escape"):  # a class chosen: Shift+C works
            await pilot.press(key)
            await settle(pilot)
        await open_section(pilot, "question_mark", HelpScreen)
        words = "\n".join(screen_lines(app)).split()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        await pilot.press(*["down"] * help_screen.keys_table.row_count)  # the rows below, at 80×24
        await settle(pilot)
        words += "\n".join(screen_lines(app)).split()
        assert all(key in words for key in shown), words
        await pilot.press("escape")
        await open_section(pilot, "2", ChannelsScreen)
        await pilot.press("enter")  # the parent's channel list: its footer names the space bar
        await settle(pilot)
        footer = "\n".join(screen_lines(app)[-2:])
        assert ("Пробел Отказ" if lang == "ru" else "space Opt out") in footer, footer


async def at_each_size(pilot: Pilot, sizes: list[tuple[int, int]],
                       wrong: Callable[[list[str]], bool]) -> list[str]:
    """The screen at each size (one app resized: it lays out as a fresh app of that size
    does), as text, where `wrong(lines)` holds: each named by its size."""
    failures = []
    for width, height in sizes:
        await pilot.resize_terminal(width, height)
        await settle(pilot)
        lines = screen_lines(pilot.app)
        if wrong(lines):
            failures.append(f"{width}×{height}:\n" + "\n".join(lines))
    return failures


async def test_the_email_channel_is_never_split_in_settings(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    def split(lines: list[str]) -> bool:  # the default channels and their help name it whole
        return ("\n".join(lines).count("эл. почта") != 2
                or any(line.rstrip().endswith(" эл.") for line in lines))

    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "0", SettingsScreen)
        failures = await at_each_size(pilot, [(80, 24), (71, 24), (64, 24), (90, 30)], split)
    assert not failures, "\n\n".join(failures)


def test_whole_phrases_wrap_at_ordinary_spaces_only() -> None:
    text = "любые из: эл.\u00a0почта, Telegram"
    assert WholePhrases(text).wrapped(14).plain.split("\n") == ["любые из:", "эл.\u00a0почта,", "Telegram"]
    assert str(WholePhrases(text)) == text


async def test_survey_templates_say_their_language_and_count_questions_in_words(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "4", SurveysScreen)
        picker = await open_section(pilot, "n", SurveyTemplatePicker)
        labels = [str(picker.options.get_option_at_index(i).prompt) for i in range(picker.options.option_count)]
        assert "Каналы связи с родителями · 6\u00a0вопросов" in labels, labels
        assert "How to reach parents · на английском · 6\u00a0вопросов" in labels, labels
        lines = screen_lines(app)
        assert not any(line.split("▊")[-1].strip().startswith("вопросов") for line in lines), "\n".join(lines)


async def test_every_section_at_120x36_is_whole_and_russian(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """Each section as first shown (one app shows them in turn), each failing one named."""
    app = make_app(db_path)
    failures = []
    async with app.run_test(size=(120, 36)) as pilot:
        for section in SECTIONS:
            await open_section(pilot, section.key, Screen)
            problems = await scan(pilot, "ru")
            if problems:
                failures.append(f"{section.id}: " + "\n  ".join(problems) + "\n" + "\n".join(screen_lines(app)))
    assert not failures, "\n\n".join(failures)


async def test_a_confirmation_never_splits_the_email_channel(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    body = "план: " + " · ".join(f"{name} {n}" for n, name in enumerate(
        ["Telegram", "ВК", "эл.\u00a0почта", "MAX", "СМС", "эл.\u00a0почта", "звонок", "эл.\u00a0почта"]))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ConfirmScreen("Отправка", body, "Отправить?", "Отправить"))
        await settle(pilot)
        failures = await at_each_size(pilot, [(width, 24) for width in range(52, 80, 3)],
                                      lambda lines: "\n".join(lines).count("эл. почта") != 3)
    assert not failures, "\n\n".join(failures)


def test_a_class_is_typed_by_its_name_and_the_cli_specs_still_work() -> None:
    assert audience_typed(" 10Б ") == ["group:10Б"]
    assert audience_typed("Автошкола В-1") == ["group:Автошкола В-1"]
    assert audience_typed("group:10Б guardian:7") == ["group:10Б", "guardian:7"]
    assert audience_typed("all") == ["all"] and audience_typed("  ") == []
    assert audience_typed("Все") == ["all"] and audience_typed("все родители") == ["all"]  # not a class «Все»
    assert audience_typed("группа:10Б") == ["группа:10Б"]  # words for the kind, as the CLI takes them


def test_an_events_name_goes_on_two_lines_at_the_space_that_balances_them() -> None:
    from outreach_screens.contest.scoreboard import header_width, two_lines

    assert two_lines("Параллельная парковка") == "Параллельная\nпарковка"
    assert two_lines("Остановка у стоп-линии") == "Остановка у\nстоп-линии"
    assert two_lines("Змейка") == "Змейка"
    assert header_width("Остановка у\nстоп-линии") == 11
