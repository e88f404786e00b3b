"""Contests, their events and penalty table, teams and results in SQLite."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

import sqlite_utils

from outreach.common import clock
from outreach.common.errors import NotFound, OutreachError
from outreach.common.formats import parse_day
from outreach.common.i18n import LANGUAGES, current_language, t, tn
from outreach.common.value_words import stems
from outreach.contest.fault_names import fault_code, known_fault, names_of
from outreach.contest.fault_names import fault_word as fault_word  # the app's too, from here
from outreach.contest.preset import DEFAULT_PRESET, EventSpec, FaultSpec, load_preset
from outreach.contest.slips import ResultExists, UnusualTime, usual_time
from outreach.contest.standings import DRIVERS, EXERCISE, THEORY, EventRule, Result, driver_label
from outreach.roster import guardians as roster
from outreach.roster.students import get_student
from outreach.store import audit
from outreach.store.db import insert

OPEN, FINISHED = "open", "finished"


class EventJson(TypedDict):
    """An event in `contest show`/`contest board --json`: the kind's own fields, others null."""

    slug: str
    name: str
    kind: str
    driver: str
    questions: int | None
    wrong_points: float | None
    dnf_extra: float | None
    faults: list[str]


class MemberJson(TypedDict):
    id: int
    surname: str
    name: str


class TeamJson(TypedDict):
    """A team in `contest show --json` and the team commands' answers."""

    id: int
    number: int
    name: str
    student: MemberJson | None
    guardians: list[MemberJson]


@dataclass(frozen=True)
class Event(EventSpec):
    """An event as copied into one contest (and editable there)."""

    id: int = 0

    def rule(self) -> EventRule:
        return EventRule(self.slug, self.kind, self.wrong_points, self.questions,
                         self.dnf_extra, self.faults)

    def as_dict(self) -> EventJson:
        return {"slug": self.slug, "name": self.name, "kind": self.kind, "driver": self.driver,
                "questions": self.questions if self.kind == THEORY else None,
                "wrong_points": self.wrong_points if self.kind == THEORY else None,
                "dnf_extra": self.dnf_extra if self.kind == EXERCISE else None,
                "faults": list(self.faults)}


Fault = FaultSpec  # a penalty as copied into one contest


@dataclass(frozen=True)
class Contest:
    id: int
    title: str
    date: str | None
    place: str
    preset: str
    status: str

    @property
    def locked(self) -> bool:
        return self.status == FINISHED


@dataclass(frozen=True)
class Member:
    role: str  # "student" | "guardian"
    person_id: int
    surname: str
    name: str


@dataclass(frozen=True)
class Team:
    id: int
    number: int
    given_name: str | None
    members: tuple[Member, ...]

    @property
    def student(self) -> Member | None:
        return next((m for m in self.members if m.role == "student"), None)

    @property
    def guardians(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.role == "guardian")

    @property
    def name(self) -> str:
        """The name the teacher gave, else the family's (the student's surname, or a remaining
        parent's once the student has left the roster), else «Team N»."""
        if self.given_name:
            return self.given_name
        people = (self.student, *self.guardians) if self.student else self.guardians
        surname = next((m.surname for m in people if m.surname), "")
        return family_name(surname) if surname else t("Team {number}", number=self.number)

    @property
    def people(self) -> str:
        """First names of the student and parents, e.g. «Иван, Анна»."""
        return ", ".join(m.name for m in self.members if m.name)

    def as_dict(self) -> TeamJson:
        student = self.student
        return {"id": self.id, "number": self.number, "name": self.name,
                "student": {"id": student.person_id, "surname": student.surname, "name": student.name}
                if student else None,
                "guardians": [{"id": g.person_id, "surname": g.surname, "name": g.name}
                              for g in self.guardians]}


def family_name(surname: str) -> str:
    """The family's plural surname: Петров → Петровы, Петрова → Петровы, Лесной → Лесные."""
    lower = surname.lower()
    for single, plural in (("ова", "овы"), ("ева", "евы"), ("ёва", "ёвы"), ("ина", "ины"),
                           ("ына", "ыны"), ("ов", "овы"), ("ев", "евы"), ("ёв", "ёвы"),
                           ("ин", "ины"), ("ын", "ыны"), ("ская", "ские"), ("цкая", "цкие"),
                           ("ский", "ские"), ("цкий", "цкие"), ("ой", "ые"), ("ый", "ые"),
                           ("ий", "ие"), ("ая", "ые")):
        if lower.endswith(single) and len(surname) > len(single):
            return surname[: -len(single)] + plural
    return surname


# -- contests ------------------------------------------------------------------------------


def _contest(row: tuple[Any, ...]) -> Contest:
    return Contest(int(row[0]), row[1], row[2], row[3] or "", row[4], row[5])


_CONTEST_SQL = "SELECT id, title, date, place, preset, status FROM contests"


def get_contest(db: sqlite_utils.Database, contest_id: int) -> Contest:
    row = db.execute(f"{_CONTEST_SQL} WHERE id = ?", [contest_id]).fetchone()
    if row is None:
        raise NotFound(t("There is no contest with id {id}.", id=contest_id))
    return _contest(row)


def list_contests(db: sqlite_utils.Database) -> list[Contest]:
    """Newest first: by date, then by id."""
    return [_contest(r) for r in db.execute(
        f"{_CONTEST_SQL} ORDER BY coalesce(date, substr(created_at, 1, 10)) DESC, id DESC")]


def latest_contest(db: sqlite_utils.Database) -> Contest | None:
    contests = list_contests(db)
    return contests[0] if contests else None


def new_contest(db: sqlite_utils.Database, title: str, preset: str = DEFAULT_PRESET,
                day: date | str | None = None, place: str = "") -> int:
    """Create a contest with a copy of the preset's events and penalty table."""
    title = " ".join(title.split())
    if not title:
        raise OutreachError(t("The contest needs a title."))
    if isinstance(day, str):
        day = parse_day(day)
    spec = load_preset(preset)
    with db.atomic():
        cid = insert(db,
            "INSERT INTO contests(title, date, place, preset, status, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [title, day.isoformat() if day else None, " ".join(place.split()), spec.slug, OPEN,
             clock.now_iso()])
        db.conn.executemany(
            "INSERT INTO contest_faults(contest_id, code, points, name_ru, name_en) VALUES (?, ?, ?, ?, ?)",
            [(cid, f.code, f.points, f.name_ru, f.name_en) for f in spec.faults])
        db.conn.executemany(
            "INSERT INTO contest_events(contest_id, position, slug, kind, name_ru, name_en, driver,"
            " questions, wrong_points, dnf_extra, faults) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(cid, pos, e.slug, e.kind, e.name_ru, e.name_en, e.driver, e.questions, e.wrong_points,
              e.dnf_extra, ",".join(e.faults)) for pos, e in enumerate(spec.events, start=1)])
        audit.record(db, "add", "contest", cid, {"preset": spec.slug})
    return cid


def set_status(db: sqlite_utils.Database, contest_id: int, status: str) -> None:
    """Lock a finished contest against result changes, or reopen it."""
    get_contest(db, contest_id)
    with db.atomic():
        db.execute("UPDATE contests SET status = ? WHERE id = ?", [status, contest_id])
        audit.record(db, "finish" if status == FINISHED else "reopen", "contest", contest_id)


def events(db: sqlite_utils.Database, contest_id: int) -> list[Event]:
    return [Event(r[1], r[2], r[3], r[4], r[5], int(r[6]), float(r[7]), float(r[8]),
                  tuple(c for c in (r[9] or "").split(",") if c), id=int(r[0]))
            for r in db.execute(
                "SELECT id, slug, kind, name_ru, name_en, driver, questions, wrong_points, dnf_extra,"
                " faults FROM contest_events WHERE contest_id = ? ORDER BY position, id", [contest_id])]


def faults(db: sqlite_utils.Database, contest_id: int) -> list[Fault]:
    return [Fault(r[0], float(r[1]), r[2], r[3]) for r in db.execute(
        "SELECT code, points, name_ru, name_en FROM contest_faults WHERE contest_id = ? ORDER BY rowid",
        [contest_id])]


def get_event(db: sqlite_utils.Database, contest_id: int, slug: str) -> Event:
    """The event typed by its slug or by its name in either language, in any case or form
    («змейку», «Параллельная парковка»), or by words of one event's name alone («теория»
    for «Теория ПДД», «парковку», «стоп-линия»)."""
    found = events(db, contest_id)
    for event in found:
        if event.slug == slug:
            return event
    typed = stems(slug)
    names = {e.slug: (stems(e.slug), stems(e.name_ru), stems(e.name_en)) for e in found}
    named = [e for e in found if typed in names[e.slug]]
    if not named and typed:
        named = [e for e in found if any(_words_in(typed, name) for name in names[e.slug])]
    if len(named) == 1:
        return named[0]
    raise NotFound(t("This contest has no event '{slug}'; its events are: {known}.", slug=slug,
                     known=", ".join(f"{e.name} ({e.slug})" for e in found)))


def _words_in(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Whether `words` stand together in `name` («стоп лин» in «остановк у стоп лин»)."""
    return any(name[i:i + len(words)] == words for i in range(len(name) - len(words) + 1))


def driver_code(typed: str) -> str:
    """Who drives, typed as a code or in words in either language («родитель», «Ученик и
    родитель по очереди»); refused naming them in the interface language."""
    typed_stems = stems(typed)
    for code in DRIVERS:
        if typed_stems in (stems(code), *(stems(driver_label(code, lang)) for lang in LANGUAGES)):
            return code
    raise OutreachError(t("Unknown driver '{driver}'; use one of: {known}.", driver=typed,
                          known=", ".join(f"{driver_label(code)} ({code})" for code in DRIVERS)))


def edit_event(db: sqlite_utils.Database, contest_id: int, slug: str, *, driver: str | None = None,
               dnf_extra: float | None = None, wrong_points: float | None = None,
               name: str | None = None) -> None:
    """Change an event's scoring in this contest (the preset file stays as it is); `name`
    renames it in the current language."""
    event = get_event(db, contest_id, slug)
    changes: dict[str, object] = {}
    if name is not None:
        name = " ".join(name.split())
        if not name:
            raise OutreachError(t("The event «{event}» needs a name.", event=event.name))
        changes[f"name_{current_language()}"] = name
    if driver is not None:
        driver = driver_code(driver)
        changes["driver"] = driver
    for key, value in (("dnf_extra", dnf_extra), ("wrong_points", wrong_points)):
        if value is not None:
            if value < 0:
                raise OutreachError(t("{field} cannot be negative.", field=key))
            changes[key] = value
    if not changes:
        return
    with db.atomic():
        db.table("contest_events").update(event.id, changes)
        audit.record(db, "edit", "contest_event", event.id, {"fields": sorted(changes)})


def set_fault_points(db: sqlite_utils.Database, contest_id: int, code: str, points: float) -> None:
    get_contest(db, contest_id)
    code = fault_code(code)
    if points < 0:
        raise OutreachError(t("{field} cannot be negative.", field=fault_word(code)))
    with db.atomic():
        updated = db.execute("UPDATE contest_faults SET points = ? WHERE contest_id = ? AND code = ?",
                             [points, contest_id, code]).rowcount
        if not updated:
            raise NotFound(t("This contest has no fault '{code}'; its faults are: {known}.", code=code,
                             known=names_of(f.code for f in faults(db, contest_id))))
        audit.record(db, "edit", "contest_fault", contest_id, {"code": code})


@dataclass(frozen=True)
class EventChange:
    """What the setup dialog changes in one event (None: leave as it is)."""

    name: str | None = None
    driver: str | None = None
    points: float | None = None  # per wrong answer (theory) or added for a DNF (exercise)


def edit_setup(db: sqlite_utils.Database, contest_id: int, changes: Mapping[str, EventChange],
               fault_points: Mapping[str, float]) -> None:
    """Several events and penalties changed at once: all of them, or none when one is refused."""
    kinds = {e.slug: e.kind for e in events(db, contest_id)}
    with db.atomic():
        for slug, change in changes.items():
            points = {"wrong_points" if kinds.get(slug) == THEORY else "dnf_extra": change.points}
            edit_event(db, contest_id, slug, name=change.name, driver=change.driver, **points)
        for code, value in fault_points.items():
            set_fault_points(db, contest_id, code, value)


# -- teams ---------------------------------------------------------------------------------

_TEAMS_SQL = """
SELECT tm.id, tm.number, tm.name, m.student_id, m.guardian_id,
    coalesce(s.surname, g.surname), coalesce(s.name, g.name)
FROM contest_teams tm
LEFT JOIN contest_team_members m ON m.team_id = tm.id
LEFT JOIN students s ON s.id = m.student_id
LEFT JOIN guardians g ON g.id = m.guardian_id
WHERE tm.contest_id = ?
ORDER BY tm.number, m.position
"""


def teams(db: sqlite_utils.Database, contest_id: int) -> list[Team]:
    """The contest's teams by start number, with their members' names from the roster."""
    found: dict[int, tuple[int, str | None, list[Member]]] = {}
    for tid, number, name, sid, gid, surname, first in db.execute(_TEAMS_SQL, [contest_id]):
        entry = found.setdefault(tid, (number, name, []))
        if sid is not None:
            entry[2].append(Member("student", sid, surname or "", first or ""))
        elif gid is not None:
            entry[2].append(Member("guardian", gid, surname or "", first or ""))
    return [Team(tid, number, name, tuple(members)) for tid, (number, name, members) in found.items()]


def student_teams(db: sqlite_utils.Database, student_id: int) -> list[str]:
    """The teams a student drives in, as «команда 1 (Моя автомобильная семья 2025)»."""
    rows = db.execute(
        "SELECT t.number, c.title FROM contest_team_members m JOIN contest_teams t ON t.id = m.team_id"
        " JOIN contests c ON c.id = t.contest_id WHERE m.student_id = ? ORDER BY c.id, t.number",
        [student_id])
    return [t("team {number} ({contest})", number=number, contest=title) for number, title in rows]


def team_by_number(db: sqlite_utils.Database, contest_id: int, number: int) -> int:
    row = db.execute("SELECT id FROM contest_teams WHERE contest_id = ? AND number = ?",
                     [contest_id, number]).fetchone()
    if row is None:
        raise NotFound(t("This contest has no team with start number {number}.", number=number))
    return int(row[0])


def add_team(db: sqlite_utils.Database, contest_id: int, student_id: int,
             guardian_ids: Iterable[int], name: str | None = None,
             number: int | None = None, any_guardian: bool = False) -> tuple[int, int]:
    """Enter a team (a student and one or more guardians); returns (team id, start number).
    Each guardian must be linked to the student in the roster, unless `any_guardian` (a
    relative the roster does not link, confirmed by the teacher)."""
    _open_contest(db, contest_id)
    get_student(db, student_id)
    guardians = _existing_guardians(db, guardian_ids)
    if number is not None and number < 1:
        raise OutreachError(t("The start number must be a positive whole number, not {number}.", number=number))
    with db.atomic():
        busy = db.execute(
            "SELECT tm.number FROM contest_team_members m JOIN contest_teams tm ON tm.id = m.team_id"
            " WHERE tm.contest_id = ? AND m.student_id = ?", [contest_id, student_id]).fetchone()
        if busy:
            raise OutreachError(t("This student already drives for team {number} in this contest.", number=busy[0]))
        strangers = [] if any_guardian else unlinked_guardians(db, student_id, guardians)
        if strangers:
            raise OutreachError(t("Guardian {guardian} is not linked to student {student} in the roster; link them there, or add --any-guardian if this relative drives with the child.", guardian=strangers[0],
                                  student=student_id))
        if number is None:
            number = next_number(db, contest_id)
        else:
            _check_number_free(db, contest_id, number)
        given = " ".join((name or "").split()) or None
        tid = insert(db,
            "INSERT INTO contest_teams(contest_id, number, name, created_at) VALUES (?, ?, ?, ?)",
            [contest_id, number, given, clock.now_iso()])
        rows = [(tid, 1, student_id, None)] + [(tid, pos, None, gid)
                                               for pos, gid in enumerate(guardians, start=2)]
        db.conn.executemany("INSERT INTO contest_team_members(team_id, position, student_id,"
                            " guardian_id) VALUES (?, ?, ?, ?)", rows)
        audit.record(db, "add", "contest_team", tid, {"contest": contest_id, "number": number})
    return tid, number


def next_number(db: sqlite_utils.Database, contest_id: int) -> int:
    """The start number a new team gets unless told otherwise: one past the highest."""
    return int(db.execute("SELECT coalesce(max(number), 0) + 1 FROM contest_teams"
                          " WHERE contest_id = ?", [contest_id]).fetchone()[0])


def _check_number_free(db: sqlite_utils.Database, contest_id: int, number: int) -> None:
    if db.execute("SELECT 1 FROM contest_teams WHERE contest_id = ? AND number = ?",
                  [contest_id, number]).fetchone():
        raise OutreachError(t("Start number {number} is already taken in this contest.", number=number))


def _existing_guardians(db: sqlite_utils.Database, guardian_ids: Iterable[int]) -> list[int]:
    """The guardians once each, in the order given; at least one, each in the roster."""
    guardians = list(dict.fromkeys(guardian_ids))
    if not guardians:
        raise OutreachError(t("A team needs at least one guardian (--guardian ID)."))
    for gid in guardians:
        roster.get_guardian(db, gid)
    return guardians


def _open_contest(db: sqlite_utils.Database, contest_id: int) -> None:
    """Refuse a contest that is finished (locked against changes), or one that is not there."""
    contest = get_contest(db, contest_id)
    if contest.locked:
        raise OutreachError(t("The contest «{title}» is finished and locked; reopen it to change results.", title=contest.title))


def edit_team(db: sqlite_utils.Database, contest_id: int, number: int, *,
              name: str | None = None, new_number: int | None = None,
              guardian_ids: Iterable[int] | None = None, any_guardian: bool = False) -> int:
    """Change a team's name (an empty one goes back to the family's name), start number or
    guardians (the same checks as `add_team`); its results stay. Returns the start number."""
    _open_contest(db, contest_id)
    team_id = team_by_number(db, contest_id, number)
    current = next(tm for tm in teams(db, contest_id) if tm.id == team_id)
    if new_number is not None and new_number < 1:
        raise OutreachError(t("The start number must be a positive whole number, not {number}.", number=new_number))
    guardians = None if guardian_ids is None else _existing_guardians(db, guardian_ids)
    with db.atomic():
        if new_number is not None and new_number != number:
            _check_number_free(db, contest_id, new_number)
        if guardians is not None:
            student = current.student
            if student is not None and not any_guardian:
                strangers = unlinked_guardians(db, student.person_id, guardians)
                if strangers:
                    raise OutreachError(t("Guardian {guardian} is not linked to student {student} in the roster; link them there, or add --any-guardian if this relative drives with the child.", guardian=strangers[0],
                                          student=student.person_id))
            db.execute("DELETE FROM contest_team_members"
                       " WHERE team_id = ? AND guardian_id IS NOT NULL", [team_id])
            db.conn.executemany("INSERT INTO contest_team_members(team_id, position, guardian_id)"
                                " VALUES (?, ?, ?)",
                                [(team_id, pos, gid) for pos, gid in enumerate(guardians, start=2)])
        given = current.given_name if name is None else (" ".join(name.split()) or None)
        final = number if new_number is None else new_number
        db.execute("UPDATE contest_teams SET number = ?, name = ? WHERE id = ?",
                   [final, given, team_id])
        audit.record(db, "edit", "contest_team", team_id, {"contest": contest_id, "number": final})
    return final


def results_withdrawn_with(db: sqlite_utils.Database, contest_id: int, number: int) -> int:
    """How many results withdrawing the team would remove (refused as `withdraw_team` is: a
    finished contest, a number no team has)."""
    _open_contest(db, contest_id)
    team_id = team_by_number(db, contest_id, number)
    return int(db.execute("SELECT count(*) FROM contest_results WHERE team_id = ?", [team_id]).fetchone()[0])


def withdraw_team(db: sqlite_utils.Database, contest_id: int, number: int) -> int:
    """Take a team out of the contest together with its results; returns how many results
    were removed."""
    _open_contest(db, contest_id)
    team_id = team_by_number(db, contest_id, number)
    with db.atomic():
        removed = db.execute("DELETE FROM contest_results WHERE team_id = ?", [team_id]).rowcount
        db.execute("DELETE FROM contest_team_members WHERE team_id = ?", [team_id])
        db.execute("DELETE FROM contest_teams WHERE id = ?", [team_id])
        audit.record(db, "withdraw", "contest_team", team_id,
                     {"contest": contest_id, "number": number, "results": removed})
    return removed


_MEMBERS_NAMED = """
SELECT DISTINCT tm.id, tm.name, coalesce(s.surname, g.surname), coalesce(s.name, g.name)
FROM contest_teams tm JOIN contest_team_members m ON m.team_id = tm.id
LEFT JOIN students s ON s.id = m.student_id LEFT JOIN guardians g ON g.id = m.guardian_id
WHERE tm.name IS NOT NULL AND (m.guardian_id IN (SELECT value FROM json_each(?))
                               OR m.student_id IN (SELECT value FROM json_each(?)))
"""


def unname_teams_of(db: sqlite_utils.Database, guardians: Iterable[int],
                    students: Iterable[int]) -> int:
    """Before these people are erased: clear the given name of each team of theirs that names
    them («Петровы-Скорость», «Команда Лесных»); a name like «Ракета» stays. Returns how many
    names were cleared. Call inside the erasure's transaction."""
    found: dict[int, tuple[str, list[str]]] = {}
    for tid, name, surname, first in db.execute(
            _MEMBERS_NAMED, [json.dumps(sorted(guardians)), json.dumps(sorted(students))]):
        found.setdefault(tid, (name, []))[1].extend(w for w in (surname, first) if w)
    cleared = [tid for tid, (name, words) in found.items() if _names_anyone(name, words)]
    db.conn.executemany("UPDATE contest_teams SET name = NULL WHERE id = ?", [(tid,) for tid in cleared])
    return len(cleared)


def _names_anyone(team_name: str, words: Iterable[str]) -> bool:
    """Whether the team's name holds one of these surnames or first names, in any case form
    (Петрова → «Петровых», Лесной → «Лесные»)."""
    text = team_name.casefold()
    for word in words:
        plural = family_name(word)
        forms = {word, plural[:-1] if plural != word else word}
        if any(form.casefold() in text for form in forms if form):
            return True
    return False


def unlinked_guardians(db: sqlite_utils.Database, student_id: int,
                       guardian_ids: Iterable[int]) -> list[int]:
    """The guardians the roster does not link to the student, in the order given."""
    linked = {g for (g,) in db.execute(
        "SELECT guardian_id FROM student_guardians WHERE student_id = ?", [student_id])}
    return [gid for gid in guardian_ids if gid not in linked]


# -- results -------------------------------------------------------------------------------


def parse_faults(items: Iterable[str]) -> dict[str, int]:
    """`cone`, `cone=2`, `конус=2`, and as the form reads them, `конус 2`, `2 конуса` →
    {"cone": n}; repeated faults add up."""
    counts: dict[str, int] = {}
    for item in items:
        word, sep, count = item.partition("=")
        if not sep and known_fault(word) is None and _COUNTED.search(word.strip()):
            for code, n in read_faults(word).items():
                counts[code] = counts.get(code, 0) + n
            continue
        code = fault_code(word)
        try:
            n = int(count) if sep else 1
        except ValueError:
            raise OutreachError(t("--fault {item}: use CODE or CODE=COUNT with a whole number.", item=item)) from None
        if not code or n < 0:
            raise OutreachError(t("--fault {item}: use CODE or CODE=COUNT with a whole number.", item=item))
        counts[code] = counts.get(code, 0) + n
    return {code: n for code, n in counts.items() if n}


_COUNTED = re.compile(r"\d|\s")  # «конус 2», «2 конуса», «конус заглох»: a line of faults
_FAULT_TOKENS = re.compile(r"(?P<count>\d+)|(?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)|(?P<gap>\s+)|(?P<mark>[,;=×*])|(?P<bad>.)")
_TIMES = {"x", "х"}  # «конус х2»
_LONGEST_NAME = 3  # words in a fault's name («сбит конус», «стоп линия»)


def read_faults(text: str) -> dict[str, int]:
    """Faults as typed in one line of the result form: «конус=2 заглох», «конус 2», «2 конуса»,
    «конус ×2», «стоп линия»; a count belongs to the fault before it, else to the one after."""
    tokens: list[tuple[str, str]] = []
    for found in _FAULT_TOKENS.finditer(text):
        kind = found.lastgroup or "bad"
        if kind == "bad":
            raise OutreachError(t("«{value}» is not a list of faults: type each fault with its count, e.g. cone 2, stall.", value=text.strip()))
        if kind == "word" and found.group().casefold() in _TIMES:
            continue
        if kind != "gap":
            tokens.append((kind, found.group()))
    faults: list[tuple[str, int, bool]] = []  # code, count, whether the count was typed
    waiting: int | None = None
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "word":
            code, i = _fault_name(tokens, i)
            faults.append((code, 1 if waiting is None else waiting, waiting is not None))
            waiting = None
            continue
        if kind == "count" and waiting is None and faults and not faults[-1][2]:
            faults[-1] = (faults[-1][0], int(value), True)
        elif kind == "count" and waiting is None:
            waiting = int(value)
        elif kind == "count":
            break  # two counts in a row: refused below
        i += 1
    if waiting is not None:
        raise OutreachError(t("«{value}» is not a list of faults: type each fault with its count, e.g. cone 2, stall.", value=text.strip()))
    total: dict[str, int] = {}
    for code, n, _typed in faults:
        total[code] = total.get(code, 0) + n
    return {code: n for code, n in total.items() if n}


def _fault_name(tokens: list[tuple[str, str]], start: int) -> tuple[str, int]:
    """The fault named by the words from `start` (the most words that name one), and where
    the next token is; an unknown word as typed, for `score` to refuse."""
    end = start
    while end < len(tokens) and tokens[end][0] == "word" and end - start < _LONGEST_NAME:
        end += 1
    for stop in range(end, start, -1):
        code = known_fault(" ".join(value for _, value in tokens[start:stop]))
        if code is not None:
            return code, stop
    return tokens[start][1], start + 1


def score(db: sqlite_utils.Database, contest_id: int, number: int, slug: str, *,
          time: float | None = None, wrong: int | None = None,
          faults_: Mapping[str, int] | None = None, dnf: bool = False,
          dsq: str | None = None, confirmed: bool = False, replace: bool = True,
          replaces: Result | None = None) -> Result | None:
    """Enter (or replace) a team's result in an event; returns the result it replaced. A
    driving time far from the other teams' (`slips.usual_time`) is refused with UnusualTime
    unless `confirmed`; a different result replacing one entered before, with ResultExists
    unless `replace` or it is `replaces` (the one the judge saw and agreed to replace: another
    program's entry since is asked about again). Checked and written in one transaction."""
    _open_contest(db, contest_id)
    team_id = team_by_number(db, contest_id, number)
    event = get_event(db, contest_id, slug)
    fault_counts = dict(faults_ or {})
    if dsq is not None:
        dsq = " ".join(dsq.split())
        if not dsq:
            raise OutreachError(t("A disqualification needs a reason, e.g. --dsq 'seat belt'."))
    if time is not None and (time < 0 or time != time or time == float("inf")):
        raise OutreachError(t("The time must be zero or more seconds, not {time}.", time=time))
    if dnf and time is not None:
        raise OutreachError(t("Give either a time or --dnf, not both."))
    unknown = [c for c in fault_counts if c not in event.faults]
    if unknown:
        raise OutreachError(t("'{code}' is not a fault of {event}; its faults are: {known}.", code=fault_word(unknown[0]), event=event.name,
                              known=names_of(event.faults)))
    if event.kind == THEORY:
        if wrong is None and not dnf and dsq is None:
            raise OutreachError(t("{event}: give the number of wrong answers (--wrong N), --dnf or --dsq.", event=event.name))
        if wrong is not None and not 0 <= wrong <= event.questions:
            raise OutreachError(tn("Impossible number of wrong answers: {wrong}; the ticket has {n} question.",
                                   "Impossible number of wrong answers: {wrong}; the ticket has {n} questions.", event.questions, wrong=wrong))
    else:
        if wrong is not None:
            raise OutreachError(t("{event} is a driving exercise: give --time and faults, not --wrong.", event=event.name))
        if time is None and not dnf and dsq is None:
            raise OutreachError(t("{event}: give the time (--time SEC), --dnf or --dsq.", event=event.name))
    with db.atomic():
        kept = _kept_result(db, team_id, event.id)
        if kept is not None and not replace and kept not in (Result(time, wrong, fault_counts, dnf, dsq), replaces):
            raise ResultExists(number, event.name, kept)
        if event.kind != THEORY and time is not None and not confirmed:
            _check_usual(db, event, team_id, time)
        db.execute(
            "INSERT INTO contest_results(team_id, event_id, time, wrong, faults, dnf, dsq, entered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(team_id, event_id) DO UPDATE SET"
            " time = excluded.time, wrong = excluded.wrong, faults = excluded.faults,"
            " dnf = excluded.dnf, dsq = excluded.dsq, entered_at = excluded.entered_at",
            [team_id, event.id, time, wrong, json.dumps(fault_counts, sort_keys=True), int(dnf), dsq,
             clock.now_iso()])
        audit.record(db, "rescore" if kept is not None else "score", "contest_result", team_id,
                     {"contest": contest_id, "number": number, "event": slug})
    return kept


def _check_usual(db: sqlite_utils.Database, event: Event, team_id: int, time: float) -> None:
    """UnusualTime when `time` is far from the other teams' finishing times in `event`."""
    others = [other for (other,) in db.execute(
        "SELECT time FROM contest_results WHERE event_id = ? AND team_id <> ? AND time IS NOT NULL"
        " AND NOT dnf AND dsq IS NULL", [event.id, team_id])]
    usual = usual_time(time, others)
    if usual is not None:
        raise UnusualTime(time, usual, event.name)


def _kept_result(db: sqlite_utils.Database, team_id: int, event_id: int) -> Result | None:
    row = db.execute("SELECT time, wrong, faults, dnf, dsq FROM contest_results WHERE team_id = ? AND event_id = ?",
                     [team_id, event_id]).fetchone()
    if row is None:
        return None
    time, wrong, fault_json, dnf, dsq = row
    return Result(time, wrong, json.loads(fault_json or "{}"), bool(dnf), dsq)


def result_of(db: sqlite_utils.Database, contest_id: int, number: int, slug: str) -> Result | None:
    """The team's result in the event as it is stored now, None when it has none."""
    return _kept_result(db, team_by_number(db, contest_id, number), get_event(db, contest_id, slug).id)


def restore_result(db: sqlite_utils.Database, contest_id: int, number: int, slug: str,
                   result: Result | None, expected: Result | None) -> Result | None:
    """Put a team's result in an event back as `result` (None: no result), as an undo or a
    removal does, only while the stored one is still `expected` (one transaction: another
    program's write in between is never overwritten). Returns the result stored before: when
    it is not `expected`, nothing was changed."""
    with db.atomic():
        stored = result_of(db, contest_id, number, slug)
        if stored != expected:
            return stored
        if result is None:
            clear_result(db, contest_id, number, slug)
        else:
            score(db, contest_id, number, slug, time=result.time, wrong=result.wrong,
                  faults_=result.faults, dnf=result.dnf, dsq=result.dsq, confirmed=True)
    return stored


def clear_result(db: sqlite_utils.Database, contest_id: int, number: int, slug: str) -> Result | None:
    """Remove a team's result in an event; returns the result removed (None: it had none)."""
    _open_contest(db, contest_id)
    team_id = team_by_number(db, contest_id, number)
    event = get_event(db, contest_id, slug)
    with db.atomic():
        gone = _kept_result(db, team_id, event.id)
        if gone is not None:
            db.execute("DELETE FROM contest_results WHERE team_id = ? AND event_id = ?", [team_id, event.id])
            audit.record(db, "clear", "contest_result", team_id,
                         {"contest": contest_id, "number": number, "event": slug})
    return gone


def results(db: sqlite_utils.Database, contest_id: int) -> dict[tuple[int, str], Result]:
    """Every result of the contest keyed by (team id, event slug)."""
    found: dict[tuple[int, str], Result] = {}
    parsed: dict[str, dict[str, int]] = {"{}": {}}
    for tid, slug, time, wrong, fault_json, dnf, dsq in db.execute(
            "SELECT r.team_id, e.slug, r.time, r.wrong, r.faults, r.dnf, r.dsq FROM contest_results r"
            " JOIN contest_events e ON e.id = r.event_id WHERE e.contest_id = ?", [contest_id]):
        counts = parsed.get(fault_json or "{}")
        if counts is None:
            counts = parsed[fault_json] = json.loads(fault_json)
        found[(tid, slug)] = Result(time, wrong, counts, bool(dnf), dsq)
    return found
