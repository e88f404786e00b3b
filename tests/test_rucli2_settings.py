"""`outreach settings show` / `set` in Russian: each setting by its name, values in words
(issue 15), the key kept in its own column for `settings set`; `--json` and English as before."""

from __future__ import annotations

import re

import pytest

from outreach.settings.display import value_in_words
from outreach.settings.secrets import ENV
from outreach.settings.values import DEFAULTS, LINK_KEYS

# Latin the Russian settings table may show: product and protocol names, and the stored
# values that are names themselves (hosts, links, a folder)
ALLOWED = {"Telegram", "MAX", "SMTP", "IMAP", "STARTTLS", "SSL", "TLS", "Bot", "API", "INBOX"}


def rows(text: str) -> list[list[str]]:
    """The table's body rows as [name, value, key] cells."""
    return [[cell.replace("\u00a0", " ").strip() for cell in line.strip("│").split("│")]
            for line in text.splitlines() if line.startswith("│")]


@pytest.fixture
def ru80(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    monkeypatch.setenv("COLUMNS", "80")


def test_russian_settings_show_names_and_words_whole_at_80(cli, ru80) -> None:
    assert cli("settings", "set", "inbox.absence_thanks", "нет").exit_code == 0
    assert cli("settings", "set", "smtp.rate", "0.5").exit_code == 0
    result = cli("settings", "show")
    assert result.exit_code == 0, result.output
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    table = {key: (name, value) for name, value, key in rows(result.stdout) if key}
    assert set(table) == {*DEFAULTS, *LINK_KEYS, *ENV}  # every setting, by the key `settings set` takes
    assert table["quiet_hours"] == ("Тихие часы", "21:00–08:00 (по умолчанию)")  # not stored
    assert table["default_channels"] == ("Каналы", "Telegram, MAX, ВК, эл. почта")
    assert table["inbox.absence_thanks"][1] == "нет"
    assert table["smtp.allow_plain_login"][1] == "нет (по умолчанию)"
    assert table["smtp.security"][1] == "STARTTLS (по умолчанию)"
    assert table["smtp.rate"] == ("В секунду", "не больше 0,5")
    assert table["inbox.working_hours"][1] == "нет (по умолчанию)"
    assert table["smtp.host"][1] == "не задано"
    shown = " ".join(word for name, value in table.values() for word in f"{name} {value}".split()
                     if not word.startswith("https://"))  # a link is the school's own
    latin = set(re.findall(r"[A-Za-z][A-Za-z-]*", shown)) - ALLOWED
    assert latin == set(), latin
    assert [name for name, value, key in rows(result.stdout)][:2] == ["Учитель и школа", "Учитель"]  # a heading


def test_russian_settings_set_answers_in_words(cli, ru80) -> None:
    result = cli("settings", "set", "default_channels", "эл. почта, телеграм")
    assert result.exit_code == 0, result.output
    assert result.stdout.replace("\u00a0", " ") == "Каналы (default_channels): эл. почта, Telegram\n"
    assert cli("settings", "set", "quiet_hours", "off").stdout == "Тихие часы (quiet_hours): нет\n"
    assert cli.json("settings", "show")["quiet_hours"] == "off"


def test_json_and_english_are_unchanged(cli) -> None:
    assert cli("settings", "set", "inbox.absence_thanks", "no").stdout == "inbox.absence_thanks = no\n"
    shown = cli("settings", "show").stdout.splitlines()
    assert "inbox.absence_thanks = no" in shown  # stored: `key = value`, as before
    assert "quiet_hours = 21:00-08:00  (default)" in shown  # not stored: marked so
    assert "default_channels = telegram,max,vk,email  (default)" in shown
    assert cli.json("settings", "show")["inbox.absence_thanks"] == "no"


def test_values_in_words_in_english_and_a_stored_oddity_as_it_is() -> None:
    assert value_in_words("quiet_hours", "22:00-07:00") == "22:00–07:00"
    assert value_in_words("smtp.rate", "0") == "no limit"
    assert value_in_words("default_channels", "email,phone") == "e-mail, call"
    assert value_in_words("inbox.working_hours", "evenings") == "evenings"  # not checked when stored
    assert value_in_words("links.site", " ") == "not set"


@pytest.mark.parametrize(("typed", "stored"), [("0,5", "0.5"), (" 2,0 ", "2"), ("0.25", "0.25")])
def test_a_rate_typed_with_a_decimal_comma_is_taken(cli, ru80, typed: str, stored: str) -> None:
    result = cli("settings", "set", "smtp.rate", typed)
    assert result.exit_code == 0, result.output
    assert cli("settings", "show", "--json").stdout.count(f'"smtp.rate": "{stored}"') == 1
    assert cli("settings", "set", "smtp.rate", "5,5,5").exit_code == 1  # not a number: refused
