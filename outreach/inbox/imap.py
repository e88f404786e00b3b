"""Parents' e-mail over IMAP (imap-tools): only messages after the stored UID of the folder's
UIDVALIDITY are read, without marking them seen; the teacher's mailbox is never changed.

The password comes from OUTREACH_IMAP_PASSWORD or the keyring, never from the database, and is
masked in every error text."""

from __future__ import annotations

import imaplib
import os
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import imap_tools
import sqlite_utils
from imap_tools import MailMessage

from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.formats import first_names
from outreach.common.i18n import t
from outreach.inbox.model import Incoming
from outreach.inbox.reply_text import split_reply
from outreach.inbox.text import html_to_text
from outreach.messages.rsvp_mail import MailAnswer, answer_in_text, calendar_answer
from outreach.settings.secrets import failure_reason, get_secret

BATCH = 200
FIRST_DAYS = 30
_AUTOMATIC_PRECEDENCE = ("bulk", "list", "junk", "auto_reply")


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    security: str
    user: str
    password: str
    folder: str = "INBOX"
    timeout: float = 20.0

    @property
    def source(self) -> str:
        """The resume point's key: one per account and folder."""
        return f"imap:{self.user}@{self.host}:{self.port}/{self.folder}"


def _setting(settings: dict[str, str], key: str) -> str:
    variable = "OUTREACH_" + key.replace(".", "_").upper()
    return os.environ.get(variable, "").strip() or settings.get(key, "").strip()


def imap_config(settings: dict[str, str]) -> ImapConfig | None:
    """The IMAP account, or None while no host is set."""
    host = _setting(settings, "imap.host")
    if not host:
        return None
    password = get_secret("imap.password") or ""
    port = _setting(settings, "imap.port") or "993"
    if not port.isdigit():
        raise OutreachError(t("{value} is not a port number (1–65535).", value=port))
    return ImapConfig(host, int(port), _setting(settings, "imap.security") or "ssl",
                      _setting(settings, "imap.user"), password, _setting(settings, "imap.folder") or "INBOX")


def _mailbox(config: ImapConfig) -> imap_tools.BaseMailBox:
    if config.security == "none":
        return imap_tools.MailBoxUnencrypted(config.host, config.port, timeout=config.timeout)
    if config.security == "starttls":
        return imap_tools.MailBoxStartTls(config.host, config.port, timeout=config.timeout,
                                          ssl_context=ssl.create_default_context())
    return imap_tools.MailBox(config.host, config.port, timeout=config.timeout,
                              ssl_context=ssl.create_default_context())


def _cursor(db: sqlite_utils.Database, source: str) -> tuple[int, int] | None:
    row = db.execute("SELECT uidvalidity, last_uid FROM inbox_cursors WHERE source = ?", [source]).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def store_cursor(db: sqlite_utils.Database, source: str, uidvalidity: int, last_uid: int) -> None:
    db.execute("INSERT INTO inbox_cursors(source, uidvalidity, last_uid) VALUES (?, ?, ?)"
               " ON CONFLICT(source) DO UPDATE SET uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid",
               [source, uidvalidity, last_uid])


@dataclass(frozen=True)
class MailBatch:
    """New messages of the folder and where the next fetch resumes."""

    items: list[Incoming]
    uidvalidity: int
    last_uid: int


def read_new_mail(db: sqlite_utils.Database, config: ImapConfig) -> MailBatch:
    """The folder's messages after the stored resume point (all of them after a UIDVALIDITY change)."""
    try:
        with _mailbox(config) as box:
            try:
                box.login(config.user, config.password, initial_folder=config.folder)
            except imap_tools.errors.MailboxFolderSelectError:
                raise _no_folder(config, [folder.name for folder in box.folder.list()]) from None
            uidvalidity = int(box.folder.status(config.folder, ["UIDVALIDITY"])["UIDVALIDITY"])
            stored = _cursor(db, config.source)
            last = stored[1] if stored and stored[0] == uidvalidity else 0
            uids = [u for u in box.uids(_criteria(last, stored is None)) if int(u) > last]
            items: list[Incoming] = []
            for start in range(0, len(uids), BATCH):
                chunk = uids[start:start + BATCH]
                items += [incoming(m) for m in box.fetch(mark_seen=False, bulk=True, uid_list=chunk)]
            return MailBatch(items, uidvalidity, max([last, *map(int, uids)]))
    except imap_tools.errors.MailboxLoginError:
        raise OutreachError(t("The mail server {host} refused the login of {user}: check imap.user and OUTREACH_IMAP_PASSWORD.", user=config.user, host=config.host)) from None
    except (OSError, imaplib.IMAP4.error, imap_tools.errors.ImapToolsError) as exc:
        raise OutreachError(t("The mailbox on {host} could not be read: {reason}.", host=config.host,
                              reason=failure_reason(exc))) from None


SHOWN_FOLDERS = 12


def _no_folder(config: ImapConfig, folders: list[str]) -> OutreachError:
    """The folder asked for is not in the mailbox: the ones that are («Входящие» is INBOX)."""
    names = first_names(sorted(folders, key=lambda name: (name.upper() != "INBOX", name)), SHOWN_FOLDERS)
    return OutreachError(t("The mailbox on {host} has no folder «{folder}»; its folders: {folders}. Set imap.folder to one of them (incoming mail is usually INBOX, whatever the mail's site calls it).",
                           host=config.host, folder=config.folder, folders=names or "—"))


def _criteria(last: int, first: bool) -> imap_tools.AND:
    """After the last UID read; a first fetch reads the last FIRST_DAYS only (not years of mail)."""
    if first:
        return imap_tools.AND(uid=imap_tools.U(str(last + 1), "*"),
                              date_gte=clock.today() - timedelta(days=FIRST_DAYS))
    return imap_tools.AND(uid=imap_tools.U(str(last + 1), "*"))


def _header(message: MailMessage, name: str) -> str:
    # not headers.get(): LazyHeaders' get is untyped (mypy --strict)
    values: tuple[str, ...] = message.headers[name] if name in message.headers else ()  # noqa: SIM401
    return " ".join(" ".join(v.split()) for v in values)


def _ids(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in text.split() if i.startswith("<") and i.endswith(">")))


def _answers(message: MailMessage) -> tuple[str, ...]:
    return _ids(f"{_header(message, 'in-reply-to')} {_header(message, 'references')}")


def _references(message: MailMessage) -> tuple[str, ...]:
    """The message's own chain: References, or In-Reply-To where a client sends only that."""
    return _ids(_header(message, "references")) or _ids(_header(message, "in-reply-to"))


_CALENDAR_TYPES = ("text/calendar", "application/ics")


def mail_answer(message: MailMessage, body: str, words: bool = True) -> MailAnswer | None:
    """An answer to an invitation: a calendar's REPLY among the parts, else (with `words`; not
    for auto-replies) a reply word at the start of the text."""
    for part in message.obj.walk():
        if part.get_content_type() in _CALENDAR_TYPES or (part.get_filename() or "").lower().endswith(".ics"):
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and (found := calendar_answer(data)) is not None:
                return found
    word = answer_in_text(body) if words else None
    return MailAnswer(word) if word is not None else None


def is_automatic(message: MailMessage) -> bool:
    """An auto-reply or a mailing list's mail (RFC 3834 Auto-Submitted, Precedence, List-Id)."""
    submitted = _header(message, "auto-submitted").lower()
    precedence = _header(message, "precedence").lower()
    return (bool(submitted) and submitted != "no") or precedence in _AUTOMATIC_PRECEDENCE \
        or bool(_header(message, "list-id"))


def _when(message: MailMessage) -> datetime:
    try:
        moment = parsedate_to_datetime(_header(message, "date"))
    except (TypeError, ValueError):
        return clock.now()
    return moment if moment.tzinfo else clock.now()


def attached_files(message: MailMessage) -> list[str]:
    """The names of the files a parent attached (not a calendar reply, not a signature's
    inline picture): the inbox keeps text only, so it says they are there."""
    return [part.filename for part in message.attachments
            if part.filename and part.content_disposition != "inline"
            and part.content_type not in _CALENDAR_TYPES and not part.filename.lower().endswith(".ics")]


def incoming(message: MailMessage) -> Incoming:
    """One fetched e-mail, normalised (HTML-only mail as its text; attached files named under
    the parent's own text, above our letter quoted back); an answer word read from the
    parent's own text only."""
    reply = split_reply(message.text.strip() or html_to_text(message.html))
    external_id = _header(message, "message-id") or f"uid:{message.uid}"
    automatic = is_automatic(message)
    files = attached_files(message)
    note = t("Attached: {files} (open the e-mail in your mailbox to see them).", files=", ".join(files)) if files else ""
    return Incoming("email", external_id, message.from_, "\n\n".join(filter(None, [reply.own, note, reply.rest])),
                    _when(message), subject=message.subject, answers=_answers(message), automatic=automatic,
                    references=_references(message), answer=mail_answer(message, reply.own, words=not automatic))
