"""Second hands-on pass: slips a Russian teacher met in Messages and Settings at 80×24 (Esc in
the delivery log, a one-line message previewed twice, a father counted under «звонок» and
«недоступны», a send that asked twice, Settings slow to appear), each pinned by a test that
failed before its fix."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import sqlite_utils
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from textual.pilot import Pilot
from textual.widgets import Select

from outreach.channels.preferences import set_preferences
from outreach.messages import compose, templates
from outreach.messages.delivery import batch
from outreach.roster import guardians as roster
from outreach.settings.values import set_setting
from outreach_screens.app import OutreachApp, make_app
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.messages.outbox import MessageListScreen
from outreach_screens.messages.screen import MessagesScreen
from outreach_screens.settings.screen import SettingsScreen
from tests.conftest import Cli
from tests.messages_support import Mailbox, local_smtp, parents
from tests.test_real_hands import recorded_notes
from tests.tui_support import open_section, paste, screen_lines, settle, until

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def instant_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MessagesScreen, "PREVIEW_DELAY", 0)
    monkeypatch.setattr(MessagesScreen, "KEEP_DELAY", 0)


def shown(app: OutreachApp) -> str:
    """The terminal's text as one line (wrapping and box edges folded into spaces)."""
    return " ".join(" ".join(line.replace("│", " ").split()) for line in screen_lines(app))


async def write(pilot: Pilot, screen: MessagesScreen, text: str) -> None:
    """Type a message of one's own into the editor (pasted) and wait for its preview."""
    screen.editor.focus()
    await paste(pilot, text)
    await until(pilot, lambda: screen.preview_text != "")


# -- 1. Esc in the delivery log -----------------------------------------------------------

async def test_esc_in_the_delivery_log_goes_back_to_the_composer_or_the_list(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    parents(db, 1)
    message_id = compose.create_message(db, templates.blank("ru", "Завтра уроки до 13:00."))
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await pilot.press("l")
        await settle(pilot)
        assert screen.views.current == "log" and screen.log_view.message_id == message_id
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.views.current == "compose"

        listing = await open_section(pilot, "m", MessageListScreen)
        assert [row.id for row in listing.rows] == [message_id]
        await pilot.press("o")
        await until(pilot, lambda: app.screen is screen and screen.views.current == "log")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MessageListScreen)  # back where the log was opened from
        assert screen.views.current == "compose"


# -- 2. A one-line message previewed once -----------------------------------------------------

async def test_a_message_of_one_line_is_previewed_once(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    parents(db, 1)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await write(pilot, screen, "Завтра уроки до 13:00.")
        assert screen.preview_text.count("Завтра уроки до 13:00.") == 1
        assert shown(app).count("Завтра уроки до 13:00.") == 2  # the editor and the preview

        screen.editor.load_text("Субботник\n\nВ субботу в 10:00 у школы.")
        await until(pilot, lambda: "субботу" in screen.preview_text)
        assert screen.preview_text.count("Субботник") == 1  # its first line is its subject

        screen.editor.load_text("Привет\n\nЗавтра контрольная.")
        draft = screen.draft()
        assert draft is not None and draft.template.subject == "Привет"  # the e-mail keeps it


async def test_a_template_reads_in_russian_and_asks_for_its_values_by_name(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    parents(db, 1)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.use_template(templates.find("ru/parent-meeting-online"))
        await until(pilot, lambda: screen.problem != "")
        heading = str(screen.query_one("#template-label").render())
        assert heading == "шаблон: Приглашение на онлайн-собрание"  # no «(any) [ru]»
        # not «'date' is undefined», nor the variables' codes: the words the fields are named by
        assert screen.problem == "Заполните ниже: дата, время, ссылка на видеовстречу, главная тема собрания."
        assert "[главная тема собрания]" in screen.preview_text  # the message's shape, marked
        screen.options.fill({"date": "10 декабря", "time": "19:00", "link": "https://telemost.yandex.ru/j/1"})
        await until(pilot, lambda: screen.problem == "Заполните ниже: главная тема собрания.")
        assert "10 декабря" in screen.preview_text and "[дата]" not in screen.preview_text
        await pilot.press("ctrl+s")  # saving now is refused in the same words, no «--set»
        await until(pilot, lambda: any("главная тема собрания" in n.message for n in app._notifications))
        assert not any("--set" in n.message for n in app._notifications)
        assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
        screen.options.fill({"topic": "итоги четверти"})
        await until(pilot, lambda: screen.problem == "" and "итоги четверти" in screen.preview_text)
        winter = templates.find("ru/ice-safety")
        screen.use_template(winter)
        await until(pilot, lambda: "зима" in str(screen.query_one("#template-label").render()))


# -- 3. One bucket per parent in the plan -------------------------------------------------------

def father_with(db: sqlite_utils.Database, surname: str, phone: str | None) -> int:
    """A consenting father in 10А with a phone (or none) and no other contact."""
    sid = roster.add_student(db, surname, "Илья", "", "10А")
    gid = roster.add_guardian(db, {"surname": surname, "name": "Олег", "phone": phone}, [(sid, "father")])
    roster.set_consent(db, [gid], True)
    return gid


async def test_a_father_reached_only_by_a_call_is_counted_once_on_both_sides(
        db: sqlite_utils.Database, db_path: Path, russian: None, cli: Cli) -> None:
    mothers = parents(db, 2)  # e-mail
    caller = father_with(db, "Сомов", "+79120001111")  # no e-mail: the plan calls him
    lonely = roster.add_guardian(db, {"surname": "Лесной"})  # no contact, no child: nobody reaches him
    roster.set_consent(db, [lonely], True)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await write(pilot, screen, "Родительское собрание в четверг в 18:00.")
        await pilot.press("escape", "ctrl+s")
        await until(pilot, lambda: screen.saved is not None and screen.send_panel.plan is not None)
        assert screen.saved is not None
        message_id = screen.saved[0]
        line = " ".join(str(screen.send_panel.plan_label.render()).split())
    plan = batch.plan(db, message_id)
    assert plan["by_channel"] == {"email": 2, "phone": 1}
    assert plan["unreachable"] == [lonely] and plan["no_consent"] == []
    everyone = [*mothers, caller, lonely]
    assert sum(plan["by_channel"].values()) + len(plan["unreachable"]) + len(plan["no_consent"]) == len(everyone)
    assert "эл. почта 2 · звонок 1" in line and "недоступны 1 · без согласия 0" in line

    printed = cli("--lang", "ru", "message", "plan", str(message_id))
    assert printed.exit_code == 0, printed.stderr
    said = " ".join(printed.stdout.split())  # «эл. почта» is written with a no-break space
    assert "эл. почта 2 · звонок 1." in said and "Недоступны: 1." in said
    document = cli("message", "plan", str(message_id), "--json")
    assert document.exit_code == 0 and '"unreachable": [\n    %d\n  ]' % lonely in document.stdout


# -- 4. One confirmation per send; the log; a failed row retried ---------------------------

async def choose_group(pilot: Pilot, screen: MessagesScreen, group: str) -> None:
    """By keyboard: a (audience), the kind «группа», then the group from its list (under «—»)."""
    if screen.options.kind != "group":
        await pilot.press("escape", "a", "enter", "down", "enter")
        await settle(pilot)
    assert screen.options.specs == ("all",)  # no group chosen yet: «—» heads its list
    screen.options.audience_value.focus()
    await pilot.press("enter", *["down"] * (screen.options.groups.index(group) + 1), "enter")
    await settle(pilot)
    assert screen.options.specs == (f"group:{group}",)


async def test_a_group_audience_with_no_group_chosen_is_not_everyone(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    parents(db, 2)
    parents(db, 1, group="7Б")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        await write(pilot, screen, "Завтра экскурсия, сбор в 8:30 у школы.")
        await pilot.press("escape", "a", "enter", "down", "enter")  # «группа», and no group yet
        await pilot.press("escape", "ctrl+s")
        await until(pilot, lambda: screen.problem != "")
        assert screen.problem == "Выберите, кому (a): класс, родителей или опрос — пока никто не выбран."
        assert screen.saved is None
        await choose_group(pilot, screen, "7Б")
        await until(pilot, lambda: screen.problem == "")
        await pilot.press("escape", "ctrl+s")
        await until(pilot, lambda: screen.saved is not None)
        assert screen.saved is not None
    assert compose.describe_audience(db, screen.saved[0]) == "родители 7Б, 1 человек"
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 1


async def confirm(pilot: Pilot, app: OutreachApp, asked: list[ConfirmScreen]) -> ConfirmScreen:
    """The send question (Cancel focused, as always): shift+tab to «Отправить», enter."""
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
    question = app.screen
    assert isinstance(question, ConfirmScreen)
    asked.append(question)
    assert app.focused is question.cancel_button
    await pilot.press("shift+tab")
    assert app.focused is question.confirm_button
    await pilot.press("enter")
    return question


async def test_a_class_message_asks_once_goes_to_the_mail_server_and_a_failed_row_is_retried(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = parents(db, 3)  # 10А, by e-mail
    parents(db, 1, group="7Б")  # another class: not in the audience
    box = Mailbox()
    box.refuse["parent1@example.ru"] = "550 5.1.1 No such user"
    app = make_app(db_path)
    asked: list[ConfirmScreen] = []
    with local_smtp(monkeypatch, box):
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, "3", MessagesScreen)
            await write(pilot, screen, "Завтра экскурсия, сбор в 8:30 у школы.")
            await choose_group(pilot, screen, "10А")
            await pilot.press("escape", "ctrl+g")
            question = await confirm(pilot, app, asked)
            said = " ".join(f"{question.body} {question.question}".split())
            assert "Кому: родители 10А, 3 человека" in said
            assert "эл. почта 3" in said  # the channels, with their counts
            assert said.count("Отправить сейчас") == 1 and said.endswith("Отправить сейчас 3 сообщения?")
            assert "в файлы" not in said  # nothing goes to files: not asked about
            await until(pilot, lambda: screen.views.current == "log" and len(screen.log_view.rows) == 3)
            assert app.screen is screen and len(asked) == 1  # one question, one send
            assert sorted(box.recipients()) == ["parent0@example.ru", "parent2@example.ru"]

            failed = [i for i, row in enumerate(screen.log_view.rows) if row["status"] == "failed"]
            assert len(failed) == 1 and screen.log_view.rows[failed[0]]["guardian_id"] == ids[1]
            screen.log_view.table.focus()
            await pilot.press(*["down"] * failed[0], "r")
            await until(pilot, lambda: any(r["status"] == "queued" for r in screen.log_view.rows))
            del box.refuse["parent1@example.ru"]  # the teacher fixed the address with the school
            await pilot.press("ctrl+g")
            await confirm(pilot, app, asked)
            await until(pilot, lambda: box.recipients()["parent1@example.ru"] == 1
                        and screen.sending is None)
            assert len(asked) == 2 and app.screen is screen
    assert all(n == 1 for n in box.recipients().values()) and len(box.recipients()) == 3  # at most once


async def test_a_send_with_only_quiet_hours_waiting_says_so_instead_of_asking_to_send_nothing(
        db: sqlite_utils.Database, db_path: Path, russian: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_NOW", "2026-12-01T22:30:00+03:00")
    monkeypatch.setenv("TZ", "Europe/Moscow")
    time.tzset()
    early = parents(db, 3)[2]
    set_setting(db, "quiet_hours", "21:00-08:00")
    set_preferences(db, early, quiet="21:00-07:30")  # her own quiet hours end earlier
    message_id = compose.create_message(db, templates.blank("ru", "Завтра уроки до 13:00."))
    with_post = compose.create_message(db, templates.blank("ru", "Завтра уроки до 13:00."), broadcast=["site"])
    app = make_app(db_path)
    notes = recorded_notes(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.show_log(message_id)
        await until(pilot, lambda: screen.log_view.message_id == message_id)
        await pilot.press("ctrl+g")
        await until(pilot, lambda: any("ничего не уйдёт" in note for note in notes))
        assert not isinstance(app.screen, ConfirmScreen)  # not «Отправить сейчас 0 сообщений?»
        # each moment with its count: not only the first («до: завтра в 07:30» for all three)
        assert "ждут конца тихих часов: 3 (до: завтра в 07:30 (1), завтра в 08:00 (2))" in notes[-1]
        # the site's post goes now: the question also says how the held letters go later
        screen.show_log(with_post)
        await until(pilot, lambda: screen.log_view.message_id == with_post)
        await pilot.press("ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        said = " ".join(app.screen.body.split())  # type: ignore[attr-defined]
        assert ("Ждут конца тихих часов: 3 (до: завтра в 07:30 (1), завтра в 08:00 (2)); тогда они уйдут сами, пока outreach"
                " открыт, или при следующей отправке.") in said
        await pilot.press("escape")
    monkeypatch.undo()
    time.tzset()
    assert compose.delivery_counts(db, message_id)["queued"] == 3
    assert compose.delivery_counts(db, with_post)["queued"] == 4  # asked, not sent


async def test_the_delivery_log_shows_each_time_whole_at_80x24(
        demo_db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    sent = demo_db.execute("SELECT message_id FROM deliveries WHERE sent_at IS NOT NULL"
                           " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.show_log(sent)
        await until(pilot, lambda: screen.log_view.message_id == sent and screen.log_view.lines != [])
        lines = screen_lines(app)
        table = screen.log_view.table
        top = table.region.y + 1  # under the header
        shown = "\n".join(line.rstrip(" ▁▂▃▄▅▆▇█▎▌") for line in lines[top:table.region.bottom])
        for _, cells in screen.log_view.lines[:4]:  # rows of up to three lines: four are on show
            name, *_, when = cells
            assert when in shown, shown  # «сегодня в» never lost its time
            assert all(word in shown for word in name.split()), (name, shown)  # a long name wraps
        assert "…" not in shown  # nothing gave way


# -- 5. Settings shown at once, however slow the keyring -------------------------------------

class SlowKeyring(KeyringBackend):
    """A system keyring that answers only when let go (a locked or slow D-Bus secret service);
    it keeps what it is given."""

    # used only where a test sets it: keyring's own detection and chain take every viable subclass,
    # and every later test in the worker would then read (and wait on) this one
    viable = False  # type: ignore[assignment]  # keyring declares a classproperty; a bool is what it reads
    priority = 0  # type: ignore[assignment]  # keyring declares a classproperty; a number is what it reads

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(10)
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(10)
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("not here")


@pytest.fixture
def slow_keyring() -> Iterator[SlowKeyring]:
    before = keyring.get_keyring()
    backend = SlowKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()
    keyring.set_keyring(before)


async def test_settings_appear_at_once_while_the_keyring_is_read_in_a_worker(
        db: sqlite_utils.Database, db_path: Path, russian: None, slow_keyring: SlowKeyring) -> None:
    set_setting(db, "smtp.port", "2525")
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("0")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen) and not screen.ready
        assert "Читаю настройки…" in shown(app)
        slow_keyring.release.set()
        await until(pilot, lambda: screen.ready)
        assert "Читаю настройки…" not in shown(app)
        assert screen.editor("smtp.port").value == "2525"
        assert screen.secrets["smtp.password"] == "не задан"


async def test_a_password_saved_while_the_keyring_is_slow_leaves_the_screen_answering(
        db: sqlite_utils.Database, db_path: Path, russian: None, slow_keyring: SlowKeyring) -> None:
    slow_keyring.release.set()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "0", SettingsScreen)
        assert screen.ready
        slow_keyring.release.clear()  # the keyring asks for its own password, say
        screen.editor("smtp.password").focus()
        await paste(pilot, "s3cret-app-password")
        await pilot.press("ctrl+s")
        await pilot.press("escape")  # handled at once: the save waits in its worker
        assert slow_keyring.passwords == {} and app.focused is None
        slow_keyring.release.set()
        await until(pilot, lambda: screen.secrets["smtp.password"] != "не задан")
        assert slow_keyring.passwords == {("outreach", "smtp.password"): "s3cret-app-password"}
        assert screen.editor("smtp.password").value == ""  # never left on the screen
        assert screen.secrets["smtp.password"] in shown(app)


async def test_yes_and_no_settings_read_in_russian(
        db: sqlite_utils.Database, db_path: Path, russian: None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "0", SettingsScreen)
        thanks, plain = screen.editor("inbox.absence_thanks"), screen.editor("smtp.allow_plain_login")
        assert isinstance(thanks, Select) and isinstance(plain, Select)
        assert (thanks.value, plain.value) == ("yes", "no")  # the codes are kept
        thanks.focus()
        thanks.scroll_visible(animate=False)
        await settle(pilot)
        row = next(line for line in screen_lines(app) if line.startswith(" Отвечать на"))
        assert row.split()[-2:] == ["да", "▼"], row  # it read «yes»
        assert "«да» — родитель, написавший об отсутствии" in shown(app)
        assert screen.changed() == {}


def test_the_tests_keyrings_stay_out_of_keyrings_own_chain() -> None:
    """A test's keyring is used only where the test sets it: keyring's chain (what an unset
    keyring reads) does not pick it up for every later test in the worker."""
    from keyring.backend import get_all_keyring
    from keyring.backends.chainer import ChainerBackend

    from tests.test_tui_settings import MemoryKeyring

    chained = {type(backend) for backend in ChainerBackend.backends}
    detected = {type(backend) for backend in get_all_keyring()}  # what an unset keyring picks from
    assert not (chained | detected) & {SlowKeyring, MemoryKeyring}


# -- 4. A field in single braces ----------------------------------------------------------

async def test_a_field_in_single_braces_is_named_before_anything_is_sent(
        db: sqlite_utils.Database, db_path: Path, russian: None, cli: Cli) -> None:
    """«Здравствуйте, {имя_родителя}!» would reach 44 parents braces and all: the app names it
    under the editor, whole, with how a field is written, and the command refuses it (exit 1),
    storing no message."""
    parents(db, 1)
    text = "Здравствуйте, {имя_родителя}! Собрание в четверг в 18:00."
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", MessagesScreen)
        screen.editor.focus()
        await paste(pilot, text)
        await until(pilot, lambda: "одинарных скобках" in shown(app))
        assert "или {{ имя_родителя }}." in shown(app)  # whole at 80 columns, not cut at the edge
    refused = cli("message", "new", "--text", text, "--audience", "все")
    assert refused.exit_code == 1
    assert "«{имя_родителя}» в одинарных скобках" in refused.stderr
    assert "{{ guardian.name }}" in refused.stderr
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
