"""The app's sections. Adding a section is one screen module plus one entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.common.i18n import N_

if TYPE_CHECKING:
    from textual.screen import Screen

    from outreach_screens.store import Store


@dataclass(frozen=True)
class Section:
    """A top-level part of the app: a mode with its own screen, key and palette entry."""

    id: str
    key: str
    title_key: str
    help_key: str
    factory: Callable[[Store], Screen]


def _roster(store: Store) -> Screen:
    from outreach_screens.roster.screen import RosterScreen

    return RosterScreen(store)


def _channels(store: Store) -> Screen:
    from outreach_screens.channels.screen import ChannelsScreen

    return ChannelsScreen(store)


def _scoreboard(store: Store) -> Screen:
    from outreach_screens.contest.scoreboard import ScoreboardScreen

    return ScoreboardScreen(store)


def _messages(store: Store) -> Screen:
    from outreach_screens.messages.screen import MessagesScreen

    return MessagesScreen(store)


def _surveys(store: Store) -> Screen:
    from outreach_screens.surveys.screen import SurveysScreen

    return SurveysScreen(store)


def _inbox(store: Store) -> Screen:
    from outreach_screens.inbox.screen import InboxScreen

    return InboxScreen(store)


def _settings(store: Store) -> Screen:
    from outreach_screens.settings.screen import SettingsScreen

    return SettingsScreen(store)


SECTIONS: tuple[Section, ...] = (
    Section("roster", "1", N_("Roster"), N_("Parents and guardians: search, edit, consent, import, export"), _roster),
    Section("channels", "2", N_("Channels"), N_("Who an announcement reaches and how; each parent's channels"), _channels),
    Section("messages", "3", N_("Messages"), N_("Compose from a template, preview, plan, send; the delivery log"), _messages),
    Section("surveys", "4", N_("Surveys"), N_("Survey results, Forms imports and paper questionnaires"), _surveys),
    Section("scoreboard", "5", N_("Scoreboard"), N_("The family driving competition: live standings, result entry, projector"), _scoreboard),
    Section("inbox", "6", N_("Inbox"), N_("Parents' messages by e-mail and Telegram, with answers"), _inbox),
    Section("settings", "0", N_("Settings"), N_("Teacher and school, quiet hours, e-mail, Telegram bot, links"), _settings),
)
