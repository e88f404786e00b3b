"""The coverage report: who an announcement reaches, on which channel, and who it misses.

Two SQL queries over the audience (not a Python loop per guardian): one for the guardians
who follow the defaults without any override, one for those with their own settings. They
apply the same rule as `channels.reachability`, which a test cross-checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

import sqlite_utils

from outreach.channels.preferences import ROSTER_FIELD, default_order, reachability
from outreach.common.channel_names import GUARDIAN_CHANNELS, channel_label
from outreach.common.i18n import t
from outreach.roster.guardians import Filter
from outreach.settings.values import all_settings

CONSENT = "(g.consent_given_at IS NOT NULL AND g.consent_withdrawn_at IS NULL)"
HAS_CHILD = "EXISTS (SELECT 1 FROM student_guardians sg WHERE sg.guardian_id = g.id)"
OVERRIDDEN = "g.id IN (SELECT guardian_id FROM guardian_channels)"


def _ok(channel: str, overrides: bool) -> str:
    """SQL: the channel can carry a message to guardian g (ignoring preference order)."""
    not_out = f"coalesce(o.out_{channel}, 0) = 0 AND " if overrides else ""
    if channel == "paper":
        return f"({not_out}{HAS_CHILD})"
    field = f"g.{ROSTER_FIELD[channel]}"
    address = f"coalesce(o.addr_{channel}, {field})" if overrides else field
    valid = f"{address} <> ''"
    if channel == "telegram":
        valid += f" AND {address} NOT GLOB '*[^0-9-]*'"
    return f"({not_out}{valid})"


def _overrides(channels: list[str]) -> str:
    columns = ", ".join(
        f"max(CASE WHEN channel = '{c}' THEN opted_out END) AS out_{c},"
        f" max(CASE WHEN channel = '{c}' THEN address END) AS addr_{c},"
        f" max(CASE WHEN channel = '{c}' THEN rank END) AS rank_{c}"
        for c in channels)
    return (f"SELECT guardian_id, max(rank IS NOT NULL) AS explicit, {columns}"
            " FROM guardian_channels GROUP BY guardian_id")


def _listed(channel: str, defaults: list[str], overrides: bool) -> str:
    if not overrides:
        return str(int(channel in defaults))
    return f"(CASE WHEN o.explicit THEN o.rank_{channel} IS NOT NULL ELSE {int(channel in defaults)} END)"


def _primary(defaults: list[str], channels: list[str], overrides: bool) -> str:
    by_default = " ".join(f"WHEN {_ok(c, overrides)} THEN '{c}'" for c in defaults)
    default = f"(CASE {by_default} END)" if defaults else "NULL"
    if not overrides:
        return default
    ok_by_channel = " ".join(f"WHEN '{c}' THEN {_ok(c, True)}" for c in channels)
    explicit = (f"(SELECT x.channel FROM guardian_channels x WHERE x.guardian_id = g.id"
                f" AND x.rank IS NOT NULL AND (CASE x.channel {ok_by_channel} ELSE 0 END)"
                f" ORDER BY x.rank LIMIT 1)")
    return f"(CASE WHEN o.explicit THEN {explicit} ELSE {default} END)"


def _where(where: str, condition: str) -> str:
    return f"{where} AND {condition}" if where else f" WHERE {condition}"


def _ids(text: str | None) -> list[int]:
    return [int(i) for i in text.split(",")] if text else []


@dataclass
class _Report:
    audience: int = 0
    reachable: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GUARDIAN_CHANNELS, 0))
    primary: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GUARDIAN_CHANNELS, 0))
    unreachable: list[int] = field(default_factory=list)
    no_consent: list[int] = field(default_factory=list)


def _plain_pass(db: sqlite_utils.Database, defaults: list[str], where: str, params: list[object],
                report: _Report) -> None:
    """Guardians with no overrides: one row of sums over a bit mask of usable default channels
    (bit i: defaults[i]); the primary channel is the lowest bit set."""
    mask = " + ".join(f"coalesce({_ok(c, False)}, 0) * {1 << i}" for i, c in enumerate(defaults)) or "0"
    sums = [f"sum(consent AND m & {1 << i})" for i in range(len(defaults))]
    sums += [f"sum(consent AND (m & {(2 << i) - 1}) = {1 << i})" for i in range(len(defaults))]
    # LIMIT -1 keeps the inner query a co-routine, so the mask is computed once per guardian
    sql = f"""
    SELECT count(*), group_concat(CASE WHEN NOT consent THEN id END),
        group_concat(CASE WHEN consent AND m = 0 THEN id END), {", ".join(sums) or "0"}
    FROM (SELECT g.id, {CONSENT} AS consent, {mask} AS m
          FROM guardians g{_where(where, f"NOT {OVERRIDDEN}")} LIMIT -1)"""
    count, no_consent, unreachable, *values = db.execute(sql, params).fetchone()
    report.audience += count
    report.no_consent += _ids(no_consent)
    report.unreachable += _ids(unreachable)
    for i, channel in enumerate(defaults):
        report.reachable[channel] += int(values[i] or 0)
        report.primary[channel] += int(values[len(defaults) + i] or 0)


def _override_pass(db: sqlite_utils.Database, defaults: list[str], where: str, params: list[object],
                   report: _Report) -> None:
    """Guardians with their own order, opt-outs or addresses: per (consent, primary channel)
    the count, the reach of each channel anyone lists, and the ids nothing reaches."""
    ranked = {c for (c,) in db.execute("SELECT DISTINCT channel FROM guardian_channels WHERE rank IS NOT NULL")}
    channels = [c for c in GUARDIAN_CHANNELS if c in set(defaults) | ranked]
    reach = ", ".join(f"{_listed(c, defaults, True)} AND {_ok(c, True)} AS r_{c}" for c in channels)
    sums = ", ".join(f"sum(r_{c})" for c in channels)
    sql = f"""
    SELECT consent, CASE WHEN consent THEN prim END, count(*),
        group_concat(CASE WHEN consent AND prim IS NOT NULL THEN NULL ELSE id END), {sums or "0"}
    FROM (SELECT g.id, {CONSENT} AS consent, {_primary(defaults, channels, True)} AS prim, {reach or "0"}
          FROM guardians g JOIN ({_overrides(channels)}) o ON o.guardian_id = g.id
          {_where(where, OVERRIDDEN)} LIMIT -1)
    GROUP BY 1, 2"""
    for consent, prim, count, ids, *values in db.execute(sql, params):
        report.audience += count
        if not consent:
            report.no_consent += _ids(ids)
            continue
        for channel, value in zip(channels, values, strict=True):
            report.reachable[channel] += int(value or 0)
        if prim is None:
            report.unreachable += _ids(ids)
        else:
            report.primary[prim] += count


class Coverage(TypedDict):
    """Who the guardians (of a filter) can be reached by (`channels report --json`)."""

    audience: int
    reachable: dict[str, int]  # channel → guardians with an address and consent for it
    primary: dict[str, int]  # channel → guardians whose first reachable channel it is
    unreachable: list[int]  # guardian ids with consent but no usable channel
    no_consent: list[int]


def coverage(db: sqlite_utils.Database, flt: Filter = Filter()) -> Coverage:
    """How many guardians each channel reaches, and who is left out."""
    defaults = default_order(all_settings(db))
    where, params = flt.where()
    report = _Report()
    _plain_pass(db, defaults, where, params, report)
    _override_pass(db, defaults, where, params, report)
    return Coverage(audience=report.audience, reachable=report.reachable, primary=report.primary,
                    unreachable=sorted(report.unreachable), no_consent=sorted(report.no_consent))


@dataclass(frozen=True)
class Instead:
    """The parents no channel reaches (`Coverage.unreachable`) by what a message plan gives
    them instead (`Reach.instead`): a call, a paper memo, or nothing (the plan's «unreachable»)."""

    phone: tuple[int, ...]
    paper: tuple[int, ...]
    nobody: tuple[int, ...]

    def words(self) -> str:
        """«звонок 1, недоступны 1»: each kind there is, named as the message plan names it."""
        parts = [f"{channel_label(code)} {len(ids)}" for code, ids in (("phone", self.phone), ("paper", self.paper)) if ids]
        if self.nobody:
            parts.append(t("unreachable {count}", count=len(self.nobody)))
        return ", ".join(parts)


def instead(db: sqlite_utils.Database, guardian_ids: list[int]) -> Instead:
    """`guardian_ids` (a coverage's `unreachable`) sorted by what reaches them instead."""
    by: dict[str, list[int]] = {"phone": [], "paper": [], "": []}
    for gid, reach in sorted(reachability(db, guardian_ids).items()):
        by[reach.instead].append(gid)
    return Instead(tuple(by["phone"]), tuple(by["paper"]), tuple(by[""]))
