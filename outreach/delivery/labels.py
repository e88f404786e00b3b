"""How a delivery's status and its recorded reason read in the interface language.

The database and `--json` keep the codes (`skipped`, `no_consent`); people see words. A
failure's error is already a sentence (from the SMTP or Telegram layer) and is shown as is.
"""

from __future__ import annotations

from ..i18n import t

_CHANNEL_REASONS = ("opted_out", "no_address", "telegram_not_linked", "no_consent", "unreachable")
_SEND_REASONS = ("forgotten", "not_reachable", "interrupted")


def status_label(status: str) -> str:
    return t(f"messages.tui.status.{status}")


def reason_text(error: str | None) -> str:
    """A skip or interruption code as words; any other recorded error unchanged."""
    if not error:
        return ""
    if error in _CHANNEL_REASONS:
        return t(f"channels.reason.{error}")
    if error in _SEND_REASONS:
        return t(f"messages.reason.{error}")
    return error
