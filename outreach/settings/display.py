"""Settings as a teacher reads them: each setting's name and its value in words («Тихие часы»
«21:00–08:00», «Благодарить за справки об отсутствии» «да»), in the groups of the Settings
screen. Display only: the stored codes stay what `values` validates and `--json` prints.

The Settings screen names its groups and fields with these too.
"""

from __future__ import annotations

from dataclasses import dataclass

from outreach.common.channel_names import channels_text
from outreach.common.formats import show_decimal
from outreach.common.i18n import N_, NP_, pt, t
from outreach.common.quiet_hours import QuietHours
from outreach.settings.effective import Effective
from outreach.settings.secrets import ENV
from outreach.settings.values import SETTING_GROUPS

GROUP_NAMES = {"teacher": N_("Teacher and school"), "sending": N_("Sending"), "email": N_("E-mail (SMTP)"),
               "telegram": N_("Telegram bot"), "max": N_("MAX bot"),
               "inbox": N_("Inbox (IMAP) and working hours"), "links": N_("Links for posts and memos")}
SETTING_NAMES = {
    "teacher_name": N_("Teacher"), "school_name": N_("School"), "quiet_hours": N_("Quiet hours"),
    "default_channels": NP_("settingsscreen.field.default_channels", "Channels"),
    "smtp.host": N_("Server"), "smtp.port": N_("Port"), "smtp.security": N_("Encryption"),
    "smtp.user": N_("Login"), "smtp.password": N_("Password"), "smtp.from": N_("Address"),
    "smtp.from_name": N_("Sender name"), "smtp.reply_to": N_("Reply-To"), "smtp.rate": N_("Per second"),
    "smtp.allow_plain_login": N_("Plain login"),
    "telegram.bot": N_("Bot name"), "telegram.token": N_("Bot token"), "telegram.api": N_("Bot API"),
    "max.bot": N_("Bot name"), "max.token": N_("Bot token"), "max.api": N_("Bot API"),
    "imap.host": N_("IMAP server"), "imap.port": N_("IMAP port"), "imap.security": N_("IMAP security"),
    "imap.user": N_("IMAP login"), "imap.password": N_("IMAP password"), "imap.folder": N_("Folder"),
    "inbox.working_hours": N_("Working hours"), "inbox.auto_reply": N_("Auto-reply"),
    "inbox.absence_thanks": N_("Thank for absence notes"),
    "links.site": N_("School site"),
    "links.vk_group": NP_("settingsscreen.field.links.vk_group", "VK group"),
    "links.telegram_group": NP_("settingsscreen.field.links.telegram_group", "Telegram group"),
    "links.max_group": NP_("settingsscreen.field.links.max_group", "MAX group"),
}
WINDOWS = ("quiet_hours", "inbox.working_hours")
YES_NO = ("smtp.allow_plain_login", "inbox.absence_thanks")
SECURITY = ("smtp.security", "imap.security")
_GROUP_OF = {f.key: group for group, fields in SETTING_GROUPS for f in fields}


@dataclass(frozen=True)
class ShownSetting:
    """One setting for people: its group's and its own name, its value in words, and its key
    (what `outreach settings set` takes)."""

    group: str
    name: str
    value: str
    key: str


def setting_name(key: str) -> str:
    """`quiet_hours` → «Тихие часы»; a key without a name (a school's own `links.*`) as it is."""
    return t(SETTING_NAMES[key]) if key in SETTING_NAMES else key


def value_in_words(key: str, value: str) -> str:
    """A stored value as words: yes/no, channels by name, a window «21:00–08:00» or «выключены»,
    encryption by name, a rate per second; anything else as stored («не задано» when empty)."""
    if not value.strip():
        return pt("settings.value", "not set")
    if key in YES_NO:
        return t("yes") if value == "yes" else pt("settings.choice", "no")
    if key in SECURITY:
        return {"starttls": "STARTTLS", "ssl": "SSL", "none": t("no encryption")}.get(value, value)
    if key == "default_channels":
        return channels_text(value.split(","))
    try:
        if key in WINDOWS:
            window = QuietHours.parse(value)
            return pt("settings.window", "off") if window.off else str(window).replace("-", "–")
        if key == "smtp.rate":
            rate = float(value)
            return t("no limit") if rate == 0 else t("at most {rate}", rate=show_decimal(rate))
    except ValueError:  # stored before it was checked: shown as it is
        pass
    return value


def source_mark(setting: Effective) -> str:
    """Where a value not stored in the database comes from: «(default)», «(environment variable
    OUTREACH_SMTP_HOST)»; '' for a stored one, or a default that is nothing."""
    if setting.source == "environment":
        return t("(environment variable {variable})", variable=str(setting.variable))
    return t("(default)") if setting.source == "default" and setting.value.strip() else ""


def with_source(key: str, setting: Effective) -> str:
    """A setting's value in words with its `source_mark`; a secret only as set or not, and
    where from."""
    if key in ENV:
        if setting.source == "environment":
            return t("set (environment variable {variable})", variable=str(setting.variable))
        return t("set (system keyring)") if setting.source == "keyring" else pt("settings.value", "not set")
    return " ".join(filter(None, (value_in_words(key, setting.value), source_mark(setting))))


def shown_settings(settings: dict[str, Effective]) -> list[ShownSetting]:
    """`settings` (`effective_settings`) for people, in the Settings screen's groups and order;
    a school's own `links.*` after the known links."""
    order = {key: index for index, key in enumerate(_GROUP_OF)}
    keys = sorted(settings, key=lambda key: (order.get(key, len(order)), key))
    return [ShownSetting(t(GROUP_NAMES[_GROUP_OF.get(key, "links")]), setting_name(key),
                         with_source(key, settings[key]), key) for key in keys]
