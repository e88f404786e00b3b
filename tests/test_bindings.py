"""Binding descriptions are translated where shown: every app screen must be a LocalizedScreen."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.screen import Screen

import outreach_screens
from outreach_screens.bindings import LocalizedScreen


def test_every_app_screen_translates_its_bindings() -> None:
    screens: set[type[Screen[object]]] = set()
    for module_info in pkgutil.walk_packages(outreach_screens.__path__, "outreach_screens."):
        module = importlib.import_module(module_info.name)
        screens |= {value for _, value in inspect.getmembers(module, inspect.isclass)
                    if issubclass(value, Screen) and value.__module__ == module.__name__}
    untranslated = sorted(screen.__qualname__ for screen in screens
                          if not issubclass(screen, LocalizedScreen))
    assert len(screens) > 20
    assert untranslated == []
