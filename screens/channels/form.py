"""A guardian's channel addresses and quiet hours in a modal; saved through set_preferences.

The form writes in a worker and closes only when the write succeeded; a refused value
(bad quiet hours, an address that fails its channel's check) stays on screen as an error
and nothing is written, since set_preferences validates everything before it writes. An
e-mail at a slip of a common provider's domain is questioned: saved again, it is kept as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState

from outreach.channels.preferences import PreferenceChanges, SuspiciousAddress, set_preferences
from outreach.common.channel_names import channel_label
from outreach.common.i18n import N_, t
from outreach_screens.dialogs import FormScreen
from outreach_screens.failures import describe
from outreach_screens.key_gate import KeysWaitFor
from outreach_screens.store import Store

ADDRESSED = ("email", "telegram", "vk", "max", "sms", "phone")


@dataclass(frozen=True)
class ChannelFormData:
    """What the form starts from: the stored overrides and what the roster already has."""

    guardian_id: int
    name: str
    quiet: str | None
    default_quiet: str
    addresses: dict[str, str]
    roster_addresses: dict[str, str]


class ChannelsSaved(Message):
    pass


class ChannelForm(FormScreen[bool]):
    """Dismisses with True after a successful write, False when cancelled or unchanged."""

    CSS_PATH = Path(__file__).with_name("form.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), tooltip=N_("Check the fields and save"),
                id="channel_form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="channel_form.cancel"),
    ]

    def __init__(self, store: Store, data: ChannelFormData) -> None:
        super().__init__()
        self.store = store
        self.data = data
        self.saving: PreferenceChanges = {}
        self.questioned_email: str | None = None  # the e-mail questioned on the last save, as typed

    # -- typed accessors ----------------------------------------------------------------

    @property
    def error_line(self) -> Static:
        return self.query_one("#error", Static)

    @property
    def error_text(self) -> str:
        return str(self.error_line.render()) if self.error_line.has_class("-visible") else ""

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = Content(t("Addresses and quiet hours: {name}", name=self.data.name))
            with Horizontal(classes="field"):
                yield Label(t("Quiet hours"), classes="field-label")
                yield Input(self.data.quiet or "", id="field-quiet", compact=True,
                            placeholder=t("HH:MM-HH:MM or off; empty: the school default {default}",
                                          default=self.data.default_quiet))
            for channel in ADDRESSED:
                roster_value = self.data.roster_addresses.get(channel)
                hint = (t("empty: the roster's {value}", value=roster_value) if roster_value
                        else t("empty: no address"))
                with Horizontal(classes="field"):
                    yield Label(channel_label(channel), classes="field-label")
                    yield Input(self.data.addresses.get(channel, ""), id=f"field-{channel}",
                                placeholder=hint, compact=True)
            yield Static("", id="error", markup=False)
            yield from self.save_buttons()

    def on_mount(self) -> None:
        self.field_input("quiet").focus()

    # -- saving -------------------------------------------------------------------------

    def changes(self) -> PreferenceChanges:
        """The set_preferences arguments for what differs from the stored values."""
        result: PreferenceChanges = {}
        quiet = self.field_input("quiet").value.strip() or "default"
        if quiet != (self.data.quiet or "default"):
            result["quiet"] = quiet
        addresses = {}
        for channel in ADDRESSED:
            value = self.field_input(channel).value.strip()
            if value != self.data.addresses.get(channel, ""):
                addresses[channel] = value
        if addresses:
            result["addresses"] = addresses
        return result

    def action_save(self) -> None:
        changes = self.changes()
        if not changes:
            self.notify(t("Nothing changed."), markup=False)
            self.dismiss(False)
            return
        self._show_error("")
        self.saving = changes
        typed = changes.get("addresses", {}).get("email")
        saving = self._save(changes, confirmed=typed is not None and typed == self.questioned_email)
        self.app.post_message(KeysWaitFor(saving))  # the keys typed next go where the form closes to

    def action_cancel(self) -> None:
        self.dismiss(False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="channel-form-save")
    def _save(self, changes: PreferenceChanges, confirmed: bool) -> None:
        with self.store.session() as db:
            set_preferences(db, self.data.guardian_id, **changes, confirmed=confirmed)
        self.post_message(ChannelsSaved())

    @on(ChannelsSaved)
    def _saved(self) -> None:
        self.dismiss(True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, SuspiciousAddress):
            self.questioned_email = self.saving.get("addresses", {}).get("email")
            self._show_error(t("{question} Save again to keep it as typed.", question=error.question))
            self.field_input("email").focus()
        else:
            self._show_error(describe(error))

    def _show_error(self, text: str) -> None:
        self.error_line.update(text)
        self.error_line.set_class(bool(text), "-visible")
