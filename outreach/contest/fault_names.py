"""A contest fault as a teacher names it: its code, its short word or its full name, in either
language and in the forms a teacher types («конус», «конусы», «Конусов», «cones»).

A typed name is compared word by word on stems (Snowball's Russian stemmer for Cyrillic words,
its English one for Latin words): case folded, «ё» read as «е», `_` and spaces alike. A name that stems to one
fault is that fault; one that could be two is refused with both names; anything else is
returned as typed, for the caller to refuse with the faults the event knows.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from outreach.common.errors import OutreachError
from outreach.common.i18n import LANGUAGES, N_, t
from outreach.common.value_words import stems
from outreach.contest.preset import list_presets

# The short words the shipped preset's faults are typed and shown by (comma-separated
# synonyms, the first one shown): «конус=1», «остановка» as well as cone=1, stall.
_FAULT_WORDS = {"cone": N_("cone"), "not_entered": N_("not_entered"),
                "stop_line": N_("stop_line"), "stall": N_("stall")}


def _words(code: str, lang: str | None = None) -> list[str]:
    key = _FAULT_WORDS.get(code)
    return [w.strip() for w in t(key, lang=lang).split(",")] if key else [code]


def fault_word(code: str) -> str:
    """A fault as the interface names it in short: «конус» / "cone"; another code as it is."""
    return _words(code)[0]


@cache
def _known() -> dict[tuple[str, ...], frozenset[str]]:
    """Every name of every fault (code, short words, full names in both languages, of every
    shipped preset) by its stems → the codes it can mean."""
    names: dict[str, set[str]] = {}
    for code in _FAULT_WORDS:
        names.setdefault(code, set()).update(w for lang in LANGUAGES for w in _words(code, lang))
    for preset in list_presets():
        for fault in preset.faults:
            names.setdefault(fault.code, set()).update((fault.name_ru, fault.name_en))
    known: dict[tuple[str, ...], set[str]] = {}
    for code, spelled in names.items():
        for name in (code, *spelled):
            known.setdefault(stems(name), set()).add(code)
    return {key: frozenset(codes) for key, codes in known.items()}


def fault_code(word: str) -> str:
    """The code of a fault typed by its code or a name in either language, in any form that
    reads as exactly one fault («Конусов» → cone); anything else as typed, for the caller to
    refuse with the faults it knows. A name two faults share is refused naming both."""
    return known_fault(word) or word.strip()


def known_fault(word: str) -> str | None:
    """`fault_code` of a name some fault has; None for any other word."""
    codes = _known().get(stems(word), frozenset())
    if len(codes) > 1:
        raise OutreachError(t("«{typed}» can mean several faults: {known}; type one of them.",
                              typed=word.strip(), known=names_of(sorted(codes))))
    return next(iter(codes)) if codes else None


def names_of(codes: Iterable[str]) -> str:
    """The faults' short names, comma-separated («конус, недоезд»), "—" for none."""
    return ", ".join(fault_word(code) for code in codes) or "—"
