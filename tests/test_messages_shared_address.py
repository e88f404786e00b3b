"""A family's shared address: two parents of a child with one e-mail (the family's mailbox)
get one message there, not one each, against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from outreach.messages import compose, templates
from outreach.messages.delivery import batch
from outreach.messages.delivery.labels import row_note
from outreach.messages.delivery.send import send_message
from outreach.roster import consent
from outreach.roster import guardians as roster
from tests.messages_support import Mailbox, local_smtp, parents


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    box = Mailbox()
    with local_smtp(monkeypatch, box):
        yield box


def _family(db: sqlite_utils.Database) -> tuple[int, int, int]:
    """Three parents: a mother and a father who share the family's mailbox (typed in other
    cases), and another child's mother."""
    mother, other = parents(db, 2)
    student = roster.get_guardian(db, mother).students[0].id
    father = roster.add_guardian(db, {"surname": "Петров", "name": "Олег", "email": "Parent0@Example.ru"},
                                 [(student, "father")])
    consent.set_consent(db, [father], True)
    return mother, father, other


def _log(db: sqlite_utils.Database, message_id: int) -> dict[int, dict[str, object]]:
    return {int(str(row["guardian_id"])): dict(row) for row in compose.delivery_log(db, message_id)}


def test_a_shared_mailbox_gets_one_message_and_the_plan_says_so(db: sqlite_utils.Database, mailbox: Mailbox) -> None:
    mother, father, other = _family(db)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    planned = batch.plan(db, message_id)
    assert (planned["by_channel"], planned["skipped"], planned["shared_address"]) == ({"email": 2}, 1, 1)
    assert batch.plan_notes(planned) == [
        "1 parent shares an address with another parent of the message: one message goes to that address."]
    report = send_message(db, message_id)
    assert (report.sent, report.skipped) == (2, 1)
    assert mailbox.recipients() == {"parent0@example.ru": 1, "parent1@example.ru": 1}
    log = _log(db, message_id)
    assert (log[mother]["status"], log[other]["status"]) == ("sent", "sent")
    assert log[father]["status"] == "skipped"
    assert row_note(log[father]) == "the same address as another parent's: one message goes there"  # type: ignore[arg-type]
    assert send_message(db, message_id).sent == 0 and len(mailbox.messages) == 2


def test_the_address_goes_to_the_parent_the_message_can_reach(db: sqlite_utils.Database, mailbox: Mailbox) -> None:
    """The mother has withdrawn her consent: the shared address is the father's to receive."""
    mother, father, _ = _family(db)
    consent.set_consent(db, [mother], False)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    assert send_message(db, message_id).sent == 2
    assert mailbox.recipients() == {"parent0@example.ru": 1, "parent1@example.ru": 1}
    assert _log(db, message_id)[father]["status"] == "sent"


def test_a_parent_planned_again_later_does_not_get_the_sent_address_twice(db: sqlite_utils.Database,
                                                                          mailbox: Mailbox) -> None:
    """The father had no consent when the message went; once he gives it, the next send would
    plan him again: the family's mailbox already has the message."""
    _, father, _ = _family(db)
    consent.set_consent(db, [father], False)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    assert send_message(db, message_id).sent == 2
    consent.set_consent(db, [father], True)
    again = send_message(db, message_id)
    assert (again.sent, again.skipped) == (0, 1)
    assert len(mailbox.messages) == 2 and _log(db, message_id)[father]["error"] == batch.SHARED_ADDRESS


def test_parents_of_other_children_at_one_address_each_get_theirs(db: sqlite_utils.Database,
                                                                 mailbox: Mailbox) -> None:
    """Not one family: a message about each one's child goes to each, at the same address."""
    mother, other = parents(db, 2)
    roster.edit_guardian(db, other, {"surname": "Сидорова", "name": "Мария", "email": "parent0@example.ru"})
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    assert batch.plan(db, message_id)["shared_address"] == 0
    assert send_message(db, message_id).sent == 2
    assert mailbox.recipients() == {"parent0@example.ru": 2}


def test_two_families_at_one_address_get_one_message_each_not_one_per_parent(db: sqlite_utils.Database,
                                                                             mailbox: Mailbox) -> None:
    """A grandmother's mailbox given by the parents of two cousins: each child's message goes
    there once, however many of its parents gave the address."""
    mother, other = parents(db, 2)
    roster.edit_guardian(db, other, {"surname": "Сидорова", "name": "Мария", "email": "parent0@example.ru"})
    cousin = roster.get_guardian(db, other).students[0].id
    uncle = roster.add_guardian(db, {"surname": "Сидоров", "name": "Павел", "email": "PARENT0@example.ru"},
                                [(cousin, "father")])
    consent.set_consent(db, [uncle], True)
    message_id = compose.create_message(db, templates.find("ru/ice-safety"))
    assert batch.plan(db, message_id)["shared_address"] == 1
    report = send_message(db, message_id)
    assert (report.sent, report.skipped) == (2, 1)
    assert mailbox.recipients() == {"parent0@example.ru": 2}
    log = _log(db, message_id)
    assert (log[mother]["status"], log[other]["status"], log[uncle]["status"]) == ("sent", "sent", "skipped")
