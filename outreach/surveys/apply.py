"""Turning a channel survey's answers into the matched guardians' channel preferences."""

from __future__ import annotations

import sqlite_utils

from .. import audit
from ..channels import load_preferences, set_preferences
from ..errors import OutreachError
from ..i18n import t
from ..names import full_name
from .model import get_survey

ROLE_ORDER = {"primary": 0}


def channel_plan(db: sqlite_utils.Database, survey_id: int) -> list[dict[str, object]]:
    """Per matched guardian (latest response): the current order and the one the answers give."""
    survey = get_survey(db, survey_id)
    questions = sorted(survey.questions, key=lambda q: (ROLE_ORDER.get(q.role, 1), survey.questions.index(q)))
    rank = {}
    for qpos, q in enumerate(questions):
        for opos, o in enumerate(q.options):
            if o.channel:
                rank[o.id] = (qpos, opos, o.channel)
    if not rank:
        raise OutreachError(t("surveys.apply.no_channels", title=survey.title))
    chosen: dict[int, list[tuple[int, int, str]]] = {}
    names: dict[int, str] = {}
    for gid, oid, surname, name, patronymic in db.execute(
            "SELECT r.guardian_id, a.option_id, g.surname, g.name, g.patronymic FROM survey_responses r"
            " JOIN guardians g ON g.id = r.guardian_id"
            " LEFT JOIN survey_answers a ON a.response_id = r.id AND a.option_id IS NOT NULL"
            " WHERE r.survey_id = ? AND r.id = (SELECT max(r2.id) FROM survey_responses r2"
            "  WHERE r2.survey_id = r.survey_id AND r2.guardian_id = r.guardian_id)"
            " ORDER BY g.surname, g.name, g.id", [survey_id]):
        names[gid] = full_name(surname, name, patronymic)
        chosen.setdefault(gid, [])
        if oid in rank:
            chosen[gid].append(rank[oid])
    plan = []
    for gid, picks in chosen.items():
        order = list(dict.fromkeys(channel for _, _, channel in sorted(picks)))
        current = load_preferences(db, gid).order
        plan.append({"guardian_id": gid, "name": names[gid], "current": current, "new": order,
                     "changed": bool(order) and order != current})
    return plan


def apply_channels(db: sqlite_utils.Database, survey_id: int) -> dict[str, int]:
    """Apply the plan in one transaction; guardians whose answers name no channel are skipped."""
    plan = channel_plan(db, survey_id)
    changed = [p for p in plan if p["changed"]]
    with db.atomic():
        for entry in changed:
            set_preferences(db, int(entry["guardian_id"]), prefer=list(entry["new"]))  # type: ignore[call-overload]
        audit.record(db, "apply_channels", "survey", survey_id, {"changed": len(changed)})
    return {"changed": len(changed), "unchanged": sum(1 for p in plan if p["new"] and not p["changed"]),
            "skipped": sum(1 for p in plan if not p["new"])}
