"""Following writes by other connections to the file: a script's import, a second terminal.

An invisible widget a screen composes: while the screen is shown (on top, or right under the
screen on top, such as the scoreboard under its projector) it asks `PRAGMA data_version` every
second for a list, several times a second for a live board (it costs microseconds and takes no
lock), and posts `FileWatch.Changed` when someone else wrote. The screen's own writes are
absorbed with `seen()`.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.widget import Widget

from outreach.store.watch import LIST_POLL_SECONDS, ChangeWatcher


class FileWatch(Widget):
    """Posts `Changed` (it bubbles to the screen) when another connection wrote to `path`."""

    DEFAULT_CSS = """
    FileWatch {
        display: none;
    }
    """

    class Changed(Message):
        """Another connection wrote to the file since the last look."""

    def __init__(self, path: Path, *, every: float = LIST_POLL_SECONDS) -> None:
        super().__init__()
        self.path = path
        self.every = every
        self._watcher: ChangeWatcher | None = None

    def on_mount(self) -> None:
        self._watcher = ChangeWatcher(self.path)
        self.set_interval(self.every, self._poll)

    def _poll(self) -> None:
        # only while shown: a hidden screen picks the change up when it comes back
        if self._watcher is not None and self.screen.is_current and self._watcher.changed():
            self.post_message(self.Changed())

    def seen(self) -> None:
        """The screen's own write is already on show: no `Changed` for it."""
        if self._watcher is not None:
            self._watcher.changed()

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
