"""Typer's and click's own words in the interface language: panel titles, the usage line,
the `--help` option, and the parse errors a mistyped command gets.

Typer asks the standard `gettext` for its texts; `i18n.set_language` points that at our
catalogue, so they only need to be in it (`TYPER_TEXTS` marks them for extraction). Its rich
help module computes its panel titles once, when imported (typer loads it only for help and
errors): `localize` imports it again when the language changed since. Typer 0.29 vendors click
without gettext: its parse errors are English sentences, which `translate_error` matches and
rebuilds from the catalogue (an unknown one stays as click wrote it). Only typer's public
names are used (it exports click's exceptions only through `typer.TyperException`, their
base, and `typer.BadParameter`).
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from typing import Any

import typer

from outreach.common.i18n import N_, t

USAGE_EXIT = 2  # the exit code of click's UsageError and its kin (bad option, missing argument…)

# Typer's own msgids (typer/rich_utils.py and typer/core.py call gettext with these).
TYPER_TEXTS = (N_("Arguments"), N_("Options"), N_("Commands"), N_("Error"), N_("Aborted."),
               N_("Aborted!"), N_("Try [blue]'{command_path} {help_option}'[/] for help."),
               N_("[required]"), N_("[default: {}]"), N_("[env var: {}]"), N_("(deprecated) "),
               N_("(dynamic)"), N_("default: {default}"), N_("required"), N_("env var: {var}"),
               # the help of the completion options typer adds (not through gettext: help_text)
               N_("Install completion for the current shell."),
               N_("Show completion for the current shell, to copy it or customize the installation."))


def localize() -> None:
    """Typer's texts in the language `i18n.set_language` chose."""
    if "typer.rich_utils" in sys.modules:
        fresh_rich_texts()


def fresh_rich_texts() -> None:
    """Typer's rich help module with its panel titles in the current language."""
    from typer import rich_utils

    if rich_utils.ARGUMENTS_PANEL_TITLE != t("Arguments"):
        importlib.reload(rich_utils)


def localized_usage(command: Any, ctx: Any) -> str:
    """`command`'s usage line (click's `Command.get_usage`) with the prefix in the interface
    language."""
    formatter = ctx.make_formatter()
    formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)),
                          t("Usage:") + " ")
    return str(formatter.getvalue()).rstrip("\n")


def localized_help_callback(callback: Callable[..., Any]) -> Callable[..., Any]:
    """The `--help` option's callback, with typer's texts put into the chosen language first."""
    def show_help(ctx: Any, param: Any, value: Any) -> Any:
        if value:
            fresh_rich_texts()
        return callback(ctx, param, value)

    show_help.localized = True  # type: ignore[attr-defined]
    return show_help


def localize_help_option(option: Any) -> Any:
    """A command's `--help` option with its text and output in the chosen language (once)."""
    if option is not None:
        option.help = t("Show this message and exit.")
        if not getattr(option.callback, "localized", False):
            option.callback = localized_help_callback(option.callback)
    return option


_KINDS = {"argument": N_("argument"), "option": N_("option"),
          "parameter": N_("parameter")}


def _missing(match: re.Match[str]) -> str:
    kind = t(_KINDS[match["kind"]])
    return t("Missing {kind} {name}.", kind=kind, name=match["name"]) + (match["rest"] or "")


def _no_such_option(match: re.Match[str]) -> str:
    text = t("No such option: {name}", name=match["name"])
    return text + (" " + t("(Possible options: {names})", names=match["names"]) if match["names"] else "")


def _keyed(key: str, *groups: str) -> Callable[[re.Match[str]], str]:
    return lambda match: t(key, **{g: match[g] for g in groups})


_ERRORS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Missing (?P<kind>argument|option|parameter) (?P<name>.+?)\.(?P<rest> .*)?",
                re.S), _missing),
    (re.compile(r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<names>.+)\))?"),
     _no_such_option),
    (re.compile(r"No such command (?P<name>.+?)\.(?: Did you mean (?P<names>.+)\?)?"),
     lambda m: t("No such command {name}.", name=m["name"]) + (
         " " + t("Did you mean {names}?", names=m["names"]) if m["names"] else "")),
    (re.compile(r"Missing command\."), _keyed(N_("Missing command."))),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)", re.S),
     _keyed(N_("Got unexpected extra argument(s) ({args})"), "args")),
    (re.compile(r"Option (?P<name>.+) requires an argument\."),
     _keyed(N_("Option {name} requires an argument."), "name")),
    (re.compile(r"Option (?P<name>.+) requires (?P<count>\d+) arguments\."),
     _keyed(N_("Option {name} requires {count} arguments."), "name", "count")),
    (re.compile(r"Option (?P<name>.+) does not take a value\."),
     _keyed(N_("Option {name} does not take a value."), "name")),
    (re.compile(r"Invalid value for (?P<name>.+?): (?P<reason>.*)", re.S),
     _keyed(N_("Invalid value for {name}: {reason}"), "name", "reason")),
    (re.compile(r"Invalid value: (?P<reason>.*)", re.S), _keyed(N_("Invalid value: {reason}"), "reason")),
]


def translate_error(text: str) -> str:
    """A click parse error in the interface language (unknown sentences unchanged)."""
    for pattern, build in _ERRORS:
        match = pattern.fullmatch(text)
        if match:
            return build(match)
    return text


class LocalizedUsageError(typer.BadParameter):
    """A parse error whose sentence is already in the interface language."""

    def format_message(self) -> str:
        return self.message


def localized_error(exc: typer.TyperException) -> typer.TyperException:
    """The same error, a usage error's sentence in the interface language."""
    if exc.exit_code != USAGE_EXIT:
        return exc
    fresh_rich_texts()
    text = exc.format_message()
    translated = translate_error(text)
    if translated == text:
        return exc
    return LocalizedUsageError(translated, ctx=getattr(exc, "ctx", None))
