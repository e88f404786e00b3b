"""The Settings section: every setting in groups, with a help line each; SMTP providers
pre-filled, a test e-mail, and secrets that go to the system keyring, never the database."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Header, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.messages.mail_check import send_test_email
from outreach.settings.secrets import ENV, secret_source, store_secret
from outreach.settings.values import (
    SETTING_GROUPS,
    SMTP_PROVIDERS,
    SettingError,
    SettingField,
    all_settings,
    clean_settings,
    overriding_variable,
    save_settings,
)
from outreach_screens.bindings import LocalizedScreen
from outreach_screens.failures import notify_failure
from outreach_screens.store import Store
from outreach_screens.widgets.key_footer import KeyFooter

OTHER = "other"
FIELDS: tuple[SettingField, ...] = tuple(f for _, fields in SETTING_GROUPS for f in fields)
KNOWN = {f.key for f in FIELDS}


def widget_id(key: str) -> str:
    """A valid widget id for any setting key (links.* names are free text)."""
    return "setting-" + re.sub(r"[^A-Za-z0-9_]", lambda m: f"-{ord(m.group()):x}-"
                               if m.group() != "." else "-", key)



def _choice_names() -> dict[str, str]:
    """A fixed list's codes as the teacher reads them (the setting keeps the code)."""
    return {"starttls": "STARTTLS", "ssl": "SSL", "none": t("wholescreens.smtp.none")}

class SettingsScreen(LocalizedScreen[None]):
    """Edits in place; Save checks every field with the CLI's validators and stores all or none."""

    CSS_PATH = Path(__file__).with_name("screen.tcss")
    AUTO_FOCUS = "#settings"  # not a field: section keys (1–5, 0) work on arrival; Tab enters the form
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "settingsscreen.tui.key.save",
                tooltip="settingsscreen.tui.key.save.tip", id="settings.save"),
        Binding("ctrl+t", "test_email", "settingsscreen.tui.key.test",
                tooltip="settingsscreen.tui.key.test.tip", id="settings.test"),
        Binding("escape", "leave_field", "settingsscreen.tui.key.leave", show=False,
                id="settings.leave"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        with store.session() as db:
            self.stored = all_settings(db)
        self.more_links = tuple(SettingField(key) for key in sorted(self.stored)
                                if key.startswith("links.") and key not in KNOWN)
        self.fields = FIELDS + self.more_links

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings"):
            for group, fields in SETTING_GROUPS:
                yield Static(t(f"settingsscreen.group.{group}"), classes="group-title")
                if group == "email":
                    yield from self._provider_row()
                for field in fields + (self.more_links if group == "links" else ()):
                    yield from self._field_row(field)
                if group == "email":
                    yield from self._test_row()
            with Horizontal(id="buttons"):
                yield Button(t("settingsscreen.tui.key.save"), id="save", variant="primary")
        yield KeyFooter()

    def _row(self, label: str, *body: Widget) -> Horizontal:
        body[0].tooltip = label  # the field's name for the focus it gets (screen readers, the walk)
        return Horizontal(Label(label, classes="field-label"),
                          Vertical(*body, classes="field-body"), classes="field")

    def _field_row(self, field: SettingField) -> ComposeResult:
        value = self.stored.get(field.key, "")
        editor: Widget
        if field.choices:
            editor = Select([(_choice_names().get(c, c), c) for c in field.choices],
                            value=value or field.choices[0],
                            allow_blank=False, compact=True, id=widget_id(field.key))
        elif field.secret:
            editor = Input("", password=True, compact=True, id=widget_id(field.key),
                           placeholder=t("settingsscreen.secret.placeholder"))
        else:
            editor = Input(value, compact=True, id=widget_id(field.key))
        parts: list[Widget] = [editor]
        if field.secret:
            parts.append(Static(self._secret_status(field.key), classes="secret-status",
                                id=f"status-{widget_id(field.key)}", markup=False))
        variable = overriding_variable(field.key)
        if variable:
            parts.append(Static(t("settingsscreen.env_wins", env=variable), classes="env-note",
                                markup=False))
        if field.key in KNOWN:
            parts.append(Static(t(f"settingsscreen.help.{field.key}"), classes="help",
                                markup=False))
        yield self._row(self.label(field.key), *parts)

    @staticmethod
    def label(key: str) -> str:
        """The field's name; a link the CLI added under its own name shows that name."""
        return t(f"settingsscreen.field.{key}") if key in KNOWN else key.removeprefix("links.")

    def _provider_row(self) -> ComposeResult:
        host = self.stored.get("smtp.host", "")
        current = next((name for name, (h, _, _) in SMTP_PROVIDERS.items() if h == host), OTHER)
        options = [(t(f"settingsscreen.provider.{name}"), name)
                   for name in [OTHER, *SMTP_PROVIDERS]]
        yield self._row(t("settingsscreen.provider"),
                        Select(options, value=current, allow_blank=False, compact=True,
                               id="provider"),
                        Static(t(f"settingsscreen.provider.hint.{current}"), id="provider-hint",
                               classes="help", markup=False))

    def _test_row(self) -> ComposeResult:
        to = self.stored.get("smtp.from") or self.stored.get("smtp.user", "")
        yield self._row(t("settingsscreen.test.to"),
                        Input(to, compact=True, id="test-to"),
                        Button(t("settingsscreen.test.button"), id="test", compact=True))

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('settingsscreen.tui.title')} · {self.store.name}"
        self.query_one("#settings").tooltip = t("settingsscreen.tui.form.tip")

    # -- reading the form --------------------------------------------------------------

    def editor(self, key: str) -> Input | Select[str]:
        widget = self.query_one(f"#{widget_id(key)}")
        assert isinstance(widget, (Input, Select))
        return widget

    def value_of(self, key: str) -> str:
        widget = self.editor(key)
        return widget.value if isinstance(widget, Input) else str(widget.value)

    def changed(self) -> dict[str, str]:
        """The settings (never secrets) whose field differs from what is stored."""
        values = {f.key: self.value_of(f.key) for f in self.fields if not f.secret}
        return {k: v for k, v in values.items() if v != self.stored.get(k, "")}

    def typed_secrets(self) -> dict[str, str]:
        return {f.key: self.value_of(f.key).strip() for f in self.fields
                if f.secret and self.value_of(f.key).strip()}

    def _secret_status(self, key: str) -> str:
        return t(f"settingsscreen.secret.{secret_source(key) or 'none'}", env=ENV[key])

    # -- actions -----------------------------------------------------------------------

    def action_leave_field(self) -> None:
        self.set_focus(None)

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
            self.notify(t("settingsscreen.unchanged"), markup=False)
            return
        try:
            clean_settings(changed)
            for name, value in secrets.items():
                store_secret(name, value)
            with self.store.session() as db:
                save_settings(db, changed)
                self.stored = all_settings(db)
        except OutreachError as exc:
            self._refused(exc)
            return
        for name in secrets:
            self.editor(name).value = ""
            self.query_one(f"#status-{widget_id(name)}", Static).update(self._secret_status(name))
        self.notify(t("settingsscreen.saved"), markup=False)

    def _refused(self, exc: OutreachError) -> None:
        """A notification naming the field and the reason; the field gets the focus."""
        if isinstance(exc, SettingError):
            self.notify(t("settingsscreen.bad_field", field=self.label(exc.key),
                          reason=exc.message), severity="error", timeout=8, markup=False)
            self.editor(exc.key).focus()
        else:
            self.notify(exc.message, severity="error", timeout=8, markup=False)

    @on(Select.Changed, "#provider")
    def _provider_chosen(self, event: Select.Changed) -> None:
        name = str(event.value)
        self.query_one("#provider-hint", Static).update(t(f"settingsscreen.provider.hint.{name}"))
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
            self.notify(t("settingsscreen.test.sending", address=to), markup=False)
        self._send_test(settings, to, self.typed_secrets().get("smtp.password"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-test")
    def _send_test(self, settings: dict[str, str], to: str, password: str | None) -> str:
        send_test_email(settings, to, password)
        return to

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if notify_failure(self, event):
            return
        if event.state is WorkerState.SUCCESS and event.worker.group == "settings-test":
            self.notify(t("settingsscreen.test.sent", address=event.worker.result), markup=False)
