"""Russian `--help` of every command at 80 columns (issue 15): no English word outside the
names a Russian teacher types or sees as they are (products, options, files, commands, and the
codes a command takes only as codes); examples spell values the Russian way («--fault
конус=2»); the usage line and click's errors name arguments in words («СОРЕВНОВАНИЕ НОМЕР
ЭТАП»). English help stays English."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from outreach.cli.help_text import ARGUMENT_NAMES
from outreach.cli.main import app
from outreach.common.i18n import set_language

# Names of products, formats and protocols, shown as they are in Russian too
PRODUCTS = {"Telegram", "MAX", "VK", "SMS", "JSON", "CSV", "XLSX", "XLS", "ODS", "HTML", "Excel", "UTF",
            "BOM", "QR", "SQLite", "API", "IMAP", "SMTP", "Markdown", "LimeSurvey", "Google", "WhatsApp",
            "ISO", "systemd", "cron", "stdout", "UTF-8", "TG", "Microsoft", "Forms"}
# Codes a command takes only as they are (a template's slug or variables, a setting's key, a
# language, an encoding): typed by the teacher exactly as the help shows them. Values a command
# also takes in words (an audience, a mode, a status, a channel, a question type, a delimiter)
# are shown in words, so none of their codes is here
CODES = {"ru", "en", "quiet_hours", "utf-8", "cp1251",
         "satisfaction", "ice-safety", "family", "family-contest", "parent-meeting", "meeting-may",
         "deadline", "place", "title", "variables", "OUTREACH_DB", "default", "x"}
PROG = "root"  # CliRunner's program name


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def walk(command: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if hasattr(command, "list_commands"):
        ctx = typer.Context(command)
        for name in command.list_commands(ctx):
            yield from walk(command.get_command(ctx, name), (*path, name))


def command_paths() -> list[tuple[str, ...]]:
    set_language("en")
    return list(walk(typer.main.get_command(app)))


def help_of(db_path: Path, lang: str, path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", lang, *path, "--help"],
                                env={"COLUMNS": "80"})
    set_language("en")
    assert result.exit_code == 0, result.output
    return result.stdout


def foreign_words(text: str, commands: set[str]) -> set[str]:
    """The Latin words of `text` that are none of: an option, a file or link, an address, a
    command, a product's name or a code."""
    found = set()
    for chunk in text.replace("│", " ").split():
        if re.search(r"\.[a-zа-я]", chunk):  # a file, its kind (.xlsx) or a link
            continue
        chunk = chunk.strip("()[]{},;:«»'\"…|.!?*<>")
        if not chunk or chunk.startswith("-") or "/" in chunk or "@" in chunk:  # an option, a path, an address
            continue
        for word in re.findall(r"[A-Za-z][A-Za-z0-9_-]*", chunk):
            word = word.rstrip("-_")
            if word not in PRODUCTS | CODES | commands:
                found.add(word)
    return found


def test_russian_help_of_every_command_has_no_english_words_and_is_whole_at_80(db_path: Path) -> None:
    paths = command_paths()
    assert len(paths) > 80
    commands = {PROG, "outreach", *(name for path in paths for name in path)}
    foreign = {}
    for path in paths:
        text = help_of(db_path, "ru", path)
        assert all(len(line) <= 80 for line in text.splitlines()), path
        words = foreign_words(text, commands)
        if words:
            foreign[" ".join(path) or "outreach"] = sorted(words)
    assert foreign == {}


# (command, the Russian example, the English one): values the command accepts in Russian
EXAMPLES = [
    (("contest", "score"), "outreach contest score 1 3 змейка --time 41,5 --fault конус=2",
     "outreach contest score 1 3 slalom --time 41,5 --fault cone=2"),
    (("contest", "fault"), "outreach contest fault 1 заглох 10", "outreach contest fault 1 stall 10"),
    (("contest", "event"), "outreach contest event 1 колея --driver 'ученик и родитель по очереди'",
     "outreach contest event 1 track --driver relay"),
    (("channels", "set"), "outreach channels set 12 --prefer 'Telegram, эл. почта' --opt-out ВК",
     "outreach channels set 12 --prefer telegram,email --opt-out vk"),
    (("message", "new"), "--audience группа:10А --broadcast 'группа ВК'", "--audience group:10А --broadcast vk_group"),
    (("message", "new"), "все | группа:КЛАСС | родитель:НОМЕР_РОДИТЕЛЯ | не-ответили:НОМЕР_ОПРОСА",
     "all | group:NAME | guardian:ID | not-answered:SURVEY_ID"),
    (("message", "new"), "[по умолчанию: удобный канал]", "[default: preferred]"),
    (("contest", "invite"), "[по умолчанию: удобный канал]", "[default: preferred]"),
    (("message", "duplicate"), "--audience группа:10Б", "--audience group:10Б"),
    (("message", "log"), "--status ошибка", "--status failed"),
    (("survey", "import"), "--match почта", "--match email"),
    (("survey", "import"), "по: почта | телефон", "by: email | phone"),
    (("survey", "question"), "один | несколько | шкала | да/нет | свободный", "single | multiple | scale | yesno | text"),
    (("roster", "import"), "(',' ';' табуляция)", "(',' ';' tab)"),
]


@pytest.mark.parametrize(("path", "russian", "english"), EXAMPLES)
def test_examples_use_the_russian_forms_in_russian_only(db_path: Path, path: tuple[str, ...],
                                                       russian: str, english: str) -> None:
    ru = flat(help_of(db_path, "ru", path)).replace("\u00a0", " ")
    assert russian in ru and english not in ru
    en = flat(help_of(db_path, "en", path))
    assert english in en and russian not in en


def test_every_russian_example_is_the_same_command_with_the_same_options(db_path: Path) -> None:
    """A translated example keeps the command, its options and how many values it has."""
    from babel.messages.pofile import read_po

    po = Path(__file__).resolve().parent.parent / "outreach/locales/ru/LC_MESSAGES/outreach.po"
    with po.open("rb") as source:
        examples = [(m.id, m.string) for m in read_po(source) if m.context == "help example"]
    assert len(examples) > 60
    for english, russian in examples:
        en, ru = shlex.split(english), shlex.split(russian)
        assert len(en) == len(ru), russian
        assert [w for w in en if w.startswith("-")] == [w for w in ru if w.startswith("-")], russian
        assert en[:3] == ru[:3] or en[:2] == ru[:2] and not ru[2].isascii(), russian


def test_a_russian_example_the_command_really_accepts(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    assert cli("demo").exit_code == 0
    running = max(contest["id"] for contest in cli.json("contest", "list"))
    for example in ("outreach contest fault 1 заглох 10", "outreach contest score 1 3 змейка --time 41,5 --fault конус=2",
                    "outreach contest event 1 колея --driver 'ученик и родитель по очереди'",
                    "outreach contest clear 1 3 змейка"):
        args = shlex.split(example)[1:]
        args[2] = str(running)
        result = cli(*args)
        assert result.exit_code == 0, (example, result.output)


@pytest.mark.parametrize(("path", "usage", "english"), [
    (("contest", "score"), "[ПАРАМЕТРЫ] СОРЕВНОВАНИЕ НОМЕР ЭТАП", "[OPTIONS] CONTEST_ID NUMBER EVENT_SLUG"),
    (("roster", "consent"), "[ПАРАМЕТРЫ] [РОДИТЕЛИ]...", "[OPTIONS] [IDS]..."),
    (("settings", "set"), "[ПАРАМЕТРЫ] КЛЮЧ ЗНАЧЕНИЕ", "[OPTIONS] KEY VALUE"),
])
def test_usage_lines_name_arguments_in_words(db_path: Path, path: tuple[str, ...], usage: str,
                                             english: str) -> None:
    ru = help_of(db_path, "ru", path)
    assert usage in ru.splitlines()[1]
    assert f"* {usage.split()[1].lower()} " in flat(ru) or "[" in usage.split()[1]  # the panel's name
    assert english in help_of(db_path, "en", path).splitlines()[1]


def test_every_argument_has_a_name_in_words(db_path: Path) -> None:
    set_language("en")
    root = typer.main.get_command(app)
    names = set()
    for path in command_paths():
        command = root
        for name in path:
            command = command.get_command(typer.Context(command), name)
        names |= {p.name for p in command.params if p.param_type_name == "argument"}
    assert names == set(ARGUMENT_NAMES)


def test_a_missing_argument_is_named_in_words(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_LANG", "ru")
    result = cli("contest", "score", "1")
    assert result.exit_code == 2
    assert "Не указан аргумент 'НОМЕР'." in flat(result.output)
    monkeypatch.delenv("OUTREACH_LANG")
    assert "Missing argument 'NUMBER'." in flat(cli("contest", "score", "1").output)
