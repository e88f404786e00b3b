"""E-mail over SMTP: one connection reused for a batch, none / STARTTLS / SSL, login,
4xx and timeouts temporary (retried with backoff), 5xx permanent.

`smtplib`'s debug output would print `AUTH PLAIN` with the password: it is never enabled.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from .. import clock
from ..errors import OutreachError
from ..i18n import t
from ..secrets import get_secret, redact

TIMEOUT = 30.0


class DeliveryError(Exception):
    """A delivery failed; `permanent` ones are not retried automatically."""

    def __init__(self, text: str, permanent: bool):
        super().__init__(redact(text))
        self.text = redact(text)
        self.permanent = permanent


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

    @property
    def domain(self) -> str:
        return self.sender.rpartition("@")[2] or "localhost"


def smtp_config(settings: dict[str, str]) -> SmtpConfig | None:
    """Settings overridden by OUTREACH_SMTP_*; None when no host is configured."""
    def value(key: str) -> str:
        return os.environ.get("OUTREACH_SMTP_" + key.upper(), "").strip() or settings.get(f"smtp.{key}", "")

    host = value("host")
    if not host:
        return None
    sender = value("from") or value("user")
    if not sender:
        raise OutreachError(t("messages.smtp.no_from"))
    security = value("security") or "starttls"
    if security not in ("none", "starttls", "ssl"):
        raise OutreachError(t("settings.bad_security", value=security))
    port = value("port") or ("465" if security == "ssl" else "587")
    if not port.isdigit():
        raise OutreachError(t("settings.bad_port", value=port))
    try:
        rate = float(settings.get("smtp.rate") or 0)
    except ValueError:
        rate = 0.0
    user = value("user")
    return SmtpConfig(host, int(port), security, user, sender, rate,
                      get_secret("smtp.password") if user else None)


def build_email(config: SmtpConfig, to_name: str, to_address: str, subject: str, text: str,
                html: str) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = config.sender
    mail["To"] = Address(display_name=to_name, addr_spec=to_address) if to_name else to_address
    mail["Date"] = format_datetime(clock.now())
    mail["Message-ID"] = make_msgid(domain=config.domain)
    mail.set_content(text)
    mail.add_alternative(_html_page(subject, html), subtype="html")
    return mail


def _html_page(title: str, body: str) -> str:
    from html import escape

    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f'<body style="font-family: sans-serif; font-size: 16px; line-height: 1.5">{body}</body></html>')


class SmtpSender:
    """Sends a batch over one connection, reconnecting when the server drops it."""

    def __init__(self, config: SmtpConfig):
        self.config = config
        self.conn: smtplib.SMTP | None = None

    def __enter__(self) -> "SmtpSender":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self) -> None:
        cfg = self.config
        try:
            if cfg.security == "ssl":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout,
                                                      context=ssl.create_default_context())
            else:
                conn = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
            conn.set_debuglevel(0)
            conn.ehlo()
            if cfg.security == "starttls":
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
            if cfg.user:
                if not cfg.password:
                    conn.close()
                    raise DeliveryError(t("messages.smtp.no_password"), permanent=False)
                conn.login(cfg.user, cfg.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(t("messages.smtp.auth_failed", code=exc.smtp_code), permanent=False) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(t("messages.smtp.connect_failed", host=cfg.host, port=cfg.port,
                                  reason=redact(exc) or type(exc).__name__), permanent=False) from None
        self.conn = conn

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (OSError, smtplib.SMTPException):
                self.conn.close()
            self.conn = None

    def send(self, mail: EmailMessage) -> str:
        """Send one message; returns its Message-ID. Raises DeliveryError."""
        if self.conn is None:
            self.connect()
        assert self.conn is not None
        try:
            refused = self.conn.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise DeliveryError(_reply(code, reply), permanent=code >= 500) from None
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code == 421:
                self.conn = None
            raise DeliveryError(_reply(exc.smtp_code, exc.smtp_error), permanent=exc.smtp_code >= 500) from None
        except smtplib.SMTPServerDisconnected as exc:
            self.conn = None
            raise DeliveryError(t("messages.smtp.disconnected", reason=redact(exc)), permanent=False) from None
        except (socket.timeout, TimeoutError):
            self._drop()
            raise DeliveryError(t("messages.smtp.timeout"), permanent=False) from None
        except (OSError, smtplib.SMTPException) as exc:
            self._drop()
            raise DeliveryError(redact(exc) or type(exc).__name__, permanent=False) from None
        if refused:
            code, reply = next(iter(refused.values()))
            raise DeliveryError(_reply(code, reply), permanent=code >= 500)
        return str(mail["Message-ID"])

    def _drop(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            finally:
                self.conn = None


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {' '.join(text.split())}"
