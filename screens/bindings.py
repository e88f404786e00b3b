"""Bindings declared with translation keys, translated per instance at construction."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from outreach.common.i18n import t


def localize_bindings(node: DOMNode) -> None:
    """Replace `tui.*` descriptions, tooltips and group titles of `node`'s bindings with their
    translation.

    BINDINGS are class attributes built at import time; the language is chosen later
    (by --lang), so each instance translates its own copy.
    """
    translated: dict[str, list[Binding]] = {}
    for key, bindings in node._bindings.key_to_bindings.items():
        translated[key] = [
            replace(binding, description=_tr(binding.description), tooltip=_tr(binding.tooltip),
                    group=binding.group and replace(binding.group,
                                                    description=_tr(binding.group.description)))
            for binding in bindings
        ]
    node._bindings = BindingsMap.from_keys(translated)


def _tr(text: str) -> str:
    return t(text) if text.startswith("tui.") or ".tui." in text else text


def binding_rows(*nodes: DOMNode) -> list[tuple[str, str]]:
    """(keys, description) for the described bindings of `nodes`, one row per action."""
    from textual.app import App  # noqa: PLC0415 - only for the key display

    rows: dict[tuple[int, str], tuple[list[str], str]] = {}
    for node in nodes:
        app: App = node.app
        for _key, binding in node._bindings:
            if not binding.description or binding.system or binding.id is None:
                continue
            slot = rows.setdefault((id(node), binding.action), ([], binding.description))
            shown = app.get_key_display(binding)
            if shown not in slot[0] and not _cyrillic(shown):
                slot[0].append(shown)
    return [(" ".join(keys), text) for keys, text in rows.values() if keys]


def _cyrillic(text: str) -> bool:
    """Russian-layout aliases (ф for a) work but are not listed."""
    return any("\u0400" <= char <= "\u04ff" for char in text)
