"""How long an SMS is: its encoding (GSM-7 or UCS-2), length in units and number of parts.

GSM-7 holds 160 characters in one SMS and 153 per part of a longer one (the extension
characters such as € and [ take two); any other character (Cyrillic too) makes the whole
text UCS-2: 70 in one SMS, 67 per part, counted in UTF-16 units (an emoji takes two).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from outreach.common.i18n import t, tn

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")
LIMITS = {"gsm7": (160, 153), "ucs2": (70, 67)}
MANY_PARTS = 3
"""More parts than this are flagged: operators may drop or bill them unexpectedly."""

Encoding = Literal["gsm7", "ucs2"]
ENCODING_NAMES: dict[Encoding, str] = {"gsm7": "GSM-7", "ucs2": "UCS-2"}


@dataclass(frozen=True)
class SmsLength:
    encoding: Encoding
    units: int
    """Characters as the network counts them (GSM-7 septets or UTF-16 units)."""
    parts: int
    per_part: int
    """How many units each part holds for this text (single or concatenated)."""

    @property
    def too_long(self) -> bool:
        return self.parts > MANY_PARTS


def sms_length(text: str) -> SmsLength:
    """The length and parts of `text` sent as one SMS (an empty text is 0 parts)."""
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in text):
        encoding: Encoding = "gsm7"
        units = sum(2 if char in GSM_EXTENSION else 1 for char in text)
    else:
        encoding = "ucs2"
        units = len(text.encode("utf-16-le")) // 2
    single, per_part = LIMITS[encoding]
    if units <= single:
        return SmsLength(encoding, units, 1 if units else 0, single)
    return SmsLength(encoding, units, -(-units // per_part), per_part)


def describe(sms: SmsLength) -> str:
    """«SMS: 212 знаков, 4 части (UCS-2)», with a warning past MANY_PARTS."""
    chars = tn("{n} character", "{n} characters", sms.units)
    parts = tn("{n} part", "{n} parts", sms.parts)
    line = t("SMS: {chars}, {parts} ({encoding})", chars=chars, parts=parts, encoding=ENCODING_NAMES[sms.encoding])
    if sms.too_long:
        line += " " + tn("— more than {n} part, please shorten it", "— more than {n} parts, please shorten it", MANY_PARTS)
    return line
