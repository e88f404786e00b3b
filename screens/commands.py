"""Command palette entries for the sections, found by their English or Russian name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from outreach.i18n import LANGUAGES, t

from .sections import SECTIONS

if TYPE_CHECKING:
    from .app import OutreachApp


class SectionCommands(Provider):
    """One command per section; any language's name of the section finds it."""

    @property
    def outreach_app(self) -> OutreachApp:
        return cast("OutreachApp", self.app)

    def _commands(self) -> list[tuple[str, list[str], str, partial[None]]]:
        commands = []
        for section in SECTIONS:
            title = t(section.title_key)
            names = [title, *(t(section.title_key, lang=lang) for lang in LANGUAGES)]
            callback = partial(self.outreach_app.show_section, section.id)
            commands.append((title, list(dict.fromkeys(names)), t(section.help_key), callback))
        return commands

    async def discover(self) -> Hits:
        for title, _names, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, names, help_text, callback in self._commands():
            scored = [(matcher.match(name), name) for name in names]
            score, name = max(scored)
            if score > 0:
                display = matcher.highlight(name)
                yield Hit(score, display, callback, text=name,
                          help=help_text if name == title else f"{title} · {help_text}")
