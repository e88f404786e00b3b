"""How a delivery's status and its recorded reason read in the interface language.

The database and `--json` keep the codes (`skipped`, `no_consent`); people see words. A
failure's error is already a sentence (from the SMTP or Telegram layer) and is shown as is;
a delivery whose outcome is unknown also says what to check.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from outreach.common.i18n import t

_MESSAGES_TUI_STATUS = {"queued": "messages.tui.status.queued", "sending": "messages.tui.status.sending", "sent": "messages.tui.status.sent", "exported": "messages.tui.status.exported", "failed": "messages.tui.status.failed", "skipped": "messages.tui.status.skipped", "unknown": "messages.tui.status.unknown"}

_SENDDUE_STATE = {"draft": "senddue.state.draft", "scheduled": "senddue.state.scheduled", "scheduled_at": "senddue.state.scheduled_at", "sending": "senddue.state.sending", "sent": "senddue.state.sent"}

_CHANNELS_REASON = {"opted_out": "channels.reason.opted_out", "no_address": "channels.reason.no_address", "telegram_not_linked": "channels.reason.telegram_not_linked", "no_consent": "channels.reason.no_consent", "unreachable": "channels.reason.unreachable", "quiet_hours": "channels.reason.quiet_hours"}

_MESSAGES_REASON = {"forgotten": "messages.reason.forgotten", "not_reachable": "messages.reason.not_reachable", "interrupted": "messages.reason.interrupted"}

_CHANNEL_REASONS = ("opted_out", "no_address", "telegram_not_linked", "no_consent", "unreachable")
_SEND_REASONS = ("forgotten", "not_reachable", "interrupted")


def status_label(status: str) -> str:
    return t(_MESSAGES_TUI_STATUS[status])


def reason_text(error: str | None) -> str:
    """A skip or interruption code as words; any other recorded error unchanged."""
    if not error:
        return ""
    if error in _CHANNEL_REASONS:
        return t(_CHANNELS_REASON[error])
    if error in _SEND_REASONS:
        return t(_MESSAGES_REASON[error])
    return error


def row_note(row: Mapping[str, object]) -> str:
    """The log's reason for a row of `compose.delivery_log`: for an unknown outcome, also
    what to check (the e-mail's Message-ID, the Telegram or MAX parts delivered) and how to resend."""
    error = row.get("error")
    text = reason_text(str(error) if error else None)
    if row.get("status") != "unknown":
        return text
    notes = [text, _what_to_check(row)]
    if error != "interrupted":  # that reason already says how to resend
        notes.append(t("deliverydoubt.check.retry"))
    return "; ".join(note for note in notes if note)


# A messenger's hint for a delivery in doubt: (nothing recorded, some parts delivered)
_MESSENGER_CHECKS = {"telegram": ("deliverydoubt.check.telegram", "deliverydoubt.check.telegram_parts"),
                     "max": ("maxsend.check.max", "maxsend.check.max_parts")}


def _what_to_check(row: Mapping[str, object]) -> str:
    if row.get("channel") == "email" and row.get("external_id"):
        return t("deliverydoubt.check.email", id=row["external_id"])
    checks = _MESSENGER_CHECKS.get(str(row.get("channel")))
    if checks:
        parts = row.get("parts") or []
        if parts:
            numbers = ", ".join(str(part["part"]) for part in parts)  # type: ignore[attr-defined]
            return t(checks[1], parts=numbers)
        return t(checks[0])
    return ""


def count_label(status: str) -> str:
    """A `counts` key of `compose.list_messages` as words (queued rows held back are `deferred`)."""
    return t("senddue.count.deferred") if status == "deferred" else status_label(status)


def state_label(row: Mapping[str, object]) -> str:
    """A message's state in words; a scheduled one says when it goes."""
    state = str(row["status"])
    if state == "scheduled" and row.get("send_at"):
        when = datetime.fromisoformat(str(row["send_at"]))
        return t("senddue.state.scheduled_at", when=f"{when:%d.%m.%Y %H:%M}")
    return state_name(state)


def state_name(state: str) -> str:
    """A message state code (`draft`, `sent`) in words."""
    return t(_SENDDUE_STATE[state])
