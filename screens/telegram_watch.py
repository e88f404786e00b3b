"""Parents who pressed Start under their link are linked while the app is open: every
`POLL_SECONDS`, while a bot token is configured, a thread worker runs the same domain call as
`outreach channels link-updates` and the app says how many were linked."""

from __future__ import annotations

from textual.app import App
from textual.worker import Worker

from outreach.telegram_api import telegram_config
from outreach.errors import OutreachError
from outreach.i18n import t
from outreach.settings import all_settings
from outreach.telegram_link import link_updates

from .store import Store

POLL_SECONDS = 30.0


class TelegramWatch:
    """Polls the bot's getUpdates in a thread; a failure is shown once, not every poll."""

    def __init__(self, app: App[None], store: Store) -> None:
        self.app = app
        self.store = store
        self.failure: str | None = None
        self.worker: Worker[None] | None = None

    def start(self) -> None:
        self.app.set_interval(POLL_SECONDS, self.poll, name="telegram-watch")

    def poll(self) -> None:
        if self.worker is not None and not self.worker.is_finished:
            return  # a slow Bot API: the running check goes on, none piles up behind it
        self.worker = self.app.run_worker(self._check, thread=True, group="telegram-watch",
                                          exit_on_error=False)

    def _check(self) -> None:
        try:
            with self.store.session() as db:
                config = telegram_config(all_settings(db))
                if config is None:
                    return
                linked = link_updates(db, config)["linked"]
        except OutreachError as error:
            if error.message != self.failure:
                self.failure = error.message
                self.app.call_from_thread(self.app.notify, t("telegramlinks.tui.watch_failed", reason=error.message),
                                          severity="warning", markup=False)
            return
        self.failure = None
        if linked:
            self.app.call_from_thread(self.app.notify, t("telegramlinks.tui.linked", count=len(linked)),
                                      markup=False)
