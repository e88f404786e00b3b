"""`outreach` without a command opens the app over its database, with the cyclic collector
tuned for Textual's many short-lived objects (a tenth less CPU a keystroke)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from outreach.cli import main
from outreach_screens.app import OutreachApp


def test_no_command_runs_the_app_over_the_database_with_the_collector_tuned(
        cli, db_path: Path, default_collector: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def run(app: OutreachApp) -> None:  # in place of the terminal session
        seen["database"] = app.store.path
        seen["threshold"] = gc.get_threshold()
        seen["frozen"] = gc.get_freeze_count()

    monkeypatch.setattr(OutreachApp, "run", run)
    monkeypatch.setattr(main, "on_a_terminal", lambda: True)  # the runner's streams are no terminal
    result = cli()
    assert result.exit_code == 0, result.output
    assert seen["database"] == db_path
    assert seen["threshold"] == (10_000, 20, 20)
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 0
