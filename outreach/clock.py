"""The current time, and waiting, in one place, so tests can freeze or skip them."""

from __future__ import annotations

import time
from datetime import date, datetime


def now() -> datetime:
    return datetime.now().astimezone()


def now_iso() -> str:
    return now().isoformat(timespec="seconds")


def today() -> date:
    return now().date()


def sleep(seconds: float) -> None:
    """Wait (retry backoff, rate limits); tests replace it to run without waiting."""
    time.sleep(seconds)
