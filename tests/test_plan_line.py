"""The Messages plan line says until when the deferred deliveries wait: the last of them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from outreach.common.formats import show_moment
from outreach.messages.delivery.batch import Plan
from outreach_screens.messages.draft import ShownPlan, plan_line


def test_deferred_until_names_the_moment_the_last_one_goes(russian: None) -> None:
    early = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=2)
    late = early + timedelta(minutes=30)
    found = Plan(message_id=1, by_channel={"email": 2}, deferred=31, unreachable=[], no_consent=[3],
                 deferred_until={early.isoformat(): 1, late.isoformat(): 30}, skipped=0, statuses={},
                 attachments=[], without_attachments={})
    line = plan_line(ShownPlan(found))
    assert f"отложено 31 (до: {show_moment(late)})" in line
    assert show_moment(early) not in line or show_moment(early) == show_moment(late)
