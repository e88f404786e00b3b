"""The teacher's messages as a list: schedule one for a time, duplicate one for another
audience ("the same to 10Б"), delete a draft. Listing and states live in `compose`."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.formats import show_moment
from outreach.common.i18n import N_, t, tn
from outreach.messages import attachments as message_attachments
from outreach.messages import compose, rsvp
from outreach.messages.delivery import batch
from outreach.messages.delivery.labels import state_name
from outreach.messages.templates import Template
from outreach.store import audit


def _editable(db: sqlite_utils.Database, message_id: int, refusal: str) -> None:
    compose.get_message(db, message_id)
    state = compose.message_state(db, message_id)
    if state not in ("draft", "scheduled"):
        raise OutreachError(t(refusal, id=message_id, state=state_name(state)))


def schedule(db: sqlite_utils.Database, message_id: int, when: datetime | None) -> None:
    """Set the time a message not sent yet goes out (`None`: back to a draft). A time that
    has passed is refused: it would go at once, which the teacher did not ask for."""
    if when is not None and when <= clock.now():
        raise OutreachError(t("The time {when} has already passed: choose a time in the future (or send the message now).", when=show_moment(when)))
    stamp = when.isoformat(timespec="minutes") if when else None
    with db.atomic():
        _editable(db, message_id, N_("Message {id} is {state}: only a message nothing of which has gone out can be scheduled."))
        db.execute("UPDATE messages SET send_at = ? WHERE id = ?", [stamp, message_id])
        audit.record(db, "schedule", "message", message_id, {"send_at": stamp})


def quiet_note(db: sqlite_utils.Database, message_id: int, when: datetime) -> str:
    """What quiet hours hold back of a message sent at `when`, in a sentence per end of the
    window («Это тихие часы: 2 личных сообщения уйдут завтра в 08:00.»); "" when nothing."""
    waits = batch.plan(db, message_id, when)["deferred_until"]
    return " ".join(tn("That is within quiet hours: {n} personal message will go {when}.",
                       "That is within quiet hours: {n} personal messages will go {when}.", count,
                       when=show_moment(until)) for until, count in waits.items())


def duplicate(db: sqlite_utils.Database, message_id: int, audience: list[str]) -> int:
    """A new draft with the same text, values, mode and attached files for `audience`,
    planned afresh (consent and channels as they are now); its public posts (site, VK
    group…) only for everyone again: a class's copy or a reminder would post them twice."""
    message = compose.get_message(db, message_id)
    source = Template(slug=message.template, lang=message.lang, title=message.title,
                      body=message.body, subject=message.subject)
    audience = audience or ["all"]
    new_id = compose.create_message(db, source, audience=audience, values=message.variables,
                                    mode=message.mode, broadcast=message.broadcast if audience == ["all"] else [],
                                    attachments=[a.path for a in message_attachments.attachments_of(db, message_id)])
    audit.record(db, "duplicate", "message", new_id, {"from": message_id})
    return new_id


def delete_draft(db: sqlite_utils.Database, message_id: int) -> str:
    """Delete a message nothing of which has gone out (a draft or a scheduled one); the words
    saying so name it (a mistyped number shows at once)."""
    with db.atomic():
        _editable(db, message_id, N_("Message {id} is {state}: only a draft can be deleted (its delivery log is kept)."))
        title = compose.get_message(db, message_id).title
        db.execute("DELETE FROM messages WHERE id = ?", [message_id])
        audit.record(db, "delete", "message", message_id)
    return t("Draft {id} «{title}» deleted.", id=message_id, title=title)


def remind_silent(db: sqlite_utils.Database, message_id: int) -> tuple[int, list[int]]:
    """A new draft of the invitation to the parents who did not answer, its buttons feeding
    the invitation's own tally: (its id, their guardian ids). Nothing is sent: the teacher
    sends it as any draft."""
    invitation = rsvp.buttons_for(db, message_id) or message_id
    silent = [p.guardian_id for p in rsvp.tally(db, invitation).people if p.answer is None]
    if not silent:
        raise OutreachError(t("Every parent of message {id} has answered: no reminder needed.", id=invitation))
    new_id = duplicate(db, invitation, [f"guardian:{gid}" for gid in silent])
    rsvp.ask(db, new_id, invitation=invitation)
    return new_id, silent
