"""The Settings section through Textual's Pilot: saving through the domain, refusals,
the test e-mail to a local aiosmtpd, secrets to the keyring and never the database."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from email.header import decode_header, make_header
from pathlib import Path

import keyring
import pytest
from aiosmtpd.controller import Controller
from keyring.backend import KeyringBackend
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import Input, Select

from outreach.common.i18n import set_language
from outreach.settings.values import DEFAULTS, all_settings, set_setting
from outreach.store import db as storage
from outreach_screens.app import make_app
from outreach_screens.settings.screen import SettingsScreen
from tests.messages_support import Mailbox, SmtpServer, free_port
from tests.test_messages_tls import _server_context, certificate  # noqa: F401 - a module fixture
from tests.tui_support import burst, open_section, paste, settle, until

SIZE = (80, 24)


class MemoryKeyring(KeyringBackend):
    """A keyring that works headless: what `keyring` stores, kept in this process."""

    # used only where a test sets it: keyring's own detection and chain take every viable subclass,
    # and every later test in the worker would then read (and wait on) this one
    viable = False  # type: ignore[assignment]  # keyring declares a classproperty; a bool is what it reads
    priority = 0  # type: ignore[assignment]  # keyring declares a classproperty; a number is what it reads

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def ring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    monkeypatch.delenv("OUTREACH_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("OUTREACH_TELEGRAM_TOKEN", raising=False)
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def stored(db_path: Path) -> dict[str, str]:
    db = storage.open_db(db_path)
    try:
        return all_settings(db)
    finally:
        db.close()


def errors(pilot: Pilot) -> list[str]:
    return [str(n.message) for n in pilot.app._notifications if n.severity == "error"]


def notes(pilot: Pilot) -> list[str]:
    return [str(n.message) for n in pilot.app._notifications]


async def open_settings(pilot: Pilot) -> SettingsScreen:
    return await open_section(pilot, "0", SettingsScreen)


async def retype(pilot: Pilot, screen: SettingsScreen, key: str, text: str) -> None:
    """Focus the field of `key`, select its text and paste `text` over it (a Pilot key costs
    ≈ 0.1 s on this screen; the tests that are about typing press their keys)."""
    field = screen.editor(key)
    assert isinstance(field, Input)
    field.focus()
    await pilot.press("end", "shift+home")
    await paste(pilot, text)


async def test_teacher_name_and_quiet_hours_saved_by_keyboard(db_path: Path, ring: MemoryKeyring) -> None:
    storage.open_db(db_path).close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert app.focused is screen.query_one("#settings")  # no field: section keys work on arrival
        await pilot.press("tab")
        assert app.focused is screen.editor("teacher_name")  # the first field, ready to type
        await pilot.press(*"Belova O. N.", "enter")
        assert app.focused is screen.editor("school_name")  # enter goes on to the next field
        await retype(pilot, screen, "quiet_hours", "22:00-07:30")
        await pilot.press("escape")
        assert app.focused is None  # Escape leaves the field
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert errors(pilot) == []
        assert "Settings saved." in notes(pilot)
    saved = stored(db_path)
    assert saved["teacher_name"] == "Belova O. N."
    assert saved["quiet_hours"] == "22:00-07:30"
    assert saved["smtp.port"] == DEFAULTS["smtp.port"]


async def test_enter_in_a_burst_goes_on_to_the_next_field_first(db_path: Path, ring: MemoryKeyring) -> None:
    """«⇥T1⏎S2» in one read of the terminal: the teacher «T1», the school «S2», as when typed
    slowly (the teacher field got «T1S2»)."""
    storage.open_db(db_path).close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        burst(app, "tab", "T1", "enter", "S2")
        await settle(pilot)
        assert (screen.value_of("teacher_name"), screen.value_of("school_name")) == ("T1", "S2")
        assert app.focused is screen.editor("school_name")


async def test_typing_on_arrival_goes_into_the_first_field_and_section_keys_still_work(
        db_path: Path, ring: MemoryKeyring, russian: None) -> None:
    """She opens Settings and types her name at once, Tab, the school: each in its own field
    (the name was lost and the school went into the teacher's field). A stray letter on a
    filled form goes on the end of the name, never over it; a section key still switches."""
    storage.open_db(db_path).close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.press(*"Петрова Н", "tab", *"Школа 12")
        await settle(pilot)
        assert (screen.value_of("teacher_name"), screen.value_of("school_name")) == ("Петрова Н", "Школа 12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.stored["teacher_name"] == "Петрова Н"
        await pilot.press("escape")
        screen.query_one("#settings").focus()
        await pilot.press("ы")
        await settle(pilot)
        assert screen.value_of("teacher_name") == "Петрова Ны"
        assert app.focused is screen.editor("teacher_name")
        screen.query_one("#settings").focus()
        await pilot.press("1")
        await settle(pilot)
        assert type(app.screen).__name__ == "RosterScreen"


async def test_going_into_a_field_restyles_the_field_not_the_whole_form(
        db_path: Path, ring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tab from the form into its first field: the field takes its focused look, and the
    form's ≈ 210 widgets are not all restyled for it (≈ 0.1 s of CPU each time)."""
    storage.open_db(db_path).close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        form = screen.query_one("#settings")
        assert app.focused is form and len(list(form.walk_children())) > 150
        restyled: list[object] = []
        update_nodes = app.stylesheet.update_nodes

        def counted(nodes: Iterable[DOMNode], animate: bool = False) -> None:
            nodes = list(nodes)
            restyled.extend(nodes)
            update_nodes(nodes, animate=animate)

        monkeypatch.setattr(app.stylesheet, "update_nodes", counted)
        field = screen.editor("teacher_name")
        unfocused = field.styles.background_tint
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is field and field.styles.background_tint != unfocused
        assert form in restyled and len(restyled) < 20, len(restyled)


async def test_a_bad_port_is_refused_and_nothing_is_saved(db_path: Path, ring: MemoryKeyring) -> None:
    storage.open_db(db_path).close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.press(*"Belova")
        await retype(pilot, screen, "smtp.port", "70000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert errors(pilot) == ["Port: 70000 is not a port number (1–65535)."]
        assert app.focused is screen.editor("smtp.port")  # back on the field to correct
    saved = stored(db_path)
    assert saved["teacher_name"] == "" and saved["smtp.port"] == "587"  # all or nothing


async def test_quiet_hours_over_the_day_are_asked_about_before_they_are_saved(db_path: Path,
                                                                              ring: MemoryKeyring) -> None:
    """«08:00-21:00» typed as the hours to write in would send only at night: asked about,
    saved only on a second Ctrl+S; a value changed after the question is asked about again."""
    storage.open_db(db_path).close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await retype(pilot, screen, "quiet_hours", "08:00-21:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert errors(pilot)[-1].startswith("Quiet hours: 08:00–21:00 covers the day: messages would go out only from 21:00 to 08:00")
        assert errors(pilot)[-1].endswith("Ctrl+S again saves it as it is.")
        assert stored(db_path)["quiet_hours"] == "21:00-08:00" and app.focused is screen.editor("quiet_hours")
        await retype(pilot, screen, "quiet_hours", "07:00-22:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(errors(pilot)) == 2 and stored(db_path)["quiet_hours"] == "21:00-08:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Settings saved." in notes(pilot)
    assert stored(db_path)["quiet_hours"] == "07:00-22:00"


async def test_a_provider_fills_host_port_and_security(db_path: Path, ring: MemoryKeyring) -> None:
    storage.open_db(db_path).close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#provider", Select).focus()
        await pilot.press("enter", "down", "enter")  # Other → Yandex
        await settle(pilot)
        assert screen.value_of("smtp.host") == "smtp.yandex.ru"
        assert screen.value_of("smtp.port") == "465"
        assert screen.value_of("smtp.security") == "ssl"
        assert "app password" in str(screen.query_one("#provider-hint").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = stored(db_path)
    assert (saved["smtp.host"], saved["smtp.port"], saved["smtp.security"]) == ("smtp.yandex.ru", "465", "ssl")


async def test_the_test_email_reaches_a_local_server_with_sender_name_and_reply_to(
        db_path: Path, ring: MemoryKeyring) -> None:
    db = storage.open_db(db_path)
    set_setting(db, "smtp.security", "none")
    set_setting(db, "smtp.from", "klass7b@school12.ru")
    db.close()
    mailbox = Mailbox()
    server = SmtpServer(mailbox)
    server.start()
    try:
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_settings(pilot)
            assert screen.query_one("#test-to", Input).value == "klass7b@school12.ru"  # smtp.from
            await retype(pilot, screen, "smtp.host", "127.0.0.1")
            await retype(pilot, screen, "smtp.port", str(server.port))
            screen.editor("smtp.from_name").value = "Иванова М. П., классный руководитель 7Б"
            await retype(pilot, screen, "smtp.reply_to", "ivanova@mail.ru")
            await retype(pilot, screen, "smtp.host", "127.0.0.1")
            screen.query_one("#test-to", Input).focus()
            await pilot.press("end", "shift+home")
            await paste(pilot, "me@example.ru")
            await pilot.press("enter")
            await until(pilot, lambda: len(mailbox.messages) == 1 and any("accepted" in n for n in notes(pilot)))
            assert errors(pilot) == []
        mail = mailbox.messages[0]
        assert mailbox.envelopes[0][1] == ["me@example.ru"]
        # decoded as RFC 2047 says (Python's own parser keeps a space between folded words)
        sender = str(make_header(decode_header(dict(mail.raw_items())["From"])))
        assert sender == "Иванова М. П., классный руководитель 7Б <klass7b@school12.ru>"
        assert mail["Reply-To"] == "ivanova@mail.ru"
        assert stored(db_path)["smtp.host"] == ""  # a test sends; it does not save
    finally:
        server.stop()


async def test_the_test_email_says_why_it_failed(db_path: Path, ring: MemoryKeyring) -> None:
    db = storage.open_db(db_path)
    for key, value in {"smtp.host": "127.0.0.1", "smtp.port": str(free_port()), "smtp.security": "none",
                       "smtp.from": "klass7b@school12.ru"}.items():
        set_setting(db, key, value)
    db.close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("ctrl+t")
        await until(pilot, lambda: errors(pilot))
        assert errors(pilot)[0].startswith("The test e-mail was not sent: Cannot reach the mail server 127.0.0.1")


async def test_an_untrusted_certificate_is_named(db_path: Path, ring: MemoryKeyring,
                                                certificate: tuple[Path, Path]) -> None:  # noqa: F811
    mailbox = Mailbox()
    server = Controller(mailbox, hostname="127.0.0.1", port=free_port(), ready_timeout=5,
                        server_hostname="127.0.0.1", ssl_context=_server_context(certificate))
    server.start()  # self-signed, and this process does not trust it
    db = storage.open_db(db_path)
    for key, value in {"smtp.host": "127.0.0.1", "smtp.port": str(server.port), "smtp.security": "ssl",
                       "smtp.from": "klass7b@school12.ru"}.items():
        set_setting(db, key, value)
    db.close()
    try:
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            await open_settings(pilot)
            await pilot.press("ctrl+t")
            await until(pilot, lambda: errors(pilot))
            assert errors(pilot)[0].startswith(
                "The test e-mail was not sent: The mail server 127.0.0.1 showed a certificate"
                " this computer does not trust (self-signed certificate)")
            assert mailbox.messages == []
    finally:
        server.stop()


async def test_a_login_refused_is_named(db_path: Path, ring: MemoryKeyring) -> None:
    mailbox = Mailbox()
    server = SmtpServer(mailbox, logins={"klass7b@school12.ru": "right"})
    server.start()
    db = storage.open_db(db_path)
    for key, value in {"smtp.host": "127.0.0.1", "smtp.port": str(server.port), "smtp.security": "none",
                       "smtp.user": "klass7b@school12.ru"}.items():
        set_setting(db, key, value)
    db.close()
    try:
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_settings(pilot)
            screen.editor("smtp.password").focus()
            await pilot.press(*"wrong", "ctrl+t")
            await until(pilot, lambda: errors(pilot))
            assert "refused the login" in errors(pilot)[0]
            assert mailbox.messages == []
    finally:
        server.stop()


async def test_a_secret_goes_to_the_keyring_and_never_into_the_database(
        db_path: Path, ring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    storage.open_db(db_path).close()
    secret = "app-pass-Zq81xw"
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        status = screen.query_one("#status-setting-smtp-password")
        assert str(status.render()) == "not set"
        screen.editor("smtp.password").focus()
        await pilot.press(*secret, "ctrl+s")
        await settle(pilot)
        assert errors(pilot) == []
        assert ring.items[("outreach", "smtp.password")] == secret
        assert screen.value_of("smtp.password") == ""  # never shown back
        assert str(status.render()) == "set (system keyring)"
        monkeypatch.setenv("OUTREACH_SMTP_PASSWORD", "from-env")
        assert "environment variable OUTREACH_SMTP_PASSWORD" in screen._secret_status("smtp.password")
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    assert files and all(secret.encode() not in p.read_bytes() for p in files)


def test_cli_sets_and_shows_the_new_settings(cli) -> None:  # noqa: ANN001
    assert cli("settings", "set", "smtp.from_name", "Иванова М. П., классный руководитель 7Б").exit_code == 0
    assert cli("settings", "set", "smtp.reply_to", "ivanova@mail.ru").exit_code == 0
    shown = cli.json("settings", "show")
    assert shown["smtp.from_name"] == "Иванова М. П., классный руководитель 7Б"
    assert shown["smtp.reply_to"] == "ivanova@mail.ru"
    result = cli("settings", "set", "smtp.reply_to", "ivanova at mail.ru")
    assert result.exit_code == 1
    assert result.stderr.strip() == "ivanova at mail.ru is not an e-mail address (smtp.reply_to)."


async def test_palette_opens_settings_by_its_russian_name(db_path: Path, ring: MemoryKeyring) -> None:
    storage.open_db(db_path).close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await paste(pilot, "Настройки")
        palette = app.screen
        await until(pilot, lambda: palette.query_one("CommandList").option_count > 0)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen) and app.current_mode == "settings"


async def test_in_russian_a_bad_address_names_the_field(db_path: Path, ring: MemoryKeyring) -> None:
    storage.open_db(db_path).close()
    set_language("ru")
    try:
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_settings(pilot)
            await pilot.press("tab", *"q1")  # letters and digits go into the field, not to the app
            assert app.is_running and screen.value_of("teacher_name") == "q1"
            await retype(pilot, screen, "smtp.reply_to", "ivanova.mail.ru")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert errors(pilot) == ["Ответ на адрес: ivanova.mail.ru — не адрес электронной почты"
                                     " (smtp.reply_to)."]
    finally:
        set_language("en")
    assert stored(db_path)["teacher_name"] == ""


async def test_without_a_keyring_the_secret_is_refused_and_nothing_saved(
        db_path: Path, ring: MemoryKeyring) -> None:
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())
    storage.open_db(db_path).close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.press(*"Belova")
        screen.editor("telegram.token").focus()
        await pilot.press(*"123:abc", "ctrl+s")
        await settle(pilot)
        assert errors(pilot) == ["No system keyring is available to keep the secret:"
                                 " set OUTREACH_TELEGRAM_TOKEN in the environment instead."]
    assert stored(db_path)["teacher_name"] == ""


async def test_a_setting_the_environment_overrides_says_so(
        db_path: Path, ring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_SMTP_HOST", "mail.school12.ru")
    storage.open_db(db_path).close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        notes_shown = [str(w.render()) for w in screen.query(".env-note")]
        assert notes_shown == ["OUTREACH_SMTP_HOST is set in the environment and wins over this field."]


async def test_links_the_cli_added_are_shown_and_edited(db_path: Path, ring: MemoryKeyring) -> None:
    db = storage.open_db(db_path)
    set_setting(db, "links.школьный блог", "https://blog.school12.ru")
    db.close()
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.value_of("links.школьный блог") == "https://blog.school12.ru"
        await retype(pilot, screen, "links.школьный блог", "https://school12.ru/blog")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert errors(pilot) == []
    assert stored(db_path)["links.школьный блог"] == "https://school12.ru/blog"


async def test_in_russian_the_default_channels_are_shown_and_typed_in_words(
        db_path: Path, ring: MemoryKeyring) -> None:
    storage.open_db(db_path).close()
    set_language("ru")
    try:
        app = make_app(db_path)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_settings(pilot)
            field = screen.editor("default_channels")
            assert field.value == "Telegram, MAX, ВК, эл.\u00a0почта"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert notes(pilot) == ["Ничего не изменилось."]  # words for the stored codes: no change
            await retype(pilot, screen, "default_channels", "вк, Звонок,эл.почта, email")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert errors(pilot) == []
            assert stored(db_path)["default_channels"] == "vk,phone,email"
            assert field.value == "ВК, звонок, эл.\u00a0почта"
            await retype(pilot, screen, "default_channels", "ВК, голубь")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert errors(pilot) == ["Каналы: Неизвестный канал «голубь»; известные: эл.\u00a0почта,"
                                     " Telegram, ВК, MAX, СМС, звонок, памятка."]
            assert app.focused is field
    finally:
        set_language("en")
    assert stored(db_path)["default_channels"] == "vk,phone,email"
