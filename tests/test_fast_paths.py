"""The phone and e-mail fast paths agree with phonenumbers / email-validator, valid or not."""

from __future__ import annotations

import os
import re

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import example, given, settings
from hypothesis import strategies as st

from outreach.common.contacts import (
    InvalidContact,
    _fast_email,
    _fast_phone,
    normalize_email,
    normalize_phone,
)


def examples(thorough: int) -> int:
    """How many inputs a property draws: a quarter of `thorough` in the everyday run (each run
    draws afresh, so runs add up, and the explicit @examples always run), all of them in a
    deeper local run (HYPOTHESIS_EXAMPLES set, as for the other property files). The quarter
    keeps the file at ≈ 4 s of CPU instead of ≈ 14 s in every suite run."""
    return thorough if os.environ.get("HYPOTHESIS_EXAMPLES") else thorough // 4


# -- phones -------------------------------------------------------------------------------


def phone_reference(raw: str) -> str | None:
    """What phonenumbers says: E.164 for a valid number (region RU), else None; of a number a
    program wrote as a float («89121112233.0»), what it says of the digits."""
    if as_float := re.fullmatch(r"(\+?\d{10,13})[.,]0+", raw.strip()):
        raw = as_float[1]
    try:
        number = phonenumbers.parse(raw, "RU")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def ours_phone(raw: str) -> str | None:
    try:
        return normalize_phone(raw)
    except InvalidContact:
        return None


FIRST_DIGITS = "9999999934780125"  # mostly mobile-looking, sometimes landline or nonsense
SEPARATORS = ["", "", "", " ", " ", "-", "-", "(", ")", ".", "\u00a0", "  ", "/", "_", "–"]
PREFIXES = ["", "", "8", "8", "7", "+7", "+7", "+ 7", "+8", "+", "++7", "07", "810 7", "+07",
            "8 ", "+7 ", "7-", "(8)", "+(7)", "+38", "+1", "009"]
SUFFIXES = ["", "", "", "", " ", " доб. 12", " ext 5", "x123", "#", ")", "a", "  "]


@st.composite
def russian_phones(draw: st.DrawFn) -> str:
    """A Russian-looking phone typed the way people type them, sometimes wrongly."""
    length = draw(st.sampled_from([10] * 8 + [9, 11, 12, 7, 3]))
    first = draw(st.sampled_from(FIRST_DIGITS))
    rest = draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    digits = first + rest
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(digits) - 1)), max_size=5)))
    parts = [digits[i:j] for i, j in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    body = parts[0]
    for part in parts[1:]:
        body += draw(st.sampled_from(SEPARATORS)) + part
    if draw(st.booleans()):
        body = f"({body[:3]}){body[3:]}" if draw(st.booleans()) else f"{body[:3]} {body[3:]}"
    prefix = draw(st.sampled_from(PREFIXES))
    glue = draw(st.sampled_from(["", "", " ", "-", "("]))
    return (draw(st.sampled_from(["", "", " ", "\t"])) + prefix + glue + body
            + draw(st.sampled_from(SUFFIXES)))


@given(russian_phones())
@settings(max_examples=examples(3000), deadline=None)
@example("8 (912) 345-67-89")
@example("+7 912 345 67 89")
@example("89123456789")
@example("79123456789")
@example("9123456789")
@example("+8 912 345 67 89")
@example("8 (495) 123-45-67")
@example("-89123456789-")
@example("+7 (930) 012-34-56")
@example("8 800 555 35 35")
@example("+79123456789\u00a0")
@example("٨٩١٢٣٤٥٦٧٨٩")
@example("８９１２３４５６７８９")
@example("89123456789.0")
def test_phone_agrees_with_phonenumbers(raw: str) -> None:
    fast = _fast_phone(raw.strip())
    reference = phone_reference(raw)
    if fast is not None:
        assert fast == reference
    assert ours_phone(raw) == reference


@given(st.text(alphabet="0123456789+-() .\u00a0/x78", max_size=20))
@settings(max_examples=examples(2000), deadline=None)
def test_phone_agrees_on_any_punctuated_digits(raw: str) -> None:
    fast = _fast_phone(raw.strip())
    reference = phone_reference(raw)
    if fast is not None:
        assert fast == reference
    assert ours_phone(raw) == reference


@pytest.mark.parametrize("raw", [
    "8 (912) 345-67-89", "+7 912 345 67 89", "89123456789", "+79123456789", "8-912-345-67-89",
    "+7(912)345-67-89", "7 912 345 67 89", "9123456789", "8 912 345 67 89", "+7-912-345-67-89",
])
def test_common_russian_formats_take_the_fast_path(raw: str) -> None:
    assert _fast_phone(raw) == "+79123456789" == phone_reference(raw)


# -- e-mails ------------------------------------------------------------------------------


def email_reference(value: str) -> str | None:
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return None


def ours_email(raw: str) -> str | None:
    try:
        return normalize_email(raw)
    except InvalidContact:
        return None


def prepared(raw: str) -> str:
    """normalize_email's own tidying before validation: strip, lower-case, drop mailto:."""
    value = raw.strip().lower()
    return value[7:] if value.startswith("mailto:") else value


WORD = st.text(alphabet="abcdxyz0129_+-", min_size=1, max_size=10)
LABEL = st.text(alphabet="abcmnxz019", min_size=1, max_size=10) | st.builds(
    lambda a, b: f"{a}-{b}", st.text(alphabet="abxn19", min_size=1, max_size=4),
    st.text(alphabet="abxn19-", min_size=1, max_size=6))
ODD = list("ABZ!#'/=?^`{|}~\"(),;:\\ яё_.-@") + ["..", "--", "xn--", "\t", " ", "a" * 64]
TLDS = ["ru"] * 12 + ["com"] * 6 + ["org", "su", "рф", "xn--p1ai", "io", "c", "1", "123", "r1",
        "test", "local", "localhost", "invalid", "onion", "arpa", "example", "ru.", "", "co.uk",
        "x" * 64]


@st.composite
def emails(draw: st.DrawFn) -> str:
    """Plausible addresses, about half of them broken by an odd character, label or length."""
    local = ".".join(draw(st.lists(WORD, min_size=1, max_size=3)))
    if draw(st.integers(0, 9)) == 0:
        local *= draw(st.integers(3, 12))
    labels = draw(st.lists(LABEL, min_size=0 if draw(st.integers(0, 9)) == 0 else 1, max_size=3))
    domain = ".".join([*labels, draw(st.sampled_from(TLDS))])
    text = local + "@" + domain
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2]))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ODD)) + text[at:]
    if draw(st.integers(0, 9)) == 0:
        text = "mailto:" + text
    if draw(st.integers(0, 9)) == 0:
        text = " " + text.upper() + " "
    return text


@given(emails())
@settings(max_examples=examples(4000), deadline=None)
@example("ivan.petrov@mail.ru")
@example("Ivan.Petrov@Mail.RU")
@example("ab--cd@mail.ru")
@example("a@ab--cd.ru")
@example("a@xn--80ak6aa92e.com")
@example("a@mail.test")
@example("a@localhost")
@example("a@mail.ru.")
@example("a..b@mail.ru")
@example("a@-mail.ru")
@example("a@mail-.ru")
@example("a@123.45")
@example("a@x.y1")
@example("a@почта.рф")
@example("x" * 65 + "@mail.ru")
@example("x@" + "a" * 63 + "." + "b" * 63 + "." + "c" * 63 + "." + "d" * 58 + ".ru")
@example("mailto:ivan@mail.ru")
@example("info@mail.ru")
def test_email_agrees_with_email_validator(raw: str) -> None:
    value = prepared(raw)
    fast = _fast_email(value)
    reference = email_reference(value)
    if fast is not None:
        assert fast == reference
    assert ours_email(raw) == reference


@pytest.mark.parametrize("raw", ["ivan.petrov@mail.ru", "o.ivanova-2015@yandex.ru",
                                 "petrov_a+school@gmail.com", "k.smirnova@school7.spb.ru"])
def test_common_addresses_take_the_fast_path(raw: str) -> None:
    assert _fast_email(raw) == raw == email_reference(raw)
