"""Russian --help: every help text in the command tree has a translation, and it is shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from outreach.cli.help_ru import HELP_RU, help_texts, translate
from outreach.cli.main import app
from outreach.common.i18n import set_language

CYRILLIC = re.compile("[а-яё]", re.I)


def walk(command, path=()):
    yield path, command
    if hasattr(command, "list_commands"):
        ctx = typer.Context(command)
        for name in command.list_commands(ctx):
            yield from walk(command.get_command(ctx, name), (*path, name))


def english_tree() -> list[tuple[tuple[str, ...], object]]:
    set_language("en")
    return list(walk(typer.main.get_command(app)))


def test_every_help_text_has_a_russian_translation() -> None:
    missing = sorted({f"{' '.join(path) or 'outreach'}: {text!r}" for path, command in english_tree()
                      for text in help_texts(command) if translate(text) is None})
    assert missing == [], "add these to outreach/cli/help_ru.py HELP_RU"


def test_translations_are_russian_and_keep_examples() -> None:
    latin_only = [key for key, value in HELP_RU.items() if value != key and len(value) > 25 and not CYRILLIC.search(value)]
    assert latin_only == []
    for _, command in english_tree():
        for text in help_texts(command):
            if "Example: " in text:
                assert translate(text).endswith(text[text.index("Example: "):])


def test_lang_ru_subcommand_help_is_russian(db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "roster", "import", "--help"])
    set_language("en")
    assert result.exit_code == 0, result.output
    assert "Импортировать файл со списком" in result.stdout
    assert "Файл списка: CSV, XLSX, ODS или XLS" in result.stdout
    assert "Класс для строк, где он не указан" in result.stdout
    assert "Example: outreach roster import class.csv" in result.stdout
    for option in ("--group", "--encoding", "--delimiter", "--map", "--dry-run", "--skip-invalid",
                   "--rejects", "--json"):
        assert option in result.stdout
    assert not db_path.exists()


def test_outreach_lang_environment_gives_russian_root_help(db_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    result = CliRunner().invoke(app, ["--db", str(db_path), "--help"])
    set_language("en")
    assert result.exit_code == 0, result.output
    assert "рабочее место учителя" in result.stdout
    assert "Список родителей" in result.stdout  # a lazily loaded section's summary
    assert "--db" in result.stdout and "--lang" in result.stdout


@pytest.mark.parametrize("args", [["--help"], ["roster", "import", "--help"],
                                  ["--lang", "en", "survey", "--help"]])
def test_english_stays_english_by_default(args: list[str], db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), *args])
    assert result.exit_code == 0, result.output
    assert not CYRILLIC.search(result.stdout.replace("10А", "").replace("Мама", ""))


def test_russian_help_does_not_leak_into_the_next_english_run(db_path: Path) -> None:
    CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "roster", "--help"])
    set_language("en")
    result = CliRunner().invoke(app, ["--db", str(db_path), "roster", "--help"])
    assert "The parent roster" in result.stdout


def test_lang_before_the_root_help_and_lang_en_over_the_environment(db_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "--help"])
    assert "рабочее место учителя" in result.stdout
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang=en", "settings", "--help"])
    set_language("en")
    assert "Show and change settings." in result.stdout
    assert not CYRILLIC.search(result.stdout)


def test_russian_help_has_russian_panels_usage_and_help_option(db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "roster", "import", "--help"])
    set_language("en")
    assert result.exit_code == 0, result.output
    for russian in ("Использование: root roster import", "Аргументы", "Параметры",
                    "[обязательно]", "Показать эту справку и выйти."):
        assert russian in result.stdout
    for english in ("Usage:", "Options", "Arguments", "[required]", "Show this message"):
        assert english not in result.stdout


@pytest.mark.parametrize(("args", "russian"), [
    (["roster", "lst"], "Нет такой команды: 'lst'. Возможно, имелось в виду 'list'?"),
    (["roster", "list", "extra"], "Лишние аргументы: (extra)"),
    (["roster", "list", "--group"], "Параметру '--group' нужно значение."),
    (["roster", "import"], "Не указан аргумент 'file'."),
    (["roster", "list", "--json=3"], "Параметр '--json' не принимает значения."),
    (["--bogus"], "Нет такого параметра: --bogus"),
])
def test_parse_errors_are_russian_with_exit_code_2(args: list[str], russian: str,
                                                   db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", *args])
    set_language("en")
    assert result.exit_code == 2
    assert russian in " ".join(result.output.replace("│", " ").split())
    assert "Ошибка" in result.output and "Error" not in result.output
    if result.output.startswith(("Использование", "Справка")):  # click knew the command
        assert "Справка: '" in result.output and "Try '" not in result.output


def test_english_parse_errors_and_help_after_a_russian_run(db_path: Path) -> None:
    CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "roster", "lst"])
    set_language("en")
    result = CliRunner().invoke(app, ["--db", str(db_path), "roster", "lst"])
    assert result.exit_code == 2
    assert "No such command 'lst'. Did you mean 'list'?" in result.output
    assert "Error" in result.output and "Try 'root roster --help' for help." in result.output
    result = CliRunner().invoke(app, ["--db", str(db_path), "roster", "import", "--help"])
    assert "Usage: root roster import" in result.stdout and "Show this message and exit." in result.stdout
    assert not CYRILLIC.search(result.stdout.replace("10А", "").replace("Мама", ""))
