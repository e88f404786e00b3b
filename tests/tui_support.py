"""Driving the real app in Pilot tests: wait for workers (never sleep), open a section."""

from __future__ import annotations

import contextlib
import html
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual import events
from textual.app import App
from textual.keys import KEY_NAME_REPLACEMENTS
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import WorkerCancelled

from outreach_screens.messages.outbox import MessageListScreen
from outreach_screens.roster.import_wizard import ImportWizard
from outreach_screens.widgets.key_footer import KeyFooter

S = TypeVar("S", bound=Screen)
_IGNORED_GROUPS = {"_loader"}  # DirectoryTree keeps its loader worker running for ever


def _busy(pilot: Pilot) -> list:
    return [w for w in pilot.app.workers if not w.is_finished and w.group not in _IGNORED_GROUPS]


def _keys_held(pilot: Pilot) -> bool:
    """Whether the app's key gate still holds keys typed after a settling one (screens/key_gate.py)."""
    gate = getattr(pilot.app, "key_gate", None)
    return gate is not None and gate.held is not None


async def settle(pilot: Pilot) -> None:
    """Let messages and workers run until nothing is left to do."""
    for _ in range(20):
        await pilot.pause()
        busy = _busy(pilot)
        if not busy:
            if _keys_held(pilot):
                continue
            await pilot.pause()
            if not _busy(pilot) and not _keys_held(pilot):
                return
        else:
            with contextlib.suppress(WorkerCancelled):  # an exclusive worker a newer one replaced
                await pilot.app.workers.wait_for_complete(busy)


async def until(pilot: Pilot, condition: Callable[[], object], tries: int = 100) -> None:
    """Poll (with short pauses) until `condition()` holds: waits out debounces."""
    for _ in range(tries):
        await settle(pilot)
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition never held")


async def open_section(pilot: Pilot, key: str, kind: type[S]) -> S:
    """Press `key` and return the screen it opens (a section, a form, a dialog) once the
    workers are done."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind), screen
    return screen


async def open_message_list(pilot: Pilot, rows: int) -> MessageListScreen:
    """The messages list (m), once it shows `rows` messages."""
    await settle(pilot)
    pilot.app.show_message_list()  # type: ignore[attr-defined]
    await settle(pilot)
    listing = pilot.app.screen
    assert isinstance(listing, MessageListScreen)
    await until(pilot, lambda: listing.table.row_count == rows)
    return listing


async def wizard_checked(pilot: Pilot, path: Path) -> ImportWizard:
    """The roster's import wizard (i) with `path` typed into its first field, past what was
    recognised, on its third step: the problems and the counts of the dry run."""
    await open_section(pilot, "i", ImportWizard)
    wizard = pilot.app.screen
    assert isinstance(wizard, ImportWizard)
    pilot.app.focused.value = str(path)  # type: ignore[union-attr]  # the path field has the focus
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")  # what was recognised → the problems
    await until(pilot, lambda: wizard.report is not None)
    return wizard


async def paste(pilot: Pilot, text: str) -> None:
    """Paste `text` into the focused field as a terminal does (one bracketed paste, routed by
    the app like the driver's), then let the app settle: for tests about what a text does,
    not about typing it (a Pilot key press waits for the app to go idle, ≈ 0.1 s a key)."""
    pilot.app.post_message(events.Paste(text))
    await settle(pilot)


# The keys a terminal sends as named keys, with the character the driver gives each
_NAMED_KEYS = {"slash": "/", "tab": "\t", "shift+tab": None, "enter": "\r", "escape": "\x1b", "ctrl+s": "\x13",
               "left": None, "right": None, "up": None, "down": None, "home": None, "backspace": "\x7f",
               "ctrl+u": "\x15"}


def burst(app: App, *keys: str) -> None:
    """Keys as one read of the terminal brings them (`tmux send-keys "Ab" Tab "Cd"`, a fast
    typist, a macro, a loaded machine): all queued before the app handles any, as the driver
    posts them. A name of `_NAMED_KEYS` is that key, any other string its letters."""
    for part in keys:
        if part in _NAMED_KEYS:
            app.post_message(events.Key(part, _NAMED_KEYS[part]))
            continue
        for char in part:
            app.post_message(events.Key(_key_name(char), char))


def _key_name(char: str) -> str:
    """The key the driver names for a typed character: itself, or its Unicode name («.» is
    full_stop), with Textual's own replacements («/» is slash)."""
    if char.isalnum():
        return char
    name = unicodedata.name(char).lower().replace(" ", "_").replace("-", "_")
    return KEY_NAME_REPLACEMENTS.get(name, name)


def recorded_notifications(app: App, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every notification's text as the app posts it, kept: the app's own list drops one when
    its toast times out (5 s), which a loaded machine can take between two looks of `until`."""
    notes: list[str] = []
    notify = app.notify

    def notify_and_record(message: Any, *args: Any, **kwargs: Any) -> None:
        notes.append(str(message))
        notify(message, *args, **kwargs)

    monkeypatch.setattr(app, "notify", notify_and_record)
    return notes


def footer_text(screen: Screen) -> str:
    """The keys the screen's footer shows, as drawn ("n New · e Edit …" without the dots)."""
    return " ".join(key.text for key in screen.query_one(KeyFooter).shown_keys())


_SVG_TEXT = re.compile(r'<text class="[^"]*-r\d+" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')
_CELL_WIDTH, _LINE_HEIGHT, _FIRST_BASELINE = 12.2, 24.4, 20  # rich's export_svg geometry


def screen_lines(app: App) -> list[str]:
    """The text on the screen, one string per terminal line, read from the app's own SVG
    screenshot (App.export_screenshot: the public way to see what the terminal shows)."""
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for match in _SVG_TEXT.finditer(app.export_screenshot()):
        column = round(float(match[1]) / _CELL_WIDTH)
        row = round((float(match[2]) - _FIRST_BASELINE) / _LINE_HEIGHT)
        text = html.unescape(match[3]).replace("\xa0", " ").rstrip("\n")
        for offset, char in enumerate(text):
            if 0 <= row < height and 0 <= column + offset < width:
                grid[row][column + offset] = char
    return ["".join(line).rstrip() for line in grid]
