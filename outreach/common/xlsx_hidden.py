"""The rows an XLSX workbook hides (a filter, or rows hidden by hand), sheet by sheet.

A teacher filters the school's list of the whole parallel down to her class and saves it: the
file still holds every row, and only the hidden flag tells the other classes from hers. The
workbook reader (calamine) gives every row; this reads the flag from the sheets' XML. Only the
row tags are looked at, by a regular expression over the decompressed stream, so a sheet of
100,000 rows costs a fraction of a second rather than a full XML parse.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN = re.compile(rb"""\bhidden\s*=\s*["'](?:1|true)["']""")
_NUMBER = re.compile(rb"""\br\s*=\s*["'](\d+)["']""")
_CHUNK = 1 << 20
_TAIL = 4096  # a row tag cut by a chunk's end is read again with the next chunk


def hidden_rows(path: Path) -> dict[str, frozenset[int]]:
    """Sheet name → the 1-based numbers of its hidden rows (sheets hiding none are left out).
    A workbook whose parts cannot be found this way hides nothing as far as this knows."""
    try:
        with zipfile.ZipFile(path) as archive:
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
    hidden: set[int] = set()
    with archive.open(part) as stream:
        carried = b""
        while chunk := stream.read(_CHUNK):
            text = carried + chunk
            end = 0
            for tag in _ROW_TAG.finditer(text):
                end = tag.end()
                if _HIDDEN.search(tag[1]) and (number := _NUMBER.search(tag[1])):
                    hidden.add(int(number[1]))
            carried = text[max(end, len(text) - _TAIL):]
    return frozenset(hidden)
