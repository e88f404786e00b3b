"""The app's sections. Adding a section is one screen module plus one entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    Section("roster", "1", "tui.section.roster", "tui.section.roster.help", _roster),
    Section("channels", "2", "channels.tui.section", "channels.tui.section.help", _channels),
    Section("messages", "3", "messages.tui.section", "messages.tui.section.help", _messages),
    Section("surveys", "4", "surveys.tui.section", "surveys.tui.section.help", _surveys),
    Section("scoreboard", "5", "contest.tui.section", "contest.tui.section.help", _scoreboard),
    Section("inbox", "6", "inbox.tui.section", "inbox.tui.section.help", _inbox),
    Section("settings", "0", "settingsscreen.tui.section", "settingsscreen.tui.section.help", _settings),
)
