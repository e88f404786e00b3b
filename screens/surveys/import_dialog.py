"""The survey import wizard: file → column-to-question mapping and counts → confirm."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Label, Select, Static
from textual.worker import Worker

from outreach import surveys
from outreach.common.i18n import N_, pt, t, tn
from outreach.common.tabular import excerpt
from outreach.surveys.identity import (
    FIELDS,
    TARGETS,
    field_label,
    guess_line,
    matched_by_line,
    target_label,
)
from outreach.surveys.importer import Column, ImportPlan, hidden_line, superseded_by
from outreach.surveys.model import type_label
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.failures import describe
from outreach_screens.store import Store

_SURVEYS_TUI_IMPORT_ROLE = {"timestamp": N_("timestamp"), "id": N_("response number"), "contact": N_("respondent contact"), "unmatched": N_("no such question: skipped"), "class": N_("the respondent's class: kept"), "meta": N_("service column: skipped"), "question": N_("question"), "skipped": N_("skipped, as you chose")}

_SURVEYS_FORMAT = {"google": N_("Google Forms"), "yandex": N_("Yandex Forms"), "msforms": N_("Microsoft Forms"), "limesurvey": N_("LimeSurvey")}

NEW = 0
NO_MATCH = "none"


SHOWN_DOUBTS = 2


def _doubts(plan: ImportPlan) -> str:
    """What the teacher must know before importing: rows the workbook hides (not imported),
    columns read as a question whose text was edited, respondents left without a guardian (a
    rounded phone, a family e-mail)."""
    lines = [hidden_line(plan.hidden)] if plan.hidden else []
    if plan.renamed_columns:
        lines.append(tn("{n} column is read as a question whose text was edited slightly (see the table).",
                        "{n} columns are read as questions whose text was edited slightly (see the table).",
                        len(plan.renamed_columns)))
    lines += [t("«{column}» reads by its header as {field}, but {reason}: it is imported as a question.", column=d["column"],
                field=field_label(d["field"]), reason=d["reason"]) for d in plan.identity_doubts]
    lines += [guess_line(guess) for guess in plan.parent_guesses[:SHOWN_DOUBTS]]
    if len(plan.parent_guesses) > SHOWN_DOUBTS:
        lines[-1] += " …"
    doubts = plan.respondent_warnings
    if doubts:
        rows = "; ".join(t("row {row}, «{value}»: {reason}", **d) for d in doubts[:SHOWN_DOUBTS])
        lines.append(tn("{n} response is kept without a guardian: {rows}.", "{n} responses are kept without a guardian: {rows}.",
                        len(doubts), rows=rows + ("; …" if len(doubts) > SHOWN_DOUBTS else "")))
    return "".join("\n" + line for line in lines)


def _matched_by(plan: ImportPlan) -> str:
    """« Matched by: the parent's name 4, the child's name 1.» ('' when none was)."""
    line = matched_by_line(plan.matched_by)
    return " " + line if line else ""


def _targets(column: Column | None) -> list[tuple[str, str]]:
    """What a column can be read as; a timestamp or response number column also as itself."""
    own = [(t(_SURVEYS_TUI_IMPORT_ROLE[column.role]), column.role)] if column and column.target is None else []
    return own + [(target_label(value), value) for value in TARGETS]


class PlanReady(Message):
    def __init__(self, plan: ImportPlan, superseded: int) -> None:
        super().__init__()
        self.plan = plan
        self.superseded = superseded


class SurveyImportWizard(LocalizedModalScreen[ImportPlan | None]):
    """Shows what an import would do before anything is written; dismisses with the plan."""

    CSS_PATH = Path(__file__).with_name("import_dialog.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="survey_import.cancel"),
        Binding("ctrl+s", "confirm", N_("Import"), id="survey_import.confirm"),
    ]

    def __init__(self, store: Store, survey: surveys.Survey | None) -> None:
        super().__init__()
        self.store = store
        self.survey = survey
        self.plan: ImportPlan | None = None
        self.previewed = False
        self.match_touched = False
        """The teacher chose how respondents are matched: no longer proposed from the file."""
        self._match_set: object = NO_MATCH
        self._proposed_for = ""
        self._previewing = ""
        self.overrides: dict[str, str] = {}
        """What the teacher said a column is: header → identity.TARGETS (`--map 'Header=field'`)."""
        self._overrides_for = ""
        self.column: Column | None = None  # the column whose reading the Select shows
        self._correcting = False  # a reading changed: the focus stays where the teacher is

    @property
    def path_input(self) -> Input:
        return self.query_one("#import-path", Input)

    @property
    def mapping(self) -> DataTable[str]:
        return self.query_one("#mapping", DataTable)

    @property
    def meaning_select(self) -> Select[str]:
        return self.query_one("#meaning", Select)

    def compose(self) -> ComposeResult:
        targets: list[tuple[str, int]] = []
        if self.survey is not None:
            targets.append((self.survey.title, self.survey.id))
        targets.append((t("New survey from the file"), NEW))
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Import survey responses")
            yield Input(placeholder=t("Path to the CSV or XLSX export"), id="import-path", compact=True)
            with Horizontal(id="import-options"):
                yield Select(targets, value=targets[0][1], allow_blank=False, id="import-target", compact=True)
                yield Select([(t("no e-mail or phone matching"), NO_MATCH), (t("match by e-mail"), "email"),
                              (t("match by phone"), "phone")], value=NO_MATCH,
                             allow_blank=False, id="import-match", compact=True)
            yield Static("", id="match-note", markup=False)
            yield Input(placeholder=t("Title of the new survey (default: the file name)"), id="import-title", compact=True)
            yield Static(t("Enter the path and press Enter to see how columns map to questions."), id="import-status", markup=False)
            table: DataTable[str] = DataTable(id="mapping", cursor_type="row", zebra_stripes=True)
            yield table
            with Horizontal(id="meaning-row"):
                yield Label("", id="meaning-label", markup=False)
                yield Select(_targets(None), allow_blank=False, id="meaning", compact=True)
            with Horizontal(id="buttons"):
                yield Button(t("Preview"), id="preview")
                yield Button(pt("surveys.tui.import.confirm", "Import"), id="confirm", variant="primary", disabled=True)
                yield Button(t("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self._columns([])
        self.query_one("#meaning-row").display = False
        self._note("")
        self._target_changed()
        self.path_input.focus()

    @on(Select.Changed, "#import-target")
    def _target_changed(self) -> None:
        new = self.query_one("#import-target", Select).value == NEW
        self.query_one("#import-title", Input).display = new
        self._refresh()

    @on(Select.Changed, "#import-match")
    def _match_changed(self, event: Select.Changed) -> None:
        if event.value != self._match_set:
            self.match_touched = True
            self._note("")
        self._refresh()

    def _refresh(self) -> None:
        """A changed option shows its preview again at once (once a file has been previewed)."""
        self._forget_plan()
        if self.previewed and self.path_input.value.strip():
            self.action_preview()

    @on(Input.Changed)
    def _forget_plan(self) -> None:
        self.plan = None
        self.query_one("#confirm", Button).disabled = True

    @on(Input.Submitted)
    @on(Button.Pressed, "#preview")
    def action_preview(self) -> None:
        path = self.path_input.value.strip()
        if not path:
            self._status(t("Enter the path to the file."))
            return
        target = self.query_one("#import-target", Select).value
        title = self.query_one("#import-title", Input).value.strip() or Path(path).stem
        match = self.query_one("#import-match", Select).value
        if not self.match_touched and path != self._proposed_for:
            match = NO_MATCH  # the match proposed for another file
        if path != self._overrides_for:
            self.overrides, self._overrides_for = {}, path  # another file's columns
        self._previewing = path
        self.previewed = True
        self._status(t("Reading the file…"))
        survey_id = target if isinstance(target, int) and target != NEW else None
        self._plan(Path(path).expanduser(), survey_id, title if survey_id is None else None,
                   None if match == NO_MATCH else str(match), [f"{h}={v}" for h, v in self.overrides.items()])

    @work(thread=True, exclusive=True, exit_on_error=False, group="survey-import-plan")
    def _plan(self, path: Path, survey_id: int | None, title: str | None, match: str | None,
              mapping: list[str]) -> None:
        with self.store.session() as db:
            plan = surveys.plan_import(db, path, survey_id, title, match, mapping=mapping)
            superseded = superseded_by(db, plan)
        self.post_message(PlanReady(plan, superseded))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.error is not None:
            self._status(describe(event.worker.error))
            self._correcting = False

    @on(PlanReady)
    def _plan_ready(self, message: PlanReady) -> None:
        plan = self.plan = message.plan
        if not self.match_touched and self._propose_match(plan):
            return  # planned again with the proposed match: that plan is the one shown
        rows = []
        for column in plan.columns:
            if column.role == "question" and column.question:
                question, kind = column.question.text, type_label(column.question.type, column.question.labels)
            elif column.role == "identity":
                question, kind = "—", t("who answered: {field}", field=field_label(column.field))
            else:
                question, kind = "—", t(_SURVEYS_TUI_IMPORT_ROLE[column.role])
            rows.append((column.header, question, kind))
        self._show_mapping(plan, rows)
        self._status(t("{format} export. New responses: {imported} (replacing a parent's earlier answer: {superseded}), already imported: {duplicates}, matched to guardians: {matched}, answers kept as other: {others}, columns without a question: {unmatched}. Nothing is written until you press Import.", format=t(_SURVEYS_FORMAT[plan.kind]),
                       superseded=message.superseded, imported=len(plan.rows), duplicates=plan.duplicates,
                       matched=plan.matched, others=len(plan.warnings),
                       unmatched=len(plan.unmatched_columns)) + _matched_by(plan) + _doubts(plan))
        confirm = self.query_one("#confirm", Button)
        confirm.disabled = not plan.rows
        if plan.rows and not self._correcting:
            confirm.focus()
        self._correcting = False

    def _show_mapping(self, plan: ImportPlan, rows: list[tuple[str, str, str]]) -> None:
        """The columns with what each is read as; the cursor stays on the column it was on."""
        row = self.mapping.cursor_row
        self._columns(rows)
        for column, cells in zip(plan.columns, rows, strict=True):
            self.mapping.add_row(*cells, height=None, key=str(column.index))  # long ones wrap, whole
        self.query_one("#meaning-row").display = bool(rows)
        if rows:
            self.mapping.move_cursor(row=min(max(row, 0), len(rows) - 1))
            self.column = plan.columns[self.mapping.cursor_row]
        self._show_meaning()

    @on(DataTable.RowHighlighted, "#mapping")
    def _column_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.plan is not None and event.row_key.value is not None:
            self.column = next((c for c in self.plan.columns if str(c.index) == event.row_key.value), None)
            self._show_meaning()

    def _show_meaning(self) -> None:
        """«Read «Ваше ФИО» as: the respondent's full name», for the highlighted column."""
        column = self.column
        if column is None:
            return
        self.query_one("#meaning-label", Label).update(t("Read «{header}» as:", header=excerpt(column.header, 24)))
        with self.prevent(Select.Changed):
            self.meaning_select.set_options(_targets(column))
            self.meaning_select.value = column.target or column.role

    @on(Select.Changed, "#meaning")
    def _meaning_chosen(self, event: Select.Changed) -> None:
        """The teacher says what the column is: previewed again at once, read so by the import.
        A field goes to one column: another column she gave it is read as found again."""
        column, value = self.column, str(event.value)
        if column is None or value == (column.target or column.role):
            return
        if value in TARGETS:
            for header, other in list(self.overrides.items()):
                if other == value and value in FIELDS:
                    del self.overrides[header]
            self.overrides[column.header] = value
        else:
            self.overrides.pop(column.header, None)  # the timestamp, the response number, as found
        self._correcting = True
        self._refresh()

    def _propose_match(self, plan: ImportPlan) -> bool:
        """Match respondents by the contact column the file has (e-mail, else phone) until the
        teacher chooses otherwise, and say so under the choice; True if that changes the choice
        (the file is then planned again)."""
        proposed = plan.matchable[0] if plan.matchable else NO_MATCH
        self._proposed_for = self._previewing
        column = plan.contact_column(proposed) if proposed != NO_MATCH else None
        self._note(t("Parents are recognised by the file's column «{column}».", column=column.header) if column else "")
        select = self.query_one("#import-match", Select)
        if select.value == proposed:
            return False
        self._match_set = proposed
        select.value = proposed
        return True

    def _columns(self, rows: list[tuple[str, str, str]]) -> None:
        """The mapping's columns, sized to the dialog: the type whole, the rest shared by the
        file's column and its question (long ones wrap onto more lines)."""
        table = self.mapping
        headers = (t("Column"), t("Question"), t("Type"))
        kind = max(cell_len(text) for text in (headers[2], *(row[2] for row in rows)))
        room = max(20, table.size.width - 2 - 3 * 2 * table.cell_padding - kind)  # the scrollbar, padding
        longest = max((cell_len(row[0]) for row in rows), default=cell_len(headers[0]))
        column = min(max(longest, cell_len(headers[0])), room // 2)
        table.clear(columns=True)
        for header, width in zip(headers, (column, room - column, kind), strict=True):
            table.add_column(header, width=width)

    def _note(self, text: str) -> None:
        """The line under the matching choice, taking no room when it has nothing to say."""
        note = self.query_one("#match-note", Static)
        note.update(text)
        note.display = bool(text)

    def _status(self, text: str) -> None:
        self.query_one("#import-status", Static).update(text)

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        if self.plan is not None and self.plan.rows:
            self.dismiss(self.plan)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
