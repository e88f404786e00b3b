"""Channels: the catalogue, each guardian's preferences, and the reachability rule."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypedDict

import sqlite_utils

from outreach.common import clock
from outreach.common.channel_names import FALLBACK, GUARDIAN_CHANNELS, channel_label, parse_channel
from outreach.common.contacts import (
    NORMALIZERS,
    InvalidContact,
    email_question,
    reason_text,
    suspicious_domain,
)
from outreach.common.errors import NotFound, OutreachError
from outreach.common.i18n import t
from outreach.common.names import full_name
from outreach.common.quiet_hours import QuietHours
from outreach.settings.values import all_settings
from outreach.store import audit

ROSTER_FIELD = {"email": "email", "telegram": "telegram", "vk": "vk", "max": "max",
                "sms": "phone", "phone": "phone"}


def telegram_chat_id(address: str | None) -> bool:
    """A bot can write only to a numeric chat id, not to an @handle."""
    return address is not None and address.lstrip("-").isdigit()


@dataclass
class Preferences:
    """One guardian's channel settings as stored (explicit order may be empty)."""

    guardian_id: int
    order: list[str] = field(default_factory=list)
    opted_out: set[str] = field(default_factory=set)
    addresses: dict[str, str] = field(default_factory=dict)
    quiet_hours: str | None = None


@dataclass
class Reach:
    """What can carry a personal message to one guardian, and why not otherwise."""

    guardian_id: int
    consent: bool
    order: list[str]
    explicit: bool
    channels: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    quiet: QuietHours = field(default_factory=QuietHours)
    deferred_until: datetime | None = None
    name: str = ""
    addresses: dict[str, str] = field(default_factory=dict)
    fallback: set[str] = field(default_factory=set)
    opted_out: set[str] = field(default_factory=set)
    """`addresses`: per channel, the roster's overridden by the channel setting; `fallback`:
    the call or paper memo still open when no channel reaches them (not opted out, a phone,
    a child); `opted_out`: the channels they asked not to be written on, in the order or not."""

    @property
    def instead(self) -> str:
        """What carries a message when no channel does: a call before a paper memo, the first
        of `fallback` ("" when neither: nothing reaches them)."""
        return next((channel for channel in FALLBACK if channel in self.fallback), "")

    @property
    def now(self) -> list[str]:
        """Channels that may carry a message at the moment asked about."""
        return [] if self.deferred_until else self.channels

    @property
    def why_not(self) -> str:
        """The reason nothing can go now ('' when something can)."""
        if not self.consent:
            return "no_consent"
        if not self.channels:
            return "unreachable"
        return "quiet_hours" if self.deferred_until else ""

    def reason_on(self, channel: str) -> str:
        """Why `channel` carries no message to them, in the send plan's order: consent first,
        then the channel's own state (opted out, no address, bot not started); '' when it does."""
        if channel in self.channels:
            return ""
        if not self.consent:
            return "no_consent"
        return self.reasons.get(channel) or "not_reachable"

    def answer_on(self, channel: str) -> None:
        """Let `channel` carry a message written to this parent alone (an answer on the channel
        they wrote on) though it is not in their order; not when they opted out of it, it has
        no address or they gave no consent (its reason is then recorded)."""
        if channel in self.channels or channel in self.reasons:
            return
        problem = _channel_problem(channel, self.opted_out, self.addresses, has_child=True)
        if problem:
            self.reasons[channel] = problem
        elif self.consent:
            self.channels.append(channel)


class SuspiciousAddress(OutreachError):
    """An address for the e-mail channel at a slip of a common provider's domain (`suggestion`,
    the address as probably meant): set only when confirmed, as the roster's e-mail is."""

    def __init__(self, value: str, suggestion: str) -> None:
        self.value = value
        self.suggestion = suggestion
        self.question = email_question(value, suggestion)
        super().__init__(t("Address for {channel}: {question}", channel=channel_label("email"), question=self.question))


class PreferenceChanges(TypedDict, total=False):
    """What a form or a key press asks `set_preferences` to change (its keyword arguments)."""

    prefer: list[str]
    opt_out: list[str]
    opt_in: list[str]
    quiet: str
    addresses: dict[str, str]


def load_preferences(db: sqlite_utils.Database, guardian_id: int) -> Preferences:
    row = db.execute("SELECT quiet_hours FROM guardians WHERE id = ?", [guardian_id]).fetchone()
    if row is None:
        raise NotFound(t("There is no guardian with id {id}.", id=guardian_id))
    prefs = Preferences(guardian_id, quiet_hours=row[0])
    for channel, rank, out, address in db.execute(
        "SELECT channel, rank, opted_out, address FROM guardian_channels WHERE guardian_id = ?"
        " ORDER BY rank", [guardian_id]
    ):
        if rank is not None:
            prefs.order.append(channel)
        if out:
            prefs.opted_out.add(channel)
        if address:
            prefs.addresses[channel] = address
    return prefs


def _upsert(db: sqlite_utils.Database, guardian_id: int, channel: str, column: str, value: object) -> None:
    db.execute(
        f"INSERT INTO guardian_channels(guardian_id, channel, {column}) VALUES (?, ?, ?)"
        f" ON CONFLICT(guardian_id, channel) DO UPDATE SET {column} = excluded.{column}",
        [guardian_id, channel, value])


def set_preferences(db: sqlite_utils.Database, guardian_id: int, *, prefer: list[str] | None = None,
                    opt_out: Iterable[str] = (), opt_in: Iterable[str] = (),
                    quiet: str | None = None, addresses: dict[str, str] | None = None,
                    confirmed: bool = False) -> Preferences:
    """Validate everything first, then change it in one transaction. An e-mail address at a
    slip of a common provider's domain is refused (SuspiciousAddress) unless `confirmed` (the
    one kept is not asked about)."""
    stored = load_preferences(db, guardian_id)
    order = [parse_channel(c) for c in prefer] if prefer is not None else None
    outs = [parse_channel(c) for c in opt_out]
    ins = [parse_channel(c) for c in opt_in]
    if set(outs) & set(ins):
        raise OutreachError(t("A channel cannot be opted out and in at once."))
    quiet_value = _check_quiet(quiet)
    clean_addresses = {parse_channel(c): _check_address(c, v) for c, v in (addresses or {}).items()}
    email = clean_addresses.get("email")
    if email and email != stored.addresses.get("email") and not confirmed and (suggestion := suspicious_domain(email)):
        raise SuspiciousAddress(email, suggestion)
    with db.atomic():
        if order is not None:
            db.execute("UPDATE guardian_channels SET rank = NULL WHERE guardian_id = ?", [guardian_id])
            for rank, channel in enumerate(dict.fromkeys(order), start=1):
                _upsert(db, guardian_id, channel, "rank", rank)
        for channel in outs:
            _upsert(db, guardian_id, channel, "opted_out", 1)
        for channel in ins:
            _upsert(db, guardian_id, channel, "opted_out", 0)
        for channel, address in clean_addresses.items():
            _upsert(db, guardian_id, channel, "address", address)
        if quiet is not None:
            db.execute("UPDATE guardians SET quiet_hours = ?, updated_at = ? WHERE id = ?",
                       [quiet_value, clock.now_iso(), guardian_id])
        db.execute("DELETE FROM guardian_channels WHERE guardian_id = ? AND rank IS NULL"
                   " AND opted_out = 0 AND address IS NULL", [guardian_id])
        audit.record(db, "channels", "guardian", guardian_id,
                     {"prefer": order, "opt_out": outs, "opt_in": ins, "quiet": quiet is not None,
                      "addresses": sorted(clean_addresses)})
    return load_preferences(db, guardian_id)


def _check_quiet(value: str | None) -> str | None:
    if value is None or value == "default":
        return None
    try:
        return str(QuietHours.parse(value))
    except ValueError:
        raise OutreachError(t("{value} is not HH:MM-HH:MM (e.g. 21:00-08:00) or off.", value=value)) from None


def _check_address(channel: str, value: str) -> str | None:
    channel = parse_channel(channel)
    if channel == "paper":
        raise OutreachError(t("The {channel} channel has no address to set.", channel=channel_label(channel)))
    if not value.strip():
        return None
    try:
        return NORMALIZERS[ROSTER_FIELD[channel]](value)
    except InvalidContact as exc:
        raise OutreachError(t("Address for {channel}: {reason}.", channel=channel_label(channel), reason=reason_text(exc))) from None


def default_order(settings: dict[str, str]) -> list[str]:
    return [c for c in settings["default_channels"].split(",") if c in GUARDIAN_CHANNELS]


_GUARDIAN_SQL = """
SELECT g.id, g.surname, g.name, g.patronymic, g.email, g.telegram, g.vk,
    COALESCE((SELECT m.user_id FROM max_users m WHERE m.guardian_id = g.id), g.max), g.phone, g.quiet_hours,
    g.consent_given_at IS NOT NULL AND g.consent_withdrawn_at IS NULL,
    EXISTS (SELECT 1 FROM student_guardians sg WHERE sg.guardian_id = g.id)
FROM guardians g WHERE g.id IN (SELECT value FROM json_each(?))
"""


def reachability(db: sqlite_utils.Database, guardian_ids: Iterable[int],
                 moment: datetime | None = None) -> dict[int, Reach]:
    """The rule every feature uses: per guardian, the channels that can carry a personal
    message (consent, not opted out, valid address) in preference order, and the moment's
    quiet hours (per-guardian override, else the setting)."""
    settings = all_settings(db)
    defaults = default_order(settings)
    global_quiet = QuietHours.parse(settings["quiet_hours"])
    when = moment or clock.now()
    ids = json.dumps(sorted(set(guardian_ids)))
    overrides: dict[int, list[tuple[str, int | None, int, str | None]]] = {}
    for gid, channel, rank, out, address in db.execute(
        "SELECT guardian_id, channel, rank, opted_out, address FROM guardian_channels"
        " WHERE guardian_id IN (SELECT value FROM json_each(?)) ORDER BY guardian_id, rank", [ids]
    ):
        overrides.setdefault(gid, []).append((channel, rank, out, address))
    result = {}
    for gid, surname, name, patronymic, email, telegram, vk, max_, phone, quiet, consent, has_child in db.execute(
            _GUARDIAN_SQL, [ids]):
        roster = {"email": email, "telegram": telegram, "vk": vk, "max": max_, "sms": phone, "phone": phone}
        rows = overrides.get(gid, [])
        explicit = [c for c, rank, _, _ in rows if rank is not None]
        opted = {c for c, _, out, _ in rows if out}
        addresses = {c: a for c, a in {**roster, **{c: a for c, _, _, a in rows if a}}.items() if a}
        reach = Reach(gid, bool(consent), explicit or defaults, bool(explicit),
                      name=full_name(surname, name, patronymic or ""), addresses=addresses,
                      fallback={c for c in FALLBACK if not _channel_problem(c, opted, addresses, bool(has_child))},
                      opted_out=opted)
        for channel in reach.order:
            reason = _channel_problem(channel, opted, addresses, bool(has_child))
            if reason:
                reach.reasons[channel] = reason
            else:
                reach.channels.append(channel)
        reach.quiet = QuietHours.parse(quiet) if quiet else global_quiet
        if reach.consent and reach.channels and reach.quiet.contains(when):
            reach.deferred_until = reach.quiet.ends_after(when)
        if not reach.consent:
            reach.channels = []
        result[gid] = reach
    return result


def _channel_problem(channel: str, opted: set[str], addresses: dict[str, str], has_child: bool) -> str:
    if channel in opted:
        return "opted_out"
    if channel == "paper":
        return "" if has_child else "no_address"
    address = addresses.get(channel)
    if not address:
        return "no_address"
    if channel == "telegram" and not telegram_chat_id(address):
        return "telegram_not_linked"
    return ""


def reach_one(db: sqlite_utils.Database, guardian_id: int, moment: datetime | None = None) -> Reach:
    found = reachability(db, [guardian_id], moment)
    if guardian_id not in found:
        raise NotFound(t("There is no guardian with id {id}.", id=guardian_id))
    return found[guardian_id]
