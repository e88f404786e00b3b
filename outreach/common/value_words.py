"""Values a command takes from a fixed few (a question type, a delivery mode, a status, an
audience's kind): typed as the code or as the words the interface shows for it, in either
language and in the forms a teacher types («Неудачные», «ошибки» for `failed`; «удобный» for
`preferred`). The codes stay the database's, `--json`'s and the scripts' vocabulary.

Names are compared word by word on stems (Snowball's Russian stemmer for Cyrillic words, its
English one for Latin words): case folded, «ё» read as «е», punctuation and spaces alike. The
first words of a name are enough when only one value's name starts so («удобный» for «удобный
канал»).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from outreach.common.errors import OutreachError
from outreach.common.i18n import LANGUAGES, current_language, t

_CYRILLIC = re.compile(r"[а-я]")
_SEPARATORS = re.compile(r"[\s_-]+")
_NOT_LETTERS = re.compile(r"[^\w]+")
_NEAR = 5  # letters two stems share at least to be near (`_near`)


@cache
def _stemmer(language: str) -> Any:
    """Snowball's stemmer, loaded at the first value typed in words (not at every command's
    start: ≈ 13 ms of a short command's 0.3 s)."""
    import snowballstemmer

    return snowballstemmer.stemmer(language)


def _stem(word: str) -> str:
    return str(_stemmer("russian" if _CYRILLIC.search(word) else "english").stemWord(word))


def stems(name: str) -> tuple[str, ...]:
    """A name as the stems of its words: «Конусов» → ("конус",)."""
    folded = name.strip().casefold().replace("ё", "е")
    return tuple(_stem(word) for word in _SEPARATORS.split(folded) if word)


@dataclass(frozen=True)
class Vocabulary:
    """The codes of one kind of value with their names.

    `names`: code → the msgids of its names, the first one the name shown; `aliases`: code →
    other words typed for it, in no catalogue (a Russian synonym); `refusal`: the msgid of the
    sentence that refuses a word, with {typed} and {known} (the codes in English, the names
    shown in another language)."""

    names: Mapping[str, tuple[str, ...]]
    refusal: str
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def shown(self, code: str) -> str:
        """The code's name in the interface language."""
        return t(self.names[code][0])

    def known(self) -> str:
        """The values as a teacher types them: the codes in English, the names otherwise."""
        if current_language() == "en":
            return ", ".join(self.names)
        return ", ".join(self.shown(code) for code in self.names)

    def spellings(self, code: str) -> set[tuple[str, ...]]:
        """Every name of `code` (code, names in every language, aliases) as stems."""
        named = [code, *self.aliases.get(code, ()),
                 *(t(name, lang=lang) for name in self.names[code] for lang in LANGUAGES)]
        return {_words(name) for name in named}

    def match(self, typed: str) -> str | None:
        """The code `typed` names, or None: a whole name first, then the start of one name,
        then one name whose stems are near enough (a participle's stem is longer or shorter
        than its verb's: «пропущенные» for «пропущено»)."""
        words = _words(typed)
        if not words:
            return None
        whole = [code for code in self.names if words in self.spellings(code)]
        if whole:
            return whole[0]
        for alike in (_starts, _near):
            found = {code for code in self.names if any(alike(words, name) for name in self.spellings(code))}
            if found:
                return found.pop() if len(found) == 1 else None
        return None

    def parse(self, typed: str) -> str:
        """The code `typed` names; an OutreachError naming the word and the known values."""
        code = self.match(typed)
        if code is None:
            raise OutreachError(t(self.refusal, typed=typed.strip(), known=self.known()))
        return code


def _words(name: str) -> tuple[str, ...]:
    return stems(_NOT_LETTERS.sub(" ", name))


def _starts(typed: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """`typed` is the first words of `name`."""
    return name[:len(typed)] == typed


def _near(typed: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """`typed` has as many words as `name`, each the same or the other's stem but for an
    ending (both at least `_NEAR` letters, one the start of the other)."""
    return len(typed) == len(name) and all(
        a == b or min(len(a), len(b)) >= _NEAR and (a.startswith(b) or b.startswith(a))
        for a, b in zip(typed, name, strict=True))
