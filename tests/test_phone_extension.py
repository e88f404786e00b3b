"""«8 912 111-22-33 доб. 12»: the phone is the number, the extension is kept in the guardian's
notes where the teacher sees it, and the CLI and the app say so."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from outreach.common.contacts import split_extension
from outreach.roster import guardians as roster
from outreach_screens.app import make_app
from outreach_screens.roster.guardian_form import GuardianForm
from tests.conftest import Cli
from tests.tui_support import open_section, recorded_notifications, settle, until


@pytest.mark.parametrize(("raw", "split"), [
    ("8 912 111-22-33 доб. 12", ("8 912 111-22-33", "12")), ("8 912 111-22-33, доб 12", ("8 912 111-22-33", "12")),
    ("8 (3452) 50-60-70 доб.123", ("8 (3452) 50-60-70", "123")), ("+7 912 111 22 33 ext. 5", ("+7 912 111 22 33", "5")),
    ("8 912 111-22-33 вн. 305", ("8 912 111-22-33", "305")), ("8 912 111-22-33 #12", ("8 912 111-22-33", "12")),
    ("8 912 111-22-33", ("8 912 111-22-33", None)), ("доб. 12", ("доб. 12", None)), ("", ("", None)),
])
def test_the_extension_is_told_apart(raw: str, split: tuple[str, str | None]) -> None:
    assert split_extension(raw) == split


def stored(db: sqlite_utils.Database, gid: int) -> tuple[str, str]:
    return db.execute("SELECT phone, notes FROM guardians WHERE id = ?", [gid]).fetchone()


def test_add_guardian_keeps_the_extension_in_the_notes_and_says_so(cli: Cli, db: sqlite_utils.Database) -> None:
    result = cli("roster", "add-guardian", "--surname", "Петрова", "--name", "Анна",
                 "--phone", "8 912 111-22-33 доб. 12", "--notes", "Звонить после 18:00", "--json")
    assert result.exit_code == 0, result.output
    gid = cli.json("roster", "list")[0]["id"]
    assert result.stdout.strip().startswith("{") and '"id"' in result.stdout  # --json stays one document
    assert stored(db, gid) == ("+79121112233", "Звонить после 18:00; Extension 12 to the phone +7 912 111-22-33")
    assert "without its extension 12; the extension is kept in the notes" in " ".join(result.stderr.split())
    assert cli.json("roster", "list", "--search", "Петрова")[0]["phone"] == "+79121112233"


def test_in_russian(cli: Cli, db: sqlite_utils.Database, russian: None) -> None:
    result = cli("roster", "add-guardian", "--surname", "Петрова", "--name", "Анна",
                 "--phone", "8 912 111-22-33 доб. 12")
    assert result.exit_code == 0, result.output
    (gid,) = [g.id for g in roster.list_guardians(db)]
    assert stored(db, gid) == ("+79121112233", "Добавочный 12 к телефону +7 912 111-22-33")
    assert "Телефон сохранён без добавочного 12; добавочный записан в заметки." in " ".join(result.stderr.split())


def test_edit_adds_the_extension_to_the_notes_kept(cli: Cli, db: sqlite_utils.Database) -> None:
    gid = roster.add_guardian(db, {"surname": "Петрова", "name": "Анна", "phone": "+79121112233",
                                   "notes": "Бабушка забирает по пятницам"})
    for _ in range(2):  # typed again: the note is not doubled
        result = cli("roster", "edit", "--guardian", str(gid), "--phone", "8 912 111-22-33 доб. 12")
        assert result.exit_code == 0, result.output
        assert "the extension is kept in the notes" in " ".join(result.stderr.split())
    assert stored(db, gid) == ("+79121112233",
                               "Бабушка забирает по пятницам; Extension 12 to the phone +7 912 111-22-33")
    assert cli("roster", "edit", "--guardian", str(gid), "--email", "anna@mail.ru").stderr == ""


async def test_the_app_form_keeps_it_and_says_so(db: sqlite_utils.Database, db_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(db_path)
    notes = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        form = await open_section(pilot, "a", GuardianForm)
        await pilot.press(*"Петрова", "tab", *"Анна", "tab")
        form.field_input("phone").value = "8 912 111-22-33 доб. 12"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("Guardian added" in note for note in notes))
    (gid,) = [g.id for g in roster.list_guardians(db)]
    assert stored(db, gid) == ("+79121112233", "Extension 12 to the phone +7 912 111-22-33")
    [said] = [note for note in notes if "Guardian added" in note]
    assert "without its extension 12; the extension is kept in the notes" in said
