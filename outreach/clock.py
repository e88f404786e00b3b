"""The current time in one place, so tests can freeze it."""

from __future__ import annotations

from datetime import date, datetime


def now() -> datetime:
    return datetime.now().astimezone()


def now_iso() -> str:
    return now().isoformat(timespec="seconds")


def today() -> date:
    return now().date()
