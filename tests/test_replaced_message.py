"""An edit of a message gone out may replace it for the parents it has not reached yet: its
deliveries still queued (held by quiet hours) are withdrawn, «заменено сообщением N», in one
transaction with the new message, so those parents do not get both texts. Before, the old
text still went at 08:00 and the new one too. Each test fails without the change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from textual.pilot import Pilot

from outreach.common.errors import OutreachError
from outreach.messages import compose, templates
from outreach.messages.delivery.labels import row_note
from outreach.messages.delivery.send import send_message
from outreach.messages.replacement import Waiting, not_gone_yet, replace_sent
from outreach.settings.values import set_setting
from outreach_screens.app import make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.messages.screen import MessagesScreen
from tests.messages_support import parents
from tests.test_real_hands import recorded_notes
from tests.tui_support import open_section, settle, until

SIZE = (80, 24)


@pytest.fixture
def late_evening(monkeypatch: pytest.MonkeyPatch) -> None:
    """22:15: with quiet hours 21:00–08:00 (`evening_parents`), what is sent now waits, queued."""
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T22:15")


def evening_parents(db: sqlite_utils.Database, count: int) -> list[int]:
    """`count` parents on e-mail whose quiet hours are 21:00–08:00."""
    ids = parents(db, count)
    set_setting(db, "quiet_hours", "21:00-08:00")
    return ids


def statuses(db: sqlite_utils.Database, message_id: int) -> dict[int, tuple[str, str | None]]:
    return {g: (s, e) for g, s, e in db.execute(
        "SELECT guardian_id, status, error FROM deliveries WHERE message_id = ?", [message_id])}


def held_message(db: sqlite_utils.Database, count: int) -> tuple[list[int], int]:
    """`count` parents, and a message to them sent at 22:15: every delivery held for 08:00."""
    ids = evening_parents(db, count)
    old = compose.create_message(db, templates.blank("ru", "Собрание в 18:00."))
    assert send_message(db, old).deferred == count
    return ids, old


async def held_and_edited(pilot: Pilot, db: sqlite_utils.Database, count: int) -> tuple[MessagesScreen, int]:
    """In the composer: «Собрание в 18:00» saved, sent by a script meanwhile (its `count`
    deliveries held by quiet hours until 08:00), edited and saved again, up to the question
    whether the edit replaces it. Returns the composer and the first message's id."""
    screen = await open_section(pilot, "3", MessagesScreen)
    screen.editor.focus()
    await pilot.press(*"Собрание в 18:00", "ctrl+s")
    await until(pilot, lambda: screen.send_panel.saved is not None)
    first = screen.send_panel.saved[0]  # type: ignore[index]
    assert send_message(db, first).deferred == count
    await pilot.press("end", *", кабинет 12", "ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
    return screen, first


def test_a_replacement_withdraws_the_rows_held_by_quiet_hours_and_not_the_one_sending(
        db: sqlite_utils.Database, late_evening: None) -> None:
    """Three parents held for 08:00, one of them being sent right now by send-due: the two
    still queued are withdrawn for message 2 (which goes to them as well as to the one parent
    the teacher named); the row in flight is not touched, nor is its parent added."""
    (first, second, third), old = held_message(db, 3)
    db.execute("UPDATE deliveries SET status = 'sending' WHERE message_id = ? AND guardian_id = ?", [old, third])
    db.conn.commit()
    given: list[Waiting] = []

    def create(heirs: Waiting) -> int:
        given.append(heirs)
        return compose.create_message(db, templates.blank("ru", "Собрание в 19:00."),
                                      audience=[f"guardian:{first}"], heirs=heirs.guardians)

    done = replace_sent(db, old, create)
    assert given == [Waiting([first, second], [])]
    assert (done.replaced, done.withdrawn) == (old, 2)
    reason = f"replaced:{done.message_id}"
    assert statuses(db, old) == {first: ("skipped", reason), second: ("skipped", reason), third: ("sending", None)}
    assert statuses(db, done.message_id) == {first: ("queued", None), second: ("queued", None)}
    assert compose.get_message(db, done.message_id).audience == [f"guardian:{first}", f"guardian:{second}"]
    log = compose.delivery_log(db, old, ["skipped"])
    assert {row_note(row) for row in log} == {f"replaced by message {done.message_id}"}


def test_a_replacement_that_fails_withdraws_nothing(db: sqlite_utils.Database, late_evening: None) -> None:
    """The new text refused (a placeholder nobody fills): the old rows stay queued."""
    _, old = held_message(db, 2)
    with pytest.raises(OutreachError):
        replace_sent(db, old, lambda heirs: compose.create_message(
            db, templates.blank("ru", "Собрание {{ place }}."), heirs=heirs.guardians))
    assert {s for s, _ in statuses(db, old).values()} == {"queued"}
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 1


def test_a_message_not_gone_out_is_not_replaced(db: sqlite_utils.Database) -> None:
    """A draft is edited or deleted, not replaced: refused, nothing made."""
    parents(db, 1)
    draft = compose.create_message(db, templates.blank("ru", "Собрание."))
    with pytest.raises(OutreachError, match="has not gone out yet"):
        replace_sent(db, draft, lambda heirs: compose.create_message(db, templates.blank("ru", "Другое.")))
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 1


def test_message_new_replaces(cli, db: sqlite_utils.Database, late_evening: None) -> None:  # type: ignore[no-untyped-def]
    """`message new --replaces 1` withdraws what of message 1 waits and says so; without the
    flag a script gets what it got before (both go, `{"id"}` only)."""
    evening_parents(db, 2)
    old = cli.json("message", "new", "--text", "Собрание в 18:00.", "--audience", "group:10А")["id"]
    assert cli.json("message", "send", str(old), "--yes")["deferred"] == 2
    both = cli.json("message", "new", "--text", "Собрание в 18:30.", "--audience", "group:10А")
    assert set(both) == {"id"}
    assert {s for s, _ in statuses(db, old).values()} == {"queued"}
    replaced = cli.json("message", "new", "--text", "Собрание в 19:00.", "--audience", "group:10А",
                        "--replaces", str(old))
    new = replaced["id"]
    assert replaced == {"id": new, "replaced": old, "withdrawn": 2}
    assert {row["status"] for row in cli.json("message", "log", str(old))} == {"skipped"}
    shown = cli("--lang", "ru", "message", "log", str(old)).stdout.splitlines()
    errors = " ".join(line.split("│")[4].strip() for line in shown if line.startswith("│"))  # its lines wrapped
    assert " ".join(errors.split()) == " ".join([f"заменено сообщением {new}"] * 2)
    again = cli("--lang", "ru", "message", "new", "--text", "Собрание в 20:00.", "--replaces", str(old))
    assert again.exit_code == 0 and f"Ничего из сообщения {old} уже не ждало" in again.stdout
    refused = cli("message", "new", "--text", "Собрание.", "--replaces", str(both["id"]))
    assert refused.exit_code == 1
    assert f"Message {both['id']} has not gone out yet" in refused.stderr
    assert cli("message", "new", "--text", "Собрание.", "--replaces", "99").exit_code == 1


async def test_an_edit_asks_whether_it_replaces_and_the_log_says_so(
        db: sqlite_utils.Database, db_path: Path, russian: None, late_evening: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved, sent at 22:15 (held for 08:00), edited and saved again: the app asks, «Keep
    both» focused; «Заменить» withdraws the two deliveries and the old message's log says why."""
    evening_parents(db, 2)
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen, old = await held_and_edited(pilot, db, 2)
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        assert app.focused is dialog.cancel_button and str(dialog.cancel_button.label) == "Оставить оба"
        assert "из его доставок ещё не ушли 2" in dialog.body
        body = dialog.query_one("#body")
        assert body.virtual_size.height <= body.region.height  # the whole of it at 80×24, no scrolling
        await pilot.press("left", "enter")  # Заменить
        await until(pilot, lambda: any("заменяет" in n for n in notes))
        new = screen.send_panel.saved[0]  # type: ignore[index]
        said = next(n for n in notes if "заменяет" in n)
        assert f"Оно заменяет сообщение {old}: 2 доставки, ещё не ушедшие, отозваны" in said
        await pilot.press("l")
        log = screen.log_view
        await until(pilot, lambda: log.message_id == new)
        log.message_select.focus()
        await pilot.press("enter", "down", "enter")  # the chooser lists the newest first
        await until(pilot, lambda: log.message_id == old)
        await settle(pilot)
        assert [line[1][3] for line in log.lines] == [f"заменено сообщением {new}"] * 2
    assert {s for s, _ in statuses(db, old).values()} == {"skipped"}
    assert {s for s, _ in statuses(db, new).values()} == {"queued"}


def test_a_message_being_sent_right_now_is_not_replaced(db: sqlite_utils.Database, late_evening: None) -> None:
    """send-due sending the old message in another process has read its rows already: a row
    withdrawn now would still go with the old text. The replacement waits for it, and nothing
    is stored or withdrawn meanwhile."""
    _, old = held_message(db, 2)
    sender = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        db.execute("UPDATE messages SET sender_pid = ? WHERE id = ?", [sender.pid, old])
        db.conn.commit()
        before = db.execute("SELECT count(*) FROM messages").fetchone()[0]
        with pytest.raises(OutreachError, match="being sent right now"):
            replace_sent(db, old, lambda heirs: compose.create_message(db, templates.blank("ru", "Новый текст.")))
        assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == before
        assert {s for s, _ in statuses(db, old).values()} == {"queued"}
    finally:
        sender.kill()
        sender.wait()


def test_a_delivery_failed_for_now_is_withdrawn_too_and_a_refused_one_stays(
        db: sqlite_utils.Database, late_evening: None) -> None:
    """A letter the server refused for now (failed, to be tried again) goes with the old
    message's next send as surely as a queued one: it is withdrawn too. One refused for good
    is not sent again anyway and keeps its reason."""
    (first, second, third), old = held_message(db, 3)
    db.execute("UPDATE deliveries SET status = 'failed', retryable = 1, error = '451' WHERE message_id = ? AND guardian_id = ?",
               [old, second])
    db.execute("UPDATE deliveries SET status = 'failed', retryable = 0, error = '550' WHERE message_id = ? AND guardian_id = ?",
               [old, third])
    db.conn.commit()
    assert not_gone_yet(db, old) == 2
    done = replace_sent(db, old, lambda heirs: compose.create_message(
        db, templates.blank("ru", "Новый текст."), audience=[f"guardian:{first}"], heirs=heirs.guardians))
    reason = f"replaced:{done.message_id}"
    assert done.withdrawn == 2
    assert statuses(db, old) == {first: ("skipped", reason), second: ("skipped", reason), third: ("failed", "550")}
    assert set(statuses(db, done.message_id)) == {first, second}
