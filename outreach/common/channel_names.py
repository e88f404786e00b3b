"""The channel catalogue: personal channels, fallbacks and broadcast channels, and their
names as the app shows them (the codes stay the CLI's and the database's vocabulary).

Channels typed by the teacher may be codes or names in any interface language
(«эл. почта», "e-mail", "email"); `parse_channels` turns them into codes."""

import re
from collections.abc import Iterable

from outreach.common.errors import OutreachError
from outreach.common.i18n import LANGUAGES, N_, t

_CHANNEL = {"email": N_("e-mail"), "telegram": N_("Telegram"), "vk": N_("VK"), "max": N_("MAX"), "sms": N_("SMS"), "phone": N_("call"), "paper": N_("paper"), "site": N_("website"), "forum": N_("forum"), "blog": N_("blog"), "vk_group": N_("VK group"), "telegram_group": N_("TG group"), "max_group": N_("MAX group")}
# Other names a Russian teacher types for a channel, beside its code and its names.
_ALIASES = {"email": ("почта", "электронная почта"), "telegram": ("телеграм", "телеграмм"),
            "vk": ("вконтакте",), "max": ("макс",)}
_NOT_LETTERS = re.compile(r"[\W_]+")

PERSONAL = ("email", "telegram", "vk", "max", "sms")
FALLBACK = ("phone", "paper")
GUARDIAN_CHANNELS = PERSONAL + FALLBACK
BROADCAST = ("site", "forum", "blog", "vk_group", "telegram_group", "max_group", "paper")
ALL_CHANNELS = tuple(dict.fromkeys(GUARDIAN_CHANNELS + BROADCAST))


def channel_label(code: str) -> str:
    """`vk_group` → «группа ВК» / "VK group"; an unknown code as it is."""
    return t(_CHANNEL[code]) if code in ALL_CHANNELS else code


def channels_text(codes: Iterable[str]) -> str:
    """`["telegram", "email"]` → «Telegram, эл. почта» / "Telegram, e-mail"."""
    return ", ".join(channel_label(code) for code in codes)


def _spelling(word: str) -> str:
    """A name as compared: lower case, е for ё, no spaces, dots, dashes or underscores."""
    return _NOT_LETTERS.sub("", word.lower().replace("ё", "е"))


def _spellings(code: str) -> set[str]:
    names = [code, *_ALIASES.get(code, ()), *(t(_CHANNEL[code], lang=lang) for lang in LANGUAGES)]
    return {_spelling(name) for name in names}


def parse_channel(word: str, allowed: Iterable[str] = GUARDIAN_CHANNELS) -> str:
    """The code of one of `allowed` typed as its code or its name in any language; an
    OutreachError naming the word and the channels known otherwise."""
    allowed = tuple(allowed)
    typed = _spelling(word)
    for code in allowed:
        if typed and typed in _spellings(code):
            return code
    raise OutreachError(t("Unknown channel {channel}; known: {known}.", channel=word.strip(),
                          known=channels_text(allowed)))


def parse_channels(text: str, allowed: Iterable[str] = GUARDIAN_CHANNELS) -> list[str]:
    """A comma-separated list of channels (codes or names) as codes, in order, once each."""
    allowed = tuple(allowed)
    codes = [parse_channel(word, allowed) for word in text.split(",") if word.strip()]
    if not codes:
        raise OutreachError(t("The channel list is empty."))
    return list(dict.fromkeys(codes))
