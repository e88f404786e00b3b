"""What every command shares: the chosen database, output helpers, error handling."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import click
import sqlite_utils
import typer
from rich.console import Console
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType

from outreach.cli.click_text import argument_types_in_words, localized_usage
from outreach.common import paths
from outreach.common.crash_log import is_busy
from outreach.common.errors import OutreachError, reason_of, storage_fault
from outreach.common.formats import parse_decimal
from outreach.common.groups import existing_group
from outreach.common.i18n import t
from outreach.erasure.disk import unfinished
from outreach.store import db as storage

_state: dict[str, Path | None] = {"db": None}
_opened: list[sqlite_utils.Database] = []  # closed by `close_opened` when the command ends
_ROOM_TO_OPEN = 1 << 20  # bytes: the shared index (32 KiB), a first write-ahead log, a little to spare
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


class WordConsole(Console):
    """Prints a long line wrapped at spaces on a terminal (the terminal would cut it
    mid-word), whole into a pipe or a file, where scripts read it line by line."""

    def print(self, *objects: Any, soft_wrap: bool | None = None, **kwargs: Any) -> None:
        super().print(*objects, soft_wrap=not self.is_terminal if soft_wrap is None else soft_wrap, **kwargs)


# Markup and emoji codes off: user text ("[/]", ":smile:") prints as typed; style with rich Text.
out = WordConsole(highlight=False, markup=False, emoji=False)
err = WordConsole(stderr=True, highlight=False, markup=False, emoji=False)


# The context typer gives its commands is click's (typer.Context is a subclass); overrides
# take it as Any to stay compatible with typer's.
ClickContext = Any


class SafeGroup(TyperGroup):
    """Turns domain errors into one sentence on stderr and exit code 1."""

    def invoke(self, ctx: ClickContext) -> Any:
        typed = list(ctx.args)  # the subcommand's arguments, consumed by the invocation
        try:
            return super().invoke(ctx)
        except OutreachError as exc:
            err.print(exc.message)
            raise SystemExit(1) from None
        except sqlite3.DatabaseError as exc:  # another program's lock, a full disk, a damaged file…
            said = t("The database is busy with another program; try again.") if is_busy(exc) \
                else storage_fault(exc, db_path())
            if said is None:
                raise
            err.print(said)
            raise SystemExit(1) from None
        except OverflowError:  # SQLite stores integers up to 2**63 - 1
            given = _out_of_range(typed)
            if given is None:
                raise
            err.print(t("{given}: the number is out of range (at most 9223372036854775807).", given=given))
            raise SystemExit(1) from None


class LocalizedCommand(TyperCommand):
    """A command whose help shows its arguments' type in words where `help_text` put them
    («<число>»), its usage line and errors naming them."""

    def get_usage(self, ctx: ClickContext) -> str:
        return localized_usage(self, ctx)

    def format_help(self, ctx: ClickContext, formatter: Any) -> None:
        with argument_types_in_words(self, ctx):
            super().format_help(ctx, formatter)


class Commands(typer.Typer):
    """A typer app of our groups and commands (`SafeGroup`, `LocalizedCommand`)."""

    def __init__(self, *, cls: type[TyperGroup] = SafeGroup, **kwargs: Any) -> None:
        # click suggests a mistyped command's name through gettext; typer's suggestion is English.
        # A section is built as an app of its own (loaded when called): no shell-completion
        # options of its own in its help (`outreach roster --install-completion` did nothing).
        kwargs.setdefault("add_completion", False)
        super().__init__(cls=cls, suggest_commands=False, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[CommandFunctionType], CommandFunctionType]:
        kwargs.setdefault("cls", LocalizedCommand)
        return super().command(*args, **kwargs)


YES = ("y", "yes", "д", "да")  # typed on either keyboard layout's own letters


def confirmed(question: str, *, to_err: bool = False) -> bool:
    """Ask a yes/no question in the interface language («[д/Н]»); only a yes (y, yes, д, да)
    confirms, anything else (Enter, «н», a slip on the other layout, no answer at all: a script
    without --yes, its stdin empty) is a no."""
    try:
        answer = typer.prompt(f"{question} {t('[y/N]')}", default="", show_default=False, err=to_err,
                              prompt_suffix=" ")
    except click.exceptions.Abort:  # the end of stdin (or ctrl+c) before an answer
        typer.echo("", err=to_err)  # the caller's sentence on a line of its own
        return False
    return str(answer).strip().casefold() in YES


def _out_of_range(args: list[str]) -> str | None:
    """The first option and value (or bare value) in `args` that is an integer SQLite cannot
    hold, as typed."""
    for index, arg in enumerate(args):
        option, _, value = arg.rpartition("=") if arg.startswith("--") else ("", "", arg)
        if value.lstrip("-").isdigit() and not -2**63 <= int(value) < 2**63:
            if not option and index and args[index - 1].startswith("-"):
                option = args[index - 1]
            return f"{option} {value}".strip()
    return None


def set_db_path(path: Path | None) -> None:
    _state["db"] = path


def db_path() -> Path:
    return _state["db"] or paths.default_db_path()


def _why_not_opened(exc: BaseException, path: Path) -> str:
    """What SQLite's «cannot open» or «disk I/O error» means here: a folder it cannot write its
    journal in (a write-protected stick, a CD), or a disk with no room for it; else its reason."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if isinstance(exc, sqlite3.Error) and code in (8, 10, 13, 14):  # READONLY, IOERR, FULL, CANTOPEN
        folder = path.absolute().parent
        if folder.is_dir() and not os.access(folder, os.W_OK):
            return t("the folder {folder} is read-only, and outreach keeps its journal beside the database; copy the file to a folder you can write to", folder=str(folder))
        if folder.is_dir() and shutil.disk_usage(folder).free < _ROOM_TO_OPEN:
            return t("no space left on the disk")
    return reason_of(exc)


def _refuse_missing(create: bool) -> None:
    """A path the teacher or a script named (--db, OUTREACH_DB) whose folder does not exist is
    refused, and so is a missing file unless this command puts data in (`create`): a typo must
    not leave an empty database behind that reads as «no data». The default place is made on
    first use."""
    named = _state["db"] or paths.named_db_path()
    if named is None:
        return
    folder = named.absolute().parent
    if not folder.exists():
        raise OutreachError(t("There is no folder {folder} for the database {path}; check the path (outreach creates the database file, never its folder).",
                              folder=str(folder), path=str(named)))
    if not create and not named.exists():
        raise OutreachError(t("There is no database at {path} yet; check the path, or start one there with outreach roster import, roster add-guardian or demo.",
                              path=str(named)))


def open_db(*, create: bool = False) -> sqlite_utils.Database:
    """The database, migrated, with any interrupted erasure finished. A named file that does
    not exist yet is created only for a command that puts data in (`create`)."""
    _refuse_missing(create)
    try:
        db = storage.open_db(db_path())
    except (OSError, sqlite3.DatabaseError) as exc:  # a directory in the way, not SQLite, …
        if is_busy(exc):
            raise OutreachError(t("The database is busy with another program; try again.")) from exc
        raise OutreachError(t("Cannot open the database {path}: {reason}.", path=str(db_path()), reason=_why_not_opened(exc, db_path()))) from exc
    _opened.append(db)
    if unfinished(db):
        from outreach.erasure.forget import finish_pending

        finish_pending(db)
    return db


@contextmanager
def made_for_nothing_removed() -> Iterator[list[bool]]:
    """For a command that may make the database file and then write nothing into it (an
    import's dry run, or a refused one): a file this command made is removed again unless
    the body marks it used (`used[0] = True`), so «write nothing» leaves nothing behind."""
    path = db_path()
    made = not path.exists()
    used = [False]
    try:
        yield used
    finally:
        if made and not used[0]:
            close_opened()
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)


def close_opened() -> None:
    """Close the databases this command opened: the last connection to close checkpoints the
    file and removes its -wal and -shm."""
    while _opened:
        _opened.pop().close()


def print_json(document: object) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def typed_values(parse: Callable[[str], str]) -> Callable[[Any], Any]:
    """An option's callback: its value (or each of its values) typed as a code or in words
    becomes the code `parse` gives; a word `parse` refuses is a bad value of the option (exit 2)."""

    def callback(value: str | list[str] | None) -> str | list[str] | None:
        try:
            if isinstance(value, list):
                return [parse(item) for item in value]
            return None if value is None else parse(value)
        except OutreachError as exc:
            raise typer.BadParameter(exc.message) from None

    return callback


def usage_error(message: str, option: str | None = None) -> typer.BadParameter:
    """A usage error (exit 2) with a translated message, naming the `option` when given."""
    return typer.BadParameter(message, param_hint=option)


def refuse_given(options: dict[str, object], reason: str) -> None:
    """A usage error (exit 2) naming the first of `options` (option: value as parsed) that
    was given where it does not apply, `reason` (translated) saying why: a script must not
    believe an option it gave did something."""
    for option, value in options.items():
        if value is not None and value is not False and value != []:
            raise usage_error(reason, option)


def refuse_excel_for_workbook(path: Path | str, excel: bool) -> None:
    """`--excel` (a CSV in Excel's dialect) with a file name that gets a workbook: a usage error."""
    from outreach.common.tabular import is_xlsx

    if excel and is_xlsx(path):
        raise usage_error(t("it is for a CSV file; a name ending in .xlsx gets an Excel workbook."), "--excel")


def refuse_text_options_for_workbook(path: Path, options: dict[str, object], reason: str) -> None:
    """`--encoding`/`--delimiter` (`options`) given for a workbook, which has neither: a usage
    error naming the first given, `reason` (translated) saying what chooses instead."""
    from outreach.common.tabular import is_workbook

    if any(value is not None for value in options.values()) and path.is_file() and is_workbook(path):
        refuse_given(options, reason)


def refuse_sheets_for_text(path: Path, sheets: list[str] | None) -> None:
    """`--sheet` given for a text table (CSV, tab-separated), which has none: a usage error."""
    from outreach.common.tabular import is_workbook

    if sheets and path.is_file() and not is_workbook(path):
        refuse_given({"--sheet": sheets}, t("it chooses a workbook's sheets (XLSX, ODS, XLS); this file is a plain-text table."))


def _decimal(text: str) -> float:
    try:
        return parse_decimal(text)
    except OutreachError as exc:
        raise usage_error(exc.message) from None


def decimal_option(*names: str, help: str) -> Any:
    """An option taking a number typed with a decimal comma or point («52,3»)."""
    return typer.Option(*names, help=help, parser=_decimal, metavar="NUMBER")


def decimal_argument(help: str) -> Any:
    """An argument taking a number typed with a decimal comma or point («52,3»)."""
    return typer.Argument(help=help, parser=_decimal, metavar="NUMBER")


def known_group(db: sqlite_utils.Database, group: str | None) -> str | None:
    """A `--group` as the roster spells it (None: none given); a class the roster does not
    have is refused naming it (exit 1), never read as an empty list."""
    return None if group is None else existing_group(db, group)
