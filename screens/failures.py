"""Turning failed workers into notifications, never a crash."""

from __future__ import annotations

from pathlib import Path

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from outreach.common.crash_log import unexpected
from outreach.common.errors import OutreachError, reason_of, storage_fault
from outreach.common.i18n import t


def describe(error: BaseException | None, database: Path | None = None) -> str:
    """One clear, translated sentence for a failure (`database`: the file SQLite failed on)."""
    if isinstance(error, OutreachError):
        return error.message
    if isinstance(error, OSError):
        return t("File error: {reason}.", reason=reason_of(error))
    fault = storage_fault(error, database) if error is not None else None
    if fault is not None:
        return fault
    return unexpected(error) if error is not None else t("Internal error ({kind}). Please report it.", kind="None")


def notify_failure(node: DOMNode, event: Worker.StateChanged) -> bool:
    """Notify about a worker that ended in error; returns whether it did."""
    if event.state is not WorkerState.ERROR:
        return False
    error = event.worker.error
    node.log.error(f"worker {event.worker.name!r} failed: {error!r}")
    store = getattr(node.app, "store", None)
    node.app.notify(describe(error, getattr(store, "path", None)), title=t("Error"), severity="error", timeout=8,
                    markup=False)
    return True
