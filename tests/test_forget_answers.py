"""Forgetting a family erases the messages written for it alone (the teacher's answers, the night
auto-replies, the absence acknowledgements) down to the database file; messages to many parents
stay with the family's deliveries removed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils

from outreach.erasure.forget import forget_family
from outreach.inbox.fetch import fetch
from outreach.inbox.reply import reply, send_to_parent
from outreach.messages import templates
from outreach.messages.compose import create_message
from outreach.messages.delivery.send import send_message
from outreach.settings.values import set_setting
from outreach.store import schema
from outreach.store.db import connect
from tests.inbox_support import ParentMail
from tests.messages_support import Mailbox, local_smtp, parents


@pytest.fixture
def outbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        yield box


def thread_of(db: sqlite_utils.Database, guardian_id: int) -> int:
    return int(db.execute("SELECT id FROM inbox_threads WHERE guardian_id = ?", [guardian_id]).fetchone()[0])


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> datetime:
    when = datetime.fromisoformat(moment).astimezone()
    monkeypatch.setenv("OUTREACH_NOW", when.isoformat())
    return when


def file_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_forget_erases_the_answers_auto_reply_and_acknowledgement_of_the_family(  # type: ignore[no-untyped-def]  # cli: the conftest fixture
        cli, db: sqlite_utils.Database, db_path: Path, parent_mail: ParentMail, outbox: Mailbox,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = parents(db, 2)
    set_setting(db, "inbox.working_hours", "08:00-20:00")
    parent_mail.configure(db, monkeypatch)
    broadcast = create_message(db, templates.blank("ru", "Собрание в четверг в 18:00."), audience=["all"])
    assert send_message(db, broadcast).sent == 2
    night = at(monkeypatch, "2026-12-01T23:05:00")
    parent_mail.deliver("parent0@example.ru", "Когда будет экскурсия?", when=night.replace(minute=0))
    assert fetch(db).auto_replies == 1  # the first family only
    morning = at(monkeypatch, "2026-12-02T09:00:00")
    parent_mail.deliver("parent0@example.ru", "Ваня сегодня не придёт, заболел.", when=morning)
    parent_mail.deliver("parent1@example.ru", "Спасибо за собрание!", when=morning)
    assert fetch(db).acknowledged == 1
    assert reply(db, thread_of(db, first), "Выздоравливайте, Ваня! Задание пришлю — ключ 4711.").sent == 1
    assert reply(db, thread_of(db, second), "Рада, что пришли — ключ 5822.").sent == 1
    own = db.execute("SELECT id, title, body FROM messages WHERE guardian_id = ?", [first]).fetchall()
    assert len(own) == 3  # the auto-reply, the acknowledgement, the answer
    (kept,) = db.execute("SELECT id FROM messages WHERE guardian_id = ?", [second]).fetchall()

    assert cli("roster", "forget", "--guardian", str(first), "--yes").exit_code == 0
    ids = {row[0] for row in db.execute("SELECT id FROM messages")}
    assert ids == {broadcast, kept[0]}
    listed = {row["id"] for row in cli.json("message", "list")}
    assert listed == {broadcast, kept[0]}
    deliveries = db.execute("SELECT message_id, guardian_id FROM deliveries ORDER BY message_id").fetchall()
    assert deliveries == [(broadcast, second), (kept[0], second)]
    data = file_bytes(db_path)
    for _mid, _title, body in own:
        assert body.encode() not in data
    assert "ключ 4711".encode() not in data and "ключ 5822".encode() in data


def test_migration_marks_existing_answers_of_one_parent_only(tmp_path: Path) -> None:
    db = connect(tmp_path / "old.db")
    before = schema.STEPS.index(schema.V16_FORGETANSWERS)
    for step in list(schema.MIGRATIONS.values())[:before]:
        step(db)
    now = "2026-12-01T10:00:00"
    for gid in (1, 2):
        db.execute("INSERT INTO guardians(id, surname, name_key, created_at, updated_at) VALUES (?, 'П', 'п', ?, ?)",
                   [gid, now, now])

    def message(title: str, audience: str, template: str = "blank") -> int:
        return int(db.execute("INSERT INTO messages(template, lang, title, body, audience, mode, created_at)"
                              " VALUES (?, 'ru', ?, 'текст', ?, 'preferred', ?)",
                              [template, title, audience, now]).lastrowid or 0)

    answer = message("Ответ: Петрова Анна", '["guardian:1"]')
    thanks = message("Отсутствие отмечено", '["guardian:2"]')
    shown = message("Любой заголовок", '["guardian:2"]')
    thread = db.execute("INSERT INTO inbox_threads(guardian_id, channel, last_at) VALUES (2, 'telegram', ?)",
                        [now]).lastrowid
    db.execute("INSERT INTO inbox_messages(thread_id, channel, external_id, message_id, body, received_at, outgoing)"
               " VALUES (?, 'telegram', ?, ?, 'текст', ?, 1)", [thread, f"out:{shown}", shown, now])
    to_one = message("Собрание", '["guardian:1"]')  # written from Messages: not an inbox answer
    to_all = message("Answer to everyone", '["all"]')
    survey = message("Answer to the survey", '["guardian:1"]')
    db.execute("INSERT INTO surveys(id, title, created_at) VALUES (1, 'Опрос', ?)", [now])
    db.execute("INSERT INTO survey_bot_messages(message_id, survey_id) VALUES (?, 1)", [survey])
    schema.MIGRATIONS[before + 1](db)
    marked = dict(db.execute("SELECT id, guardian_id FROM messages").fetchall())
    assert marked == {answer: 1, thanks: 2, shown: 2, to_one: None, to_all: None, survey: None}


def test_forget_removes_the_exported_folder_of_an_answer_to_the_family(db: sqlite_utils.Database,
                                                                      db_path: Path) -> None:
    first, second = parents(db, 2)
    set_setting(db, "default_channels", "sms")
    mine = send_to_parent(db, first, "sms", "Ответ первой семье: ключ 4711.", "Answer to Петрова")
    theirs = send_to_parent(db, second, "sms", "Ответ второй семье.", "Answer to Петрова")
    folders = dict(db.execute("SELECT id, folder FROM messages").fetchall())
    assert "4711" in Path(folders[mine.message_id], "sms.csv").read_text(encoding="utf-8")
    assert "ключ 4711".encode() in file_bytes(db_path)  # stored as written: the needle below means something
    forget_family(db, guardian_id=first)
    assert not Path(folders[mine.message_id]).exists()
    assert Path(folders[theirs.message_id], "sms.csv").exists()
    # the phrase, not its four digits alone: the other family's rows keep random ids and
    # times, where «4711» turned up by chance once in a full run
    assert "ключ 4711".encode() not in file_bytes(db_path)


def test_what_a_forgotten_parent_wrote_in_another_parents_thread_goes_with_them(db: sqlite_utils.Database) -> None:
    """A father who answered the letter sent to the mother writes into her thread (who wrote is
    kept, schema 23); forgetting him erases what he wrote there, his address with it, and leaves
    her thread and her own messages."""
    from outreach.roster import guardians as roster

    mother = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "email": "anna@mail.ru"})
    father = roster.add_guardian(db, {"surname": "Сидоров", "name": "Олег", "email": "oleg@mail.ru"})
    with db.conn:
        db.execute("INSERT INTO inbox_threads(id, guardian_id, channel, last_at) VALUES (1, ?, 'email', '2026-12-01')",
                   [mother])
        db.execute("INSERT INTO inbox_messages(thread_id, channel, external_id, body, received_at)"
                   " VALUES (1, 'email', '<a@mail.ru>', 'Придём', '2026-12-01')")
        db.execute("INSERT INTO inbox_messages(thread_id, channel, external_id, body, received_at, sender,"
                   " sender_guardian_id) VALUES (1, 'email', '<o@mail.ru>', 'Я заберу Машу', '2026-12-01',"
                   " 'oleg@mail.ru', ?)", [father])
    forget_family(db, guardian_id=father)
    assert [r[0] for r in db.execute("SELECT body FROM inbox_messages")] == ["Придём"]
    assert db.execute("SELECT count(*) FROM inbox_messages WHERE sender = 'oleg@mail.ru'").fetchone()[0] == 0
    assert db.execute("SELECT guardian_id FROM inbox_threads").fetchall() == [(mother,)]
