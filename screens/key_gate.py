"""Keys typed after Enter, Escape, Ctrl+S or a command key wait until what that key set off is done.

Textual hands each key to the widget focused when the app takes it; what Enter or Escape
does (a binding, `Input.Submitted`, a form closing, the focus moving) happens later, as
messages travel up from that widget. Keys typed in one burst (a fast typist, a macro, one
read of a loaded terminal) had by then gone to the old field: «Ольга⏎x» saved «Ольгах»; the
letters typed after «c» (the roster's consent) went to the roster, not to the dialog it opens.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, WorkerError

from outreach_screens.focus import is_text_field

SETTLING_KEYS = frozenset({"enter", "escape", "ctrl+s"})  # what saves, submits or leaves
MAX_ROUNDS = 12
"""A bound on the rounds one key waits for (a widget posting messages without end)."""

Held = events.Key | events.Paste


class KeysWaitFor(Message):
    """To the app: the keys typed after this Enter (or command key) also wait for `worker`,
    a save whose answer moves the focus or clears the form (the next team's result goes into
    an empty form), or what a dialog loads before it takes keys."""

    def __init__(self, worker: Worker[Any]) -> None:
        super().__init__()
        self.worker = worker


class KeyGate:
    """Holds the keys and pastes the app takes after a settling key (see `settles`) until each
    widget from the focused one up to the app has handled what that key set off (rounds up that
    path, until one finds every queue empty), and any work a screen asked to wait for is done;
    then lets them go in their order, each to the widget focused then."""

    def __init__(self, app: App[None]) -> None:
        self.app = app
        self.held: list[Held] | None = None
        self.work: list[Worker[Any]] = []
        self.rounds = 0

    def holds(self, event: Held) -> bool:
        """Whether `event` waits (kept for later): a key before it is still being handled."""
        if self.held is None:
            return False
        self.held.append(event)
        return True

    def settles(self, event: Held) -> bool:
        """Whether the keys after `event` wait for it: Enter, Escape, Ctrl+S; any key taken
        outside a text field; and a key a text field binds itself (Backspace, Ctrl+U, Home).
        A binding runs once its key has travelled up to the app, and then acts on what is
        focused at that moment, as a screen reading a digit does: a Tab typed after it had
        already moved on («Space ↓ Space Tab» ticked the next question's options), and the
        letters a field inserts at once overtook it («Ивак⌫нов» read «Ивакно»). A letter typed
        into a field sets off nothing and does not wait."""
        if not isinstance(event, events.Key):
            return False
        if event.key in SETTLING_KEYS:
            return True
        focused = self.app.focused
        if not is_text_field(focused):
            return True
        if event.is_printable:
            return False
        active = self.app.active_bindings.get(event.key)
        return active is not None and active.enabled

    def taken(self) -> None:
        """A settling key has been handed on: the next keys wait."""
        self.held, self.work, self.rounds = [], [], 0
        self._round()

    def wait_for(self, worker: Worker[Any]) -> None:
        if self.held is not None:
            self.work.append(worker)

    def _round(self) -> None:
        if not self.app.screen_stack:  # the app is closing
            self._release()
            return
        self.rounds += 1
        start = self.app.focused or self.app.screen
        self._step(start.ancestors_with_self, quiet=True)

    def _step(self, path: list[DOMNode], quiet: bool) -> None:
        """Go on at the next node of `path` once it has handled what it holds now (a node
        that is closing is passed); after the last one (the app), end the round."""
        for index, node in enumerate(path):
            busy = node.message_queue_size > 0
            if node.call_later(self._step, path[index + 1:], quiet and not busy):
                return
        self._round_done(quiet)

    def _round_done(self, quiet: bool) -> None:
        work = [worker for worker in self.work if not worker.is_finished]
        self.work = []
        if work:
            self.app.run_worker(self._after(work), group="key-gate", exit_on_error=False)
        elif quiet or self.rounds >= MAX_ROUNDS:
            self._release()
        else:
            self._round()

    async def _after(self, work: list[Worker[Any]]) -> None:
        for worker in work:
            with suppress(WorkerError):  # a failed save is the screen's to tell
                await worker.wait()
        self._round()

    def _release(self) -> None:
        held, self.held = self.held or [], None
        for event in held:
            self.app.post_message(events.Key(event.key, event.character) if isinstance(event, events.Key)
                                  else events.Paste(event.text))
