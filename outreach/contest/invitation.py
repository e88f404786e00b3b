"""The contest invitation: a message from the `family-contest` template with the contest's
date and place filled in, created through the composer (so plan, send and log apply)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import sqlite_utils

from outreach.contest.memo import human_date
from outreach.contest.store import Contest, get_contest
from outreach.messages import compose, templates

TEMPLATE = "family-contest"
SIGN_UP_DAYS = 7  # sign-ups close a week before the contest unless told otherwise


def invitation_values(contest: Contest, lang: str) -> dict[str, str]:
    """The template's variables known from the contest (an unknown date or place is left out,
    so the composer asks for it): date, place, deadline (a week before) and the contest's title."""
    values = {"contest": contest.title}
    if contest.date:
        values["date"] = human_date(contest.date, lang)
        try:
            deadline = date.fromisoformat(contest.date) - timedelta(days=SIGN_UP_DAYS)
        except ValueError:
            pass
        else:
            values["deadline"] = human_date(deadline.isoformat(), lang)
    if contest.place:
        values["place"] = contest.place
    return values


def create_invitation(db: sqlite_utils.Database, contest_id: int, *,
                      audience: Iterable[str] = ("all",), values: dict[str, str] | None = None,
                      mode: str = "preferred", broadcast: Iterable[str] = ()) -> int:
    """Compose the invitation for `audience`; `values` override the contest's. Returns the message id."""
    contest = get_contest(db, contest_id)
    template = templates.find(TEMPLATE)
    filled = {**invitation_values(contest, template.lang), **(values or {})}
    return compose.create_message(db, template, audience=list(audience), values=filled, mode=mode,
                                  broadcast=list(broadcast), title=f"{template.title} · {contest.title}")
