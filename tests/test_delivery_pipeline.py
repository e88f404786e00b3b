"""The one delivery pipeline: a channel added as one sender class (the MAX engineer's case),
the loop's retries, waits, at-most-once marking and resumed parts for any sender, the
verdict judged again as each row leaves, and the plan, dry run and send classifying alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Self

import pytest
import sqlite_utils

from outreach.channels.errors import Blocked, DeliveryError, InDoubt, RetryAfter
from outreach.channels.preferences import reach_one, set_preferences
from outreach.messages import compose, templates
from outreach.messages.delivery import batch, send
from outreach.messages.delivery.send import send_message
from outreach.messages.delivery.senders import Letter, Outcome, Part, Setup, outcome_of
from outreach.messages.delivery.telegram import split_text
from outreach.roster import guardians as roster
from tests.messages_support import parents

Script = dict[str, list[DeliveryError]]


class ScriptedMax:
    """A MAX sender as the protocol asks for one: each address fails as its script says, one
    error per try, then is delivered; parts of at most 200 characters."""

    channel, rate, attempts, multipart, in_flight, status, place = "max", 0.0, 2, True, True, "sent", None

    def __init__(self, script: Script, after_send: Callable[[str], None] = lambda address: None):
        self.script = script
        self.after_send = after_send
        self.tries: list[tuple[str, int]] = []
        self.open = False

    def __enter__(self) -> Self:
        self.open = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.open = False

    def parts(self, letter: Letter) -> list[Part[str]]:
        return [Part(letter, n, text) for n, text in enumerate(split_text(letter.markdown, 200))]

    def send(self, part: Part[str]) -> Outcome:
        assert self.open
        address = part.letter.address
        self.tries.append((address, part.number))
        errors = self.script.get(address, [])
        outcome = outcome_of(errors.pop(0)) if errors else Outcome.sent(f"{address}/{part.number}")
        self.after_send(address)
        return outcome


@pytest.fixture
def max_parents(db: sqlite_utils.Database) -> list[int]:
    ids = parents(db, 3, channel="max")
    for i, gid in enumerate(ids):
        set_preferences(db, gid, addresses={"max": f"parent.{i}"})
    return ids


def _register(monkeypatch: pytest.MonkeyPatch, sender: ScriptedMax) -> None:
    def factory(setup: Setup) -> ScriptedMax:
        return sender

    monkeypatch.setitem(send.SENDERS, "max", factory)
    monkeypatch.delitem(send.PARTLY, "max")  # the scripted sender reaches every parent


def test_a_new_channel_is_one_sender(db: sqlite_utils.Database, max_parents: list[int],
                                     monkeypatch: pytest.MonkeyPatch, sleeps: list[float]) -> None:
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    assert send_message(db, message_id, dry_run=True).exported == 3  # no bot token, nobody linked: files
    sender = ScriptedMax({"parent.0": [RetryAfter(3, "429 slow down")],
                          "parent.1": [Blocked("403 blocked by the user", permanent=True)],
                          "parent.2": [InDoubt("the answer was lost")]})
    _register(monkeypatch, sender)
    rehearsal = send_message(db, message_id, dry_run=True)
    assert (rehearsal.sent, rehearsal.exported) == (3, 0) and not sender.tries

    report = send_message(db, message_id)
    assert (report.sent, report.failed, report.newly_unknown, report.unknown) == (1, 1, 1, 1)
    assert sleeps == [3.0]  # the retry_after waited out through the injected sleep, no backoff
    log = {row["guardian_id"]: row for row in compose.delivery_log(db, message_id)}
    first, blocked, doubtful = (log[gid] for gid in max_parents)
    parts = len(first["parts"])
    assert (first["status"], first["external_id"]) == ("sent", "parent.0/0") and parts > 1
    assert first["attempts"] == parts + 1  # every request counts: each part, and the one asked to wait
    assert [p["message_id"] for p in first["parts"]] == [f"parent.0/{n}" for n in range(parts)]
    assert (blocked["status"], blocked["retryable"], blocked["error"]) == ("failed", False, "403 blocked by the user")
    assert "max" not in reach_one(db, max_parents[1]).channels  # the blocked parent is opted out of MAX
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'max_blocked' AND entity_id = ?",
                      [max_parents[1]]).fetchone()[0] == 1
    assert (doubtful["status"], doubtful["attempts"]) == ("unknown", 1)

    tries = len(sender.tries)
    again = send_message(db, message_id)
    assert (again.sent, again.failed, again.newly_unknown) == (0, 0, 0)  # nothing is sent twice
    assert len(sender.tries) == tries


def test_temporary_failures_back_off_and_a_resend_resumes_at_the_missing_part(
        db: sqlite_utils.Database, max_parents: list[int], monkeypatch: pytest.MonkeyPatch,
        sleeps: list[float]) -> None:
    message_id = compose.create_message(db, templates.find("ru/ice-safety"), audience=[f"guardian:{max_parents[0]}"])
    down = DeliveryError("503 try later", permanent=False)
    sender = ScriptedMax({})
    _register(monkeypatch, sender)
    pending = batch.Batch(db, message_id)
    total_parts = len(sender.parts(pending.letter(pending.rows[0], None)))
    assert total_parts > 2

    sender.after_send = lambda address: sender.script.setdefault(address, [down, down])  # part 0 goes, then down
    report = send_message(db, message_id, retry_delay=5)
    assert (report.sent, report.failed) == (0, 1)
    assert sleeps == [5.0]  # attempts = 2: one doubling wait between them
    [row] = compose.delivery_log(db, message_id)
    assert (row["status"], row["retryable"], row["error"]) == ("failed", True, "503 try later")
    assert [p["part"] for p in row["parts"]] == [1]  # the first part was recorded as it arrived

    sender.after_send = lambda address: None
    sender.tries.clear()
    assert send_message(db, message_id).sent == 1
    assert sender.tries == [("parent.0", n) for n in range(1, total_parts)]  # not the first part again
    [row] = compose.delivery_log(db, message_id)
    assert [p["part"] for p in row["parts"]] == list(range(1, total_parts + 1))


def test_consent_withdrawn_while_the_batch_runs_stops_the_rest(
        db: sqlite_utils.Database, max_parents: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))

    def withdraw(address: str) -> None:  # the teacher records a withdrawal while the batch runs
        if address == "parent.0":
            roster.set_consent(db, [max_parents[1]], False)

    sender = ScriptedMax({}, after_send=withdraw)
    _register(monkeypatch, sender)
    report = send_message(db, message_id)
    assert (report.sent, report.skipped) == (2, 1)
    assert {address for address, _ in sender.tries} == {"parent.0", "parent.2"}
    [skipped] = compose.delivery_log(db, message_id, ["skipped"])
    assert (skipped["guardian_id"], skipped["error"]) == (max_parents[1], "no_consent")


def test_plan_dry_run_and_send_classify_alike(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_NOW", "2026-11-30T22:00")
    ids = parents(db, 4, channel="sms")
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    roster.set_consent(db, [ids[1]], False)
    set_preferences(db, ids[2], quiet="21:00-08:00")
    set_preferences(db, ids[3], opt_out=["sms", "phone", "paper"])

    planned = batch.plan(db, message_id)
    rehearsal = send_message(db, message_id, dry_run=True)
    report = send_message(db, message_id)
    assert (planned["skipped"], planned["deferred"], planned["by_channel"]) == (2, 1, {"sms": 2})
    assert [when[:16] for when in planned["deferred_until"]] == ["2026-12-01T08:00"]
    assert (rehearsal.skipped, rehearsal.deferred, rehearsal.exported) == (2, 1, 1)
    assert (report.skipped, report.deferred, report.exported) == (2, 1, 1)
    reasons = {row["guardian_id"]: row["error"] for row in compose.delivery_log(db, message_id, ["skipped"])}
    assert reasons == {ids[1]: "no_consent", ids[3]: "opted_out"}
