"""The inbox over Telegram (a local Bot API with scripted parents), answers through the one
pipeline, read/done, and the MAX plug-in point (`store.keep` with a normalised message)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import sqlite_utils

from outreach.inbox.model import Incoming
from outreach.inbox.store import keep
from outreach.inbox.threads import list_threads, thread_messages
from outreach.messages import templates
from outreach.messages.compose import create_message
from outreach.messages.delivery.send import send_message
from outreach.settings.values import all_settings, set_setting
from tests.messages_support import TelegramApi, local_telegram, parents


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with local_telegram(monkeypatch) as server:
        yield server


def reply_to(api: TelegramApi, chat_id: int, text: str, our_message: int) -> None:
    api.message(chat_id, text)
    api.updates[-1]["message"]["reply_to_message"] = {"message_id": our_message}  # type: ignore[index]


def test_telegram_messages_of_linked_parents_are_kept_once(cli, db: sqlite_utils.Database, api: TelegramApi) -> None:
    first, second = parents(db, 2, channel="telegram")
    ours = create_message(db, templates.blank("ru", "Собрание в четверг."), audience=[f"guardian:{first}"])
    assert send_message(db, ours).sent == 1
    our_telegram_id = len(api.received)
    reply_to(api, 100000, "Придём!", our_telegram_id)
    api.message(100001, "Добрый день, Ваня заболел.")
    api.message(100001, "/start")
    api.message(999999, "Чужой человек")
    api.message(100001, "В группе", chat_type="group")
    report = cli.json("inbox", "fetch")
    assert (report["new"], report["matched"], report["unmatched"]) == ({"telegram": 2}, 2, 1)
    threads = {t["guardian_id"]: t for t in cli.json("inbox", "list")}
    assert threads[first]["message_id"] == ours and threads[second]["message_id"] is None
    assert cli.json("inbox", "fetch")["new"] == {}
    assert api.offsets[-1] == 500005  # the one stored offset moved past every update


def test_link_updates_also_keeps_parents_messages(cli, db: sqlite_utils.Database, api: TelegramApi) -> None:
    """`channels link-updates` reads the same updates: a parent's message there is not lost."""
    (gid,) = parents(db, 1, channel="telegram")
    api.message(100000, "Спасибо за напоминание")
    assert cli.json("channels", "link-updates") == {"linked": [], "unknown": 0, "answers": 0}
    assert [t.guardian_id for t in list_threads(db)] == [gid]
    assert cli.json("inbox", "fetch")["new"] == {}


def test_answer_goes_over_the_thread_s_channel_and_shows_in_the_thread(cli, db: sqlite_utils.Database,
                                                                        api: TelegramApi) -> None:
    (gid,) = parents(db, 1, channel="telegram")
    api.message(100000, "Когда собрание?")
    cli.json("inbox", "fetch")
    (thread,) = list_threads(db)
    assert thread.unread == 1
    result = cli.json("inbox", "reply", str(thread.thread), "--text", "В четверг в 18:00.")
    assert result["sent"] == 1
    assert [r["chat_id"] for r in api.received] == ["100000"] and "В четверг" in str(api.received[0]["text"])
    messages = thread_messages(db, thread.thread)
    assert [(m.outgoing, m.body) for m in messages] == [(False, "Когда собрание?"), (True, "В четверг в 18:00.")]
    assert list_threads(db)[0].unread == 0
    assert db.execute("SELECT guardian_id, channel, status FROM deliveries WHERE message_id = ?",
                      [result["message_id"]]).fetchall() == [(gid, "telegram", "sent")]
    done = cli("inbox", "done", str(thread.thread))
    assert done.exit_code == 0 and not list_threads(db)[0].open


def test_an_answer_to_a_parent_without_consent_is_not_sent(cli, db: sqlite_utils.Database, api: TelegramApi) -> None:
    (gid,) = parents(db, 1, channel="telegram")
    api.message(100000, "Здравствуйте")
    cli.json("inbox", "fetch")
    db.execute("UPDATE guardians SET consent_withdrawn_at = '2026-11-01' WHERE id = ?", [gid])
    db.conn.commit()
    result = cli("inbox", "reply", str(list_threads(db)[0].thread), "--text", "Ответ")
    assert result.exit_code == 1 and "not sent" in result.stderr
    assert api.received == []
    assert [m.outgoing for m in thread_messages(db, list_threads(db)[0].thread)] == [False]


def test_unknown_thread_and_empty_answer_are_one_sentence(cli, db: sqlite_utils.Database, api: TelegramApi) -> None:
    parents(db, 1, channel="telegram")
    missing = cli("inbox", "reply", "42", "--text", "x")
    assert missing.exit_code == 1 and "There is no inbox thread 42." in missing.stderr
    api.message(100000, "Здравствуйте")
    cli.json("inbox", "fetch")
    empty = cli("inbox", "reply", str(list_threads(db)[0].thread), "--text", "  ")
    assert empty.exit_code == 1 and "The answer is empty" in empty.stderr


def test_fetch_without_any_source_says_what_to_set_up(cli, db: sqlite_utils.Database) -> None:
    result = cli("inbox", "fetch")
    assert result.exit_code == 1 and "imap.host" in result.stderr


def test_a_max_message_plugs_in_through_keep(db: sqlite_utils.Database) -> None:
    (gid,) = parents(db, 1)
    db.execute("UPDATE guardians SET max = '7700123' WHERE id = ?", [gid])
    db.conn.commit()
    item = Incoming("max", "mid.1", "7700123", "Привет из MAX", datetime(2026, 12, 1, 10).astimezone())
    assert keep(db, [item, item]).new == {"max": 1}
    assert [(t.guardian_id, t.channel, t.unread) for t in list_threads(db)] == [(gid, "max", 1)]


def test_working_hours_setting_is_checked(cli, db: sqlite_utils.Database) -> None:
    assert cli("settings", "set", "inbox.working_hours", "8-25").exit_code == 1
    assert cli("settings", "set", "inbox.working_hours", "с 8 до 20").exit_code == 0
    assert all_settings(db)["inbox.working_hours"] == "08:00-20:00"
    set_setting(db, "inbox.working_hours", "08:00-20:00")
