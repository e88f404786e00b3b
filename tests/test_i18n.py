"""Translations: every message the code can show has its Russian, with the same fields and
numbers in agreement; the language choice; t / tn / pt at run time."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from outreach.cli.main import app
from outreach.common.i18n import NP_, detect_language, pt, set_language, t, tn

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "outreach/locales/ru/LC_MESSAGES/outreach.po"
SOURCES = sorted([*ROOT.joinpath("outreach").rglob("*.py"), *ROOT.joinpath("screens").rglob("*.py")])
# The keywords of [tool.babel.extract_messages] in pyproject.toml, in Babel's API spelling.
KEYWORDS = {"t": None, "t_fields": None, "N_": None, "tn": (1, 2), "pt": ((1, "c"), 2),
            "NP_": ((1, "c"), 2)}

# The rule for numbers in Russian, kept simple: a number placeholder is one whose name says it
# counts (the names below, or one ending in `_count`); outside a plural entry (`tn`) it must not
# be followed by a word, which would have to agree with it («24 сообщений»). A preposition or
# conjunction after it agrees with nothing («{shown} из {total}»), and «Сообщений: {count}»
# (the word first) is fine anywhere, and so is an abbreviation that does not decline
# («{minutes} мин.»). `{number}` (a team's number) and `{rank}` are not counts.
NUMBER_NAMES = {"count", "n", "total", "done", "left", "parts", "units", "days", "hours", "minutes",
                "points", "sent", "failed", "skipped", "queued", "deferred", "exported", "yes", "no",
                "silent", "imported", "created", "updated", "unchanged", "rows", "kept", "removed",
                "teams", "events", "questions", "answers", "answered", "people", "wrong", "entered",
                "changed", "guardians", "matched", "limit", "responses", "shown", "superseded"}
NUMBER_THEN_WORD = re.compile(r"\{(\w+)\} (?!(?:и|в|из|на|до|по|за|с|к|от)\b|мин\.)[а-яё]", re.I)


def is_number(name: str) -> bool:
    return name in NUMBER_NAMES or name.endswith("_count")


def fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.fixture(scope="module")
def catalogue() -> Catalog:
    with PO.open("rb") as source:
        return read_po(source, locale="ru", domain="outreach")


def extracted() -> Iterator[tuple[str, int, str | tuple[str, ...], str | None]]:
    """(file, line, msgid or (singular, plural), context) of every message in the code."""
    for folder in ("outreach", "screens"):
        for name, line, message, _comments, context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "outreach.locales.extract:extract")], keywords=KEYWORDS):
            yield f"{folder}/{name}", line, message, context


def translations(entry: Message) -> list[str]:
    return list(entry.string) if isinstance(entry.string, (tuple, list)) else [entry.string]


def test_every_message_in_the_code_has_its_russian(catalogue: Catalog) -> None:
    found = list(extracted())
    assert len(found) > 1000, "the extraction found too few messages"
    missing = []
    for where, line, message, context in found:
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalogue.get(msgid, context=context)
        if entry is None or not all(translations(entry)):
            missing.append(f"{where}:{line} {context or ''} {msgid!r}")
    assert missing == [], "add these to outreach/locales/ru/LC_MESSAGES/outreach.po"


def test_every_catalogue_entry_is_used(catalogue: Catalog) -> None:
    used = {(message[0] if isinstance(message, tuple) else message, context)
            for _, _, message, context in extracted()}
    unused = [(m.context, m.id) for m in catalogue if m.id and (
        m.id[0] if isinstance(m.id, tuple) else m.id, m.context) not in used]
    assert unused == []


def test_russian_has_the_fields_of_the_english(catalogue: Catalog) -> None:
    different = []
    for entry in catalogue:
        if not entry.id:
            continue
        english = set().union(*(fields(x) for x in (entry.id if isinstance(entry.id, tuple) else [entry.id])))
        for russian in translations(entry):
            if fields(russian) - english or (not isinstance(entry.id, tuple) and fields(russian) != english):
                different.append((entry.id, russian))
    assert different == []


def test_a_number_followed_by_a_word_agrees_with_it(catalogue: Catalog) -> None:
    """«24 сообщений» cannot happen: outside a plural entry no number field is followed by a word."""
    wrong = [(entry.context, entry.string) for entry in catalogue
             if entry.id and not entry.pluralizable
             and any(is_number(name) for name in NUMBER_THEN_WORD.findall(str(entry.string)))]
    assert wrong == [], "use tn() for these (or put the word first: «Сообщений: {count}»)"


def test_the_number_rule_sees_what_it_should() -> None:
    assert NUMBER_THEN_WORD.findall("Осталось {count} сообщений") == ["count"]
    assert NUMBER_THEN_WORD.findall("Найдено {shown} из {total}, сообщений: {count}") == []


def test_plural_entries_have_the_three_russian_forms(catalogue: Catalog) -> None:
    assert catalogue.num_plurals == 3
    assert [e.id for e in catalogue if e.pluralizable and len(translations(e)) != 3] == []


def test_every_literal_call_gives_the_fields_its_message_needs() -> None:
    wrong = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in {"t", "pt", "tn"} and node.args):
                continue
            if any(k.arg is None for k in node.keywords):
                continue
            texts = [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            given = {k.arg for k in node.keywords} - {"lang"} | ({"n"} if node.func.id == "tn" else set())
            text = texts[-1] if node.func.id == "pt" else texts[0] if texts else None
            if text is not None and fields(text) - given:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} needs {sorted(fields(text) - given)}")
    assert wrong == []


def test_t_translates_fills_and_falls_back() -> None:
    assert t("There is no guardian with id {id}.", lang="ru", id=7) == "Родителя с номером 7 нет."
    assert t("There is no guardian with id {id}.", lang="en", id=7) == "There is no guardian with id 7."
    assert t("Nothing like this in the catalogue") == "Nothing like this in the catalogue"
    set_language("ru")
    try:
        assert t("There is no guardian with id {id}.", id=3) == "Родителя с номером 3 нет."
    finally:
        set_language("en")


@pytest.mark.parametrize(("n", "russian"), [(1, "1 знак"), (2, "2 знака"), (4, "4 знака"), (5, "5 знаков"),
                                            (11, "11 знаков"), (14, "14 знаков"), (21, "21 знак"),
                                            (24, "24 знака"), (111, "111 знаков"), (0, "0 знаков")])
def test_tn_follows_the_russian_plural_rule(n: int, russian: str) -> None:
    assert tn("{n} character", "{n} characters", n, lang="ru") == russian
    assert tn("{n} character", "{n} characters", n, lang="en") == f"{n} character{'' if n == 1 else 's'}"


def test_a_context_picks_the_translation() -> None:
    assert pt("messages.col.channels", "Channels", lang="ru") == "Каналы"
    assert t("Channels", lang="ru") == "Каналы связи"
    marked = NP_("messages.col.channels", "Channels")
    assert t(marked, lang="ru") == pt("messages.col.channels", "Channels", lang="ru")
    assert t(marked, lang="en") == "Channels"


def test_lang_option_gives_russian_messages(db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "settings", "set",
                                      "quiet_hours", "25:00-07:00"])
    set_language("en")
    assert result.exit_code == 1
    assert result.stderr.strip() == t("{value} is not HH:MM-HH:MM (e.g. 21:00-08:00) or off.", lang="ru", value="25:00-07:00")
    assert re.search("[а-я]", result.stderr)


def test_outreach_lang_environment(db, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    result = CliRunner().invoke(app, ["--db", str(db_path), "roster", "remove", "--guardian", "7"])
    set_language("en")
    assert result.exit_code == 1
    assert result.stderr.strip() == t("There is no guardian with id {id}.", lang="ru", id=7)
    monkeypatch.setenv("OUTREACH_LANG", "en")
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "roster", "remove",
                                      "--guardian", "7"])
    set_language("en")
    assert result.stderr.strip() == t("There is no guardian with id {id}.", lang="ru", id=7)  # --lang wins


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
