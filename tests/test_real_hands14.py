"""Fourteenth hands-on pass: a Russian class teacher writing this week's messages at 80×24 (her
own text with the child's name; a mother of two children in different classes), each slip
pinned by a test that failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.messages.screen import MessagesScreen
from tests.conftest import Cli
from tests.messages_support import Mailbox, local_smtp, parents
from tests.test_real_hands2 import choose_group, confirm, write
from tests.tui_support import open_section, paste, settle, until

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def instant_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MessagesScreen, "PREVIEW_DELAY", 0)
    monkeypatch.setattr(MessagesScreen, "KEEP_DELAY", 0)


def mother_of_two(db: sqlite_utils.Database) -> int:
    """Ирина Юрьевна: Глеб in 10А (first by name) and Алиса in 10Б; one other parent in 10Б."""
    gleb = roster.add_student(db, "Волков", "Глеб", "", "10А")
    alisa = roster.add_student(db, "Волкова", "Алиса", "", "10Б")
    mother = roster.add_guardian(db, {"surname": "Волкова", "name": "Ирина", "patronymic": "Юрьевна",
                                      "email": "volkova@example.ru"}, [(gleb, "mother"), (alisa, "mother")])
    roster.set_consent(db, [mother], True)
    parents(db, 1, group="10Б")
    return mother


def test_a_mother_of_two_reads_the_name_of_her_child_in_the_class_written_to(
        db: sqlite_utils.Database, cli: Cli, russian: None) -> None:
    """A message to 10Б «[имя ребёнка] ([класс]) завтра дежурит» told Ирина Юрьевна «Глеб
    (10А)»: her first child by name, in the other class. Now the child in the audience's class."""
    mother = mother_of_two(db)
    made = cli.json("message", "new", "--audience", "group:10Б", "--text",
                    "{{ guardian.dear }}! {% if student %}{{ student.name }} ({{ group }}){% endif %} завтра дежурит.")
    shown = cli("message", "preview", str(made["id"]), "--guardian", str(mother)).stdout
    assert "Уважаемая Ирина Юрьевна! Алиса (10Б) завтра дежурит." in shown
    made = cli.json("message", "new", "--audience", "group:10А", "--text",
                    "{% if student %}{{ student.name }} ({{ group }}){% endif %} завтра дежурит.")
    assert "Глеб (10А) завтра дежурит." in cli("message", "preview", str(made["id"]), "--guardian", str(mother)).stdout


async def test_her_own_text_with_the_childs_name_is_refused_in_words_then_sent_right(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """«[имя ребёнка]» from Ctrl+O, bare, could never be saved: ctrl+s said «В шаблоне
    используется то, чего нет: 'None' has no attribute 'name'.» Now it says which placeholder,
    why (no child in a public post, the memo, a parent without one) and the part to use; that
    part saves, and the mother of two gets her 10Б child's name by e-mail."""
    mother_of_two(db)
    box = Mailbox()
    app = make_app(db_path)
    asked: list[ConfirmScreen] = []
    with local_smtp(monkeypatch, box):
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, "3", MessagesScreen)
            await write(pilot, screen, "[обращение]! Напоминаю: [имя ребёнка] завтра дежурит.")
            await choose_group(pilot, screen, "10Б")
            await pilot.press("escape", "ctrl+s")
            await until(pilot, lambda: screen.problem != "")
            assert screen.saved is None
            assert "None" not in screen.problem
            assert screen.problem.startswith("«[имя ребёнка]» нечем заполнить там, где нет ребёнка")
            assert "«Часть текста — только если указан ребёнок» (Ctrl+O" in screen.problem

            await pilot.press("e", "ctrl+a", "delete")
            await paste(pilot, "[обращение]! Напоминаю: [если указан ребёнок: [имя ребёнка] ([класс])] завтра дежурит.")
            await until(pilot, lambda: screen.problem == "" and "дежурит" in screen.preview_text)
            await pilot.press("escape", "ctrl+g")
            await confirm(pilot, app, asked)
            await until(pilot, lambda: len(box.messages) == 2 and screen.sending is None)
            await settle(pilot)
    letters = {str(m["To"]): m.get_body(("plain",)).get_content() for m in box.messages}  # type: ignore[union-attr]
    volkova = next(text for to, text in letters.items() if "volkova@example.ru" in to)
    assert "Уважаемая Ирина Юрьевна! Напоминаю: Алиса (10Б) завтра дежурит." in " ".join(volkova.split())
    assert "Глеб" not in volkova
