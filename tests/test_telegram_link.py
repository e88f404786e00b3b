"""Linking a parent's Telegram chat id through a t.me/<bot>?start=<token> deep link,
against a local HTTP server speaking the Bot API's getUpdates."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from outreach.channels.preferences import reach_one
from outreach.erasure.forget import forget_family
from outreach.roster import guardians as roster
from outreach.settings.values import set_setting
from tests.messages_support import TelegramApi

TOKEN = "123456789:AAHsecretTOKENvalue_for-tests"
BOT = "school_pdd_bot"
CHAT = 777000111


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with TelegramApi(TOKEN) as server:
        monkeypatch.setenv("OUTREACH_TELEGRAM_TOKEN", TOKEN)
        monkeypatch.setenv("OUTREACH_TELEGRAM_API", server.url)
        yield server


def family(db: sqlite_utils.Database, handle: str = "@anna_petrova") -> int:
    """A consenting parent known only by a Telegram @handle: not reachable yet."""
    sid = roster.add_student(db, "Петров", "Иван", "", "10А")
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "patronymic": "Викторовна",
                                   "telegram": handle, "phone": "+79120000001"}, [(sid, "mother")])
    roster.set_consent(db, [gid], True)
    set_setting(db, "default_channels", "telegram")
    set_setting(db, "quiet_hours", "off")
    set_setting(db, "telegram.bot", "@" + BOT)
    return gid


def snapshot(db: sqlite_utils.Database) -> tuple[list[tuple], list[tuple]]:
    return (db.execute("SELECT * FROM guardian_channels ORDER BY guardian_id, channel").fetchall(),
            db.execute("SELECT * FROM telegram_links ORDER BY rowid").fetchall())


def token_of(link: str) -> str:
    prefix = f"https://t.me/{BOT}?start="
    assert link.startswith(prefix)
    return link[len(prefix):]


def test_the_bot_answers_every_start_so_the_parent_knows_whether_it_worked(
        cli, db: sqlite_utils.Database, api: TelegramApi) -> None:  # type: ignore[no-untyped-def]
    """Before, a parent pressing Start heard nothing back, whether the link worked, had been
    used by someone else or was missing: they called the teacher. Each Start gets one answer."""
    gid = family(db)
    set_setting(db, "teacher_name", "Ольга Николаевна Белова")
    token = token_of(cli.json("channels", "link", str(gid))["link"])
    api.message(CHAT, f"/start {token}")          # the parent's own link
    api.message(CHAT + 1, f"/start {token}")      # the same link, forwarded to someone else
    api.message(CHAT + 2, "/start")               # the bot found by its name, no link
    api.message(CHAT, f"/start {token}")          # the parent presses the link again
    assert cli.json("--lang", "ru", "channels", "link-updates") == {"linked": [gid], "unknown": 2, "answers": 0}
    said = [(int(str(m["chat_id"])), m["text"]) for m in api.received]
    assert said == [
        (CHAT, "Готово: теперь сообщения школы будут приходить в этот чат. Учитель: Ольга Николаевна Белова."),
        (CHAT + 1, "Эта ссылка уже использована или неверна. Попросите у учителя новую личную ссылку."),
        (CHAT + 2, "Чтобы получать сюда сообщения школы, откройте личную ссылку, которую прислал учитель."),
        (CHAT, "Этот чат уже подключён: сообщения школы приходят сюда.")]
    assert cli.json("channels", "show", str(gid))["addresses"] == {"telegram": str(CHAT)}  # only the first linked
    assert cli.json("channels", "link-updates") == {"linked": [], "unknown": 0, "answers": 0}
    assert len(api.received) == 4  # answered once: a second reading does not answer again
    assert cli.json("inbox", "list") == []  # a Start is not a parent's message


def test_link_start_and_updates_store_the_chat_id(cli, db: sqlite_utils.Database, api: TelegramApi) -> None:
    gid = family(db)
    assert reach_one(db, gid).reasons == {"telegram": "telegram_not_linked"}
    created = cli.json("channels", "link", str(gid))
    assert set(created) == {"guardian_id", "link"} and created["guardian_id"] == gid
    token = token_of(created["link"])
    assert len(token) >= 32 and token.replace("-", "").replace("_", "").isalnum()
    assert cli.json("channels", "link", str(gid))["link"] == created["link"]  # reused while unused

    api.message(CHAT, f"/start {token}")
    assert cli.json("channels", "link-updates") == {"linked": [gid], "unknown": 0, "answers": 0}
    reach = reach_one(db, gid)
    assert reach.channels == ["telegram"] and reach.now == ["telegram"]
    assert cli.json("channels", "show", str(gid))["addresses"] == {"telegram": str(CHAT)}
    assert db.execute("SELECT used_at IS NOT NULL FROM telegram_links WHERE guardian_id = ?",
                      [gid]).fetchall() == [(1,)]

    # a second run reads from the stored offset: the same update is not consumed again
    before = snapshot(db)
    assert cli.json("channels", "link-updates") == {"linked": [], "unknown": 0, "answers": 0}
    assert snapshot(db) == before
    assert api.offsets == [None, api.updates[0]["update_id"] + 1]

    # a used token never links another chat; a new link gets a new token
    api.message(CHAT + 1, f"/start {token}")
    assert cli.json("channels", "link-updates") == {"linked": [], "unknown": 1, "answers": 0}
    assert snapshot(db) == before
    assert token_of(cli.json("channels", "link", str(gid))["link"]) != token


def test_unknown_tokens_and_other_messages_change_nothing(cli, db: sqlite_utils.Database,
                                                          api: TelegramApi) -> None:
    gid = family(db)
    link = cli.json("channels", "link", str(gid))["link"]
    before = snapshot(db)
    api.message(CHAT, "/start not-a-known-token")
    api.message(CHAT, "hello")
    api.message(-100123, f"/start {token_of(link)}", chat_type="group")  # never a group's chat id
    result = cli("channels", "link-updates")
    assert result.exit_code == 0, result.stderr
    assert "No new links." in result.stdout and "unknown or used token: 1" in result.stdout
    assert snapshot(db) == before
    assert "telegram" not in reach_one(db, gid).channels
    assert db.execute("SELECT count(*) FROM guardians").fetchone() == (1,)


def test_a_blocked_parent_who_presses_start_again_is_reachable(cli, db: sqlite_utils.Database,
                                                               api: TelegramApi) -> None:
    gid = family(db, handle="555000111")
    cli("channels", "set", str(gid), "--opt-out", "telegram")  # what a 403 from sendMessage records
    token = token_of(cli.json("channels", "link", str(gid))["link"])
    api.message(CHAT, f"/start {token}")
    assert cli.json("channels", "link-updates")["linked"] == [gid]
    assert reach_one(db, gid).channels == ["telegram"]


def test_missing_bot_setting_unknown_guardian_and_missing_token_exit_1(
        cli, db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    gid = family(db)
    set_setting(db, "telegram.bot", "")
    result = cli("channels", "link", str(gid), "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "telegram.bot" in result.stderr
    assert db.execute("SELECT count(*) FROM telegram_links").fetchone() == (0,)
    set_setting(db, "telegram.bot", BOT)
    assert cli("channels", "link", "999").exit_code == 1
    monkeypatch.delenv("OUTREACH_TELEGRAM_TOKEN", raising=False)
    monkeypatch.setattr("outreach.settings.secrets._from_keyring", lambda name: None)
    result = cli("channels", "link-updates")
    assert result.exit_code == 1 and "OUTREACH_TELEGRAM_TOKEN" in result.stderr


def test_an_api_refusal_exits_1_without_the_token(cli, db: sqlite_utils.Database, api: TelegramApi,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    family(db)
    wrong = "987654321:AAHanotherSECRETtoken_value"
    monkeypatch.setenv("OUTREACH_TELEGRAM_TOKEN", wrong)
    result = cli("channels", "link-updates")
    assert result.exit_code == 1 and "404" in result.stderr
    assert wrong.split(":")[1] not in result.stdout + result.stderr


def test_bot_token_never_printed_logged_or_stored(cli, db: sqlite_utils.Database, db_path: Path,
                                                  api: TelegramApi, caplog: pytest.LogCaptureFixture) -> None:
    gid = family(db)
    caplog.set_level(logging.DEBUG)
    linked = cli("channels", "link", str(gid))
    api.message(CHAT, f"/start {token_of(linked.stdout.split()[-1])}")
    updated = cli("channels", "link-updates", "--json")
    assert updated.exit_code == 0, updated.stderr
    db.close()
    texts = [linked.stdout, linked.stderr, updated.stdout, updated.stderr, caplog.text]
    texts += [p.read_bytes().decode("latin-1") for p in db_path.parent.glob(db_path.name + "*")]
    secret_part = TOKEN.split(":")[1]
    for text in texts:
        assert secret_part not in text
    assert "Петрова" not in updated.stdout and "+7912" not in updated.stdout


def test_forget_removes_the_link_rows(cli, db: sqlite_utils.Database, api: TelegramApi) -> None:
    gid = family(db)
    other = roster.add_guardian(db, {"surname": "Сидорова", "name": "Мария", "telegram": "@m_sid"})
    token = token_of(cli.json("channels", "link", str(gid))["link"])
    cli.json("channels", "link", str(other))
    api.message(CHAT, f"/start {token}")
    cli.json("channels", "link-updates")
    cli.json("channels", "link", str(gid))  # a fresh unused token too
    assert db.execute("SELECT count(*) FROM telegram_links WHERE guardian_id = ?", [gid]).fetchone() == (2,)
    forget_family(db, guardian_id=gid)
    assert db.execute("SELECT guardian_id FROM telegram_links").fetchall() == [(other,)]
