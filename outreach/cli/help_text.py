"""CLI --help in the interface language: the English help in the code is the msgid.

`translate_tree` swaps `help`/`short_help` of commands and `help` of parameters for their
translation (`pybabel extract` finds them through `outreach.locales.extract`), a trailing
`Example:` too («Пример: outreach contest score 1 3 змейка --fault конус=2»: the command's own
translation, its values as the command accepts them in Russian), the usage line's
placeholders («[ПАРАМЕТРЫ]»), and shows the type of an option or argument in words («<текст>»,
«<число>» for click's TEXT, INTEGER; a `metavar=` by its translation: «<число>» for NUMBER).
English shows the types in words as well ("<integer>", a metavar NUMBER as "<number>").
Click's own texts (the `--help` option's, «Использование:») come through gettext.
"""

from __future__ import annotations

import copy
import importlib
import re
from typing import Any

import click

from outreach.cli.click_text import TYPE_WORDS
from outreach.common.i18n import N_, NP_, current_language, t
from outreach.common.value_words import Vocabulary
from outreach.locales.extract import EXAMPLE_CONTEXT, example_command, help_prose

# (click's type name, taken many times) → its words; a choice lists its values, others stay as click shows them
_TYPES = {("text", False): N_("<text>"), ("integer", False): N_("<integer>"),
          ("boolean", False): N_("<flag>"), ("path", False): N_("<path>"),
          ("float", False): N_("<decimal>"), ("integer range", False): N_("<integer in range>"),
          ("datetime", False): N_("<date>"), ("text", True): N_("<texts>"),
          ("integer", True): N_("<integers>"), ("path", True): N_("<paths>")}
# click's placeholders in the usage line (a group that runs without a command has brackets)
_PLACEHOLDERS = (("options_metavar", N_("[OPTIONS]")), ("subcommand_metavar", N_("COMMAND [ARGS]...")),
                 ("subcommand_metavar", N_("[COMMAND] [ARGS]...")))
_NUMBERS = {"integer": N_("integer"), "float": N_("float")}  # click names them in its errors
# an argument's name in words (its Python name stays the English one: «СОРЕВНОВАНИЕ» for CONTEST_ID)
ARGUMENT_NAMES = {
    "code": NP_("argument", "code"), "contest_id": NP_("argument", "contest"),
    "directory": NP_("argument", "directory"), "group": NP_("argument", "class"), "to": NP_("argument", "to"), "event_slug": NP_("argument", "event"),
    "file": NP_("argument", "file"), "guardian": NP_("argument", "parent"),
    "guardian_id": NP_("argument", "parent"), "ids": NP_("argument", "parents"), "key": NP_("argument", "key"),
    "message_id": NP_("argument", "message"), "number": NP_("argument", "number"), "path": NP_("argument", "path"),
    "points": NP_("argument", "points"), "question_id": NP_("argument", "question"),
    "ref": NP_("argument", "template"), "slug": NP_("argument", "event"), "survey_id": NP_("argument", "survey"),
    "thread": NP_("argument", "thread"), "title": NP_("argument", "title"), "value": NP_("argument", "value"),
}
_CAPITALS = re.compile(r"[A-Z][A-Z_]*")
# options whose default is a code the help shows by its name in Russian («удобный канал»; the
# command takes the name as it takes the code): the option → the module.attribute of its words
_DEFAULT_WORDS = {"--mode": ("outreach.messages.compose", "MODE_WORDS")}


def translate(text: str | None) -> str | None:
    """One help text in the current language, None if it has no translation."""
    if not text:
        return None
    prose, example = help_prose(text)
    translated = t(prose)
    if translated == prose:
        return None
    if not example:
        return translated
    space = example[: len(example) - len(example.lstrip())]
    return f"{translated}{space}{t('Example:')} {t(NP_(EXAMPLE_CONTEXT, example_command(example)))}"


def in_words(metavar: str) -> str:
    """A `metavar=` in English words, as the Russian catalogue gives them: NUMBER → <number>,
    CODE[=COUNT] → <code>[=<count>]."""
    return _CAPITALS.sub(lambda word: f"<{word[0].lower().replace('_', ' ')}>", metavar)


def help_texts(command: Any) -> list[str]:
    """The help strings of one command itself (not its sub-commands)."""
    texts = [command.help, command.short_help, *(getattr(p, "help", None) for p in command.params)]
    return [text for text in texts if text]


def translate_command(command: Any) -> None:
    """Swap one command's own help texts for their translation where one exists."""
    import typer

    for attr in ("help", "short_help"):
        translated = translate(getattr(command, attr, None))
        if translated:
            setattr(command, attr, translated)
    for attr, shown in _PLACEHOLDERS:
        if getattr(command, attr, None) == shown:  # the usage line's placeholders
            setattr(command, attr, t(shown))
    ctx = typer.Context(command)
    for param in command.params:
        translated = translate(getattr(param, "help", None))
        if translated:
            param.help = translated
        _translate_type(param, ctx)
        if current_language() != "en":
            _in_words(param)
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        _translate_type(help_option, ctx)


def _translate_type(param: Any, ctx: Any) -> None:
    """A parameter's type (or its `metavar=`) in words where the help shows it: an option's
    metavar, an argument's only while the help is written (`click_text`); a number's type
    named in the interface language in click's «'abc' is not a valid integer»."""
    if hasattr(param, TYPE_WORDS):
        return
    words: str | None
    if param.metavar is not None:
        words = translate(param.metavar) or in_words(param.metavar)
    else:
        kind = "path" if isinstance(param.type, click.Path) else param.type.name  # a Path's is gettext's
        shown = _TYPES.get((kind, bool(param.multiple or param.nargs != 1)))
        words = t(shown) if shown else None
    if param.type.name in _NUMBERS:
        param.type = copy.copy(param.type)  # typer's types are click's shared instances
        param.type.name = t(_NUMBERS[param.type.name])
    if param.param_type_name == "argument":
        setattr(param, TYPE_WORDS, words)
    elif words is not None:
        param.metavar = words


def _in_words(param: Any) -> None:
    """An argument's name, an option's default value in the interface language."""
    if param.param_type_name == "argument":
        _name_in_words(param)
    elif param.opts[0] in _DEFAULT_WORDS and isinstance(param.default, str):
        module, name = _DEFAULT_WORDS[param.opts[0]]
        words: Vocabulary = getattr(importlib.import_module(module), name)  # only once its section is built
        param.default = words.shown(param.default)


def _name_in_words(argument: Any) -> None:
    """An argument named in the interface language: in its help panel («соревнование»), the
    usage line and click's errors («СОРЕВНОВАНИЕ», as click writes an argument's name there)."""
    if argument.name not in ARGUMENT_NAMES:
        return
    name = t(ARGUMENT_NAMES[argument.name])
    argument.opts = [name]
    metavar = name.upper() if argument.required else f"[{name.upper()}]"
    argument.metavar = metavar if argument.nargs == 1 else metavar + "..."


def translate_tree(command: Any, *, loaded_only: bool = False) -> Any:
    """Translate `command` and its sub-commands into the current language (in English: only
    their types, in words).

    `loaded_only` walks only sub-commands already built (the root's lazy sections stay unloaded).
    """
    translate_command(command)
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        return command
    for sub in subcommands.values() if loaded_only else _children(command):
        translate_tree(sub, loaded_only=loaded_only)
    return command


def _children(command: Any) -> list[Any]:
    import typer

    ctx = typer.Context(command)
    return [command.get_command(ctx, name) for name in command.list_commands(ctx)]
