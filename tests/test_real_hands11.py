"""Eleventh hands-on pass (the lead's, session 16): a message saved and sent, the app closed
and opened again at 80×24 in Russian. Each test is a surprise met there, and fails without its fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from textual.widgets import Static

from outreach.messages import compose, drafts, templates
from outreach.roster.importing.columns import IGNORE, Meaning, classify
from outreach.roster.importing.importer import preview
from outreach.store import db as storage
from outreach_screens.app import make_app
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.import_wizard import left_out_note
from tests.conftest import Cli
from tests.messages_support import parents
from tests.test_real_hands import recorded_notes
from tests.test_tui_import_files import open_file
from tests.tui_support import open_section, until

SIZE = (80, 24)


async def test_a_saved_message_back_after_a_restart_shows_its_plan_and_number(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The composer kept message 1 (saved, then sent) when the app closed. Opened again, it
    said «Сообщение, которое вы писали, восстановлено» and «Сохраните (Ctrl+S), чтобы увидеть
    план» as if nothing had been saved, so a teacher saved it anew as a second message."""
    parents(db, 2)
    body = "Завтра собрание в 18:00, кабинет 12."
    message_id = compose.create_message(db, templates.blank("ru", body))
    drafts.save_draft(db, {"template": None, "body": body, "saved_as": message_id, "attachments": [],
                           "kind": "all", "value": None, "chosen": [], "mode": "preferred",
                           "broadcast": [], "values": {}})
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await until(pilot, lambda: screen.draft_ready and screen.editor.text == body)
        label = screen.send_panel.plan_label
        await until(pilot, lambda: str(label.render()).startswith(f"#{message_id} · план: эл.\u00a0почта 2"))
        assert any(f"Сообщение {message_id} снова в редакторе" in note for note in notes)
        assert not any("восстановлено" in note for note in notes)
        assert screen.send_panel.saved is not None and screen.send_panel.saved[0] == message_id
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 1  # nothing saved anew


# -- a survey's answers chosen as a class list ----------------------------------------------

SURVEYS = Path(__file__).parent / "data" / "surveys"
ROSTERS = Path(__file__).parent / "data" / "rosters"


@pytest.mark.parametrize(("name", "mark"), [("google_ru.csv", "Отметка времени"),
                                            ("hands_google_channels.csv", "Отметка времени"),
                                            ("hands_yandex_channels.xlsx", "Время создания"),
                                            ("limesurvey_full.csv", "Response ID"),
                                            ("limesurvey_codes.csv", "submitdate")])
def test_a_forms_answers_chosen_as_a_class_list_are_named_a_survey(
        cli: Cli, db: sqlite_utils.Database, russian: None, name: str, mark: str) -> None:
    """Google Forms' answers imported as a roster made 3 «parents» named after the answers to
    «Какая форма родительских собраний вам удобнее?» (a role word in a question read as the
    parent's name column), exit 0; LimeSurvey's were refused row by row («Да» is no VK id)."""
    result = cli("--lang", "ru", "roster", "import", str(SURVEYS / name), "--dry-run")
    assert result.exit_code == 1
    assert f"Похоже, это ответы формы (опрос), а не список класса: в нём есть «{mark}»" in result.stderr
    assert "outreach survey import" in result.stderr and "Строка" not in result.stderr
    assert db.execute("SELECT count(*) FROM guardians").fetchone()[0] == 0


def test_a_question_naming_parents_or_children_is_no_name_column() -> None:
    assert classify("Какая форма родительских собраний вам удобнее?") is None
    assert classify("Какие ещё способы связи вам подходят? [Записка в дневнике, через ребёнка]") is None
    assert classify("Last page") == Meaning("", IGNORE)  # LimeSurvey's, not a surname
    assert classify("Согласны ли вы на обработку персональных данных?") == Meaning("", "consent")
    assert classify("Родитель") == Meaning("guardian", "fio")  # a role word alone still is


def test_a_form_that_collected_contacts_still_imports_as_a_class_list(cli: Cli) -> None:
    """A teacher's own Google Form asking each family for its contacts is a class list: its
    questions («Кем вы приходитесь ребёнку?») are read, its timestamp is not kept."""
    report = cli.json("roster", "import", str(ROSTERS / "hands11_form_contacts.csv"))
    assert report["students"]["created"] == 2 and report["guardians"]["created"] == 2
    found = {g["surname"]: g for g in cli.json("roster", "list")}
    assert found["Петрова"]["phone"] == "+79123456789" and found["Петрова"]["consent"] is True
    assert [(s["surname"], s["group"], s["relation"]) for s in found["Сидоров"]["students"]] == [
        ("Сидорова", "7Б", "father")]


def test_the_wizard_says_a_forms_answers_belong_in_surveys(russian: None) -> None:
    shown = left_out_note(preview(SURVEYS / "google_ru.csv", require_names=False))
    assert shown.startswith("Похоже, это ответы формы (опрос), а не список класса")
    assert "Опросы" in shown


# -- a header row typed wrong in the wizard ---------------------------------------------------

async def test_a_header_row_typed_wrong_in_the_wizard_says_which_row_reads_as_the_header(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    """Row 1 (the title «Список класса 7Б…») typed as the header row: the wizard said only
    «no column is read as a name yet» under a table whose first row was the real header. It
    now names the row that reads as the header; a row beyond the file is said, not a silence."""
    async with make_app(db_path).run_test(size=SIZE) as pilot:
        w = await open_file(pilot, ROSTERS / "hands10_7b_excel.csv")
        note = w.query_one("#unknown", Static)
        w.header_row_input.value = "1"
        await until(pilot, lambda: "Заголовки, похоже, в строке 2" in str(note.render()))
        assert "ФИО ученика, Мама, Телефон мамы" in str(note.render())
        w.header_row_input.value = ""  # cleared: the row found is taken again
        await until(pilot, lambda: w.preview is not None and w.preview.has_names)
        w.header_row_input.value = "30"
        await until(pilot, lambda: any("Строки заголовков 30 на листе нет" in str(n.message) for n in pilot.app._notifications))


# -- opening the database again keeps the other connections' locks ----------------------------

def test_opening_the_database_again_keeps_this_process_locks_and_the_shared_index(tmp_path: Path) -> None:
    """`open_db` read the file's first bytes through a plain file handle to tell a database
    from another file; closing that handle dropped every lock this process's SQLite
    connections held on the file (POSIX locks go with any descriptor's close). A script's
    write then found itself the last user, deleted the WAL index under the open app, and
    the live scoreboard never saw another result (two processes on two indexes can also
    corrupt the file)."""
    path = tmp_path / "o.db"
    held = storage.open_db(path)
    held.execute("SELECT count(*) FROM guardians").fetchone()
    storage.open_db(path).close()  # a second open in this process (each worker of the app opens one)
    script = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
              " c.execute(\"INSERT INTO groups(name) VALUES ('9Я')\"); c.commit(); c.close()")
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    assert (tmp_path / "o.db-shm").exists()
    assert held.execute("SELECT count(*) FROM groups WHERE name = '9Я'").fetchone()[0] == 1


# -- a mistyped class in a script's read ------------------------------------------------------

@pytest.mark.parametrize("command", [("roster", "list", "--json"), ("roster", "students", "--json"),
                                     ("roster", "export", "-"), ("survey", "results", "1", "--json")])
def test_a_mistyped_class_in_a_listing_is_named_not_an_empty_list(
        cli: Cli, demo_db: sqlite_utils.Database, command: tuple[str, ...]) -> None:
    """`roster list --group 99Я` printed an empty list with exit 0: a cron script mailing
    «10Б» its list got nothing and said nothing (the writes already refused an unknown class)."""
    result = cli(*command, "--group", "99Я")
    assert result.exit_code == 1 and result.stdout == ""
    assert "There is no group 99Я; the roster has: 10А, 10Б, 11А, Автошкола В-1." in result.stderr  # which there are
    spelt = cli(*command, "--group", "10 а")  # the class as people type it is still found
    assert spelt.exit_code == 0, spelt.stderr
    assert ("Андреев" if command[0] == "roster" else '"responses"') in spelt.stdout


# -- September: whose consent is a year old ---------------------------------------------------

def test_guardians_whose_consent_is_older_than_a_day_are_listed_to_collect_it_again(
        cli: Cli, demo_db: sqlite_utils.Database) -> None:
    """Schools collect consent again each September; nothing found the year-old ones (the
    roster list showed every consent alike). Nothing about consent changes by listing it."""
    with demo_db.conn:  # a consent of the last school year (the demo's are this year's)
        demo_db.execute("UPDATE guardians SET consent_given_at = '2025-09-01' WHERE id = (SELECT min(id)"
                        " FROM guardians WHERE consent_given_at IS NOT NULL AND consent_withdrawn_at IS NULL)")
    before = demo_db.execute("SELECT id, consent_given_at, consent_withdrawn_at FROM guardians").fetchall()
    old = {gid for gid, given, withdrawn in before if given and given < "2026-09-01" and not withdrawn}
    assert old and len(old) < len(before)
    found = cli.json("roster", "list", "--consent-before", "01.09.2026")
    assert {g["id"] for g in found} == old
    assert all(g["consent"] and g["consent_date"] < "2026-09-01" for g in found)
    assert [g["id"] for g in cli.json("roster", "list", "--consent-before", "2026-09-01")] == [g["id"] for g in found]
    assert cli("roster", "list", "--consent-before", "31.09.2026").exit_code == 2
    assert demo_db.execute("SELECT id, consent_given_at, consent_withdrawn_at FROM guardians").fetchall() == before
