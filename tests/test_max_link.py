"""Linking a parent's MAX by a max.ru/<bot>?start=<token> deep link, picked up from the
bot's `bot_started` events on a local MAX server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
import sqlite_utils

from outreach.channels.max_link import user_ids
from outreach.channels.preferences import reach_one, set_preferences
from outreach.inbox.threads import list_threads, thread_messages
from outreach.roster import guardians as roster
from outreach.settings.values import set_setting
from tests.max_server import TIME, MaxServer
from tests.test_max_api import TOKEN

BOT = "school_7b_bot"
USER = 9000100


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[MaxServer]:
    with MaxServer(TOKEN) as api:
        monkeypatch.setenv("OUTREACH_MAX_TOKEN", TOKEN)
        monkeypatch.setenv("OUTREACH_MAX_API", api.url)
        yield api


def family(db: sqlite_utils.Database, surname: str = "Петрова", child: str = "Иван") -> int:
    """A consenting parent with a phone only: MAX cannot reach them until they link it."""
    sid = roster.add_student(db, surname.rstrip("а"), child, "", "10А")
    gid = roster.add_guardian(db, {"surname": surname, "name": "Анна", "patronymic": "Викторовна",
                                   "phone": f"+7912000{sid:04d}"}, [(sid, "mother")])
    roster.set_consent(db, [gid], True)
    set_setting(db, "default_channels", "max")
    set_setting(db, "quiet_hours", "off")
    set_setting(db, "max.bot", f"https://max.ru/{BOT}")
    return gid


def token_of(link: str) -> str:
    prefix = f"https://max.ru/{BOT}?start="
    assert link.startswith(prefix)
    return link[len(prefix):]


def link(cli, server: MaxServer, gid: int, user: int) -> None:  # type: ignore[no-untyped-def]
    """The real flow: the teacher gives the link, the parent starts the bot, the app reads it."""
    server.start(user, token_of(cli.json("channels", "link-max", str(gid))["link"]))
    assert gid in cli.json("channels", "link-max-updates")["linked"]
    # the bot told the parent it worked; taken off, so a test counts only what it sends
    reply = server.sent.pop()
    assert reply["user_id"] == str(user) and str(reply["text"]).startswith("Done: ") and not server.sent


def test_link_start_and_updates_store_the_user_id(cli, db: sqlite_utils.Database, server: MaxServer) -> None:  # type: ignore[no-untyped-def]
    gid = family(db)
    assert reach_one(db, gid).reasons == {"max": "no_address"}
    created = cli.json("channels", "link-max", str(gid))
    assert set(created) == {"guardian_id", "link"} and created["guardian_id"] == gid
    token = token_of(created["link"])
    assert len(token) >= 32
    assert cli.json("channels", "link-max", str(gid))["link"] == created["link"]  # reused while unused

    server.start(USER, token)
    assert cli.json("channels", "link-max-updates") == {"linked": [gid], "unknown": 0, "answers": 0, "unanswered": 0}
    assert user_ids(db, [gid]) == {gid: str(USER)}
    assert reach_one(db, gid).channels == ["max"]

    # the next run reads from the stored marker: nothing is handled twice
    assert cli.json("channels", "link-max-updates")["linked"] == []
    assert server.markers == [None, "1"]

    # a used token links nobody else; a start without a link or with a stranger's payload neither
    server.start(USER + 1, token)
    server.start(USER + 2, None)
    server.start(USER + 3, "not a token!")
    assert cli.json("channels", "link-max-updates") == {"linked": [], "unknown": 2, "answers": 0, "unanswered": 0}
    assert user_ids(db, [gid]) == {gid: str(USER)}
    assert cli.json("channels", "link-max", str(gid))["link"] != created["link"]
    # each Start was answered once, so nobody waits in silence wondering whether it worked
    assert [(m["user_id"], str(m["text"]).split(".")[0]) for m in server.sent] == [
        (str(USER), "Done: the school's messages will come to this chat now"),
        (str(USER + 1), "This link has already been used or is not valid"),
        (str(USER + 2), "To get the school's messages here, open the personal link the teacher sent you"),
        (str(USER + 3), "This link has already been used or is not valid")]


def test_a_linked_parent_s_max_message_reaches_the_inbox_once(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                              server: MaxServer) -> None:
    gid = family(db)
    link(cli, server, gid, USER)
    server.write(USER, "  Спасибо, придём на собрание.  ")
    server.write(USER, "/start")
    server.write(USER + 7, "Кто это?")  # no roster parent: counted, not stored
    report = cli.json("inbox", "fetch")
    assert (report["new"], report["matched"], report["unmatched"], report["problems"]) == ({"max": 1}, 1, 1, [])
    assert [(t.guardian_id, t.channel, t.unread) for t in list_threads(db)] == [(gid, "max", 1)]
    assert cli.json("inbox", "fetch")["new"] == {}  # the marker moved: read once

    # `link-max-updates` reads the same updates: a message there is kept, not lost
    server.write(USER, "И ещё вопрос про экскурсию")
    assert cli.json("channels", "link-max-updates") == {"linked": [], "unknown": 0, "answers": 0, "unanswered": 0}
    assert [t.unread for t in list_threads(db)] == [2]
    assert cli.json("inbox", "fetch")["new"] == {}


def test_a_max_message_keeps_its_own_time_and_a_group_chat_stays_out(
        cli, db: sqlite_utils.Database, server: MaxServer) -> None:  # type: ignore[no-untyped-def]
    gid = family(db)
    link(cli, server, gid, USER)
    written = TIME - 3 * 3600 * 1000  # read three hours after the parent wrote
    server.write(USER, "Маша сегодня не придёт", at=written)
    server.write(USER, "Всем привет из чата класса", chat_type="chat")
    assert cli.json("inbox", "fetch")["new"] == {"max": 1}
    (thread,) = list_threads(db)
    (message,) = thread_messages(db, thread.thread)
    expected = datetime.fromtimestamp(written / 1000).astimezone().isoformat(timespec="seconds")
    assert (message.body, message.received_at, thread.last_at) == ("Маша сегодня не придёт", expected, expected)


def test_tokens_do_not_cross_channels(cli, db: sqlite_utils.Database, server: MaxServer) -> None:  # type: ignore[no-untyped-def]
    gid = family(db)
    set_setting(db, "telegram.bot", "school_pdd_bot")
    telegram = cli.json("channels", "link", str(gid))["link"].rsplit("=", 1)[1]
    server.start(USER, telegram)
    assert cli.json("channels", "link-max-updates")["unknown"] == 1
    assert user_ids(db, [gid]) == {}
    assert db.execute("SELECT channel, used_at FROM telegram_links").fetchall() == [("telegram", None)]


def test_starting_the_bot_again_lifts_a_blocked_opt_out(cli, db: sqlite_utils.Database, server: MaxServer) -> None:  # type: ignore[no-untyped-def]
    gid = family(db)
    link(cli, server, gid, USER)
    set_preferences(db, gid, opt_out=["max"])  # as a 403 "blocked" would leave it
    assert reach_one(db, gid).channels == []
    link(cli, server, gid, USER + 5)  # the parent starts again, from another account
    assert reach_one(db, gid).channels == ["max"] and user_ids(db, [gid]) == {gid: str(USER + 5)}


def test_settings_missing_are_one_sentence(cli, db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    gid = family(db)
    set_setting(db, "max.bot", "")
    result = cli("channels", "link-max", str(gid))
    assert result.exit_code == 1 and "max.bot" in result.stderr and "Internal" not in result.stderr
    set_setting(db, "max.bot", "не бот")
    assert "is not a MAX bot name" in cli("channels", "link-max", str(gid)).stderr
    monkeypatch.delenv("OUTREACH_MAX_TOKEN", raising=False)
    monkeypatch.setattr("outreach.settings.secrets._from_keyring", lambda name: None)
    result = cli("channels", "link-max-updates")
    assert result.exit_code == 1 and "OUTREACH_MAX_TOKEN" in result.stderr
    assert cli("channels", "link-max", "999").exit_code == 1


def test_russian_output(cli, db: sqlite_utils.Database, server: MaxServer) -> None:  # type: ignore[no-untyped-def]
    gid = family(db)
    shown = cli("--lang", "ru", "channels", "link-max", str(gid))
    assert shown.exit_code == 0 and "Отправьте эту ссылку родителю" in shown.stdout
    server.start(USER, token_of(shown.stdout.split()[-1]))
    result = cli("--lang", "ru", "channels", "link-max-updates")
    assert result.exit_code == 0 and f"MAX привязан для родителей: {gid}." in result.stdout


def test_link_sheet_carries_the_max_link_where_a_max_bot_is_set(cli, db: sqlite_utils.Database,  # type: ignore[no-untyped-def]
                                                                server: MaxServer, tmp_path) -> None:
    gids = [family(db), family(db, "Смирнова", "Олег")]
    set_setting(db, "telegram.bot", "school_pdd_bot")
    written = cli.json("channels", "link-sheet", str(tmp_path), "--list", str(tmp_path / "links.csv"))
    page = (tmp_path / "telegram-links.html").read_text(encoding="utf-8")
    rows = (tmp_path / "links.csv").read_text(encoding="utf-8-sig").splitlines()
    assert written["guardians"] == 2 and rows[0].endswith(";MAX link")
    for gid in gids:
        url = cli.json("channels", "link-max", str(gid))["link"]  # the same unused token
        assert f"MAX: {url}" in page and any(row.endswith(";" + url) for row in rows)
    assert page.count("<svg") == 4  # a QR code per link

    # the parent scans the MAX code: linked
    server.start(USER, token_of(cli.json("channels", "link-max", str(gids[1]))["link"]))
    assert cli.json("channels", "link-max-updates")["linked"] == [gids[1]]
    cli.json("channels", "link-sheet", str(tmp_path))
    page = (tmp_path / "telegram-links.html").read_text(encoding="utf-8")
    assert page.count("MAX: https://max.ru/") == 1 and page.count("<svg") == 3  # linked on MAX: no MAX code

    set_setting(db, "max.bot", "")
    cli.json("channels", "link-sheet", str(tmp_path))
    assert "max.ru" not in (tmp_path / "telegram-links.html").read_text(encoding="utf-8")
