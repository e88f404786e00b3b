"""Command palette entries for the sections (and the roster's students), found by their
English or Russian name."""

from __future__ import annotations

from collections.abc import Callable
from difflib import SequenceMatcher
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from outreach.common.i18n import LANGUAGES, N_, t
from outreach_screens.sections import SECTIONS

if TYPE_CHECKING:
    from outreach_screens.app import OutreachApp


ALIASES = {N_("Scoreboard"): (N_("Contest"),)}
"""Other names a teacher calls a section by: the scoreboard is «the contest» («Соревнование»)."""


class SectionCommands(Provider):
    """One command per section; any language's name of the section finds it."""

    @property
    def outreach_app(self) -> OutreachApp:
        return cast("OutreachApp", self.app)

    def _commands(self) -> list[tuple[str, list[str], str, Callable[[], None]]]:
        entries: list[tuple[str, str, Callable[[], None]]] = [
            (section.title_key, section.help_key, partial(self.outreach_app.show_section, section.id))
            for section in SECTIONS]
        entries.append((N_("Students"), N_("Every student by class, with their parents: rename, move, remove"), self.outreach_app.show_students))
        app = self.outreach_app
        entries.append((N_("New message"), N_("Messages: choose a template for a new message, or write your own (e)"),
                        partial(app.section_action, "messages", "new_message")))
        entries.append((N_("New survey"), N_("Surveys: create a survey from a template"),
                        partial(app.section_action, "surveys", "new")))
        entries.append((N_("Import roster…"), N_("Roster: the import wizard for a class list (CSV or Excel)"),
                        partial(app.section_action, "roster", "import")))
        entries.append((N_("Erase this class's data…"), N_("Roster: the class chosen in the filter leaves the school; erase its students and the parents with no child in another class (152-FZ)"),
                        app.erase_class))
        entries.append((N_("New contest"), N_("Create a contest from a preset: title, date, place"),
                        self._new_contest))
        entries.append((N_("Back up the database"), N_("Write a copy of the whole database to a file (Settings, ctrl+b)"), self.outreach_app.show_backup))
        entries.append((N_("Messages list"), N_("Every message with its state: search, open, duplicate, delete a draft"), self.outreach_app.show_message_list))
        commands = []
        for title_key, help_key, callback in entries:
            title = t(title_key)
            names = [title, *(t(key, lang=lang) for key in (title_key, *ALIASES.get(title_key, ()))
                              for lang in LANGUAGES)]
            commands.append((title, list(dict.fromkeys(names)), t(help_key), callback))
        return commands

    def _new_contest(self) -> None:
        from outreach_screens.contest.scoreboard import new_contest_from_anywhere

        new_contest_from_anywhere(self.outreach_app)

    async def discover(self) -> Hits:
        for title, _names, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(_folded(query))
        for title, names, help_text, callback in self._commands():
            scored = [(matcher.match(_folded(name)), name) for name in names]
            score, name = max(scored)
            if score > 0:
                display = matcher.highlight(name)
            else:  # a letter mistyped («сообшение»): found, below every exact match
                name = next((name for name in names if near(query, name)), "")
                score, display = 0.1, Content(name)
            if name:
                yield Hit(score, display, callback, text=name,
                          help=help_text if name == title else f"{title} · {help_text}")


def _folded(text: str) -> str:
    """«ё» typed or not finds the same: «Новое сообщение» by «новое», «Входящие» by «входящие»."""
    return text.casefold().replace("ё", "е")


def near(query: str, name: str) -> bool:
    """`query` is `name`, or the start of one of its words onwards, with a letter or two
    mistyped, missing or added (four letters typed at least)."""
    typed = _folded(query).strip()
    if len(typed) < 4:
        return False
    folded = _folded(name)
    starts = [0, *(i + 1 for i, char in enumerate(folded) if char == " ")]
    return any(SequenceMatcher(None, typed, folded[start:start + len(typed)]).ratio() >= 0.8
               for start in starts)


class HelpFallback(Provider):
    """The last line of every search: the help with all the keys. The palette thus never
    shows Textual's own English «No matches found» (it shows that only for an empty list)."""

    async def search(self, query: str) -> Hits:
        if query.strip():
            yield Hit(0.0, t("Not found? All the keys and sections"), cast("OutreachApp", self.app).action_help,
                      help=t("Opens the help (?)"))
