"""Contest presets: TOML files in data/contests/ with the events and the penalty table."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from outreach.common import paths
from outreach.common.errors import NotFound, OutreachError
from outreach.common.i18n import current_language, t
from outreach.contest.standings import DRIVERS, EXERCISE, KINDS, THEORY

DEFAULT_PRESET = "family"


@dataclass(frozen=True)
class FaultSpec:
    code: str
    points: float
    name_ru: str
    name_en: str

    @property
    def name(self) -> str:
        return localized(self.name_ru, self.name_en)


@dataclass(frozen=True)
class EventSpec:
    slug: str
    kind: str
    name_ru: str
    name_en: str
    driver: str
    questions: int
    wrong_points: float
    dnf_extra: float
    faults: tuple[str, ...]

    @property
    def name(self) -> str:
        return localized(self.name_ru, self.name_en)


@dataclass(frozen=True)
class Preset:
    slug: str
    title_ru: str
    title_en: str
    faults: tuple[FaultSpec, ...]
    events: tuple[EventSpec, ...]

    @property
    def title(self) -> str:
        return localized(self.title_ru, self.title_en)


def localized(ru: str, en: str) -> str:
    return (ru or en) if current_language() == "ru" else (en or ru)


def presets_dir() -> Path:
    return paths.data_dir() / "contests"


def _names(table: dict[str, Any], where: str) -> tuple[str, str]:
    names = table.get("name") or table.get("title") or {}
    if isinstance(names, str):
        return names, names
    if not isinstance(names, dict) or not (names.get("ru") or names.get("en")):
        raise OutreachError(t("The contest preset {where} is invalid: {reason}.", where=where, reason="name"))
    return str(names.get("ru") or names.get("en")), str(names.get("en") or names.get("ru"))


def parse_preset(data: dict[str, Any], where: str) -> Preset:
    """Validate a preset document; a problem names the file and the field."""
    def bad(reason: str) -> OutreachError:
        return OutreachError(t("The contest preset {where} is invalid: {reason}.", where=where, reason=reason))

    slug = data.get("slug")
    if not isinstance(slug, str) or not slug:
        raise bad("slug")
    faults = []
    for code, spec in (data.get("faults") or {}).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("points"), (int, float)) or spec["points"] < 0:
            raise bad(f"faults.{code}.points")
        faults.append(FaultSpec(code, float(spec["points"]), *_names(spec, f"{where}: faults.{code}")))
    codes = {f.code for f in faults}
    events = []
    seen: set[str] = set()
    for number, spec in enumerate(data.get("events") or [], start=1):
        ev_slug = spec.get("slug")
        if not isinstance(ev_slug, str) or not ev_slug or ev_slug in seen:
            raise bad(f"events[{number}].slug")
        seen.add(ev_slug)
        kind = spec.get("kind", EXERCISE)
        if kind not in KINDS:
            raise bad(f"events.{ev_slug}.kind")
        driver = spec.get("driver", "student")
        if driver not in DRIVERS:
            raise bad(f"events.{ev_slug}.driver")
        allowed = tuple(spec.get("faults", sorted(codes) if kind == EXERCISE else ()))
        unknown = [c for c in allowed if c not in codes]
        if unknown:
            raise bad(f"events.{ev_slug}.faults: {unknown[0]}")
        numbers = {k: spec.get(k, default) for k, default in
                   (("questions", 20), ("wrong_points", 10), ("dnf_extra", 30))}
        for key, value in numbers.items():
            if not isinstance(value, (int, float)) or value < 0:
                raise bad(f"events.{ev_slug}.{key}")
        events.append(EventSpec(ev_slug, kind, *_names(spec, f"{where}: events.{ev_slug}"), driver,
                                int(numbers["questions"]), float(numbers["wrong_points"]),
                                float(numbers["dnf_extra"]), allowed))
    if not events:
        raise bad("events")
    if [e.kind for e in events].count(THEORY) > 1:
        raise bad("events: one theory event at most")
    return Preset(slug, *_names(data, where), tuple(faults), tuple(events))


def load_preset(slug: str) -> Preset:
    path = presets_dir() / f"{slug}.toml"
    if not path.is_file():
        raise NotFound(t("No contest preset '{slug}'; known presets: {known}.", slug=slug,
                         known=", ".join(p.slug for p in list_presets())))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise OutreachError(t("The contest preset {where} is invalid: {reason}.", where=path.name, reason=str(exc))) from exc
    return parse_preset(data, path.name)


def list_presets() -> list[Preset]:
    return [load_preset(p.stem) for p in sorted(presets_dir().glob("*.toml"))]
