"""A new text taking the place of a message that has gone out, for whom it has not reached yet.

The old message's deliveries its next send would take (queued — waiting for quiet hours to
end, for its next send — or failed and worth another try) are withdrawn: skipped, with the reason `replaced:N` (N the new message), and their parents
and broadcast channels go with the new message instead. A delivery in flight, sent, written
to a file or in doubt is not touched: it has left, or may have. While a send of the old message
is running (send-due, another window), nothing is replaced: it read its rows when it began.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.messages import compose
from outreach.messages.delivery.batch import PENDING
from outreach.messages.delivery.send import being_sent
from outreach.store import audit

REPLACED = "replaced:"
"""The recorded reason of a withdrawn delivery, before the number of the message replacing it."""


@dataclass(frozen=True)
class Waiting:
    """Whom a message has not reached yet: its queued deliveries' parents and broadcast channels."""

    guardians: list[int]
    broadcast: list[str]


@dataclass(frozen=True)
class Replacement:
    """What a replacement did: the new message, the one it replaces, how many deliveries of
    that one were withdrawn."""

    message_id: int
    replaced: int
    withdrawn: int


def waiting(db: sqlite_utils.Database, message_id: int) -> Waiting:
    """The parents and broadcast channels of the message's deliveries not gone yet."""
    rows = db.execute("SELECT DISTINCT guardian_id, kind, channel FROM deliveries"
                      f" WHERE message_id = ? AND {PENDING} ORDER BY 1, 3", [message_id]).fetchall()
    return Waiting(sorted({g for g, _, _ in rows if g is not None}),
                   [channel for _, kind, channel in rows if kind == "broadcast"])


def replace_sent(db: sqlite_utils.Database, old_id: int, create: Callable[[Waiting], int]) -> Replacement:
    """`create` stores the new message, given whom message `old_id` has not reached yet; in
    the same transaction the old one's deliveries still queued are withdrawn for it. Refused
    for a message nothing of which has gone out (edit or delete that one instead)."""
    compose.get_message(db, old_id)  # NotFound in words
    with db.atomic():
        state = compose.message_state(db, old_id)
        if state not in ("sending", "sent"):
            raise OutreachError(t("Message {id} has not gone out yet: nothing of it needs replacing; delete it (outreach message delete {id}) or edit it in the app.", id=old_id))
        if being_sent(db, old_id):  # that send read its rows when it began: it would still send them
            raise OutreachError(t("Message {id} is being sent right now; replace it once that send has finished.", id=old_id))
        new_id = create(waiting(db, old_id))
        withdrawn = db.execute(
            "UPDATE deliveries SET status = 'skipped', error = ?, retryable = 0, updated_at = ?"
            f" WHERE message_id = ? AND {PENDING}",
            [f"{REPLACED}{new_id}", clock.now_iso(), old_id]).rowcount
        audit.record(db, "replace", "message", old_id, {"by": new_id, "withdrawn": withdrawn})
    return Replacement(new_id, old_id, withdrawn)


def not_gone_yet(db: sqlite_utils.Database, message_id: int) -> int:
    """How many of the message's deliveries its next send would take: what a replacement withdraws."""
    found: int = db.execute(f"SELECT count(*) FROM deliveries WHERE message_id = ? AND {PENDING}",
                            [message_id]).fetchone()[0]
    return found


def replaced_by(error: str | None) -> int | None:
    """The message a delivery was withdrawn for, from its recorded reason (None: it was not)."""
    number = (error or "").removeprefix(REPLACED)
    return int(number) if error and error.startswith(REPLACED) and number.isdigit() else None
