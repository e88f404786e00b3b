"""The Messages section: template, editor with live preview, audience and channels, plan, send,
and the delivery log."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import ClassVar

import sqlite_utils
from rich.cells import cell_len
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, Label, Static, TextArea
from textual.worker import Worker

from outreach import surveys
from outreach.common.errors import OutreachError
from outreach.common.i18n import N_, current_language, t, tn
from outreach.messages import compose, drafts, templates
from outreach.messages.sms_length import SmsLength, sms_length
from outreach.messages.template_tokens import placeholders, to_jinja, to_tokens
from outreach.messages.templates import Template
from outreach.roster import guardians as roster
from outreach.roster.records import Guardian
from outreach_screens.bindings import LocalizedScreen
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.failures import notify_failure
from outreach_screens.key_gate import KeysWaitFor
from outreach_screens.messages.attachments import AttachmentsDialog
from outreach_screens.messages.draft import (
    ChosenParent,
    Draft,
    ShownPlan,
    fill_in,
    plan_note,
    render_preview,
    variable_names,
)
from outreach_screens.messages.events import (
    ChoicesLoaded,
    DraftFound,
    MessageSaved,
    PreviewRendered,
    RecipientFound,
    SendFinished,
    TemplateSaved,
)
from outreach_screens.messages.log import MessageLog
from outreach_screens.messages.pickers import GuardianPicker, TemplatePicker, template_label
from outreach_screens.messages.send import SendPanel
from outreach_screens.messages.template_dialogs import (
    PlaceholderPicker,
    SaveChoice,
    TemplateSaveDialog,
)
from outreach_screens.store import Store
from outreach_screens.widgets.compose_options import ComposeOptions
from outreach_screens.widgets.key_footer import KeyFooter
from outreach_screens.widgets.text_box import TextBox


class MessagesScreen(LocalizedScreen[None]):
    """Compose a message (from a template or without one) for an audience, see its plan, send it,
    read its log; the composer is kept as a draft while the teacher types."""

    CSS_PATH = Path(__file__).with_name("screen.tcss")
    AUTO_FOCUS = "#audience-kind"  # not the editor: section and command keys work on arrival
    PREVIEW_DELAY: ClassVar[float] = 0.3
    KEEP_DELAY: ClassVar[float] = 1.0
    """Seconds of quiet typing before the draft is kept in the database."""
    COMPOSE_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"save", "choose_template", "choose_recipient", "plan", "focus_editor", "focus_audience",
         "insert_placeholder", "save_template", "attachments"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), tooltip=N_("Save the message and show its plan; nothing is sent"),
                id="messages.save"),
        Binding("ctrl+g,ctrl+enter", "send", N_("Send"), key_display="^g",
                tooltip=N_("Send the message (saved first if changed), after a confirmation"), id="messages.send"),
        Binding("escape", "cancel_send", N_("Stop sending"),
                tooltip=N_("Stop after the current delivery; the rest stays queued"), id="messages.cancel_send"),
        # after «stop sending» in the chain: while a send runs, Esc stops it first
        Binding("escape", "leave_log", N_("Back"), show=False,
                tooltip=N_("Back from the delivery log to where you opened it"), id="messages.log_back"),
        Binding("t,е", "choose_template", N_("Template"),
                tooltip=N_("Choose a template (search both languages and your own)"), id="messages.template"),
        Binding("slash", "choose_template", N_("Template"), show=False,
                id="messages.search"),
        # off the footer (the heading shows who) so the list key fits at 80 columns
        Binding("r,к", "choose_recipient", N_("Preview for"), show=False,
                tooltip=N_("Choose the parent the preview is rendered for"), id="messages.recipient"),
        Binding("p,з", "plan", N_("Plan"), tooltip=N_("Recompute the plan of the saved message for now"),
                id="messages.plan"),
        Binding("l,д", "toggle_log", N_("Log"), tooltip=N_("Switch between the composer and the delivery log"),
                id="messages.log"),
        Binding("e,у", "focus_editor", N_("Editor"), show=False,
                tooltip=N_("Focus the editor"), id="messages.editor"),
        Binding("a,ф", "focus_audience", N_("Audience"), show=False,
                tooltip=N_("Who gets the message: everyone, a group or several, chosen parents, or those who did not answer a survey"), id="messages.audience"),
        Binding("ctrl+o,f2", "insert_placeholder", N_("Placeholder"), key_display="^o",
                show=False, tooltip=N_("Insert the greeting, a date, the class, or a part shown only if the class is given"), id="messages.placeholder"),
        Binding("ctrl+t", "save_template", N_("Save as my template"), show=False,
                tooltip=N_("Save the text as your own template (Russian or English); it is listed as «mine»"), id="messages.save_template"),
        Binding("m,ь", "message_list", N_("List"), tooltip=N_("Every message: drafts, scheduled and sent"),
                id="messages.list"),
        Binding("f,а", "message_files", N_("Files"), tooltip=N_("The message's lists for printing and Excel; open its folder"),
                show=False, id="messages.files"),  # in help: the log's Russian footer is full
        Binding("v,м", "attachments", N_("Attachments"),
                tooltip=N_("Attach files to the e-mails (typed as paths)"), id="messages.attachments"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.problem = ""
        self.send_panel = SendPanel(store, self)
        """Saves, plans and sends; kept here so that what it saved outlives the screen's DOM."""
        self.found: list[Template] = []
        self._picker_asked = False
        """The template picker was asked for before the templates were loaded: it opens then."""
        self._choices_ready = False
        self.template: Template | None = None
        self.recipient: tuple[int, str] | None = None
        self.attachments: tuple[str, ...] = ()
        self.pinned = False
        self.preview_text = ""
        self.sms: SmsLength | None = None
        self._timer: Timer | None = None
        self._keep_timer: Timer | None = None
        self._keep_lock = threading.Lock()
        self._latest_state: dict[str, object] | None = None
        self._focus_before_log: Widget | None = None
        self._values_first = False
        """A template was just taken: the first value it asks for takes the focus once shown."""
        self._log_from_list = False
        """The log was opened from the messages list: Esc goes back there."""
        self.draft_ready = False
        """True once a kept draft was brought back (or there was none): keeping may begin."""

    # -- typed accessors ----------------------------------------------------------------

    @property
    def saved(self) -> tuple[int, tuple[object, ...] | None] | None:
        """The message the draft was last saved as, and the draft's snapshot then (None: edited since)."""
        return self.send_panel.saved

    @property
    def sending(self) -> Worker[None] | None:
        return self.send_panel.sending

    @property
    def log_view(self) -> MessageLog:
        return self.query_one("#log", MessageLog)

    @property
    def views(self) -> ContentSwitcher:
        return self.query_one("#views", ContentSwitcher)

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
                    yield Label(t("No template: write your own message in the editor (e), or press t to choose one"), id="template-label", markup=False)
                    yield Label("", id="recipient-label", markup=False)
                    yield Label("", id="attachments-label", markup=False)
                with Horizontal(id="panes"):
                    yield TextBox("", id="editor", language="markdown", soft_wrap=True,
                                   tab_behavior="focus")
                    with VerticalScroll(id="preview-box"):
                        yield Static(t("Write in the editor (e) or choose a template (t); the message appears here as the parent will read it."), id="preview", markup=False)
                yield Label("", id="problem", markup=False)
                yield ComposeOptions(self.store, id="options")
                yield self.send_panel
            yield MessageLog(self.store, id="log")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('Messages')} · {self.store.name}"
        self.query_one("#panes").query_one("#preview-box").border_title = t("preview")
        self.editor.border_title = t("editor (Markdown)")
        self.editor.border_subtitle = t("^o placeholder · ^t my template")
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
            polls = [(s["title"], s["id"])
                     for s in surveys.list_surveys(db)]
            kept = _kept_draft(db, drafts.load_draft(db))
        self.post_message(ChoicesLoaded(found, groups, polls, problem))
        self.post_message(kept)

    @on(ChoicesLoaded)
    def _choices_loaded(self, message: ChoicesLoaded) -> None:
        self.found, self._choices_ready = message.found, True
        if self._picker_asked:
            self._picker_asked = False
            self.action_choose_template()
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
            self.editor.move_cursor(self.editor.document.end)  # going on writing: after her words
            self.options.restore(state, message.chosen)
            self._set_attachments(tuple(str(p) for p in state.get("attachments") or ()))  # type: ignore[attr-defined]  # kept JSON: a list
            draft = self.draft()
            if message.saved_as is not None and draft is not None:  # saved (or sent) before: its plan, not «save»
                edited = state.get("edited") is True
                self.send_panel.saved = (message.saved_as, None if edited else draft.snapshot)
                self.send_panel.replan()
                self.notify(_back_words(message.saved_as, edited, message.gone_out), markup=False)
            else:
                self.notify(t("The message you were writing is back, as you left it."), markup=False)
        self.draft_ready = True

    # -- the kept draft --------------------------------------------------------------------

    def draft_state(self) -> dict[str, object] | None:
        """What brings the composer back after a restart; None when there is nothing."""
        body = self.editor.text
        if self.template is None and not body.strip():
            return None
        template = self.template
        draft = self.draft()
        saved = self.saved
        saved_as = saved[0] if saved else None
        edited = saved is not None and (draft is None or not self.send_panel.saved_as_is(draft))
        return {"template": f"{template.lang}/{template.slug}" if template else None,
                "body": body, "saved_as": saved_as, "edited": edited, "attachments": list(self.attachments),
                **self.options.state()}

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
    def _keep_saved(self, message: MessageSaved) -> None:
        self.log_view.show_message(message.message_id)
        self._schedule_keep()  # runs after the save is recorded: the draft notes its message

    def unsaved_work(self) -> str | None:
        """A sentence for the quit question when the composer holds an unsaved message."""
        draft = self.draft()
        if draft is None or self.send_panel.saved_as_is(draft):
            return None
        return t("The message in Messages is not saved as a message yet (ctrl+s). Its text is kept as a draft and comes back when you start outreach again.")

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
        if message.added is not None and not self.pinned:
            self._set_recipient((message.added.id, message.added.full_name))
        elif message.audience:
            self._find_recipient(self.options.specs)

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-recipient")
    def _find_recipient(self, specs: tuple[str, ...]) -> None:
        with self.store.session() as db:
            try:
                ids = compose.resolve_audience(db, compose.parse_audience(specs))
            except OutreachError:
                ids = []
            guardian = (ids[0], roster.get_guardian(db, ids[0]).full_name) if ids else None
        self.post_message(RecipientFound(guardian))

    @on(RecipientFound)
    def _recipient_found(self, message: RecipientFound) -> None:
        if not self.pinned or self.recipient is None:
            self._set_recipient(message.guardian)

    def _set_recipient(self, guardian: tuple[int, str] | None) -> None:
        self.recipient = guardian
        name = guardian[1] if guardian else t("everyone (broadcast version)")
        self.query_one("#recipient-label", Label).update(t("preview for {name}", name=name))
        box = self.query_one("#preview-box")
        room = box.outer_size.width - 6  # «╭─ » and « ─╮» around a border title
        # the heading above says whose preview it is, whole; the border repeats it, or the
        # surname alone where the whole name would be cut
        fits = room <= 0 or cell_len(name) <= room  # (not laid out yet: Textual measures later)
        box.border_title = name if fits or not guardian else name.split()[0]
        self._schedule_preview()

    # -- template, editor, variables, preview ------------------------------------------------

    def use_template(self, template: Template) -> None:
        """Start a message from `template`: a new one, not the one saved before."""
        self.send_panel.forget_saved()
        self._show_template(template)
        self.options.keep_values(template.variables)
        self.editor.load_text(to_tokens(template.body, template.lang, template.variables))
        self._changed()

    def _show_template(self, template: Template) -> None:
        self.template = template
        self.options.audience_fixed = True
        self.query_one("#template-label", Label).update(  # the season in words, no «(any) [ru]»
            t("template: {title}", title=template_label(template)))

    def own_text(self) -> bool:
        """The editor holds text the teacher wrote, not (only) the chosen template's."""
        template = self.template
        base = to_tokens(template.body, template.lang, template.variables) if template else ""
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
        self._focus_begun()
        self.refresh_bindings()

    @on(TextArea.Changed, "#editor")
    def _edited(self) -> None:
        if self.send_panel.saved is not None and not self.editor.text.strip():
            self.send_panel.forget_saved()  # the whole text cleared: what is typed next is another message
        self._changed()

    def _changed(self) -> None:
        self._schedule_preview()
        self.send_panel.show_saved_state()
        self._schedule_keep()

    def draft(self) -> Draft | None:
        """The message as composed: from the chosen template, or the teacher's own text."""
        template = self.template
        if template is None:
            if not self.editor.text.strip():
                return None
            lang = current_language()
            body, problem = self._jinja_body(lang, {})
            # the subject from the text as parents get it (not «[обращение]! …»); the title as she wrote it
            template = templates.blank(lang, body, title=templates.first_line(self.editor.text))
        else:
            body, problem = self._jinja_body(template.lang, template.variables)
        options, declared = self.options, template.variables
        values = tuple(sorted((k, v) for k, v in options.values.items()
                              if v.strip() and (k in options.names or k in declared)))
        if options.kind != "all" and options.specs == ("all",):  # «a group» with none chosen is not everyone
            problem = problem or t("Choose whom it is for (a): the group, the parents or the survey; none is chosen yet.")
        return Draft(template, body, values, options.specs, options.mode, options.broadcast,
                     attachments=self.attachments, problem=problem)

    def _jinja_body(self, lang: str, variables: dict[str, str]) -> tuple[str, str]:
        """The editor's text with its placeholders as Jinja, or as typed and why not."""
        try:
            return to_jinja(self.editor.text, lang, variables), ""
        except OutreachError as error:
            return self.editor.text, error.message

    def _schedule_preview(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.PREVIEW_DELAY > 0:
            self._timer = self.set_timer(self.PREVIEW_DELAY, self._start_preview)
        else:
            self.call_later(self._start_preview)

    def _start_preview(self) -> Worker[None] | None:
        self._timer = None
        draft = self.draft()
        if draft is None:
            return None
        return self._render_draft(draft, self.recipient[0] if self.recipient else None)

    def _preview_now(self) -> Worker[None] | None:
        """The preview started at once, not after the typing pause."""
        if self._timer is not None:
            self._timer.stop()
        return self._start_preview()

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-preview")
    def _render_draft(self, draft: Draft, guardian_id: int | None) -> None:
        names: list[str] | None = None
        try:
            if draft.problem:
                raise OutreachError(draft.problem)
            names = variable_names(draft.template, draft.body)
            if missing := draft.missing():  # not Jinja's «'date' is undefined»: the fields' words
                with self.store.session() as db:
                    marked = render_preview(db, draft.with_marks(), guardian_id)
                self.post_message(PreviewRendered(marked.shown, fill_in(draft.template, missing), names))
                return
            with self.store.session() as db:
                preview = render_preview(db, draft, guardian_id)
        except OutreachError as error:
            self.post_message(PreviewRendered("", error.message, names))
            return
        self.post_message(PreviewRendered(preview.shown, "", names, sms_length(preview.text)))

    @on(PreviewRendered)
    async def _preview_rendered(self, message: PreviewRendered) -> None:
        self.show_problem(message.error)
        if message.text:
            self.preview_text = message.text
            self.preview.update(message.text)
        if message.sms is not None:
            self._show_sms(message.sms)
        if message.names is not None and message.names != self.options.names:
            await self.options.show_variables(message.names,
                                              self.template.variables if self.template else {})
        if self._values_first:
            self._values_first = False
            self.focus_missing()

    # -- navigation ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_log = self.is_mounted and self.views.current == "log"
        if action in self.COMPOSE_ONLY and in_log:
            return False
        if action == "cancel_send":
            return self.sending is not None
        if action == "leave_log":
            return in_log
        if action == "message_files":
            return in_log
        if action == "send" and self.sending is not None:
            return False
        return True

    def action_choose_template(self) -> None:
        if not self._choices_ready:  # just opened (the palette's «New message»): an empty list else
            self._picker_asked = True
            return

        def chosen(template: Template | None) -> None:
            if template is None:
                return
            if self.own_text():
                self._ask_replace(template)
            else:
                self._take_template(template)
        self.app.push_screen(TemplatePicker(self.found), chosen)

    def action_new_message(self) -> None:
        """The command palette's «New message»: the composer, and its template picker."""
        if self.views.current == "log":
            self.action_toggle_log()
        self.action_choose_template()

    def _ask_replace(self, template: Template) -> None:
        """The teacher's text is never replaced without a yes; Cancel keeps it as it is."""
        def answered(replace: bool | None) -> None:
            if replace:
                self._take_template(template)
            else:
                self.notify(t("Your text is kept; the template was not applied."), markup=False)
        self.app.push_screen(ConfirmScreen(
            t("Replace your text?"), t("The editor holds text you wrote. The template «{title}» would replace it.", title=template.title),
            t("Replace your text with the template? Cancel keeps your text as it is."), t("Replace"), danger=True),
            answered)

    def _take_template(self, template: Template) -> None:
        self.use_template(template)
        self._focus_begun()

    def _focus_begun(self) -> None:
        """After a template: the editor, then, once its preview shows the fields, the first
        value it asks for («Заполните ниже: дата…»); the keys typed meanwhile wait for it. The
        date typed in the editor and Tab went to the preview, and its digits switched sections."""
        self.editor.focus()
        self._values_first = True
        if (preview := self._preview_now()) is not None:
            self.app.post_message(KeysWaitFor(preview))

    def action_choose_recipient(self) -> None:
        group = self.options.group if self.options.group_chosen else None

        def chosen(guardian: Guardian | None) -> None:
            if guardian is not None:
                self.pinned = True
                self._set_recipient((guardian.id, guardian.full_name))
        self.app.push_screen(GuardianPicker(self.store, t("Preview for which parent?"), group),
                             chosen)

    def action_toggle_log(self) -> None:
        """`l` there and back: the focus comes back where it was (after Esc, nowhere, so the
        next key is a command again and not a letter typed into the message)."""
        if self.views.current == "log":
            self.views.current = "compose"
            self.set_focus(self._focus_before_log)
        else:
            self._focus_before_log = self.focused
            self.show_log(self.saved[0] if self.saved else None)
        self.refresh_bindings()

    def show_problem(self, text: str) -> None:
        """Why the draft cannot be saved or previewed, under the editor ("" clears it)."""
        self.problem = text
        label = self.query_one("#problem", Label)
        label.update(text)
        label.set_class(bool(text), "error")

    def focus_missing(self) -> None:
        draft = self.draft()
        missing = draft.missing() if draft else []
        field = self.options.value_field(missing[0]) if missing else None
        if field is not None:
            field.focus()

    def action_leave_log(self) -> None:
        """Esc in the log: back to the composer, or to the messages list it was opened from."""
        back_to_list = self._log_from_list
        self.action_toggle_log()
        if back_to_list:
            self.action_message_list()

    def show_log(self, message_id: int | None, from_list: bool = False) -> None:
        """Switch to the delivery log of `message_id` (the last one when None); `from_list`:
        opened from the messages list, where Esc goes back to."""
        self._log_from_list = from_list
        self.views.current = "log"
        self.log_view.show_message(message_id)
        self.log_view.table.focus()
        self.refresh_bindings()

    # -- save, plan, send (the panel does them) --------------------------------------------

    def action_save(self) -> None:
        self.send_panel.save()

    def action_plan(self) -> None:
        self.send_panel.replan()

    def action_send(self) -> None:
        if self.views.current != "log":
            self.send_panel.send()
        elif self.log_view.message_id is not None:
            self.send_panel.ask_to_send(self.log_view.message_id)

    def action_cancel_send(self) -> None:
        if self.sending is None:
            raise SkipAction()
        self.send_panel.cancel_send()

    @on(SendFinished)
    def _send_finished(self, message: SendFinished) -> None:
        self.show_log(message.message_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)

    def action_focus_editor(self) -> None:
        self.editor.focus()

    def action_focus_audience(self) -> None:
        self.options.audience_kind.focus()

    def action_message_files(self) -> None:
        self.log_view.show_files()

    def action_message_list(self) -> None:
        self.app.show_message_list()  # type: ignore[attr-defined]  # OutreachApp's, not App's

    # -- the SMS counter -------------------------------------------------------------------

    def _show_sms(self, sms: SmsLength) -> None:
        self.sms = sms
        box = self.query_one("#preview-box")
        box.border_subtitle = sms_counter(sms)
        box.set_class(sms.too_long, "sms-too-long")

    def plan_note(self, plan: ShownPlan) -> str:
        return plan_note(plan, self.sms)

    # -- placeholders and the teacher's own templates ----------------------------------------

    def _token_lang(self) -> tuple[str, dict[str, str]]:
        template = self.template
        return (template.lang, template.variables) if template else (current_language(), {})

    def action_insert_placeholder(self) -> None:
        lang, variables = self._token_lang()

        def chosen(text: str | None) -> None:
            if text is not None:
                self.editor.insert(text)
            self.editor.focus()
        self.app.push_screen(PlaceholderPicker(placeholders(lang, variables)), chosen)

    def action_save_template(self) -> None:
        draft = self.draft()
        if draft is None:
            self.show_problem(t("The message is empty: write it in the editor (e) or choose a template (t)."))
            return
        if draft.problem:
            self.notify(draft.problem, severity="error", markup=False)
            return
        base = draft.template
        slug = base.slug if base.source != templates.BLANK else "my-message"
        initial = SaveChoice(base.title, slug, base.lang,
                             to_tokens(base.subject, base.lang, base.variables))
        self.app.push_screen(TemplateSaveDialog(initial),
                             lambda choice: self._template_chosen(draft, choice))

    def _template_chosen(self, draft: Draft, choice: SaveChoice | None) -> None:
        if choice is None:
            return
        if not templates.user_template_exists(choice.slug, choice.lang):
            self._save_template(draft, choice, False)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._save_template(draft, choice, True)
        self.app.push_screen(ConfirmScreen(
            t("Save as my template"),
            t("You already have a template «{slug}».", slug=choice.slug),
            t("Replace it with this text?"), t("Replace")),
            answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-template-save")
    def _save_template(self, draft: Draft, choice: SaveChoice, force: bool) -> None:
        base = draft.template
        try:
            subject = to_jinja(choice.subject, base.lang, base.variables)
            saved = templates.save_user_template(base, choice.slug, choice.lang, choice.title,
                                                 draft.body, subject, force=force)
            found = templates.all_templates()
        except OutreachError as error:
            self.post_message(TemplateSaved(None, [], error.message))
            return
        self.post_message(TemplateSaved(saved, found))

    @on(TemplateSaved)
    def _template_saved(self, message: TemplateSaved) -> None:
        if message.template is None:
            self.notify(message.error, title=t("Template not saved"),
                        severity="error", markup=False)
            return
        self.found = message.found
        self._show_template(message.template)
        self._changed()
        self.notify(t("Template «{title}» saved as yours: {path}", title=message.template.title,
                      path=str(message.template.path)), markup=False, timeout=8)

    def action_attachments(self) -> None:
        def chosen(paths: tuple[str, ...] | None) -> None:
            if paths is not None and paths != self.attachments:
                self._set_attachments(paths)
                self._changed()
        self.app.push_screen(AttachmentsDialog(self.attachments), chosen)

    def _set_attachments(self, paths: tuple[str, ...]) -> None:
        self.attachments = paths
        self.query_one("#attachments-label", Label).update(
            t("Attachments: {count}", count=len(paths)) if paths else "")


def _kept_draft(db: sqlite_utils.Database, state: dict[str, object] | None) -> DraftFound:
    """The kept draft with its template and its chosen guardians still in the roster, each
    with the child meant while still theirs."""
    if state is None:
        return DraftFound(None, None, [], None)
    template = None
    if state.get("template"):
        try:
            template = templates.find(str(state["template"]))
        except OutreachError:
            template = None
    chosen = []
    meant = state.get("children")
    children = meant if isinstance(meant, dict) else {}
    for gid in state.get("chosen") or []:  # type: ignore[attr-defined]
        try:
            guardian = roster.get_guardian(db, int(gid))
        except (OutreachError, TypeError, ValueError):
            continue
        child = next((c for c in guardian.students if c.id == children.get(str(gid))), None)
        chosen.append(ChosenParent.of(guardian, child))
    saved_as = state.get("saved_as")
    if not isinstance(saved_as, int):
        return DraftFound(state, template, chosen, None)
    found = compose.message_states(db, [saved_as]).get(saved_as)
    return DraftFound(state, template, chosen, saved_as if found else None, gone_out=found in ("sending", "sent"))


def _back_words(message_id: int, edited: bool, gone_out: bool) -> str:
    """What the composer brought back after a restart: the saved message as it was left, or
    with changes not saved yet; a message gone out is said to be, and that a save is a new one."""
    if gone_out:
        return (t("Your changes to message {id} are back in the composer, not saved yet. Message {id} has already gone out, so ctrl+s saves them as a new message.", id=message_id)
                if edited else t("Message {id} is back in the composer; it has already gone out (its log: l), so changes you save become a new message.", id=message_id))
    return (t("Message {id} is back in the composer with your changes, not saved yet: ctrl+s saves them into it.", id=message_id)
            if edited else t("Message {id} is back in the composer, as you left it.", id=message_id))


def _store_draft(db: sqlite_utils.Database, state: dict[str, object] | None) -> None:
    if state is None:
        drafts.clear_draft(db)
    else:
        drafts.save_draft(db, state)


def sms_counter(sms: SmsLength) -> str:
    """The SMS counter on the preview's border: short enough for its half of 80 columns
    («СМС: 4 части, 212 знаков»); the plan line says it in full, with the encoding."""
    parts = tn("{n} part", "{n} parts", sms.parts)
    if sms.too_long:
        return t("SMS: {parts}, please shorten it", parts=parts)
    return t("SMS: {parts}, {chars}", parts=parts, chars=tn("{n} character", "{n} characters", sms.units))
