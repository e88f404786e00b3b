"""The message catalogues: `<lang>/LC_MESSAGES/outreach.po` (English msgids, the translation),
the template `outreach.pot` that `pybabel extract` writes, and the compiled `.mo` next to each
`.po`, which the build writes (setup.py) and tests refresh when the `.po` is newer."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def compile_catalogues(only_stale: bool = False) -> list[Path]:
    """Every `.po` here to its `.mo` (with Babel, a build and test requirement); returns those
    written. The `.mo` is replaced whole, so parallel test workers never read half a file."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(HERE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if only_stale and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source)
        partial = mo.with_name(f"{mo.name}.{id(catalog)}.part")
        with partial.open("wb") as target:
            write_mo(target, catalog)
        partial.replace(mo)
        written.append(mo)
    return written
