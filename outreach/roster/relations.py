"""Who a guardian is to a student: canonical codes from Russian and English words."""

from __future__ import annotations

import re

from outreach.common.i18n import N_, t

_RELATION = {"mother": N_("mother"), "father": N_("father"), "grandmother": N_("grandmother"), "grandfather": N_("grandfather"), "guardian": N_("guardian"), "stepmother": N_("stepmother"), "stepfather": N_("stepfather"), "aunt": N_("aunt"), "uncle": N_("uncle"), "sister": N_("sister"), "brother": N_("brother")}

_CODES = {
    "mother": ("мать", "мама", "mother", "mom", "mum", "m"),
    "father": ("отец", "папа", "father", "dad", "f"),
    "grandmother": ("бабушка", "grandmother", "grandma"),
    "grandfather": ("дедушка", "grandfather", "grandpa"),
    "guardian": ("опекун", "опекунша", "попечитель", "законный представитель", "guardian",
                 "legal guardian"),
    "stepmother": ("мачеха", "stepmother"),
    "stepfather": ("отчим", "stepfather"),
    "aunt": ("тётя", "тетя", "aunt"),
    "uncle": ("дядя", "uncle"),
    "sister": ("сестра", "sister"),
    "brother": ("брат", "brother"),
}
_BY_WORD = {word: code for code, words in _CODES.items() for word in words}
CODES = tuple(_CODES)
_REMARK = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]")  # «бабушка (по маме)»


def normalize_relation(text: str) -> str:
    """A canonical code (`mother`) for a known word, else the tidy original text."""
    tidy = " ".join(text.split())
    return _BY_WORD.get(tidy.lower(), tidy)


def relation_and_remark(text: str) -> tuple[str, str]:
    """`normalize_relation`, also of a known word with a remark in brackets: «бабушка (по
    маме)» → ('grandmother', 'по маме'); the remark is '' otherwise."""
    code = normalize_relation(text)
    if code in _CODES or not _REMARK.search(text):
        return code, ""
    bare = normalize_relation(_REMARK.sub(" ", text))
    return (bare, "; ".join(m.strip() for m in _REMARK.findall(text))) if bare in _CODES else (code, "")


def relation_label(code: str) -> str:
    return t(_RELATION[code]) if code in _CODES else code
