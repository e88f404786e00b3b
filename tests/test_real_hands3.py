"""Third hands-on pass (a class teacher's first day: her own list imported, a first message
written): each slip met at 80×24 in Russian, pinned by a test that failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.messages import compose, templates
from outreach.messages.delivery.send import send_message
from outreach_screens.app import make_app
from outreach_screens.messages.screen import MessagesScreen
from tests.conftest import Cli
from tests.messages_support import parents
from tests.tui_support import open_section, paste, until

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def instant_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MessagesScreen, "PREVIEW_DELAY", 0)
    monkeypatch.setattr(MessagesScreen, "KEEP_DELAY", 0)


def test_a_field_name_of_ones_own_is_said_to_be_one_value_for_everyone_in_the_cli(
        db: sqlite_utils.Database, cli: Cli) -> None:
    """«{{ имя_родителя }}» is no field: `--set имя_родителя=Мария` would greet every parent as
    Мария. The refusal names the field that is each parent's own; a plain «{{ дата }}» is
    just a value to give."""
    parents(db, 1)
    result = cli("message", "new", "--text", "{{ имя_родителя }}, собрание в пятницу.", "--audience", "all")
    assert result.exit_code == 1
    assert "{{ имя_родителя }} is no field of outreach's" in result.stderr
    assert "{{ guardian.dear }}" in result.stderr
    result = cli("message", "new", "--text", "{{ имя_ребёнка }} из {{ класс_ребёнка }}: собрание {{ дата }}.",
                 "--audience", "all")
    assert "{{ student.name }}" in result.stderr and "{{ group }}" in result.stderr
    assert "{{ дата }} is no field" not in result.stderr
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


async def test_a_teachers_first_message_of_her_own(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """Three slips of one first message, in one composer: a field name of her own
    («{{ имя_родителя }}») is said to be one value for everyone; Ctrl+A, Delete clears a draft
    (Textual's Ctrl+A went to the line's start and Delete ate one letter); «[обращение]! …» as
    the first line never reaches the e-mail subject (three parents got «[обращение]! Собрание
    5Б»): the subject comes from the text as parents get it, the lists keep her line."""
    parents(db, 1)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.editor.focus()
        await paste(pilot, "{{ имя_родителя }}, собрание в пятницу в {{ время }}.")
        await until(pilot, lambda: screen.problem != "")
        assert screen.problem == ("Заполните ниже: время, имя_родителя. «имя_родителя» будет одним и тем же"
                                  " для всех родителей; у каждого своё — [обращение] (Ctrl+O).")

        await pilot.press("ctrl+a", "delete")
        assert screen.editor.text == ""
        await pilot.press(*"Новый текст")
        assert screen.editor.text == "Новый текст"

        await pilot.press("ctrl+a", "delete")
        await paste(pilot, "[обращение]! Собрание 5Б в пятницу в 18:00.")
        await until(pilot, lambda: "Собрание" in screen.preview_text)
        draft = screen.draft()
        assert draft is not None and draft.problem == ""
        assert draft.template.subject == "Сообщение от классного руководителя"
        assert draft.template.title == "[обращение]! Собрание 5Б в пятницу в 18:00."
        await pilot.press("ctrl+a", "delete")
        await paste(pilot, "[обращение]!\n\n# Собрание 5Б\n\nВ пятницу в 18:00.")
        draft = screen.draft()
        assert draft is not None and draft.template.subject == "Собрание 5Б"


def test_letters_waiting_for_a_mail_server_say_where_to_set_it_up(db: sqlite_utils.Database, russian: None) -> None:
    """The app's toast said «(outreach settings set smtp.host …)»: a command line to a teacher
    in the app; it names the Settings section (key 0) too."""
    parents(db, 1)
    mid = compose.create_message(db, templates.blank("ru", "Завтра линейка."), audience=["all"])
    report = send_message(db, mid)
    assert report.waiting == {"email": 1}
    assert any("Настройки — клавиша 0" in problem for problem in report.problems)
