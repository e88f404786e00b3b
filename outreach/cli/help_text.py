"""CLI --help in the interface language: the English help in the code is the msgid.

`translate_tree` swaps `help`/`short_help` of commands and `help` of parameters for their
translation (`pybabel extract` finds them through `outreach.locales.extract`), the word of a
trailing `Example:` too («Пример: outreach …», the command kept as typed), the usage line's
placeholders («[ПАРАМЕТРЫ]»), and shows an option's type in words («<текст>» for typer's «<str>»).
"""

from __future__ import annotations

from typing import Any

from outreach.common.i18n import N_, current_language, t
from outreach.locales.extract import help_prose

# typer's type labels (typer.core's display_type) → their msgid; others stay as typer shows them
_TYPES = {"<str>": N_("<str>"), "<int>": N_("<int>"), "<bool>": N_("<bool>"),
          "<path>": N_("<path>"), "<float>": N_("<float>"), "<int range>": N_("<int range>"),
          "<list[str]>": N_("<list[str]>"), "<list[int]>": N_("<list[int]>"),
          "<list[Path]>": N_("<list[Path]>")}


def translate(text: str | None) -> str | None:
    """One help text in the current language, None if it has no translation."""
    if not text:
        return None
    prose, example = help_prose(text)
    translated = t(prose)
    if translated == prose:
        return None
    return translated + example.replace("Example:", t("Example:"), 1)


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
    from outreach.cli.click_text import localize_help_option

    for attr, shown in (("options_metavar", N_("[OPTIONS]")), ("subcommand_metavar", N_("COMMAND [ARGS]..."))):
        if getattr(command, attr, None) == shown:  # the usage line's placeholders
            setattr(command, attr, t(shown))
    ctx = typer.Context(command)
    for param in command.params:
        translated = translate(getattr(param, "help", None))
        if translated:
            param.help = translated
        _translate_type(param, ctx)
    help_option = localize_help_option(command.get_help_option(ctx))
    if help_option is not None:
        _translate_type(help_option, ctx)


def _translate_type(param: Any, ctx: Any) -> None:
    """An option's type shown in words: typer shows an option's metavar in its place."""
    if param.param_type_name == "option" and param.metavar is None:
        shown = param.display_type(ctx)
        if shown in _TYPES:
            param.metavar = t(_TYPES[shown])


def translate_tree(command: Any, lang: str | None = None, *, loaded_only: bool = False) -> Any:
    """Translate `command` and its sub-commands when the language is not English.

    `loaded_only` walks only sub-commands already built (the root's lazy sections stay unloaded).
    """
    if (lang or current_language()) == "en":
        return command
    translate_command(command)
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        return command
    for sub in subcommands.values() if loaded_only else _children(command):
        translate_tree(sub, lang, loaded_only=loaded_only)
    return command


def _children(command: Any) -> list[Any]:
    import typer

    ctx = typer.Context(command)
    return [command.get_command(ctx, name) for name in command.list_commands(ctx)]
