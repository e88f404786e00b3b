"""Answers by button in Telegram: an inline keyboard with «Приду / Не смогу», presses read by
`channels link-updates` with getUpdates, answered with answerCallbackQuery and tallied."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from outreach.channels.telegram_api import BotApi, telegram_config
from outreach.messages import rsvp
from tests.messages_support import TelegramApi, local_telegram, parents


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    with local_telegram(monkeypatch) as server:
        yield server


def test_presses_in_telegram_are_tallied(cli, db: sqlite_utils.Database, api: TelegramApi) -> None:  # type: ignore[no-untyped-def]
    gids = parents(db, 2, channel="telegram")
    mid = cli.json("message", "new", "--template", "parent-meeting", "--audience", "group:10А",
                   "--set", "date=25.09", "--set", "time=18:30", "--set", "place=12", "--set", "topic=ПДД")["id"]
    rsvp.ask(db, mid)
    config = telegram_config({})
    assert config is not None
    with BotApi(config) as bot:
        bot.send_message("100000", "Invitation", reply_markup=rsvp.telegram_keyboard(mid, "en"))
    assert api.received[0]["reply_markup"] == {"inline_keyboard": [[
        {"text": "I'll come", "callback_data": f"rsvp:{mid}:yes"},
        {"text": "I can't come", "callback_data": f"rsvp:{mid}:no"}]]}

    first = api.press(100000, f"rsvp:{mid}:no")
    stranger = api.press(555, f"rsvp:{mid}:yes")
    assert cli.json("channels", "link-updates") == {"linked": [], "unknown": 0, "answers": 1}
    assert api.answered == [{"callback_query_id": first, "text": "Thank you for letting us know."},
                            {"callback_query_id": stranger,
                             "text": "This answer was not counted: the invitation is no longer open."}]
    tally = cli.json("message", "rsvp", str(mid))
    assert tuple(tally["counts"].values()) == (0, 1, 1)
    assert {p["guardian_id"]: (p["answer"], p["channel"]) for p in tally["people"]} == {
        gids[0]: ("no", "telegram"), gids[1]: (None, "telegram")}
    assert db.execute("SELECT channel FROM rsvp").fetchall() == [("telegram",)]

    # the offset is stored: the same press is not counted again
    assert cli.json("channels", "link-updates")["answers"] == 0
    assert len(api.answered) == 2
