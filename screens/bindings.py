"""Bindings declared in English (marked with `N_`), translated where they are shown.

BINDINGS are class attributes built at import time, while the language is chosen later (by
--lang, or per test), so descriptions stay English msgids (`N_("Cancel")`) in the bindings
themselves. Every screen of the app derives from `LocalizedScreen` or `LocalizedModalScreen`,
whose public `active_bindings` (what the footer and Textual's key panel show) carry the
translated texts; `binding_rows` translates the help screen's rows the same way.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar

from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen, Screen

from outreach.common.i18n import N_, NP_, t

ResultT = TypeVar("ResultT")


class LocalizedScreen(Screen[ResultT]):
    """A screen whose active bindings are described in the interface language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return {key: _translate_active(active) for key, active in super().active_bindings.items()}


class LocalizedModalScreen(LocalizedScreen[ResultT], ModalScreen[ResultT]):
    """A modal screen whose active bindings are described in the interface language."""


def translate(binding: Binding) -> Binding:
    """`binding` with its description, tooltip and group title translated."""
    group = binding.group and replace(binding.group, description=_tr(binding.group.description))
    return replace(binding, description=_tr(binding.description), tooltip=_tr(binding.tooltip),
                   group=group)


def _translate_active(active: ActiveBinding) -> ActiveBinding:
    return active._replace(binding=translate(active.binding), tooltip=_tr(active.tooltip))


def _tr(text: str) -> str:
    return t(_TEXTUAL.get(text, text))


# Textual's own binding descriptions that reach a footer (a Select's open list), in our words
_TEXTUAL = {"Dismiss menu": N_("Close the list")}


# The names of keys as Textual displays them; Russian writes them as its keyboards and manuals
# do («Пробел», «Ввод», «Esc», «PgUp»), English keeps Textual's. Printed signs (↑, ⌫, /, ^s) stay.
_KEY_NAMES = {"space": NP_("key", "space"), "⏎": NP_("key", "⏎"), "enter": NP_("key", "enter"),
              "esc": NP_("key", "esc"), "tab": NP_("key", "tab"), "shift": NP_("key", "shift"),
              "home": NP_("key", "home"), "end": NP_("key", "end"), "pgup": NP_("key", "pgup"),
              "pgdn": NP_("key", "pgdn"), "del": NP_("key", "del"), "insert": NP_("key", "insert")}


def key_names(shown: str) -> str:
    """A key as Textual displays it ("space", "shift+c"), its names in the interface language:
    «Пробел», «Shift+C» (a letter after a modifier named with a capital is a capital too)."""
    parts = [t(_KEY_NAMES[part]) if part in _KEY_NAMES else part for part in shown.split("+")]
    if len(parts) > 1 and parts[-2][:1].isupper() and len(parts[-1]) == 1:
        parts[-1] = parts[-1].upper()
    return "+".join(parts)


def binding_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) for the described bindings that work where the focus is, one row
    per action: Textual's public `Screen.active_bindings` (the focused widget, its
    containers, the screen, the app; a key an inner one binds is its; an action its node's
    `check_action` does not allow right now is left out)."""
    rows: dict[tuple[int, str], tuple[list[str], str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or not binding.description or binding.system or binding.id is None:
            continue
        slot = rows.setdefault((id(active.node), binding.action), ([], _tr(binding.description)))
        shown = screen.app.get_key_display(binding)
        if shown not in slot[0] and not _cyrillic(shown):
            slot[0].append(shown)
    return [(" ".join(keys), text) for keys, text in rows.values() if keys]


def _cyrillic(text: str) -> bool:
    """Russian-layout aliases (ф for a) work but are not listed."""
    return any("\u0400" <= char <= "\u04ff" for char in text)
