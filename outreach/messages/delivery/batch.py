"""A message's pending deliveries read once, and the one rule that classifies each of them
now: go, defer until a time (quiet hours), or skip with a reason (no consent, opted out,
no address, forgotten, or an address another parent of the same child already takes: a
family's shared e-mail or phone gets one message, not one per parent). The plan, the dry
run and the send all read a `Batch`, in the rows' order; the send asks again for each row
at the moment it leaves (`Batch.recheck`).

Consent is judged when a delivery is attempted: a parent the message skipped when it was
planned (no consent then, or nothing reached them) is planned again when the teacher sends
it, once consent is recorded or a channel reaches them (`Batch(replan=True)`, the default;
the unattended `send-due` does not)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Literal, TypedDict

import sqlite_utils

from outreach.channels.preferences import Reach, reachability
from outreach.common import clock
from outreach.common.channel_names import (
    BROADCAST,
    FALLBACK,
    GUARDIAN_CHANNELS,
    PERSONAL,
    channel_label,
)
from outreach.common.i18n import t, tn
from outreach.messages import attachments as message_attachments
from outreach.messages.attachments import Loaded
from outreach.messages.compose import (
    NO_CHANNEL,
    audience_meant,
    broadcast_context,
    get_message,
    planned_channels,
    recipient_contexts,
)
from outreach.messages.delivery.senders import Letter, Row
from outreach.messages.templates import render
from outreach.settings.values import all_settings
from outreach.store.db import insert

# Personal channels that quiet hours hold back (a call list and a paper memo are not).
QUIET_CHANNELS = PERSONAL
Context = dict[str, object]
# Why a parent was skipped when the message was planned; both can change before it is sent.
REPLANNED = ("no_consent", "unreachable")
SHARED_ADDRESS = "shared_address"
"""Skipped: another parent of the message has the same address on the channel and their
row takes it (sent before, or going first)."""


PENDING = "(status = 'queued' OR (status = 'failed' AND retryable = 1))"
"""A delivery the message's next send takes: queued (held by quiet hours too), or failed and
worth another try."""

@dataclass(frozen=True)
class Verdict:
    """What to do with one pending row now: go, wait until a time, or skip with a reason."""

    action: Literal["go", "defer", "skip"]
    until: datetime | None = None
    reason: str = ""


def classify(reach: Reach | None, row: Row, when: datetime) -> Verdict:
    """Consent, opt-outs, addresses and quiet hours for one row at the moment `when`."""
    if row.guardian_id is None:
        return Verdict("go")
    if reach is None:
        return Verdict("skip", reason="forgotten")
    if not reach.consent:
        return Verdict("skip", reason="no_consent")
    if row.channel not in reach.channels:
        if row.channel in FALLBACK and row.channel in reach.fallback:
            return Verdict("go")
        return Verdict("skip", reason=reach.reason_on(row.channel))
    if row.channel in QUIET_CHANNELS and reach.quiet.contains(when):
        return Verdict("defer", until=reach.quiet.ends_after(when))
    return Verdict("go")


class Batch:
    """The message, its pending rows (queued, or failed and retryable) and one `Reach` per
    parent of its audience; render contexts are made when a text is first rendered. With
    `replan`, the parents skipped when it was planned whom it can reach now are pending too:
    on the skipped row (its first channel) and on rows not stored yet (negative ids) until
    `keep_replanned` stores them."""

    def __init__(self, db: sqlite_utils.Database, message_id: int, moment: datetime | None = None,
                 replan: bool = True):
        self.db = db
        self.message = get_message(db, message_id)
        self.moment = moment
        self.rows = [Row(*r) for r in db.execute(
            f"SELECT id, guardian_id, channel FROM deliveries WHERE message_id = ? AND {PENDING} ORDER BY id",
            [message_id])]
        audience = [g for (g,) in db.execute(
            "SELECT DISTINCT guardian_id FROM deliveries WHERE message_id = ? AND guardian_id IS NOT NULL",
            [message_id])]
        self.reach = self._reachability(audience) if audience else {}
        self.settings = all_settings(db)
        self._taken = self._addresses_taken()
        self._children: dict[int, set[int]] | None = None  # read when two parents share an address
        self._replanned: set[int] = set()  # the skipped rows among `rows`, and the new ones (< 0)
        if replan and self.message.family is None:
            self._replan()

    def _replan(self) -> None:
        for row_id, guardian_id in self.db.execute(
                "SELECT id, guardian_id FROM deliveries WHERE message_id = ? AND status = 'skipped'"
                f" AND channel = ? AND error IN ({', '.join('?' * len(REPLANNED))}) ORDER BY id",
                [self.message.id, NO_CHANNEL, *REPLANNED]):
            reach = self.reach.get(guardian_id)
            for n, channel in enumerate(planned_channels(reach, self.message.mode) if reach and reach.consent else []):
                new_id = row_id if not n else -len(self._replanned) - 1
                self._replanned.add(new_id)
                self.rows.append(Row(new_id, guardian_id, channel))

    @property
    def replanned(self) -> int:
        """How many parents skipped when the message was planned are planned again."""
        return sum(1 for row_id in self._replanned if row_id > 0)

    def keep_replanned(self) -> int:
        """Store the replanned rows as queued: a skipped row takes its first channel, the
        others become rows of their own. Returns how many parents were planned again."""
        parents = self.replanned
        if not self._replanned:
            return parents
        now = clock.now_iso()
        kept: list[Row] = []
        with self.db.atomic():
            for row in self.rows:
                if row.id < 0:
                    row = Row(insert(self.db, "INSERT INTO deliveries(message_id, guardian_id, kind, channel, status,"
                                     " created_at, updated_at) VALUES (?, ?, 'personal', ?, 'queued', ?, ?)",
                                     [self.message.id, row.guardian_id, row.channel, now, now]),
                              row.guardian_id, row.channel)
                elif row.id in self._replanned:
                    self.db.execute("UPDATE deliveries SET channel = ?, status = 'queued', error = NULL,"
                                    " updated_at = ? WHERE id = ? AND status = 'skipped'", [row.channel, now, row.id])
                kept.append(row)
        self.rows = kept
        self._replanned.clear()
        return parents

    def _reachability(self, guardian_ids: list[int]) -> dict[int, Reach]:
        """The parents' reach; a message written to one parent alone may also go on its
        channels outside their order (`Reach.answer_on`)."""
        found = reachability(self.db, guardian_ids, self.moment)
        if self.message.family is not None:
            for reach in found.values():
                for row in self.rows:
                    reach.answer_on(row.channel)
        return found

    def verdict(self, row: Row, now: datetime | None = None) -> Verdict:
        """`classify`, and a row that may go skipped when another parent's row takes its
        address (the first to be judged going takes it)."""
        found = classify(self.reach.get(row.guardian_id) if row.guardian_id is not None else None, row,
                         now or self.moment or clock.now())
        if found.action == "skip" or row.guardian_id is None or not (key := self._address(row.guardian_id, row.channel)):
            return found
        owners = self._taken.setdefault(key, [])
        if row.guardian_id in owners:
            return found
        if any(self._family_of(owner) & self._family_of(row.guardian_id) for owner in owners):
            return Verdict("skip", reason=SHARED_ADDRESS)
        owners.append(row.guardian_id)  # (another family at the same address gets its own message: its child's)
        return found

    def _family_of(self, guardian_id: int) -> set[int]:
        """The guardian's children (their student ids)."""
        if self._children is None:
            self._children = {}
            for guardian, student in self.db.execute(
                    "SELECT guardian_id, student_id FROM student_guardians WHERE guardian_id IN"
                    " (SELECT guardian_id FROM deliveries WHERE message_id = ?)", [self.message.id]):
                self._children.setdefault(guardian, set()).add(student)
        return self._children.get(guardian_id, set())

    def _address(self, guardian_id: int, channel: str) -> tuple[str, str] | None:
        """Where the parent's row on a personal channel goes (an e-mail in any case), or None."""
        reach = self.reach.get(guardian_id)
        address = reach.addresses.get(channel, "").strip() if reach and channel in PERSONAL else ""
        return (channel, address.casefold() if channel == "email" else address) if address else None

    def _addresses_taken(self) -> dict[tuple[str, str], list[int]]:
        """The addresses the message's rows that left (or may have) went to, with their parents."""
        taken: dict[tuple[str, str], list[int]] = {}
        for guardian_id, channel in self.db.execute(
                "SELECT guardian_id, channel FROM deliveries WHERE message_id = ? AND guardian_id IS NOT NULL"
                " AND status IN ('sent', 'unknown', 'sending') ORDER BY id", [self.message.id]):
            if (key := self._address(guardian_id, channel)) is not None:
                taken.setdefault(key, []).append(guardian_id)
        return taken

    def recheck(self, row: Row) -> Verdict:
        """The verdict right before the row leaves, on the parent's settings as they are now
        (a long batch: quiet hours may have begun, consent may have been withdrawn)."""
        if row.guardian_id is not None:
            fresh = self._reachability([row.guardian_id])
            if row.guardian_id in fresh:
                self.reach[row.guardian_id] = fresh[row.guardian_id]
            else:
                self.reach.pop(row.guardian_id, None)
        return self.verdict(row, self.moment or clock.now())

    @cached_property
    def attachments(self) -> tuple[Loaded, ...]:
        """The message's files read now (OutreachError when one is gone or too big)."""
        return tuple(message_attachments.load(self.db, self.message.id))

    @cached_property
    def contexts(self) -> dict[int, Context]:
        guardians = {r.guardian_id for r in self.rows if r.guardian_id is not None}
        return recipient_contexts(self.db, guardians, self.message.base(self.settings), self.message.lang,
                                  audience_meant(self.message.audience))

    def letter(self, row: Row, external_id: str | None) -> Letter:
        reach = self.reach.get(row.guardian_id) if row.guardian_id is not None else None
        return Letter(row, reach.name if reach else "", reach.addresses.get(row.channel, "") if reach else "",
                      external_id, lambda: self.render(row.guardian_id))

    def render(self, guardian_id: int | None) -> tuple[str, str]:
        """(subject, Markdown body) for one parent, or the broadcast version for None."""
        context = (self.contexts[guardian_id] if guardian_id is not None
                   else broadcast_context(self.message.base(self.settings), self.message.lang))
        subject = render(self.message.subject or self.message.title, context).strip()
        return subject, render(self.message.body, context)


class Plan(TypedDict):
    """What `send` would do now (the `--json` of `outreach message plan`)."""

    message_id: int
    by_channel: dict[str, int]
    deferred: int
    deferred_until: dict[str, int]
    unreachable: list[int]
    no_consent: list[int]
    skipped: int
    shared_address: int
    statuses: dict[str, int]
    attachments: list[str]
    without_attachments: dict[str, int]


def plan(db: sqlite_utils.Database, message_id: int, moment: datetime | None = None) -> Plan:
    """Each pending row classified now: counted per channel (deferred ones too, with their
    times), skipped ones counted; the audience's unreachable parents (whom neither a channel
    nor a call or paper memo reaches: a parent planned for a call is counted under the call,
    not here too) and non-consenting ones; the attached files, and the rows on channels that
    go without them."""
    batch = Batch(db, message_id, moment)
    by_channel: Counter[str] = Counter()
    until: Counter[str] = Counter()
    skipped = deferred = shared = 0
    for row in batch.rows:
        verdict = batch.verdict(row)
        if verdict.action == "skip":
            skipped += 1
            shared += verdict.reason == SHARED_ADDRESS
            continue
        by_channel[row.channel] += 1
        if verdict.action == "defer" and verdict.until:
            deferred += 1
            until[verdict.until.isoformat(timespec="minutes")] += 1
    statuses = dict(db.execute("SELECT status, count(*) FROM deliveries WHERE message_id = ? GROUP BY 1",
                               [message_id]).fetchall())
    files = message_attachments.attachments_of(db, message_id)
    counted = {c: by_channel[c] for c in (*GUARDIAN_CHANNELS, *BROADCAST) if by_channel[c]}
    return Plan(message_id=message_id, by_channel=counted,
                deferred=deferred, deferred_until=dict(sorted(until.items())),
                unreachable=sorted(g for g, r in batch.reach.items()
                                   if r.consent and not planned_channels(r, batch.message.mode)),
                no_consent=sorted(g for g, r in batch.reach.items() if not r.consent),
                skipped=skipped, shared_address=shared, statuses=statuses, attachments=[f.name for f in files],
                without_attachments={c: n for c, n in counted.items()
                                     if files and c not in message_attachments.CARRIED_BY})


def nobody_reasons(document: Plan) -> list[str]:
    """Why a message has nobody to go to now, in the parents' words: no consent recorded,
    no channel reaching them (nothing when every parent can be reached)."""
    reasons = []
    if document["no_consent"]:
        reasons.append(t("Parents without a recorded consent to personal-data processing: {count}; once they give it, record it and send again: the message goes to them then.",
                         count=len(document["no_consent"])))
    if document["unreachable"]:
        reasons.append(t("Parents no channel reaches (no phone, e-mail or messenger): {count}; add a contact and send again.",
                         count=len(document["unreachable"])))
    return reasons


def count_status(db: sqlite_utils.Database, message_id: int, status: str) -> int:
    return int(db.execute("SELECT count(*) FROM deliveries WHERE message_id = ? AND status = ?",
                          [message_id, status]).fetchone()[0])



def plan_notes(document: Plan) -> list[str]:
    """The plan's words about parents sharing an address and about attached files."""
    shared = [tn("{n} parent shares an address with another parent of the message: one message goes to that address.",
                 "{n} parents share an address with another parent of the message: one message goes to each address.",
                 document["shared_address"])] if document["shared_address"] else []
    return shared + _attachment_lines(document)


def _attachment_lines(document: Plan) -> list[str]:
    """The plan's words about attached files: which, and which channels go without them."""
    if not document["attachments"]:
        return []
    lines = [t("Attachments: {files}.", files=", ".join(document["attachments"]))]
    if document["without_attachments"]:
        lines.append(t("Only e-mails carry the attachments; these go without them: {channels}.", channels=", ".join(
            f"{channel_label(c)} {n}" for c, n in document["without_attachments"].items())))
    return lines
