"""Screens that follow writes by other connections to the file: a script's import, a second
terminal. `PRAGMA data_version` is asked every second while the screen is shown (it costs
microseconds and takes no lock); the screen's own writes are absorbed with `file_seen`."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from outreach.store.watch import LIST_POLL_SECONDS, ChangeWatcher


class FollowsFile(Screen[None]):
    """Call `follow_file` on mount; `file_changed` runs when someone else wrote."""

    _watcher: ChangeWatcher | None = None

    def follow_file(self, path: Path) -> None:
        self._watcher = ChangeWatcher(path)
        self.set_interval(LIST_POLL_SECONDS, self._poll_file)

    def _poll_file(self) -> None:
        # only while shown: a hidden screen picks the change up when it comes back
        if self._watcher is not None and self.is_current and self._watcher.changed():
            self.file_changed()

    def file_seen(self) -> None:
        """This screen's own write is already on show: no reload for it."""
        if self._watcher is not None:
            self._watcher.changed()

    def file_changed(self) -> None:
        raise NotImplementedError

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
