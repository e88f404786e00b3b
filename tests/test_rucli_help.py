"""`--help` reads as words in both languages (issue 15): an argument is named as typed in
the usage line (no `number_`), its type in words («<число>», "<integer>"), an option's value
in words («<секунды>», "<seconds>", "<code>[=<count>]")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from outreach.cli.help_text import in_words
from outreach.cli.main import app
from outreach.common.i18n import set_language

CLICK_TYPES = re.compile(r"\b(?:INTEGER|TEXT|BOOLEAN|PATH|FLOAT|NUMBER|SECONDS|REASON)\b")


def shown(db_path: Path, lang: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", str(db_path), "--lang", lang, *args, "--help"],
                                env={"COLUMNS": "80"})
    set_language("en")
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.replace("│", " ").split())


@pytest.mark.parametrize(("lang", "usage", "expected"), [
    ("en", "CONTEST_ID NUMBER EVENT_SLUG",
     ["* number <integer> The team's start number.", "--time <seconds>", "--wrong <number>",
      "--fault <code>[=<count>]", "--dsq <reason>"]),
    ("ru", "СОРЕВНОВАНИЕ НОМЕР ЭТАП",
     ["* номер <число> Стартовый номер команды.", "--time <секунды>", "--wrong <число>",
      "--fault <код>[=<число>]", "--dsq <причина>"]),
])
def test_contest_score_help_names_the_start_number_and_types_in_words(
        db_path: Path, lang: str, usage: str, expected: list[str]) -> None:
    text = shown(db_path, lang, "contest", "score")
    for words in expected:
        assert words in text
    assert "number_" not in text
    assert usage in text  # the usage line names the arguments
    assert CLICK_TYPES.findall(text.split(usage, 1)[1]) == []


def test_no_command_shows_a_python_name_or_a_click_type(db_path: Path) -> None:
    set_language("en")
    root = typer.main.get_command(app)
    commands = [(name, sub) for name, sub in ((n, root.get_command(typer.Context(root), n))
                                              for n in root.list_commands(typer.Context(root)))]
    leaves = []
    for name, command in commands:
        if hasattr(command, "list_commands"):
            ctx = typer.Context(command)
            leaves += [(name, sub) for sub in command.list_commands(ctx)
                       if not hasattr(command.get_command(ctx, sub), "list_commands")]
        else:
            leaves.append((name,))
    assert len(leaves) > 60
    for path in leaves:
        for lang in ("en", "ru"):
            text = shown(db_path, lang, *path)
            panels = text.split("╭", 1)[-1]
            assert not re.search(r"\b[a-z]+_ ", panels), (path, lang)
            assert CLICK_TYPES.findall(panels) == [], (path, lang)


def test_a_metavar_in_english_words() -> None:
    assert in_words("CODE[=COUNT]") == "<code>[=<count>]"
    assert in_words("SURVEY_ID") == "<survey id>"
    assert in_words("<число>") == "<число>"
