"""The survey import wizard: file → column-to-question mapping and counts → confirm."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Select, Static
from textual.worker import Worker

from outreach import surveys
from outreach.common.i18n import N_, pt, t
from outreach.surveys.importer import ImportPlan, superseded_by
from outreach.surveys.model import type_label
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.failures import describe
from outreach_screens.store import Store

_SURVEYS_TUI_IMPORT_ROLE = {"timestamp": N_("timestamp"), "id": N_("response number"), "contact": N_("respondent contact"), "unmatched": N_("no such question: skipped"), "meta": N_("service column: skipped"), "question": N_("question")}

_SURVEYS_FORMAT = {"google": N_("Google Forms"), "yandex": N_("Yandex Forms"), "limesurvey": N_("LimeSurvey")}

NEW = 0
NO_MATCH = "none"


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

    @property
    def path_input(self) -> Input:
        return self.query_one("#import-path", Input)

    @property
    def mapping(self) -> DataTable[str]:
        return self.query_one("#mapping", DataTable)

    def compose(self) -> ComposeResult:
        targets: list[tuple[str, int]] = []
        if self.survey is not None:
            targets.append((self.survey.title, self.survey.id))
        targets.append((t("New survey from the file"), NEW))
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Import survey responses")
            yield Input(placeholder=t("Path to the CSV or XLSX export"), id="import-path")
            with Horizontal(id="import-options"):
                yield Select(targets, value=targets[0][1], allow_blank=False, id="import-target", compact=True)
                yield Select([(t("do not match respondents"), NO_MATCH), ("e-mail", "email"),
                              (t("phone"), "phone")], value=NO_MATCH,
                             allow_blank=False, id="import-match", compact=True)
            yield Input(placeholder=t("Title of the new survey (default: the file name)"), id="import-title")
            yield Static(t("Enter the path and press Enter to see how columns map to questions."), id="import-status", markup=False)
            table: DataTable[str] = DataTable(id="mapping", cursor_type="row", zebra_stripes=True)
            yield table
            with Horizontal(id="buttons"):
                yield Button(t("Preview"), id="preview")
                yield Button(pt("surveys.tui.import.confirm", "Import"), id="confirm", variant="primary", disabled=True)
                yield Button(t("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.mapping.add_columns(t("Column"), t("Question"),
                                 t("Type"))
        self._target_changed()
        self.path_input.focus()

    @on(Select.Changed, "#import-target")
    def _target_changed(self) -> None:
        new = self.query_one("#import-target", Select).value == NEW
        self.query_one("#import-title", Input).display = new
        self._refresh()

    @on(Select.Changed, "#import-match")
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
        self.previewed = True
        self._status(t("Reading the file…"))
        survey_id = target if isinstance(target, int) and target != NEW else None
        self._plan(Path(path).expanduser(), survey_id, title if survey_id is None else None,
                   None if match == NO_MATCH else str(match))

    @work(thread=True, exclusive=True, exit_on_error=False, group="survey-import-plan")
    def _plan(self, path: Path, survey_id: int | None, title: str | None, match: str | None) -> None:
        with self.store.session() as db:
            plan = surveys.plan_import(db, path, survey_id, title, match)
            superseded = superseded_by(db, plan)
        self.post_message(PlanReady(plan, superseded))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.error is not None:
            self._status(describe(event.worker.error))

    @on(PlanReady)
    def _plan_ready(self, message: PlanReady) -> None:
        plan = self.plan = message.plan
        table = self.mapping
        table.clear()
        for column in plan.columns:
            if column.role == "question" and column.question:
                question, kind = column.question.text, type_label(column.question.type)
            else:
                question, kind = "—", t(_SURVEYS_TUI_IMPORT_ROLE[column.role])
            table.add_row(column.header, question, kind)
        self._status(t("{format} export: {imported} new responses ({superseded} replace a parent's earlier answer), {duplicates} already imported, {matched} matched to guardians, {others} answers kept as other, {unmatched} columns without a question. Nothing is written until you press Import.", format=t(_SURVEYS_FORMAT[plan.kind]),
                       superseded=message.superseded, imported=len(plan.rows), duplicates=plan.duplicates,
                       matched=plan.matched, others=len(plan.warnings),
                       unmatched=len(plan.unmatched_columns)))
        confirm = self.query_one("#confirm", Button)
        confirm.disabled = not plan.rows
        if plan.rows:
            confirm.focus()

    def _status(self, text: str) -> None:
        self.query_one("#import-status", Static).update(text)

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        if self.plan is not None and self.plan.rows:
            self.dismiss(self.plan)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
