"""Consent to be contacted: read from a roster file's cells, recorded for guardians (given
with date and scope, withdrawn, undone) with an audit row each — the one place consent is
written."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from outreach.common import clock
from outreach.common.contacts import InvalidContact
from outreach.common.errors import NotFound, OutreachError
from outreach.common.formats import parse_day
from outreach.common.i18n import t
from outreach.store import audit

_YES = {"да", "yes", "y", "+", "1", "true", "есть", "✓", "✔", "v", "подписано", "получено",
        "дано", "given", "signed", "согласен", "согласна", "согласны", "согласие", "есть согласие",
        "согласие есть", "подписал", "подписала", "подписали", "подписан", "подписана", "agreed", "consented", "☑", "☒", "🗹"}
_NO = {"нет", "no", "n", "-", "0", "false", "—", "не дано", "отсутствует", "не согласен", "не согласна",
       "не согласны", "нет согласия", "отказ", "отказался", "отказалась", "отказались", "не подписано",
       "не подписал", "не подписала", "declined", "refused", "☐"}
_WITHDRAWN = {"отозвано", "отозвал", "отозвала", "withdrawn", "revoked"}
_DATE = re.compile(r"(\d{1,2}[./-]\d{1,2}[./-]\d{4})|\d{4}-\d{2}-\d{2}")


def parse_consent(value: str, today: date) -> tuple[str, str] | None:
    """('given', ISO date) / ('withdrawn', ISO date) / None when not given; an undated «да» is
    ('yes', today): given, but no later than a withdrawal already recorded."""
    text = value.strip().lower()
    if not text or text in _NO:
        return None
    if text in _YES:
        return "yes", today.isoformat()
    word, *rest = text.split(maxsplit=1)  # (two cells of one person joined by a line break too)
    if text in _WITHDRAWN or word.rstrip(",.;:") in _WITHDRAWN:  # "отозвано 05.10.2026"
        return "withdrawn", (_date(rest[0]) if rest else None) or today.isoformat()
    day = _date(text)
    words = _beside_date(text)
    if day and (not words or words in _YES):  # «01.09.2026», «да, 01.09.2026», «согласие от 01.09.2026 г.»
        return "given", day
    if day and words in _NO:  # «нет 01.09.2026», «отказ от 05.09.2026»: dated, and no consent
        return None
    raise InvalidContact("consent.invalid")


_FILLER = re.compile(r"[\s,.;:()]+|\b(?:от|г|года|с|from|on)\b")


def _beside_date(text: str) -> str:
    """The words of a consent cell around its date, without «от … г.»: «нет», «да» or ''."""
    return " ".join(_FILLER.sub(" ", _DATE.sub(" ", text)).split())


def _date(text: str) -> str | None:
    """The ISO form of a dd.mm.yyyy or yyyy-mm-dd date in `text`; raises if impossible."""
    match = _DATE.search(text)
    if not match:
        return None
    found = re.sub(r"[/-]", ".", match.group(1)) if match.group(1) else match.group(0)
    try:
        return parse_day(found).isoformat()
    except OutreachError as exc:
        raise InvalidContact("consent.invalid") from exc


def year_old_before(today: date) -> str:
    """The ISO day before which a consent is a year old on `today` (September's question):
    one given on 12.09.2025 is a year old from 12.09.2026; on 29.02 a year ago is 28.02."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return (year_ago + timedelta(days=1)).isoformat()


def consent_from_file(record: dict[str, str | None],
                      consent: tuple[str, str] | None) -> dict[str, str | None]:
    """The consent columns a value from a roster file (`parse_consent`) changes in a stored
    guardian's `record`; an unchanged state changes nothing."""
    if consent is None:
        return {}
    status, day = consent
    withdrawn = record.get("consent_withdrawn_at")
    given = bool(record.get("consent_given_at")) and not withdrawn
    if status in ("given", "yes") and not given:
        if withdrawn and (status == "yes" or day <= withdrawn):
            return {}  # the September list's «да» does not undo a withdrawal; a later signed form does
        return {"consent_given_at": day, "consent_withdrawn_at": None}
    if status == "withdrawn" and not withdrawn:
        return {"consent_withdrawn_at": day}
    return {}


@dataclass(frozen=True)
class ConsentState:
    """One guardian's consent columns, as they are stored."""

    given_at: str | None = None
    scope: str | None = None
    withdrawn_at: str | None = None

    @property
    def word(self) -> str:
        """none | given | withdrawn: what the audit says, never who."""
        if self.withdrawn_at:
            return "withdrawn"
        return "given" if self.given_at else "none"

    def after(self, given: bool, stamp: str, scope: str | None) -> ConsentState:
        if given:
            return ConsentState(stamp, scope, None)
        return ConsentState(self.given_at, self.scope, stamp)


@dataclass(frozen=True)
class ConsentChange:
    """What one consent change did, guardian by guardian: enough to undo it exactly."""

    before: dict[int, ConsentState]
    after: dict[int, ConsentState]
    kept: tuple[int, ...] = ()  # withdrawals a bulk record left as they are

    @property
    def count(self) -> int:
        return len(self.after)


def consent_states(db: sqlite_utils.Database,
                   guardian_ids: Iterable[int]) -> dict[int, ConsentState]:
    """The stored consent of these guardians; NotFound names the first unknown id."""
    ids = sorted(set(guardian_ids))
    found = _stored_consent(db, ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(t("There is no guardian with id {id}.", id=missing[0]))
    return found


def _stored_consent(db: sqlite_utils.Database, ids: list[int]) -> dict[int, ConsentState]:
    rows = db.execute("SELECT id, consent_given_at, consent_scope, consent_withdrawn_at"
                      " FROM guardians WHERE id IN (SELECT value FROM json_each(?))",
                      [json.dumps(ids)])
    return {int(i): ConsentState(given, scope, withdrawn) for i, given, scope, withdrawn in rows}


def change_consent(db: sqlite_utils.Database, guardian_ids: Iterable[int], given: bool,
                   day: date | None = None, scope: str | None = None, *,
                   keep_withdrawn: bool = False) -> ConsentChange:
    """Record consent given (with date and scope) or withdrawn for these guardians; each audit
    row names the guardian by id and the old → new state. With `keep_withdrawn` (the school's
    signed forms recorded for a class or everyone) a parent who withdrew consent keeps the
    withdrawal: only a record of that parent's own gives it again."""
    stamp = (day or clock.today()).isoformat()
    with db.atomic():
        before = consent_states(db, guardian_ids)
        kept = tuple(gid for gid, state in before.items() if given and keep_withdrawn and state.withdrawn_at)
        before = {gid: state for gid, state in before.items() if gid not in kept}
        after = {gid: state.after(given, stamp, scope) for gid, state in before.items()}
        _write_consent(db, before, after, "consent_given" if given else "consent_withdrawn")
    return ConsentChange(before, after, kept)


def undo_consent(db: sqlite_utils.Database, change: ConsentChange) -> int:
    """Put back the state `change` replaced, for the guardians nobody has changed since (and
    not forgotten); returns how many."""
    with db.atomic():
        current = _stored_consent(db, sorted(change.after))
        untouched = [gid for gid, state in current.items() if state == change.after[gid]]
        _write_consent(db, {gid: current[gid] for gid in untouched},
                       {gid: change.before[gid] for gid in untouched}, "consent_undone")
    return len(untouched)


def _write_consent(db: sqlite_utils.Database, before: dict[int, ConsentState],
                   after: dict[int, ConsentState], action: str) -> None:
    now = clock.now_iso()
    db.conn.executemany(
        "UPDATE guardians SET consent_given_at = ?, consent_scope = ?, consent_withdrawn_at = ?,"
        " updated_at = ? WHERE id = ?",
        [(s.given_at, s.scope, s.withdrawn_at, now, gid) for gid, s in after.items()])
    audit.record_many(db, action, "guardian", [
        (gid, {"from": before[gid].word, "to": state.word,
               "date": state.withdrawn_at or state.given_at, "scope": state.scope or ""})
        for gid, state in after.items()])


def set_consent(db: sqlite_utils.Database, guardian_ids: Iterable[int], given: bool,
                day: date | None = None, scope: str | None = None) -> int:
    """`change_consent`, counted: how many guardians it recorded."""
    return change_consent(db, guardian_ids, given, day, scope).count
