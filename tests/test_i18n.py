"""Translations: both catalogs complete and consistent, every key used exists, language choice."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outreach.cli.main import app
from outreach.common.i18n import LANGUAGES, catalog, detect_language, set_language, t

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.joinpath("outreach").rglob("*.py"), *ROOT.joinpath("screens").rglob("*.py")])


def fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


def t_calls():
    """(file, line, key or None, dynamic prefix or None, keyword names or None) per t(...) call."""
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name != "t":
                continue
            first = node.args[0]
            keywords = None if any(k.arg is None for k in node.keywords) else \
                {k.arg for k in node.keywords} - {"lang"}
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(first, ast.IfExp):  # t("a" if x else "b", ...)
                branches = [first.body, first.orelse]
                if all(isinstance(b, ast.Constant) and isinstance(b.value, str) for b in branches):
                    for branch in branches:
                        yield where, branch.value, None, keywords
                    continue
            if isinstance(first, (ast.Name, ast.Attribute, ast.Subscript, ast.IfExp, ast.Call)):
                continue  # a key chosen at run time from literals checked elsewhere
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield where, first.value, None, keywords
            elif isinstance(first, ast.JoinedStr):
                head = first.values[0]
                prefix = head.value if isinstance(head, ast.Constant) else ""
                yield where, None, prefix, keywords
            elif isinstance(first, ast.BinOp) and isinstance(first.left, ast.Constant):
                yield where, None, str(first.left.value), keywords
            else:
                yield where, None, "", keywords


def test_no_catalog_module_writes_a_key_twice() -> None:
    """A dict literal keeps the last of two equal keys without a word: catch it here."""
    from outreach import locales

    for module in sorted(Path(locales.__file__).parent.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                twice = sorted({k for k in keys if keys.count(k) > 1})
                assert twice == [], f"{module.name} repeats {twice}"


def test_catalogs_have_the_same_keys() -> None:
    en, ru = catalog("en"), catalog("ru")
    assert sorted(set(en) - set(ru)) == []
    assert sorted(set(ru) - set(en)) == []


def test_catalogs_have_the_same_fields_per_key() -> None:
    en, ru = catalog("en"), catalog("ru")
    different = {key: (fields(en[key]), fields(ru[key])) for key in en.keys() & ru.keys()
                 if fields(en[key]) != fields(ru[key])}
    assert different == {}


def test_russian_catalog_is_russian() -> None:
    ru = catalog("ru")
    cyrillic = re.compile("[а-яё]", re.I)
    prose = [k for k, v in ru.items() if len(v) > 25 and not cyrillic.search(v)]
    assert prose == []


def test_every_literal_key_exists_with_the_fields_it_is_given() -> None:
    en = catalog("en")
    calls = list(t_calls())
    assert len(calls) > 50, "the scan found too few t() calls"
    missing, wrong_fields = [], []
    for where, key, _, keywords in calls:
        if key is None:
            continue
        if key not in en:
            missing.append(f"{where} {key}")
        elif "lang" in fields(en[key]):
            wrong_fields.append(f"{where} {key}: {{lang}} cannot be filled, t() takes lang= as the language")
        elif keywords is not None and fields(en[key]) - keywords:
            wrong_fields.append(f"{where} {key}: template needs {sorted(fields(en[key]) - keywords)}")
    assert missing == []
    assert wrong_fields == []


def test_every_dynamic_key_prefix_has_keys() -> None:
    en = catalog("en")
    bad = [f"{where} {prefix!r}" for where, key, prefix, _ in t_calls()
           if key is None and (not prefix or not any(k.startswith(prefix) for k in en))]
    assert bad == []


def test_known_dynamic_expansions_exist_in_both_languages() -> None:
    from outreach.common.channel_names import ALL_CHANNELS
    from outreach.roster.export import ROSTER_HEADERS
    from outreach.roster.relations import CODES

    reasons = set()
    for path in SOURCES:
        reasons.update(re.findall(r'InvalidContact\(\s*"([\w.]+)"', path.read_text(encoding="utf-8")))
    assert {"phone.invalid", "email.invalid", "consent.invalid"} <= reasons
    expected = ([f"import.reason.{r}" for r in reasons] + [f"relation.{c}" for c in CODES]
                + [f"export.roster.{h}" for h in ROSTER_HEADERS]
                + [f"channel.{c}" for c in ALL_CHANNELS])
    for lang in LANGUAGES:
        missing = [key for key in expected if key not in catalog(lang)]
        assert missing == [], lang


def test_t_falls_back_and_fills_fields() -> None:
    assert t("roster.count", lang="ru", count=3) == catalog("ru")["roster.count"].format(count=3)
    assert t("no.such.key") == "no.such.key"


def test_lang_option_gives_russian_messages(db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "settings", "set",
                                      "quiet_hours", "25:00-07:00"])
    set_language("en")
    assert result.exit_code == 1
    assert result.stderr.strip() == t("settings.bad_quiet_hours", lang="ru", value="25:00-07:00")
    assert re.search("[а-я]", result.stderr)


def test_outreach_lang_environment(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    result = CliRunner().invoke(app, ["--db", str(db_path), "roster", "remove", "--guardian", "7"])
    set_language("en")
    assert result.exit_code == 1
    assert result.stderr.strip() == t("roster.no_guardian", lang="ru", id=7)
    monkeypatch.setenv("OUTREACH_LANG", "en")
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "roster", "remove",
                                      "--guardian", "7"])
    set_language("en")
    assert result.stderr.strip() == t("roster.no_guardian", lang="ru", id=7)  # --lang wins


def test_unknown_language_is_a_usage_error(db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "xx", "settings", "show"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_language_from_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OUTREACH_LANG", raising=False)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert detect_language() == "ru"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert detect_language() == "en"
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    assert detect_language() == "ru"
    assert detect_language("en") == "en"
