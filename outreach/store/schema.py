"""The schema, as forward migrations keyed by `PRAGMA user_version`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import sqlite_utils


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (a trigger body stays whole)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if current.strip() and sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [*statements, current.strip()] if current.strip() else statements


V1 = """
CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    surname TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    patronymic TEXT NOT NULL DEFAULT '',
    group_id INTEGER REFERENCES groups(id) ON DELETE SET NULL,
    name_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX students_name_key ON students(name_key, group_id);
CREATE TABLE guardians (
    id INTEGER PRIMARY KEY,
    surname TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    patronymic TEXT NOT NULL DEFAULT '',
    phone TEXT,
    email TEXT,
    telegram TEXT,
    vk TEXT,
    max TEXT,
    consent_given_at TEXT,
    consent_scope TEXT,
    consent_withdrawn_at TEXT,
    quiet_hours TEXT,
    notes TEXT,
    name_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX guardians_phone ON guardians(phone);
CREATE INDEX guardians_email ON guardians(email);
CREATE INDEX guardians_name_key ON guardians(name_key);
CREATE INDEX guardians_sort ON guardians(surname, name, patronymic, id);
CREATE TABLE student_guardians (
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    guardian_id INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    relation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (student_id, guardian_id)
);
CREATE INDEX student_guardians_guardian ON student_guardians(guardian_id);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE VIRTUAL TABLE guardian_search USING fts5(doc, tokenize = 'trigram', detail = 'none');
"""


V2 = """
CREATE TABLE guardian_channels (
    guardian_id INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    rank INTEGER,
    opted_out INTEGER NOT NULL DEFAULT 0,
    address TEXT,
    PRIMARY KEY (guardian_id, channel)
);
"""


# Messages (the composed text, never rendered per parent) and one delivery row per message × guardian × channel or message × broadcast channel; a forgotten guardian's rows go with them.
V3 = """
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    template TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    variables TEXT NOT NULL DEFAULT '{}',
    audience TEXT NOT NULL DEFAULT '[]',
    mode TEXT NOT NULL CHECK (mode IN ('preferred', 'duplicate')),
    broadcast TEXT NOT NULL DEFAULT '[]',
    folder TEXT,
    sender_pid INTEGER,
    created_at TEXT NOT NULL
);
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    guardian_id INTEGER REFERENCES guardians(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('personal', 'broadcast')),
    channel TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN
        ('queued', 'sending', 'sent', 'exported', 'failed', 'skipped', 'unknown')),
    attempts INTEGER NOT NULL DEFAULT 0,
    retryable INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    not_before TEXT,
    external_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    CHECK ((kind = 'personal') = (guardian_id IS NOT NULL))
);
CREATE UNIQUE INDEX deliveries_personal ON deliveries(message_id, guardian_id, channel)
    WHERE guardian_id IS NOT NULL;
CREATE UNIQUE INDEX deliveries_broadcast ON deliveries(message_id, channel) WHERE guardian_id IS NULL;
CREATE INDEX deliveries_guardian ON deliveries(guardian_id);
CREATE INDEX deliveries_status ON deliveries(message_id, status)
"""


# Surveys: questions and their options (an option may name a channel), responses imported or typed
# in (one per respondent, deduplicated by fingerprint) and their answers; all go with their survey.
V4 = """
CREATE TABLE surveys (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    template TEXT,
    kind TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE survey_questions (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('single', 'multiple', 'scale', 'yesno', 'text')),
    role TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_questions_survey ON survey_questions(survey_id, position);
CREATE TABLE survey_options (
    id INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    channel TEXT
);
CREATE INDEX survey_options_question ON survey_options(question_id, position);
CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('import', 'manual')),
    guardian_id INTEGER REFERENCES guardians(id) ON DELETE CASCADE,
    email TEXT,
    phone TEXT,
    submitted_at TEXT,
    fingerprint TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses(survey_id);
CREATE INDEX survey_responses_guardian ON survey_responses(guardian_id);
CREATE UNIQUE INDEX survey_responses_fingerprint ON survey_responses(survey_id, fingerprint);
CREATE TABLE survey_answers (
    id INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
    option_id INTEGER REFERENCES survey_options(id) ON DELETE CASCADE,
    text TEXT
);
CREATE INDEX survey_answers_response ON survey_answers(response_id)
"""


# Contests: events and penalty table copied from a preset, teams of a student and guardians (a forgotten member takes the team's name with them), one result per team × event.
V5 = """
CREATE TABLE contests (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    date TEXT,
    place TEXT NOT NULL DEFAULT '',
    preset TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished')),
    created_at TEXT NOT NULL
);
CREATE TABLE contest_faults (
    contest_id INTEGER NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    points REAL NOT NULL,
    name_ru TEXT NOT NULL,
    name_en TEXT NOT NULL,
    PRIMARY KEY (contest_id, code)
);
CREATE TABLE contest_events (
    id INTEGER PRIMARY KEY,
    contest_id INTEGER NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    slug TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('theory', 'exercise')),
    name_ru TEXT NOT NULL,
    name_en TEXT NOT NULL,
    driver TEXT NOT NULL CHECK (driver IN ('student', 'parent', 'relay')),
    questions INTEGER NOT NULL DEFAULT 20,
    wrong_points REAL NOT NULL DEFAULT 10,
    dnf_extra REAL NOT NULL DEFAULT 30,
    faults TEXT NOT NULL DEFAULT '',
    UNIQUE (contest_id, slug)
);
CREATE TABLE contest_teams (
    id INTEGER PRIMARY KEY,
    contest_id INTEGER NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (contest_id, number)
);
CREATE TABLE contest_team_members (
    team_id INTEGER NOT NULL REFERENCES contest_teams(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    student_id INTEGER REFERENCES students(id) ON DELETE CASCADE,
    guardian_id INTEGER REFERENCES guardians(id) ON DELETE CASCADE,
    CHECK ((student_id IS NULL) <> (guardian_id IS NULL)),
    PRIMARY KEY (team_id, position)
);
CREATE INDEX contest_team_members_student ON contest_team_members(student_id);
CREATE INDEX contest_team_members_guardian ON contest_team_members(guardian_id);
CREATE TRIGGER contest_member_forgotten AFTER DELETE ON contest_team_members
BEGIN
    UPDATE contest_teams SET name = NULL WHERE id = OLD.team_id;
END;
CREATE TABLE contest_results (
    team_id INTEGER NOT NULL REFERENCES contest_teams(id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL REFERENCES contest_events(id) ON DELETE CASCADE,
    time REAL CHECK (time IS NULL OR time >= 0),
    wrong INTEGER CHECK (wrong IS NULL OR wrong >= 0),
    faults TEXT NOT NULL DEFAULT '{}',
    dnf INTEGER NOT NULL DEFAULT 0,
    dsq TEXT,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (team_id, event_id)
);
"""


# Telegram deep-link tokens (`t.me/<bot>?start=<token>`), gone with their guardian, and the getUpdates offset so each update is read once.
V6 = """
CREATE TABLE telegram_links (
    guardian_id INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX telegram_links_guardian ON telegram_links(guardian_id);
CREATE TABLE telegram_updates (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    next_offset INTEGER NOT NULL
);
"""


# Delivery in doubt: each delivered part of a long Telegram message (a resend starts from the first part not delivered).
V7 = """
CREATE TABLE delivery_parts (
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
    part INTEGER NOT NULL CHECK (part >= 0),
    external_id TEXT NOT NULL DEFAULT '',
    sent_at TEXT NOT NULL,
    PRIMARY KEY (delivery_id, part)
);
"""


# Class names in one canonical form («7 а», «7-А», «7A» → «7А»): the spellings of one class
# become its oldest group. Students stay as they are (two rows for one child stay two rows:
# merging them would touch links and contest teams); canonical_group() is groups.register's.
V8 = """
UPDATE students SET group_id = (
    SELECT min(other.id) FROM groups own JOIN groups other
        ON canonical_group(other.name) = canonical_group(own.name)
    WHERE own.id = students.group_id)
WHERE group_id IS NOT NULL;
DELETE FROM groups WHERE id NOT IN (SELECT min(id) FROM groups GROUP BY canonical_group(name));
UPDATE groups SET name = canonical_group(name) WHERE name <> canonical_group(name);
"""


# Further phones, e-mails and handles a roster cell gave a guardian (space-separated), searchable.
V9 = """
ALTER TABLE guardians ADD COLUMN extra_contacts TEXT;
"""


# Surveys: a respondent's earlier submissions are kept but marked superseded by their latest one.
V10 = """
ALTER TABLE survey_responses ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;
UPDATE survey_responses SET superseded = 1 WHERE id IN (
    SELECT id FROM (SELECT id, coalesce('g' || guardian_id, 'e' || email, 'p' || phone) AS who,
        row_number() OVER (PARTITION BY survey_id, coalesce('g' || guardian_id, 'e' || email, 'p' || phone)
                           ORDER BY coalesce(submitted_at, '') DESC, id DESC) AS n
        FROM survey_responses) WHERE who IS NOT NULL AND n > 1);
"""


# Erasures (`roster forget`) not yet finished everywhere: ids and salted hashes of the family's
# names and contacts, never the data itself; each row is reduced to ids once the family is gone
# from the database file, the message folders and every migration backup.
V11 = """
CREATE TABLE erasure_journal (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    salt TEXT NOT NULL,
    guardians TEXT NOT NULL,
    students TEXT NOT NULL,
    folders_done INTEGER NOT NULL DEFAULT 0,
    backups_done TEXT NOT NULL DEFAULT '[]',
    backups INTEGER NOT NULL DEFAULT 0,
    done_at TEXT
);
"""


# The message being written in the app, kept as the teacher types (one slot; JSON state).
V12 = """
CREATE TABLE message_drafts (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


# Messages sent at a chosen time: `send_at` (local ISO minutes) until `send-due` or a send takes them.
V13 = """
ALTER TABLE messages ADD COLUMN send_at TEXT;
"""

# MAX as a channel and answers by button: deep-link tokens per channel (telegram_links keeps
# its name), a linked parent's MAX user id and the /updates marker; the invitation whose
# «Приду / Не смогу» a message's buttons answer (itself, or the one a reminder repeats), and
# each guardian's latest answer to an invitation.
V14_MAX = """
ALTER TABLE telegram_links ADD COLUMN channel TEXT NOT NULL DEFAULT 'telegram';
CREATE TABLE max_users (
    guardian_id INTEGER PRIMARY KEY REFERENCES guardians(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    linked_at TEXT NOT NULL
);
CREATE INDEX max_users_user ON max_users(user_id);
CREATE TABLE max_updates (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    marker INTEGER NOT NULL
);
ALTER TABLE messages ADD COLUMN rsvp_for INTEGER REFERENCES messages(id) ON DELETE SET NULL;
CREATE TABLE rsvp (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    guardian_id INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    answer TEXT NOT NULL CHECK (answer IN ('yes', 'no')),
    channel TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (message_id, guardian_id)
);
CREATE INDEX rsvp_guardian ON rsvp(guardian_id);
"""


# The inbox: parents' messages (e-mail, Telegram, later MAX), each stored once per channel and
# external id, with one row per parent and channel (a thread) keeping its unread count and last
# time, so the inbox opens from a short table; IMAP resume points; absence notes recognised in them;
# one auto-reply a parent an evening.
V14_INBOX = """
CREATE TABLE inbox_threads (
    id INTEGER PRIMARY KEY,
    guardian_id INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    last_at TEXT NOT NULL,
    unread INTEGER NOT NULL DEFAULT 0,
    open INTEGER NOT NULL DEFAULT 0,
    message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    UNIQUE (guardian_id, channel)
);
CREATE INDEX inbox_threads_last ON inbox_threads(last_at DESC);
CREATE TABLE inbox_messages (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES inbox_threads(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL,
    message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    received_at TEXT NOT NULL,
    automatic INTEGER NOT NULL DEFAULT 0,
    outgoing INTEGER NOT NULL DEFAULT 0,
    read_at TEXT,
    done_at TEXT,
    UNIQUE (channel, external_id)
);
CREATE INDEX inbox_messages_thread ON inbox_messages(thread_id, received_at);
CREATE TABLE inbox_cursors (
    source TEXT PRIMARY KEY,
    uidvalidity INTEGER NOT NULL,
    last_uid INTEGER NOT NULL
);
CREATE TABLE inbox_absences (
    id INTEGER PRIMARY KEY,
    inbox_message_id INTEGER NOT NULL REFERENCES inbox_messages(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    acknowledged_at TEXT,
    UNIQUE (inbox_message_id, student_id)
);
CREATE INDEX inbox_absences_day ON inbox_absences(day);
CREATE TABLE inbox_auto_replies (
    guardian_id INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    evening TEXT NOT NULL,
    message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    PRIMARY KEY (guardian_id, evening)
);
"""


# Files attached to a message (a path and a size; read again when the message is sent).
V14_PIPELINE = """
CREATE TABLE message_attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0)
);
CREATE INDEX message_attachments_message ON message_attachments(message_id, position);
"""


# A survey asked by the bots: answer buttons a message carries besides «Приду / Не смогу» (rows
# of label and payload); the message of each question of a survey asked so (question_id NULL:
# the closing thank-you); where each parent is in it (the question they are on, NULL once done)
# and the response their answers go to.
V15_BOTSURVEY = """
CREATE TABLE message_buttons (
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    row INTEGER NOT NULL,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (message_id, row, position)
);
CREATE TABLE survey_bot_messages (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    question_id INTEGER REFERENCES survey_questions(id) ON DELETE CASCADE
);
CREATE INDEX survey_bot_messages_survey ON survey_bot_messages(survey_id, question_id);
CREATE TABLE survey_bot_sessions (
    survey_id INTEGER NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    guardian_id INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    question_id INTEGER REFERENCES survey_questions(id) ON DELETE SET NULL,
    response_id INTEGER REFERENCES survey_responses(id) ON DELETE SET NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (survey_id, guardian_id)
);
CREATE INDEX survey_bot_sessions_guardian ON survey_bot_sessions(guardian_id, channel);
"""

# E-mail side of two-way: the time, length, place and title of an invitation's event (its .ics;
# `sequence` counts its changes, so calendars take a changed time as an update);
# the threading headers of an answer the teacher writes to a parent's e-mail (In-Reply-To,
# References, «Re: » subject: the parent's, so forgetting the family erases them); the References chain of each parent's e-mail kept in the inbox.
V15_INVITEMAIL = """
CREATE TABLE rsvp_events (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    place TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    sequence INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE mail_replies (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    guardian_id INTEGER NOT NULL REFERENCES guardians(id) ON DELETE CASCADE,
    in_reply_to TEXT NOT NULL,
    refs TEXT NOT NULL,
    subject TEXT NOT NULL
);
ALTER TABLE inbox_messages ADD COLUMN refs TEXT NOT NULL DEFAULT '';
"""


# A message written for one family (the teacher's answer from the inbox, a night auto-reply, an
# absence's acknowledgement) names its guardian, so forgetting the family erases it with its
# text and title; messages to many parents keep NULL. Back-filled where the inbox's own rows tell
# it (answers shown in a thread, auto-replies, e-mail threading) and, for acknowledgements and
# unshown answers, by the titles the inbox gives them on a blank one-parent message.
V16_FORGETANSWERS = """
ALTER TABLE messages ADD COLUMN guardian_id INTEGER REFERENCES guardians(id) ON DELETE CASCADE;
CREATE INDEX messages_guardian ON messages(guardian_id) WHERE guardian_id IS NOT NULL;
UPDATE messages SET guardian_id = (
    SELECT t.guardian_id FROM inbox_messages m JOIN inbox_threads t ON t.id = m.thread_id
    WHERE m.message_id = messages.id AND m.outgoing = 1 LIMIT 1)
WHERE guardian_id IS NULL AND id IN (SELECT message_id FROM inbox_messages WHERE outgoing = 1);
UPDATE messages SET guardian_id = (
    SELECT a.guardian_id FROM inbox_auto_replies a WHERE a.message_id = messages.id LIMIT 1)
WHERE guardian_id IS NULL AND id IN (SELECT message_id FROM inbox_auto_replies);
UPDATE messages SET guardian_id = (SELECT r.guardian_id FROM mail_replies r WHERE r.message_id = messages.id)
WHERE guardian_id IS NULL AND id IN (SELECT message_id FROM mail_replies);
UPDATE messages SET guardian_id = CAST(substr(json_extract(audience, '$[0]'), 10) AS INTEGER)
WHERE guardian_id IS NULL AND template = 'blank' AND broadcast = '[]' AND json_array_length(audience) = 1
AND json_extract(audience, '$[0]') GLOB 'guardian:[0-9]*'
AND (title IN ('Absence noted', 'Отсутствие отмечено', 'Auto-reply outside working hours',
               'Автоответ в нерабочее время')
     OR title LIKE 'Answer to %' OR title LIKE 'Ответ: %')
AND id NOT IN (SELECT message_id FROM survey_bot_messages)
AND CAST(substr(json_extract(audience, '$[0]'), 10) AS INTEGER) IN (SELECT id FROM guardians);
"""


# The copies the teacher made with `outreach backup`: forgetting a family scrubs them too.
V17_BACKUPS = """
CREATE TABLE backups (
    path TEXT PRIMARY KEY,
    made_at TEXT NOT NULL
);
"""

# An absence's thank-you names its message, so the list says whether it went (sent, waiting,
# failed) rather than only that it was decided (the decision is taken before anything leaves).
V18_THANKS = """
ALTER TABLE inbox_absences ADD COLUMN thanks_message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL;
"""

# A team's name the teacher gave stays when a member leaves the team or the roster (the trigger
# cleared it on any member's removal); forgetting a family clears only a name that names them
# (erasure.disk.delete_family).
V19_TEAMNAMES = """
DROP TRIGGER IF EXISTS contest_member_forgotten;
"""

# The class a respondent gave in a column the survey has no question for (a form made from a
# template with «Ваш класс» added), in its canonical form: the class filter of the results takes it.
V20_GIVENCLASS = """
ALTER TABLE survey_responses ADD COLUMN given_class TEXT;
"""

# Classes in Roman numerals are canonical too («VII Б» → «7Б»): a roster that stored «VII Б»
# before has its spellings merged into one group, as V8 did for «7 а» and «7A».
V21_ROMANCLASS = V8

# A note about several days («3 дня не будет», «до пятницы») is one row per school day meant,
# each saying what was read (`read_as`); `unsure` keeps a name the note gives that is none of
# the parent's children («Маша» when her only child is Анастасия), recorded for the only child
# as a guess the teacher checks.
V22_ABSENCEDAYS = """
CREATE TABLE inbox_absences_days (
    id INTEGER PRIMARY KEY,
    inbox_message_id INTEGER NOT NULL REFERENCES inbox_messages(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES students(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    acknowledged_at TEXT,
    thanks_message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    read_as TEXT NOT NULL DEFAULT '',
    unsure TEXT NOT NULL DEFAULT '',
    UNIQUE (inbox_message_id, student_id, day)
);
INSERT INTO inbox_absences_days(id, inbox_message_id, student_id, day, acknowledged_at, thanks_message_id)
SELECT id, inbox_message_id, student_id, day, acknowledged_at, thanks_message_id FROM inbox_absences;
DROP TABLE inbox_absences;
ALTER TABLE inbox_absences_days RENAME TO inbox_absences;
CREATE INDEX inbox_absences_day ON inbox_absences(day);
"""


def _script(sql: str) -> Callable[[sqlite_utils.Database], None]:
    """A migration that runs each statement of `sql` (inside the caller's transaction)."""

    def run(db: sqlite_utils.Database) -> None:
        for statement in _statements(sql):
            db.execute(statement)

    return run


# Who really wrote: an e-mail answering our letter to a parent from an address not hers (a
# grandmother's) keeps its address (`sender`) and the roster parent it belongs to, if any; the
# teacher's answer to it goes to that address, in the parent's thread (`mail_replies.to_address`).
V23_SENDER = """
ALTER TABLE inbox_messages ADD COLUMN sender TEXT;
ALTER TABLE inbox_messages ADD COLUMN sender_guardian_id INTEGER REFERENCES guardians(id) ON DELETE SET NULL;
ALTER TABLE mail_replies ADD COLUMN to_address TEXT;
"""


STEPS = (V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14_MAX, V14_INBOX, V14_PIPELINE,
         V15_BOTSURVEY, V15_INVITEMAIL, V16_FORGETANSWERS, V17_BACKUPS, V18_THANKS,
         V19_TEAMNAMES, V20_GIVENCLASS, V21_ROMANCLASS, V22_ABSENCEDAYS,
         V23_SENDER)
MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    version: _script(sql) for version, sql in enumerate(STEPS, start=1)}
SCHEMA_VERSION = max(MIGRATIONS)
