"""Save, plan and send a draft: the Messages section's plan line and progress bar, with the
workers behind them and the confirmation before a send.

The screen that owns the draft composes a `SendPanel` and is its `Composer`. The panel reports by
message, and the messages bubble on to the screen: `MessageSaved` (the draft is now message N)
and `SendFinished` (the send is over: show its log).
"""

from __future__ import annotations

from typing import Protocol

import sqlite_utils
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, ProgressBar
from textual.worker import Worker, WorkerState, get_current_worker

from outreach.common.errors import OutreachError
from outreach.common.i18n import t, t_fields, tn
from outreach.messages import compose
from outreach.messages.delivery import batch
from outreach.messages.delivery.preflight import unconfigured
from outreach.messages.delivery.send import send_message
from outreach.messages.replacement import not_gone_yet, replace_sent
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.failures import notify_failure
from outreach_screens.messages.draft import Draft, ShownPlan, held_until, plan_line
from outreach_screens.messages.events import (
    DraftRejected,
    MessageSaved,
    PlanReady,
    ReplaceAsked,
    SendFinished,
    SendProgress,
)
from outreach_screens.store import Store


class Composer(Protocol):
    """What the panel asks of the screen that owns it."""

    def draft(self) -> Draft | None:
        """The message as composed; None when there is nothing to save."""

    def show_problem(self, text: str) -> None:
        """Say why the draft cannot be saved ("" clears it)."""

    def plan_note(self, plan: ShownPlan) -> str:
        """A remark the composer adds to the plan line (the SMS length), or ""."""

    def focus_missing(self) -> None:
        """Put the focus in the first value the draft still needs, if one is missing."""


class SendPanel(Vertical):
    """The plan of the saved message (or the progress of its send); saves, plans and sends the
    composer's draft, asking before anything goes out."""

    DEFAULT_CSS = """
    SendPanel {
        height: auto;
    }
    """

    def __init__(self, store: Store, composer: Composer, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.composer = composer
        self.plan: ShownPlan | None = None
        self.saved: tuple[int, tuple[object, ...] | None] | None = None
        """The message the draft was last saved as, and the draft's snapshot then (None: edited
        since, as a restart brought it back); saving again saves into that message."""
        self.sending: Worker[None] | None = None

    # -- typed accessors ----------------------------------------------------------------

    @property
    def plan_label(self) -> Label:
        return self.query_one("#plan", Label)

    @property
    def progress(self) -> ProgressBar:
        return self.query_one("#progress", ProgressBar)

    # -- layout and state shown -----------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Label(t("Save (ctrl+s) to see the plan: counts per channel, deferred, unreachable, no consent."), id="plan", markup=False)
        yield ProgressBar(id="progress", show_eta=False)

    def on_mount(self) -> None:
        self.progress.display = False

    def show_saved_state(self) -> None:
        """Mark the plan stale when the draft changed since it was saved, or cannot be saved
        as it stands («a group» with none chosen)."""
        draft = self.composer.draft()
        if self.saved is None or draft is None:
            return
        stale = bool(draft.problem) or not self.saved_as_is(draft)
        self.plan_label.set_class(stale, "stale")

    def saved_as_is(self, draft: Draft) -> bool:
        """Whether `draft` is the message as last saved: nothing in it changed since."""
        return self.saved is not None and draft.snapshot == self.saved[1]

    # -- save, plan, send -----------------------------------------------------------------

    def save(self, then_send: bool = False) -> None:
        """Save the draft (into the message it was saved as, while nothing of that has gone
        out; else as a new message) and show its plan; then ask to send it if asked."""
        draft = self.composer.draft()
        if draft is None:
            self.composer.show_problem(t("The message is empty: write it in the editor (e) or choose a template (t)."))
            return
        self.plan_label.update(t("Checking the template for every recipient and saving…"))
        self._save(draft, self.saved[0] if self.saved else None, then_send)

    def forget_saved(self) -> None:
        """The composer holds another message now (a template was chosen): the next save
        makes a new message, and the plan shown is not its plan."""
        self.saved = self.plan = None
        self.plan_label.set_class(False, "stale")
        self.plan_label.update(t("Save (ctrl+s) to see the plan: counts per channel, deferred, unreachable, no consent."))

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-save")
    def _save(self, draft: Draft, editing: int | None, then_send: bool, replace: bool | None = None) -> None:
        """Store the draft; an edit of a message gone out with deliveries not gone yet first
        asks whether it replaces that message for them (`replace`: the answer)."""
        try:
            with self.store.session() as db:
                if editing is not None and replace is None and (waiting := _waiting(db, editing)):
                    self.post_message(ReplaceAsked(draft, editing, waiting, then_send))
                    return
                message_id, withdrawn = _store(db, draft, editing, replace=bool(replace))
                gone = editing if editing not in (None, message_id) and _gone_out(db, editing) else None
                left = not_gone_yet(db, gone) if gone is not None else 0
                plan = _plan(db, message_id)
        except OutreachError as error:
            self.post_message(DraftRejected(error.message))
            return
        self.post_message(MessageSaved(message_id, plan, draft.snapshot, then_send, edited=message_id == editing,
                                       gone_out=gone, left=left, withdrawn=withdrawn))

    @on(ReplaceAsked)
    def _ask_replace(self, message: ReplaceAsked) -> None:
        """Whether the new text replaces the old message for the parents it has not reached;
        the safe answer (focused, and Esc) keeps both, as an edit always did."""
        screen = ConfirmScreen(t("Message {id} has gone out", id=message.old), _replace_lines(message),
                               t("Does the new text replace message {id} for them?", id=message.old),
                               t("Replace"), cancel_label=t("Keep both"))

        def answered(replace: bool | None) -> None:
            self._save(message.draft, message.old, message.then_send, bool(replace))

        self.app.push_screen(screen, answered)

    @on(DraftRejected)
    def _rejected(self, message: DraftRejected) -> None:
        self.composer.show_problem(message.reason)
        self.composer.focus_missing()  # «fill in below: date»: what is typed next goes there
        self.plan_label.update(t("Save (ctrl+s) to see the plan: counts per channel, deferred, unreachable, no consent."))
        self.notify(message.reason, title=t("Not saved"), severity="error",
                    markup=False)

    @on(MessageSaved)
    def _saved(self, message: MessageSaved) -> None:
        self.saved = (message.message_id, message.snapshot)
        self._show_plan(message.message_id, message.plan)
        self.show_saved_state()
        self.notify(_saved_words(message), markup=False)
        if message.then_send:
            self.ask_to_send(message.message_id)

    def _show_plan(self, message_id: int, plan: ShownPlan) -> None:
        self.plan = plan
        note = self.composer.plan_note(plan)
        self.plan_label.update(f"#{message_id} · {plan_line(plan)}" + (f" · {note}" if note else ""))

    def replan(self) -> None:
        """Plan the saved message again (what changed in the roster and settings since)."""
        if self.saved is None:
            self.notify(t("Save the message first (ctrl+s); then its plan is shown."), severity="warning", markup=False)
            return
        self._prepare(self.saved[0], dry_run=False)

    def send(self) -> None:
        """Ask to send the draft: as saved when unchanged since, else saved anew first (which
        names what is missing: «a group» chosen with no group leaves the audience saved as
        before, and that was asked about instead)."""
        draft = self.composer.draft()
        if self.saved is not None and draft is not None and not draft.problem and self.saved_as_is(draft):
            self.ask_to_send(self.saved[0])
        else:
            self.save(then_send=True)

    def ask_to_send(self, message_id: int) -> None:
        """Try the send dry, then ask with what it would do; a yes sends."""
        self._prepare(message_id, dry_run=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="messages-plan")
    def _prepare(self, message_id: int, dry_run: bool) -> None:
        with self.store.session() as db:
            plan = _plan(db, message_id)
            report = send_message(db, message_id, dry_run=True) if dry_run else None
            if dry_run:
                plan.audience_words = compose.describe_audience(db, message_id)
                plan.counts = compose.delivery_counts(db, message_id)
        self.post_message(PlanReady(message_id, plan, report))

    @on(PlanReady)
    def _plan_ready(self, message: PlanReady) -> None:
        if self.saved is not None and self.saved[0] == message.message_id:
            self._show_plan(message.message_id, message.plan)
        report = message.report
        if report is None:
            return
        reasons = [m.reason for m in message.plan.unconfigured]
        later = report.deferred if report.replanned else 0  # parents skipped before, reachable now
        if not (report.sent or report.exported or later):
            self._nothing_now(message.message_id, message.plan, report.deferred, reasons)
            return
        screen = ConfirmScreen(t("Send message {id}", id=message.message_id),
                               "\n".join(_send_lines(message.plan, report.skipped - report.replanned, reasons,
                                                      report.deferred)),
                               _send_question(report.sent, report.exported, later), t("Send"))

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._start_send(message.message_id)

        self.app.push_screen(screen, confirmed)

    def _nothing_now(self, message_id: int, plan: ShownPlan, deferred: int,
                     reasons: list[str]) -> None:
        """Nothing would go now: no question, but why (what waits for quiet hours and until
        when, the channels not set up), or that nothing is left."""
        if deferred:
            self.notify(" ".join([t("Nothing of message {id} can go now: waiting for quiet hours to end: {count} (until {when}); they go by themselves then while outreach is open, or on the next send.",
                                    id=message_id, count=deferred, when=held_until(plan.found["deferred_until"])), *reasons]),
                        timeout=12, markup=False)
        elif reasons:
            self.notify(" ".join([*reasons, t("Nothing of message {id} was sent; set it up, or change the message's channels.",
                                              id=message_id)]),
                        title=t("Not sent"), severity="error", timeout=12,
                        markup=False)
        elif nobody := batch.nobody_reasons(plan.found):
            self.notify(" ".join([t("Nothing of message {id} can go now.", id=message_id), *nobody,
                                  t("Consent and contacts are in Roster (key 1): c records a consent, e edits a parent.")]),
                        title=t("Not sent"), severity="warning", timeout=15, markup=False)
        else:
            self.notify(t("Message {id} has nothing left to send.", id=message_id), markup=False)

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
            report = send_message(db, message_id, cancelled=lambda: worker.is_cancelled,
                                  progress=self._report_progress)
            counts = compose.delivery_counts(db, message_id)
        self.post_message(SendFinished(message_id, report, counts, worker.is_cancelled))

    def _report_progress(self, done: int, total: int) -> None:
        self.post_message(SendProgress(done, total))  # from the worker's thread: it is safe

    @on(SendProgress)
    def _send_progress(self, message: SendProgress) -> None:
        self.progress.update(total=message.total, progress=message.done)

    @on(SendFinished)
    def _send_finished(self, message: SendFinished) -> None:
        self._send_ended()
        report = message.report
        for problem in dict.fromkeys(report.problems):
            self.notify(problem, severity="warning", timeout=10, markup=False)
        done = t_fields("Message {id} in the log: sent {sent}, failed {failed}, waiting for quiet hours {deferred}, skipped {skipped}, written to files {exported}, unknown {unknown}, still queued {queued}.", {"id": message.message_id, **message.counts})
        if message.cancelled:
            done = t("Sending stopped.") + " " + done
        self.notify(done, markup=False, timeout=8)
        if report.folder:
            self.notify(t("Posts, lists and the memo are in {path}.", path=report.folder), markup=False, timeout=8)
        self._prepare(message.message_id, dry_run=False)

    def _send_ended(self) -> None:
        self.sending = None
        self.progress.display = False
        self.plan_label.display = True
        self.refresh_bindings()

    def cancel_send(self) -> None:
        """Ask the send in progress to stop before its next recipient."""
        if self.sending is not None:
            self.sending.cancel()
            self.notify(t("Stopping after the current delivery…"), markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is self.sending and event.state is WorkerState.ERROR:
            self._send_ended()
        notify_failure(self, event)


def _plan(db: sqlite_utils.Database, message_id: int) -> ShownPlan:
    """The domain's plan, the channels among it that are not set up, and the words about
    its attached files."""
    found = batch.plan(db, message_id)
    return ShownPlan(found, unconfigured(db, message_id), batch.plan_notes(found))


def _gone_out(db: sqlite_utils.Database, message_id: int) -> bool:
    return compose.message_state(db, message_id) in ("sending", "sent")


def _waiting(db: sqlite_utils.Database, message_id: int) -> int:
    """Deliveries not gone yet of a message gone out (0 for one that has not: an edit goes into it)."""
    return not_gone_yet(db, message_id) if _gone_out(db, message_id) else 0


def _store(db: sqlite_utils.Database, draft: Draft, editing: int | None, replace: bool) -> tuple[int, int | None]:
    """The draft stored: its message and, when it replaces `editing`, how many deliveries of
    that one were withdrawn for it (else None)."""
    if replace and editing is not None:
        done = replace_sent(db, editing, lambda heirs: draft.create(db, heirs=heirs))
        return done.message_id, done.withdrawn
    return draft.create(db, replacing=editing), None


def _replace_lines(asked: ReplaceAsked) -> str:
    """What the question whether an edit replaces a message gone out stands on."""
    return "\n".join([
        tn("Message {old} has gone out, but {n} of its deliveries has not gone yet (it waits for quiet hours to end or for its next send).",
           "Message {old} has gone out, but {n} of its deliveries have not gone yet (they wait for quiet hours to end or for its next send).",
           asked.left, old=asked.old),
        t("Replace: they are withdrawn (the log says «replaced by message N») and those parents get the new text instead."),
        t("Keep both: they still get the old text, and the new message too."),
    ])


def _send_lines(plan: ShownPlan, skipped: int, reasons: list[str], deferred: int) -> list[str]:
    """What the one question before a send stands on: who, the plan by channel, what waits
    for quiet hours and how it goes later, the channels not set up, and what is skipped
    (only when any; `skipped` is less the parents skipped before whom this send plans again)."""
    lines = [t("To: {audience}", audience=plan.audience_words), plan_line(plan), *reasons]
    if deferred:
        lines.append(t("Waiting for quiet hours to end: {count} (until {when}); they go by themselves then while outreach is open, or on the next send.",
                       count=deferred, when=held_until(plan.found["deferred_until"])))
    skipped += plan.counts["skipped"]
    if skipped:
        lines.append(t("Skipped (no consent, no channel, an address another parent has, erased): {count}", count=skipped))
    return lines


def _send_question(sent: int, exported: int, later: int = 0) -> str:
    """The one question before a send: what goes now, in words for what there is; or, when
    nothing goes now, whether the parents it skipped before go when quiet hours end (kept
    for then only by a send: until one, they stay skipped)."""
    if not (sent or exported):
        return tn("Send {n} message when quiet hours end?", "Send {n} messages when quiet hours end?", later)
    if not exported:
        return tn("Send {n} message now?", "Send {n} messages now?", sent)
    if not sent:
        return tn("Write {n} message to files now (posts, lists, memos)?",
                  "Write {n} messages to files now (posts, lists, memos)?", exported)
    return tn("Send {n} message now and write {exported} to files?",
              "Send {n} messages now and write {exported} to files?", sent, exported=exported)


def _saved_words(message: MessageSaved) -> str:
    """What saving did: a new message, the changes saved into the same one, or a new one
    because the one being edited has gone out meanwhile."""
    if message.edited:
        return t("Message {id} updated with your changes (no new message made). Nothing is sent until you send it (ctrl+g) and confirm.", id=message.message_id)
    if message.gone_out is not None:
        words = t("Message {old} has already gone out, so your changes are saved as a new message {id}. Nothing is sent until you send it (ctrl+g) and confirm.",
                  old=message.gone_out, id=message.message_id)
        if message.withdrawn is not None:
            return " ".join([words, _withdrawn_words(message.gone_out, message.withdrawn, message.message_id)])
        if message.left:  # the old text is still on its way to some parents
            words += " " + tn("Message {old} keeps its old text: {n} of its deliveries has not gone yet and still goes with it (when quiet hours end, or at its next send).",
                              "Message {old} keeps its old text: {n} of its deliveries have not gone yet and still go with it (when quiet hours end, or at its next send).",
                              message.left, old=message.gone_out)
            words += " " + t("Those of its parents whom the new message goes to as well get both texts.")
        return words
    return t("Message {id} saved. Nothing is sent until you send it (ctrl+g) and confirm.", id=message.message_id)


def _withdrawn_words(old: int, withdrawn: int, new: int) -> str:
    """What replacing message `old` by `new` withdrew (nothing: it had all gone meanwhile)."""
    if not withdrawn:
        return t("Nothing of message {old} was still waiting by then: everything it had has gone (or is on its way).", old=old)
    return tn("It replaces message {old}: {n} delivery not gone yet withdrawn («replaced by message {id}» in its log); its parent gets the new text instead.",
              "It replaces message {old}: {n} deliveries not gone yet withdrawn («replaced by message {id}» in its log); their parents get the new text instead.",
              withdrawn, old=old, id=new)
