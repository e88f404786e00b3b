"""Click's and typer's own words in the interface language: parse errors, panel titles, the
usage line, the `--help` option.

Click and typer ask the standard `gettext` for their texts; `i18n.set_language` points that at
our catalogue, so they only need to be in it: `outreach.locales.extract` reads the texts of
the modules `GETTEXT_SOURCES` names from their installed source. Typer's rich help module
computes its panel titles once, when imported (typer loads it only for help and errors):
`localize` imports it again when the language changed since. Typer's suggestion for a
mistyped command is English (not through gettext): `Commands` turns it off for click's.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from outreach.common.i18n import N_, t

# The modules whose gettext texts go into our catalogue (click's parse errors, types, usage
# and help texts; typer's panels and notes). Click's private modules (the editor, Windows
# consoles) and shell completion have texts this CLI never shows.
GETTEXT_SOURCES = ("click.core", "click.decorators", "click.exceptions", "click.formatting",
                   "click.parser", "click.termui", "click.types", "typer.core", "typer.rich_utils")
# the help of the completion options typer adds (not through gettext: help_text translates it)
COMPLETION_HELP = (N_("Install completion for the current shell."),
                   N_("Show completion for the current shell, to copy it or customize the installation."))
# an argument's attributes: its type in words (help_text), its usage pieces while the help shows them
TYPE_WORDS = "outreach_type_words"
USAGE_PIECES = "outreach_usage_pieces"


def localize() -> None:
    """Typer's texts in the language `i18n.set_language` chose."""
    if "typer.rich_utils" in sys.modules:
        from typer import rich_utils

        if rich_utils.ARGUMENTS_PANEL_TITLE != t("Arguments"):
            importlib.reload(rich_utils)


@contextmanager
def argument_types_in_words(command: Any, ctx: Any) -> Iterator[None]:
    """`command`'s arguments with their type in words (their metavar) while its help is
    written: click names an argument by its metavar in errors and in the usage line, which
    keep the name."""
    shown = [param for param in command.get_params(ctx) if getattr(param, TYPE_WORDS, None)]
    metavars = [param.metavar for param in shown]
    for param in shown:
        setattr(param, USAGE_PIECES, param.get_usage_pieces(ctx))
        param.metavar = getattr(param, TYPE_WORDS)
    try:
        yield
    finally:
        for param, metavar in zip(shown, metavars, strict=True):
            param.metavar = metavar
            delattr(param, USAGE_PIECES)


def usage_pieces(command: Any, ctx: Any) -> list[str]:
    """click's usage pieces of a command (`Command.collect_usage_pieces`), an argument by its
    name also while the help shows its type in words."""
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        pieces.extend(getattr(param, USAGE_PIECES, None) or param.get_usage_pieces(ctx))
    return pieces


def localized_usage(command: Any, ctx: Any) -> str:
    """`command`'s usage line (click's `Command.get_usage`, its prefix through gettext)."""
    formatter = ctx.make_formatter()
    formatter.write_usage(ctx.command_path, " ".join(usage_pieces(command, ctx)))
    return str(formatter.getvalue()).rstrip("\n")
