"""The current time, and waiting, in one place, so tests can freeze or skip them.

OUTREACH_NOW (an ISO moment, e.g. 2026-12-01T08:05+03:00) freezes the clock for a whole
process: tests run `outreach send-due` in child processes at a chosen time."""

from __future__ import annotations

import os
import time
from datetime import date, datetime


def now() -> datetime:
    frozen = os.environ.get("OUTREACH_NOW")
    if frozen:
        return datetime.fromisoformat(frozen).astimezone()
    return datetime.now().astimezone()


def now_iso() -> str:
    return now().isoformat(timespec="seconds")


def today() -> date:
    return now().date()


def sleep(seconds: float) -> None:
    """Wait (retry backoff, rate limits); tests replace it to run without waiting."""
    time.sleep(seconds)
