"""Hygiene: the domain never imports Textual; every command explains itself."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import outreach
from outreach.cli.main import app

ROOT = Path(__file__).resolve().parent.parent


def all_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(outreach.__path__, "outreach.")
                  if m.name != "outreach.__main__")


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_importing_every_outreach_module_leaves_textual_out(tmp_path: Path) -> None:
    modules = all_modules()
    assert "outreach.cli.main" in modules and "outreach.roster.guardians" in modules
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'outreach_screens'))))\n"
    )
    result = run_python(code, ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_running_cli_commands_leaves_textual_out(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    code = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from outreach.cli.main import app\n"
        "runner = CliRunner()\n"
        f"for args in (['demo'], ['roster', 'list', '--json'], ['settings', 'show'], ['--help'],\n"
        f"             ['roster', 'export', '-']):\n"
        f"    result = runner.invoke(app, ['--db', {str(db)!r}, *args])\n"
        "    assert result.exit_code == 0, (args, result.output)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'outreach_screens'))))\n"
    )
    result = run_python(code, ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def walk(command, path=()):
    yield path, command
    if hasattr(command, "list_commands"):
        ctx = typer.Context(command)
        for name in command.list_commands(ctx):
            yield from walk(command.get_command(ctx, name), (*path, name))


COMMANDS = list(walk(typer.main.get_command(app)))


def test_the_tree_has_the_contract_commands() -> None:
    paths = {" ".join(p) for p, _ in COMMANDS}
    for expected in ("demo", "export", "backup", "settings set", "settings show", "roster import",
                     "roster list", "roster consent", "roster add-guardian", "roster add-student",
                     "roster edit", "roster remove", "roster forget", "roster export"):
        assert expected in paths


@pytest.mark.parametrize("path, command", COMMANDS[1:], ids=[" ".join(p) for p, _ in COMMANDS[1:]])
def test_every_command_has_help(path, command) -> None:
    text = (command.help or command.short_help or "").strip()
    assert text, f"{' '.join(path)} has no help text"
    undocumented = [p.name for p in command.params
                    if p.name != "help" and not (getattr(p, "help", None) or "").strip()]
    assert undocumented == [], f"{' '.join(path)}: parameters without help"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[" ".join(p) or "outreach" for p, _ in COMMANDS])
def test_help_exits_0(path, db_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", str(db_path), *path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout
    assert not db_path.exists()  # asking for help opens no database
