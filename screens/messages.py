"""The Messages section: template, editor with live preview, audience and channels, plan, send,
and the delivery log."""

from __future__ import annotations

import threading
from typing import ClassVar

import sqlite_utils
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Label, ProgressBar, Static, TextArea

from outreach import compose, drafts, roster, surveys, templates
from outreach.errors import OutreachError
from outreach.i18n import current_language, t
from outreach.templates import Template

from .bindings import localize_bindings
from .confirm import ConfirmScreen
from .message_attachments import AttachmentsDialog
from .message_draft import Draft, render_preview, variable_names
from .message_events import ChoicesLoaded, DraftFound, MessageSaved, PreviewRendered, RecipientFound
from .message_log import MessageLog
from .message_pickers import GuardianPicker, TemplatePicker
from .message_send import SendingScreen
from .roster_rows import full_name
from .store import Store
from .widgets.compose_options import ComposeOptions


class MessagesScreen(SendingScreen):
    """Compose a message (from a template or without one) for an audience, see its plan, send it,
    read its log; the composer is kept as a draft while the teacher types."""

    CSS_PATH = "messages.tcss"
    AUTO_FOCUS = "#audience-kind"  # not the editor: section and command keys work on arrival
    PREVIEW_DELAY: ClassVar[float] = 0.3
    KEEP_DELAY: ClassVar[float] = 1.0
    """Seconds of quiet typing before the draft is kept in the database."""
    COMPOSE_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"save", "choose_template", "choose_recipient", "plan", "focus_editor", "focus_audience", "attachments"})

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
        Binding("v,м", "attachments", "pipeline.tui.key.attachments",
                tooltip="pipeline.tui.key.attachments.tip", id="messages.attachments"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        localize_bindings(self)
        self.found: list[Template] = []
        self.template: Template | None = None
        self.recipient: tuple[int, str] | None = None
        self.attachments: tuple[str, ...] = ()
        self.pinned = False
        self.preview_text = ""
        self._timer: Timer | None = None
        self._keep_timer: Timer | None = None
        self._keep_lock = threading.Lock()
        self._latest_state: dict[str, object] | None = None
        self.draft_ready = False
        """True once a kept draft was brought back (or there was none): keeping may begin."""

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
                    yield Label("", id="attachments-label", markup=False)
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
            kept = _kept_draft(db, drafts.load_draft(db))
        self.post_message(ChoicesLoaded(found, groups, polls, problem))
        self.post_message(kept)

    @on(ChoicesLoaded)
    def _choices_loaded(self, message: ChoicesLoaded) -> None:
        self.found = message.found
        if message.problem:
            self.notify(message.problem, severity="error", markup=False)
        self.options.set_choices(message.groups, message.polls)

    @on(DraftFound)
    def _draft_found(self, message: DraftFound) -> None:
        state = message.state
        begun = self.template is not None or bool(self.editor.text.strip())
        if state is not None and not begun:  # a jump from another section already began one
            if message.template is not None:
                self._show_template(message.template)
            self.editor.load_text(str(state.get("body") or ""))
            self.options.restore(state, message.chosen)
            self._set_attachments(tuple(str(p) for p in state.get("attachments") or ()))  # type: ignore[attr-defined]  # kept JSON: a list
            draft = self.draft()
            if message.saved_as is not None and draft is not None:
                self.saved = (message.saved_as, draft.snapshot)
            self.notify(t("slipsmessages.draft.restored"), markup=False)
        self.draft_ready = True

    # -- the kept draft --------------------------------------------------------------------

    def draft_state(self) -> dict[str, object] | None:
        """What brings the composer back after a restart; None when there is nothing."""
        body = self.editor.text
        if self.template is None and not body.strip():
            return None
        template = self.template
        draft = self.draft()
        saved_as = self.saved[0] if self.saved and draft and draft.snapshot == self.saved[1] else None
        return {"template": f"{template.lang}/{template.slug}" if template else None,
                "body": body, "saved_as": saved_as, "attachments": list(self.attachments), **self.options.state()}

    def _schedule_keep(self) -> None:
        if not self.draft_ready:
            return
        if self._keep_timer is not None:
            self._keep_timer.stop()
        if self.KEEP_DELAY > 0:
            self._keep_timer = self.set_timer(self.KEEP_DELAY, self._start_keep)
        else:
            self.call_later(self._start_keep)

    def _start_keep(self) -> None:
        self._keep_timer = None
        self._latest_state = self.draft_state()
        self._keep()

    @work(thread=True, exit_on_error=False, group="messages-keep")
    def _keep(self) -> None:
        """Not exclusive (a cancelled write is no use): writes take turns, the latest wins."""
        with self._keep_lock, self.store.session() as db:
            _store_draft(db, self._latest_state)

    @on(MessageSaved)
    def _keep_saved(self) -> None:
        self._schedule_keep()  # runs after the save is recorded: the draft notes its message

    def unsaved_work(self) -> str | None:
        """A sentence for the quit question when the composer holds an unsaved message."""
        draft = self.draft()
        if draft is None or (self.saved is not None and draft.snapshot == self.saved[1]):
            return None
        return t("slipsmessages.quit.draft")

    def flush_work(self) -> None:
        """Keep the draft now (on quit: a pending keep would not run)."""
        if self.draft_ready:
            self._latest_state = self.draft_state()
            with self._keep_lock, self.store.session() as db:
                _store_draft(db, self._latest_state)

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
        self._show_template(template)
        self.options.keep_values(template.variables)
        self.editor.load_text(template.body)
        self._changed()

    def _show_template(self, template: Template) -> None:
        self.template = template
        self.options.audience_fixed = True
        season = f" ({template.season})" if template.season else ""
        self.query_one("#template-label", Label).update(
            t("messages.tui.template.current", title=template.title + season, language=template.lang))

    def own_text(self) -> bool:
        """The editor holds text the teacher wrote, not (only) the chosen template's."""
        base = self.template.body if self.template else ""
        return self.editor.text.strip() != base.strip()

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
        self._schedule_keep()

    def draft(self) -> Draft | None:
        """The message as composed: from the chosen template, or the teacher's own text."""
        template = self.template
        if template is None:
            if not self.editor.text.strip():
                return None
            template = templates.blank(current_language(), self.editor.text)
        options, declared = self.options, template.variables
        values = tuple(sorted((k, v) for k, v in options.values.items()
                              if v.strip() and (k in options.names or k in declared)))
        return Draft(template, self.editor.text, values, options.specs, options.mode,
                     options.broadcast, self.attachments)

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
            if template is None:
                return
            if self.own_text():
                self._ask_replace(template)
            else:
                self._take_template(template)
        self.app.push_screen(TemplatePicker(self.found), chosen)

    def _ask_replace(self, template: Template) -> None:
        """The teacher's text is never replaced without a yes; Cancel keeps it as it is."""
        def answered(replace: bool | None) -> None:
            if replace:
                self._take_template(template)
            else:
                self.notify(t("slipsmessages.replace.kept"), markup=False)
        self.app.push_screen(ConfirmScreen(
            t("slipsmessages.replace.title"), t("slipsmessages.replace.body", title=template.title),
            t("slipsmessages.replace.question"), t("slipsmessages.replace.button"), danger=True),
            answered)

    def _take_template(self, template: Template) -> None:
        self.use_template(template)
        self.editor.focus()

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

    def action_attachments(self) -> None:
        def chosen(paths: tuple[str, ...] | None) -> None:
            if paths is not None and paths != self.attachments:
                self._set_attachments(paths)
                self._changed()
        self.app.push_screen(AttachmentsDialog(self.attachments), chosen)

    def _set_attachments(self, paths: tuple[str, ...]) -> None:
        self.attachments = paths
        self.query_one("#attachments-label", Label).update(
            t("pipeline.tui.attach.label", count=len(paths)) if paths else "")


def _kept_draft(db: sqlite_utils.Database, state: dict[str, object] | None) -> DraftFound:
    """The kept draft with its template and its chosen guardians still in the roster."""
    if state is None:
        return DraftFound(None, None, [], None)
    template = None
    if state.get("template"):
        try:
            template = templates.find(str(state["template"]))
        except OutreachError:
            template = None
    chosen = []
    for gid in state.get("chosen") or []:  # type: ignore[attr-defined]
        try:
            chosen.append((int(gid), full_name(roster.get_guardian(db, int(gid)))))
        except (OutreachError, TypeError, ValueError):
            continue
    saved_as = state.get("saved_as")
    known = isinstance(saved_as, int) and db.execute(
        "SELECT 1 FROM messages WHERE id = ?", [saved_as]).fetchone() is not None
    return DraftFound(state, template, chosen, saved_as if known else None)  # type: ignore[arg-type]


def _store_draft(db: sqlite_utils.Database, state: dict[str, object] | None) -> None:
    if state is None:
        drafts.clear_draft(db)
    else:
        drafts.save_draft(db, state)
