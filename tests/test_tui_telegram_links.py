"""Telegram links in the app (Pilot): the class link sheet from the Channels screen, and the
parents' /start picked up while the app is open from a local Bot API server on 127.0.0.1."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from textual.widgets import Input

from outreach.channels.preferences import reach_one, set_preferences
from outreach.channels.telegram_link import deep_link
from outreach.roster import guardians as roster
from outreach.settings.values import set_setting
from outreach_screens.app import make_app
from outreach_screens.channels import telegram_watch
from outreach_screens.channels.link_sheet import LinkSheetDialog
from outreach_screens.channels.screen import ChannelsScreen
from tests.messages_support import TelegramApi
from tests.tui_support import open_section, settle, until

TOKEN = "123456789:AAHsecretTOKENvalue_for-tests"
BOT = "school_pdd_bot"
SIZE = (100, 30)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with TelegramApi(TOKEN) as server:
        monkeypatch.setenv("OUTREACH_TELEGRAM_TOKEN", TOKEN)
        monkeypatch.setenv("OUTREACH_TELEGRAM_API", server.url)
        monkeypatch.setattr(telegram_watch, "POLL_SECONDS", 0.1)
        yield server


def families(db: sqlite_utils.Database) -> dict[str, int]:
    set_setting(db, "telegram.bot", BOT)
    ids = {}
    for key, group, child, parent in (("a", "10А", "Петров Иван", "Петрова Анна Викторовна"),
                                      ("b", "10А", "Сидорова Мария", "Сидоров Олег Петрович"),
                                      ("c", "11Б", "Белов Денис", "Белова Вера Ивановна")):
        sid = roster.add_student(db, *child.split(), "", group)
        surname, name, patronymic = parent.split()
        ids[key] = roster.add_guardian(db, {"surname": surname, "name": name, "patronymic": patronymic,
                                            "phone": "+79120000001", "email": f"{key}@example.ru"},
                                       [(sid, "mother")])
    roster.set_consent(db, list(ids.values()), True)
    return ids


def said(pilot, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in pilot.app._notifications if text in str(n.message)]


async def test_the_sheet_of_the_chosen_class_from_the_channels_screen(
        db: sqlite_utils.Database, db_path: Path, tmp_path: Path) -> None:
    ids = families(db)
    target = tmp_path / "printing" / "links-10a.html"
    target.parent.mkdir()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "2", ChannelsScreen)
        screen.finder.group_select.value = "10А"
        await until(pilot, lambda: screen.finder.filter.group == "10А")
        dialog = await open_section(pilot, "д", LinkSheetDialog)  # the Russian layout, same key
        assert dialog.path_input.value == str(Path.home() / "telegram-links-10А.html")
        dialog.query_one("#link-sheet-path", Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: said(pilot, str(target)))
        assert said(pilot, "parents: 2")
        assert isinstance(app.screen, ChannelsScreen)

        text = target.read_text(encoding="utf-8")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        tokens = dict(db.execute("SELECT guardian_id, token FROM telegram_links").fetchall())
        assert set(tokens) == {ids["a"], ids["b"]}
        for gid, name in ((ids["a"], "Петрова Анна Викторовна"), (ids["b"], "Сидоров Олег Петрович")):
            assert name in text and f"https://t.me/{BOT}?start={tokens[gid]}" in text
        assert text.count("<svg") == 2
        assert "Белова" not in text and "+7912" not in text and "@example.ru" not in text

        # once everyone in 10А is linked, the same key says so instead of writing an empty sheet
        for gid in (ids["a"], ids["b"]):
            set_preferences(db, gid, addresses={"telegram": str(777000100 + gid)})
        target.unlink()
        await open_section(pilot, "l", LinkSheetDialog)
        app.screen.query_one("#link-sheet-path", Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: [n for n in app._notifications if n.severity == "error"])
        assert said(pilot, "already linked") and not target.exists()


async def test_a_start_is_picked_up_while_the_app_is_open(db: sqlite_utils.Database, db_path: Path,
                                                          api: TelegramApi) -> None:
    ids = families(db)
    token = deep_link(db, ids["a"]).rsplit("=", 1)[1]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        api.message(424242, f"/start {token}")
        await until(pilot, lambda: said(pilot, "Telegram linked"))
        assert said(pilot, "Telegram linked") == ["Telegram linked, parents: 1"]
        assert reach_one(db, ids["a"]).channels[0] == "telegram"
        polls = len(api.offsets)
        await until(pilot, lambda: len(api.offsets) >= polls + 2)  # it keeps polling, from the new offset
        assert api.offsets[-1] == api.updates[0]["update_id"] + 1
        assert len(said(pilot, "Telegram linked")) == 1  # nobody new: no second notification


async def test_without_a_bot_token_nothing_is_polled(db: sqlite_utils.Database, db_path: Path, api: TelegramApi,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    families(db)
    monkeypatch.delenv("OUTREACH_TELEGRAM_TOKEN")
    monkeypatch.setattr("outreach.settings.secrets._from_keyring", lambda name: None)
    checks: list[int] = []
    real_check = telegram_watch.TelegramWatch._check
    monkeypatch.setattr(telegram_watch.TelegramWatch, "_check",
                        lambda self: (checks.append(1), real_check(self))[1])
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(checks) >= 3)
        assert api.offsets == [] and not pilot.app._notifications


async def test_a_refusing_api_is_reported_once(db: sqlite_utils.Database, db_path: Path, api: TelegramApi,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    families(db)
    monkeypatch.setenv("OUTREACH_TELEGRAM_TOKEN", "987654321:AAHanotherSECRETtoken_value")  # the API says 404
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: said(pilot, "not being picked up"))
        await pilot.pause(0.5)
        await settle(pilot)
        warnings = said(pilot, "not being picked up")
        assert len(warnings) == 1 and "404" in warnings[0] and "AAHanother" not in warnings[0]
