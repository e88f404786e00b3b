"""A survey asked by the bots (Telegram, MAX): one question a message to each linked parent,
a button per option of a choice question, the parent's next text message as a free answer;
after an answer the next question, at the end a thank-you.

Each question is a message of the one pipeline (consent, opt-outs and quiet hours judged per
row, at most once), made when the first parent reaches it; the next parents get a row on it.
Where each parent is lives in `survey_bot_sessions`, so whoever reads the bots' updates next
(the app, `inbox fetch`, `channels link-updates`) goes on from there. The answers are one
response per parent and survey (source `import`, as a Forms import's), an answer given again
replaces the earlier one. A text message that answers a question is not kept in the inbox.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from outreach.channels.max_api import max_config
from outreach.channels.max_link import user_ids
from outreach.channels.preferences import reachability
from outreach.channels.telegram_api import telegram_config
from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.i18n import N_, pt, t
from outreach.messages import buttons, compose, templates
from outreach.messages.delivery.send import SenderBusy, send_message
from outreach.settings.values import all_settings
from outreach.store import audit
from outreach.store.db import insert
from outreach.surveys.model import (
    INSERT_ANSWER,
    Option,
    Parsed,
    Question,
    Survey,
    answer_rows,
    get_survey,
    mark_superseded,
)

BOT_CHANNELS = ("telegram", "max")
_PAYLOAD = re.compile(r"^svy:([0-9]{1,12}):([0-9]{1,12}):([0-9]{1,12})$")
DONE = 0  # the option a multiple-choice question's «Done» button carries


def payload(survey_id: int, question_id: int, option_id: int) -> str:
    """What a button carries back: survey, question and option (at most 43 bytes)."""
    return f"svy:{survey_id}:{question_id}:{option_id}"


def parse_payload(text: str) -> tuple[int, int, int] | None:
    found = _PAYLOAD.match(text)
    return (int(found.group(1)), int(found.group(2)), int(found.group(3))) if found else None


# --- who is asked ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BotAudience:
    """The parents a bot survey would reach now (guardian id → channel), counted per channel,
    and those asked before (never asked twice)."""

    survey_id: int
    guardians: dict[int, str]
    by_channel: dict[str, int]
    asked_before: int


def bot_channels(settings: dict[str, str]) -> list[str]:
    """The messengers whose bot is set up."""
    configured = {"telegram": telegram_config(settings) is not None, "max": max_config(settings) is not None}
    return [channel for channel in BOT_CHANNELS if configured[channel]]


def audience(db: sqlite_utils.Database, survey_id: int, moment: datetime | None = None) -> BotAudience:
    """Consenting parents a bot can write to (Telegram linked to a chat, MAX linked to the bot),
    on the first such channel of their preferences; errors for a survey without questions or
    when no bot is set up."""
    survey = get_survey(db, survey_id)
    if not survey.questions:
        raise OutreachError(t("Survey «{title}» has no questions to ask.", title=survey.title))
    bots = bot_channels(all_settings(db))
    if not bots:
        raise OutreachError(t("No bot is set up: set the Telegram or MAX bot token first (OUTREACH_TELEGRAM_TOKEN, OUTREACH_MAX_TOKEN)."))
    asked = {gid for (gid,) in db.execute("SELECT guardian_id FROM survey_bot_sessions WHERE survey_id = ?",
                                          [survey_id])}
    everyone = [gid for (gid,) in db.execute("SELECT id FROM guardians ORDER BY id")]
    max_linked = user_ids(db, everyone)
    chosen: dict[int, str] = {}
    for gid, reach in reachability(db, everyone, moment).items():
        usable = [c for c in reach.channels if c in bots and (c != "max" or gid in max_linked)]
        if usable and gid not in asked:
            chosen[gid] = usable[0]
    return BotAudience(survey_id, chosen, dict(Counter(chosen.values())), len(asked))


# --- the messages ------------------------------------------------------------------------------

_HINTS = {
    "single": N_("Press the button with your answer."), "scale": N_("Press the button with your answer."), "yesno": N_("Press the button with your answer."),
    "multiple": N_("Mark every answer that fits, then press «Done»."), "text": N_("Write your answer in one message."),
}


def _question_text(survey: Survey, question: Question) -> tuple[str, str]:
    """(title, Markdown body) of a question's message."""
    number = survey.questions.index(question) + 1
    title = t("Survey «{survey}»: question {number} of {total}", lang=survey.lang, survey=survey.title, number=number,
              total=len(survey.questions))
    body = "\n\n".join([templates.literal(title), templates.literal(question.text), t(_HINTS[question.type], lang=survey.lang)])
    return title, body


def _choices(survey: Survey, question: Question) -> buttons.Rows:
    """The buttons under a question: one row of short labels (a scale, yes/no), else one a row;
    «Done» under the options of a multiple-choice question."""
    if question.type == "text":
        return []
    options = [buttons.Choice(o.label, payload(survey.id, question.saved_id, o.saved_id)) for o in question.options]
    rows = [options] if question.type in ("scale", "yesno") else [[choice] for choice in options]
    if question.type == "multiple":
        rows.append([buttons.Choice(pt("botsurvey.button.done", "Done", lang=survey.lang),
                                    payload(survey.id, question.saved_id, DONE))])
    return rows


def _queue(db: sqlite_utils.Database, survey: Survey, question: Question | None, guardian_id: int, channel: str,
           moment: datetime | None) -> int:
    """Queue the question (None: the thank-you) for one parent: a row on its message, the
    message made with its first parent (inside the caller's transaction)."""
    qid = None if question is None else question.saved_id
    found = db.execute("SELECT message_id FROM survey_bot_messages WHERE survey_id = ? AND question_id IS ?",
                       [survey.id, qid]).fetchone()
    if found is not None:
        compose.add_recipient(db, int(found[0]), guardian_id, channel)
        return int(found[0])
    if question is None:
        title = t("Survey «{survey}»: thank you", lang=survey.lang, survey=survey.title)
        body = t("Thank you! Your answers to the survey «{survey}» are recorded.", lang=survey.lang, survey=templates.literal(survey.title))
    else:
        title, body = _question_text(survey, question)
    message_id = compose.create_message(db, templates.blank(survey.lang, body, subject=templates.literal(title)),
                                        audience=[f"guardian:{guardian_id}"], only=[channel], title=title,
                                        moment=moment)
    if question is not None:
        buttons.attach(db, message_id, _choices(survey, question))
    db.execute("INSERT INTO survey_bot_messages(message_id, survey_id, question_id) VALUES (?, ?, ?)",
               [message_id, survey.id, qid])
    return message_id


@dataclass(frozen=True)
class Asked:
    """What asking a survey by the bots did (`survey send-bot --json`)."""

    survey: int
    parents: int
    by_channel: dict[str, int]
    sent: int
    deferred: int
    failed: int
    skipped: int
    unknown: int


@dataclass(frozen=True)
class Sent:
    """What sending the queued questions did, added up over their messages."""

    sent: int = 0
    deferred: int = 0
    failed: int = 0
    skipped: int = 0
    unknown: int = 0


def ask(db: sqlite_utils.Database, survey_id: int, *, moment: datetime | None = None,
        sleep: Callable[[float], None] | None = None) -> Asked:
    """Start the survey in the bots for every parent of `audience` (not those asked before):
    the first question queued for each in one transaction, then sent."""
    plan = audience(db, survey_id, moment)
    if not plan.guardians:
        raise OutreachError(t("Nobody to ask: no consenting parent who has not been asked yet has linked Telegram or MAX to the bot."))
    survey = get_survey(db, survey_id)
    now = clock.now_iso()
    started: Counter[str] = Counter()
    with db.atomic():
        for gid, channel in plan.guardians.items():
            if db.execute(
                "INSERT INTO survey_bot_sessions(survey_id, guardian_id, channel, question_id, started_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [survey_id, gid, channel, survey.questions[0].saved_id, now]).rowcount:
                _queue(db, survey, survey.questions[0], gid, channel, moment)  # not asked meanwhile elsewhere
                started[channel] += 1
        audit.record(db, "bot_ask", "survey", survey_id, {"parents": started.total()})
    done = send_queued(db, moment=moment, sleep=sleep)
    return Asked(survey_id, started.total(), dict(started), done.sent, done.deferred, done.failed,
                 done.skipped, done.unknown)


def send_queued(db: sqlite_utils.Database, *, moment: datetime | None = None,
                sleep: Callable[[float], None] | None = None) -> Sent:
    """Send every bot survey message with rows queued and not held by quiet hours (those go
    with `send-due`); a message another sender holds is left to it."""
    totals: Counter[str] = Counter()
    for (message_id,) in db.execute(
            "SELECT DISTINCT b.message_id FROM survey_bot_messages b JOIN deliveries d ON d.message_id = b.message_id"
            " WHERE d.status = 'queued' AND d.not_before IS NULL ORDER BY b.message_id").fetchall():
        try:
            report = send_message(db, int(message_id), moment=moment, sleep=sleep)
        except SenderBusy:
            continue
        totals.update(sent=report.sent, deferred=report.deferred, failed=report.failed, skipped=report.skipped,
                      unknown=report.newly_unknown)
    return Sent(**totals)


# --- the answers -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Session:
    survey: Survey
    guardian_id: int
    channel: str
    question_id: int | None
    response_id: int | None


def _sessions(db: sqlite_utils.Database, guardian_ids: Iterable[int], channel: str,
              survey_id: int | None = None) -> list[tuple[int, int, int | None, int | None]]:
    """The bot surveys of these parents on this channel (of one survey when given), the latest first."""
    return [(int(s), int(g), q, r) for s, g, q, r in db.execute(
        "SELECT survey_id, guardian_id, question_id, response_id FROM survey_bot_sessions"
        " WHERE channel = ? AND guardian_id IN (SELECT value FROM json_each(?)) AND (? IS NULL OR survey_id = ?)"
        " ORDER BY started_at DESC, survey_id DESC, guardian_id",
        [channel, json.dumps(sorted(set(guardian_ids))), survey_id, survey_id])]


def _session(db: sqlite_utils.Database, row: tuple[int, int, int | None, int | None], channel: str) -> _Session:
    survey_id, guardian_id, question_id, response_id = row
    return _Session(get_survey(db, survey_id), guardian_id, channel, question_id, response_id)


def _response(db: sqlite_utils.Database, session: _Session) -> int:
    """The parent's response to the survey, made at their first answer."""
    if session.response_id is not None:
        return session.response_id
    now = clock.now_iso()
    rid = insert(db, "INSERT INTO survey_responses(survey_id, source, guardian_id, submitted_at, fingerprint,"
                     " created_at) VALUES (?, 'import', ?, ?, ?, ?)",
                 [session.survey.id, session.guardian_id, now, f"bot:{session.guardian_id}", now])
    db.execute("UPDATE survey_bot_sessions SET response_id = ? WHERE survey_id = ? AND guardian_id = ?",
               [rid, session.survey.id, session.guardian_id])
    return rid


def _store(db: sqlite_utils.Database, session: _Session, question: Question, parsed: Parsed,
           replace: bool = True) -> None:
    """The answer to one question, in place of an earlier one (`replace`), else beside it."""
    rid = _response(db, session)
    if replace:
        db.execute("DELETE FROM survey_answers WHERE response_id = ? AND question_id = ?", [rid, question.saved_id])
    db.conn.executemany(INSERT_ANSWER, answer_rows(rid, question.saved_id, parsed))
    db.execute("UPDATE survey_responses SET submitted_at = ? WHERE id = ?", [clock.now_iso(), rid])
    mark_superseded(db, session.survey.id)


def _advance(db: sqlite_utils.Database, session: _Session, moment: datetime | None) -> None:
    """The parent answered the question they were on: the next one, or the thank-you."""
    ids = [q.saved_id for q in session.survey.questions]
    at = ids.index(session.question_id) if session.question_id in ids else len(ids) - 1
    following = session.survey.questions[at + 1] if at + 1 < len(ids) else None
    _queue(db, session.survey, following, session.guardian_id, session.channel, moment)
    db.execute("UPDATE survey_bot_sessions SET question_id = ?, finished_at = ? WHERE survey_id = ? AND guardian_id = ?",
               [None if following is None else following.saved_id, None if following else clock.now_iso(),
                session.survey.id, session.guardian_id])


def _asked(session: _Session, question: Question) -> bool:
    """Whether the parent has reached the question (a button of a later one counts for nothing)."""
    ids = [q.saved_id for q in session.survey.questions]
    current = ids.index(session.question_id) if session.question_id in ids else len(ids)
    return ids.index(question.saved_id) <= current


@dataclass(frozen=True)
class Pressed:
    """A survey button press handled: the note the parent sees, whether an answer counted."""

    notice: str
    counted: bool


def record_press(db: sqlite_utils.Database, data: str, guardian_ids: Iterable[int], channel: str,
                 moment: datetime | None = None) -> Pressed | None:
    """Record a press of a survey button by the parents behind one chat (inside the caller's
    transaction); None when `data` is not a survey button's."""
    parsed = parse_payload(data)
    if parsed is None:
        return None
    survey_id, question_id, option_id = parsed
    rows = _sessions(db, guardian_ids, channel, survey_id)
    if not rows:
        found = db.execute("SELECT lang FROM surveys WHERE id = ?", [survey_id]).fetchone()
        return Pressed(t("This answer was not counted: the survey did not ask you this question.", lang=found[0] if found else None), False)
    session = _session(db, rows[0], channel)
    question = next((q for q in session.survey.questions if q.id == question_id), None)
    lang = session.survey.lang
    if question is None or question.type == "text" or not _asked(session, question):
        return Pressed(t("This answer was not counted: the survey did not ask you this question.", lang=lang), False)
    current = session.question_id == question.saved_id
    if option_id == DONE and question.type == "multiple":
        if current:
            _advance(db, session, moment)
        return Pressed(t("Thank you, your answers are recorded.", lang=lang), current)
    option = next((o for o in question.options if o.id == option_id), None)
    if option is None:
        return Pressed(t("This answer was not counted: the survey did not ask you this question.", lang=lang), False)
    if question.type == "multiple":
        return Pressed(_toggle(db, session, question, option), True)
    _store(db, session, question, Parsed(options=[option]))
    if current:
        _advance(db, session, moment)
    return Pressed(t("Answer recorded: {option}", lang=lang, option=option.label), True)


def _toggle(db: sqlite_utils.Database, session: _Session, question: Question, option: Option) -> str:
    """A multiple-choice option marked, or unmarked when it was; the note for the parent."""
    rid = _response(db, session)
    gone = db.execute("DELETE FROM survey_answers WHERE response_id = ? AND question_id = ? AND option_id = ?",
                      [rid, question.saved_id, option.saved_id]).rowcount
    if gone:
        db.execute("UPDATE survey_responses SET submitted_at = ? WHERE id = ?", [clock.now_iso(), rid])
        return t("Unmarked: {option}", lang=session.survey.lang, option=option.label)
    _store(db, session, question, Parsed(options=[option]), replace=False)
    return t("Marked: {option}", lang=session.survey.lang, option=option.label)


_AWAITING_TEXT = ("SELECT 1 FROM survey_bot_sessions s JOIN survey_questions q ON q.id = s.question_id"
                  " WHERE s.channel = ? AND q.type = 'text' LIMIT 1")


def take_text(db: sqlite_utils.Database, text: str, who: Callable[[], Iterable[int]], channel: str,
              moment: datetime | None = None) -> bool:
    """Record a parent's text message as the answer to the free-text question they are on
    (inside the caller's transaction); False when they are on none (the inbox keeps it).
    `who` finds the parents behind the sender, asked only while some parent is on such a
    question on this channel (a fetch of many messages does not look each sender up)."""
    if not text.strip() or db.execute(_AWAITING_TEXT, [channel]).fetchone() is None:
        return False
    for row in _sessions(db, who(), channel):
        session = _session(db, row, channel)
        question = next((q for q in session.survey.questions if q.id == session.question_id), None)
        if question is not None and question.type == "text":
            _store(db, session, question, Parsed(text=text.strip()))
            _advance(db, session, moment)
            return True
    return False
