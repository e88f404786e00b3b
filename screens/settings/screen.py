"""The Settings section: every setting in groups, with a help line each; SMTP providers
pre-filled, a test e-mail, and secrets that go to the system keyring, never the database."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Header, Input, Label, Select, Static
from textual.widgets.input import Selection
from textual.worker import Worker, WorkerState

from outreach.common.channel_names import GUARDIAN_CHANNELS, channels_text, parse_channels
from outreach.common.errors import OutreachError
from outreach.common.i18n import N_, pt, t
from outreach.common.paths import backup_name
from outreach.common.quiet_hours import QuietHours
from outreach.messages.mail_check import send_test_email
from outreach.settings.display import GROUP_NAMES, SETTING_NAMES
from outreach.settings.secrets import ENV, secret_source, store_secret
from outreach.settings.values import (
    SETTING_GROUPS,
    SMTP_PROVIDERS,
    SettingError,
    SettingField,
    SettingQuestioned,
    all_settings,
    clean_settings,
    overriding_variable,
    question_slips,
    save_settings,
)
from outreach.store.db import keep_backup
from outreach_screens.bindings import LocalizedScreen
from outreach_screens.failures import notify_failure
from outreach_screens.settings.backup_dialog import BackupDialog
from outreach_screens.store import Store
from outreach_screens.widgets.form_scroll import FormScroll
from outreach_screens.widgets.key_footer import KeyFooter
from outreach_screens.widgets.prose import Prose

_SETTINGSSCREEN_SECRET = {"environment": N_("set (environment variable {env}, it wins)"), "keyring": N_("set (system keyring)"), "none": N_("not set"), "placeholder": N_("type to replace; saved to the keyring")}


_SETTINGSSCREEN_PROVIDER_HINT = {"other": N_("Your provider's help pages give the server, port and encryption."), "yandex": N_("Yandex needs an app password: id.yandex.ru → Security → App passwords (Mail)."), "mailru": N_("Mail.ru needs an app password: account settings → Security → Passwords for external apps."), "gmail": N_("Gmail needs 2-step verification and an app password: myaccount.google.com/apppasswords.")}

_SETTINGSSCREEN_PROVIDER = {"other": N_("Other (type the server below)"), "yandex": N_("Yandex Mail"), "mailru": N_("Mail.ru"), "gmail": N_("Gmail")}

_SETTINGSSCREEN_HELP = {
    "imap.host": N_("Where parents' replies are read, e.g. imap.yandex.ru; empty: e-mail replies are not fetched."),
    "imap.port": N_("993 for ssl, 143 for starttls or none."),
    "imap.security": N_("ssl (993) or starttls (143); none only on this computer."),
    "imap.user": N_("Usually your full e-mail address."),
    "imap.password": N_("Kept in the system keyring; OUTREACH_IMAP_PASSWORD wins."),
    "imap.folder": N_("The mailbox folder to read (INBOX)."),
    "inbox.working_hours": N_("HH:MM-HH:MM; outside them a parent gets one auto-reply an evening; off: never."),
    "inbox.auto_reply": N_("Your auto-reply; {hours} stands for the working hours; empty: the standard text."),
    "inbox.absence_thanks": N_("yes: a parent who writes that a child will be absent gets a short thank-you."),
    "max.bot": N_("The bot's name in MAX, used in parents' max.ru links."),
    "max.token": N_("From the «MAX для бизнеса» platform; kept in the system keyring; OUTREACH_MAX_TOKEN wins."),
    "max.api": N_("Leave as it is unless MAX moves its Bot API."),
    "teacher_name": N_("Your name as parents see it in messages, e.g. Olga N. Belova."),
    "school_name": N_("The school's name used in messages and memos."),
    "quiet_hours": N_("No personal messages in this window, e.g. 21:00-08:00; off to allow any time."),
    "smtp.host": N_("Your mail provider's SMTP server; pick a provider above to fill it in."),
    "smtp.port": N_("Usually 465 for SSL, 587 for STARTTLS."),
    "smtp.security": N_("SSL or STARTTLS encrypt the connection; no encryption only for a server on this computer."),
    "smtp.user": N_("Usually your full e-mail address."),
    "smtp.password": N_("Kept in the system keyring, never in the database; OUTREACH_SMTP_PASSWORD wins."),
    "smtp.from": N_("The address e-mails are sent from."),
    "smtp.from_name": N_("Shown as the sender, e.g. Belova O. N., form teacher of 7B."),
    "smtp.reply_to": N_("Where parents' replies go, if not to the sending address."),
    "smtp.rate": N_("E-mails per second at most (0: no limit); providers block fast senders."),
    "smtp.allow_plain_login": N_("yes lets the password cross the network unencrypted; keep no."),
    "telegram.bot": N_("The bot's @name, used in parents' t.me links."),
    "telegram.token": N_("From @BotFather; kept in the system keyring; OUTREACH_TELEGRAM_TOKEN wins."),
    "telegram.api": N_("Leave as it is unless you use a Bot API mirror."),
    "links.site": N_("The school or class site, printed on memos."),
    "links.vk_group": N_("The parents' VK group."),
    "links.telegram_group": N_("The parents' Telegram group or channel."),
    "links.max_group": N_("The parents' MAX group."),
}


OTHER = "other"
CHANNEL_LIST = "default_channels"  # shown and typed in words, stored as codes
WINDOWS = ("quiet_hours", "inbox.working_hours")  # `off` shown as the word typed in the language
FIELDS: tuple[SettingField, ...] = tuple(f for _, fields in SETTING_GROUPS for f in fields)
KNOWN = {f.key for f in FIELDS}


def widget_id(key: str) -> str:
    """A valid widget id for any setting key (links.* names are free text)."""
    return "setting-" + re.sub(r"[^A-Za-z0-9_]", lambda m: f"-{ord(m.group()):x}-"
                               if m.group() != "." else "-", key)



def _choice_names() -> dict[str, str]:
    """A fixed list's codes as the teacher reads them (the setting keeps the code)."""
    return {"starttls": "STARTTLS", "ssl": "SSL", "none": t("no encryption"),
            "yes": t("yes"), "no": pt("settings.choice", "no")}


class _Stored(Message):
    """Settings as stored and secrets' states, read by a worker (no handler of its own)."""

    def __init__(self, stored: dict[str, str], secrets: dict[str, str]) -> None:
        super().__init__()
        self.stored = stored
        self.secrets = secrets


class SettingsRead(_Stored):
    """Every setting and every secret's state, read when the screen opens."""


class SettingsSaved(_Stored):
    """A save done: the settings as stored now, and the states of the secrets it stored."""


class SettingsRefused(Message):
    """A save refused (a field the validators reject, no keyring for a secret)."""

    def __init__(self, error: OutreachError) -> None:
        super().__init__()
        self.error = error


class SettingsScreen(LocalizedScreen[None]):
    """Edits in place; Save checks every field with the CLI's validators and stores all or none."""

    CSS_PATH = Path(__file__).with_name("screen.tcss")
    AUTO_FOCUS = "#settings"  # not a field: section keys work on arrival; Tab or a letter enters the form
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"),
                tooltip=N_("Check every field and save them all"), id="settings.save"),
        Binding("ctrl+t", "test_email", N_("Test e-mail"),
                tooltip=N_("Send one test e-mail to the address below"), id="settings.test"),
        Binding("ctrl+b", "backup", N_("Backup"),
                tooltip=N_("Write a copy of the whole database to a file"), id="settings.backup"),
        Binding("escape", "leave_field", N_("Leave field"), show=False,
                id="settings.leave"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.stored: dict[str, str] = {}
        self.secrets: dict[str, str] = {}
        """Each secret's state in words (environment, keyring, not set), read with the settings."""
        self.more_links: tuple[SettingField, ...] = ()
        self.agreed: dict[str, str] | None = None
        """The values a question about a slip was asked of: Ctrl+S again stores them as they are."""
        self.fields = FIELDS
        self.ready = False
        """True once the form is filled in: the fields are read in a worker (the database and
        the system keyring, which can take seconds), the screen is shown at once."""

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with FormScroll(id="settings"):
            yield Static(t("Reading the settings…"), id="settings-loading", markup=False)
        yield KeyFooter()

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-read")
    def _read(self) -> None:
        with self.store.session() as db:
            stored = all_settings(db)
        secrets = {f.key: self._secret_status(f.key) for f in FIELDS if f.secret}
        self.post_message(SettingsRead(stored, secrets))

    @on(SettingsRead)
    def _settings_read(self, message: SettingsRead) -> None:
        self.stored, self.secrets = message.stored, message.secrets
        self.more_links = tuple(SettingField(key) for key in sorted(self.stored)
                                if key.startswith("links.") and key not in KNOWN)
        self.fields = FIELDS + self.more_links
        self._fill()

    @work(exclusive=True, exit_on_error=False, group="settings-fill")
    async def _fill(self) -> None:
        """Mount the form a group at a time (keys are handled in between), then drop the
        «reading» line."""
        form = self.query_one("#settings", FormScroll)
        for group, fields in SETTING_GROUPS:
            await form.mount_all(self._group(group, fields))
        await form.mount(Horizontal(Button(t("Save"), id="save", variant="primary"), id="buttons"))
        await self.query_one("#settings-loading").remove()
        self.ready = True
        self.refresh_bindings()

    def _group(self, group: str, fields: tuple[SettingField, ...]) -> list[Widget]:
        widgets: list[Widget] = [Static(t(GROUP_NAMES[group]), classes="group-title")]
        if group == "email":
            widgets += self._provider_row()
        for field in fields + (self.more_links if group == "links" else ()):
            widgets += self._field_row(field)
        if group == "email":
            widgets += self._test_row()
        return widgets

    def _row(self, label: str, *body: Widget) -> Horizontal:
        body[0].tooltip = label  # the field's name for the focus it gets (screen readers, the walk)
        return Horizontal(Label(label, classes="field-label"),
                          Vertical(*body, classes="field-body"), classes="field")

    def _field_row(self, field: SettingField) -> ComposeResult:
        value = self.shown(field.key)
        editor: Widget
        if field.choices:
            editor = Select([(_choice_names().get(c, c), c) for c in field.choices],
                            value=value or field.choices[0],
                            allow_blank=False, compact=True, id=widget_id(field.key))
        elif field.secret:
            editor = Input("", password=True, compact=True, id=widget_id(field.key),
                           placeholder=t("type to replace; saved to the keyring"))
        else:
            editor = Input(value, compact=True, id=widget_id(field.key))
        parts: list[Widget] = [editor]
        if field.secret:
            parts.append(Static(self.secrets[field.key], classes="secret-status",
                                id=f"status-{widget_id(field.key)}", markup=False))
        variable = overriding_variable(field.key)
        if variable:
            parts.append(Static(t("{env} is set in the environment and wins over this field.", env=variable), classes="env-note",
                                markup=False))
        if field.key in KNOWN:
            parts.append(Prose(self._help(field.key), classes="help"))
        yield self._row(self.label(field.key), *parts)

    def shown(self, key: str) -> str:
        """The stored value as the field shows it: a channel list in words, not codes."""
        value = self.stored.get(key, "")
        if key in WINDOWS and value == str(QuietHours()):
            return pt("settings.window", "off")
        return channels_text(value.split(",")) if key == CHANNEL_LIST else value

    @staticmethod
    def _help(key: str) -> str:
        if key == CHANNEL_LIST:
            return t("For parents without their own choice, in order; any of: {channels}.",
                     channels=channels_text(GUARDIAN_CHANNELS))
        return t(_SETTINGSSCREEN_HELP[key])

    @staticmethod
    def label(key: str) -> str:
        """The field's name; a link the CLI added under its own name shows that name."""
        return t(SETTING_NAMES[key]) if key in KNOWN else key.removeprefix("links.")

    def _provider_row(self) -> ComposeResult:
        host = self.stored.get("smtp.host", "")
        current = next((name for name, (h, _, _) in SMTP_PROVIDERS.items() if h == host), OTHER)
        options = [(t(_SETTINGSSCREEN_PROVIDER[name]), name)
                   for name in [OTHER, *SMTP_PROVIDERS]]
        yield self._row(t("Provider"),
                        Select(options, value=current, allow_blank=False, compact=True,
                               id="provider"),
                        Static(t(_SETTINGSSCREEN_PROVIDER_HINT[current]), id="provider-hint",
                               classes="help", markup=False))

    def _test_row(self) -> ComposeResult:
        to = self.stored.get("smtp.from") or self.stored.get("smtp.user", "")
        yield self._row(t("Send to"),
                        Input(to, compact=True, id="test-to"),
                        Button(t("Send a test e-mail to me"), id="test", compact=True))

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('Settings')} · {self.store.name}"
        self.query_one("#settings").tooltip = t("Settings: Tab goes to the fields, ↑↓ scroll, ctrl+s saves")
        self._read()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "test_email"):
            return self.ready  # no form to read yet
        return True

    # -- reading the form --------------------------------------------------------------

    def editor(self, key: str) -> Input | Select[str]:
        widget = self.query_one(f"#{widget_id(key)}")
        assert isinstance(widget, (Input, Select))
        return widget

    def value_of(self, key: str) -> str:
        """The field's value as stored: channel names typed become codes (a list that does
        not parse stays as typed, for the validator to name what is wrong)."""
        widget = self.editor(key)
        value = widget.value if isinstance(widget, Input) else str(widget.value)
        if key == CHANNEL_LIST:
            try:
                return ",".join(parse_channels(value))
            except OutreachError:
                return value
        if key in WINDOWS:
            try:
                return str(QuietHours.parse(value))  # «нет» typed is `off` stored
            except ValueError:
                return value
        return value

    def changed(self) -> dict[str, str]:
        """The settings (never secrets) whose field differs from what is stored."""
        values = {f.key: self.value_of(f.key) for f in self.fields if not f.secret}
        return {k: v for k, v in values.items() if v != self.stored.get(k, "")}

    def typed_secrets(self) -> dict[str, str]:
        return {f.key: self.value_of(f.key).strip() for f in self.fields
                if f.secret and self.value_of(f.key).strip()}

    def _secret_status(self, key: str) -> str:
        return t(_SETTINGSSCREEN_SECRET[secret_source(key) or 'none'], env=ENV[key])

    # -- actions -----------------------------------------------------------------------

    def action_leave_field(self) -> None:
        self.set_focus(None)

    def on_key(self, event: events.Key) -> None:
        """A letter typed while the form's box has the focus (on arrival, so that the section
        keys work) goes on the end of the first field, the teacher's name, which gets the
        focus: it was lost, and the Tab that followed put what she typed next (the school's
        name) into the teacher's field."""
        form = self.query_one("#settings", FormScroll)
        if (not self.ready or self.focused is not form or not event.is_printable or not event.character
                or event.key in self.active_bindings):
            return
        first = form.query(Input).first()
        event.stop()
        self.set_focus(first)  # now (`focus()` waits a turn), so the next keys go to the field too
        first.call_later(self._append, first, event.character)  # after its Focus, which selects all

    @staticmethod
    def _append(field: Input, text: str) -> None:
        field.selection = Selection.cursor(len(field.value))
        field.insert_text_at_cursor(text)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter goes on to the next field; in the address of the test e-mail it sends it."""
        if event.input.id == "test-to":
            self.action_test_email()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        changed, secrets = self.changed(), self.typed_secrets()
        if not changed and not secrets:
            self.notify(t("Nothing changed."), markup=False)
            return
        try:
            clean = clean_settings(changed)
            if clean != self.agreed:
                question_slips(clean)
        except SettingQuestioned as slip:
            self.agreed = clean
            self._refused(SettingError(slip.key, t("{question} Ctrl+S again saves it as it is.", question=slip.message)))
            return
        except OutreachError as exc:
            self._refused(exc)
            return
        self.agreed = None
        self._save(changed, secrets)

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-save")
    def _save(self, changed: dict[str, str], secrets: dict[str, str]) -> None:
        """The secrets to the keyring first, then the settings: a refusal stores none (a
        slip was asked about before)."""
        try:
            for name, value in secrets.items():
                store_secret(name, value)
            with self.store.session() as db:
                save_settings(db, changed, confirmed=True)
                stored = all_settings(db)
        except OutreachError as exc:
            self.post_message(SettingsRefused(exc))
            return
        self.post_message(SettingsSaved(stored, {name: self._secret_status(name) for name in secrets}))

    @on(SettingsRefused)
    def _save_refused(self, message: SettingsRefused) -> None:
        self._refused(message.error)

    @on(SettingsSaved)
    def _settings_saved(self, message: SettingsSaved) -> None:
        self.stored = message.stored
        self.secrets.update(message.secrets)
        for key in (CHANNEL_LIST, *WINDOWS):
            self.editor(key).value = self.shown(key)
        for name, status in message.secrets.items():
            self.editor(name).value = ""
            self.query_one(f"#status-{widget_id(name)}", Static).update(status)
        self.notify(t("Settings saved."), markup=False)

    def _refused(self, exc: OutreachError) -> None:
        """A notification naming the field and the reason; the field gets the focus."""
        if isinstance(exc, SettingError):
            self.notify(t("{field}: {reason}", field=self.label(exc.key),
                          reason=exc.message), severity="error", timeout=8, markup=False)
            self.editor(exc.key).focus()
        else:
            self.notify(exc.message, severity="error", timeout=8, markup=False)

    @on(Select.Changed, "#provider")
    def _provider_chosen(self, event: Select.Changed) -> None:
        name = str(event.value)
        self.query_one("#provider-hint", Static).update(t(_SETTINGSSCREEN_PROVIDER_HINT[name]))
        if name not in SMTP_PROVIDERS or self.value_of("smtp.host") == SMTP_PROVIDERS[name][0]:
            return
        host, port, security = SMTP_PROVIDERS[name]
        self.editor("smtp.host").value = host
        self.editor("smtp.port").value = port
        self.editor("smtp.security").value = security

    @on(Button.Pressed, "#test")
    def action_test_email(self) -> None:
        """Send one e-mail with the settings as typed (saved or not) to the address typed."""
        changed = self.changed()
        try:
            settings = {**self.stored, **clean_settings(changed)}
        except OutreachError as exc:
            self._refused(exc)
            return
        to = self.query_one("#test-to", Input).value.strip()
        if to:
            self.notify(t("Sending a test e-mail to {address}…", address=to), markup=False)
        self._send_test(settings, to, self.typed_secrets().get("smtp.password"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-test")
    def _send_test(self, settings: dict[str, str], to: str, password: str | None) -> str:
        send_test_email(settings, to, password)
        return to

    def action_backup(self) -> None:
        default = Path.home() / backup_name()
        self.app.push_screen(BackupDialog(default, self.store.path), self._backup_chosen)

    def _backup_chosen(self, path: Path | None) -> None:
        if path is not None:
            self.notify(t("Writing the backup to {path}…", path=str(path)), markup=False)
            self._backup(path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-backup")
    def _backup(self, path: Path) -> Path:
        with self.store.session() as db:
            return keep_backup(db, path)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if notify_failure(self, event):
            return
        if event.state is WorkerState.SUCCESS and event.worker.group == "settings-test":
            self.notify(t("The test e-mail to {address} was accepted by the server; check that mailbox.", address=event.worker.result), markup=False)
        if event.state is WorkerState.SUCCESS and event.worker.group == "settings-backup":
            self.notify(t("Backup written to {path}.", path=str(event.worker.result)), markup=False)
