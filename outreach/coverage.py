"""The coverage report: who an announcement reaches, on which channel, and who it misses.

One SQL pass over the audience (not a Python loop per guardian); it applies the same
rule as `channels.reachability`, which a test cross-checks.
"""

from __future__ import annotations

import sqlite_utils

from .channel_names import GUARDIAN_CHANNELS
from .channels import ROSTER_FIELD, default_order
from .roster import Filter
from .settings import all_settings

CONSENT = "(g.consent_given_at IS NOT NULL AND g.consent_withdrawn_at IS NULL)"


def _ok(channel: str) -> str:
    """SQL: channel usable for guardian g with overrides o (ignoring preference order)."""
    not_out = f"coalesce(o.out_{channel}, 0) = 0"
    if channel == "paper":
        return f"({not_out} AND EXISTS (SELECT 1 FROM student_guardians sg WHERE sg.guardian_id = g.id))"
    address = f"coalesce(o.addr_{channel}, g.{ROSTER_FIELD[channel]})"
    valid = f"{address} <> ''"
    if channel == "telegram":
        valid += f" AND {address} NOT GLOB '*[^0-9-]*'"
    return f"({not_out} AND {valid})"


def _overrides() -> str:
    columns = ", ".join(
        f"max(CASE WHEN channel = '{c}' THEN opted_out END) AS out_{c},"
        f" max(CASE WHEN channel = '{c}' THEN address END) AS addr_{c}"
        for c in GUARDIAN_CHANNELS)
    return (f"SELECT guardian_id, max(rank IS NOT NULL) AS explicit, {columns}"
            " FROM guardian_channels GROUP BY guardian_id")


def _listed(channel: str, defaults: list[str]) -> str:
    explicit = (f"EXISTS (SELECT 1 FROM guardian_channels x WHERE x.guardian_id = g.id"
                f" AND x.channel = '{channel}' AND x.rank IS NOT NULL)")
    return f"(CASE WHEN o.explicit THEN {explicit} ELSE {int(channel in defaults)} END)"


def _primary(defaults: list[str]) -> str:
    by_default = " ".join(f"WHEN {_ok(c)} THEN '{c}'" for c in defaults)
    ok_by_channel = " ".join(f"WHEN '{c}' THEN {_ok(c)}" for c in GUARDIAN_CHANNELS)
    explicit = (f"(SELECT x.channel FROM guardian_channels x WHERE x.guardian_id = g.id"
                f" AND x.rank IS NOT NULL AND (CASE x.channel {ok_by_channel} ELSE 0 END)"
                f" ORDER BY x.rank LIMIT 1)")
    default = f"(CASE {by_default} END)" if defaults else "NULL"
    return f"(CASE WHEN o.explicit THEN {explicit} ELSE {default} END)"


def coverage(db: sqlite_utils.Database, flt: Filter = Filter()) -> dict[str, object]:
    """`{"audience", "reachable": {CH: n}, "primary": {CH: n}, "unreachable": [ids], "no_consent": [ids]}`"""
    defaults = default_order(all_settings(db))
    where, params = flt.where()
    reach_columns = ", ".join(f"{_listed(c, defaults)} AND {_ok(c)} AS r_{c}" for c in GUARDIAN_CHANNELS)
    sums = ", ".join(f"sum(r_{c})" for c in GUARDIAN_CHANNELS)
    sql = f"""
    WITH o AS ({_overrides()}),
    f AS (
        SELECT g.id, {CONSENT} AS consent, {_primary(defaults)} AS prim, {reach_columns}
        FROM guardians g LEFT JOIN o ON o.guardian_id = g.id{where}
    )
    SELECT consent, CASE WHEN consent THEN prim END AS p, count(*), {sums}, group_concat(id)
    FROM f GROUP BY 1, 2
    """
    report: dict[str, object] = {"audience": 0}
    reachable = dict.fromkeys(GUARDIAN_CHANNELS, 0)
    primary = dict.fromkeys(GUARDIAN_CHANNELS, 0)
    unreachable: list[int] = []
    no_consent: list[int] = []
    for consent, prim, count, *rest in db.execute(sql, params):
        *channel_sums, ids = rest
        report["audience"] = int(report["audience"]) + count  # type: ignore[call-overload]
        if not consent:
            no_consent.extend(int(i) for i in ids.split(","))
            continue
        for channel, value in zip(GUARDIAN_CHANNELS, channel_sums):
            reachable[channel] += int(value or 0)
        if prim is None:
            unreachable.extend(int(i) for i in ids.split(","))
        else:
            primary[prim] += count
    report.update(reachable=reachable, primary=primary, unreachable=sorted(unreachable),
                  no_consent=sorted(no_consent))
    return report
