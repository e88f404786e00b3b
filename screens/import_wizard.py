"""The roster import wizard: file → what was detected → problems → import with progress."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
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
    Static,
)
from textual.worker import Worker, WorkerState

from outreach.i18n import t
from outreach.relations import relation_label
from outreach.roster_import.importer import ImportReport, Preview, import_roster, preview

from .bindings import localize_bindings
from .failures import notify_failure
from .store import Store

IMPORTABLE = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods"}
PREVIEW_ROWS = 5
PROBLEMS_SHOWN = 500
AUTO = "auto"
ENCODINGS = ("utf-8", "utf-8-sig", "cp1251")
DELIMITERS = ((",", ","), (";", ";"), ("tab", "\t"), ("|", "|"))
STEPS = ("step-file", "step-preview", "step-check", "step-import")


class RosterFiles(DirectoryTree):
    """Folders and the files the importer reads; no hidden entries."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")
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


def field_label(field: str, slot: str = "") -> str:
    """`guardian.phone` → «phone (guardian.phone)», the name --map understands in brackets."""
    label = t(f"tui.field.{field}")
    if slot:
        label = t("tui.import.slot", label=label, slot=relation_label(slot))
    return f"{label} ({field})"


def delimiter_name(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else delimiter


def summary(report: ImportReport) -> str:
    """The notification shown when the import is done."""
    s, g = report.students, report.guardians
    text = t("tui.import.summary", sc=s.created, su=s.updated, sn=s.unchanged,
             gc=g.created, gu=g.updated, gn=g.unchanged, rejected=len(report.rejected))
    if report.rejects_path:
        text += " " + t("tui.import.rejects_written", path=report.rejects_path)
    return text


class ImportWizard(ModalScreen[str | None]):
    """Dismisses with a summary once something was imported, else None."""

    CSS_PATH = "import_wizard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel", id="import.cancel"),
    ]

    def __init__(self, store: Store, group: str | None = None, start: Path | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.store = store
        self.group = group or ""
        self.start = start or Path.cwd()
        self.step = STEPS[0]
        self.busy = False
        self.preview: Preview | None = None
        self.report: ImportReport | None = None

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
    def problems_table(self) -> DataTable[str]:
        return self.query_one("#problems", DataTable)

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("tui.import.title")
            yield Label("", id="step-title")
            with ContentSwitcher(initial=STEPS[0], id="steps"):
                with Vertical(id="step-file"):
                    yield Input(placeholder=t("tui.import.path_hint"), id="import-path")
                    yield RosterFiles(self.start, id="files")
                    with Horizontal(id="options"):
                        yield Label(t("tui.import.group"), classes="option-label")
                        yield Input(self.group, placeholder=t("tui.import.group_hint"),
                                    id="import-group", compact=True)
                    with Horizontal(id="forced"):
                        yield Label(t("tui.import.encoding"), classes="option-label")
                        yield Select([(t("tui.import.auto"), AUTO), *((e, e) for e in ENCODINGS)],
                                     value=AUTO, allow_blank=False, id="encoding", compact=True)
                        yield Label(t("tui.import.delimiter"), classes="option-label")
                        yield Select([(t("tui.import.auto"), AUTO), *DELIMITERS], value=AUTO,
                                     allow_blank=False, id="delimiter", compact=True)
                with Vertical(id="step-preview"):
                    yield Static("", id="detected", markup=False)
                    yield DataTable(id="mapping", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="unknown", markup=False)
                    yield DataTable(id="sample", cursor_type="row", zebra_stripes=True)
                with Vertical(id="step-check"):
                    yield Static("", id="counts", markup=False)
                    yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
                    yield Static("", id="more-problems", markup=False)
                    yield Checkbox(t("tui.import.skip_invalid"), id="skip-invalid")
                with Vertical(id="step-import"):
                    yield Label(t("tui.import.importing"), id="import-status")
                    yield ProgressBar(id="progress", show_eta=False)
            with Horizontal(id="buttons"):
                yield Button(t("tui.button.back"), id="back")
                yield Button(t("tui.button.next"), id="next", variant="primary")
                yield Button(t("tui.button.cancel"), id="cancel")

    def on_mount(self) -> None:
        self._show_step(STEPS[0])
        self.path_input.focus()

    def _show_step(self, step: str) -> None:
        self.step = step
        self.query_one("#steps", ContentSwitcher).current = step
        number = STEPS.index(step) + 1
        self.query_one("#step-title", Label).update(
            t("tui.import.step", number=number, total=len(STEPS), name=t(f"tui.import.{step}")))
        self.back_button.disabled = step in (STEPS[0], STEPS[3])
        label = "tui.button.import" if step == "step-check" else "tui.button.next"
        self.next_button.label = t(label)
        self.query_one("#cancel", Button).disabled = step == STEPS[3]
        self._update_next()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.query_one("#steps", ContentSwitcher).loading = busy and self.step != STEPS[3]
        self._update_next()

    def _update_next(self) -> None:
        blocked = self.busy or self.step == STEPS[3]
        if self.step == "step-check" and self.report is not None and self.report.rejected:
            blocked = blocked or not self.skip_invalid.value
        self.next_button.disabled = blocked

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

    # -- navigation -----------------------------------------------------------------------

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        if self.busy:
            return
        if self.step == "step-file":
            if not self.path_input.value.strip():
                self.notify(t("tui.import.path_required"), severity="warning", markup=False)
                self.path_input.focus()
                return
            self._set_busy(True)
            self._load_preview(self.path, self.encoding, self.delimiter)
        elif self.step == "step-preview":
            self._set_busy(True)
            self._dry_run(self.path, self.encoding, self.delimiter, self.group_input.value.strip())
        elif self.step == "step-check":
            self._show_step(STEPS[3])
            self._set_busy(True)
            self._import(self.path, self.encoding, self.delimiter, self.group_input.value.strip(),
                         self.skip_invalid.value)

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
        self._update_next()

    # -- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-preview")
    def _load_preview(self, path: Path, encoding: str | None, delimiter: str | None) -> None:
        self.post_message(PreviewLoaded(preview(path, encoding, delimiter)))

    @on(PreviewLoaded)
    def _preview_loaded(self, message: PreviewLoaded) -> None:
        self._set_busy(False)
        result = self.preview = message.result
        table = result.table
        self.query_one("#detected", Static).update(t(
            "tui.import.detected", encoding=table.encoding or "xlsx",
            delimiter=delimiter_name(table.delimiter) or "—", rows=len(table.rows)))
        mapping = self.query_one("#mapping", DataTable)
        mapping.clear(columns=True)
        mapping.add_columns(t("tui.import.col.header"), t("tui.import.col.field"))
        mapping.add_rows([plain(table.headers[index]), plain(field_label(column.field, column.slot))]
                         for index, column in sorted(result.columns.items()))
        unknown = self.query_one("#unknown", Static)
        unknown.update(t("tui.import.unknown", columns=", ".join(result.unknown))
                       if result.unknown else "")
        unknown.display = bool(result.unknown)
        sample = self.query_one("#sample", DataTable)
        sample.clear(columns=True)
        sample.add_columns(*(plain(h) for h in table.headers))
        width = len(table.headers)
        sample.add_rows([plain(c) for c in (row + [""] * width)[:width]]
                        for row in table.rows[:PREVIEW_ROWS])
        self._show_step("step-preview")
        self.next_button.focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-dry-run")
    def _dry_run(self, path: Path, encoding: str | None, delimiter: str | None, group: str) -> None:
        with self.store.session() as db:
            report = import_roster(db, path, group=group or None, encoding=encoding,
                                   delimiter=delimiter, dry_run=True)
        self.post_message(DryRunFinished(report))

    @on(DryRunFinished)
    def _dry_run_finished(self, message: DryRunFinished) -> None:
        report = self.report = message.report
        s, g = report.students, report.guardians
        self.query_one("#counts", Static).update(t(
            "tui.import.would", sc=s.created, su=s.updated, sn=s.unchanged, gc=g.created,
            gu=g.updated, gn=g.unchanged, problems=len(report.rejected)))
        problems = self.problems_table
        problems.clear(columns=True)
        problems.add_columns(t("tui.import.col.row"), t("tui.import.col.column"),
                             t("tui.import.col.reason"))
        shown = report.rejected[:PROBLEMS_SHOWN]
        problems.add_rows([(plain(str(p.row)), plain(p.field), plain(p.reason)) for p in shown])
        problems.display = bool(report.rejected)
        more = self.query_one("#more-problems", Static)
        more.update(t("tui.import.more_problems", count=len(report.rejected) - len(shown)))
        more.display = len(report.rejected) > len(shown)
        self.skip_invalid.display = bool(report.rejected)
        self.skip_invalid.value = False
        self._show_step("step-check")
        self._set_busy(False)
        (self.skip_invalid if report.rejected else self.next_button).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-run")
    def _import(self, path: Path, encoding: str | None, delimiter: str | None, group: str,
                skip_invalid: bool) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(ImportProgressed(done, total))

        with self.store.session() as db:
            report = import_roster(db, path, group=group or None, encoding=encoding,
                                   delimiter=delimiter, skip_invalid=skip_invalid,
                                   progress=progress)
        self.post_message(ImportFinished(report))

    @on(ImportProgressed)
    def _progressed(self, message: ImportProgressed) -> None:
        self.progress_bar.update(total=max(message.total, 1), progress=message.done)
        if message.done >= message.total:
            self.query_one("#import-status", Label).update(t("tui.import.writing"))

    @on(ImportFinished)
    def _finished(self, message: ImportFinished) -> None:
        self.busy = False
        report = message.report
        if report.written:
            self.dismiss(summary(report))
        else:
            self.notify(t("tui.import.nothing_written", problems=len(report.rejected)),
                        severity="warning", markup=False)
            self._show_step("step-check")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if notify_failure(self, event) or event.state is WorkerState.CANCELLED:
            if self.step == STEPS[3]:
                self._show_step("step-check")
            self._set_busy(False)
