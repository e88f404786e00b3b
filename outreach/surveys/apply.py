"""Turning a channel survey's answers into the matched guardians' channel preferences.

Applying adds and reorders, never removes: the messenger a parent chose (the "primary"
question, else the first question that names channels) goes first, then every channel
already in effect for them (their own order or the defaults), then the other channels they
ticked; opt-outs and addresses stay as they are. A parent who chose e-mail at an address
whose domain looks like a slip of a common provider's is warned about (the address is theirs
as stored: applying changes no address, so nothing is refused).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import time
from typing import TypedDict

import sqlite_utils

from outreach.channels.coverage import Coverage, coverage
from outreach.channels.preferences import Reach, reachability, set_preferences
from outreach.common.channel_names import channel_label
from outreach.common.contacts import email_question, suspicious_domain
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.common.names import full_name
from outreach.common.quiet_hours import QuietHours
from outreach.settings.values import all_settings
from outreach.store import audit
from outreach.store.order import name_order
from outreach.surveys.model import Survey, get_survey, what_if

ROLE_ORDER = {"primary": 0}
NEEDS_ADDRESS = {"no_address", "telegram_not_linked"}
_CLOCK = re.compile(r"\b([01]?\d|2[0-3])[:.]([0-5]\d)\b")
_UNTIL = re.compile(r"\b(до|before|until)\b", re.IGNORECASE)


def quiet_from_answer(label: str, default: QuietHours) -> str | None:
    """Quiet hours for an answer to "when do you prefer messages": outside the window it names.

    «с 17:00 до 21:00» → 21:00-17:00; «до 9:00» → from 9:00 to the end of the default quiet
    hours; «после 18:00» → from the start of the default quiet hours to 18:00; no time → None.
    """
    found = [time(int(h), int(m)) for h, m in _CLOCK.findall(label)]
    if len(found) >= 2:
        start, end = found[0], found[1]
    elif len(found) == 1 and not default.off and default.start and default.end:
        start, end = (default.end, found[0]) if _UNTIL.search(label) else (found[0], default.start)
    else:
        return None
    return str(QuietHours(end, start)) if start != end else None


def _rank(survey: Survey) -> dict[int, tuple[int, int, str]]:
    questions = sorted(survey.questions, key=lambda q: (ROLE_ORDER.get(q.role, 1), survey.questions.index(q)))
    rank = {}
    for qpos, q in enumerate(questions):
        for opos, o in enumerate(q.options):
            if o.channel:
                rank[o.saved_id] = (qpos, opos, o.channel)
    if not rank:
        raise OutreachError(t("The survey '{title}' has no answers that name a channel; nothing to apply.", title=survey.title))
    return rank


def _answers(db: sqlite_utils.Database, survey: Survey) -> tuple[dict[int, list[int]], dict[int, str]]:
    """Per matched guardian, the options of their latest response, and their names."""
    chosen: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for gid, oid, surname, name, patronymic in db.execute(
            "SELECT r.guardian_id, a.option_id, g.surname, g.name, g.patronymic FROM survey_responses r"
            " JOIN guardians g ON g.id = r.guardian_id"
            " LEFT JOIN survey_answers a ON a.response_id = r.id AND a.option_id IS NOT NULL"
            " WHERE r.survey_id = ? AND NOT r.superseded AND r.id = (SELECT max(r2.id) FROM survey_responses r2"
            "  WHERE r2.survey_id = r.survey_id AND r2.guardian_id = r.guardian_id AND NOT r2.superseded)"
            f" ORDER BY {name_order('g')}, g.id", [survey.id]):
        names[gid] = full_name(surname, name, patronymic)
        chosen.setdefault(gid, [])
        if oid is not None:
            chosen[gid].append(oid)
    return chosen, names


class AddressDoubt(TypedDict):
    """The e-mail address of a parent who chose e-mail, and the address as probably meant."""

    address: str
    suggestion: str


class ChannelChange(TypedDict):
    """One guardian's line of `survey apply-channels --dry-run --json`."""

    guardian_id: int
    name: str
    current: list[str]  # the channel order in effect
    new: list[str]  # the order after applying
    chosen: list[str]  # the channels the answers name
    changed: bool
    quiet_before: str | None
    quiet_after: str | None  # None: unchanged
    reach_before: list[str]
    reach_after: list[str]
    needs_address: list[str]  # chosen channels that still lack an address
    email_doubt: AddressDoubt | None  # e-mail chosen, at an address whose domain looks mistyped


class CoverageChange(TypedDict):
    before: Coverage
    after: Coverage


def channel_plan(db: sqlite_utils.Database, survey_id: int, quiet_hours: bool = False) -> list[ChannelChange]:
    """Per matched guardian (latest response): the order in effect, the one after applying,
    the channels that reach them before and after, the chosen channels that still need an
    address, and (with `quiet_hours`) the quiet hours the "time" answer gives."""
    survey = get_survey(db, survey_id)
    rank = _rank(survey)
    times = {o.id: o.label for q in survey.questions if q.role == "time" for o in q.options}
    chosen, names = _answers(db, survey)
    settings = all_settings(db)
    default_quiet = QuietHours.parse(settings["quiet_hours"])
    before = reachability(db, chosen)
    quiet_now = dict(db.execute("SELECT id, quiet_hours FROM guardians WHERE id IN (SELECT value FROM json_each(?))",
                                [_ids(chosen)]).fetchall())
    plan: list[ChannelChange] = []
    for gid, options in chosen.items():
        ranked = sorted(rank[o] for o in options if o in rank)
        picks = list(dict.fromkeys(channel for _, _, channel in ranked))
        reach = before[gid]
        first = [channel for qpos, _, channel in ranked if qpos == 0]
        new = list(dict.fromkeys(first + reach.order + picks))
        quiet = None
        if quiet_hours:
            label = next((times[o] for o in options if o in times), None)
            quiet = quiet_from_answer(label, default_quiet) if label else None
            quiet = quiet if quiet != quiet_now.get(gid) else None
        plan.append(ChannelChange(
            guardian_id=gid, name=names[gid], current=reach.order, new=new, chosen=picks,
            changed=bool(picks) and new != reach.order or quiet is not None,
            quiet_before=quiet_now.get(gid), quiet_after=quiet,
            reach_before=reach.channels, reach_after=[], needs_address=[], email_doubt=None))  # the last three below
    after = what_if(db, lambda: (_write(db, plan), reachability(db, chosen))[1])
    for entry in plan:
        reach_after = after[entry["guardian_id"]]
        entry["reach_after"] = reach_after.channels
        entry["needs_address"] = _needs_address(reach_after, entry["chosen"])
        entry["email_doubt"] = _email_doubt(reach_after, entry["chosen"])
    return plan


def _ids(ids: Iterable[int]) -> str:
    return json.dumps(sorted(ids))


def _needs_address(reach: Reach, chosen: list[str]) -> list[str]:
    return [c for c in chosen if reach.reasons.get(c) in NEEDS_ADDRESS] if reach.consent else []


def _email_doubt(reach: Reach, chosen: list[str]) -> AddressDoubt | None:
    address = reach.addresses.get("email") if "email" in chosen else None
    suggestion = suspicious_domain(address) if address else None
    return AddressDoubt(address=address, suggestion=suggestion) if address and suggestion else None


def _write(db: sqlite_utils.Database, plan: Sequence[ChannelChange]) -> int:
    changed = [p for p in plan if p["changed"]]
    for entry in changed:
        new = entry["new"]
        set_preferences(db, entry["guardian_id"], prefer=new if new != entry["current"] else None,
                        quiet=entry["quiet_after"])
    return len(changed)


def coverage_change(db: sqlite_utils.Database, plan: Sequence[ChannelChange]) -> CoverageChange:
    """The coverage report (`channels report`) now and as it would be after applying `plan`."""
    return CoverageChange(before=coverage(db),
                          after=what_if(db, lambda: (_write(db, plan), coverage(db))[1]))


def apply_channels(db: sqlite_utils.Database, survey_id: int, quiet_hours: bool = False) -> dict[str, int]:
    """Apply the plan in one transaction; guardians whose answers name no channel are kept as they are."""
    plan = channel_plan(db, survey_id, quiet_hours)
    with db.atomic():
        changed = _write(db, plan)
        audit.record(db, "apply_channels", "survey", survey_id, {"changed": changed, "quiet_hours": quiet_hours})
    return {"changed": changed, "unchanged": sum(1 for p in plan if p["chosen"] and not p["changed"]),
            "skipped": sum(1 for p in plan if not p["chosen"] and not p["changed"]),
            "needs_address": sum(1 for p in plan if p["needs_address"]),
            "email_doubts": sum(1 for p in plan if p["email_doubt"])}


def _labels(channels: list[str]) -> str:
    return ", ".join(channel_label(c) for c in channels) or "—"


def describe_change(entry: ChannelChange) -> str:
    """One guardian's line of the preview: order, reach, missing addresses, quiet hours."""
    line = t("{name}: {before} → {after}; channels that reach them {reach_before} → {reach_after}", name=entry["name"], before=_labels(entry["current"]),
             after=_labels(entry["new"]), reach_before=len(entry["reach_before"]),
             reach_after=len(entry["reach_after"]))
    needs = entry["needs_address"]
    if needs:
        line += "; " + t("needs an address: {channels}", channels=_labels(needs))
        if "telegram" in needs:
            line += " " + t("(a Telegram link can be sent: outreach channels link {id})", id=entry["guardian_id"])
    if entry["quiet_after"]:
        line += "; " + t("quiet hours {before} → {after}", before=entry["quiet_before"] or t("(default)"),
                         after=entry["quiet_after"])
    return line


def describe_doubt(entry: ChannelChange) -> str:
    """«Иванова Ольга chose e-mail: «olga@gmail.con» — perhaps «olga@gmail.com»? Check the
    address before writing to it.» ('' when there is no doubt)."""
    doubt = entry["email_doubt"]
    if doubt is None:
        return ""
    return t("{name} chose e-mail: {question} Check the address before writing to it.",
             name=entry["name"], question=email_question(doubt["address"], doubt["suggestion"]))


def describe_coverage(change: CoverageChange) -> str:
    """The coverage figures that move, before → after (all of them when none moves)."""
    before, after = change["before"], change["after"]
    pairs = [(channel_label(c), n, after["reachable"][c]) for c, n in before["reachable"].items()]
    pairs.append((t("unreachable"), len(before["unreachable"]), len(after["unreachable"])))
    moved = [p for p in pairs if p[1] != p[2]] or pairs
    return t("Coverage: {figures}.", figures=", ".join(f"{label} {a} → {b}" for label, a, b in moved))
