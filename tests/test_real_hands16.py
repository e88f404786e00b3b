"""Sixteenth hands-on pass: a mother of two chosen on her own as a message's audience read «[имя
ребёнка]» as her first child by name, with no way to say which child was meant. The audience now
names the child («guardian:ID:student:ID», «student:ID»; in the app a question after the parent
is picked), each slip pinned by a test that failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from textual.pilot import Pilot

from outreach.common.i18n import set_language
from outreach.messages import compose, templates
from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.messages.pickers import ChildPicker, GuardianPicker
from outreach_screens.messages.screen import MessagesScreen
from tests.conftest import Cli
from tests.messages_support import Mailbox, local_smtp, parents
from tests.test_real_hands2 import write
from tests.tui_support import open_section, settle, until

SIZE = (80, 24)
DUTY = "{{ guardian.dear }}! {% if student %}{{ student.name }} ({{ group }}){% endif %} завтра дежурит."


@pytest.fixture(autouse=True)
def instant_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MessagesScreen, "PREVIEW_DELAY", 0)
    monkeypatch.setattr(MessagesScreen, "KEEP_DELAY", 0)


def family(db: sqlite_utils.Database) -> dict[str, int]:
    """Ольга Петровна: Петя in 7А (first by name) and Маша in 3Б; Маша's father, Сергей
    Павлович (her only); another mother in 7А with her Коля."""
    others = parents(db, 1, group="7А")  # also: e-mail, no quiet hours
    petya = roster.add_student(db, "Иванов", "Петя", "", "7А")
    masha = roster.add_student(db, "Иванова", "Маша", "", "3Б")
    mother = roster.add_guardian(db, {"surname": "Иванова", "name": "Ольга", "patronymic": "Петровна",
                                      "email": "ivanova@example.ru"}, [(petya, "mother"), (masha, "mother")])
    father = roster.add_guardian(db, {"surname": "Иванов", "name": "Сергей", "patronymic": "Павлович",
                                      "email": "ivanov@example.ru"}, [(masha, "father")])
    roster.set_consent(db, [mother, father], True)
    other_child = roster.get_guardian(db, others[0]).students[0].id
    return {"mother": mother, "father": father, "petya": petya, "masha": masha,
            "other": others[0], "other_child": other_child}


def read_by(db: sqlite_utils.Database, message_id: int, guardian_id: int) -> str:
    return compose.preview(db, message_id, guardian_id)["text"]


def test_a_mother_of_two_written_to_about_one_child_reads_that_childs_name(
        db: sqlite_utils.Database, cli: Cli, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--audience guardian:ID` told Ольга Петровна «Петя (7А)» even when the message was about
    Маша. «guardian:ID:student:ID» names the child (typed in words too), in the preview and in
    the letter; the plain spelling still means the first by name."""
    f = family(db)
    about_masha = cli.json("message", "new", "--audience", f"guardian:{f['mother']}:student:{f['masha']}",
                           "--text", DUTY)["id"]
    about_petya = cli.json("message", "new", "--audience", f"родитель:{f['mother']}:ребёнок:{f['petya']}",
                           "--text", DUTY)["id"]
    plain = cli.json("message", "new", "--audience", f"guardian:{f['mother']}", "--text", DUTY)["id"]
    shown = cli("message", "preview", str(about_masha), "--guardian", str(f["mother"])).stdout
    assert "Уважаемая Ольга Петровна! Маша (3Б) завтра дежурит." in shown
    assert "Петя (7А) завтра дежурит." in read_by(db, about_petya, f["mother"])
    assert "Петя (7А) завтра дежурит." in read_by(db, plain, f["mother"])
    stored = {row["id"]: row["audience"] for row in cli.json("message", "list")}
    assert stored[about_petya] == [f"guardian:{f['mother']}:student:{f['petya']}"]  # codes, as scripts read them
    assert stored[plain] == [f"guardian:{f['mother']}"]

    box = Mailbox()
    with local_smtp(monkeypatch, box):
        assert cli("message", "send", str(about_masha), "--yes").exit_code == 0
        assert cli("message", "send", str(about_petya), "--yes").exit_code == 0
    letters = [" ".join(m.get_body(("plain",)).get_content().split()) for m in box.messages]  # type: ignore[union-attr]
    assert len(letters) == 2
    assert "Маша (3Б) завтра дежурит." in letters[0] and "Петя" not in letters[0]
    assert "Петя (7А) завтра дежурит." in letters[1] and "Маша" not in letters[1]


def test_a_child_who_is_not_hers_or_an_unknown_id_is_refused_in_words(
        db: sqlite_utils.Database, cli: Cli, russian: None) -> None:
    f = family(db)
    wrong = cli("message", "new", "--audience", f"guardian:{f['mother']}:student:{f['other_child']}", "--text", DUTY)
    assert wrong.exit_code == 1
    said = " ".join(wrong.stderr.split())
    assert f"не ребёнок родителя Иванова Ольга Петровна (номер {f['mother']})" in said
    assert (f"Дети этого родителя: Иванов Петя (7А, номер {f['petya']}), "
            f"Иванова Маша (3Б, номер {f['masha']}).") in said
    unknown = cli("message", "new", "--audience", f"guardian:{f['mother']}:student:999", "--text", DUTY)
    assert unknown.exit_code == 1 and "Ученика с номером 999 нет." in unknown.stderr
    nobody = cli("message", "new", "--audience", "student:999", "--text", DUTY)
    assert nobody.exit_code == 1 and "Ученика с номером 999 нет." in nobody.stderr
    typo = cli("message", "new", "--audience", f"guardian:{f['mother']}:{f['masha']}", "--text", DUTY)
    assert typo.exit_code == 1 and "родитель:НОМЕР_РОДИТЕЛЯ:ребёнок:НОМЕР_РЕБЁНКА" in " ".join(typo.stderr.split())
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_a_childs_audience_is_each_of_her_parents_about_her(db: sqlite_utils.Database, cli: Cli,
                                                            russian: None) -> None:
    """«student:ID»: «write to Маша's parents» from a script; her mother, whose first child by
    name is Петя, reads Маша too."""
    f = family(db)
    made = cli.json("message", "new", "--audience", f"student:{f['masha']}", "--text", DUTY)["id"]
    assert compose.resolve_audience(db, compose.parse_audience([f"student:{f['masha']}"])) == \
        sorted([f["mother"], f["father"]])
    assert "Уважаемая Ольга Петровна! Маша (3Б)" in read_by(db, made, f["mother"])
    assert "Уважаемый Сергей Павлович! Маша (3Б)" in read_by(db, made, f["father"])
    set_language("ru")  # the runner leaves English behind
    assert compose.describe_audience(db, made) == "родители ребёнка: Иванова Маша (3Б), 2 человека"


def test_the_child_named_for_her_comes_before_the_class_written_to(db: sqlite_utils.Database) -> None:
    """A class and a mother about her other child in one audience: the child named for her
    wins; other parents of the class still read their child in it."""
    f = family(db)
    made = compose.create_message(db, templates.blank("ru", DUTY),
                                  audience=["group:7А", f"guardian:{f['mother']}:student:{f['masha']}"])
    assert "Маша (3Б)" in read_by(db, made, f["mother"])
    assert "(7А)" in read_by(db, made, f["other"])


async def pick(pilot: Pilot, screen: MessagesScreen, guardian_id: int) -> None:
    """By keyboard: a (audience), the kind «выбранные родители», its button, then the parent
    in the picker's table (↓ to her row, enter)."""
    await pilot.press("escape", "a")
    if screen.options.kind != "guardian":
        await pilot.press("enter", "down", "down", "enter")
        await settle(pilot)
    assert screen.options.kind == "guardian"
    await pilot.press("tab", "enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, GuardianPicker))
    picker = pilot.app.screen
    assert isinstance(picker, GuardianPicker)
    await pilot.press("enter")  # the search (empty) to the table
    await settle(pilot)
    while picker.table.highlighted_row is None or picker.table.highlighted_row.key != guardian_id:
        await pilot.press("down")
        await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_picking_a_mother_of_two_asks_which_child_and_the_message_names_that_one(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """In «выбранные родители» Ольга Петровна is picked; the app asks which child the message
    is about: «Маша, 3Б» is chosen. The options show it, the preview names Маша, the saved
    message does, and a restart brings the choice back."""
    f = family(db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await write(pilot, screen, "[обращение]! [если указан ребёнок: [имя ребёнка] ([класс])] завтра дежурит.")
        await pick(pilot, screen, f["mother"])
        await until(pilot, lambda: isinstance(app.screen, ChildPicker))
        dialog = app.screen
        assert isinstance(dialog, ChildPicker)
        assert [str(option.prompt) for option in dialog.options.options] == ["Петя, 7А", "Маша, 3Б"]
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.screen is screen and "Маша (3Б)" in screen.preview_text)
        assert screen.options.specs == (f"guardian:{f['mother']}:student:{f['masha']}",)
        assert str(screen.options.saved_label.render()) == "Иванова Ольга (Маша, 3Б)"
        assert screen.recipient is not None and screen.recipient[0] == f["mother"]
        assert "Уважаемая Ольга Петровна! Маша (3Б) завтра дежурит." in screen.preview_text
        await pilot.press("escape", "ctrl+s")
        await until(pilot, lambda: screen.saved is not None)
        assert screen.saved is not None
        saved = screen.saved[0]
    assert "Маша (3Б) завтра дежурит." in read_by(db, saved, f["mother"])
    assert "Петя" not in read_by(db, saved, f["mother"])

    again = make_app(db_path)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await until(pilot, lambda: screen.draft_ready and "Маша" in screen.preview_text)
        assert str(screen.options.saved_label.render()) == "Иванова Ольга (Маша, 3Б)"
        assert screen.options.specs == (f"guardian:{f['mother']}:student:{f['masha']}",)
        assert screen.saved is not None and screen.saved[0] == saved  # the same message, not «save» again


async def test_escape_keeps_her_without_a_child_and_picking_her_again_takes_her_off(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """Esc at the question: the parent is chosen as before, her first child by name meant. A
    parent with one child is not asked; picking a chosen parent again takes her off."""
    f = family(db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await write(pilot, screen, "[обращение]! [если указан ребёнок: [имя ребёнка]] завтра дежурит.")
        await pick(pilot, screen, f["mother"])
        await until(pilot, lambda: isinstance(app.screen, ChildPicker))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen and "Петя" in screen.preview_text)
        assert str(screen.options.saved_label.render()) == "Иванова Ольга"
        await pick(pilot, screen, f["father"])  # Маша's only: no question
        assert app.screen is screen
        assert screen.options.specs == (f"guardian:{f['mother']}", f"guardian:{f['father']}")
        await pick(pilot, screen, f["mother"])
        assert app.screen is screen
        assert screen.options.specs == (f"guardian:{f['father']}",)
        assert str(screen.options.saved_label.render()) == "Иванов Сергей"
