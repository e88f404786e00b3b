"""What sending will use for each setting, and where it comes from: an environment variable
(it wins), the database, or the default; secrets only whether they are set, and where."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

import sqlite_utils

from outreach.settings.secrets import ENV, secret_source
from outreach.settings.values import all_settings, overriding_variable, stored_settings

Source = Literal["stored", "default", "environment", "keyring", "unset"]


@dataclass(frozen=True)
class Effective:
    """One setting as a send reads it: `value` ('' for a secret, never read here), its
    `source`, and the environment variable when that is the source."""

    value: str
    source: Source
    variable: str | None = None

    def document(self, secret: bool) -> dict[str, object]:
        """For `settings show --json` (its `sources` key)."""
        shown: dict[str, object] = {"source": self.source}
        if secret:
            shown["set"] = self.source != "unset"
        else:
            shown["value"] = self.value
        if self.variable:
            shown["variable"] = self.variable
        return shown


def effective_settings(db: sqlite_utils.Database) -> dict[str, Effective]:
    """Every setting `all_settings` lists, then every secret, as a send will use it."""
    stored = stored_settings(db)
    result: dict[str, Effective] = {}
    for key, value in all_settings(db).items():
        variable = overriding_variable(key)
        if variable:
            result[key] = Effective(os.environ[variable].strip(), "environment", variable)
        else:
            result[key] = Effective(value, "stored" if key in stored else "default")
    for key, variable in ENV.items():
        source = secret_source(key) or "unset"
        result[key] = Effective("", source, variable if source == "environment" else None)
    return result
