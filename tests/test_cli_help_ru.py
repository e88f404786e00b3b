"""Russian --help: every help text in the command tree has a translation, and it is shown."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Annotated

import pytest
import typer
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from outreach.cli.common import Commands
from outreach.cli.help_text import help_texts
from outreach.cli.main import app
from outreach.common.i18n import set_language, t
from outreach.locales.extract import help_prose

CYRILLIC = re.compile("[а-яё]", re.I)
with (Path(__file__).resolve().parent.parent / "outreach/locales/ru/LC_MESSAGES/outreach.po").open("rb") as po:
    RUSSIAN = read_po(po, locale="ru")


def flat(text: str) -> str:
    """Help as one line: the words of a wrapped cell joined again, no table borders."""
    return " ".join(text.replace("│", " ").split())


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
    proses = {(path, help_prose(text)[0]) for path, command in english_tree() for text in help_texts(command)}
    assert len(proses) > 150, "the walk found too few help texts"
    missing = sorted(f"{' '.join(path) or 'outreach'}: {prose!r}" for path, prose in proses
                     if RUSSIAN.get(prose) is None or not RUSSIAN[prose].string)
    assert missing == [], "add these to outreach/locales/ru/LC_MESSAGES/outreach.po"
    latin_only = [prose for _, prose in proses  # codes typed as they are ("single | text") may stay
                  if len(prose) > 25 and t(prose, lang="ru") != prose and not CYRILLIC.search(t(prose, lang="ru"))]
    assert latin_only == []


def test_russian_help_shows_examples_and_option_types_in_russian(db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "message", "send", "--help"])
    set_language("en")
    shown = flat(result.stdout)
    assert "Пример: outreach message send 3 --yes" in shown and "Example:" not in shown
    assert "--out <путь>" in shown and "--yes <флаг>" in shown
    for english in ("<str>", "<bool>", "<path>", "<list[str]>"):
        assert english not in shown
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "--help"])
    set_language("en")
    assert "--lang <текст>" in flat(result.stdout)
    assert "[ПАРАМЕТРЫ] [КОМАНДА] [АРГУМЕНТЫ]..." in flat(result.stdout) and "[OPTIONS]" not in result.stdout


ENGLISH_TYPES = re.compile(r"<(?:int|str|bool|path|float|list\[.*?\])>|\b(?:INTEGER|TEXT|BOOLEAN|PATH|FLOAT|NUMBER)\b")


@pytest.mark.parametrize(("args", "shown"), [
    (["message", "send"], ["* сообщение <число> Номер сообщения."]),
    (["contest", "score"], ["* соревнование <число>", "* этап <текст>", "--fault <код>[=<число>]"]),
    (["roster", "import"], ["* файл <путь>"]),
    (["export"], ["* папка <путь>", "--excel <флаг>"]),
    (["settings", "set"], ["* ключ <текст>", "* значение <текст>"]),
])
def test_russian_help_shows_argument_types_in_words_and_names_in_usage(
        args: list[str], shown: list[str], db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", *args, "--help"])
    set_language("en")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    for words in shown:
        assert words in text
    usage, panels = text.split("╭", 1)
    first = usage.split(" [ПАРАМЕТРЫ] ", 1)[1].split()[0]
    assert first.isupper() and "<" not in first  # the usage line names the arguments
    assert ENGLISH_TYPES.findall(panels) == []
    english = flat(CliRunner().invoke(app, ["--db", str(db_path), *args, "--help"]).stdout)
    assert not re.search(r"\b(?:INTEGER|TEXT|BOOLEAN|PATH|FLOAT|NUMBER)\b", english.split("╭", 1)[1])
    assert re.search(r"<(?:integer|text|path)>", english.split("╭", 1)[1])


def test_lang_ru_subcommand_help_is_russian(db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", "ru", "roster", "import", "--help"])
    set_language("en")
    assert result.exit_code == 0, result.output
    assert "Импортировать файл со списком" in flat(result.stdout)
    assert "Файл списка: CSV, XLSX, ODS или XLS" in flat(result.stdout)
    assert "Класс для строк, где он не указан" in flat(result.stdout)
    assert "Пример: outreach roster import класс.csv" in flat(result.stdout)
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
        assert russian in flat(result.stdout)
    for english in ("Usage:", "Options", "Arguments", "[required]", "Show this message"):
        assert english not in result.stdout


# click's own parse errors come through gettext from our catalogue (no regex): (arguments,
# the Russian, the English) of a sample of them, the suggestion of a near name included
PARSE_ERRORS = [
    (["surveys"], "Нет такой команды: 'surveys'. Возможно, имелось в виду 'survey'?",
     "No such command 'surveys'. Did you mean 'survey'?"),  # a section: loaded only when called
    (["roster", "lst"], "Нет такой команды: 'lst'. Возможно, имелось в виду 'list'?",
     "No such command 'lst'. Did you mean 'list'?"),
    (["roster", "list", "--jsn"], "Нет такого параметра: '--jsn'. Возможно, имелось в виду '--json'?",
     "No such option '--jsn'. Did you mean '--json'?"),
    (["roster", "list", "extra"], "Лишний аргумент: (extra)", "Got unexpected extra argument (extra)"),
    (["roster", "list", "a", "b"], "Лишние аргументы: (a b)", "Got unexpected extra arguments (a b)"),
    (["roster", "list", "--group"], "Параметру '--group' нужно 1 значение.",
     "Option '--group' requires an argument."),
    (["roster", "import"], "Не указан аргумент 'ФАЙЛ'.", "Missing argument 'FILE'."),
    (["message", "send", "abc"], "Недопустимое значение 'СООБЩЕНИЕ': 'abc' — не целое число.",
     "Invalid value for 'MESSAGE_ID': 'abc' is not a valid integer."),
    (["roster", "list", "--json=3"], "Параметр '--json' не принимает значения.",
     "Option '--json' does not take a value."),
    (["--bogus"], "Нет такого параметра: '--bogus'.", "No such option '--bogus'."),
]


@pytest.mark.parametrize(("args", "russian", "english"), PARSE_ERRORS)
def test_parse_errors_are_russian_with_exit_code_2(args: list[str], russian: str, english: str,
                                                   db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    result = CliRunner().invoke(app, ["--db", str(db_path), *args])
    set_language("en")
    assert result.exit_code == 2
    assert russian in flat(result.output)
    assert "Ошибка" in result.output and "Error" not in result.output
    if result.output.startswith(("Использование", "Справка")):  # click knew the command
        assert "Справка: '" in result.output and "Try '" not in result.output
    monkeypatch.delenv("OUTREACH_LANG")
    result = CliRunner().invoke(app, ["--db", str(db_path), *args])
    assert result.exit_code == 2
    assert english in flat(result.output) and not CYRILLIC.search(result.output)


class Colour(str, Enum):
    red = "red"
    green = "green"


choices = Commands()


@choices.command()
def paint(colour: Annotated[Colour, typer.Option("--colour")] = Colour.red) -> None:
    """A command with a choice: no command of outreach has one yet."""


def test_a_bad_choice_is_russian_through_clicks_gettext() -> None:
    set_language("ru")
    try:
        result = CliRunner().invoke(choices, ["--colour", "blue"])
    finally:
        set_language("en")
    assert result.exit_code == 2
    assert "Недопустимое значение '--colour': 'blue' — не одно из значений 'red', 'green'." in flat(result.output)
    result = CliRunner().invoke(choices, ["--colour", "blue"])
    assert "Invalid value for '--colour': 'blue' is not one of 'red', 'green'." in flat(result.output)


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
