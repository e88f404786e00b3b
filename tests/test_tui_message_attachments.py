"""«Вложения» in the Messages section, by keyboard alone at 80×24: a path pasted and added,
a missing file and an oversized total refused in the dialog, one removed with Delete, and
the saved message carrying the files (its plan says which channels go without them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from outreach.messages import attachments as message_attachments
from outreach.messages.delivery import batch
from outreach_screens.app import make_app
from outreach_screens.messages.attachments import AttachmentsDialog
from outreach_screens.messages.screen import MessagesScreen
from tests.tui_support import open_section, paste, settle

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def instant_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MessagesScreen, "PREVIEW_DELAY", 0)


async def enter_path(pilot: Pilot, path: Path | str) -> None:
    await paste(pilot, str(path))
    await pilot.press("enter")
    await settle(pilot)


async def test_files_picked_by_path_go_with_the_saved_message(demo_db, db_path, tmp_path: Path) -> None:
    form = tmp_path / "заявление.pdf"
    form.write_bytes(b"%PDF-1.4 " + b"x" * 3000)
    notes = tmp_path / "notes.txt"
    notes.write_text("notes", encoding="utf-8")
    big = tmp_path / "big.bin"
    with big.open("wb") as out:
        out.truncate(message_attachments.LIMIT)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.editor.load_text("Заявление во вложении.")
        await settle(pilot)
        await pilot.press("escape", "v")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AttachmentsDialog) and app.focused is dialog.path_input

        await enter_path(pilot, tmp_path / "nowhere.pdf")
        assert "nowhere.pdf" in str(dialog.query_one("#attach-error", Static).render())
        dialog.path_input.value = ""
        await enter_path(pilot, form)
        await enter_path(pilot, notes)
        await enter_path(pilot, big)  # the three together pass the limit: refused, the two kept
        assert "take 10.1 MB together; a message may carry at most 10 MB" in str(
            dialog.query_one("#attach-error", Static).render())
        assert [a.name for a in dialog.files] == ["заявление.pdf", "notes.txt"]

        dialog.path_input.value = ""
        await pilot.press("tab", "down", "down", "delete")  # to the list, the last file, remove it
        await settle(pilot)
        assert [a.name for a in dialog.files] == ["заявление.pdf"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.attachments == (str(form.resolve()),)
        assert "1" in str(screen.query_one("#attachments-label", Static).render())

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.saved is not None
        message_id = screen.saved[0]
        assert "Attachments: заявление.pdf." in str(screen.send_panel.plan_label.render())
    assert batch.plan(demo_db, message_id)["attachments"] == ["заявление.pdf"]
