"""A result as the teacher types it, in the app's form or the CLI's options: each value read
the one way it can be read, or refused naming its field and the value typed."""

from __future__ import annotations

import re

from outreach.common.errors import OutreachError
from outreach.common.i18n import t, tn
from outreach.common.typed import parse_count, parse_seconds
from outreach.contest.fault_names import known_fault
from outreach.contest.store import read_faults

_DNF_WORDS = frozenset({"сход", "сошел", "сошла", "сошли", "не финишировал", "не финишировала",
                        "не финишировали", "dnf", "did not finish"})
_POINTS = re.compile(r"балл|очк|верн|правильн|point|correct|right", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")


def in_field(field: str, error: OutreachError) -> OutreachError:
    """`error` with the field it was typed in named first: «Время: «52 3» — не время…»."""
    return OutreachError(t("{field}: {reason}", field=field, reason=error.message))


def is_dnf(typed: str) -> bool:
    """Whether a time field holds the word for a DNF («сход», «DNF», «не финишировал»)."""
    return " ".join(typed.casefold().replace("ё", "е").split()).strip(".!") in _DNF_WORDS


def read_run(typed: str, field: str, faults_field: str) -> tuple[float | None, bool]:
    """A time field as typed: (the seconds, `typed.parse_seconds`, or None when empty) and
    whether it holds the word for a DNF instead («сход»). Faults typed there by mistake
    («конус 2») are refused saying where they go."""
    if is_dnf(typed):
        return None, True
    if not typed.strip():
        return None, False
    try:
        return parse_seconds(typed), False
    except OutreachError as error:
        if reads_as_faults(typed):
            raise OutreachError(t("{field}: «{value}» looks like faults; they go in «{faults_field}», the time here (e.g. 52,3).",
                                  field=field, value=typed.strip(), faults_field=faults_field)) from None
        raise in_field(field, error) from None


def reads_as_faults(typed: str) -> bool:
    """Whether `typed` names known faults and nothing else («конус 2», «заглох»)."""
    try:
        found = read_faults(typed)
    except OutreachError:
        return False
    return bool(found) and all(known_fault(code) == code for code in found)


def read_wrong(typed: str, field: str, questions: int | None = None) -> int | None:
    """The number of wrong answers typed, None for an empty field. «18 баллов» (the right
    answers, or points) is refused saying what the field counts and what to type."""
    if not typed.strip():
        return None
    try:
        return parse_count(typed, t("number of wrong answers"))
    except OutreachError as error:
        numbers = _NUMBER.findall(typed)
        if questions is not None and _POINTS.search(typed) and len(numbers) == 1 and int(numbers[0]) <= questions:
            right = int(numbers[0])
            raise OutreachError(tn("{field}: «{value}» — here goes the number of wrong answers (the ticket has {n} question); if the right answers were {right}, type {wrong}.",
                                   "{field}: «{value}» — here goes the number of wrong answers (the ticket has {n} questions); if the right answers were {right}, type {wrong}.",
                                   questions, field=field, value=typed.strip(), right=right, wrong=questions - right)) from None
        raise in_field(field, error) from None


def read_fault_line(typed: str, field: str, time_field: str) -> dict[str, int]:
    """The faults typed in one line (`store.read_faults`); a time typed there by mistake is
    refused saying where it goes."""
    try:
        return read_faults(typed)
    except OutreachError as error:
        try:
            parse_seconds(typed)
        except OutreachError:
            raise in_field(field, error) from None
        raise OutreachError(t("{field}: «{value}» looks like a time; it goes in the field «{time_field}», the faults here (e.g. cone 2, stall).",
                              field=field, value=typed.strip(), time_field=time_field)) from None
