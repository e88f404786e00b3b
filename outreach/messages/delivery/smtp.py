"""E-mail over SMTP: one connection reused for a batch, none / STARTTLS / SSL, login,
4xx and timeouts before the message's final dot temporary, 5xx permanent. Once the final
dot has left, a lost connection or a late answer leaves the outcome unknown (`InDoubt`):
the message may have arrived, so it is never sent again by itself. A password never
crosses an unencrypted connection to another machine unless the teacher allows it.

`smtplib`'s debug output would print `AUTH PLAIN` with the password: it is never enabled.
"""

from __future__ import annotations

import ipaddress
import os
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import TYPE_CHECKING, Self

from outreach.channels.errors import DeliveryError, InDoubt, Unreachable
from outreach.common import clock
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.messages import rsvp, rsvp_mail
from outreach.messages.attachments import Loaded, size_text
from outreach.messages.delivery.senders import (
    Letter,
    NotConfigured,
    Outcome,
    Part,
    Setup,
    outcome_of,
)
from outreach.messages.mail_thread import MailThread, thread_of
from outreach.messages.markup import to_html, to_text
from outreach.settings.secrets import certificate_problem, failure_reason, get_secret
from outreach.settings.values import environment_variable

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

TIMEOUT = 30.0
INVITATION_FILE = "invitation.ics"


LOCAL_HOSTS = ("localhost",)


@dataclass
class SmtpConfig:
    host: str
    port: int
    security: str
    user: str
    sender: str
    rate: float
    password: str | None = None
    timeout: float = TIMEOUT
    sender_name: str = ""
    reply_to: str = ""

    @property
    def domain(self) -> str:
        return self.sender.rpartition("@")[2] or "localhost"


def smtp_config(settings: dict[str, str]) -> SmtpConfig | None:
    """Settings overridden by OUTREACH_SMTP_*; None when no host is configured."""
    def value(key: str) -> str:
        setting = f"smtp.{key}"
        return os.environ.get(environment_variable(setting), "").strip() or settings.get(setting, "")

    host = value("host")
    if not host:
        return None
    sender = value("from") or value("user")
    if not sender:
        raise OutreachError(t("Set smtp.from (the sender's address) before sending e-mail."))
    security = value("security") or "starttls"
    if security not in ("none", "starttls", "ssl"):
        raise OutreachError(t("{value}: smtp.security is none, starttls or ssl.", value=security))
    port = value("port") or ("465" if security == "ssl" else "587")
    if not port.isdigit():
        raise OutreachError(t("{value} is not a port number (1–65535).", value=port))
    try:
        rate = float(settings.get("smtp.rate") or 0)
    except ValueError:
        rate = 0.0
    user = value("user")
    if user and security == "none" and not _local(host) and value("allow_plain_login").lower() != "yes":
        raise OutreachError(t("The SMTP password would cross the network to {host} unencrypted: set smtp.security to starttls or ssl (or, if you accept the risk, outreach settings set smtp.allow_plain_login yes).", host=host))
    return SmtpConfig(host, int(port), security, user, sender, rate,
                      get_secret("smtp.password") if user else None,
                      sender_name=value("from_name"), reply_to=value("reply_to"))


def _local(host: str) -> bool:
    """This machine itself: the password does not cross a network."""
    if host.lower() in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_message_id(config: SmtpConfig) -> str:
    """A Message-ID made before sending, so it can be stored and looked up in the server's log."""
    return make_msgid(domain=config.domain)


def build_email(config: SmtpConfig, to_name: str, to_address: str, subject: str, text: str,
                html: str, message_id: str | None = None, attachments: Sequence[Loaded] = (), *,
                thread: MailThread | None = None, calendar: bytes | None = None) -> EmailMessage:
    """The letter; `thread` makes it an answer in a parent's thread, `calendar` (an .ics
    request) goes both as the calendar alternative clients offer to accept and as a file."""
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = _with_name(config.sender_name, config.sender)
    if config.reply_to:
        mail["Reply-To"] = config.reply_to
    mail["To"] = Address(display_name=to_name, addr_spec=to_address) if to_name else to_address
    mail["Date"] = format_datetime(clock.now())
    mail["Message-ID"] = message_id or new_message_id(config)
    if thread is not None:
        mail["In-Reply-To"] = thread.in_reply_to
        mail["References"] = " ".join(thread.references)
    mail.set_content(text)
    mail.add_alternative(_html_page(subject, html), subtype="html")
    if calendar is not None:
        mail.add_alternative(calendar, maintype="text", subtype="calendar",
                             params={"method": "REQUEST", "charset": "utf-8"})
        mail.add_attachment(calendar, maintype="application", subtype="ics", filename=INVITATION_FILE)
    for item in attachments:
        _attach(mail, item)
    return mail


def _attach(mail: EmailMessage, item: Loaded) -> None:
    """The file's bytes as they are (base64); a UTF-8 text file says its charset."""
    params = {"charset": "utf-8"} if item.maintype == "text" and _utf8(item.data) else {}
    mail.add_attachment(item.data, maintype=item.maintype, subtype=item.subtype,
                        filename=item.attachment.name, params=params)


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _with_name(name: str, address: str) -> Address | str:
    """«Name <address>» when a name is set and the address is one; the bare address otherwise."""
    if not name or "@" not in address:
        return address
    user, _, domain = address.rpartition("@")
    return Address(display_name=name, username=user, domain=domain)


def _html_page(title: str, body: str) -> str:
    from html import escape

    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body style="font-family: sans-serif; font-size: 16px; line-height: 1.5">{body}</body></html>')


class _Phases(smtplib.SMTP):
    """Knows how far the current message got: DATA sent, and the final dot sent."""

    data_started = False
    dot_sent = False

    def data(self, msg: ReadableBuffer | str) -> tuple[int, bytes]:
        self.data_started = True
        return super().data(msg)

    def send(self, s: ReadableBuffer | str) -> None:
        super().send(s)
        if self.data_started and isinstance(s, bytes):  # the body, ending with the final dot
            self.dot_sent = True


class _SMTP(_Phases):
    pass


class _SMTPSSL(_Phases, smtplib.SMTP_SSL):
    pass


class SmtpSender:
    """Sends a batch over one connection, reconnecting when the server drops it."""

    def __init__(self, config: SmtpConfig):
        self.config = config
        self.conn: _SMTP | _SMTPSSL | None = None

    def __enter__(self) -> "SmtpSender":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> None:
        cfg = self.config
        conn: _SMTP | _SMTPSSL | None = None
        try:
            if cfg.security == "ssl":
                conn = _SMTPSSL(cfg.host, cfg.port, timeout=cfg.timeout, context=ssl.create_default_context())
            else:
                conn = _SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
            conn.set_debuglevel(0)
            conn.ehlo()
            if cfg.security == "starttls":
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
            if cfg.user:
                if not cfg.password:
                    raise Unreachable(t("The SMTP password is missing: set OUTREACH_SMTP_PASSWORD or store it in the system keyring."), permanent=False, later=True)
                conn.login(cfg.user, cfg.password)
        except Unreachable:
            _close(conn)
            raise
        except smtplib.SMTPAuthenticationError as exc:
            _close(conn)
            raise Unreachable(t("The mail server refused the login (code {code}); check smtp.user and the password.", code=exc.smtp_code), permanent=False,
                              later=True) from None
        except ssl.SSLCertVerificationError as exc:
            _close(conn)
            raise Unreachable(t("The mail server {host} showed a certificate this computer does not trust ({reason}): check smtp.host and smtp.security, or the computer's date.", host=cfg.host,
                                reason=certificate_problem(exc)), permanent=False,
                              later=True) from None
        except (OSError, smtplib.SMTPException) as exc:
            _close(conn)
            raise Unreachable(self._connect_failed(exc, greeted=conn is not None), permanent=False) from None
        self.conn = conn

    def _connect_failed(self, exc: Exception, greeted: bool) -> str:
        cfg = self.config
        if not greeted and cfg.security != "ssl" and isinstance(exc, (smtplib.SMTPServerDisconnected, TimeoutError)):
            # a port that wants TLS from the first byte (465) waits for it, then hangs up
            return t("The mail server {host}:{port} sent no greeting ({reason}): on this port it may expect SSL from the first byte (port 465 usually does). Choose SSL in smtp.security, or STARTTLS with port 587.",
                     host=cfg.host, port=cfg.port, reason=failure_reason(exc))
        return t("Cannot reach the mail server {host}:{port} ({reason}).", host=cfg.host, port=cfg.port,
                 reason=failure_reason(exc))

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (OSError, smtplib.SMTPException):
                self.conn.close()
            self.conn = None

    def send(self, mail: EmailMessage) -> str:
        """Send one message; returns its Message-ID. Raises DeliveryError, InDoubt once the
        final dot has left without a clear answer."""
        if self.conn is None:
            self.connect()
        conn = self.conn
        assert conn is not None
        conn.data_started = conn.dot_sent = False
        try:
            refused = conn.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            raise self._answered(*next(iter(exc.recipients.values())), conn) from None
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code == 552:  # too large: at MAIL FROM (the size announced) or after the dot
                raise _too_large(mail, conn, _reply(exc.smtp_code, exc.smtp_error)) from None
            raise self._answered(exc.smtp_code, exc.smtp_error, conn) from None
        except (OSError, smtplib.SMTPException) as exc:  # disconnected or timed out
            self._drop()
            if conn.dot_sent:
                raise InDoubt(t("the connection to the mail server was lost after the e-mail had been sent ({reason})", reason=_reason(exc))) from None
            if isinstance(exc, TimeoutError) or "timed out" in str(exc):
                raise DeliveryError(t("The mail server did not answer in time."), permanent=False) from None
            if isinstance(exc, smtplib.SMTPServerDisconnected):  # (its reason would say it again)
                raise DeliveryError(t("The mail server closed the connection."), permanent=False) from None
            raise DeliveryError(t("The mail server closed the connection ({reason}).", reason=_reason(exc)), permanent=False) from None
        if refused:
            raise self._refused(*next(iter(refused.values())), data_started=False)
        return str(mail["Message-ID"])

    def _answered(self, code: int, reply: bytes | str, conn: _Phases) -> DeliveryError:
        """The server's answer other than OK: a refusal, or one with no reply code at all."""
        if not 200 <= code < 600:
            return self._unreadable(reply, conn.dot_sent)
        return self._refused(code, reply, conn.data_started)

    def _unreadable(self, reply: bytes | str, dot_sent: bool) -> DeliveryError:
        """An answer with no reply code (a broken relay, smtplib's code -1): what the server did
        is not known, so after the final dot the e-mail is in doubt, never sent again."""
        self._drop()
        text = _text(reply)
        if dot_sent:
            return InDoubt(t("the mail server's answer after the e-mail had been sent could not be read («{reply}»)", reply=text))
        return DeliveryError(t("The mail server's answer could not be read («{reply}»).", reply=text), permanent=False)

    def _refused(self, code: int, reply: bytes | str, data_started: bool) -> DeliveryError:
        """A refusal: 5xx permanent, 4xx temporary; 421 (the server is closing) needs a fresh
        connection and is tried again in this run only if DATA had not started."""
        if code == 421:
            self._drop()
            return DeliveryError(_reply(code, reply), permanent=False, later=data_started)
        return DeliveryError(_reply(code, reply), permanent=code >= 500)

    def _drop(self) -> None:
        conn, self.conn = self.conn, None
        _close(conn)


def _too_large(mail: EmailMessage, conn: smtplib.SMTP, reply: str) -> DeliveryError:
    """A letter the server refuses as too large (552), in words: its size as sent, the
    server's limit when its greeting announced one (EHLO «SIZE»), and what to do. The same
    letter with the same attachments will not go later either."""
    length = len(mail.as_bytes())
    size = size_text(length)
    limit = conn.esmtp_features.get("size", "")
    if limit.isdigit() and 0 < int(limit) < length:
        return DeliveryError(t("The e-mail with its attachments is {size}; the mail server takes at most {limit} ({reply}): leave some attachments out or send a link to them instead.",
                               size=size, limit=size_text(int(limit)), reply=reply), permanent=True)
    return DeliveryError(t("The mail server refused the e-mail of {size} with its attachments as too large ({reply}): leave some attachments out or send a link to them instead.",
                           size=size, reply=reply), permanent=True)


def _close(conn: smtplib.SMTP | None) -> None:
    if conn is not None:
        conn.close()


def _reason(exc: BaseException) -> str:
    return failure_reason(exc)


def _reply(code: int, reply: bytes | str) -> str:
    return f"{code} {_text(reply)}"


def _text(reply: bytes | str) -> str:
    """A server's reply on one line."""
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


@dataclass(frozen=True)
class MailInvitation:
    """What an invitation's letters carry: reply words in its language, the event's .ics."""

    lang: str
    event: rsvp.Event | None


class EmailSender:
    """E-mail as a `Sender`: one part per letter, its Message-ID made (or kept) before it leaves."""

    channel = "email"
    attempts = 3
    multipart = False
    in_flight = True
    status = "sent"
    place: str | None = None

    def __init__(self, config: SmtpConfig, attachments: Sequence[Loaded] = (), *,
                 thread: MailThread | None = None, invitation: MailInvitation | None = None):
        self.config = config
        self.rate = config.rate
        self.attachments = attachments
        self.thread = thread
        self.invitation = invitation
        self.smtp = SmtpSender(config)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.smtp.close()

    def parts(self, letter: Letter) -> list[Part[EmailMessage]]:
        message_id = letter.external_id or new_message_id(self.config)
        markdown, calendar = letter.markdown, None
        if self.invitation is not None:
            markdown = f"{markdown.rstrip()}\n\n{rsvp_mail.reply_words(self.invitation.lang)}\n"
            calendar = self._calendar(letter)
        subject = self.thread.subject if self.thread is not None and self.thread.subject else letter.subject
        name, address = letter.name, letter.address
        if self.thread is not None and self.thread.to_address:  # someone else wrote in the parent's thread
            name, address = "", self.thread.to_address
        mail = build_email(self.config, name, address, subject, to_text(markdown), to_html(markdown),
                           message_id, self.attachments, thread=self.thread, calendar=calendar)
        return [Part(letter, 0, mail, message_id)]

    def _calendar(self, letter: Letter) -> bytes | None:
        """The invitation's .ics for this parent, None while its event has no time."""
        event = self.invitation.event if self.invitation is not None else None
        if event is None:
            return None
        organizer = rsvp_mail.Person(self.config.sender_name, self.config.sender)
        return rsvp_mail.calendar_request(event, organizer, rsvp_mail.Person(letter.name, letter.address),
                                          self.config.domain, clock.now())

    def send(self, part: Part[EmailMessage]) -> Outcome:
        try:
            return Outcome.sent(self.smtp.send(part.payload))
        except DeliveryError as exc:
            return outcome_of(exc)


def email_sender(setup: Setup) -> EmailSender:
    """Raises NotConfigured when no host is set or the settings do not hold together."""
    try:
        config = smtp_config(setup.settings)
    except OutreachError as exc:
        raise NotConfigured(exc.message) from None
    if config is None:
        raise NotConfigured(t("E-mail is waiting: the mail server is not set up (Settings, key 0, or outreach settings set smtp.host …)."))
    if setup.timeout is not None:
        config.timeout = setup.timeout
    invitation = rsvp.buttons_for(setup.db, setup.message.id)
    return EmailSender(config, setup.attachments, thread=thread_of(setup.db, setup.message.id),
                       invitation=None if invitation is None else
                       MailInvitation(setup.message.lang, rsvp.event_of(setup.db, invitation)))
