"""A backup of the whole database from the app (Settings, ctrl+b, or the command palette):
the same copy `outreach backup` makes, remembered for a later erasure, refused with its
reason when it would overwrite the database itself."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from outreach.common.errors import reason_of
from outreach.common.i18n import set_language
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.settings.backup_dialog import BackupDialog
from outreach_screens.settings.screen import SettingsScreen
from tests.tui_support import open_section, paste, recorded_notifications, settle, until

SIZE = (80, 24)


async def test_ctrl_b_in_settings_writes_a_copy_and_remembers_it(
        demo_db: sqlite_utils.Database, db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "copies" / "outreach-copy.db"
    target.parent.mkdir()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        notes = recorded_notifications(app, monkeypatch)
        await open_section(pilot, "0", SettingsScreen)
        dialog = await open_section(pilot, "ctrl+b", BackupDialog)
        assert app.focused is dialog.path_input and dialog.path_input.value.endswith(".db")
        await pilot.press("end", "shift+home")
        await paste(pilot, str(target))
        await pilot.press("enter")
        await until(pilot, lambda: any("Backup written" in note for note in notes))
        assert isinstance(app.screen, SettingsScreen)
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM guardians").fetchone()[0] == demo_db["guardians"].count > 0
    assert [row["path"] for row in demo_db.query("SELECT path FROM backups")] == [str(target.resolve())]
    assert target.stat().st_mode & 0o077 == 0  # personal data: the owner's alone


async def test_in_russian_the_palette_opens_it_and_the_database_itself_is_refused(
        demo_db: sqlite_utils.Database, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    set_language("ru")
    guardians = demo_db["guardians"].count
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        notes = recorded_notifications(app, monkeypatch)
        await settle(pilot)
        await pilot.press("ctrl+p")
        await paste(pilot, "резервная")
        palette = app.screen
        await until(pilot, lambda: palette.query_one("CommandList").option_count > 0)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BackupDialog))
        dialog = app.screen
        assert isinstance(dialog, BackupDialog) and app.current_mode == "settings"
        assert dialog.query_one("#dialog").border_title == "Резервная копия базы"
        await pilot.press("end", "shift+home")
        await paste(pilot, str(db_path))
        await pilot.press("enter")
        await until(pilot, lambda: any("это сама база" in note for note in notes))
        await pilot.press("ctrl+b")  # a place nothing can be written to: the reason in Russian
        await until(pilot, lambda: isinstance(app.screen, BackupDialog))
        await pilot.press("end", "shift+home")
        await paste(pilot, "/proc/outreach-copy.db")
        await pilot.press("enter")
        await until(pilot, lambda: any("/proc/outreach-copy.db:" in note for note in notes))
        refused = next(note for note in notes if "/proc/outreach-copy.db:" in note)
        assert "нет такого файла или папки" in refused and "No such" not in refused
    assert not list(demo_db.query("SELECT * FROM backups"))
    assert demo_db["guardians"].count == guardians  # the database itself untouched


@pytest.mark.parametrize(("code", "words"), [(errno.EACCES, "нет прав"), (errno.ENOSPC, "не осталось места"),
                                             (errno.EROFS, "только для чтения")])
def test_the_systems_common_reasons_are_said_in_russian(code: int, words: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    set_language("ru")
    assert words in reason_of(OSError(code, os.strerror(code)))
    assert reason_of(OSError(errno.EBUSY, "Device or resource busy")) == "Device or resource busy"  # others as said


async def test_a_file_already_there_is_replaced_only_when_the_teacher_says_so(
        demo_db: sqlite_utils.Database, db_path: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "outreach-copy.db"
    target.write_bytes(b"last week's copy")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        notes = recorded_notifications(app, monkeypatch)
        await open_section(pilot, "0", SettingsScreen)
        dialog = await open_section(pilot, "ctrl+b", BackupDialog)
        await pilot.press("end", "shift+home")
        await paste(pilot, str(tmp_path))  # the folder: the file of the default name in it
        await pilot.press("enter")  # nothing there by that name: no question
        await until(pilot, lambda: any("Backup written" in note for note in notes))
        assert isinstance(app.screen, SettingsScreen)
        dialog = await open_section(pilot, "ctrl+b", BackupDialog)
        await pilot.press("end", "shift+home")
        await paste(pilot, str(target))
        await pilot.press("enter")
        question = await until_screen(pilot, ConfirmScreen)
        assert str(target) in question.body and question.question == "Replace it?"
        assert app.focused is question.cancel_button  # the safe answer
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and app.focused is dialog.path_input  # another name can be typed
        assert target.read_bytes() == b"last week's copy"
        await pilot.press("enter")
        question = await until_screen(pilot, ConfirmScreen)
        await pilot.press("left", "enter")  # «Replace»
        await until(pilot, lambda: any(str(target) in note and "Backup written" in note for note in notes))
        assert isinstance(app.screen, SettingsScreen)
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM guardians").fetchone()[0] == demo_db["guardians"].count


async def until_screen(pilot, kind: type[ConfirmScreen]) -> ConfirmScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, kind))
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen
