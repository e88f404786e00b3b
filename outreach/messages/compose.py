"""Composing a message: audience, per-parent context, the plan as delivery rows, preview,
the delivery log and retry. Sending lives in `outreach.messages.delivery`."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypedDict

import sqlite_utils

from outreach.channels.preferences import Reach, reachability
from outreach.channels.telegram_link import personal_link, public_link
from outreach.common import clock
from outreach.common.channel_names import BROADCAST, PERSONAL, parse_channel
from outreach.common.errors import NotFound, OutreachError
from outreach.common.formats import show_day
from outreach.common.groups import canonical_group, class_list, existing_group
from outreach.common.i18n import N_, NP_, current_language, t, tn
from outreach.common.value_words import Vocabulary
from outreach.messages import attachments as message_attachments
from outreach.messages import templates
from outreach.messages.name_cases import PARENTS, person
from outreach.messages.template_tokens import condition_words, field_word
from outreach.roster.guardians import get_guardian
from outreach.roster.students import get_student
from outreach.settings.values import all_settings
from outreach.store import audit
from outreach.store.db import insert
from outreach.store.order import name_order

MODES = ("preferred", "duplicate")
# a mode typed by its code or its name («удобный канал», «все каналы»)
MODE_WORDS = Vocabulary({"preferred": (N_("preferred channel"),), "duplicate": (N_("every channel"),)},
                        N_("Unknown mode {typed}: use {known}."))
# an audience's kind (before its colon) typed by its code or its word («группа:10Б»)
AUDIENCE_KINDS = Vocabulary({"all": (NP_("audience", "all"), N_("all parents")),
                             "group": (NP_("audience", "group"),), "guardian": (NP_("audience", "parent"),),
                             "student": (NP_("audience", "child"),),
                             "not-answered": (NP_("audience", "not answered"),)},
                            N_("Audience {typed}: use all, group:NAME, guardian:ID, guardian:ID:student:ID, "
                               "student:ID or not-answered:SURVEY_ID."),
                            aliases={"group": ("класс",), "guardian": ("опекун",)})
STATUSES = ("queued", "sending", "sent", "exported", "failed", "skipped", "unknown")
NO_CHANNEL = ""
_FEMALE_RELATIONS = {"mother", "grandmother", "stepmother", "aunt", "sister"}
_MALE_RELATIONS = {"father", "grandfather", "stepfather", "uncle", "brother"}


# --- audience -------------------------------------------------------------------------

def parse_audience(specs: Iterable[str]) -> list[tuple[str, str]]:
    """`all`, `group:NAME`, `guardian:ID`, `guardian:ID:student:ID` (that parent, about that
    child of theirs), `student:ID` (the child's parents, about that child),
    `not-answered:SURVEY_ID` → (kind, value) pairs, a parent's child as «12:student:34»; a kind
    typed in words as well («все», «группа:10Б», «родитель:7:ребёнок:9», «не ответили:2»); a
    class with its letter alone («10А») is that group, and several may be named, with or
    without `group:` («10А, 10Б», «10А 10Б», «10а и 10б»)."""
    result = []
    for spec in specs:
        typed_kind, sep, value = spec.strip().partition(":")
        kind = AUDIENCE_KINDS.match(typed_kind)
        value = value.strip()
        if kind == "all" and not sep:
            result.append(("all", ""))
        elif not sep and (groups := class_list(spec)):
            result += [("group", group) for group in groups]  # «10А» or «10А 10Б» typed alone: the classes
        elif not sep or kind in (None, "all") or not value:
            raise OutreachError(t(AUDIENCE_KINDS.refusal, typed=spec))
        elif kind == "group":  # «группа:10А, 10Б», «группа:10а и 10б»: each class
            result += [(kind, group) for name in re.split(r"[,;]", value) if name.strip()
                       for group in class_list(name) or [canonical_group(name)]]
        else:
            result.append((kind, _ids(spec, kind, value)))
    return result or [("all", "")]


def _ids(spec: str, kind: str, value: str) -> str:
    """An entry's id, or a parent's and their child's («12:student:34», typed «12:ребёнок:34»)."""
    ids = value.split(":")
    if len(ids) == 3 and kind == "guardian" and AUDIENCE_KINDS.match(ids[1]) == "student":
        ids = [ids[0], ids[2]]
    elif len(ids) != 1:
        raise OutreachError(t(AUDIENCE_KINDS.refusal, typed=spec))
    ids = [i.strip() for i in ids]
    if not all(i.isdigit() for i in ids):
        raise OutreachError(t("Audience {spec}: the id must be a number.", spec=spec))
    return ":student:".join(ids)


def guardian_spec(guardian_id: int, student_id: int | None = None) -> str:
    """The audience entry of one parent, about one child of theirs when given."""
    return f"guardian:{guardian_id}" if student_id is None else f"guardian:{guardian_id}:student:{student_id}"


def _parent_and_child(value: str) -> tuple[int, int | None]:
    """A `guardian` entry's value (`parse_audience`) → the parent's id and the child's, if named."""
    guardian, _, child = value.partition(":student:")
    return int(guardian), int(child) if child else None


def _survey_tables(db: sqlite_utils.Database) -> bool:
    return {"surveys", "survey_responses"} <= set(db.table_names())


def resolve_audience(db: sqlite_utils.Database, specs: list[tuple[str, str]]) -> list[int]:
    """Selectors (all, group, guardian, student) are joined; `not-answered` filters them (or everyone)."""
    chosen: set[int] = set()
    selectors = [s for s in specs if s[0] != "not-answered"]
    filters = [s for s in specs if s[0] == "not-answered"]
    if not selectors:
        selectors = [("all", "")]
    for kind, value in selectors:
        if kind == "all":
            chosen |= {i for (i,) in db.execute("SELECT id FROM guardians")}
        elif kind == "group":
            value = existing_group(db, value)
            chosen |= {i for (i,) in db.execute(
                "SELECT DISTINCT sg.guardian_id FROM student_guardians sg JOIN students s ON s.id = sg.student_id"
                " JOIN groups gr ON gr.id = s.group_id WHERE gr.name = ?", [value])}
        elif kind == "guardian":
            guardian_id, student_id = _parent_and_child(value)
            if student_id is not None:
                _check_child(db, f"{_spelled(kind)}:{guardian_id}:{_spelled('student')}:{student_id}", guardian_id, student_id)
            elif not db.execute("SELECT 1 FROM guardians WHERE id = ?", [guardian_id]).fetchone():
                raise NotFound(t("There is no guardian with id {id}.", id=guardian_id))
            chosen.add(guardian_id)
        elif kind == "student":
            get_student(db, int(value))  # NotFound in words
            chosen |= {i for (i,) in db.execute(
                "SELECT guardian_id FROM student_guardians WHERE student_id = ?", [int(value)])}
    for _, value in filters:
        if not _survey_tables(db):
            raise OutreachError(t("Surveys are not available in this database yet, so not-answered cannot be used."))
        if not db.execute("SELECT 1 FROM surveys WHERE id = ?", [int(value)]).fetchone():
            raise NotFound(t("There is no survey with id {id}.", id=value))
        answered = {i for (i,) in db.execute(
            "SELECT DISTINCT guardian_id FROM survey_responses WHERE survey_id = ? AND guardian_id IS NOT NULL",
            [int(value)])}
        chosen -= answered
    return sorted(chosen)


def _spelled(kind: str) -> str:
    """An audience kind as the teacher types it: the code in English, the word otherwise."""
    return kind if current_language() == "en" else AUDIENCE_KINDS.shown(kind)


def _check_child(db: sqlite_utils.Database, spec: str, guardian_id: int, student_id: int) -> None:
    """Refuse an unknown parent or child, and a child named for a parent who is not theirs
    (naming the parent's children)."""
    guardian = get_guardian(db, guardian_id)
    if any(child.id == student_id for child in guardian.students):
        return
    child = get_student(db, student_id)
    theirs = ", ".join(t("{name} ({group}, id {id})", name=c.short_name, group=c.group or "—", id=c.id)
                       for c in guardian.students)
    refusal = t("Audience {spec}: {child} (id {child_id}) is not a child of {parent} (id {parent_id}).",
                spec=spec, child=child.short_name, child_id=student_id, parent=guardian.full_name,
                parent_id=guardian_id)
    more = (t("Their children: {children}.", children=theirs) if theirs
            else t("They have no child in the roster."))
    raise OutreachError(f"{refusal} {more}")


# --- context --------------------------------------------------------------------------

_RECIPIENTS_SQL = """
SELECT g.id, g.surname, g.name, g.patronymic FROM guardians g
WHERE g.id IN (SELECT value FROM json_each(?))
"""
_CHILDREN_SQL = f"""
SELECT sg.guardian_id, s.id, s.surname, s.name, s.patronymic, gr.name, sg.relation
FROM student_guardians sg JOIN students s ON s.id = sg.student_id LEFT JOIN groups gr ON gr.id = s.group_id
WHERE sg.guardian_id IN (SELECT value FROM json_each(?))
ORDER BY sg.guardian_id, {name_order("s")}, s.id
"""


def _gender(patronymic: str, name: str, relations: list[str]) -> str:
    low = patronymic.lower()
    if low.endswith(("вна", "чна", "кызы", "гызы")):
        return "f"
    if low.endswith(("вич", "ич", "оглы", "улы")):
        return "m"
    if relations and all(r in _FEMALE_RELATIONS for r in relations):
        return "f"
    if relations and all(r in _MALE_RELATIONS for r in relations):
        return "m"
    return ""


def guardian_context(surname: str, name: str, patronymic: str, gender: str, lang: str) -> dict[str, str]:
    """A parent's fields; the names know their parts and gender for the case filters."""
    names = person(surname, name, patronymic, gender)
    polite = names["polite"]
    if lang == "ru":
        dear = {"f": "Уважаемая", "m": "Уважаемый"}.get(gender)
        dear = f"{dear} {polite}" if dear else f"Здравствуйте, {polite}"
    else:
        title = {"f": "Ms", "m": "Mr"}.get(gender)
        dear = f"Dear {title} {surname}" if title and surname else f"Dear {polite}"
    return {**names, "dear": dear, "gender": gender}


def school_links(settings: dict[str, str]) -> dict[str, str]:
    """The school's group and site links from settings `links.*`, without the prefix."""
    return {k.removeprefix("links."): v for k, v in settings.items() if k.startswith("links.") and v}


def base_context(settings: dict[str, str], lang: str, variables: dict[str, str], title: str) -> dict[str, object]:
    links = school_links(settings)
    return {"teacher": settings.get("teacher_name", ""), "school": settings.get("school_name", ""),
            "links": links, "today": show_day(clock.today(), lang), "message": {"title": title},
            "telegram_link": public_link(settings), **variables}


def broadcast_context(base: dict[str, object], lang: str) -> dict[str, object]:
    """For posts and memos: no parent's or child's personal data, a plural address."""
    dear = "Уважаемые родители" if lang == "ru" else "Dear parents"
    polite = PARENTS if lang == "ru" else "parents"
    return {**base, "guardian": {"surname": "", "name": "", "patronymic": "", "full_name": "",
                                 "polite": polite, "dear": dear, "gender": ""},
            "students": [], "student": None, "group": ""}


@dataclass(frozen=True)
class Meant:
    """Which child of a parent a message is about, by its audience (`meant_children`): a child
    named for that parent or for each of the child's parents, in the audience's order; then a
    child in a class written to (a mother of Глеб in 10А and Алиса in 10Б reads «Алиса, 10Б» in
    a message to 10Б); then the first by name."""

    children: tuple[tuple[int | None, int], ...] = ()
    """(the parent, None for each of the child's; the child)"""
    groups: tuple[str, ...] = ()
    """canonical, as parse_audience and the stored classes are"""

    def rank(self, guardian_id: int, student_id: int, group: str) -> int:
        """Where a parent's child stands among their children (lowest: the child meant)."""
        for place, (parent, child) in enumerate(self.children):
            if child == student_id and parent in (None, guardian_id):
                return place
        return len(self.children) + (group not in self.groups)


def meant_children(specs: Iterable[tuple[str, str]]) -> Meant:
    """The children and classes an audience (`parse_audience`'s pairs) names."""
    children: list[tuple[int | None, int]] = []
    groups: list[str] = []
    for kind, value in specs:
        if kind == "group":
            groups.append(value)
        elif kind == "student":
            children.append((None, int(value)))
        elif kind == "guardian":
            guardian_id, student_id = _parent_and_child(value)
            if student_id is not None:
                children.append((guardian_id, student_id))
    return Meant(tuple(children), tuple(groups))


def audience_meant(audience: Iterable[str]) -> Meant:
    """`meant_children` of a stored audience (nothing meant when it no longer parses)."""
    try:
        return meant_children(parse_audience(audience))
    except OutreachError:
        return Meant()


def recipient_contexts(db: sqlite_utils.Database, guardian_ids: Iterable[int], base: dict[str, object],
                       lang: str, meant: Meant = Meant()) -> dict[int, dict[str, object]]:
    """Each parent's context; their children in `meant`'s order, the child meant `student`."""
    ids = json.dumps(sorted(set(guardian_ids)))
    children: dict[int, list[tuple[int, dict[str, str]]]] = {}
    for gid, sid, s, n, p, g, r in db.execute(_CHILDREN_SQL, [ids]):
        names = person(s, n, p or "")
        children.setdefault(gid, []).append((sid, {
            **names, "first_name": names["name"], "group": g or "", "relation": r or ""}))
    result: dict[int, dict[str, object]] = {}
    for gid, surname, name, patronymic in db.execute(_RECIPIENTS_SQL, [ids]):
        ranked = sorted(children.get(gid, []), key=lambda child: meant.rank(gid, child[0], child[1]["group"]))
        students = [student for _, student in ranked]
        gender = _gender(patronymic, name, [s["relation"] for s in students])
        context = dict(base)
        context["guardian"] = guardian_context(surname, name, patronymic, gender, lang)
        context["students"] = students
        context["student"] = students[0] if students else None
        context["group"] = students[0]["group"] if students else ""
        context["telegram_link"] = personal_link(db, gid)
        result[gid] = context
    return result


_STAND_IN_CHILD = {"surname": "-", "name": "-", "first_name": "-", "patronymic": "-", "full_name": "-",
                   "group": "-", "relation": "-"}


def render_childless(source: str, context: dict[str, object], lang: str) -> str:
    """`templates.render` for a context without a child (a public post, the paper memo, a
    parent with no child in the roster): a text that needs one is refused in the teacher's
    words, not Jinja's «'None' has no attribute 'name'»."""
    try:
        return templates.render(source, context)
    except OutreachError as error:
        if context.get("student") is not None:
            raise
        try:
            templates.render(source, {**context, "student": _STAND_IN_CHILD, "students": [_STAND_IN_CHILD]})
        except OutreachError:
            raise error from None
        part = t("A part shown only if {words}", words=condition_words("child", lang))
        raise OutreachError(t("«[{token}]» has nothing to show where there is no child: in the public posts (site, VK…), "
                              "the paper memo, to a parent with no child in the roster. Insert it as «{part}» "
                              "(Ctrl+O; in Jinja {{% if student %}}…{{% endif %}}).",
                              token=field_word("child", lang), part=part)) from None


# --- the message ----------------------------------------------------------------------

@dataclass
class Message:
    id: int
    template: str
    lang: str
    title: str
    subject: str
    body: str
    variables: dict[str, str]
    audience: list[str]
    mode: str
    broadcast: list[str]
    folder: str | None
    created_at: str
    family: int | None = None
    """The guardian a message is written for alone (see `create_message`)."""

    def base(self, settings: dict[str, str]) -> dict[str, object]:
        return base_context(settings, self.lang, self.variables, self.title)


def get_message(db: sqlite_utils.Database, message_id: int) -> Message:
    row = db.execute("SELECT id, template, lang, title, subject, body, variables, audience, mode,"
                     " broadcast, folder, created_at, guardian_id FROM messages WHERE id = ?", [message_id]).fetchone()
    if row is None:
        raise NotFound(t("There is no message with id {id}.", id=message_id))
    return Message(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]),
                   json.loads(row[7]), row[8], json.loads(row[9]), row[10], row[11], row[12])


# A message has left once one of its rows was touched by a send (rows skipped when the
# message was composed keep updated_at = created_at).
_STARTED = ("(status NOT IN ('queued', 'skipped') OR attempts > 0 OR not_before IS NOT NULL"
            " OR (status = 'skipped' AND updated_at <> created_at))")


def message_state(db: sqlite_utils.Database, message_id: int) -> str:
    """draft (nothing sent, no time set), scheduled, sending (rows in flight) or sent."""
    return message_states(db, [message_id]).get(message_id, "draft")


def message_states(db: sqlite_utils.Database, ids: list[int]) -> dict[int, str]:
    """The state of each message in `ids` (see `message_state`)."""
    return dict(db.execute(
        "SELECT m.id, CASE WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id"
        " AND d.status = 'sending') THEN 'sending'"
        f" WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND {_STARTED}) THEN 'sent'"
        " WHEN m.send_at IS NOT NULL THEN 'scheduled' ELSE 'draft' END"
        " FROM messages m WHERE m.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]).fetchall())


@dataclass(frozen=True)
class MessageSummary:
    """A message as the list of messages shows it (`message list --json`, key for key)."""

    id: int
    title: str
    template: str
    lang: str
    mode: str
    created_at: str
    statuses: dict[str, int]  # rows per delivery status, held-back rows as `queued`
    status: str  # draft, scheduled, sending or sent (see `message_state`)
    audience: list[str]
    counts: dict[str, int]  # rows per status, queued rows held by quiet hours as `deferred`
    send_at: str | None


def list_messages(db: sqlite_utils.Database, search: str = "") -> list[MessageSummary]:
    """Every message, newest first, with its state and delivery counts (`counts`: per status,
    queued rows held by quiet hours counted as `deferred`); `search` matches the title,
    subject, body and audience, case-insensitively."""
    counts: dict[int, Counter[str]] = {}
    for mid, status, n in db.execute(
            "SELECT message_id, CASE WHEN status = 'queued' AND not_before IS NOT NULL THEN 'deferred'"
            " ELSE status END, count(*) FROM deliveries GROUP BY 1, 2"):
        counts.setdefault(mid, Counter())[status] = n
    needle = search.strip().casefold()
    rows = [row for row in db.execute(
        "SELECT id, title, template, lang, mode, created_at, audience, send_at, subject, body"
        " FROM messages ORDER BY id DESC")
        if not needle or needle in " ".join((row[1], row[6], row[8], row[9])).casefold()]
    states = message_states(db, [row[0] for row in rows])
    result = []
    for mid, title, tpl, lang, mode, created, audience, send_at, _, _ in rows:
        mine = counts.get(mid, Counter())
        statuses = Counter(mine)
        statuses["queued"] += statuses.pop("deferred", 0)
        result.append(MessageSummary(mid, title, tpl, lang, mode, created, dict(+statuses), states[mid],
                                     json.loads(audience), dict(+mine), send_at))
    return result


def check_broadcast(channels: Iterable[str]) -> list[str]:
    """Broadcast channels typed as codes or names («группа ВК», vk_group), as codes, once each."""
    return list(dict.fromkeys(parse_channel(channel, BROADCAST) for channel in channels))


def choose_channels(reach: Reach, mode: str) -> list[str]:
    if mode == "preferred":
        return reach.channels[:1]
    personal = [c for c in reach.channels if c in PERSONAL]
    return personal or reach.channels[:1]


def planned_channels(reach: Reach, mode: str) -> list[str]:
    """The channels a consenting parent gets the message on: the chosen ones, else a call or
    a paper memo; none when nothing reaches them (they are the plan's «unreachable»)."""
    return choose_channels(reach, mode) or ([reach.instead] if reach.instead else [])


def create_message(db: sqlite_utils.Database, template: templates.Template, *,
                   audience: Iterable[str] = ("all",), values: dict[str, str] | None = None,
                   mode: str = "preferred", broadcast: Iterable[str] = (),
                   body: str | None = None, title: str | None = None, subject: str | None = None,
                   moment: datetime | None = None, only: Iterable[str] | None = None,
                   attachments: Iterable[str | Path] = (), family: int | None = None,
                   replacing: int | None = None, heirs: Iterable[int] = ()) -> int:
    """Check everything, render it for every recipient (nothing is queued if one fails),
    then store the message, its attached files (checked: see `message_attachments`) and one
    queued delivery row per planned channel (only channels of `only`, when given).
    `family`: the guardian the message is written for alone (an answer from the inbox): it
    goes on the channels of `only` that reach them, in their order or not; forgetting their
    family erases the message with its text. `replacing`: the message this edit of it
    takes the place of, under its number (its time, answer buttons and survey kept), while
    nothing of it has gone out; else (sent meanwhile, deleted) a new message is made.
    `heirs`: parents a message this one replaces has not reached (`replacing_sent`), added
    to the audience as chosen parents when it does not name them already."""
    mode = MODE_WORDS.parse(mode)
    values = dict(values or {})
    body = template.body if body is None else body
    if not body.strip():
        raise OutreachError(t("The message has no text: write it, or choose a template."))
    title = (title or template.title).strip()
    subject = template.subject if subject is None else subject
    specs = parse_audience(audience)
    channels = check_broadcast(broadcast)
    files = message_attachments.check_files(attachments)
    templates.check_variables(body, subject, template.variables, values)
    ids = resolve_audience(db, specs)
    extra = sorted(set(heirs) - set(ids))
    specs += [("guardian", str(gid)) for gid in extra]
    ids = sorted([*ids, *extra])
    if not ids and not channels:
        raise OutreachError(t("The audience is empty and no broadcast channel is chosen: nobody would get this message."))
    settings = all_settings(db)
    lang = template.lang
    base = base_context(settings, lang, values, title)
    contexts = recipient_contexts(db, ids, base, lang, meant_children(specs))
    personal_subject = templates.is_personal(subject or title)
    public = broadcast_context(base, lang)
    render_childless(subject or title, public, lang)
    render_childless(body, public, lang)
    render_body = templates.renderer(body)
    render_subject = templates.renderer(subject or title)
    for context in contexts.values():
        try:
            render_body(context)
            if personal_subject:
                render_subject(context)
        except OutreachError:
            render_childless(subject or title, context, lang)  # no child in the roster: said in words
            render_childless(body, context, lang)
            raise
    reach = reachability(db, ids, moment)
    if only is not None:
        allowed = set(only)
        for r in reach.values():
            if family is not None:
                for channel in sorted(allowed):
                    r.answer_on(channel)
            r.channels = [c for c in r.channels if c in allowed]
    now = clock.now_iso()
    rows: list[tuple[object, ...]] = []
    for gid in ids:
        r = reach[gid]
        if not r.consent:
            rows.append((gid, "personal", NO_CHANNEL, "skipped", "no_consent"))
            continue
        chosen = planned_channels(r, mode)
        if not chosen:
            rows.append((gid, "personal", NO_CHANNEL, "skipped", "unreachable"))
        for channel in chosen:
            rows.append((gid, "personal", channel, "queued", None))
    for channel in channels:
        rows.append((None, "broadcast", channel, "queued", None))
    fields = [template.slug, lang, title, subject, body, json.dumps(values, ensure_ascii=False),
              json.dumps([f"{k}:{v}" if v else k for k, v in specs], ensure_ascii=False), mode,
              json.dumps(channels), family]
    with db.atomic():
        message_id = _store_message(db, fields, now, replacing)
        db.conn.executemany(
            "INSERT INTO deliveries(message_id, guardian_id, kind, channel, status, error, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(message_id, *row, now, now) for row in rows])
        message_attachments.store(db, message_id, files)
        audit.record(db, "edit" if message_id == replacing else "create", "message", message_id,
                     {"template": template.slug, "recipients": len(ids), "deliveries": len(rows)})
    return message_id


_MESSAGE_FIELDS = ("template", "lang", "title", "subject", "body", "variables", "audience", "mode",
                   "broadcast", "guardian_id")


def _store_message(db: sqlite_utils.Database, fields: Sequence[object], now: str, replacing: int | None) -> int:
    """The message's row (inside the caller's transaction): `replacing`'s, emptied of its
    queued rows and files, while nothing of it has gone out; else a new one."""
    if replacing is not None and message_states(db, [replacing]).get(replacing) in ("draft", "scheduled"):
        db.execute(f"UPDATE messages SET {', '.join(f'{name} = ?' for name in _MESSAGE_FIELDS)} WHERE id = ?",
                   [*fields, replacing])
        db.execute("DELETE FROM deliveries WHERE message_id = ?", [replacing])
        db.execute("DELETE FROM message_attachments WHERE message_id = ?", [replacing])
        return replacing
    return insert(db, f"INSERT INTO messages({', '.join(_MESSAGE_FIELDS)}, created_at)"
                      f" VALUES ({', '.join('?' * (len(_MESSAGE_FIELDS) + 1))})", [*fields, now])


def add_recipient(db: sqlite_utils.Database, message_id: int, guardian_id: int, channel: str) -> bool:
    """Queue an existing message for one more parent on one channel (inside the caller's
    transaction): a bot questionnaire's next question goes to each parent as they reach it.
    False when the parent already has a row on that channel (nothing changes)."""
    now = clock.now_iso()
    added = db.execute(
        "INSERT INTO deliveries(message_id, guardian_id, kind, channel, status, created_at, updated_at)"
        " VALUES (?, ?, 'personal', ?, 'queued', ?, ?) ON CONFLICT DO NOTHING",
        [message_id, guardian_id, channel, now, now]).rowcount == 1
    if added:
        db.execute("UPDATE messages SET audience = json_insert(audience, '$[#]', ?) WHERE id = ?",
                   [f"guardian:{guardian_id}", message_id])
    return added

# --- rendering for one recipient --------------------------------------------------------

def render_for(db: sqlite_utils.Database, message: Message, guardian_id: int | None,
               settings: dict[str, str] | None = None) -> tuple[str, str]:
    """(subject, Markdown body) for one parent, or the broadcast version when None."""
    settings = settings or all_settings(db)
    base = message.base(settings)
    if guardian_id is None:
        context = broadcast_context(base, message.lang)
        return (render_childless(message.subject or message.title, context, message.lang).strip(),
                render_childless(message.body, context, message.lang))
    else:
        found = recipient_contexts(db, [guardian_id], base, message.lang, audience_meant(message.audience))
        if guardian_id not in found:
            raise NotFound(t("There is no guardian with id {id}.", id=guardian_id))
        context = found[guardian_id]
    return (templates.render(message.subject or message.title, context).strip(),
            templates.render(message.body, context))


class Preview(TypedDict):
    """The message as one parent (or the public) reads it (`outreach message preview --json`)."""

    message_id: int
    guardian_id: int | None
    subject: str
    markdown: str
    text: str
    html: str


def preview(db: sqlite_utils.Database, message_id: int, guardian_id: int | None = None) -> Preview:
    message = get_message(db, message_id)
    if guardian_id is None:
        row = db.execute("SELECT guardian_id FROM deliveries WHERE message_id = ? AND guardian_id IS NOT NULL"
                         " AND channel <> '' ORDER BY id LIMIT 1", [message_id]).fetchone()
        guardian_id = row[0] if row else None
    subject, body = render_for(db, message, guardian_id)
    from outreach.messages.markup import to_html, to_text


    return Preview(message_id=message_id, guardian_id=guardian_id, subject=subject, markdown=body,
                   text=to_text(body), html=to_html(body))


# --- what the teacher is told ----------------------------------------------------------

COUNTED = ("sent", "failed", "deferred", "skipped", "exported", "unknown", "queued", "sending")


def delivery_counts(db: sqlite_utils.Database, message_id: int) -> dict[str, int]:
    """The message's deliveries per status as its log lists them (every key of `COUNTED`);
    `deferred`: queued rows that quiet hours hold back. The one source of every summary."""
    counts = dict.fromkeys(COUNTED, 0)
    for status, waits, n in db.execute(
            "SELECT status, status = 'queued' AND coalesce(not_before, '') > ?, count(*)"
            " FROM deliveries WHERE message_id = ? GROUP BY 1, 2",
            [clock.now().isoformat(timespec="minutes"), message_id]):
        key = "deferred" if waits else status
        counts[key] = counts.get(key, 0) + n
    return counts


def describe_audience(db: sqlite_utils.Database, message_id: int) -> str:
    """The message's audience in words with its size: «родители 10Б, 24 человека»."""
    message = get_message(db, message_id)
    people = db.execute("SELECT count(DISTINCT guardian_id) FROM deliveries WHERE message_id = ?"
                        " AND guardian_id IS NOT NULL", [message_id]).fetchone()[0]
    who = audience_words(db, parse_audience(message.audience))
    return t("{who}, {people}", who=who, people=people_count(people))


def audience_words(db: sqlite_utils.Database, specs: list[tuple[str, str]]) -> str:
    """An audience in words: «родители 10Б», «все родители, не ответившие на «…»»."""
    selectors = [(kind, value) for kind, value in specs if kind != "not-answered"]
    groups = [value for kind, value in selectors if kind == "group"]
    chosen = sum(1 for kind, _ in selectors if kind == "guardian")
    children = [_child_words(db, value) for kind, value in selectors if kind == "student"]
    parts: list[str] = []
    if groups:
        parts.append(t("parents of {groups}", groups=", ".join(groups)))
    if children:
        parts.append(t("parents of the child {children}" if len(children) == 1 else "parents of the children {children}",
                       children=", ".join(children)))
    if chosen:
        parts.append(t("chosen parents ({count})", count=chosen))
    if not parts or any(kind == "all" for kind, _ in selectors):
        parts = [t("all parents")]
    who = " + ".join(parts)
    for kind, value in specs:
        if kind == "not-answered":
            who += ", " + t("who did not answer «{title}»", title=_survey_title(db, value))
    return who


def people_count(count: int) -> str:
    """«24 человека», "24 people": the word agrees with the number."""
    return tn("{n} person", "{n} people", count)


def _child_words(db: sqlite_utils.Database, student_id: str) -> str:
    """«Иванов Петя (7А)»; «#34» for a child no longer in the roster."""
    try:
        child = get_student(db, int(student_id))
    except NotFound:
        return f"#{student_id}"
    return f"{child.short_name} ({child.group})" if child.group else child.short_name


def _survey_title(db: sqlite_utils.Database, survey_id: str) -> str:
    if not _survey_tables(db):
        return f"#{survey_id}"
    row = db.execute("SELECT title FROM surveys WHERE id = ?", [int(survey_id)]).fetchone()
    return str(row[0]) if row else f"#{survey_id}"


# --- log and retry --------------------------------------------------------------------

class DeliveredPart(TypedDict):
    part: int
    message_id: str


class LogRow(TypedDict):
    """One delivery as the log lists it (`outreach message log --json`)."""

    id: int
    guardian_id: int | None
    kind: str
    channel: str | None
    status: str
    error: str | None
    attempts: int
    retryable: bool
    not_before: str | None
    external_id: str | None
    sent_at: str | None
    updated_at: str
    parts: list[DeliveredPart]


def delivery_log(db: sqlite_utils.Database, message_id: int, statuses: Iterable[str] = ()) -> list[LogRow]:
    get_message(db, message_id)
    wanted = list(statuses)
    sql = ("SELECT id, guardian_id, kind, channel, status, error, attempts, retryable, not_before, external_id,"
           " sent_at, updated_at, (SELECT json_group_array(json_object('part', part + 1, 'message_id', external_id))"
           " FROM (SELECT part, external_id FROM delivery_parts WHERE delivery_id = deliveries.id ORDER BY part)) FROM deliveries WHERE message_id = ?")
    params: list[object] = [message_id]
    if wanted:
        sql += " AND status IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(wanted))
    return [LogRow(id=i, guardian_id=g, kind=k, channel=c or None, status=s, error=e, attempts=a,
                   retryable=bool(r), not_before=nb, external_id=x, sent_at=sa, updated_at=u, parts=json.loads(p))
            for i, g, k, c, s, e, a, r, nb, x, sa, u, p in db.execute(sql + " ORDER BY id", params)]


def retry(db: sqlite_utils.Database, message_id: int, include_unknown: bool = False,
          delivery_ids: Iterable[int] = ()) -> int:
    """Queue failed rows again (and `unknown` ones only when asked: they may have arrived)."""
    get_message(db, message_id)
    states = ["failed", "unknown"] if include_unknown else ["failed"]
    sql = ("UPDATE deliveries SET status = 'queued', retryable = 0, error = NULL, updated_at = ?"
           " WHERE message_id = ? AND channel <> '' AND status IN (SELECT value FROM json_each(?))")
    params: list[object] = [clock.now_iso(), message_id, json.dumps(states)]
    ids = list(delivery_ids)
    if ids:
        sql += " AND id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(ids))
    with db.atomic():
        count = db.execute(sql, params).rowcount
        audit.record(db, "retry", "message", message_id, {"rows": count, "unknown": include_unknown})
    return count
