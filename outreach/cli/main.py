"""The `outreach` command: global options, top-level verbs, and the TUI launcher."""

from __future__ import annotations

import gc
import importlib
import sys
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Optional

import click
import typer

from outreach.cli.click_text import localize
from outreach.cli.common import (
    ClickContext,
    Commands,
    JsonOption,
    SafeGroup,
    close_opened,
    db_path,
    err,
    open_db,
    out,
    print_json,
    refuse_given,
    set_db_path,
)
from outreach.cli.help_text import translate_tree
from outreach.common.crash_log import unexpected
from outreach.common.errors import OutreachError
from outreach.common.i18n import LANGUAGES, current_language, set_language, t, tn
from outreach.store import db as storage

SECTIONS = {"roster": "roster_cmd", "channels": "channels_cmd", "message": "messages_cmd",
            "survey": "surveys_cmd", "contest": "contest_cmd",
            "inbox": "inbox_cmd", "settings": "settings_cmd"}


class RootGroup(SafeGroup):
    """Loads a section's commands only when it is called, so each command starts fast.

    Help texts follow the interface language: `main` translates the built commands for the
    language a root `--lang` in the arguments, OUTREACH_LANG or the locale picks (the root
    `--help` is printed while parsing); each section is translated when it is loaded.
    """

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        argv = sys.argv[1:] if args is None else list(args)
        set_language(self._peek_lang(argv))
        localize()
        translate_tree(self, loaded_only=True)
        return super().main(args, *rest, **kwargs)

    def _peek_lang(self, args: list[str]) -> str | None:
        """The root `--lang` before the first command, so an eager root `--help` can use it."""
        commands = {*self.commands, *SECTIONS}
        for index, arg in enumerate(args):
            if arg in commands:
                break
            if arg == "--lang" and index + 1 < len(args):
                return args[index + 1]
            if arg.startswith("--lang="):
                return arg.removeprefix("--lang=")
        return None

    def invoke(self, ctx: ClickContext) -> Any:
        if ctx.params.get("lang"):
            set_language(ctx.params["lang"])
            localize()
            translate_tree(self, loaded_only=True)
        return super().invoke(ctx)

    def list_commands(self, ctx: ClickContext) -> list[str]:
        return sorted([*super().list_commands(ctx), *SECTIONS])

    def resolve_command(self, ctx: ClickContext, args: list[str]) -> Any:
        """click suggests a close name from the commands built so far, which are not the
        sections (loaded when called): `outreach surveys` is offered `survey` too."""
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:
            raise click.exceptions.NoSuchCommand(exc.command_name, possibilities=self.list_commands(ctx),
                                                 ctx=ctx) from None

    def get_command(self, ctx: ClickContext, name: str) -> Any:
        if name not in SECTIONS:
            return super().get_command(ctx, name)
        return _section(name, current_language())


@cache
def _section(name: str, lang: str) -> Any:
    """A section's commands, built from its module and translated, once per process and
    language (typer builds the click group anew on every call; in-process callers such as the
    tests run a thousand commands, ≈ 30 ms of CPU each to build their section). `lang` keys the
    cache: the help texts are translated in place."""
    module = importlib.import_module(f"{__package__}.{SECTIONS[name]}")
    group = typer.main.get_command(module.app)
    group.name = name
    return translate_tree(group)


app = Commands(cls=RootGroup, no_args_is_help=False,
                  help="outreach: a teacher's workbench for outreach to students' parents.")


def _check_lang(value: Optional[str]) -> Optional[str]:
    if value is not None and value not in LANGUAGES:
        raise typer.BadParameter(f"{value!r}: ru | en")
    return value


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    db: Annotated[Optional[Path], typer.Option("--db", help="Database file (default: OUTREACH_DB or the user data dir).")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", callback=_check_lang, help="Interface language: ru | en.")] = None,
) -> None:
    """Without a command, open the Textual app."""
    set_language(lang)
    set_db_path(db)
    ctx.call_on_close(close_opened)
    if ctx.invoked_subcommand is None:
        launch_tui()


def on_a_terminal() -> bool:
    """Whether the app can run here: it reads keys from stdin and paints stdout."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def need_terminal() -> None:
    """A usage error where the app cannot run (cron, a pipe): it would paint into the log and
    wait for keys for ever."""
    if not on_a_terminal():
        raise click.UsageError(t("The app needs a terminal; from a script give a command (outreach --help lists them)."))


def launch_tui() -> None:
    need_terminal()
    database = open_db(create=True)
    database.close()
    app_module = importlib.import_module("outreach_screens.app")  # the only place Textual is loaded
    app_module.run_app(db_path())


@app.command()
def demo(force: Annotated[bool, typer.Option("--force", help="Replace the data in a non-empty database, the message being written in the app included.")] = False,
         open_: Annotated[bool, typer.Option("--open", help="Fill only an empty database, then open the app.")] = False) -> None:
    """Fill the database with realistic demo data. Example: outreach demo --force"""
    from outreach.demo import fill_demo, is_empty

    if open_:
        need_terminal()  # before any data is written
    db = open_db(create=True)
    if open_ and not force and not is_empty(db):
        db.close()
        launch_tui()
        return
    report = fill_demo(db, force=force)
    out.print(t("Demo data ready: {students} students, {guardians} guardians in {path}.", students=report.students.created, guardians=report.guardians.created,
                path=str(db_path())))
    db.close()
    if open_:
        launch_tui()


@app.command("export")
def export(directory: Annotated[Path, typer.Argument(help="Directory to write <table>.csv files into.")],
           excel: Annotated[bool, typer.Option("--excel", help="UTF-8 with BOM and ';' for Excel.")] = False,
           redact: Annotated[bool, typer.Option("--redact", help="Mask phones and e-mails.")] = False) -> None:
    """Export every table as CSV. Example: outreach export ./dump --excel --redact"""
    from outreach.roster.export import export_all

    if str(directory) == "-":  # as `roster export -`: a folder named «-» appeared instead
        raise click.UsageError(t("outreach export writes a folder of CSV files; give the folder (standard output, -, is for roster export)."))
    counts = export_all(open_db(), directory, excel, redact)
    out.print(t("Written to {path}: tables {tables}, rows {rows}.", tables=len(counts), rows=sum(counts.values()), path=str(directory)))


@app.command()
def backup(path: Annotated[Path, typer.Argument(help="The backup file to write, or a folder (a USB stick) to write outreach-YYYY-MM-DD.db in; a file already there is replaced.")]) -> None:
    """Copy the database with SQLite's backup API. Example: outreach backup ~/outreach-2026-11-28.db"""
    from outreach.common.paths import backup_name

    target = storage.keep_backup(open_db(), path / backup_name() if path.is_dir() else path)
    out.print(t("Backup written to {path}.", path=str(target)))


@app.command("send-due")
def send_due(json_: JsonOption = False,
             install_timer: Annotated[bool, typer.Option(
                 "--install-timer", help="Write a systemd user timer that runs this every 5 minutes.")] = False) -> None:
    """Send scheduled messages and those quiet hours held back, now due (for cron or a timer). Example: outreach send-due --json"""
    from outreach.messages.delivery import due

    if install_timer:
        refuse_given({"--json": json_}, t("--install-timer writes the timer's files and prints their paths, not JSON."))
        open_db()  # the database it will send from is there: a typo is said now, not every 5 minutes
        written = due.install_timer(db_path())
        for path in written:
            out.print(t("Written: {path}", path=str(path)), markup=False)
        out.print(t("Turn it on with: systemctl --user enable --now {name}.timer", name=due.TIMER_NAME), markup=False)
        return
    report = due.send_due(open_db())
    if json_:
        print_json(asdict(report))
        return
    out.print(t("Sent {sent}, written to files {exported}, still waiting {deferred}, failed {failed}, unknown {unknown} (messages: {messages}).", sent=report.sent, exported=report.exported, deferred=report.deferred,
                failed=report.failed, unknown=report.unknown, messages=len(report.messages)))
    if report.failed and not report.sent:  # the exit code stays 0 (the contract)
        err.print(tn("Nothing was delivered: {n} delivery failed (messages {ids}; why: outreach message log ID --status failed).",
                     "Nothing was delivered: {n} deliveries failed (messages {ids}; why: outreach message log ID --status failed).",
                     report.failed, ids=", ".join(map(str, report.messages))), markup=False)
    for problem in report.problems:  # why deliveries wait: not set up, the server down or dropping
        err.print(problem, markup=False)
    if report.waiting:
        err.print(tn("{n} delivery waits for the next send (why: said above).",
                     "{n} deliveries wait for the next send (why: said above).", report.waiting), markup=False)
    if report.busy:
        err.print(t("Being sent by another process right now, left to it: message {ids}.", ids=", ".join(map(str, report.busy))), markup=False)


def run() -> None:
    """Console-script entry: never a traceback, one clear sentence instead."""
    try:
        app(prog_name="outreach")
    except OutreachError as exc:
        err.print(exc.message)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: the traceback goes to the log
        err.print(unexpected(exc))
        sys.exit(1)
    finally:
        # The process ends and the system takes back its memory at once, while Python's exit
        # collection would walk every object still alive (after a 100,000-row import, the
        # million being freed beside: ≈ 0.6 s). Objects are still freed as their last
        # reference goes; only the cycle collector leaves them be.
        gc.freeze()
