"""How a delivery's status and its recorded reason read in the interface language.

The database and `--json` keep the codes (`skipped`, `no_consent`); people see words. A
failure's error is already a sentence (from the SMTP or Telegram layer) and is shown as is;
a delivery whose outcome is unknown also says what to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sqlite_utils

from outreach.channels.preferences import reachability
from outreach.common.formats import show_moment
from outreach.common.i18n import t
from outreach.messages.compose import LogRow, MessageSummary

_CHANNEL_REASONS = ("opted_out", "no_address", "telegram_not_linked", "no_consent", "unreachable")
_SEND_REASONS = ("forgotten", "not_reachable", "interrupted")


def log_names(db: sqlite_utils.Database, rows: Iterable[Mapping[str, object]]) -> dict[int, str]:
    """The names of the guardians in rows of `compose.delivery_log`, by id."""
    ids = {int(str(row["guardian_id"])) for row in rows if row["guardian_id"] is not None}
    return {gid: reach.name for gid, reach in reachability(db, ids).items()}


def recipient(row: Mapping[str, object], names: Mapping[int, str]) -> str:
    """Who a log row went to: the guardian's name (#id once forgotten), or the broadcast."""
    gid = row["guardian_id"]
    if gid is None:
        return t("messages.tui.log.broadcast")
    return names.get(int(str(gid)), f"#{gid}")


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


def row_note(row: LogRow) -> str:
    """The log's reason for a row of `compose.delivery_log`: for an unknown outcome, also
    what to check (the e-mail's Message-ID, the Telegram or MAX parts delivered) and how to resend."""
    error = row["error"]
    text = reason_text(error or None)
    if row["status"] != "unknown":
        return text
    notes = [text, _what_to_check(row)]
    if error != "interrupted":  # that reason already says how to resend
        notes.append(t("deliverydoubt.check.retry"))
    return "; ".join(note for note in notes if note)


# A messenger's hint for a delivery in doubt: (nothing recorded, some parts delivered)
_MESSENGER_CHECKS = {"telegram": ("deliverydoubt.check.telegram", "deliverydoubt.check.telegram_parts"),
                     "max": ("maxsend.check.max", "maxsend.check.max_parts")}


def _what_to_check(row: LogRow) -> str:
    if row["channel"] == "email" and row["external_id"]:
        return t("deliverydoubt.check.email", id=row["external_id"])
    checks = _MESSENGER_CHECKS.get(str(row["channel"]))
    if checks:
        parts = row["parts"]
        if parts:
            numbers = ", ".join(str(part["part"]) for part in parts)
            return t(checks[1], parts=numbers)
        return t(checks[0])
    return ""


def count_label(status: str) -> str:
    """A `counts` key of `compose.list_messages` as words (queued rows held back are `deferred`)."""
    return t("senddue.count.deferred") if status == "deferred" else status_label(status)


def state_label(message: MessageSummary) -> str:
    """A message's state in words; a scheduled one says when it goes."""
    state = message.status
    if state == "scheduled" and message.send_at:
        return t("senddue.state.scheduled_at", when=show_moment(message.send_at))
    return t(f"senddue.state.{state}")
