"""Settings stored in the database (never secrets): defaults, validation, reading."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from outreach.common.channel_names import parse_channels
from outreach.common.errors import OutreachError
from outreach.common.formats import parse_decimal
from outreach.common.i18n import t
from outreach.common.quiet_hours import QuietHours

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
    "smtp.from_name": "",
    "smtp.reply_to": "",
    "telegram.api": "https://api.telegram.org",
    "telegram.bot": "",
    "max.api": "https://platform-api2.max.ru",
    "max.bot": "",
    "imap.host": "",
    "imap.port": "993",
    "imap.security": "ssl",
    "imap.user": "",
    "imap.folder": "INBOX",
    "inbox.working_hours": "off",
    "inbox.auto_reply": "",
    "inbox.absence_thanks": "yes",
}
SECRET_KEYS = ("smtp.password", "telegram.token", "max.token", "imap.password", "password", "token")


def _quiet_hours(value: str) -> str:
    try:
        return str(QuietHours.parse(value))
    except ValueError:
        raise OutreachError(t("{value} is not HH:MM-HH:MM (e.g. 21:00-08:00) or off.", value=value)) from None


def _channels(value: str) -> str:
    """Channels typed as codes or names, stored as codes: «ВК, эл. почта» → `vk,email`."""
    return ",".join(parse_channels(value))


def _port(value: str) -> str:
    """A port as typed or pasted («587 » with a space the field does not show)."""
    port = value.strip()
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise OutreachError(t("{value} is not a port number (1–65535).", value=port))
    return port


def _security(value: str) -> str:
    if value not in ("none", "starttls", "ssl"):
        raise OutreachError(t("{value}: smtp.security is none, starttls or ssl.", value=value))
    return value


def _rate(value: str) -> str:
    """Messages per second (0: no limit), typed with a decimal comma or point; stored with a
    point, as the sender reads it."""
    try:
        number = parse_decimal(value)
    except OutreachError:
        number = -1
    if not 0 <= number <= 1000:
        raise OutreachError(t("{value}: smtp.rate is messages per second, from 0 (no limit) to 1000.", value=value))
    return f"{number:g}"


_YES_NO = {"yes": "yes", "no": "no", "да": "yes", "нет": "no"}  # the code, or the Russian word the screen shows


def _yes_no(key: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        answer = _YES_NO.get(value.strip().lower())
        if answer is None:
            raise OutreachError(t("{value}: {key} is yes or no.", key=key, value=value))
        return answer

    return check


_ADDRESS = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+")


def check_address(value: str, key: str) -> str:
    """`value` as an e-mail address (empty allowed: not set); an error naming `key` if not one."""
    address = value.strip()
    if address and not _ADDRESS.fullmatch(address):
        raise OutreachError(t("{value} is not an e-mail address ({key}).", key=key, value=value))
    return address


def _address(key: str) -> Callable[[str], str]:
    return lambda value: check_address(value, key)


_VALIDATORS: dict[str, Callable[[str], str]] = {
    "quiet_hours": _quiet_hours,
    "default_channels": _channels,
    "smtp.port": _port,
    "smtp.security": _security,
    "smtp.rate": _rate,
    "smtp.allow_plain_login": _yes_no("smtp.allow_plain_login"),
    "smtp.from": _address("smtp.from"),
    "smtp.reply_to": _address("smtp.reply_to"),
    "imap.port": _port,
    "imap.security": _security,
    "inbox.working_hours": _quiet_hours,
    "inbox.absence_thanks": _yes_no("inbox.absence_thanks"),
}


class SettingError(OutreachError):
    """A setting refused: `key` names it, the message says why."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class SettingField:
    """One setting as a form shows it: `choices` for a fixed list, `secret` for the keyring."""

    key: str
    choices: tuple[str, ...] = ()
    secret: bool = False


SETTING_GROUPS: tuple[tuple[str, tuple[SettingField, ...]], ...] = (
    ("teacher", (SettingField("teacher_name"), SettingField("school_name"))),
    ("sending", (SettingField("quiet_hours"), SettingField("default_channels"))),
    ("email", (SettingField("smtp.host"), SettingField("smtp.port"),
               SettingField("smtp.security", ("starttls", "ssl", "none")),
               SettingField("smtp.user"), SettingField("smtp.password", secret=True),
               SettingField("smtp.from"), SettingField("smtp.from_name"),
               SettingField("smtp.reply_to"), SettingField("smtp.rate"),
               SettingField("smtp.allow_plain_login", ("no", "yes")))),
    ("telegram", (SettingField("telegram.bot"), SettingField("telegram.token", secret=True),
                  SettingField("telegram.api"))),
    ("max", (SettingField("max.bot"), SettingField("max.token", secret=True), SettingField("max.api"))),
    ("inbox", (SettingField("imap.host"), SettingField("imap.port"),
               SettingField("imap.security", ("ssl", "starttls", "none")), SettingField("imap.user"),
               SettingField("imap.password", secret=True), SettingField("imap.folder"),
               SettingField("inbox.working_hours"), SettingField("inbox.auto_reply"),
               SettingField("inbox.absence_thanks", ("yes", "no")))),
    ("links", (SettingField("links.site"), SettingField("links.vk_group"),
               SettingField("links.telegram_group"), SettingField("links.max_group"))),
)
"""Every setting a form shows, grouped; `links.*` beyond these stay CLI-only."""

SMTP_PROVIDERS: dict[str, tuple[str, str, str]] = {
    "yandex": ("smtp.yandex.ru", "465", "ssl"),
    "mailru": ("smtp.mail.ru", "465", "ssl"),
    "gmail": ("smtp.gmail.com", "587", "starttls"),
}
"""The usual providers: host, port, security."""


_FROM_ENVIRONMENT = ("smtp.host", "smtp.port", "smtp.from", "smtp.security", "smtp.user",
                     "smtp.allow_plain_login", "smtp.from_name", "smtp.reply_to", "telegram.api",
                     "max.api", "imap.host", "imap.port", "imap.security", "imap.user", "imap.folder")


def environment_variable(key: str) -> str:
    """The variable that overrides setting `key` when set (OUTREACH_SMTP_HOST for smtp.host)."""
    return "OUTREACH_" + key.replace(".", "_").upper()


def overriding_variable(key: str) -> str | None:
    """The environment variable overriding `key` right now, if any."""
    name = environment_variable(key)
    return name if key in _FROM_ENVIRONMENT and os.environ.get(name, "").strip() else None


def known_key(key: str) -> bool:
    return key in DEFAULTS or (key.startswith("links.") and len(key) > len("links."))


def clean_setting(key: str, value: str) -> str:
    """`value` as stored for `key`; a SettingError for a secret, an unknown key or a bad value."""
    if any(key == s or key.endswith("." + s) for s in SECRET_KEYS):
        raise SettingError(key, t("{key} is a secret: set it in the environment or the system keyring, never in the database.", key=key))
    if not known_key(key):
        raise SettingError(key, t("Unknown setting {key}; known: {known}.", key=key,
                                  known=", ".join([*DEFAULTS, "links.*"])))
    try:
        return _VALIDATORS.get(key, str.strip)(value)
    except OutreachError as exc:
        raise SettingError(key, exc.message) from None


def clean_settings(values: dict[str, str]) -> dict[str, str]:
    """All of `values` checked (the first bad one raises SettingError), none stored."""
    return {key: clean_setting(key, value) for key, value in values.items()}


class SettingQuestioned(SettingError):
    """A value that reads as a slip: stored only when confirmed."""


def question_slips(clean: dict[str, str]) -> None:
    """SettingQuestioned for quiet hours that cover the school day («08:00-21:00»: messages
    would go out at night only), the hours to write typed where the hours not to belong."""
    window = QuietHours.parse(clean["quiet_hours"]) if "quiet_hours" in clean else QuietHours()
    if window.covers_the_day():
        raise SettingQuestioned("quiet_hours", t("{window} covers the day: messages would go out only from {end} to {start}, at night. Quiet hours are when not to write, e.g. 21:00-08:00.",
                                                 window=str(window).replace("-", "–"), start=f"{window.start:%H:%M}",
                                                 end=f"{window.end:%H:%M}"))


def save_settings(db: sqlite_utils.Database, values: dict[str, str], confirmed: bool = False) -> dict[str, str]:
    """Validate every one of `values` (asking about a slip unless `confirmed`), then store them
    all in one transaction (or none)."""
    clean = clean_settings(values)
    if not confirmed:
        question_slips(clean)
    with db.atomic():
        for key, value in clean.items():
            db.execute("INSERT INTO settings(key, value) VALUES (?, ?)"
                       " ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
    return clean


def set_setting(db: sqlite_utils.Database, key: str, value: str, confirmed: bool = False) -> str:
    """Validate and store one setting; secrets are refused (environment or keyring only)."""
    return save_settings(db, {key: value}, confirmed)[key]


LINK_KEYS = tuple(field.key for group, fields in SETTING_GROUPS if group == "links" for field in fields)
"""The school's usual links: empty until set, and still listed (scripts read them by key)."""


def stored_settings(db: sqlite_utils.Database) -> dict[str, str]:
    """The settings the database holds (a setting never set is not among them)."""
    return dict(db.execute("SELECT key, value FROM settings").fetchall())


def all_settings(db: sqlite_utils.Database) -> dict[str, str]:
    return {**DEFAULTS, **dict.fromkeys(LINK_KEYS, ""), **stored_settings(db)}
