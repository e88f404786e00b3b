"""Issue 12 in the app, replayed key by key: nothing happens that the teacher did not mean.

Each test presses the keys of one slip and asserts the harmless outcome: the audience stays
the message's, typed text stays text, a template does not overwrite the teacher's text, the
draft survives a restart, q asks, and every summary equals the log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from textual.pilot import Pilot
from textual.widgets import Input

from outreach.messages import compose
from outreach.messages.template_tokens import to_tokens
from outreach.roster import guardians as roster
from outreach_screens.app import QUIT_QUESTION, OutreachApp, make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.focus import is_text_field
from outreach_screens.messages.pickers import TemplatePicker
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.roster.export_dialog import ExportDialog
from outreach_screens.roster.screen import RosterScreen
from tests.messages_support import Mailbox, local_smtp, parents
from tests.tui_support import open_section, paste, settle, until

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def no_delays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MessagesScreen, "PREVIEW_DELAY", 0)
    monkeypatch.setattr(MessagesScreen, "KEEP_DELAY", 0)


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        yield box


async def open_messages(pilot: Pilot) -> MessagesScreen:
    return await open_section(pilot, "3", MessagesScreen)


async def write_and_save(pilot: Pilot, text: str) -> MessagesScreen:
    """Open Messages, write `text` in the editor (no template) and save it with Ctrl+S."""
    screen = await open_messages(pilot)
    await pilot.press("e")
    await paste(pilot, text)
    await until(pilot, lambda: text.split()[0] in screen.preview_text)
    await pilot.press("ctrl+s")
    await settle(pilot)
    return screen


async def pick_template(pilot: Pilot, search: str) -> None:
    await pilot.press("escape", "t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TemplatePicker)
    await paste(pilot, search)
    await pilot.press("enter")
    await settle(pilot)


async def choose(pilot: Pilot, downs: int) -> None:
    """Open the focused Select, move `downs` options down from the top, choose."""
    await pilot.press("enter", "home", *["down"] * downs, "enter")
    await settle(pilot)


def notes(app: OutreachApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def consent_rows(db: sqlite_utils.Database) -> list[tuple[object, ...]]:
    return db.execute("SELECT id, consent_given_at, consent_scope, consent_withdrawn_at"
                      " FROM guardians ORDER BY id").fetchall()


# -- slip 1: the audience belongs to the message ---------------------------------------------

async def test_the_roster_filter_does_not_change_a_drafts_audience(demo_db, db_path) -> None:
    groups = roster.group_names(demo_db)
    people = len(compose.resolve_audience(demo_db, [("group", "10Б")]))
    deliveries = demo_db.execute("SELECT count(*) FROM deliveries").fetchone()[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_messages(pilot)
        await pick_template(pilot, "тонкий")
        await pilot.press("escape")
        assert app.focused is screen.options.audience_kind
        await choose(pilot, 1)  # «a group»
        await pilot.press("tab")
        assert app.focused is screen.options.audience_value
        await choose(pilot, 1 + groups.index("10Б"))  # below the «—» prompt
        assert screen.draft().audience == ("group:10Б",)

        roster_screen = await open_section(pilot, "1", RosterScreen)
        await until(pilot, lambda: roster_screen.finder.filter.group == "10Б")  # the filter followed
        await pilot.press("g")
        await choose(pilot, 0)  # «all groups»
        await until(pilot, lambda: app.group is None and roster_screen.finder.filter.group is None)
        await open_messages(pilot)
        assert screen.draft().audience == ("group:10Б",)
        assert screen.options.audience_value.value == "10Б"

        await pilot.press("ctrl+g")  # saves, then asks
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert f"To: parents of 10Б, {people} people" in question.body
        assert app.focused is question.cancel_button  # the yes is never the default
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
    saved = screen.saved[0]
    statuses = {s for (s,) in demo_db.execute("SELECT status FROM deliveries WHERE message_id = ?", [saved])}
    assert statuses <= {"queued", "skipped"}  # nothing went without the yes
    added = demo_db.execute("SELECT count(*) FROM deliveries").fetchone()[0] - deliveries
    assert added == demo_db.execute("SELECT count(*) FROM deliveries WHERE message_id = ?", [saved]).fetchone()[0]


async def test_send_after_switching_to_a_group_with_none_chosen_asks_for_the_group(demo_db, db_path) -> None:
    """Saved for everyone, then «a group» chosen and Ctrl+G before the group: the screen says
    «a group —», and Ctrl+G asked to send the saved message to all the parents."""
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await write_and_save(pilot, "Собрание в пятницу в 18:00.")
        assert screen.saved is not None and screen.saved[1][4] == ("all",)
        saved = screen.saved[0]
        await pilot.press("escape")
        screen.options.audience_kind.focus()
        await choose(pilot, 1)  # «a group», none chosen yet
        assert screen.send_panel.plan_label.has_class("stale")  # the plan shown is not for this
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)  # nothing asked about everyone
        assert "none is chosen yet" in screen.problem
    statuses = {s for (s,) in demo_db.execute("SELECT status FROM deliveries WHERE message_id = ?", [saved])}
    assert statuses <= {"queued", "skipped"}  # nothing went out


# -- slip 2: typed text is text; Escape leaves a field ------------------------------------------

async def test_typing_a_date_in_the_values_block_stays_text(demo_db, db_path) -> None:
    consent = consent_rows(demo_db)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_messages(pilot)
        await pick_template(pilot, "родительское собрание")
        assert {"date", "topic"} <= set(screen.options.names)
        await pilot.press("escape")
        assert app.focused is screen.options.audience_kind
        for _ in range(3):  # from the audience: mode, then the first field of the block
            await pilot.press("tab")
            assert app.focused is not screen.options.variables_box
            if isinstance(app.focused, Input):
                break
        field = app.focused
        assert isinstance(field, Input) and field.name == "date"
        await pilot.press(*"18 сентября (четверг)")
        await settle(pilot)
        assert field.value == "18 сентября (четверг)"
        assert app.current_mode == "messages" and app.screen is screen
        assert not [s for s in app.screen_stack if isinstance(s, ExportDialog)]

        topic = next(f for f in screen.query(".var-value").results(Input) if f.name == "topic")
        topic.focus()
        await pilot.press(*"ПДД", "escape", "p")
        await settle(pilot)
        assert topic.value == "ПДД"
        assert not is_text_field(app.focused) and app.focused is screen.options.audience_kind
        await pilot.press("escape")  # a second Escape outside a field does what it did before
        assert app.screen is screen and app.is_running
    assert consent_rows(demo_db) == consent


# -- slip 5: a template does not overwrite the teacher's text; no template is needed ---------

async def test_a_template_over_own_text_asks_and_cancel_keeps_it(demo_db, db_path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_messages(pilot)
        await pick_template(pilot, "тонкий")
        ice = screen.template
        await pilot.press(*"Моя приписка. ")
        await settle(pilot)
        mine = screen.editor.text
        assert mine.startswith("Моя приписка. ")

        await pick_template(pilot, "родительское собрание")
        assert isinstance(app.screen, ConfirmScreen) and "Replace" in app.screen.confirm_label
        await pilot.press("enter")  # the focused answer is Cancel: keep
        await settle(pilot)
        assert app.screen is screen and screen.template is ice and screen.editor.text == mine

        await pick_template(pilot, "родительское собрание")
        await pilot.press("shift+tab", "enter")  # Replace, chosen on purpose
        await settle(pilot)
        chosen = screen.template
        assert chosen is not ice and screen.editor.text == to_tokens(chosen.body, chosen.lang, chosen.variables)


async def test_a_message_without_a_template(demo_db, db_path) -> None:
    before = demo_db.execute("SELECT count(*) FROM messages").fetchone()[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await write_and_save(pilot, "Субботник в субботу в 10:00.")
        assert screen.saved is not None and screen.problem == ""
        assert any("Nothing is sent" in n for n in notes(app))  # ctrl+s says saved, not queued
    message = compose.get_message(demo_db, screen.saved[0])
    assert (message.template, message.body) == ("blank", "Субботник в субботу в 10:00.")
    assert message.subject == "Субботник в субботу в 10:00."
    assert demo_db.execute("SELECT count(*) FROM messages").fetchone()[0] == before + 1


async def test_the_draft_comes_back_after_a_restart(demo_db, db_path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_messages(pilot)
        await pick_template(pilot, "родительское собрание")
        await pilot.press("escape", "e")  # from the date the template asks for, to the editor
        await pilot.press(*"Важно! ")
        await pilot.press("escape")
        await choose(pilot, 1)
        await pilot.press("tab")
        await choose(pilot, 1 + roster.group_names(demo_db).index("11А"))
        date = next(f for f in screen.query(".var-value").results(Input) if f.name == "date")
        date.focus()
        await pilot.press(*"18 сентября")
        await settle(pilot)
        text, template, audience = screen.editor.text, screen.template, screen.draft().audience
        assert audience == ("group:11А",)
    # the app is gone without a save (as if the terminal was closed): the kept draft remains
    again = make_app(db_path)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_messages(pilot)
        await until(pilot, lambda: screen.draft_ready and screen.template is not None)
        assert screen.editor.text == text and screen.editor.text.startswith("Важно! ")
        assert (screen.template.lang, screen.template.slug) == (template.lang, template.slug)
        assert screen.draft().audience == audience
        assert screen.options.values.get("date") == "18 сентября"
        assert any("is back" in n for n in notes(again))
        await pilot.press("escape", "e", *"Жду всех.")  # going on writing: after her words
        await settle(pilot)
        assert screen.editor.text == text + "Жду всех."


# -- slip 6: q with unsaved work asks ---------------------------------------------------------

async def test_q_with_a_filled_draft_asks_before_quitting(demo_db, db_path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_messages(pilot)
        await pick_template(pilot, "тонкий")
        await pilot.press(*"q")  # in the editor q is a letter
        assert screen.editor.text.startswith("q") and app.is_running
        await pilot.press("escape", "q")
        await settle(pilot)
        assert app.is_running and app.screen.id == QUIT_QUESTION
        assert "not saved as a message" in app.screen.body
        await pilot.press("q")  # a second q does not quit behind the question
        assert app.is_running
        await pilot.press("enter")  # the focused answer keeps the app running
        await settle(pilot)
        assert app.is_running and app.screen is screen
        await pilot.press("e", "ctrl+q")
        await settle(pilot)
        assert app.is_running and app.screen.id == QUIT_QUESTION
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        assert not app.is_running


async def test_q_after_saving_quits_at_once(demo_db, db_path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_messages(pilot)
        await pick_template(pilot, "тонкий")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape", "q")
        await pilot.pause()
        assert not app.is_running


# -- slip 7: every summary equals the log; a channel not set up is named before sending -----

async def asked_to_send(pilot: Pilot, template: str) -> ConfirmScreen:
    """The question Ctrl+G asks about a message from `template`, sent to all parents."""
    await pick_template(pilot, template)
    await pilot.press("ctrl+g")
    await settle(pilot)
    question = pilot.app.screen
    assert isinstance(question, ConfirmScreen)
    return question


async def test_the_question_before_sending_says_why_a_shared_address_is_skipped(db, db_path, smtp: Mailbox) -> None:
    """Seen in tmux: a father sharing the mother's mailbox was counted among «Skipped (no
    consent, no channel, erased)», none of which he was; the plan above says why."""
    mother, _ = parents(db, 2, "email")
    child = roster.get_guardian(db, mother).students[0].id
    father = roster.add_guardian(db, {"surname": "Петров", "name": "Олег", "email": "parent0@example.ru"},
                                 [(child, "father")])
    roster.set_consent(db, [father], True)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_messages(pilot)
        question = await asked_to_send(pilot, "тонкий")
        assert "1 parent shares an address with another parent of the message" in question.body
        assert "Skipped (no consent, no channel, an address another parent has, erased): 1" in question.body
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
    assert smtp.recipients() == {"parent0@example.ru": 1, "parent1@example.ru": 1}


async def test_the_toast_after_sending_equals_the_log(db, db_path, smtp: Mailbox) -> None:
    ids = parents(db, 5, "email")
    roster.set_consent(db, ids[:3], False)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_messages(pilot)
        question = await asked_to_send(pilot, "тонкий")
        assert "To: all parents, 5 people" in question.body
        assert "Skipped (no consent, no channel, an address another parent has, erased): 3" in question.body
        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        message_id = screen.saved[0]
        log = compose.delivery_counts(db, message_id)
        assert (log["sent"], log["skipped"]) == (2, 3) and len(smtp.messages) == 2
        toast = f"Message {message_id} in the log: sent 2, failed 0, waiting for quiet hours 0, skipped 3"
        assert any(n.startswith(toast) for n in notes(app))
        assert toast in screen.log_view.summary


async def test_telegram_without_a_token_is_named_before_anything_is_sent(db, db_path, monkeypatch) -> None:
    monkeypatch.delenv("OUTREACH_TELEGRAM_TOKEN", raising=False)
    monkeypatch.setattr("outreach.settings.secrets._from_keyring", lambda name: None)
    parents(db, 2, "telegram")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_messages(pilot)
        await pick_template(pilot, "тонкий")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not set up: Telegram 2" in str(screen.send_panel.plan_label.render())
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert any("OUTREACH_TELEGRAM_TOKEN" in n and "Nothing of message" in n for n in notes(app))
    assert compose.delivery_counts(db, screen.saved[0])["queued"] == 2
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'send'").fetchone()[0] == 0
