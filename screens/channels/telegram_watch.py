"""Parents who pressed Start under their link are linked, and «Приду / Не смогу» presses
recorded, while the app is open: every `POLL_SECONDS`, for each bot with a token (Telegram,
MAX), a thread worker runs the bots' updates service (outreach/inbox/updates.py, as
`outreach channels link-updates` / `link-max-updates` do) and the app says how many were
linked and answered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils
from textual.app import App
from textual.notifications import SeverityLevel
from textual.worker import Worker

from outreach.channels.max_api import max_config
from outreach.channels.telegram_api import telegram_config
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.inbox import updates
from outreach.settings.values import all_settings
from outreach_screens.store import Store

POLL_SECONDS = 30.0
BotResult = tuple[list[int], int]  # guardians linked, answers recorded


def _telegram(db: sqlite_utils.Database) -> BotResult:
    read = updates.read_telegram(db)
    return read.linked, read.answers


def _max(db: sqlite_utils.Database) -> BotResult:
    read = updates.read_max(db)
    return read.linked, read.answers


@dataclass(frozen=True)
class Bot:
    poll: Callable[[sqlite_utils.Database], BotResult]
    linked: Callable[[int], str]
    failed: Callable[[str], str]


BOTS = {
    "telegram": Bot(_telegram, lambda n: t("Telegram linked, parents: {count}", count=n),
                    lambda reason: t("Telegram links are not being picked up: {reason}", reason=reason)),
    "max": Bot(_max, lambda n: t("MAX linked, parents: {count}", count=n),
               lambda reason: t("MAX links and answers are not being picked up: {reason}", reason=reason)),
}


class TelegramWatch:
    """Polls the bots' updates in a thread; a bot's failure is shown once, not every poll."""

    def __init__(self, app: App[None], store: Store) -> None:
        self.app = app
        self.store = store
        self.failures: dict[str, str] = {}
        self.worker: Worker[None] | None = None

    def start(self) -> None:
        self.app.set_interval(POLL_SECONDS, self.poll, name="telegram-watch")

    def poll(self) -> None:
        if self.worker is not None and not self.worker.is_finished:
            return  # a slow Bot API: the running check goes on, none piles up behind it
        self.worker = self.app.run_worker(self._check, thread=True, group="telegram-watch",
                                          exit_on_error=False)

    def _check(self) -> None:
        with self.store.session() as db:
            settings = all_settings(db)
            configured = {"telegram": telegram_config(settings) is not None,
                          "max": max_config(settings) is not None}
            for name, bot in BOTS.items():
                if configured[name]:
                    self._bot(name, bot, db)

    def _bot(self, name: str, bot: Bot, db: sqlite_utils.Database) -> None:
        try:
            linked, answers = bot.poll(db)
        except OutreachError as error:
            if error.message != self.failures.get(name):
                self.failures[name] = error.message
                self._say(bot.failed(error.message), "warning")
            return
        self.failures.pop(name, None)
        if linked:
            self._say(bot.linked(len(linked)))
        if answers:
            self._say(t("Answers to invitations received: {count}", count=answers))

    def _say(self, text: str, severity: SeverityLevel = "information") -> None:
        self.app.call_from_thread(self.app.notify, text, severity=severity, markup=False)
