"""The channel catalogue: personal channels, fallbacks and broadcast channels, and their
names as the app shows them (the codes stay the CLI's and the database's vocabulary)."""

from outreach.common.i18n import t

_CHANNEL = {"email": "channel.email", "telegram": "channel.telegram", "vk": "channel.vk", "max": "channel.max", "sms": "channel.sms", "phone": "channel.phone", "paper": "channel.paper", "site": "channel.site", "forum": "channel.forum", "blog": "channel.blog", "vk_group": "channel.vk_group", "telegram_group": "channel.telegram_group", "max_group": "channel.max_group"}

PERSONAL = ("email", "telegram", "vk", "max", "sms")
FALLBACK = ("phone", "paper")
GUARDIAN_CHANNELS = PERSONAL + FALLBACK
BROADCAST = ("site", "forum", "blog", "vk_group", "telegram_group", "max_group", "paper")
ALL_CHANNELS = tuple(dict.fromkeys(GUARDIAN_CHANNELS + BROADCAST))


def channel_label(code: str) -> str:
    """`vk_group` → «группа ВК» / "VK group"; an unknown code as it is."""
    return t(_CHANNEL[code]) if code in ALL_CHANNELS else code
