"""`python -m bench.settings`: opening the Settings section (key 0) at 80×24, with the system
keyring answering at once and with one that takes `SLOW_KEYRING` seconds a read (a locked or
slow D-Bus secret service): how long until the screen is there (mounted), and until its form
is filled in. Figures are information: the screen must be there at once whatever the keyring."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from bench.run import Row, run_part

SIZE = (80, 24)
REPEATS = 5
SLOW_KEYRING = 0.5


def _keyring(delay: float) -> None:
    """Install a keyring backend that waits `delay` seconds on every read and holds nothing."""
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError, PasswordSetError

    class Waiting(KeyringBackend):
        priority = 1  # type: ignore[assignment]  # a classproperty in keyring; a number is read

        def get_password(self, service: str, username: str) -> str | None:
            time.sleep(delay)  # the secret service's answer, simulated
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            raise PasswordSetError("bench: read only")

        def delete_password(self, service: str, username: str) -> None:
            raise PasswordDeleteError("bench: read only")

    keyring.set_keyring(Waiting())


MOUNTED: list[float] = []
"""When the Settings screen was mounted (its `on_mount` ran), filled by the hook below."""


def _note_mounts() -> None:
    from outreach_screens.settings.screen import SettingsScreen

    on_mount = SettingsScreen.on_mount

    def noted(screen: SettingsScreen) -> None:
        MOUNTED.append(time.perf_counter())
        on_mount(screen)

    SettingsScreen.on_mount = noted  # type: ignore[method-assign]  # a bench's stopwatch


async def _open_settings(path: Path) -> tuple[float, float]:
    """Seconds from the key until the screen is mounted, and until its form is filled in."""
    from outreach_screens.app import make_app
    from outreach_screens.settings.screen import SettingsScreen

    MOUNTED.clear()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("0")
        while not (isinstance(app.screen, SettingsScreen) and app.screen.ready):
            await pilot.pause(0.002)
        await pilot.pause()
        return MOUNTED[0] - start, time.perf_counter() - start


def bench_settings(work: Path) -> list[Row]:
    from outreach.store import db as storage

    path = work / "settings.db"
    storage.open_db(path).close()
    _note_mounts()
    rows = []
    for delay, words in ((0.0, "keyring at once"), (SLOW_KEYRING, f"keyring {SLOW_KEYRING} s a read")):
        _keyring(delay)
        shown, filled = [], []
        for _ in range(REPEATS):
            figures = asyncio.run(_open_settings(path))
            shown.append(figures[0])
            filled.append(figures[1])
        rows.append(Row(f"open Settings (key 0), {words}: screen there vs form filled, median of {REPEATS}",
                        statistics.median(shown), statistics.median(filled), "ms"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.settings", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    run_part("settings", bench_settings, args.markdown)


if __name__ == "__main__":
    main()
