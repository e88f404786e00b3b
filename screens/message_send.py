"""Save, plan and send a draft: the Messages section's workers, its confirmation and progress.

`MessagesScreen` builds on this: it supplies `draft()` and the widgets behind the accessors.
"""

from __future__ import annotations

import sqlite_utils
from textual import on, work
from textual.actions import SkipAction
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Label, ProgressBar
from textual.worker import Worker, WorkerState, get_current_worker

from outreach import compose
from outreach.delivery import batch
from outreach.delivery.preflight import Unconfigured, unconfigured
from outreach.delivery.send import send_message
from outreach.errors import OutreachError
from outreach.i18n import t

from .confirm import ConfirmScreen
from .failures import notify_failure
from .message_draft import Draft, plan_line
from .message_events import DraftRejected, MessageSaved, PlanReady, SendFinished, SendProgress
from .message_log import MessageLog
from .store import Store


class SendingScreen(Screen[None]):
    """A screen that saves a draft as a message, shows its plan, asks, sends and shows its log."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.problem = ""
        self.plan: dict[str, object] | None = None
        self.saved: tuple[int, tuple[object, ...]] | None = None
        self.sending: Worker[None] | None = None

    def draft(self) -> Draft | None:
        raise NotImplementedError

    # -- typed accessors ----------------------------------------------------------------

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

    # -- state shown -------------------------------------------------------------------

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

    def _show_log(self, message_id: int | None) -> None:
        self.views.current = "log"
        self.log_view.show_message(message_id)
        self.log_view.table.focus()
        self.refresh_bindings()

    # -- save, plan, send -----------------------------------------------------------------

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
                plan = _plan(db, message_id)
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
            plan = _plan(db, message_id)
            report = send_message(db, message_id, dry_run=True) if dry_run else None
            if dry_run:
                plan["audience_words"] = compose.describe_audience(db, message_id)
                plan["counts"] = compose.delivery_counts(db, message_id)
        self.post_message(PlanReady(message_id, plan, report))

    @on(PlanReady)
    def _plan_ready(self, message: PlanReady) -> None:
        if self.saved is not None and self.saved[0] == message.message_id:
            self._show_plan(message.message_id, message.plan)
        report = message.report
        if report is None:
            return
        missing: list[Unconfigured] = message.plan["unconfigured"]  # type: ignore[assignment]
        reasons = [m.reason for m in missing]
        if not (report.sent or report.exported or report.deferred):
            if reasons:
                self.notify(" ".join([*reasons, t("slipsmessages.preflight.nothing_sent",
                                                  id=message.message_id)]),
                            title=t("slipsmessages.send.refused"), severity="error", timeout=12,
                            markup=False)
            else:
                self.notify(t("messages.tui.send.nothing", id=message.message_id), markup=False)
            return
        counts: dict[str, int] = message.plan["counts"]  # type: ignore[assignment]
        lines = [t("slipsmessages.confirm.to", audience=message.plan["audience_words"]),
                 plan_line(message.plan),
                 t("slipsmessages.confirm.deferred", count=report.deferred),
                 t("slipsmessages.confirm.skipped", count=counts["skipped"] + report.skipped),
                 *reasons,
                 t("messages.cli.confirm", sent=report.sent, exported=report.exported,
                   deferred=report.deferred)]
        screen = ConfirmScreen(t("messages.tui.send.title", id=message.message_id),
                               "\n".join(lines), t("messages.tui.send.question"),
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
            counts = compose.delivery_counts(db, message_id)
        self.post_message(SendFinished(message_id, report, counts, worker.is_cancelled))

    @on(SendProgress)
    def _send_progress(self, message: SendProgress) -> None:
        self.progress.update(total=message.total, progress=message.done)

    @on(SendFinished)
    def _send_finished(self, message: SendFinished) -> None:
        self._send_ended()
        report = message.report
        for problem in dict.fromkeys(report.problems):
            self.notify(problem, severity="warning", timeout=10, markup=False)
        done = t("slipsmessages.totals", id=message.message_id, **message.counts)
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

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self.sending and event.state in (WorkerState.ERROR,):
            self._send_ended()
        notify_failure(self, event)


def _plan(db: sqlite_utils.Database, message_id: int) -> dict[str, object]:
    """The domain's plan, the channels among it that are not set up, and the words about
    its attached files."""
    found = batch.plan(db, message_id)
    return {**found, "unconfigured": unconfigured(db, message_id), "attachment_notes": batch.attachment_lines(found)}
