"""The channel catalogue: personal channels, fallbacks and broadcast channels."""

PERSONAL = ("email", "telegram", "vk", "max", "sms")
FALLBACK = ("phone", "paper")
GUARDIAN_CHANNELS = PERSONAL + FALLBACK
BROADCAST = ("site", "forum", "blog", "vk_group", "telegram_group", "max_group", "paper")
