"""Settings stored in the database (never secrets): defaults, validation, reading."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from .channel_names import GUARDIAN_CHANNELS
from .errors import OutreachError
from .i18n import t
from .quiet_hours import QuietHours

DEFAULTS: dict[str, str] = {
    "quiet_hours": "21:00-08:00",
    "default_channels": "telegram,max,vk,email",
    "teacher_name": "",
    "school_name": "",
    "smtp.host": "",
    "smtp.port": "587",
    "smtp.from": "",
    "smtp.security": "starttls",
    "smtp.user": "",
    "smtp.rate": "5",
    "smtp.allow_plain_login": "no",
    "telegram.api": "https://api.telegram.org",
    "telegram.bot": "",
}
SECRET_KEYS = ("smtp.password", "telegram.token", "password", "token")


def _quiet_hours(value: str) -> str:
    try:
        return str(QuietHours.parse(value))
    except ValueError:
        raise OutreachError(t("settings.bad_quiet_hours", value=value)) from None


def _channels(value: str) -> str:
    items = [c.strip().lower() for c in value.split(",") if c.strip()]
    unknown = [c for c in items if c not in GUARDIAN_CHANNELS]
    if unknown or not items:
        raise OutreachError(t("settings.bad_channels", value=", ".join(unknown) or value,
                              known=", ".join(GUARDIAN_CHANNELS)))
    return ",".join(dict.fromkeys(items))


def _port(value: str) -> str:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise OutreachError(t("settings.bad_port", value=value))
    return value


def _security(value: str) -> str:
    if value not in ("none", "starttls", "ssl"):
        raise OutreachError(t("settings.bad_security", value=value))
    return value


def _rate(value: str) -> str:
    """Messages per second (0: no limit)."""
    try:
        number = float(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 1000:
        raise OutreachError(t("messages.settings.bad_rate", value=value))
    return value.strip()


def _yes_no(key: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        answer = value.strip().lower()
        if answer in ("yes", "no"):
            return answer
        raise OutreachError(t("deliverydoubt.settings.bad_yes_no", key=key, value=value))

    return check


_VALIDATORS: dict[str, Callable[[str], str]] = {
    "quiet_hours": _quiet_hours,
    "default_channels": _channels,
    "smtp.port": _port,
    "smtp.security": _security,
    "smtp.rate": _rate,
    "smtp.allow_plain_login": _yes_no("smtp.allow_plain_login"),
}


def known_key(key: str) -> bool:
    return key in DEFAULTS or (key.startswith("links.") and len(key) > len("links."))


def set_setting(db: sqlite_utils.Database, key: str, value: str) -> str:
    """Validate and store one setting; secrets are refused (environment or keyring only)."""
    if any(key == s or key.endswith("." + s) for s in SECRET_KEYS):
        raise OutreachError(t("settings.secret_refused", key=key))
    if not known_key(key):
        raise OutreachError(t("settings.unknown_key", key=key, known=", ".join([*DEFAULTS, "links.*"])))
    clean = _VALIDATORS.get(key, str.strip)(value)
    with db.atomic():
        db.execute("INSERT INTO settings(key, value) VALUES (?, ?)"
                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, clean])
    return clean


def all_settings(db: sqlite_utils.Database) -> dict[str, str]:
    stored = dict(db.execute("SELECT key, value FROM settings").fetchall())
    return {**DEFAULTS, **stored}
