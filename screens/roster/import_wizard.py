"""The roster import wizard: file → what was detected → problems → import with progress."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import sqlite_utils
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    DataTable,
    DirectoryTree,
    Input,
    Label,
    ProgressBar,
    Select,
    SelectionList,
    Static,
)
from textual.worker import Worker, WorkerState

from outreach.common.i18n import N_, current_language, pt, t, tn
from outreach.common.tabular import LOCK_PREFIX, excerpt
from outreach.roster.importing.changes import consent_day_line, field_label, shown
from outreach.roster.importing.columns import (
    mappable_meanings,
    own_names,
    parse_target,
    role_column,
    target_of,
)
from outreach.roster.importing.importer import (
    ImportReport,
    Preview,
    Said,
    import_roster,
    preview,
    survey_words,
)
from outreach.roster.importing.rows import Problem
from outreach.roster.relations import relation_label
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.failures import notify_failure
from outreach_screens.store import Store
from outreach_screens.widgets.filled_table import fill_wrapped
from outreach_screens.widgets.table_layout import Column

_TUI_FIELD = {
    "student.fio": N_("student's full name"),
    "student.surname": N_("student's surname"),
    "student.name": N_("student's first name"),
    "student.patronymic": N_("student's patronymic"),
    "group": N_("class"),
    "status": N_("status (who has left is not imported)"),
    "role": N_("who the row's person is (student, mother…)"),
    "guardian.fio": N_("parent's full name"),
    "guardian.surname": N_("parent's surname"),
    "guardian.name": N_("parent's first name"),
    "guardian.patronymic": N_("parent's patronymic"),
    "guardian.phone": N_("phone"),
    "guardian.email": N_("e-mail"),
    "guardian.telegram": N_("Telegram"),
    "guardian.vk": N_("VK"),
    "guardian.max": N_("MAX"),
    "guardian.relation": N_("relation"),
    "guardian.consent": N_("consent"),
    "guardian.contacts": N_("contacts (phone, e-mail, handles)"),
    "grade": N_("grade (year)"),
    "letter": N_("class letter"),
}

_STEP_NAMES = {"step-file": N_("choose a file"), "step-preview": N_("what was detected"),
               "step-check": N_("problems"), "step-import": N_("importing")}

IMPORTABLE = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods"}
PREVIEW_ROWS = 5
PHONE_WIDTH = 16  # «+7 912 401-11-01»
PROBLEMS_SHOWN = 500
DOUBTS_NAMED = 5  # e-mail addresses to check named in the summary once imported
AUTO = "auto"
ENCODINGS = ("utf-8", "utf-8-sig", "cp1251")
DELIMITERS = (",", ";", "\t", "|")
STEPS = ("step-file", "step-preview", "step-check", "step-import")
IGNORE = "ignore"


@dataclass(frozen=True)
class Choices:
    """What the importer is asked to do: the file, what was forced, the teacher's corrections."""

    path: Path
    encoding: str | None = None
    delimiter: str | None = None
    mapping: tuple[str, ...] = ()  # 'Header=field' corrections, as --map takes them
    sheets: tuple[str, ...] = ()  # empty: every sheet with roster columns
    header_row: int | None = None  # as the spreadsheet numbers it; None: found
    group: str = ""


class RosterFiles(DirectoryTree):
    """Folders and the files the importer reads; no hidden entries."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith((".", LOCK_PREFIX))
                and (p.is_dir() or p.suffix.lower() in IMPORTABLE)]


class PreviewLoaded(Message):
    def __init__(self, result: Preview) -> None:
        super().__init__()
        self.result = result


class DryRunFinished(Message):
    def __init__(self, report: ImportReport) -> None:
        super().__init__()
        self.report = report


class ImportProgressed(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ImportProgressed)


class ImportFinished(Message):
    def __init__(self, report: ImportReport) -> None:
        super().__init__()
        self.report = report


def plain(text: str) -> Text:
    """A cell shown as is: file contents are never read as markup."""
    return Text(text, no_wrap=True, end="")


def meanings(found: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The choices of what a column holds, as the Select offers them (with any slot the file
    itself numbers beyond those offered, such as parent3.phone)."""
    offered = mappable_meanings()
    extra = sorted(set(found) - set(offered))
    return [(meaning_label(m), m) for m in [*offered[:-1], *extra, offered[-1]]]


def column_meanings(result: Preview) -> dict[str, str]:
    """Each non-empty header of the chosen sheets → what it is read as (first sheet wins)."""
    found: dict[str, str] = {}
    for sheet in result.sheets:
        for index, header in enumerate(sheet.table.headers):
            if header and header not in found:
                column = sheet.columns.get(index)
                found[header] = target_of(column) if column else IGNORE
    return found


def _own_names_said(result: Preview) -> dict[str, str]:
    """In a list of people with a role column («Кто»), each own name column («ФИО») as read:
    the row's person's, a student's or a parent's by that column (first sheet)."""
    sheet = result.first
    role = role_column(sheet.table.headers, sheet.columns)
    if role is None:
        return {}
    said = t("the name of the row's person: a student or a parent, by «{role}»", role=excerpt(sheet.table.headers[role]))
    return {sheet.table.headers[i]: said for i in own_names(sheet.table.headers, sheet.columns)}


def meaning_label(target: str) -> str:
    """`father.phone` → "phone — father (father.phone)" in English, with the name --map
    understands in brackets; in Russian only the meaning («телефон — отец»): the codes are
    the CLI's English syntax, not words a teacher reads."""
    column = parse_target(target)
    if column is None or target == IGNORE:
        return t("do not import")
    label = t(_TUI_FIELD[column.field])
    if column.slot:
        slot = relation_label(column.slot) if column.relation else t("no. {number}", number=column.slot)
        label = t("{label} — {slot}", label=label, slot=slot)
    return f"{label} ({target})" if current_language() == "en" else label


def left_out_note(result: Preview) -> str:
    """What the preview leaves out, as the CLI says it: no name column yet, the columns not
    imported on purpose (№, дата рождения…) apart from those not understood."""
    if not result.has_names:
        if result.survey_mark:
            return survey_words(result.survey_mark)
        if found := result.first.found:  # the teacher typed a header row that is not the header
            row, headers = found
            return t("The headers look like row {row}: {headers}. Clear the header row's number to take that row.",
                     row=row, headers=", ".join(map(excerpt, headers[:6])))
        return t("No column is read as a name yet: choose below which column holds the student's or the parent's name.")
    lines = []
    if result.ignored:
        lines.append(t("Columns not imported on purpose (outreach keeps no data it does not use): {columns}.",
                       columns=", ".join(map(excerpt, result.ignored))))
    if result.unrecognised:
        lines.append(t("Columns not recognised and ignored: {columns}.", columns=", ".join(map(excerpt, result.unrecognised))))
    if result.consent_day:
        lines.append(consent_day_line(result.consent_day))
    return "\n".join(lines)


def delimiter_name(delimiter: str) -> str:
    """A delimiter as shown: the tab by its name in the interface language («табуляция»)."""
    return pt("delimiter", "tab") if delimiter == "\t" else delimiter


def file_line(result: Preview) -> str:
    """What was read of the file: a CSV's encoding and delimiter; a workbook's kind and the
    sheets read (an encoding means nothing there: it said «Кодировка: xlsx»)."""
    table = result.table
    rows = sum(len(s.table.rows) for s in result.sheets)
    if not table.sheet:
        return t("Encoding: {encoding} · delimiter: {delimiter} · data rows: {rows}", encoding=table.encoding,
                 delimiter=delimiter_name(table.delimiter) or "—", rows=rows)
    sheets = ", ".join(f"«{excerpt(s.table.sheet)}»" for s in result.sheets)
    return t("{kind} workbook · sheets read: {sheets} · data rows: {rows}", kind=table.encoding.upper(),
             sheets=sheets, rows=rows)


def run_import(db: sqlite_utils.Database, choices: Choices, **options: Any) -> ImportReport:
    return import_roster(db, choices.path, group=choices.group or None, encoding=choices.encoding,
                         delimiter=choices.delimiter, mapping=list(choices.mapping),
                         sheets=list(choices.sheets), header_row=choices.header_row, **options)


def problem_row(problem: Problem | Said) -> str:
    """«7А» 5: the sheet and the row, for a workbook of several sheets."""
    return f"«{getattr(problem, 'sheet', '')}» {problem.row}"


def summary(report: ImportReport) -> str:
    """The notification shown when the import is done."""
    s, g = report.students, report.guardians
    text = t("Students: {sc} created, {su} updated, {sn} unchanged. Guardians: {gc} created, {gu} updated, {gn} unchanged. Problems skipped: {rejected}.", sc=s.created, su=s.updated, sn=s.unchanged,
             gc=g.created, gu=g.updated, gn=g.unchanged, rejected=len(report.rejected))
    if report.rejects_path:
        text += " " + t("Rejected rows: {path}.", path=report.rejects_path)
    if report.email_doubts:
        addresses = ", ".join(f"{d.value} ({d.suggestion}?)" for d in report.email_doubts[:DOUBTS_NAMED])
        text += " " + t("E-mail addresses to check: {addresses}.", addresses=addresses + (
            "…" if len(report.email_doubts) > DOUBTS_NAMED else ""))
    if report.phone_extensions:
        text += " " + t("Phone extensions kept in the notes: {count}.", count=len(report.phone_extensions))
    if report.left_rows:
        text += " " + t("Students who have left, not imported with their parents: {names}.",
                        names=", ".join(left.person for left in report.left_rows[:DOUBTS_NAMED])
                        + ("…" if len(report.left_rows) > DOUBTS_NAMED else ""))
    if report.class_dates:
        text += " " + t("Classes read back from dates a spreadsheet made of them: {groups} (check them).",
                        groups=", ".join(dict.fromkeys(d.group for d in report.class_dates)))
    if report.footer_rows:
        text += " " + t("Lines under the list, not imported: {count} (the first: «{text}»).",
                        count=len(report.footer_rows), text=report.footer_rows[0].text)
    if report.not_moved:
        text += " " + t("Added anew, not moved (namesakes in several classes): {names}.",
                        names=", ".join(f"{c.name} ({c.group})" for c in report.not_moved[:DOUBTS_NAMED])
                        + ("…" if len(report.not_moved) > DOUBTS_NAMED else ""))
    return text


class ImportWizard(LocalizedModalScreen[str | None]):
    """Dismisses with a summary once something was imported, else None."""

    CSS_PATH = Path(__file__).with_name("import_wizard.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="import.cancel"),
    ]

    def __init__(self, store: Store, group: str | None = None, start: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.group = group or ""
        self.start = start or Path.cwd()
        self.step = STEPS[0]
        self.busy = False
        self.preview: Preview | None = None
        self.report: ImportReport | None = None
        self.overrides: dict[str, str] = {}  # header → the meaning the teacher chose
        self.chosen_sheets: tuple[str, ...] = ()
        self.all_sheets: list[str] = []  # the workbook's sheets, read before any was chosen
        self.column = ""  # the header whose meaning the Select shows

    # -- typed accessors ----------------------------------------------------------------

    @property
    def path_input(self) -> Input:
        return self.query_one("#import-path", Input)

    @property
    def group_input(self) -> Input:
        return self.query_one("#import-group", Input)

    @property
    def skip_invalid(self) -> Checkbox:
        return self.query_one("#skip-invalid", Checkbox)

    @property
    def progress_bar(self) -> ProgressBar:
        return self.query_one("#progress", ProgressBar)

    @property
    def next_button(self) -> Button:
        return self.query_one("#next", Button)

    @property
    def back_button(self) -> Button:
        return self.query_one("#back", Button)

    @property
    def problems_table(self) -> DataTable[Text]:
        return self.query_one("#problems", DataTable)

    @property
    def mapping_table(self) -> DataTable[Text]:
        return self.query_one("#mapping", DataTable)

    @property
    def meaning_select(self) -> Select[str]:
        return self.query_one("#meaning", Select)

    @property
    def header_row_input(self) -> Input:
        return self.query_one("#header-row", Input)

    @property
    def sheet_list(self) -> SelectionList[str]:
        return self.query_one("#sheets", SelectionList)

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Import a roster")
            yield Label("", id="step-title")
            with ContentSwitcher(initial=STEPS[0], id="steps"):
                with Vertical(id="step-file"):
                    yield Input(placeholder=t("path to a CSV, XLSX, ODS or XLS file (or pick it below)"), id="import-path")
                    yield RosterFiles(self.start, id="files")
                    with Horizontal(id="options"):
                        yield Label(t("Group for rows without a class:"), classes="option-label")
                        yield Input(self.group, placeholder=t("optional, e.g. 10А"),
                                    id="import-group", compact=True)
                    with Horizontal(id="forced"):
                        yield Label(t("Encoding:"), classes="option-label")
                        yield Select([(t("detect"), AUTO), *((e, e) for e in ENCODINGS)],
                                     value=AUTO, allow_blank=False, id="encoding", compact=True)
                        yield Label(t("Delimiter:"), classes="option-label")
                        yield Select([(t("detect"), AUTO), *((delimiter_name(d), d) for d in DELIMITERS)], value=AUTO,
                                     allow_blank=False, id="delimiter", compact=True)
                with VerticalScroll(id="step-preview", can_focus=False):
                    yield Static("", id="detected", markup=False)
                    with Horizontal(id="class-row"):
                        yield Label(t("The file names no class. Class of its students:"), classes="option-label")
                        yield Input(placeholder=t("e.g. 10А"), id="preview-group", compact=True)
                    with Horizontal(id="layout"):
                        yield Label(t("Header row:"), classes="option-label")
                        yield Input(id="header-row", type="integer", compact=True)
                        yield Label(t("Sheets:"), classes="option-label", id="sheets-label")
                        yield SelectionList[str](id="sheets", compact=True)
                    yield DataTable(id="mapping", cursor_type="row", zebra_stripes=True)
                    with Horizontal(id="meaning-row"):
                        yield Label("", id="meaning-label", classes="option-label", markup=False)
                        yield Select(meanings(), allow_blank=False, id="meaning", compact=True)
                    yield Static("", id="unknown", markup=False)
                    yield DataTable(id="sample", cursor_type="row", zebra_stripes=True)
                with Vertical(id="step-check"):
                    yield Static("", id="counts", markup=False)
                    yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="more-problems", markup=False)
                    yield Static(t("Changes to people already in the roster:"), id="changes-title", markup=False)
                    yield DataTable(id="changes", cursor_type="row", zebra_stripes=True)
                    yield Checkbox(t("Skip the rows with problems (they go to a .rejects.xlsx file)"), id="skip-invalid")
                    yield Static(t("To import, fix the file and choose it again, or skip the rows with problems."),
                                 id="skip-hint", markup=False)
                with Vertical(id="step-import"):
                    yield Label(t("Reading the rows…"), id="import-status")
                    yield ProgressBar(id="progress", show_eta=False)
            with Horizontal(id="buttons"):
                yield Button(t("Back"), id="back")
                yield Button(t("Next"), id="next", variant="primary")
                yield Button(t("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self._show_step(STEPS[0])
        self.path_input.focus()

    def _show_step(self, step: str) -> None:
        self.step = step
        self.query_one("#steps", ContentSwitcher).current = step
        number = STEPS.index(step) + 1
        self.query_one("#step-title", Label).update(
            t("Step {number} of {total}: {name}", number=number, total=len(STEPS), name=t(_STEP_NAMES[step])))
        self.back_button.disabled = step in (STEPS[0], STEPS[3])
        label = N_("Import") if step == "step-check" else N_("Next")
        self.next_button.label = t(label)
        self.query_one("#cancel", Button).disabled = step == STEPS[3]
        self._update_next()

    def _set_busy(self, busy: bool, overlay: bool = True) -> None:
        """Busy blocks Next; the loading overlay is left out while the teacher corrects the
        preview (it would take the focus from what she is typing in)."""
        self.busy = busy
        self.query_one("#steps", ContentSwitcher).loading = busy and overlay and self.step != STEPS[3]
        self._update_next()

    def _update_next(self) -> None:
        blocked = self.busy or self.step == STEPS[3]
        if self.step == "step-preview" and self.preview is not None:
            blocked = blocked or not self.preview.has_names
        problems_block = (self.step == "step-check" and self.report is not None
                          and bool(self.report.rejected) and not self.skip_invalid.value)
        self.query_one("#skip-hint", Static).display = problems_block  # why Import is grey
        self.next_button.disabled = blocked or problems_block

    # -- options as the importer wants them -----------------------------------------------

    @property
    def path(self) -> Path:
        return Path(self.path_input.value.strip()).expanduser()

    @property
    def encoding(self) -> str | None:
        value = self.query_one("#encoding", Select).value
        return None if value == AUTO else str(value)

    @property
    def delimiter(self) -> str | None:
        value = self.query_one("#delimiter", Select).value
        return None if value == AUTO else str(value)

    @property
    def header_row(self) -> int | None:
        value = self.header_row_input.value.strip()
        return int(value) if value.isdigit() and int(value) > 0 else None

    def choices(self) -> Choices:
        return Choices(self.path, self.encoding, self.delimiter,
                       tuple(f"{h}={m}" for h, m in self.overrides.items()), self.chosen_sheets,
                       self.header_row, self.group_input.value.strip())

    # -- navigation -----------------------------------------------------------------------

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        if self.busy:
            return
        if self.step == "step-file":
            if not self.path_input.value.strip():
                self.notify(t("Choose a file first."), severity="warning", markup=False)
                self.path_input.focus()
                return
            self.overrides, self.chosen_sheets = {}, ()
            self.header_row_input.value = ""
            self._set_busy(True)
            self._load_preview(self.choices())
        elif self.step == "step-preview":
            self._set_busy(True)
            self._dry_run(self.choices())
        elif self.step == "step-check":
            self._show_step(STEPS[3])
            self._set_busy(True)
            self._import(self.choices(), self.skip_invalid.value)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        if not self.busy and self.step in STEPS[1:3]:
            self._show_step(STEPS[STEPS.index(self.step) - 1])

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.step != STEPS[3]:
            self.dismiss(None)

    @on(Input.Submitted, "#import-path")
    def _path_submitted(self) -> None:
        self._next()

    @on(DirectoryTree.FileSelected, "#files")
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        self.path_input.value = str(event.path)
        self.next_button.focus()

    @on(Checkbox.Changed, "#skip-invalid")
    def _skip_changed(self) -> None:
        """Ticked, the box has done its part: Import takes the focus (Enter on the box again
        would untick it); unticked, it keeps it."""
        self._update_next()
        if self.skip_invalid.value and self.step == "step-check" and self.skip_invalid.has_focus:
            self.next_button.focus()

    # -- the teacher's corrections, each re-previewed at once ------------------------------

    @on(DataTable.RowHighlighted, "#mapping")
    def _column_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.column = str(event.row_key.value or "")
        self._show_meaning()

    def _show_meaning(self) -> None:
        meaning = column_meanings(self.preview).get(self.column, IGNORE) if self.preview else IGNORE
        self.query_one("#meaning-label", Label).update(t("Read «{header}» as:", header=excerpt(self.column, 30)))
        with self.prevent(Select.Changed):
            self.meaning_select.value = meaning

    @on(Select.Changed, "#meaning")
    def _meaning_chosen(self, event: Select.Changed) -> None:
        if not self.column or self.preview is None:
            return
        meaning, current = str(event.value), column_meanings(self.preview)
        if current.get(self.column, IGNORE) == meaning:
            return
        self.overrides[self.column] = meaning
        for header, other in current.items():  # one column per meaning: the one that had it goes
            if meaning != IGNORE and header != self.column and other == meaning:
                self.overrides[header] = IGNORE
        self._repreview()

    @on(Input.Changed, "#header-row")
    def _header_row_changed(self) -> None:
        if self.step == "step-preview":
            self._repreview()

    @on(SelectionList.SelectedChanged, "#sheets")
    def _sheets_changed(self) -> None:
        chosen = tuple(self.sheet_list.selected)
        if chosen and chosen != self.chosen_sheets:
            self.chosen_sheets = chosen
            self._repreview()

    def _repreview(self) -> None:
        self._set_busy(True, overlay=False)
        self._load_preview(self.choices())

    # -- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-preview")
    def _load_preview(self, choices: Choices) -> None:
        self.post_message(PreviewLoaded(preview(
            choices.path, choices.encoding, choices.delimiter, list(choices.mapping),
            list(choices.sheets), choices.header_row, require_names=False)))

    @on(PreviewLoaded)
    def _preview_loaded(self, message: PreviewLoaded) -> None:
        self._set_busy(False)
        result = self.preview = message.result
        table = result.table
        lines = [file_line(result)]
        lines += [t("Sheet «{name}»: header in row {row}, rows: {rows}{group}", name=s.table.sheet, row=s.header_row, rows=len(s.table.rows),
                    group=t(", class {group}", group=s.group) if s.group else "")
                  for s in result.sheets if s.table.sheet]
        lines += [t("Class named in the title above the header: {group}", group=s.group)
                  for s in result.sheets if not s.table.sheet and s.group]  # a CSV's «Список класса 9В…»
        self.query_one("#detected", Static).update("\n".join(lines))
        self.header_row_input.placeholder = str(result.first.header_row)
        self._ask_class(result)
        self._show_sheets(result)
        self._show_mapping(result)
        unknown = self.query_one("#unknown", Static)
        note = left_out_note(result)
        unknown.update(note)
        unknown.display = bool(note)
        sample = self.query_one("#sample", DataTable)
        sample.clear(columns=True)
        sample.add_columns(*(plain(excerpt(h)) for h in table.headers))
        width = len(table.headers)
        sample.add_rows([plain(excerpt(c)) for c in (row + [""] * width)[:width]]
                        for row in table.rows[:PREVIEW_ROWS])
        if self.step != "step-preview":
            self._show_step("step-preview")
            (self.query_one("#preview-group") if result.needs_class else self.next_button).focus()
        self._update_next()

    def _ask_class(self, result: Preview) -> None:
        """A class teacher's own list often names no class: ask for it here, where she sees
        that, rather than on every row of the problems (the same value as the first step's)."""
        row = self.query_one("#class-row")
        row.display = result.needs_class
        if result.needs_class:
            with self.prevent(Input.Changed):
                self.query_one("#preview-group", Input).value = self.group_input.value

    @on(Input.Changed, "#preview-group")
    def _class_typed(self, event: Input.Changed) -> None:
        self.group_input.value = event.value

    @on(Input.Submitted, "#preview-group")
    def _class_submitted(self) -> None:
        self._next()

    def _show_sheets(self, result: Preview) -> None:
        """The sheet choice, shown only for a workbook with several sheets."""
        if not self.chosen_sheets:  # read without a choice: every sheet; after one, only those chosen
            self.all_sheets = list(result.available)
        several = len(self.all_sheets) > 1
        self.sheet_list.display = self.query_one("#sheets-label").display = several
        if not several:
            return
        chosen = {s.table.sheet for s in result.sheets}
        with self.prevent(SelectionList.SelectedChanged):
            self.sheet_list.clear_options()
            self.sheet_list.add_options([(plain(name), name, name in chosen) for name in self.all_sheets])
        self.chosen_sheets = self.chosen_sheets or tuple(n for n in self.all_sheets if n in chosen)

    def _show_mapping(self, result: Preview) -> None:
        """Every column with what it is read as; the cursor stays on the column it was on."""
        found = column_meanings(result)
        options = meanings(found.values())
        labels = {value: label for label, value in options}
        with self.prevent(Select.Changed):
            self.meaning_select.set_options(options)
        mapping = self.mapping_table
        row = mapping.cursor_row
        mapping.clear(columns=True)
        mapping.add_columns(t("Column in the file"), t("Read as"))
        said = _own_names_said(result)
        for header, meaning in found.items():
            mapping.add_row(plain(excerpt(header)), plain(said.get(header, labels[meaning])), key=header)
        if mapping.row_count:
            mapping.move_cursor(row=min(row, mapping.row_count - 1))
            self.column = str(mapping.coordinate_to_cell_key(mapping.cursor_coordinate).row_key.value)
        self._show_meaning()

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-dry-run")
    def _dry_run(self, choices: Choices) -> None:
        with self.store.session() as db:
            report = run_import(db, choices, dry_run=True)
        self.post_message(DryRunFinished(report))

    @on(DryRunFinished)
    def _dry_run_finished(self, message: DryRunFinished) -> None:
        report = self.report = message.report
        s, g = report.students, report.guardians
        self.query_one("#counts", Static).update(t(
            "Would create students: {sc} ({su} updated, {sn} unchanged); guardians: {gc} ({gu} updated, {gn} unchanged). Problems: {problems}.", sc=s.created, su=s.updated, sn=s.unchanged, gc=g.created,
            gu=g.updated, gn=g.unchanged, problems=len(report.rejected))
            + (" " + t("E-mail addresses to check: {count} (they are taken as written, listed below).", count=len(report.email_doubts))
               if report.email_doubts else "")
            + (" " + t("Phones with an extension: {count} (each extension is kept in the guardian's notes, listed below).",
                       count=len(report.phone_extensions)) if report.phone_extensions else "")
            + (" " + t("Lines under the list, not imported: {count} (listed below).", count=len(report.footer_rows))
               if report.footer_rows else "")
            + (" " + t("Students who have left by the status column, not imported with their parents: {count} (listed below).",
                       count=len(report.left_rows)) if report.left_rows else "")
            + (" " + t("Classes a spreadsheet made dates of, read back: {count} (listed below: check them).",
                       count=len(report.class_dates)) if report.class_dates else "")
            + "".join(f" {said.line}" for said in report.hidden_rows)
            + "".join(f" {said.line}" for said in report.unheaded_columns)
            + (" " + t("No parent was found although the file has contact columns ({columns}): go back a step and choose which column holds the parents' names.",
                       columns=", ".join(report.parentless_contacts)) if report.parentless_contacts else ""))
        problems = self.problems_table
        shown = report.rejected[:PROBLEMS_SHOWN]
        several = len(report.sheets) > 1
        rows = [(problem_row(p) if several else str(p.row), p.field, p.detail) for p in shown]
        rows += [(problem_row(d) if several else str(d.row), d.field, d.detail)
                 for d in report.email_doubts[:PROBLEMS_SHOWN]]
        said: list[Said] = [*report.left_rows, *report.class_dates, *report.phone_extensions, *report.footer_rows]
        rows += [(problem_row(e) if several else str(e.row), e.field, e.detail) for e in said[:PROBLEMS_SHOWN]]
        # the reason (with the value and the person) wraps in what the row and column leave;
        # measured in the dialog: the table is hidden (0 wide) under the steps' loading overlay
        columns = [Column(t("Row"), ratio=0), Column(t("Column"), ratio=0), Column(t("Reason"))]
        fill_wrapped(problems, columns, [(None, row) for row in rows], self.query_one("#dialog").size.width)
        problems.display = bool(rows)
        more = self.query_one("#more-problems", Static)
        more.update(tn("… and {n} more problem (all of them go to the rejects file).",
                       "… and {n} more problems (all of them go to the rejects file).", len(report.rejected) - len(shown)))
        more.display = len(report.rejected) > len(shown)
        self._show_changes(report)
        self.skip_invalid.display = bool(report.rejected)
        self.skip_invalid.value = False
        self._show_step("step-check")
        self._set_busy(False)
        (self.skip_invalid if report.rejected else self.next_button).focus()

    def _show_changes(self, report: ImportReport) -> None:
        """Each field the import would change in someone already stored, the children it adds
        anew because namesakes in several classes could be them, and the students of the
        file's classes it no longer names (they stay): read before Import is pressed."""
        rows = [(update.name, field_label(update.field), shown(update, update.before), shown(update, update.after))
                for update in report.updates[:PROBLEMS_SHOWN]]
        rows += [(child.name, field_label("group"), ", ".join(n.group for n in child.namesakes) + "?",
                  t("{group}, a new student", group=child.group))
                 for child in report.not_moved[:PROBLEMS_SHOWN]]
        rows += [(t("{name} ({group})", name=gone.name, group=gone.group) if gone.group else gone.name,
                  t("left, by the file") if gone.left else t("not in the file"), t("in the roster"), t("stays in the roster"))
                 for gone in report.not_in_file[:PROBLEMS_SHOWN]]
        table = self.query_one("#changes", DataTable)
        columns = [Column(t("Who")), Column(t("What"), ratio=0),  # a phone is never cut in two
                   Column(t("Before"), width=PHONE_WIDTH), Column(t("After"), width=PHONE_WIDTH)]
        fill_wrapped(table, columns, [(None, row) for row in rows], self.query_one("#dialog").size.width)
        title = self.query_one("#changes-title", Static)
        title.update(t("Changes to people already in the roster:") + ("\n" + t(
            "Children the file does not name stay in the roster: if one has left the class, remove them yourself (s, Students).")
            if any(not gone.left for gone in report.not_in_file) else "") + ("\n" + t(
            "Children the file marks as left stay in the roster: remove them yourself (s, Students).")
            if any(gone.left for gone in report.not_in_file) else "") + ("\n" + t(
            "A child with namesakes in several classes («7А, 7В?») is not moved but added anew: check who it is and remove the extra one.")
            if report.not_moved else ""))
        table.display = title.display = bool(rows)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-run")
    def _import(self, choices: Choices, skip_invalid: bool) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(ImportProgressed(done, total))

        with self.store.session() as db:
            report = run_import(db, choices, skip_invalid=skip_invalid, progress=progress)
        self.post_message(ImportFinished(report))

    @on(ImportProgressed)
    def _progressed(self, message: ImportProgressed) -> None:
        self.progress_bar.update(total=max(message.total, 1), progress=message.done)
        if message.done >= message.total:
            self.query_one("#import-status", Label).update(t("Writing to the database…"))

    @on(ImportFinished)
    def _finished(self, message: ImportFinished) -> None:
        self.busy = False
        report = message.report
        if report.written:
            self.dismiss(summary(report))
        else:
            self.notify(t("Nothing was written. Problems found: {problems}.", problems=len(report.rejected)),
                        severity="warning", markup=False)
            self._show_step("step-check")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if notify_failure(self, event) or event.state is WorkerState.CANCELLED:
            if self.step == STEPS[3]:
                self._show_step("step-check")
            self._set_busy(False)
