"""Lists to print and to open in a spreadsheet: the call list of the parents a screen shows
(the unreachable, those without consent) and the CSV lists of a message's folder, written as
a printable HTML page (print CSS) and an XLSX workbook of text cells, both 0600.

Also the one way to show a file to the teacher: the system's opener (xdg-open, open,
os.startfile), or, where there is none, its path to show instead.
"""

from __future__ import annotations

import csv
import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from outreach.common.collation import russian_order_key
from outreach.common.i18n import N_, t
from outreach.common.private_files import write_private_text
from outreach.common.safe_csv import restore
from outreach.common.tabular import write_xlsx
from outreach.roster import guardians as roster

_INAPP_LISTS = {"calls": N_("Parents to call"), "sms": N_("SMS to send by hand"), "handouts": N_("Who gets a paper memo"), "vk": N_("Messages to send in VK"), "max": N_("Messages to send in MAX")}

MESSAGE_LISTS = ("calls.csv", "sms.csv", "handouts.csv", "vk.csv", "max.csv")
"""The CSV lists of a message's folder that get a printable and a spreadsheet copy."""
COPIES = (".html", ".xlsx")
"""The suffixes of those copies (beside `<list>.csv`)."""

_PRINT_CSS = (
    "@page{size:A4 landscape;margin:12mm}"
    "body{font-family:sans-serif;font-size:11pt;margin:1em}"
    "h1{font-size:16pt;margin:0 0 .6em}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #555;padding:4px 6px;text-align:left;vertical-align:top}"
    "th{background:#eee}tr{page-break-inside:avoid}"
    "thead{display:table-header-group}"
    "@media print{body{margin:0}}")


@dataclass(frozen=True)
class Sheet:
    """A titled table of text: one printable page and one worksheet."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default=())


@dataclass(frozen=True)
class Written:
    """The files one sheet was written to."""

    html: Path
    xlsx: Path
    rows: int


def call_sheet(db: sqlite_utils.Database, guardian_ids: Sequence[int], title: str) -> Sheet:
    """The guardians to call, in the given order: name, phone, children, class, and an empty
    column for the call's outcome."""
    rows = []
    for gid in guardian_ids:
        guardian = roster.get_guardian(db, gid)
        students = guardian.students
        rows.append((
            guardian.full_name,
            guardian.phone or "",
            ", ".join(s.short_name for s in students),
            ", ".join(sorted({s.group or "" for s in students} - {""}, key=russian_order_key)),
            ""))
    headers = (t("Parent"), t("Phone"),
               t("Children"), t("Class"),
               t("Call outcome"))
    return Sheet(title, headers, tuple(rows))


def csv_sheet(path: Path, title: str) -> Sheet:
    """One of our CSV lists read back (formula marks undone: the XLSX holds text cells)."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = [tuple(restore(cell) for cell in row) for row in csv.reader(stream, strict=True)]
    return Sheet(title, rows[0] if rows else (), tuple(rows[1:]))


def page(sheet: Sheet) -> str:
    """The sheet as a printable HTML page."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in sheet.headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                   for row in sheet.rows)
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(sheet.title)}'
            f"</title><style>{_PRINT_CSS}</style></head><body><h1>{html.escape(sheet.title)}</h1>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>\n")


def sheet_stem(kind: str, group: str | None) -> str:
    """A file name stem such as `unreachable-10А` (letters of any script kept)."""
    scope = re.sub(r"[^\w-]+", "-", group or "").strip("-")
    return f"{kind}-{scope}" if scope else kind


def write_sheet(sheet: Sheet, folder: Path, stem: str) -> Written:
    """`<stem>.html` and `<stem>.xlsx` in `folder` (0600)."""
    html_path, xlsx_path = folder / f"{stem}.html", folder / f"{stem}.xlsx"
    write_private_text(html_path, page(sheet), newline="\n")
    write_xlsx(xlsx_path, sheet.headers, sheet.rows, sheet.title)
    return Written(html_path, xlsx_path, len(sheet.rows))


def write_message_lists(folder: Path) -> list[Written]:
    """A printable and a spreadsheet copy of each CSV list in a message's folder."""
    written = []
    titles = {"calls": t("Parents to call"), "sms": t("SMS to send by hand"),
              "handouts": t("Who gets a paper memo"), "vk": t("Messages to send in VK"),
              "max": t("Messages to send in MAX")}
    for name in MESSAGE_LISTS:
        source = folder / name
        if source.is_file():
            written.append(write_sheet(csv_sheet(source, titles[source.stem]), folder, source.stem))
    return written


def open_command(path: Path, platform: str = sys.platform,
                 which: Callable[[str], str | None] | None = None) -> list[str] | None:
    """The command that shows `path` in the system's browser or file manager; None where
    there is none (Windows uses os.startfile, see `show`)."""
    which = which or shutil.which
    if platform == "darwin":
        return ["open", str(path)] if which("open") else None
    if platform.startswith("win"):
        return None
    return ["xdg-open", str(path)] if which("xdg-open") else None


def show(path: Path, run: Callable[[list[str]], object] | None = None) -> bool:
    """Open `path` for the teacher; False when nothing could (then show her the path)."""
    command = open_command(path)
    if command is None:
        if sys.platform.startswith("win"):
            os.startfile(path)  # type: ignore[attr-defined]  # exists on Windows only
            return True
        return False
    (run or _detached)(command)
    return True


def _detached(command: list[str]) -> None:
    subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,  # noqa: S603
                     stderr=subprocess.DEVNULL, start_new_session=True)
