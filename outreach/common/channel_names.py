"""The channel catalogue: personal channels, fallbacks and broadcast channels, and their
names as the app shows them (the codes stay the CLI's and the database's vocabulary)."""

from outreach.common.i18n import t

PERSONAL = ("email", "telegram", "vk", "max", "sms")
FALLBACK = ("phone", "paper")
GUARDIAN_CHANNELS = PERSONAL + FALLBACK
BROADCAST = ("site", "forum", "blog", "vk_group", "telegram_group", "max_group", "paper")
ALL_CHANNELS = tuple(dict.fromkeys(GUARDIAN_CHANNELS + BROADCAST))


def channel_label(code: str) -> str:
    """`vk_group` → «группа ВК» / "VK group"; an unknown code as it is."""
    return t(f"channel.{code}") if code in ALL_CHANNELS else code
