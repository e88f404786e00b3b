"""The rows an XLSX or ODS workbook hides (a filter, or rows hidden by hand), sheet by sheet.

A teacher filters the school's list of the whole parallel down to her class and saves it: the
file still holds every row, and only the hidden flag tells the other classes from hers. The
workbook reader (calamine) gives every row; this reads the flag from the sheets' XML. Only the
row (and, in ODS, table) tags are looked at, by a regular expression over the decompressed
stream, so a sheet of 100,000 rows costs a fraction of a second rather than a full XML parse.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")
_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
# ODS: a table's start (its name) and a row's tag (repeated rows, their visibility)
_ODS_TAG = re.compile(rb"""<table:table\s[^>]*?table:name\s*=\s*"([^"]*)"|<table:table-row\b([^>]*)>""")
_ODS_REPEATED = re.compile(rb'table:number-rows-repeated\s*=\s*"(\d+)"')
_ODS_HIDDEN = re.compile(rb'table:visibility\s*=\s*"(?:collapse|filter)"')
_CHUNK = 1 << 20
_TAIL = 4096  # a tag cut by a chunk's end is read again with the next chunk


def hidden_rows(path: Path, kind: str) -> dict[str, frozenset[int]]:
    """Sheet name → the 1-based numbers of its hidden rows (sheets hiding none are left out),
    for an `xlsx` or `ods` file. A workbook whose parts cannot be found this way hides nothing
    as far as this knows."""
    try:
        with zipfile.ZipFile(path) as archive:
            if kind == "ods":
                with archive.open("content.xml") as stream:
                    return _ods_hidden(stream)
            return {name: rows for name, part in _sheet_parts(archive).items()
                    if (rows := _hidden_in(archive, part))}
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError):
        return {}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the archive path of its XML, from the workbook and its relationships."""
    targets = {rel.get("Id"): rel.get("Target", "") for rel in
               ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(f"{_RELS}Relationship")}
    parts = {}
    for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        if target:
            parts[sheet.get("name", "")] = (target.lstrip("/") if target.startswith("/")
                                            else posixpath.normpath(posixpath.join("xl", target)))
    return parts


def _hidden_in(archive: zipfile.ZipFile, part: str) -> frozenset[int]:
    with archive.open(part) as stream:
        return frozenset(int(number[1]) for tag in _tags(stream, _ROW_TAG)
                         if _HIDDEN.search(tag[1]) and (number := _NUMBER.search(tag[1])))


def _ods_hidden(stream: IO[bytes]) -> dict[str, frozenset[int]]:
    """Rows are numbered by counting them (with their repeats) from each table's start."""
    found: dict[str, set[int]] = {}
    name, row = "", 0
    for tag in _tags(stream, _ODS_TAG):
        if tag[1] is not None:
            name, row = html.unescape(tag[1].decode()), 0
            continue
        repeated = int(count[1]) if (count := _ODS_REPEATED.search(tag[2])) else 1
        if _ODS_HIDDEN.search(tag[2]):
            found.setdefault(name, set()).update(range(row + 1, row + repeated + 1))
        row += repeated
    return {sheet: frozenset(rows) for sheet, rows in found.items()}


def _tags(stream: IO[bytes], pattern: re.Pattern[bytes]) -> Iterator[re.Match[bytes]]:
    """The matches of `pattern` in the stream, each once, in order, read a chunk at a time."""
    carried = b""
    while chunk := stream.read(_CHUNK):
        text = carried + chunk
        end = 0
        for tag in pattern.finditer(text):
            end = tag.end()
            yield tag
        carried = text[max(end, len(text) - _TAIL):]
