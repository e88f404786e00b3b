"""The Messages section: template, editor with live preview, audience and channels, plan, send,
and the delivery log."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Label, ProgressBar, Static, TextArea

from outreach import compose, roster, surveys, templates
from outreach.errors import OutreachError
from outreach.i18n import t
from outreach.templates import Template

from .bindings import localize_bindings
from .message_draft import Draft, render_preview, variable_names
from .message_events import ChoicesLoaded, PreviewRendered, RecipientFound
from .message_log import MessageLog
from .message_pickers import GuardianPicker, TemplatePicker
from .message_send import SendingScreen
from .roster_rows import full_name
from .store import Store
from .widgets.compose_options import ComposeOptions


class MessagesScreen(SendingScreen):
    """Compose a message from a template for an audience, see its plan, send it, read its log."""

    CSS_PATH = "messages.tcss"
    AUTO_FOCUS = "#audience-kind"  # not the editor: section and command keys work on arrival
    PREVIEW_DELAY: ClassVar[float] = 0.3
    COMPOSE_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"save", "choose_template", "choose_recipient", "plan", "focus_editor", "focus_audience"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "messages.tui.key.save", tooltip="messages.tui.key.save.tip",
                id="messages.save"),
        Binding("ctrl+g,ctrl+enter", "send", "messages.tui.key.send", key_display="^g",
                tooltip="messages.tui.key.send.tip", id="messages.send"),
        Binding("escape", "cancel_send", "messages.tui.key.cancel_send",
                tooltip="messages.tui.key.cancel_send.tip", id="messages.cancel_send"),
        Binding("t,е", "choose_template", "messages.tui.key.template",
                tooltip="messages.tui.key.template.tip", id="messages.template"),
        Binding("slash", "choose_template", "messages.tui.key.template", show=False,
                id="messages.search"),
        Binding("r,к", "choose_recipient", "messages.tui.key.recipient",
                tooltip="messages.tui.key.recipient.tip", id="messages.recipient"),
        Binding("p,з", "plan", "messages.tui.key.plan", tooltip="messages.tui.key.plan.tip",
                id="messages.plan"),
        Binding("l,д", "toggle_log", "messages.tui.key.log", tooltip="messages.tui.key.log.tip",
                id="messages.log"),
        Binding("e,у", "focus_editor", "messages.tui.key.editor", show=False,
                tooltip="messages.tui.key.editor.tip", id="messages.editor"),
        Binding("a,ф", "focus_audience", "messages.tui.key.audience", show=False,
                tooltip="messages.tui.key.audience.tip", id="messages.audience"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        localize_bindings(self)
        self.found: list[Template] = []
        self.template: Template | None = None
        self.recipient: tuple[int, str] | None = None
        self.pinned = False
        self.preview_text = ""
        self._timer: Timer | None = None

    # -- typed accessors ----------------------------------------------------------------

    @property
    def editor(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    @property
    def preview(self) -> Static:
        return self.query_one("#preview", Static)

    @property
    def options(self) -> ComposeOptions:
        return self.query_one("#options", ComposeOptions)

    @property
    def values(self) -> dict[str, str]:
        """The free variables' values, as typed or filled in."""
        return self.options.values

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial="compose", id="views"):
            with Vertical(id="compose"):
                with Horizontal(id="heading"):
                    yield Label(t("messages.tui.no_template"), id="template-label", markup=False)
                    yield Label("", id="recipient-label", markup=False)
                with Horizontal(id="panes"):
                    yield TextArea("", id="editor", language="markdown", soft_wrap=True,
                                   tab_behavior="focus")
                    with VerticalScroll(id="preview-box"):
                        yield Static(t("messages.tui.preview.empty"), id="preview", markup=False)
                yield Label("", id="problem", markup=False)
                yield ComposeOptions(self.store, id="options")
                yield Label(t("messages.tui.plan.none"), id="plan", markup=False)
                yield ProgressBar(id="progress", show_eta=False)
            yield MessageLog(self.store, id="log")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('messages.tui.section')} · {self.store.name}"
        self.query_one("#panes").query_one("#preview-box").border_title = t("messages.tui.preview.title")
        self.editor.border_title = t("messages.tui.editor.title")
        self.progress.display = False
        self._load_choices()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.options.follow_group(getattr(self.app, "group", None))

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-choices")
    def _load_choices(self) -> None:
        problem = ""
        try:
            found = templates.all_templates()
        except OutreachError as error:
            found, problem = [], error.message
        with self.store.session() as db:
            groups = roster.group_names(db)
            polls = [(str(s["title"]), int(s["id"]))  # type: ignore[call-overload]
                     for s in surveys.list_surveys(db)]
        self.post_message(ChoicesLoaded(found, groups, polls, problem))

    @on(ChoicesLoaded)
    def _choices_loaded(self, message: ChoicesLoaded) -> None:
        self.found = message.found
        if message.problem:
            self.notify(message.problem, severity="error", markup=False)
        self.options.set_choices(message.groups, message.polls)

    # -- audience and sample recipient ------------------------------------------------

    @on(ComposeOptions.Changed)
    def _options_changed(self, message: ComposeOptions.Changed) -> None:
        self._changed()
        if message.audience:
            self._find_recipient(self.options.specs)

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-recipient")
    def _find_recipient(self, specs: tuple[str, ...]) -> None:
        with self.store.session() as db:
            try:
                ids = compose.resolve_audience(db, compose.parse_audience(specs))
            except OutreachError:
                ids = []
            guardian = (ids[0], full_name(roster.get_guardian(db, ids[0]))) if ids else None
        self.post_message(RecipientFound(guardian))

    @on(RecipientFound)
    def _recipient_found(self, message: RecipientFound) -> None:
        if not self.pinned or self.recipient is None:
            self._set_recipient(message.guardian)

    def _set_recipient(self, guardian: tuple[int, str] | None) -> None:
        self.recipient = guardian
        name = guardian[1] if guardian else t("messages.tui.preview.everyone")
        self.query_one("#recipient-label", Label).update(t("messages.tui.preview.for", name=name))
        self.query_one("#preview-box").border_title = t("messages.tui.preview.for", name=name)
        self._schedule_preview()

    # -- template, editor, variables, preview ------------------------------------------------

    def use_template(self, template: Template) -> None:
        self.template = template
        self.options.audience_fixed = True
        season = f" ({template.season})" if template.season else ""
        self.query_one("#template-label", Label).update(
            t("messages.tui.template.current", title=template.title + season, language=template.lang))
        self.options.keep_values(template.variables)
        self.editor.load_text(template.body)
        self._changed()

    def start_from_template(self, ref: str, variables: dict[str, str]) -> None:
        """Start a draft from template `ref` (slug or lang/slug) with `variables` filled in:
        a jump from another section (the scoreboard's invitation)."""
        try:
            template = templates.find(ref)
        except OutreachError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        if self.views.current != "compose":
            self.views.current = "compose"
        self.use_template(template)
        self.options.fill(variables)
        self.editor.focus()
        self.refresh_bindings()

    @on(TextArea.Changed, "#editor")
    def _edited(self) -> None:
        self._changed()

    def _changed(self) -> None:
        self._schedule_preview()
        self._show_saved_state()

    def draft(self) -> Draft | None:
        if self.template is None:
            return None
        options, declared = self.options, self.template.variables
        values = tuple(sorted((k, v) for k, v in options.values.items()
                              if v.strip() and (k in options.names or k in declared)))
        return Draft(self.template, self.editor.text, values, options.specs, options.mode,
                     options.broadcast)

    def _schedule_preview(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.PREVIEW_DELAY > 0:
            self._timer = self.set_timer(self.PREVIEW_DELAY, self._start_preview)
        else:
            self.call_later(self._start_preview)

    def _start_preview(self) -> None:
        self._timer = None
        draft = self.draft()
        if draft is not None:
            self._render_draft(draft, self.recipient[0] if self.recipient else None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-preview")
    def _render_draft(self, draft: Draft, guardian_id: int | None) -> None:
        names: list[str] | None = None
        try:
            names = variable_names(draft.template, draft.body)
            with self.store.session() as db:
                text = render_preview(db, draft, guardian_id)
        except OutreachError as error:
            self.post_message(PreviewRendered("", error.message, names))
            return
        self.post_message(PreviewRendered(text, "", names))

    @on(PreviewRendered)
    async def _preview_rendered(self, message: PreviewRendered) -> None:
        self._show_problem(message.error)
        if message.text:
            self.preview_text = message.text
            self.preview.update(message.text)
        if message.names is not None and message.names != self.options.names:
            await self.options.show_variables(message.names,
                                              self.template.variables if self.template else {})

    # -- navigation ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_log = self.is_mounted and self.views.current == "log"
        if action in self.COMPOSE_ONLY and in_log:
            return False
        if action == "cancel_send":
            return self.sending is not None
        if action == "send" and self.sending is not None:
            return False
        return True

    def action_choose_template(self) -> None:
        def chosen(template: Template | None) -> None:
            if template is not None:
                self.use_template(template)
                self.editor.focus()
        self.app.push_screen(TemplatePicker(self.found), chosen)

    def action_choose_recipient(self) -> None:
        group = self.options.group if self.options.group_chosen else None

        def chosen(guardian: tuple[int, str] | None) -> None:
            if guardian is not None:
                self.pinned = True
                self._set_recipient(guardian)
        self.app.push_screen(GuardianPicker(self.store, t("messages.tui.recipient.title"), group),
                             chosen)

    def action_toggle_log(self) -> None:
        if self.views.current == "log":
            self.views.current = "compose"
            self.editor.focus()
        else:
            self._show_log(self.saved[0] if self.saved else None)
        self.refresh_bindings()

    def action_focus_editor(self) -> None:
        self.editor.focus()

    def action_focus_audience(self) -> None:
        self.options.audience_kind.focus()

