"""Who a guardian is to a student: canonical codes from Russian and English words."""

from __future__ import annotations

from outreach.common.i18n import t

_RELATION = {"mother": "relation.mother", "father": "relation.father", "grandmother": "relation.grandmother", "grandfather": "relation.grandfather", "guardian": "relation.guardian", "stepmother": "relation.stepmother", "stepfather": "relation.stepfather", "aunt": "relation.aunt", "uncle": "relation.uncle", "sister": "relation.sister", "brother": "relation.brother"}

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


def normalize_relation(text: str) -> str:
    """A canonical code (`mother`) for a known word, else the tidy original text."""
    tidy = " ".join(text.split())
    return _BY_WORD.get(tidy.lower(), tidy)


def relation_label(code: str) -> str:
    return t(_RELATION[code]) if code in _CODES else code
