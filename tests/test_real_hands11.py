"""Eleventh hands-on pass (the lead's, session 16): a message saved and sent, the app closed
and opened again at 80×24 in Russian. Each test is a surprise met there, and fails without its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.messages import compose, drafts, templates
from outreach_screens.app import make_app
from outreach_screens.messages.screen import MessagesScreen
from tests.messages_support import parents
from tests.test_real_hands import recorded_notes
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
