"""The roster import: read → map columns → parse rows → resolve identities → one write."""

from __future__ import annotations

import gc
import marshal
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from itertools import chain
from pathlib import Path

import sqlite_utils

from outreach.common import clock
from outreach.common.crash_log import is_busy
from outreach.common.errors import OutreachError
from outreach.common.forked import ChildDied, produced_beside, spare_core
from outreach.common.groups import canonical_group, class_after_name
from outreach.common.i18n import t, tn
from outreach.common.release import Box, containers, release_beside
from outreach.common.tabular import XLSX, Grid, Table, excerpt, read_grids, write_table
from outreach.roster.importing.cells import people_in
from outreach.roster.importing.changes import (
    Absent,
    NotMoved,
    Update,
    absent,
    group_names,
    not_moved,
    not_moved_line,
    updates,
)
from outreach.roster.importing.columns import (
    CONTACT_COLUMNS,
    GROUP_FIELDS,
    ROLE,
    Column,
    HeaderReading,
    read_header,
    survey_mark,
)
from outreach.roster.importing.identity import GUARDIAN_COLUMNS, Changes, Counts, Resolver
from outreach.roster.importing.layout import (
    FOOTER_CELLS,
    banded,
    find_header,
    footer_cell,
    section_class,
    stated_class,
)
from outreach.roster.importing.role_rows import RoleRows, row_parser
from outreach.roster.importing.rows import (
    ClassFromDate,
    EmailDoubt,
    FlatRow,
    LeftSchool,
    ListFooter,
    PhoneExtension,
    Problem,
    RowIn,
    RowParser,
)
from outreach.roster.importing.staging import SearchStage
from outreach.roster.writes import RosterWrite
from outreach.store import audit

Progress = Callable[[int, int], None]
Said = EmailDoubt | PhoneExtension | ListFooter | LeftSchool | ClassFromDate  # a line of `warnings` said at its row
PROGRESS_EVERY = 2000
CHUNK_ROWS = 4000  # parsed rows matched (and their search documents staged) at a time
FIRST_CHUNK_ROWS = 500  # ... fewer at a file's start and end (see `_chunk_rows`)
OPTIMISTIC_TRIES = 2  # matchings outside the write lock before one under it
WRITE_CACHE_KIB = 64 * 1024  # SQLite page cache while writing: dirty pages stay in memory
PARALLEL_ROWS = 10_000  # from this many rows, with a core to spare, a forked child parses
DROP_THREAD = "import-drop"  # frees what an import built, after it returned


NAME_FIELDS = {"student.fio", "student.surname", "guardian.fio", "guardian.surname"}


@dataclass
class SheetPreview:
    """One sheet as it will be read: its header row, the mapping and the class it states."""

    table: Table
    columns: dict[int, Column]
    unknown: list[str]  # every column left out
    ignored: list[str] = field(default_factory=list)  # not imported on purpose (№, дата рождения…)
    unrecognised: list[str] = field(default_factory=list)  # not understood
    group: str = ""  # the class a title above the header or the sheet's name states
    found: tuple[int, list[str]] | None = None  # the row that reads as the header, when another was chosen
    consent_day: str = ""  # a form's time column that dates each row's consent

    @property
    def header_row(self) -> int:
        return self.table.first_row - 1

    @property
    def has_names(self) -> bool:
        return bool({c.field for c in self.columns.values()} & NAME_FIELDS)

    @property
    def names_are_numbers(self) -> bool:
        """Its «name» columns hold numbers only: a summary sheet («Класс | Учеников |
        Родителей» with counts), not a list of people."""
        named = [i for i, c in self.columns.items() if c.field in NAME_FIELDS]
        cells = (row[i] for row in self.table.rows for i in named if i < len(row) and row[i].strip())
        first = next(cells, None)  # a list of people stops at its first name: 100,000 rows are not walked
        return first is not None and not any(ch.isalpha() for cell in chain((first,), cells) for ch in cell)

    @property
    def states_class(self) -> bool:
        """A class column, a class in a title above the header or in the sheet's name, or
        after every child's name («Иванов Иван 7А»)."""
        return bool(self.group) or any(c.field in GROUP_FIELDS for c in self.columns.values()) or self._classes_in_names()

    def _classes_in_names(self) -> bool:
        named = [i for i, c in self.columns.items() if c.field == "student.fio"]
        cells = [row[i] for row in self.table.rows for i in named if i < len(row) and row[i].strip()]
        return bool(cells) and all(class_after_name(name)[1] for cell in cells for name, _ in people_in(cell.strip()))

    @property
    def mapping(self) -> list[tuple[str, str]]:
        return [(self.table.headers[i], c.field + (f" [{c.slot}]" if c.slot else ""))
                for i, c in sorted(self.columns.items())]


@dataclass
class Preview:
    """What the wizard shows before importing: detection results and the mapping, per sheet."""

    sheets: list[SheetPreview]
    skipped: list[str] = field(default_factory=list)  # sheets with no roster columns
    available: list[str] = field(default_factory=list)  # every sheet read, in workbook order

    @property
    def first(self) -> SheetPreview:
        return self.sheets[0]

    @property
    def table(self) -> Table:
        return self.first.table

    @property
    def columns(self) -> dict[int, Column]:
        return self.first.columns

    @property
    def unknown(self) -> list[str]:
        return list(dict.fromkeys(h for sheet in self.sheets for h in sheet.unknown))

    @property
    def ignored(self) -> list[str]:
        return list(dict.fromkeys(h for sheet in self.sheets for h in sheet.ignored))

    @property
    def unrecognised(self) -> list[str]:
        return list(dict.fromkeys(h for sheet in self.sheets for h in sheet.unrecognised))

    @property
    def consent_day(self) -> str:
        return next((sheet.consent_day for sheet in self.sheets if sheet.consent_day), "")

    @property
    def mapping(self) -> list[tuple[str, str]]:
        return self.first.mapping

    @property
    def has_names(self) -> bool:
        return all(sheet.has_names for sheet in self.sheets)

    @property
    def survey_mark(self) -> str:
        """The header that shows the first sheet is a form's answers ('' for a list)."""
        return survey_mark(self.table.headers, self.table.titles)

    @property
    def needs_class(self) -> bool:
        """Students are read from a sheet that states no class: `group` must give it."""
        return any(not sheet.states_class and any(c.field.startswith("student.") or c.field == ROLE
                                                  for c in sheet.columns.values())
                   for sheet in self.sheets)


@dataclass(frozen=True)
class SheetRead:
    """One sheet as the import read it (`--json`: its name, header row, class and rows)."""

    name: str
    header_row: int
    group: str
    rows: int


@dataclass(frozen=True)
class ImportReport:
    """What an import did; `--json` prints `asdict` of it."""

    students: Counts = field(default_factory=Counts)
    guardians: Counts = field(default_factory=Counts)
    rejected: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False
    unknown_columns: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    rows: int = 0
    rejects_path: str = ""
    sheets: list[SheetRead] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    unrecognised_columns: list[str] = field(default_factory=list)
    filled_cells: int = 0
    warnings: list[str] = field(default_factory=list)
    class_missing: bool = False  # students read from a sheet that names no class, and no `group`
    email_doubts: list[EmailDoubt] = field(default_factory=list)  # also said in `warnings`
    phone_extensions: list[PhoneExtension] = field(default_factory=list)  # kept in notes; said in `warnings`
    footer_rows: list[ListFooter] = field(default_factory=list)  # lines under the list; said in `warnings`
    hidden_rows: list[HiddenRows] = field(default_factory=list)  # rows the workbook hides; said in `warnings`
    parentless_contacts: list[str] = field(default_factory=list)  # contact columns of a file where no parent was found
    unheaded_columns: list[Unheaded] = field(default_factory=list)  # filled cells under no header; said in `warnings`
    updates: list[Update] = field(default_factory=list)  # each field changed in a stored person
    not_in_file: list[Absent] = field(default_factory=list)  # stored students of the file's classes it does not name
    not_moved: list[NotMoved] = field(default_factory=list)  # new students several namesakes could be; said in `warnings`
    left_rows: list[LeftSchool] = field(default_factory=list)  # rows whose student has left, not imported; said in `warnings`
    class_dates: list[ClassFromDate] = field(default_factory=list)  # class cells made dates, read back; said in `warnings`
    consent_dated_by: str = ""  # a form's time column: each row's «да» to consent is of that day


@dataclass
class _Reading:
    """The rows read so far, sheet by sheet: the good ones, the refused ones and why."""

    rows: int
    parsed: list[RowIn] = field(default_factory=list)
    sent: list[bytes] = field(default_factory=list)  # rows a parsing child sent, as they came

    def good_rows(self) -> list[RowIn]:
        """Every good row, in file order. A child's are rebuilt from the bytes it sent: they
        are needed again only when another writer commits first, and 100,000 rows kept as
        bytes take 20 MB where the objects took ≈ 60 MB."""
        return self.parsed + [RowIn.from_flat(row) for chunk in self.sent for row in _flat_rows(chunk)]
    rejected: list[Problem] = field(default_factory=list)
    bad_rows: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    sheets: list[SheetRead] = field(default_factory=list)
    filled: int = 0
    doubts: list[EmailDoubt] = field(default_factory=list)  # of the rows not refused
    extensions: list[PhoneExtension] = field(default_factory=list)  # of the rows not refused
    left: list[LeftSchool] = field(default_factory=list)  # rows whose student has left
    dated: list[ClassFromDate] = field(default_factory=list)  # of the rows not refused
    footers: list[ListFooter] = field(default_factory=list)
    hidden: dict[str, list[int]] = field(default_factory=dict)  # sheet → rows a filter hides
    unheaded: dict[tuple[str, int], list[tuple[int, str]]] = field(default_factory=dict)  # (sheet, column) → (row, cell)


@dataclass(frozen=True)
class Unheaded:
    """A column with filled cells and no header (a note beside the table, a cell split at a
    «;» typed in it): not read, and said with its rows and a sample."""

    sheet: str
    column: str  # as a spreadsheet names it: «H»
    rows: list[int]
    sample: str

    @property
    def line(self) -> str:
        said = t("Column {column} has no header: its cells are not imported (rows {rows}), such as «{sample}». Give it a header to import it.",
                 column=self.column, rows=_spans(self.rows), sample=self.sample)
        return on_sheet(self.sheet, said)


@dataclass(frozen=True)
class HiddenRows:
    """The rows a sheet hides (a filter to one class, rows hidden by hand): not imported, as
    a teacher looking at the sheet does not see them."""

    sheet: str
    rows: list[int]

    @property
    def line(self) -> str:
        return on_sheet(self.sheet, t("Rows hidden in the workbook (by a filter or by hand), not imported: {rows}.",
                                      rows=_spans(self.rows)))


def _spans(rows: list[int]) -> str:
    """«2, 5, 10–40»."""
    spans: list[list[int]] = []
    for row in rows:
        if spans and row == spans[-1][-1] + 1:
            spans[-1].append(row)
        else:
            spans.append([row])
    return ", ".join(f"{s[0]}–{s[-1]}" if len(s) > 2 else ", ".join(map(str, s)) for s in spans)


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A problem on a named workbook sheet."""

    sheet: str = ""


def preview(path: Path | str, encoding: str | None = None, delimiter: str | None = None,
            mapping: list[str] | None = None, sheets: list[str] | None = None,
            header_row: int | None = None, *, require_names: bool = True) -> Preview:
    """Read the file's sheets (all non-empty ones unless `sheets` names some) and find in each
    its header row (or take `header_row`, numbered as a spreadsheet shows it). A sheet with
    no name column is skipped when it was not asked for; else it is an error, unless
    `require_names` is off (the wizard shows it so the teacher can say what the columns are)."""
    grids = read_grids(path, encoding, delimiter, sheets or ())
    found: list[SheetPreview] = []
    skipped: list[str] = []
    for grid in grids:
        sheet = _sheet_preview(grid, mapping, header_row)
        if (sheet.has_names and not sheet.names_are_numbers) or sheets or len(grids) == 1:
            found.append(sheet)
        else:
            skipped.append(grid.name)
    if not found:
        found, skipped = [_sheet_preview(grids[0], mapping, header_row)], skipped[1:]
    result = Preview(found, skipped, [g.name for g in grids])
    if require_names and not result.has_names:
        raise _no_names(next(s.table for s in found if not s.has_names))
    return result


def _header_index(grid: Grid, header_row: int | None) -> int:
    if header_row is None:
        return find_header(grid.rows)
    if not 1 <= header_row <= len(grid.rows):
        raise OutreachError(tn("Header row {row} is not in the sheet: it has {n} row.",
                               "Header row {row} is not in the sheet: it has {n} rows.", len(grid.rows), row=header_row))
    return header_row - 1


def _sheet_preview(grid: Grid, mapping: list[str] | None, header_row: int | None) -> SheetPreview:
    index = _header_index(grid, header_row)
    table, reading = _header_of(grid, index, mapping)
    best = find_header(grid.rows) if header_row is not None else index
    found = (best + 1, [c for c in grid.rows[best] if c.strip()]) if best != index else None
    return SheetPreview(table, reading.columns, reading.left_out, reading.ignored, reading.unknown,
                        stated_class(table.titles, grid.name), found, reading.consent_day)


def _header_of(grid: Grid, index: int, mapping: list[str] | None) -> tuple[Table, HeaderReading]:
    """Row `index` as the header, or with the band above it, or as the band over the row below
    it (`banded`), when that tells more columns apart than the row alone: «Мать» and «Отец»
    over «ФИО» and «Телефон» each. The row's own refusal («ФИО» twice) stands when no band
    reads."""
    table = grid.table(index)
    try:
        alone: HeaderReading | None = read_header(table.headers, mapping)
    except OutreachError as refused:  # perhaps the band above says whose
        alone, refusal = None, refused
    for band in (index - 1, index):
        if band < 0 or band + 1 >= len(grid.rows):
            continue
        headers = banded(grid.rows[band], grid.rows[band + 1])
        if headers is None:
            continue
        try:
            reading = read_header(headers, mapping)
        except OutreachError:
            continue
        if alone is None or _told_apart(reading) > _told_apart(alone) and len(reading.columns) >= len(alone.columns):
            below = grid.table(band + 1)
            below.headers = headers
            return below, reading
    if alone is None:
        raise refusal
    return table, alone


def _told_apart(reading: HeaderReading) -> int:
    """How many different fields of different people the columns give."""
    return len({(column.field, column.slot) for column in reading.columns.values()})


def survey_words(mark: str) -> str:
    """Why a file with `mark` (`columns.survey_mark`) and no names is no class list, and where it goes."""
    return t("This looks like a form's answers (a survey), not a class list: it has «{mark}» and no column of names. Answers are loaded in Surveys (key 4 in the app, or outreach survey import FILE --new 'Title').",
             mark=excerpt(mark))


def _no_names(table: Table) -> OutreachError:
    headers = table.headers
    if mark := survey_mark(headers, table.titles):
        return OutreachError(survey_words(mark))
    return OutreachError(t("No name columns recognised among: {headers}. Use --map 'Header=guardian.fio'.",
                           headers=", ".join(excerpt(h) for h in headers[:30] if h.strip()) or "—"))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """An import builds a million long-lived objects and no cycles; the cycle collector
    would walk them again and again (~15% of a large import).

    All of them are still in the youngest generation when the collector is back on, and its
    first collection would walk them all once more (≈ 0.25 s after a 100,000-row import, the
    last thing the command waited for). When nothing else is frozen, they are moved to the
    oldest generation instead, without a walk (`freeze` then `unfreeze`): collected with it,
    by then mostly freed. Where a program froze objects of its own (the app), unfreezing would
    undo that; the walk is left to happen there."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@_gc_paused()
def import_roster(
    db: sqlite_utils.Database,
    path: Path | str,
    *,
    group: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    mapping: list[str] | None = None,
    sheets: list[str] | None = None,
    header_row: int | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    rejects: Path | str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a roster file; all-or-nothing unless `skip_invalid`. Never a partial write.
    `group` is the class of rows for which the file states none (no class cell, title or
    class-named sheet); it never overrides a class the file states."""
    held: list[Box] = []
    report = _import(db, path, group, encoding, delimiter, mapping, sheets, header_row, dry_run,
                     skip_invalid, rejects, progress, held)
    release_beside(held, DROP_THREAD)
    return report


def _import(db: sqlite_utils.Database, path: Path | str, group: str | None, encoding: str | None,
            delimiter: str | None, mapping: list[str] | None, sheets: list[str] | None,
            header_row: int | None, dry_run: bool, skip_invalid: bool, rejects: Path | str | None,
            progress: Progress | None, held: list[Box]) -> ImportReport:
    """`import_roster`; the large structures it built are left in `held`, for the caller to
    free beside (a million objects for 100,000 rows: the file's cells, the parsed rows, the
    roster as matched; none of them is in the report)."""
    prepared = preview(path, encoding, delimiter, mapping, sheets, header_row)
    reading = _Reading(sum(len(s.table.rows) for s in prepared.sheets))
    rejects_path = ""
    with _page_cache(db, WRITE_CACHE_KIB), ExitStack() as cleanup:
        # The stored roster is read once and rows are matched as they are parsed, all outside
        # the write lock; a first import's search index is built meanwhile (staging.py), and a
        # big file is parsed in a forked child while this process matches (forked.py).
        resolver = _snapshot(db)
        beside = reading.rows >= PARALLEL_ROWS and spare_core()
        stage = None if dry_run else _stage(db, resolver, cleanup, rows=beside)
        read = _read_beside if beside else _read_sheets
        read(prepared, group, clock.today(), reading, progress, lambda rows: _resolve(resolver, rows, stage))
        if progress:
            progress(reading.rows, reading.rows)
        if reading.rejected and skip_invalid and not dry_run:
            rejects_path = str(_write_rejects(path, rejects, prepared, reading.bad_rows, reading.rejected))
        writing = not dry_run and not (reading.rejected and not skip_invalid)
        if writing:
            resolver = _write(db, resolver, stage, reading.good_rows, cleanup,
                              {"rows": reading.rows, "rejected_rows": len(reading.bad_rows)})
    held += [*(sheet.table.rows for sheet in prepared.sheets), reading.parsed, reading.sent,
             *containers(resolver, resolver.changes, *([stage] if stage else []))]
    students, guardians = resolver.changes.counts()
    table = prepared.table
    groups = group_names(db, resolver)
    unsure = not_moved(resolver, groups)
    hidden, parentless, unheaded = _hidden(reading), _parentless(prepared, reading, guardians), _unheaded(reading)
    return ImportReport(
        students, guardians, reading.rejected, dry_run, writing, prepared.unknown, table.encoding,
        table.delimiter, reading.rows, rejects_path, reading.sheets, prepared.skipped,
        prepared.ignored, prepared.unrecognised, reading.filled,
        _warnings(reading, hidden, parentless, unheaded, unsure),
        prepared.needs_class and not group, reading.doubts, reading.extensions, reading.footers,
        hidden, parentless, unheaded, updates(resolver, groups), absent(resolver, groups, _left_names(reading)), unsure, reading.left,
        reading.dated, prepared.consent_day)


def _left_names(reading: _Reading) -> list[str]:
    return [name for left in reading.left for name in left.person.split(", ")]


def _snapshot(db: sqlite_utils.Database) -> Resolver:
    """The stored roster, read in one read transaction (no write lock)."""
    if db.conn.in_transaction:  # the caller's transaction: it holds whatever lock it took
        return Resolver(db)
    db.execute("BEGIN")
    try:
        return Resolver(db)
    finally:
        db.execute("COMMIT")


def _stage(db: sqlite_utils.Database, resolver: Resolver, cleanup: ExitStack, *,
           rows: bool) -> SearchStage | None:
    """A staged search index when the roster's is empty (a first import), else None. With
    `rows` (a child parses: this process has time to spare) and nobody stored yet, the rows
    are staged too, so the write under the lock is short; that costs a little more CPU in
    all, which a machine without a spare core would pay in time."""
    if resolver.indexed:
        return None
    stage = SearchStage(db, resolver, rows=rows)
    cleanup.callback(stage.close)
    return stage


def _resolve(resolver: Resolver, rows: list[RowIn], stage: SearchStage | None) -> None:
    for row in rows:
        resolver.resolve(row)
    if stage is not None:
        stage.add(resolver)


def _write(db: sqlite_utils.Database, resolver: Resolver, stage: SearchStage | None,
           parsed: Callable[[], list[RowIn]], cleanup: ExitStack, detail: dict[str, object]) -> Resolver:
    """Write in one transaction if nobody wrote since the roster was read; otherwise match
    again against the new roster (outside the lock; the last time under it, so a busy
    database cannot starve the import). Returns the resolver whose changes were written."""
    for attempt in range(OPTIMISTIC_TRIES + 1):
        locked = attempt == OPTIMISTIC_TRIES
        if attempt and stage is not None:
            stage.close()  # (outside any write: it detaches the staged rows)
        with ExitStack() as held:
            if locked:
                held.enter_context(_write_lock(db))
            if attempt:
                resolver = _snapshot(db)
                stage = _stage(db, resolver, cleanup, rows=False)
                _resolve(resolver, parsed(), stage)
            if stage is not None:
                stage.finish()
            with _write_lock(db):
                if locked or _data_version(db) == resolver.version:
                    _write_changes(db, resolver, stage)
                    students, guardians = resolver.changes.counts()
                    audit.record(db, "import", "roster", None, {
                        **detail, "students": asdict(students), "guardians": asdict(guardians)})
                    return resolver
    raise AssertionError("unreachable: the last attempt holds the write lock")


def _data_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA data_version").fetchone()[0])


@contextmanager
def _write_lock(db: sqlite_utils.Database) -> Iterator[None]:
    """A write transaction (BEGIN IMMEDIATE). A database that another program keeps locked
    beyond the busy timeout is one clear sentence, nothing written."""
    with ExitStack() as stack:
        try:
            stack.enter_context(db.atomic())
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
            raise OutreachError(t("The database is busy with another program; try again.")) from error
        yield


def _parentless(prepared: Preview, reading: _Reading, guardians: Counts) -> list[str]:
    """The file's contact columns when it has some and no parent was found: no success (when
    rows were refused, their problems say why already)."""
    if reading.rejected or guardians.created + guardians.updated + guardians.unchanged:
        return []
    return list(dict.fromkeys(
        sheet.table.headers[i] for sheet in prepared.sheets for i, c in sheet.columns.items()
        if c.field.partition(".")[2] in CONTACT_COLUMNS))


def _warnings(reading: _Reading, hidden: list[HiddenRows], parentless: list[str], unheaded: list[Unheaded],
              unsure: list[NotMoved]) -> list[str]:
    """No parent found in a file with contact columns; an e-mail at a domain like a slip of a
    common provider's, taken, said at its row; so is a phone's extension kept in the notes,
    a line under the list left out, rows hidden, cells under no header, and a child several
    namesakes could be, taken as new."""
    said: list[Said] = [*reading.left, *reading.dated, *reading.doubts, *reading.extensions, *reading.footers]
    lines = [doubt_line(line) for line in said] + [rows.line for rows in hidden]
    lines += [column.line for column in unheaded] + [not_moved_line(child) for child in unsure]
    if parentless:
        return [t("No parent was found in the file although it has contact columns ({columns}): check which columns hold the parents' names, or use --map 'Header=mother.fio'.", columns=", ".join(parentless)), *lines]
    return lines


def _hidden(reading: _Reading) -> list[HiddenRows]:
    return [HiddenRows(sheet, rows) for sheet, rows in reading.hidden.items()]


def _unheaded(reading: _Reading) -> list[Unheaded]:
    if not reading.unheaded:  # most files: openpyxl (0.1 s to import) is not needed
        return []
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - only when a column has no header

    return [Unheaded(sheet, get_column_letter(index + 1), [row for row, _ in cells], excerpt(cells[0][1]))
            for (sheet, index), cells in sorted(reading.unheaded.items())]


def doubt_line(doubt: Said) -> str:
    """«Row 3, E-mail матери: «olga@mail.ri» — perhaps «olga@mail.ru»? Taken as written: …»."""
    return on_sheet(doubt.sheet, t("Row {row}, {field}: {reason}", row=doubt.row, field=doubt.field, reason=doubt.detail))


def on_sheet(sheet: str, line: str) -> str:
    """«Sheet «7Б», row 3, …» for a workbook's sheet; the line as it is otherwise."""
    return t("Sheet «{sheet}», {line}", sheet=sheet, line=line[:1].lower() + line[1:]) if sheet else line


def _read_sheets(prepared: Preview, group: str | None, today: date, reading: _Reading,
                 progress: Progress | None, on_rows: Callable[[list[RowIn]], None]) -> None:
    """Parse every sheet's rows into `reading`, handing the good ones to `on_rows` in chunks."""
    done = 0
    for sheet in prepared.sheets:
        reading.sheets.append(SheetRead(sheet.table.sheet, sheet.header_row, sheet.group, len(sheet.table.rows)))
        parser = row_parser(sheet.table.headers, sheet.columns, canonical_group(sheet.group or group), today)
        _parse(parser, sheet.table, reading, progress, done, on_rows)
        reading.filled += parser.filled
        reading.doubts += [replace(d, sheet=sheet.table.sheet) for d in parser.doubts]
        reading.extensions += [replace(e, sheet=sheet.table.sheet) for e in parser.extensions]
        reading.left += [replace(e, sheet=sheet.table.sheet) for e in parser.left]
        reading.dated += [replace(e, sheet=sheet.table.sheet) for e in parser.dated]
        done += len(sheet.table.rows)


@dataclass(frozen=True)
class _Chunk:
    """Parsed rows as the child sends them, and how far through the file it is."""

    done: int
    rows: bytes  # `marshal` of the rows' `flat()` tuples: same interpreter, twice pickle's speed


def _read_beside(prepared: Preview, group: str | None, today: date, reading: _Reading,
                 progress: Progress | None, on_rows: Callable[[list[RowIn]], None]) -> None:
    """`_read_sheets` in a forked child while this process matches the chunks it sends; the
    child's problems, sheets and filled cells come last, in a `_Reading` without rows."""

    def produce(send: Callable[[object], None]) -> None:
        mine, at = _Reading(reading.rows), [0]
        _read_sheets(prepared, group, today, mine, lambda done, _: at.__setitem__(0, done),
                     lambda rows: send(_Chunk(at[0], marshal.dumps([row.flat() for row in rows]))))
        mine.parsed = []
        send(mine)

    try:
        for item in produced_beside(produce):
            _take(item, reading, progress, on_rows)
    except ChildDied as died:  # killed (out of memory?): nothing is written, one sentence
        raise OutreachError(t("Reading the file stopped before its end: the system ended the process reading it (short of memory?). Nothing was imported; try again.")) from died


def _take(item: object, reading: _Reading, progress: Progress | None,
          on_rows: Callable[[list[RowIn]], None]) -> None:
    """One item from the parsing child: a chunk of rows to match, or its report at the end."""
    if isinstance(item, _Chunk):
        if progress:
            progress(item.done, reading.rows)
        reading.sent.append(item.rows)
        on_rows([RowIn.from_flat(row) for row in _flat_rows(item.rows)])
    elif isinstance(item, _Reading):
        reading.rejected, reading.bad_rows = item.rejected, item.bad_rows
        reading.sheets, reading.filled, reading.doubts = item.sheets, item.filled, item.doubts
        reading.extensions, reading.footers, reading.hidden = item.extensions, item.footers, item.hidden
        reading.unheaded, reading.left, reading.dated = item.unheaded, item.left, item.dated


def _flat_rows(chunk: bytes) -> list[FlatRow]:
    rows: list[FlatRow] = marshal.loads(chunk)
    return rows


def _parse(parser: RowParser | RoleRows, table: Table, reading: _Reading, progress: Progress | None, done: int,
           on_rows: Callable[[list[RowIn]], None]) -> None:
    """Parse one sheet's rows into `reading` (`done` rows of earlier sheets already were);
    `on_rows` gets the good ones in chunks, as they are parsed. A row holding only a class
    name («7 «Б» класс») gives the class of the rows under it that state none."""
    fallback = parser.default_group
    parsed, handed = reading.parsed, len(reading.parsed)
    width, blank = len(table.headers), [i for i, header in enumerate(table.headers) if not header]
    limit = _chunk_rows(handed, len(table.rows))
    for offset, cells in enumerate(table.rows):
        if progress and offset % PROGRESS_EVERY == 0:
            progress(done + offset, reading.rows)
        number = table.first_row + offset
        if number in table.hidden:
            reading.hidden.setdefault(table.sheet, []).append(number)
            continue
        blanks = cells.count("")
        if blanks == len(cells) - 1 and (section := section_class(cells)):
            parser.start_section(section)
            continue
        if blanks >= len(cells) - FOOTER_CELLS and (at := footer_cell(cells)) is not None:
            reading.footers.append(ListFooter(number, _header(table, at), excerpt(cells[at]), table.sheet))
            continue
        if blank or (len(cells) > width and any(cells[width:])):
            _note_unheaded(reading, table.sheet, number, cells, width, blank)
        doubted, noted, dated = len(parser.doubts), len(parser.extensions), len(parser.dated)
        row, problems = parser.parse(number, cells)
        if problems:
            del parser.doubts[doubted:]  # a refused row's e-mail is not taken
            del parser.extensions[noted:]
            del parser.dated[dated:]
            reading.rejected.extend(_on_sheet(p, table.sheet) for p in problems)
            reading.bad_rows[(table.sheet, number)] = cells
        elif row is not None:
            row.group = canonical_group(row.group)
            parsed.append(row)
            if len(parsed) - handed >= limit:
                if progress:  # (a first chunk comes before the first PROGRESS_EVERY rows)
                    progress(done + offset + 1, reading.rows)
                on_rows(parsed[handed:])
                handed = len(parsed)
                limit = _chunk_rows(handed, len(table.rows) - offset - 1)
    on_rows(parsed[handed:])
    parser.default_group = fallback
    reading.rejected.extend(_on_sheet(Problem(line, "", message), table.sheet)
                           for line, message in table.errors)


def _chunk_rows(handed: int, left: int) -> int:
    """How many parsed rows to hand on at once: CHUNK_ROWS, but doubling from FIRST_CHUNK_ROWS
    at the start and halving towards the end. While the first chunk is parsed, matching and
    staging wait for it; after the last, the parsing is over and they still have that chunk
    to do: a core idles either way, for a shorter time with a smaller chunk."""
    return min(CHUNK_ROWS, max(FIRST_CHUNK_ROWS, min(handed, left // 2)))


def _note_unheaded(reading: _Reading, sheet: str, number: int, cells: list[str], width: int,
                   blank: list[int]) -> None:
    """The row's filled cells under no header: a blank header, or past the last one."""
    for index in [*blank, *range(width, len(cells))]:
        if index < len(cells) and cells[index].strip():
            reading.unheaded.setdefault((sheet, index), []).append((number, cells[index].strip()))


def _header(table: Table, index: int) -> str:
    return table.headers[index] if index < len(table.headers) else ""


def _on_sheet(problem: Problem, sheet: str) -> Problem:
    return SheetProblem(**vars(problem), sheet=sheet) if sheet else problem


def _write_rejects(source: Path | str, target: Path | str | None, prepared: Preview,
                   bad_rows: dict[tuple[str, int], list[str]], problems: list[Problem]) -> Path:
    """The rejected rows under the first sheet's header; with several sheets, a sheet column.
    A list for the teacher: `<source>.rejects.xlsx` unless another path is asked for (a .csv
    one is written in Excel's Russian dialect when the interface is Russian)."""
    path = Path(target) if target else Path(source).with_suffix(".rejects" + XLSX)
    reasons: dict[tuple[str, int], list[str]] = {}
    for problem in problems:
        reasons.setdefault((getattr(problem, "sheet", ""), problem.row), []).append(
            f"{problem.field}: {problem.reason}" if problem.field else problem.reason)
    several = len(prepared.sheets) > 1
    rows = [[number, *([sheet] if several else []), *cells, "; ".join(reasons.get((sheet, number), []))]
            for (sheet, number), cells in bad_rows.items()]
    headers = [t("row"), *([t("sheet")] if several else []),
               *prepared.table.headers, t("reason")]
    write_table(path, headers, rows, title=t("Rejected rows"))
    return path


@contextmanager
def _page_cache(db: sqlite_utils.Database, kib: int) -> Iterator[None]:
    before = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size=-{kib}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size={before}")


@contextmanager
def _indexes_rebuilt(db: sqlite_utils.Database, tables: list[str]) -> Iterator[None]:
    """Drop the tables' indexes and create them again afterwards: for a bulk insert, one
    sort beats updating every index row by row. Inside the write, so still all-or-nothing."""
    indexes = [(name, sql) for table in tables for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        " AND sql IS NOT NULL", [table])]
    for name, _ in indexes:
        db.execute(f"DROP INDEX [{name}]")
    yield
    for _, sql in indexes:
        db.execute(sql)


def _bulk_tables(db: sqlite_utils.Database, changes: Changes) -> list[str]:
    """The tables this write at least doubles."""
    adding = {"students": len(changes.new_students), "guardians": len(changes.new_guardians),
              "student_guardians": len(changes.new_links)}
    return [table for table, count in adding.items()
            if count and count >= db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]]


def _write_changes(db: sqlite_utils.Database, resolver: Resolver,
                   stage: SearchStage | None) -> None:
    """The resolver's changes through the roster's write path, in bulk; a first import's
    search index is the staged one, later ones reindex what they touched."""
    changes = resolver.changes
    write = RosterWrite(db)
    with _indexes_rebuilt(db, _bulk_tables(db, changes)):
        write.add_groups(resolver.groups)
        if stage is not None and stage.rows:  # nobody was stored: every row is an addition
            stage.copy_rows(write)
        else:
            _write_rows(write, changes)
    if stage is not None:
        stage.copy_into_empty_index()
    write.done(reindex=stage is None)


def _write_rows(write: RosterWrite, changes: Changes) -> None:
    """The resolver's changes to students, guardians and links."""
    write.add_students((sid, changes.students[sid], changes.student_groups[sid], changes.student_keys[sid])
                       for sid in sorted(changes.new_students))
    write.update_students((sid, changes.students[sid], changes.student_groups.get(sid), changes.student_keys[sid])
                          for sid in changes.changed_students - changes.new_students)
    write.add_guardians((gid, changes.guardians[gid], changes.guardian_keys.get(gid))
                        for gid in sorted(changes.new_guardians))
    write.update_guardians(GUARDIAN_COLUMNS, ((gid, changes.guardians[gid])
                                              for gid in changes.changed_guardians - changes.new_guardians))
    write.link((s, g, r) for (s, g), r in (changes.new_links | changes.changed_links).items())
