"""The one translation layer: gettext catalogues with English msgids.

The code writes English: `t("Sent {count}", count=3)`, `tn("{n} message", "{n} messages", n)`,
`pt("column header", "Answer")` when one English text has two Russian meanings; a text chosen
at run time is marked where it is written with `N_("…")` (or `NP_(context, "…")`) so that
`pybabel extract` finds it. The Russian lives in `outreach/locales/ru/LC_MESSAGES/outreach.po`,
compiled to `outreach.mo` by the build (setup.py); English needs no catalogue.

One language state for the process: `set_language` also points the standard library's gettext
(which typer's own texts use) at the same catalogue and language.
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

LANGUAGES = ("ru", "en")
DOMAIN = "outreach"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
_CONTEXT = "\x04"  # gettext's own separator of a context and its message in a catalogue key
_current = {"lang": ""}


def detect_language(explicit: str | None = None) -> str:
    """`explicit` (--lang), then OUTREACH_LANG, then the locale; English otherwise."""
    for candidate in (explicit, os.environ.get("OUTREACH_LANG")):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    system = locale.getlocale()[0] or ""
    return "ru" if system.lower().startswith("ru") else "en"


def set_language(lang: str | None) -> str:
    """Choose the language for this process; returns the code chosen.

    Libraries that call the standard `gettext.gettext` (typer) get the same language: our
    domain becomes the default one and `LANGUAGE` names the language, as GNU gettext reads it.
    """
    chosen = detect_language(lang)
    _current["lang"] = chosen
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = chosen
    return chosen


def current_language() -> str:
    if not _current["lang"]:
        set_language(None)
    return _current["lang"]


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (English: the msgids themselves)."""
    if lang == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang])
    except FileNotFoundError:
        raise RuntimeError(f"{LOCALE_DIR}/{lang}/LC_MESSAGES/{DOMAIN}.mo is missing: the build "
                           "compiles it (pip install -e . again)") from None


def N_(message: str) -> str:
    """Mark a text translated later (at run time, by `t`) so that extraction finds it."""
    return message


def NP_(context: str, message: str) -> str:
    """`N_` for a text with a context; `t` translates the result with that context."""
    return f"{context}{_CONTEXT}{message}"


def t(message: str, /, lang: str | None = None, **fields: object) -> str:
    """`message` (English) in the current (or given) language, its `{fields}` filled."""
    return t_fields(message, fields, lang)


def t_fields(message: str, fields: Mapping[str, object], lang: str | None = None) -> str:
    """`t` with the fields in a mapping (counts by status, a record's values)."""
    context, marked, text = message.rpartition(_CONTEXT)
    if not text:
        return text  # gettext("") is the catalogue's header
    catalogue = translations(lang or current_language())
    template = catalogue.pgettext(context, text) if marked else catalogue.gettext(text)
    return template.format_map(fields) if fields else template


def pt(context: str, message: str, /, lang: str | None = None, **fields: object) -> str:
    """`t` for an English text that needs a context to be translated right."""
    return t_fields(NP_(context, message), fields, lang)


def tn(singular: str, plural: str, n: int, /, lang: str | None = None, **fields: object) -> str:
    """The form of `singular`/`plural` that agrees with `n` (Russian has three), with `{n}`
    and the other fields filled: `tn("{n} message", "{n} messages", 24)` → «24 сообщения»."""
    template = translations(lang or current_language()).ngettext(singular, plural, n)
    return template.format_map({"n": n, **fields})
