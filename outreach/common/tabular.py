"""Reading tabular files (CSV in any common encoding and delimiter; XLSX and ODS workbooks
through python-calamine, old XLS through xlrd; every sheet) as text rows, and writing a
table for people (`write_table`): an XLSX workbook of text cells, or a CSV that Excel opens.

Shared by the roster import and the survey import, and by every list the teacher opens.
Every value read stays text.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from outreach.common.errors import OutreachError, file_to_read_missing
from outreach.common.i18n import N_, NP_, current_language, t
from outreach.common.private_files import replacing_file
from outreach.common.safe_csv import write_csv
from outreach.common.value_words import Vocabulary

if TYPE_CHECKING:
    import xlrd
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font

SAMPLE_BYTES = 64 * 1024
SAMPLE_CHARS = 64 * 1024  # delimiter detection looks at this much text, cut at a line end
SNIFF_LINES = 20
DELIMITERS = ",;\t|"
EXCERPT_CHARS = 60
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
_HTML = re.compile(r"\s*<(?:!doctype\s+html|html|\?xml|table|meta)", re.IGNORECASE)
csv.field_size_limit(16 * 1024 * 1024)


@dataclass
class Table:
    """One sheet's header and the rows under it; `rows[i]` is spreadsheet row `first_row + i`."""

    headers: list[str]
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""
    errors: list[tuple[int, str]] = field(default_factory=list)
    sheet: str = ""
    first_row: int = 2
    titles: list[list[str]] = field(default_factory=list)  # the rows above the header
    hidden: frozenset[int] = frozenset()  # spreadsheet rows the workbook hides (a filter)


@dataclass
class Grid:
    """Every row of one sheet (or of a CSV file) as text; `rows[i]` is spreadsheet row `i + 1`."""

    name: str
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""
    errors: list[tuple[int, str]] = field(default_factory=list)
    hidden: frozenset[int] = frozenset()  # spreadsheet rows the workbook hides (a filter)

    def table(self, header: int = 0) -> Table:
        """The grid read with row `header` (0-based) as the header and the rows above as titles."""
        headers = [h.strip() for h in self.rows[header]] if header < len(self.rows) else []
        return Table(headers, self.rows[header + 1:], self.encoding, self.delimiter,
                     self.errors, self.name, header + 2, self.rows[:header], self.hidden)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A value short enough to quote in a message: its start and an ellipsis."""
    text = " ".join(text[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_text(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The encoding (the one given, else found) and the text: UTF-8 (with or without BOM) if
    it decodes, decoded once; else charset-normalizer on a line-cut sample."""
    if encoding is None:
        if raw.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        else:
            try:
                return "utf-8", raw.decode("utf-8")
            except UnicodeDecodeError:
                encoding = _detected(raw)
    return encoding, _decode(raw, encoding)


def _detected(raw: bytes) -> str:
    sample = raw[:SAMPLE_BYTES]
    if len(raw) > SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]
    from charset_normalizer import from_bytes  # only for a file that is not UTF-8 (20 ms to import)

    best = from_bytes(sample).best()
    if best is None:
        raise OutreachError(t("Cannot detect the file's encoding; give it with --encoding (utf-8, cp1251)."))
    return best.encoding


def detect_delimiter(text: str) -> str:
    """The candidate that splits the first lines of a bounded sample into the same number of
    fields most often (ties: more fields); linear in the sample, whatever the quoting."""
    sample = text[:SAMPLE_CHARS]
    if len(text) > SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:
        records = csv.reader(io.StringIO(sample, newline=""), delimiter=candidate)
        widths = Counter(len(r) for r in itertools.islice(records, SNIFF_LINES) if len(r) > 1)
        if widths:
            width, count = widths.most_common(1)[0]
            if (count, width) > best_score:
                best, best_score = candidate, (count, width)
    return best


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise OutreachError(t("The file cannot be read as {encoding}; try another --encoding.", encoding=encoding)) from exc


_TEXT_FORMULA = re.compile(r'="((?:[^"]|"")*)"')


def as_shown(cell: str) -> str:
    """A cell written as Excel's text formula (`="05"`, `="+7 903 123-45-67"`: exports write it
    so that Excel keeps the text as typed) as the text Excel shows; any other cell unchanged."""
    if cell[:2] == '="' and (whole := _TEXT_FORMULA.fullmatch(cell)):
        return whole.group(1).replace('""', '"')
    return cell


def parse_csv_text(text: str, delimiter: str) -> Grid:
    """Parse CSV text strictly; a malformed line ends the table and is reported. Cells
    written as `="text"` read as their text (`as_shown`)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    errors: list[tuple[int, str]] = []
    shown = '="' in text  # most files have no such cell: their rows are taken as read
    try:
        for record in reader:
            rows.append([as_shown(cell) for cell in record] if shown else record)
    except csv.Error as exc:
        # The spreadsheet row of the record that failed (the first record is row 1).
        if not rows:
            raise OutreachError(t("The file cannot be read as a table ({detail}).", detail=excerpt(str(exc)))) from exc
        errors.append((len(rows) + 1, t("Malformed CSV ({detail}); rows from here on were not read.", detail=excerpt(str(exc)))))
    if not rows:
        raise OutreachError(t("The file is empty."))
    return Grid("", rows, delimiter=delimiter, errors=errors)


_SEP_LINE = re.compile(r"sep=(.)[ \t]*\r?\n", re.IGNORECASE)


def read_csv(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Grid:
    chosen, text = _read_text(path.read_bytes(), encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    if _HTML.match(text[:SAMPLE_CHARS]):
        raise OutreachError(t("This file is a web page (an HTML table) saved under a spreadsheet's name; open it in a spreadsheet program and save it as XLSX or CSV."))
    directive = _SEP_LINE.match(text)
    if directive:  # Excel's «sep=;» line: which separator the file uses, not a row of it
        text = text[directive.end():]
    sep = delimiter or (directive.group(1) if directive else detect_delimiter(text))
    grid = parse_csv_text(text, sep)
    grid.encoding = chosen
    return grid


def cell_text(value: object) -> str:
    """A workbook cell as the text a teacher sees (89121234567.0 → 89121234567, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _padded(rows: list[list[str]]) -> list[list[str]]:
    """Trailing blank rows dropped, every row as wide as the widest."""
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _chosen(names: list[str], visible: list[str], sheets: Sequence[str]) -> list[str]:
    """The sheets asked for (each must exist), else every visible one."""
    missing = [name for name in sheets if name not in names]
    if missing:
        raise OutreachError(t("The workbook has no sheet «{sheet}»; its sheets: {sheets}.", sheet=excerpt(missing[0]), sheets=", ".join(names)))
    return list(sheets) or visible


def _calamine_grids(path: Path, sheets: Sequence[str], kind: str) -> list[Grid]:
    """XLSX and ODS through python-calamine."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    from outreach.common.hidden_rows import hidden_rows  # noqa: PLC0415 - XML readers, for workbooks only

    hidden = hidden_rows(path, kind)
    with CalamineWorkbook.from_path(str(path)) as book:
        visible = [m.name for m in book.sheets_metadata
                   if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet]
        return [Grid(name, _padded([[cell_text(v) for v in row] for row in
                                    book.get_sheet_by_name(name).to_python(skip_empty_area=False)]),
                     encoding=kind, hidden=hidden.get(name, frozenset()))
                for name in _chosen(book.sheet_names, visible, sheets)]


def _xls_grids(path: Path, sheets: Sequence[str], kind: str) -> list[Grid]:
    """Old binary XLS through xlrd: pure Python, so a damaged file is an exception (calamine
    aborts the process or exhausts memory on some). The rows it hides come with it (the
    formatting records hold the flag)."""
    import xlrd

    book = xlrd.open_workbook(str(path), logfile=io.StringIO(), on_demand=True, formatting_info=True)
    try:
        names = book.sheet_names()
        visible = [n for n in names if book.sheet_by_name(n).visibility == 0]
        return [Grid(name, _padded(_xls_rows(book, sheet := book.sheet_by_name(name))), encoding=kind,
                     hidden=frozenset(row + 1 for row, info in sheet.rowinfo_map.items() if info.hidden))
                for name in _chosen(names, visible, sheets)]
    finally:
        book.release_resources()


def _xls_rows(book: xlrd.book.Book, sheet: xlrd.sheet.Sheet) -> list[list[str]]:
    import xlrd

    def value(cell: xlrd.sheet.Cell) -> object:
        if cell.ctype == xlrd.XL_CELL_DATE:
            return xlrd.xldate.xldate_as_datetime(float(cell.value), book.datemode)
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        return None if cell.ctype == xlrd.XL_CELL_ERROR else cell.value

    return [[cell_text(value(c)) for c in sheet.row(i)] for i in range(sheet.nrows)]


LOCK_PREFIX = "~$"  # Excel's and Word's lock file beside a document open in them


def _lock_file(path: Path) -> str:
    """Why a `~$…` file is no list, naming the document it locks when it lies beside."""
    tail = path.name[len(LOCK_PREFIX):]
    beside = sorted(p.name for p in path.parent.iterdir() if p.name.endswith(tail)
                    and not p.name.startswith(LOCK_PREFIX)) if path.parent.is_dir() else []
    if len(beside) == 1:
        return t("«{name}» is not a list: it is the lock file Excel keeps while «{document}» is open. Choose «{document}» (if you changed it, save it in Excel first).",
                 name=path.name, document=beside[0])
    return t("«{name}» is not a list: it is the lock file Excel keeps while a workbook is open. Choose the workbook itself (its name without «~$»).",
             name=path.name)


def _word_document(path: Path) -> bool:
    """A Word document (.docx) whatever its name says."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError):
        return False  # not a zip the standard library reads: the workbook readers say what it is


def read_workbook(path: Path, sheets: Sequence[str] = ()) -> list[Grid]:
    """The named sheets (default: every visible non-empty sheet) of an XLSX, ODS or XLS file."""
    with path.open("rb") as handle:
        ole = handle.read(4) == _OLE
    if not ole and _word_document(path):
        raise OutreachError(t("«{name}» is a Word document, not a table. Open the class list in Excel (or another spreadsheet program) and choose that file, or save the table from Word as a CSV.",
                              name=path.name))
    suffix = path.suffix.lower()
    kind = "xls" if ole else suffix.lstrip(".") if suffix in WORKBOOK_SUFFIXES else "xlsx"
    try:
        grids = (_xls_grids if ole else _calamine_grids)(path, sheets, kind)
    except OutreachError:
        raise
    except BaseException as exc:  # the readers raise many kinds (calamine: panics) on a damaged file
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise OutreachError(t("The {kind} file cannot be read: it is damaged or cut off. Open it in a spreadsheet program and save it again.", kind=kind.upper())) from exc
    grids = [g for g in grids if g.rows or sheets]
    if not grids:
        raise OutreachError(t("The file is empty."))
    return grids


def is_workbook(path: Path) -> bool:
    """An XLSX/ODS (zip) or old XLS (OLE) file by its first bytes, or a damaged one by its name.
    An `.xls` holding text (school systems save tab-separated text and web pages under that
    name) is read as text."""
    with path.open("rb") as handle:
        magic = handle.read(4)
    suffix = path.suffix.lower()
    return magic in (_ZIP, _OLE) or (suffix in WORKBOOK_SUFFIXES and suffix != ".xls")


# a delimiter typed by its name («табуляция», tab, \\t) rather than as itself
DELIMITER_WORDS = Vocabulary({"tab": (NP_("delimiter", "tab"),), "semicolon": (NP_("delimiter", "semicolon"),),
                              "comma": (NP_("delimiter", "comma"),)},
                             N_("{typed}: the delimiter must be one character (',' ';' '|') or {known}."),
                             aliases={"tab": ("\\t", "таб")})
_DELIMITERS = {"tab": "\t", "semicolon": ";", "comma": ","}


def read_grids(path: Path | str, encoding: str | None = None, delimiter: str | None = None,
               sheets: Sequence[str] = ()) -> list[Grid]:
    """Every sheet to read of a CSV or workbook file, detecting what is not forced."""
    path = Path(path)
    if not path.is_file():
        raise file_to_read_missing(path)
    if delimiter is not None and len(delimiter) != 1:
        delimiter = _DELIMITERS[DELIMITER_WORDS.parse(delimiter)]
    if path.name.startswith(LOCK_PREFIX):
        raise OutreachError(_lock_file(path))
    if is_workbook(path):
        return read_workbook(path, sheets)
    if sheets:
        raise OutreachError(t("--sheet applies to workbooks (XLSX, ODS, XLS); this file is a plain-text table."))
    return [read_csv(path, encoding, delimiter)]


def read_table(path: Path | str, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """The first sheet of a CSV or workbook file, its first row the header."""
    return read_grids(path, encoding, delimiter)[0].table()


# --- a table for people -----------------------------------------------------------------

XLSX = ".xlsx"
WIDEST_COLUMN = 60  # characters; longer text wraps
_WIDTH_SAMPLE = 200  # rows that set the column widths (the rest are streamed)


def is_xlsx(path: Path | str) -> bool:
    """A path whose name asks for a workbook (`.xlsx`); anything else gets CSV."""
    return str(path) != "-" and Path(path).suffix.lower() == XLSX


def excel_by_default() -> bool:
    """A CSV for people uses Russian Excel's dialect (BOM, `;`) when the interface is Russian."""
    return current_language() == "ru"


def write_table(path: Path | str, headers: Sequence[str], rows: Iterable[Sequence[object]],
                title: str = "", excel: bool | None = None) -> int:
    """A list the teacher opens: an XLSX workbook when the name ends .xlsx, else CSV (Russian
    Excel's dialect unless `excel` says otherwise: see `excel_by_default`). Returns the rows."""
    if is_xlsx(path):
        return write_xlsx(path, headers, rows, title)
    return write_csv(path, headers, rows, excel=excel_by_default() if excel is None else excel)


def write_xlsx(path: Path | str, headers: Sequence[str], rows: Iterable[Sequence[object]],
               title: str = "") -> int:
    """One worksheet, streamed (0600): a bold header frozen on top; text in text cells (a
    phone as it is, a value starting with = stays text, never a formula), numbers as numbers."""
    from openpyxl import Workbook  # noqa: PLC0415 - costly import, only when writing
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(title))
    cells = _TextCells(sheet)
    rows = iter(rows)
    first = [list(row) for row in itertools.islice(rows, _WIDTH_SAMPLE)]
    for column, width in enumerate(cells.widths(headers, first), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([cells.cell(header, bold) for header in headers])
    count = 0
    for row in itertools.chain(first, rows):
        sheet.append([cells.cell(value) for value in row])
        count += 1
    with replacing_file(path) as temp:
        book.save(temp)
    return count


def _sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: 31 characters at most, none of []:*?/\\."""
    return title[:31].translate(str.maketrans("[]:*?/\\", "()-----")).strip("'") or "list"


class _TextCells:
    """The cells of one write-only worksheet: a number stays a number, anything else is a
    text cell (openpyxl alone would make a formula of «=…» and an error of «#N/A»)."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415
        from openpyxl.styles import Alignment  # noqa: PLC0415

        self.sheet = sheet
        self.new_cell = WriteOnlyCell
        self.illegal = ILLEGAL_CHARACTERS_RE
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def text(self, value: object) -> str:
        """The text a cell shows, without the characters a workbook cannot hold."""
        text = "" if value is None else str(value)
        return self.illegal.sub("", text) if text and not text.isprintable() else text

    def widths(self, headers: Sequence[str], rows: list[list[object]]) -> list[int]:
        """Each column as wide as its longest value among the first rows (within limits)."""
        return [min(max([len(header), *(len(self.text(row[i])) for row in rows if len(row) > i)]) + 2,
                    WIDEST_COLUMN)
                for i, header in enumerate(headers)]

    def cell(self, value: object, font: Font | None = None) -> Cell | str | float | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        text = self.text(value)
        if not text:
            return None
        long = len(text) >= WIDEST_COLUMN or "\n" in text
        if font is None and not long and text[0] not in "=#":
            return text  # openpyxl makes it a text cell itself
        cell = self.new_cell(self.sheet, text)
        cell.data_type = "s"
        if font is not None:
            cell.font = font
        if long:
            cell.alignment = self.wrap
        return cell
