"""New parents' messages arrive while the app is open: every `POLL_SECONDS`, while a mailbox or
a bot is set up, a thread worker runs the same domain call as `outreach inbox fetch`; the app
says how many came and the Inbox, when shown, reloads. A failure is shown once, not every poll."""

from __future__ import annotations

from textual.app import App
from textual.worker import Worker

from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.inbox.fetch import FetchReport, fetch, sources_configured
from outreach_screens.store import Store

POLL_SECONDS = 60.0


class InboxWatch:
    def __init__(self, app: App[None], store: Store) -> None:
        self.app = app
        self.store = store
        self.failure: str | None = None
        self.worker: Worker[None] | None = None

    def start(self) -> None:
        self.app.set_interval(POLL_SECONDS, self.poll, name="inbox-watch")

    def poll(self) -> None:
        if self.worker is not None and not self.worker.is_finished:
            return  # a slow server: the running fetch goes on, none piles up behind it
        self.worker = self.app.run_worker(self._check, thread=True, group="inbox-watch", exit_on_error=False)

    def _check(self) -> None:
        try:
            with self.store.session() as db:
                if not sources_configured(db):
                    return
                report = fetch(db)
        except OutreachError as error:
            self._failed(error.message)
            return
        if report.problems:
            self._failed(" ".join(report.problems))
        else:
            self.failure = None
        self.app.call_from_thread(self._arrived, report)

    def _failed(self, message: str) -> None:
        if message != self.failure:
            self.failure = message
            self.app.call_from_thread(self.app.notify, message, severity="warning", markup=False)

    def _arrived(self, report: FetchReport) -> None:
        count = sum(report.new.values())
        if not count:
            return
        channels = ", ".join(f"{channel} {n}" for channel, n in sorted(report.new.items()))
        self.app.notify(t("New messages: {count} ({channels}). Not from parents in the roster: {unmatched}.", count=count, channels=channels, unmatched=report.unmatched),
                        markup=False)
        from outreach_screens.inbox.screen import InboxScreen

        if isinstance(self.app.screen, InboxScreen):
            self.app.screen.reload()
