"""The coverage report: who an announcement reaches, on which channel, and who it misses.

Two SQL passes over the audience (not a Python loop per guardian): one for the guardians
who follow the defaults without any override, one for those with their own settings. They
apply the same rule as `channels.reachability`, which a test cross-checks.
"""

from __future__ import annotations

import sqlite_utils

from .channel_names import GUARDIAN_CHANNELS
from .channels import ROSTER_FIELD, default_order
from .roster import Filter
from .settings import all_settings

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


def _overrides() -> str:
    columns = ", ".join(
        f"max(CASE WHEN channel = '{c}' THEN opted_out END) AS out_{c},"
        f" max(CASE WHEN channel = '{c}' THEN address END) AS addr_{c}"
        for c in GUARDIAN_CHANNELS)
    return (f"SELECT guardian_id, max(rank IS NOT NULL) AS explicit, {columns}"
            " FROM guardian_channels GROUP BY guardian_id")


def _listed(channel: str, defaults: list[str], overrides: bool) -> str:
    if not overrides:
        return str(int(channel in defaults))
    explicit = (f"EXISTS (SELECT 1 FROM guardian_channels x WHERE x.guardian_id = g.id"
                f" AND x.channel = '{channel}' AND x.rank IS NOT NULL)")
    return f"(CASE WHEN o.explicit THEN {explicit} ELSE {int(channel in defaults)} END)"


def _primary(defaults: list[str], overrides: bool) -> str:
    by_default = " ".join(f"WHEN {_ok(c, overrides)} THEN '{c}'" for c in defaults)
    default = f"(CASE {by_default} END)" if defaults else "NULL"
    if not overrides:
        return default
    ok_by_channel = " ".join(f"WHEN '{c}' THEN {_ok(c, True)}" for c in GUARDIAN_CHANNELS)
    explicit = (f"(SELECT x.channel FROM guardian_channels x WHERE x.guardian_id = g.id"
                f" AND x.rank IS NOT NULL AND (CASE x.channel {ok_by_channel} ELSE 0 END)"
                f" ORDER BY x.rank LIMIT 1)")
    return f"(CASE WHEN o.explicit THEN {explicit} ELSE {default} END)"


def _pass_sql(defaults: list[str], ranked: set[str], where: str, overrides: bool) -> tuple[str, list[str]]:
    """One pass: per (consent, primary channel) the count, the reach per channel (only the
    channels some guardian lists) and the ids of those no channel reaches."""
    condition = OVERRIDDEN if overrides else f"NOT {OVERRIDDEN}"
    where = f"{where} AND {condition}" if where else f" WHERE {condition}"
    listed = set(defaults) | (ranked if overrides else set())
    channels = [c for c in GUARDIAN_CHANNELS if c in listed]
    reach = ", ".join(f"{_listed(c, defaults, overrides)} AND {_ok(c, overrides)} AS r_{c}"
                      for c in channels) or "0 AS r_none"
    sums = ", ".join(f"sum(r_{c})" for c in channels) or "0"
    join = f"JOIN ({_overrides()}) o ON o.guardian_id = g.id" if overrides else ""
    return f"""
    SELECT consent, CASE WHEN consent THEN prim END, count(*),
        group_concat(CASE WHEN consent AND prim IS NOT NULL THEN NULL ELSE id END), {sums}
    FROM (SELECT g.id, {CONSENT} AS consent, {_primary(defaults, overrides)} AS prim, {reach}
          FROM guardians g {join}{where})
    GROUP BY 1, 2""", channels


def coverage(db: sqlite_utils.Database, flt: Filter = Filter()) -> dict[str, object]:
    """`{"audience", "reachable": {CH: n}, "primary": {CH: n}, "unreachable": [ids], "no_consent": [ids]}`"""
    defaults = default_order(all_settings(db))
    where, params = flt.where()
    audience = 0
    reachable = dict.fromkeys(GUARDIAN_CHANNELS, 0)
    primary = dict.fromkeys(GUARDIAN_CHANNELS, 0)
    unreachable: list[int] = []
    no_consent: list[int] = []
    ranked = {c for (c,) in db.execute("SELECT DISTINCT channel FROM guardian_channels WHERE rank IS NOT NULL")}
    for overrides in (False, True):
        sql, channels = _pass_sql(defaults, ranked, where, overrides)
        for consent, prim, count, ids, *sums in db.execute(sql, params):
            audience += count
            if not consent:
                no_consent.extend(int(i) for i in ids.split(","))
                continue
            for channel, value in zip(channels, sums):
                reachable[channel] += int(value or 0)
            if prim is None:
                unreachable.extend(int(i) for i in ids.split(","))
            else:
                primary[prim] += count
    return {"audience": audience, "reachable": reachable, "primary": primary,
            "unreachable": sorted(unreachable), "no_consent": sorted(no_consent)}
