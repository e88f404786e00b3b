"""The one translation layer: every UI and CLI message goes through `t`.

Catalogs live in `outreach/locales/<lang>.py` as a dict `MESSAGES`; keys are
dotted ids, values are `str.format` templates with named fields.
"""

from __future__ import annotations

import importlib
import locale
import os
import pkgutil
from collections.abc import Mapping
from functools import cache

LANGUAGES = ("ru", "en")
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
    """Choose the language for this process; returns the code chosen."""
    _current["lang"] = detect_language(lang)
    return _current["lang"]


def current_language() -> str:
    if not _current["lang"]:
        set_language(None)
    return _current["lang"]


def catalog_modules(lang: str) -> list[str]:
    """`outreach.locales.<lang>` plus one `<section>_<lang>` module per section."""
    from outreach import locales

    sections = sorted(m.name for m in pkgutil.iter_modules(locales.__path__) if m.name.endswith(f"_{lang}"))
    return [f"outreach.locales.{name}" for name in [lang, *sections]]


@cache
def catalog(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for name in catalog_modules(lang):
        messages = importlib.import_module(name).MESSAGES
        clash = merged.keys() & messages.keys()
        if clash:
            raise RuntimeError(f"{name} repeats message keys: {sorted(clash)[:5]}")
        merged.update(messages)
    return merged


def t(key: str, /, lang: str | None = None, **fields: object) -> str:
    """Translate `key` into the current (or given) language and fill its fields."""
    return t_fields(key, fields, lang)


def t_fields(key: str, fields: Mapping[str, object], lang: str | None = None) -> str:
    """`t` with the fields in a mapping (counts by status, a record's values)."""
    messages = catalog(lang or current_language())
    template = messages.get(key)
    if template is None:
        template = catalog("en").get(key, key)
    return template.format_map(fields) if fields else template
