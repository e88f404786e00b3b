"""The channel catalogue: personal channels, fallbacks and broadcast channels, and their
names as the app shows them (the codes stay the CLI's and the database's vocabulary)."""

from outreach.common.i18n import N_, t

_CHANNEL = {"email": N_("e-mail"), "telegram": N_("Telegram"), "vk": N_("VK"), "max": N_("MAX"), "sms": N_("SMS"), "phone": N_("call"), "paper": N_("paper"), "site": N_("website"), "forum": N_("forum"), "blog": N_("blog"), "vk_group": N_("VK group"), "telegram_group": N_("TG group"), "max_group": N_("MAX group")}

PERSONAL = ("email", "telegram", "vk", "max", "sms")
FALLBACK = ("phone", "paper")
GUARDIAN_CHANNELS = PERSONAL + FALLBACK
BROADCAST = ("site", "forum", "blog", "vk_group", "telegram_group", "max_group", "paper")
ALL_CHANNELS = tuple(dict.fromkeys(GUARDIAN_CHANNELS + BROADCAST))


def channel_label(code: str) -> str:
    """`vk_group` → «группа ВК» / "VK group"; an unknown code as it is."""
    return t(_CHANNEL[code]) if code in ALL_CHANNELS else code
