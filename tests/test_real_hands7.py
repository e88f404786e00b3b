"""A Russian teacher's and a cron script's hands on scheduled sends, invitations with answers
and the delivery log (seventh pass): each test is a slip or a surprise met there, and fails
without its fix."""

from __future__ import annotations

import sqlite_utils

from outreach.messages import rsvp
from outreach.messages.rsvp_mail import answer_in_text
from tests.conftest import Cli

INVITATION = 2  # the demo's parent-meeting invitation to 10А (a draft, queued)


def test_rsvp_json_lists_who_is_coming_by_guardian_id(demo_db: sqlite_utils.Database, cli: Cli) -> None:
    """The scripting contract says `message rsvp ID --json` → {"yes": [guardian ids], "no": […],
    "none": […]}; it printed counts ("yes": 1) and the silent ones as "silent": 5, so a script
    could not say whom to call."""
    assert cli("message", "rsvp", str(INVITATION), "--ask").exit_code == 0
    invited = [p.guardian_id for p in rsvp.tally(demo_db, INVITATION).people]
    coming, not_coming, *silent = invited
    with demo_db.atomic():
        for gid, said in ((coming, "Да, придём"), (not_coming, "не сможем")):
            answer = answer_in_text(said)
            assert answer is not None
            rsvp.record_answer(demo_db, INVITATION, answer, [gid], "email")
    document = cli.json("message", "rsvp", str(INVITATION))
    assert document["yes"] == [coming] and document["no"] == [not_coming]
    assert sorted(document["none"]) == sorted(silent)
    assert document["counts"] == {"yes": 1, "no": 1, "none": len(silent)}
