"""The Messages section: template, editor with live preview, audience and channels, plan, send,
and the delivery log."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (Button, ContentSwitcher, Footer, Header, Input, Label, ProgressBar,
                             Select, SelectionList, Static, TextArea)
from textual.worker import Worker, WorkerState, get_current_worker

from outreach import compose, roster, surveys, templates
from outreach.channel_names import BROADCAST
from outreach.delivery.send import send_message
from outreach.errors import OutreachError
from outreach.i18n import t
from outreach.templates import Template

from .bindings import localize_bindings
from .confirm import ConfirmScreen
from .failures import notify_failure
from .message_events import (ChoicesLoaded, DraftRejected, MessageSaved, PlanReady,
                             PreviewRendered, RecipientFound, SendFinished, SendProgress)
from .message_draft import Draft, audience_specs, plan_line, render_preview, variable_names
from .message_log import MessageLog
from .message_pickers import GuardianPicker, TemplatePicker
from .roster_rows import full_name
from .store import Store

ALL = "all"


class MessagesScreen(Screen[None]):
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
        Binding("escape", "leave_editor", "messages.tui.key.leave", key_display="esc",
                tooltip="messages.tui.key.leave.tip", id="messages.leave"),
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
        super().__init__()
        localize_bindings(self)
        self.store = store
        self.found: list[Template] = []
        self.groups: list[str] = []
        self.template: Template | None = None
        self.recipient: tuple[int, str] | None = None
        self.chosen: list[tuple[int, str]] = []
        self.values: dict[str, str] = {}
        self.names: list[str] = []
        self.group: str | None = None
        self.polls: list[tuple[str, int]] = []
        self.kind = ALL
        self.pinned = False
        self.preview_text = ""
        self.problem = ""
        self.plan: dict[str, object] | None = None
        self.saved: tuple[int, tuple[object, ...]] | None = None
        self.sending: Worker[None] | None = None
        self._timer: Timer | None = None

    # -- typed accessors ----------------------------------------------------------------

    @property
    def editor(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    @property
    def preview(self) -> Static:
        return self.query_one("#preview", Static)

    @property
    def audience_kind(self) -> Select[str]:
        return self.query_one("#audience-kind", Select)

    @property
    def audience_value(self) -> Select[str]:
        return self.query_one("#audience-value", Select)

    @property
    def mode_select(self) -> Select[str]:
        return self.query_one("#mode", Select)

    @property
    def broadcast_list(self) -> SelectionList[str]:
        return self.query_one("#broadcast", SelectionList)

    @property
    def plan_label(self) -> Label:
        return self.query_one("#plan", Label)

    @property
    def progress(self) -> ProgressBar:
        return self.query_one("#progress", ProgressBar)

    @property
    def log_view(self) -> MessageLog:
        return self.query_one("#log", MessageLog)

    @property
    def views(self) -> ContentSwitcher:
        return self.query_one("#views", ContentSwitcher)

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
                with Horizontal(id="options"):
                    with Vertical(id="choices"):
                        with Horizontal(classes="row"):
                            yield Select(self._kind_options(), value=ALL, allow_blank=False,
                                         id="audience-kind", compact=True,
                                         tooltip=t("messages.tui.key.audience.tip"))
                            yield Select([], prompt="—", id="audience-value", compact=True)
                            yield Button("", id="pick-guardians", compact=True)
                        with Horizontal(classes="row"):
                            yield Select([(t(f"messages.tui.mode.{m}"), m) for m in compose.MODES],
                                         value="preferred", allow_blank=False, id="mode",
                                         compact=True, tooltip=t("messages.tui.mode.tip"))
                            yield Label("", id="saved", markup=False)
                        yield VerticalScroll(id="variables")
                    yield SelectionList[str](*((c, c) for c in BROADCAST), id="broadcast",
                                             compact=True)
                yield Label(t("messages.tui.plan.none"), id="plan", markup=False)
                yield ProgressBar(id="progress", show_eta=False)
            yield MessageLog(self.store, id="log")
        yield Footer(compact=True, show_command_palette=False)

    def _kind_options(self) -> list[tuple[str, str]]:
        return [(t(f"messages.tui.audience.{kind}"), kind)
                for kind in ("all", "group", "guardian", "not-answered")]

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('messages.tui.section')} · {self.store.name}"
        self.query_one("#panes").query_one("#preview-box").border_title = t("messages.tui.preview.title")
        self.editor.border_title = t("messages.tui.editor.title")
        self.broadcast_list.border_title = t("messages.tui.broadcast")
        self.query_one("#variables").border_title = t("messages.tui.variables")
        self.progress.display = False
        self.query_one("#variables").display = False
        self.group = getattr(self.app, "group", None)
        self._update_audience_widgets()
        self._load_choices()

    def on_screen_resume(self) -> None:
        group = getattr(self.app, "group", None)
        if group != self.group and self.is_mounted and self.audience_kind.value in (ALL, "group"):
            self.group = group
            self._apply_group()

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
        self.found, self.groups, self.polls = message.found, message.groups, message.polls
        if message.problem:
            self.notify(message.problem, severity="error", markup=False)
        self._apply_group()

    def _apply_group(self) -> None:
        with self.prevent(Select.Changed):
            if self.group in self.groups:
                self.audience_kind.value = self.kind = "group"
            elif self.audience_kind.value == "group":
                self.audience_kind.value = self.kind = ALL
        self._update_audience_widgets()
        self._find_recipient(self._specs())

    # -- audience ------------------------------------------------------------------------

    def _update_audience_widgets(self) -> None:
        kind = self.audience_kind.value
        value, button = self.audience_value, self.query_one("#pick-guardians", Button)
        value.display = kind in ("group", "not-answered")
        button.display = kind == "guardian"
        button.label = t("messages.tui.audience.choose", count=len(self.chosen))
        with self.prevent(Select.Changed):
            if kind == "group":
                value.set_options([(g, g) for g in self.groups])
                if self.group in self.groups:
                    value.value = self.group
            elif kind == "not-answered":
                value.set_options([(title, str(sid)) for title, sid in self.polls])
        self._changed()

    def _specs(self) -> tuple[str, ...]:
        kind = str(self.audience_kind.value)
        value = self.audience_value.value
        chosen = None if value is Select.NULL else str(value)
        return audience_specs(kind, chosen, [gid for gid, _ in self.chosen])

    @on(Select.Changed, "#audience-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value == self.kind:
            return
        self.kind = str(event.value)
        self._update_audience_widgets()
        if self.kind == ALL:
            self._set_app_group(None)
        self._find_recipient(self._specs())

    @on(Select.Changed, "#audience-value")
    def _value_changed(self, event: Select.Changed) -> None:
        if self.kind == "group" and isinstance(event.value, str) and event.value != self.group:
            self._set_app_group(event.value)
        self._changed()
        self._find_recipient(self._specs())

    def _set_app_group(self, group: str | None) -> None:
        self.group = group
        if hasattr(self.app, "group"):
            self.app.group = group

    @on(Button.Pressed, "#pick-guardians")
    def _pick_guardians(self) -> None:
        def picked(choice: tuple[int, str] | None) -> None:
            if choice is None:
                return
            if choice in self.chosen:
                self.chosen.remove(choice)
            else:
                self.chosen.append(choice)
            self._update_audience_widgets()
            self.query_one("#saved", Label).update(", ".join(name for _, name in self.chosen))
        self.app.push_screen(GuardianPicker(self.store, t("messages.tui.audience.pick_title")),
                             picked)

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
        season = f" ({template.season})" if template.season else ""
        self.query_one("#template-label", Label).update(
            t("messages.tui.template.current", title=template.title + season, language=template.lang))
        self.values = {k: v for k, v in self.values.items() if k in template.variables}
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
        self.values.update(variables)
        for field in self.query(".var-value").results(Input):
            if field.name in variables:
                field.value = variables[field.name]
        self._changed()
        self.editor.focus()
        self.refresh_bindings()

    @on(TextArea.Changed, "#editor")
    def _edited(self) -> None:
        self._changed()

    @on(Input.Changed, ".var-value")
    def _variable_changed(self, event: Input.Changed) -> None:
        if event.input.name:
            self.values[event.input.name] = event.value
            self._changed()

    @on(SelectionList.SelectedChanged, "#broadcast")
    @on(Select.Changed, "#mode")
    def _option_changed(self) -> None:
        self._changed()

    def _changed(self) -> None:
        self._schedule_preview()
        self._show_saved_state()

    def draft(self) -> Draft | None:
        if self.template is None:
            return None
        values = tuple(sorted((k, v) for k, v in self.values.items()
                              if v.strip() and (k in self.names or k in self.template.variables)))
        return Draft(self.template, self.editor.text, values, self._specs(),
                     str(self.mode_select.value), tuple(self.broadcast_list.selected))

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
        if message.names is not None and message.names != self.names:
            await self._rebuild_variables(message.names)

    async def _rebuild_variables(self, names: list[str]) -> None:
        self.names = names
        box = self.query_one("#variables", VerticalScroll)
        await box.remove_children()
        hints = self.template.variables if self.template else {}
        rows = []
        for name in names:
            row = Horizontal(Label(name, classes="var-name", markup=False),
                             Input(self.values.get(name, ""), placeholder=hints.get(name, ""),
                                   name=name, compact=True, classes="var-value"),
                             classes="row")
            rows.append(row)
        if rows:
            await box.mount_all(rows)
        box.display = bool(rows)

    def _show_problem(self, text: str) -> None:
        self.problem = text
        label = self.query_one("#problem", Label)
        label.update(text)
        label.set_class(bool(text), "error")

    def _show_saved_state(self) -> None:
        draft = self.draft()
        if self.saved is None or draft is None:
            return
        stale = draft.snapshot != self.saved[1]
        self.plan_label.set_class(stale, "stale")

    # -- save, plan, send -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_log = self.is_mounted and self.views.current == "log"
        if action in self.COMPOSE_ONLY and in_log:
            return False
        if action == "cancel_send":
            return self.sending is not None
        if action == "leave_editor":
            return self.focused is self.editor
        if action == "send" and self.sending is not None:
            return False
        return True

    def action_save(self) -> None:
        self._save_draft(then_send=False)

    def _save_draft(self, then_send: bool) -> None:
        draft = self.draft()
        if draft is None:
            self._show_problem(t("messages.tui.no_template_chosen"))
            return
        self.plan_label.update(t("messages.tui.saving"))
        self._save(draft, then_send)

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-save")
    def _save(self, draft: Draft, then_send: bool) -> None:
        try:
            with self.store.session() as db:
                message_id = draft.create(db)
                plan = compose.plan(db, message_id)
        except OutreachError as error:
            self.post_message(DraftRejected(error.message))
            return
        self.post_message(MessageSaved(message_id, plan, draft.snapshot, then_send))

    @on(DraftRejected)
    def _rejected(self, message: DraftRejected) -> None:
        self._show_problem(message.reason)
        self.plan_label.update(t("messages.tui.plan.none"))
        self.notify(message.reason, title=t("messages.tui.not_saved"), severity="error",
                    markup=False)

    @on(MessageSaved)
    def _saved(self, message: MessageSaved) -> None:
        self.saved = (message.message_id, message.snapshot)
        self._show_plan(message.message_id, message.plan)
        self._show_saved_state()
        self.notify(t("messages.tui.saved", id=message.message_id), markup=False)
        self.log_view.show_message(message.message_id)
        if message.then_send:
            self._prepare(message.message_id, dry_run=True)

    def _show_plan(self, message_id: int, plan: dict[str, object]) -> None:
        self.plan = plan
        self.plan_label.update(f"#{message_id} · {plan_line(plan)}")

    def action_plan(self) -> None:
        if self.saved is None:
            self.notify(t("messages.tui.plan.save_first"), severity="warning", markup=False)
            return
        self._prepare(self.saved[0], dry_run=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-plan")
    def _prepare(self, message_id: int, dry_run: bool) -> None:
        with self.store.session() as db:
            plan = compose.plan(db, message_id)
            report = send_message(db, message_id, dry_run=True) if dry_run else None
        self.post_message(PlanReady(message_id, plan, report))

    @on(PlanReady)
    def _plan_ready(self, message: PlanReady) -> None:
        if self.saved is not None and self.saved[0] == message.message_id:
            self._show_plan(message.message_id, message.plan)
        report = message.report
        if report is None:
            return
        if not (report.sent or report.exported or report.deferred or report.waiting):
            self.notify(t("messages.tui.send.nothing", id=message.message_id), markup=False)
            return
        lines = [plan_line(message.plan)]
        if report.waiting.get("email"):
            lines.append(t("messages.smtp.not_configured"))
        if report.waiting.get("telegram"):
            lines.append(t("messages.telegram.not_configured"))
        lines.append(t("messages.cli.confirm", sent=report.sent, exported=report.exported,
                       deferred=report.deferred))
        screen = ConfirmScreen(t("messages.tui.send.title", id=message.message_id),
                               "\n\n".join(lines), t("messages.tui.send.question"),
                               t("messages.tui.send.button"))

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._start_send(message.message_id)

        self.app.push_screen(screen, confirmed)

    def action_send(self) -> None:
        if self.views.current == "log":
            if self.log_view.message_id is not None:
                self._prepare(self.log_view.message_id, dry_run=True)
            return
        draft = self.draft()
        if self.saved is not None and draft is not None and draft.snapshot == self.saved[1]:
            self._prepare(self.saved[0], dry_run=True)
        else:
            self._save_draft(then_send=True)

    def _start_send(self, message_id: int) -> None:
        self.plan_label.display = False
        self.progress.display = True
        self.progress.update(total=None, progress=0)
        self.sending = self._send(message_id)
        self.refresh_bindings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-send")
    def _send(self, message_id: int) -> None:
        worker = get_current_worker()
        with self.store.session() as db:
            report = send_message(
                db, message_id, cancelled=lambda: worker.is_cancelled,
                progress=lambda done, total: self.post_message(SendProgress(done, total)))
        self.post_message(SendFinished(message_id, report, worker.is_cancelled))

    @on(SendProgress)
    def _send_progress(self, message: SendProgress) -> None:
        self.progress.update(total=message.total, progress=message.done)

    @on(SendFinished)
    def _send_finished(self, message: SendFinished) -> None:
        self._send_ended()
        report = message.report
        for problem in dict.fromkeys(report.problems):
            self.notify(problem, severity="warning", timeout=10, markup=False)
        done = t("messages.cli.send_done", sent=report.sent, failed=report.failed,
                 deferred=report.deferred, skipped=report.skipped, exported=report.exported,
                 unknown=report.unknown)
        if message.cancelled:
            done = t("messages.tui.send.cancelled") + " " + done
        self.notify(done, markup=False, timeout=8)
        if report.folder:
            self.notify(t("messages.cli.folder", path=report.folder), markup=False, timeout=8)
        self._prepare(message.message_id, dry_run=False)
        self._show_log(message.message_id)

    def _send_ended(self) -> None:
        self.sending = None
        self.progress.display = False
        self.plan_label.display = True
        self.refresh_bindings()

    def action_cancel_send(self) -> None:
        if self.sending is None:
            raise SkipAction()
        self.sending.cancel()
        self.notify(t("messages.tui.send.cancelling"), markup=False)

    # -- navigation ----------------------------------------------------------------------------

    def action_choose_template(self) -> None:
        def chosen(template: Template | None) -> None:
            if template is not None:
                self.use_template(template)
                self.editor.focus()
        self.app.push_screen(TemplatePicker(self.found), chosen)

    def action_choose_recipient(self) -> None:
        group = self.group if self.audience_kind.value == "group" else None

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

    def _show_log(self, message_id: int | None) -> None:
        self.views.current = "log"
        self.log_view.show_message(message_id)
        self.log_view.table.focus()
        self.refresh_bindings()

    def action_leave_editor(self) -> None:
        self.audience_kind.focus()

    def action_focus_editor(self) -> None:
        self.editor.focus()

    def action_focus_audience(self) -> None:
        self.audience_kind.focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self.sending and event.state in (WorkerState.ERROR,):
            self._send_ended()
        notify_failure(self, event)
