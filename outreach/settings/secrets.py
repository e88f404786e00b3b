"""Secrets (SMTP password, bot token): from the environment or the system keyring only.

They are never stored in the database, never printed, and redacted from logs and from
error texts before those are shown or stored.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import sys
from typing import Literal

from outreach.common.errors import OutreachError
from outreach.common.i18n import N_, t

KEYRING_SERVICE = "outreach"
ENV = {
    "smtp.password": "OUTREACH_SMTP_PASSWORD",
    "telegram.token": "OUTREACH_TELEGRAM_TOKEN",
    "max.token": "OUTREACH_MAX_TOKEN",
    "imap.password": "OUTREACH_IMAP_PASSWORD",
}
MASK = "***"
_known: set[str] = set()
_TOKEN_IN_URL = re.compile(r"/bot[0-9]+:[A-Za-z0-9_-]+")


def get_secret(name: str) -> str | None:
    """The secret `name` (a key of ENV) from its environment variable, else the keyring."""
    value = os.environ.get(ENV[name], "").strip()
    if not value:
        value = _from_keyring(name) or ""
    if value:
        _known.add(value)
        install_log_redaction()
    return value or None


def _from_keyring(name: str) -> str | None:
    try:
        import keyring
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except Exception:  # noqa: BLE001 - no usable keyring backend (no D-Bus, locked…): no secret
        return None


def secret_source(name: str) -> Literal["environment", "keyring"] | None:
    """Where the secret `name` comes from (the environment wins), None when it is not set."""
    if os.environ.get(ENV[name], "").strip():
        return "environment"
    return "keyring" if _from_keyring(name) else None


def store_secret(name: str, value: str) -> None:
    """Put the secret `name` in the system keyring; an error naming the environment variable
    to use instead when there is no usable keyring."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, name, value.strip())
    except Exception:  # noqa: BLE001 - no backend, locked, refused: one sentence instead
        raise OutreachError(t("No system keyring is available to keep the secret: set {env} in the environment instead.", env=ENV[name])) from None
    _known.add(value.strip())
    install_log_redaction()


def redact(text: object) -> str:
    """`text` with every known secret (and any bot token in a URL) masked."""
    result = str(text)
    for secret in sorted(_known, key=len, reverse=True):
        result = result.replace(secret, MASK)
    return _TOKEN_IN_URL.sub("/bot" + MASK, result)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message with the secrets masked (httpx logs request URLs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


_FILTER = RedactingFilter()
NOISY_LOGGERS = ("httpx", "httpcore", "mail.log", "aiosmtpd")


def install_log_redaction() -> None:
    """Quiet the HTTP client's request logging and mask secrets in whatever still logs."""
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
        if name.startswith("http") and logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)
    root = logging.getLogger()
    for handler in root.handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)


# What the operating system says when a server cannot be reached, in the teacher's language
# (its own text, such as «[Errno 111] Connection refused», is English whatever the locale).
_NETWORK_WORDS: tuple[tuple[type[BaseException], str], ...] = (
    (ConnectionRefusedError, N_("the server refused the connection: nothing answers on that port")),
    (socket.gaierror, N_("no server of that name is found: check the name and the Internet connection")),
    (TimeoutError, N_("the server did not answer in time")),
    (ConnectionResetError, N_("the connection was cut")),
)


# What OpenSSL says of a certificate it does not trust (`verify_message`; OpenSSL 1.1 wrote
# «self signed»), in the teacher's language: the English msgids are OpenSSL 3's own words.
_CERTIFICATE_WORDS = {
    "self-signed certificate": N_("self-signed certificate"),
    "self signed certificate": N_("self-signed certificate"),
    "self-signed certificate in certificate chain": N_("self-signed certificate in certificate chain"),
    "self signed certificate in certificate chain": N_("self-signed certificate in certificate chain"),
    "certificate has expired": N_("certificate has expired"),
    "certificate is not yet valid": N_("certificate is not yet valid"),
    "unable to get local issuer certificate": N_("unable to get local issuer certificate"),
}


def certificate_problem(exc: BaseException) -> str:
    """Why a server's certificate is not trusted, for a message («self-signed certificate»,
    «certificate has expired», another server's name…) in the teacher's language where
    OpenSSL's words are known, else as OpenSSL says it."""
    said = str(getattr(exc, "verify_message", "") or getattr(exc, "reason", "") or exc)
    if said.startswith("Hostname mismatch"):
        return t("the certificate is for another server name")
    words = _CERTIFICATE_WORDS.get(said)
    return t(words) if words else said


def _closed_words() -> tuple[tuple[type[BaseException], str], ...]:
    """The clients' own «connection closed» errors, for the clients loaded (importing them
    here would load them for every command): their texts are English too («Connection
    unexpectedly closed», «Server disconnected without sending a response.»)."""
    words: list[tuple[type[BaseException], str]] = []
    if smtplib := sys.modules.get("smtplib"):
        words.append((smtplib.SMTPServerDisconnected, N_("the server closed the connection")))
    if httpx := sys.modules.get("httpx"):
        words.append((httpx.RemoteProtocolError,
                      N_("the server closed the connection without a proper answer")))
    return tuple(words)


def _encryption_words(exc: BaseException) -> str | None:
    """An encryption failure in words: an untrusted certificate, or the port and the security
    setting not matching (TLS spoken to a plain port, STARTTLS or a login the server does not
    offer); None for anything else. (Such errors come only once ssl or smtplib is loaded.)"""
    ssl, smtplib = sys.modules.get("ssl"), sys.modules.get("smtplib")
    if ssl is not None and isinstance(exc, ssl.SSLCertVerificationError):
        return t("the server's certificate is not trusted: {problem}", problem=certificate_problem(exc))
    if ssl is not None and isinstance(exc, ssl.SSLError) and exc.reason == "WRONG_VERSION_NUMBER":
        return t("the server does not speak TLS on this port: check the port and the encryption")
    if smtplib is not None and isinstance(exc, smtplib.SMTPNotSupportedError):
        if str(exc).startswith("STARTTLS"):
            return t("the server does not offer STARTTLS on this port: check the port and the encryption")
        if "AUTH" in str(exc):
            return t("the server does not offer a login on this port: check the port and the encryption")
    return None


def failure_reason(exc: BaseException) -> str:
    """Why a connection or a request failed, for a message: the usual network failures in
    words (the cause an HTTP client wraps included), otherwise the error's own text with
    every secret masked."""
    known = _NETWORK_WORDS + _closed_words()
    seen: BaseException | None = exc
    while seen is not None:
        if said := _encryption_words(seen):
            return said
        for kind, words in known:
            if isinstance(seen, kind):
                return t(words)
        seen = seen.__cause__ or seen.__context__
    return redact(exc) or type(exc).__name__
