"""Parents' e-mail replies from each mail app, delivered to a real Dovecot and fetched: no
absence is read from our own letter quoted back."""

from __future__ import annotations

import pytest
import sqlite_utils

from outreach.inbox.fetch import fetch
from tests.inbox_support import ParentMail
from tests.messages_support import parents
from tests.test_reply_text import REPLIES

ALL = sorted(p.name for p in REPLIES.glob("*.eml"))


def delivered(db: sqlite_utils.Database, parent_mail: ParentMail, monkeypatch: pytest.MonkeyPatch,
              names: list[str]) -> None:
    parents(db, 1)
    parent_mail.configure(db, monkeypatch)
    for name in names:
        parent_mail.deliver_raw((REPLIES / name).read_bytes())


def test_our_letter_quoted_back_is_not_read_as_an_absence_note(
        db: sqlite_utils.Database, parent_mail: ParentMail, monkeypatch: pytest.MonkeyPatch) -> None:
    # our letter says «Если ребёнок заболел и не придёт, напишите мне»; the parents answer «Приду»
    delivered(db, parent_mail, monkeypatch, ALL)
    assert fetch(db).new == {"email": len(ALL)}
    assert db.execute("SELECT count(*) FROM inbox_absences").fetchone()[0] == 0
