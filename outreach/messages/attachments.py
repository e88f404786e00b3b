"""Files attached to a message (a form, a schedule): checked and stored with the message as
a path and a size, read again when it is sent, and carried by e-mail only (the other
channels say so in the plan). The files together may be at most `LIMIT` bytes."""

from __future__ import annotations

import json
import math
import mimetypes
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from outreach.common.errors import OutreachError
from outreach.common.i18n import t

LIMIT = 10 * 1024 * 1024
# The channels that carry a message's files; the rest carry its text only.
CARRIED_BY = ("email",)


@dataclass(frozen=True)
class Attachment:
    name: str
    path: str
    size: int


@dataclass(frozen=True)
class Loaded:
    """An attachment read for sending: its bytes and MIME type."""

    attachment: Attachment
    data: bytes
    maintype: str
    subtype: str


def size_text(size: int) -> str:
    """«340 КБ», «1,2 МБ», «10 МБ», rounded up (a file just over a limit never reads as on it)."""
    if size < 1024 * 1024:
        return t("{size} KB", size=max(1, math.ceil(size / 1024)))
    tenths = math.ceil(size * 10 / 1024 / 1024)
    text = str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}{t('.')}{tenths % 10}"
    return t("{size} MB", size=text)


def check_files(paths: Iterable[str | Path]) -> list[Attachment]:
    """Each path a readable file, the total within LIMIT; one sentence naming the file otherwise."""
    found: dict[str, Attachment] = {}
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.is_file():
            raise OutreachError(t("Attachment {path}: there is no such file.", path=str(raw)))
        if not os.access(path, os.R_OK):
            raise OutreachError(t("Attachment {path}: the file cannot be read (check its permissions).", path=str(raw)))
        resolved = str(path.resolve())
        found[resolved] = Attachment(path.name, resolved, path.stat().st_size)
    attachments = list(found.values())
    _check_total(attachments)
    return attachments


def _check_total(attachments: list[Attachment]) -> None:
    total = sum(a.size for a in attachments)
    if total > LIMIT:
        raise OutreachError(t("The attachments take {size} together; a message may carry at most {limit}: leave some out or send a link to them instead.", size=size_text(total), limit=size_text(LIMIT)))


def store(db: sqlite_utils.Database, message_id: int, attachments: list[Attachment]) -> None:
    """Inside the caller's transaction (the message is created with its files or not at all)."""
    db.conn.executemany("INSERT INTO message_attachments(message_id, position, name, path, size)"
                        " VALUES (?, ?, ?, ?, ?)",
                        [(message_id, n, a.name, a.path, a.size) for n, a in enumerate(attachments)])


def attachments_of(db: sqlite_utils.Database, message_id: int) -> list[Attachment]:
    return [Attachment(*row) for row in db.execute(
        "SELECT name, path, size FROM message_attachments WHERE message_id = ? ORDER BY position", [message_id])]


def counts(db: sqlite_utils.Database, ids: list[int]) -> dict[int, int]:
    """How many files each message of `ids` has (messages without any left out)."""
    return dict(db.execute("SELECT message_id, count(*) FROM message_attachments"
                           " WHERE message_id IN (SELECT value FROM json_each(?)) GROUP BY 1",
                           [json.dumps(ids)]).fetchall())


def load(db: sqlite_utils.Database, message_id: int) -> list[Loaded]:
    """The message's files as they are now; a file moved, deleted or grown past the limit
    since the message was made stops the send before anything leaves."""
    loaded = []
    for attachment in attachments_of(db, message_id):
        try:
            data = Path(attachment.path).read_bytes()
        except OSError:
            raise OutreachError(t("Attachment «{name}» is no longer readable at {path}: nothing of message {id} was sent. Put the file back, or compose the message again.", name=attachment.name, path=attachment.path,
                                  id=message_id)) from None
        kind, _ = mimetypes.guess_type(attachment.name)
        maintype, _, subtype = (kind or "application/octet-stream").partition("/")
        loaded.append(Loaded(Attachment(attachment.name, attachment.path, len(data)), data, maintype, subtype))
    _check_total([item.attachment for item in loaded])
    return loaded
