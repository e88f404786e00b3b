"""The MAX bot in the Settings section: its name saved as a setting, its token to the keyring
(never the database), and from there used by the MAX client."""

from __future__ import annotations

from pathlib import Path

import pytest

from outreach.channels.max_api import max_config
from outreach.store import db as storage
from outreach_screens.app import make_app
from tests.test_tui_settings import SIZE, MemoryKeyring, errors, open_settings, retype, ring, stored  # noqa: F401 - ring is a fixture
from tests.tui_support import settle


async def test_max_bot_name_and_token_by_keyboard(db_path: Path, ring: MemoryKeyring,  # noqa: F811 - the fixture
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_MAX_TOKEN", raising=False)
    monkeypatch.delenv("OUTREACH_MAX_API", raising=False)
    storage.open_db(db_path).close()
    secret = "max-token-Qp7731"
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.label("max.token") == "Bot token"
        await retype(pilot, screen, "max.bot", "school_7b_bot")
        screen.editor("max.token").focus()
        await pilot.press(*secret, "ctrl+s")
        await settle(pilot)
        assert errors(pilot) == []
        assert str(screen.query_one("#status-setting-max-token").render()) == "set (system keyring)"
    assert stored(db_path)["max.bot"] == "school_7b_bot"
    assert ring.items[("outreach", "max.token")] == secret
    config = max_config(stored(db_path))
    assert config is not None and config.token == secret and config.api == "https://platform-api2.max.ru"
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    assert files and all(secret.encode() not in p.read_bytes() for p in files)
