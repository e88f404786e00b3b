"""Contact data: phones to E.164, e-mails, messenger handles.

Phones and e-mails have a fast path for the common shapes that agrees with
phonenumbers / email-validator (proven by property tests); anything else goes
to the library.
"""

from __future__ import annotations

import re
from functools import lru_cache

# phonenumbers is imported where it is needed (the slow path, display): commands that never
# touch a phone (an export, a listing) do not load it and its metadata at start-up.
from outreach.common.i18n import N_, t

DEFAULT_REGION = "RU"


class InvalidContact(ValueError):
    """A value that is not a valid phone, e-mail or handle; the message is a reason code."""


_REASONS = {"phone.unparsable": N_("not a phone number"), "phone.invalid": N_("not a valid phone number"),
            "phone.scientific": N_("Excel saved the number as a rounded one and its digits are lost: import the .xlsx itself (the number is whole there) or give the column the Text format"),
            "email.invalid": N_("not a valid e-mail address"),
            "email.comma": N_("a comma instead of the dot in the e-mail address"), "telegram.invalid": N_("not a Telegram @handle, t.me link or chat id"),
            "vk.invalid": N_("not a VK id or vk.com link"), "max.invalid": N_("not a MAX handle or phone"),
            "contact.invalid": N_("not a phone, e-mail or messenger handle"),
            "consent.invalid": N_("consent must be yes/no/withdrawn or a date")}


def reason_text(exc: InvalidContact) -> str:
    """Why a contact value was refused, in the interface language."""
    return t(_REASONS[str(exc)])


# A phone Excel wrote into a CSV as a rounded number: «8,91235E+10», «9.12346E+09»
EXCEL_ROUNDED = re.compile(r"\d[.,]\d+E\+\d{1,2}", re.IGNORECASE)
AS_FLOAT = re.compile(r"(\+?\d{10,13})[.,]0+")  # «89121112233.0»: a number a program wrote as a float
_PHONE_PUNCT = str.maketrans("", "", " -().\u00a0")


@lru_cache(maxsize=1)
def _ru_mobile() -> re.Pattern[str]:
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region(DEFAULT_REGION)
    mobile = metadata.mobile if metadata else None
    pattern = mobile.national_number_pattern if mobile else None
    if pattern is None:  # phonenumbers always ships the region's metadata
        raise LookupError(f"phonenumbers has no mobile pattern for {DEFAULT_REGION}")
    return re.compile(pattern)


def _fast_phone(raw: str) -> str | None:
    compact = raw.translate(_PHONE_PUNCT)
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isdigit() or not digits.isascii():
        return None
    if len(digits) == 11 and (digits[0] == "7" or (digits[0] == "8" and not plus)):
        national = digits[1:]
    elif len(digits) == 10 and not plus:
        national = digits
    else:
        return None
    return "+7" + national if _ru_mobile().fullmatch(national) else None


# «доб. 12», «доб 12», «вн. 305», «ext. 5», «x5», «#12» after a phone: its extension.
EXTENSION_WORD = r"(?:доб(?:авочный)?|вн(?:утр(?:енний)?)?|ext(?:ension)?)"  # what an extension follows
_EXTENSION = re.compile(rf"[\s,;]*(?:{EXTENSION_WORD}|x|#)[.:\s]*(\d{{1,6}})\s*$",
                        re.IGNORECASE)


def split_extension(raw: str) -> tuple[str, str | None]:
    """`8 912 111-22-33 доб. 12` → (`8 912 111-22-33`, `12`); a phone without one → (raw, None)."""
    found = _EXTENSION.search(raw)
    if found is None or not found.string[: found.start()].strip():
        return raw, None
    return raw[: found.start()].strip(), found.group(1)


def only_extension(text: str) -> bool:
    """«доб. 12» with no number before it: the extension of a phone typed before a comma."""
    return _EXTENSION.fullmatch(text) is not None


def extension_note(extension: str, e164: str) -> str:
    """The note that keeps a phone's extension: «Extension 12 to the phone +7 495 123-45-67»."""
    return t("Extension {extension} to the phone {phone}", extension=extension, phone=format_phone(e164))


def is_phone(raw: str) -> bool:
    """Whether `raw` is a valid phone number as typed."""
    try:
        normalize_phone(raw)
    except InvalidContact:
        return False
    return True


_NOTE_LINES = {"phone": N_("Phone {contact}: {note}"), "email": N_("E-mail {contact}: {note}"),
               "telegram": N_("Telegram {contact}: {note}"), "vk": N_("VK {contact}: {note}"),
               "max": N_("MAX {contact}: {note}")}


def contact_note(kind: str, note: str, value: str) -> str:
    """The note that keeps what was typed beside a contact: «Phone +7 912 555-66-77: до 18:00»,
    «E-mail olga@mail.ru: рабочая»."""
    return t(_NOTE_LINES[kind], contact=format_phone(value) if kind == "phone" else value, note=note)


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """`8 (912) 345-67-89` → `+79123456789`; raises InvalidContact."""
    raw = raw.strip()
    if region == DEFAULT_REGION:
        fast = _fast_phone(raw)
        if fast:
            return fast
    if EXCEL_ROUNDED.fullmatch(raw):
        raise InvalidContact("phone.scientific")
    if as_float := AS_FLOAT.fullmatch(raw):
        return normalize_phone(as_float[1], region)
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidContact("phone.unparsable") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidContact("phone.invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str | None) -> str:
    """`+79123456789` → `+7 912 345-67-89` for display."""
    if not e164:
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


_COMMA_FOR_DOT = re.compile(r"[^@\s,]+@[^@\s,.]+,[a-z]{2,6}")  # olga@mail,ru
_FAST_EMAIL = re.compile(
    r"(?P<local>[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*)"
    r"@(?P<domain>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?P<tld>[a-z]{2,63}))"
)


@lru_cache(maxsize=1)
def _special_use_domains() -> tuple[frozenset[str], tuple[str, ...]]:
    """email-validator's reserved domains, and their subdomains' endings (the library loads
    only when an e-mail is checked)."""
    from email_validator import SPECIAL_USE_DOMAIN_NAMES

    return frozenset(SPECIAL_USE_DOMAIN_NAMES), tuple("." + d for d in SPECIAL_USE_DOMAIN_NAMES)


def _fast_email(value: str) -> str | None:
    match = _FAST_EMAIL.fullmatch(value)
    if not match or len(match["local"]) > 64 or len(value) > 254:
        return None
    domain = match["domain"]
    if "--" in domain:  # Punycode (xn--) and reserved R-LDH labels: the library decides
        return None
    names, endings = _special_use_domains()
    if domain in names or domain.endswith(endings):
        return None
    return value


def normalize_email(raw: str) -> str:
    """Validate (syntax only, no DNS) and lower-case; raises InvalidContact."""
    value = raw.strip().lower()
    if value.startswith("mailto:"):
        value = value[7:]
    fast = _fast_email(value)
    if fast:
        return fast
    if _COMMA_FOR_DOT.fullmatch(value):
        raise InvalidContact("email.comma")
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidContact("email.invalid") from exc


# The providers most Russian parents' addresses are at: a domain one slip away from one of
# them is questioned (`suspicious_domain`).
COMMON_PROVIDERS = ("gmail.com", "mail.ru", "yandex.ru", "ya.ru", "yandex.com", "bk.ru", "list.ru",
                    "inbox.ru", "internet.ru", "rambler.ru", "icloud.com", "me.com", "outlook.com",
                    "hotmail.com", "live.com", "yahoo.com", "proton.me", "protonmail.com")
# Real providers as close to those as a slip would be (ymail.com is Yahoo's, mail.com and
# email.com one company's, inbox.lv a Latvian one): never questioned.
_REAL_NEIGHBOURS = ("googlemail.com", "ymail.com", "rocketmail.com", "mail.com", "email.com",
                    "yandex.by", "yandex.kz", "yandex.ua", "ya.ua", "mac.com", "msn.com", "live.ru",
                    "inbox.lv", "inbox.lt", "inbox.eu", "mail.ua", "mail.kz", "vk.com", "ro.ru",
                    "pm.me", "protonmail.ch")
_KNOWN_DOMAINS = frozenset(COMMON_PROVIDERS + _REAL_NEIGHBOURS)
_DOMAIN_SLIPS = {"gmail.ru": "gmail.com"}  # a Russian «.ru» put after gmail
# Endings typed for .com or .ru: ones that are no top-level domain at all
# (none exists), or one where typo-squatters wait for mail meant for .com (Cameroon's, Oman's)
_TLD_SLIPS = {"con": "com", "cpm": "com", "xom": "com", "vom": "com", "ocm": "com", "cmo": "com",
              "cm": "com", "om": "com", "rus": "ru", "ri": "ru", "ry": "ru", "rj": "ru"}


def suspicious_domain(email: str) -> str | None:
    """The address as it was probably meant when its domain is a slip of a common provider's
    (one edit or two letters swapped: «gmial.com», «mail.ri»; a known one: «gmail.ru»; an
    ending that is no domain: «.con», «.ry»); None for any other domain, however unknown."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not at or not domain:
        return None
    meant = _meant_domain(domain)
    return f"{local}@{meant}" if meant else None


@lru_cache(maxsize=1024)
def _meant_domain(domain: str) -> str | None:
    if domain.endswith("."):  # «mail.ru.»: the dot ending a sentence, or a slip before it
        stripped = domain.rstrip(".")
        return (_meant_domain(stripped) or stripped) if stripped else None
    if domain in _KNOWN_DOMAINS:
        return None
    if domain in _DOMAIN_SLIPS:
        return _DOMAIN_SLIPS[domain]
    from rapidfuzz import process
    from rapidfuzz.distance import OSA  # edits counting a swap of neighbours as one

    near = process.extractOne(domain, COMMON_PROVIDERS, scorer=OSA.distance, score_cutoff=1)
    if near is not None:
        return str(near[0])
    name, dot, tld = domain.rpartition(".")
    return f"{name}.{_TLD_SLIPS[tld]}" if dot and name and tld in _TLD_SLIPS else None


def email_question(value: str, suggestion: str) -> str:
    """«olga@gmail.con» — perhaps «olga@gmail.com»?"""
    return t("«{value}» — perhaps «{suggestion}»?", value=value, suggestion=suggestion)


_TELEGRAM_LINK = re.compile(r"^(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)/(?:s/)?", re.I)
_VK_LINK = re.compile(r"^(?:https?://)?(?:www\.|m\.)?(?:vk\.com|vk\.ru|vkontakte\.ru)/", re.I)
_MAX_LINK = re.compile(r"^(?:https?://)?(?:www\.)?max\.ru/(?:u/)?", re.I)
_TELEGRAM_HANDLE = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}|-?\d{5,15}")
_VK_HANDLE = re.compile(r"[A-Za-z0-9_.]{2,64}")
_MAX_HANDLE = re.compile(r"[A-Za-z0-9_.\-]{2,64}")
_PHONE_LIKE = re.compile(r"\+?[\d\s()\-.\u00a0]{10,}")


def _handle(raw: str, link: re.Pattern[str], pattern: re.Pattern[str], reason: str) -> str:
    value = link.sub("", raw.strip()).lstrip("@").split("?")[0].strip("/")
    if not pattern.fullmatch(value):
        raise InvalidContact(reason)
    return value


def normalize_telegram(raw: str) -> str:
    """`@handle`, `t.me/handle` → `handle`; a numeric chat id stays."""
    return _handle(raw, _TELEGRAM_LINK, _TELEGRAM_HANDLE, "telegram.invalid")


def normalize_vk(raw: str) -> str:
    """`vk.com/id123`, `@ivanova` → `id123`, `ivanova`."""
    return _handle(raw, _VK_LINK, _VK_HANDLE, "vk.invalid")


def normalize_max(raw: str) -> str:
    """A MAX handle or link, or a phone number (MAX accounts are tied to phones)."""
    if _PHONE_LIKE.fullmatch(raw.strip()):
        try:
            return normalize_phone(raw)
        except InvalidContact:
            pass
    try:
        return _handle(raw, _MAX_LINK, _MAX_HANDLE, "max.invalid")
    except InvalidContact:
        return normalize_phone(raw)


NORMALIZERS = {
    "phone": normalize_phone,
    "email": normalize_email,
    "telegram": normalize_telegram,
    "vk": normalize_vk,
    "max": normalize_max,
}


# One contact among several typed in a field: a phone with its spaces («8 (912) 111-22-33»), else
# a word («anna@mail.ru», «@anna_k», «vk.com/id1»).
_CONTACT_TOKEN = re.compile(r"\+?\(?\d[\d\s()\-.\u00a0]*\d(?=[\s,;]|$)|[^\s,;]+")
_ANY_HANDLE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{1,63}")


def contact_pieces(text: str) -> list[str]:
    """The contacts typed in one field, by commas, semicolons, lines or spaces:
    «8 912 111-22-33, anna@mail.ru @anna_k» → the phone, the e-mail, the handle."""
    return [token.strip() for token in _CONTACT_TOKEN.findall(text)]


def normalize_contact(raw: str) -> str:
    """A contact of any kind, told by its shape, as the import keeps a further one: a phone in
    E.164, an e-mail checked, a handle or link reduced to the handle; raises InvalidContact."""
    raw = raw.strip()
    if "@" in raw[1:]:
        return normalize_email(raw)
    for link, normalize in ((_TELEGRAM_LINK, normalize_telegram), (_VK_LINK, normalize_vk),
                            (_MAX_LINK, normalize_max)):
        if link.match(raw):
            return normalize(raw)
    if raw.startswith("@"):
        return normalize_telegram(raw)
    if raw[:1].isdigit() or raw[:1] in "+(":
        return normalize_phone(raw)
    if not _ANY_HANDLE.fullmatch(raw):
        raise InvalidContact("contact.invalid")
    return raw


def contact_text(value: str) -> str:
    """A stored contact as the teacher reads it: a phone formatted, anything else as kept."""
    return format_phone(value) if value.startswith("+") else value
