"""Turning failed workers into notifications, never a crash."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from outreach.common.crash_log import unexpected
from outreach.common.errors import OutreachError
from outreach.common.i18n import t


def describe(error: BaseException | None) -> str:
    """One clear, translated sentence for a failure."""
    if isinstance(error, OutreachError):
        return error.message
    if isinstance(error, OSError):
        return t("File error: {reason}.", reason=error.strerror or str(error))
    return unexpected(error) if error is not None else t("Internal error ({kind}). Please report it.", kind="None")


def notify_failure(node: DOMNode, event: Worker.StateChanged) -> bool:
    """Notify about a worker that ended in error; returns whether it did."""
    if event.state is not WorkerState.ERROR:
        return False
    error = event.worker.error
    node.log.error(f"worker {event.worker.name!r} failed: {error!r}")
    node.app.notify(describe(error), title=t("Error"), severity="error", timeout=8,
                    markup=False)
    return True
