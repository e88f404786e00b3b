"""The app's stylesheet: Textual's, parsed again only as far as its sources or variables changed.

Textual re-parses every CSS source, from nothing, each time it refreshes the CSS or a screen
brings a CSS file: two or three times when a section is first shown and once more on the next
visit, though the theme's variables have not changed since the last parse. This stylesheet
keeps the rules it has when nothing changed, parses only a new source when one came (its
parse cache holds the others, parsed with the same variables), and re-parses everything, as
Textual does, when the variables changed (another theme).

"""

from __future__ import annotations

from textual.css.stylesheet import CssSource, Stylesheet
from textual.css.types import CSSLocation

_Parsed = tuple[dict[CSSLocation, CssSource], dict[str, str]]


class SettledStylesheet(Stylesheet):
    """A `Stylesheet` whose `reparse` and `set_variables` do only what changed requires."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._variables_set = dict(variables or {})
        self._parsed: _Parsed | None = None  # (sources, variables) of the rules held

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables != self._variables_set:  # (the same ones would only empty the caches)
            super().set_variables(variables)
            self._variables_set = dict(variables)

    def parse(self) -> None:
        super().parse()
        self._parsed = self._now()

    def reparse(self) -> None:
        if self._parsed is None or self._parsed[1] != self._variables_set:
            super().reparse()
            self._parsed = self._now()
        elif self._parsed[0] != self.source:
            self.parse()

    def _now(self) -> _Parsed:
        return dict(self.source), self._variables_set
