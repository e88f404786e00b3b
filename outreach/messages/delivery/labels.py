"""How a delivery's status and its recorded reason read in the interface language.

The database and `--json` keep the codes (`skipped`, `no_consent`); people see words. A
failure's error is already a sentence (from the SMTP or Telegram layer) and is shown as is;
a delivery whose outcome is unknown also says what to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sqlite_utils

from outreach.channels.preferences import Reach, reachability
from outreach.common.formats import show_moment
from outreach.common.i18n import N_, t
from outreach.common.value_words import Vocabulary
from outreach.messages.compose import LogRow, MessageSummary
from outreach.messages.replacement import replaced_by

_CHANNEL_REASONS = ("opted_out", "no_address", "telegram_not_linked", "no_consent", "unreachable", "shared_address")
_SEND_REASONS = ("forgotten", "not_reachable", "interrupted")

_MESSAGES_TUI_STATUS = {"queued": N_("queued"), "sending": N_("sending"), "sent": N_("sent"), "exported": N_("exported"), "failed": N_("failed"), "skipped": N_("skipped"), "unknown": N_("unknown whether it arrived")}

# a status typed by its code or its name («ошибка», «неудачные»)
STATUS_WORDS = Vocabulary({code: (name,) for code, name in _MESSAGES_TUI_STATUS.items()},
                          N_("Unknown status {typed}: use {known}."),
                          aliases={"failed": ("неудачные", "не доставлено"), "unknown": ("неизвестно",)})

_CHANNELS_REASON = {"opted_out": N_("opted out"), "no_address": N_("no address"), "telegram_not_linked": N_("only the username is known, no chat linked"), "no_consent": N_("no consent to personal-data processing"), "unreachable": N_("no channel can reach this parent: call or send a paper memo"), "shared_address": N_("the same address as another parent's: one message goes there"), "quiet_hours": N_("quiet hours: waits until {until}")}

_MESSAGES_REASON = {"forgotten": N_("the parent's data was erased"), "not_reachable": N_("this channel does not reach the parent now"), "interrupted": N_("sending was interrupted: it may or may not have arrived (message retry --unknown sends again)")}

_SENDDUE_STATE = {"draft": N_("draft"), "scheduled": N_("scheduled"), "sending": N_("sending"), "sent": N_("sent")}


def log_names(db: sqlite_utils.Database, rows: Iterable[Mapping[str, object]]) -> dict[int, str]:
    """The names of the guardians in rows of `compose.delivery_log`, by id."""
    ids = {int(str(row["guardian_id"])) for row in rows if row["guardian_id"] is not None}
    return {gid: reach.name for gid, reach in reachability(db, ids).items()}


def recipient(row: Mapping[str, object], names: Mapping[int, str]) -> str:
    """Who a log row went to: the guardian's name (#id once forgotten), or the broadcast."""
    gid = row["guardian_id"]
    if gid is None:
        return t("(broadcast)")
    return names.get(int(str(gid)), f"#{gid}")


def status_label(status: str) -> str:
    return STATUS_WORDS.shown(status)


def reason_text(error: str | None) -> str:
    """A skip or interruption code as words; any other recorded error unchanged."""
    if not error:
        return ""
    if error in _CHANNEL_REASONS:
        return t(_CHANNELS_REASON[error])
    if error in _SEND_REASONS:
        return t(_MESSAGES_REASON[error])
    if (message_id := replaced_by(error)) is not None:
        return t("replaced by message {id}", id=message_id)
    return error


def channel_state(reach: Reach, channel: str) -> str:
    """A channel of the parent's order in words, as the send plan sees it: reachable, or why
    not (no consent before the channel's own state), with an opt-out that lies behind it."""
    reason = reach.reason_on(channel)
    if not reason:
        return t("reachable")
    if channel in reach.opted_out and reason != "opted_out":
        return f"{reason_text(reason)}; {reason_text('opted_out')}"
    return reason_text(reason)


def row_note(row: LogRow) -> str:
    """The log's reason for a row of `compose.delivery_log`: for an unknown outcome, also
    what to check (the e-mail's Message-ID, the Telegram or MAX parts delivered) and how to resend."""
    error = row["error"]
    text = reason_text(error or None)
    if row["status"] != "unknown":
        return text
    notes = [text, _what_to_check(row)]
    if error != "interrupted":  # that reason already says how to resend
        notes.append(t("`message retry --unknown` sends it again"))
    return "; ".join(note for note in notes if note)


def row_moment(row: LogRow) -> str:
    """The log's «when» of a row: when it went, when a held one is due, or when a failed or
    in-doubt one was tried (not the end of the quiet hours it once waited for)."""
    moment: str | None
    if row["sent_at"]:
        moment = row["sent_at"]
    elif row["status"] == "queued":
        moment = row["not_before"]
    elif row["status"] in ("failed", "unknown"):
        moment = row["updated_at"]
    else:
        moment = None
    return show_moment(moment)


# A messenger's hint for a delivery in doubt: (nothing recorded, some parts delivered)
_MESSENGER_CHECKS = {"telegram": (N_("ask the parent whether it came in Telegram"), N_("parts delivered: {parts}; ask the parent whether the rest came in Telegram")),
                     "max": (N_("ask the parent whether it came in MAX"), N_("parts delivered: {parts}; ask the parent whether the rest came in MAX"))}


def _what_to_check(row: LogRow) -> str:
    if row["channel"] == "email" and row["external_id"]:
        return t("look up Message-ID {id} in the mail server's log", id=row["external_id"])
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
    return t("waiting for quiet hours to end") if status == "deferred" else status_label(status)


def state_label(message: MessageSummary) -> str:
    """A message's state in words; a scheduled one says when it goes."""
    state = message.status
    if state == "scheduled" and message.send_at:
        return t("scheduled for {when}", when=show_moment(message.send_at))
    return state_name(state)


def state_name(state: str) -> str:
    """A message state code (`draft`, `sent`) in words."""
    return t(_SENDDUE_STATE[state])
