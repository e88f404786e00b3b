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
from outreach.common.i18n import t
from outreach.surveys.importer import ImportPlan, superseded_by
from outreach.surveys.model import type_label
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.failures import describe
from outreach_screens.store import Store

_SURVEYS_TUI_IMPORT_ROLE = {"timestamp": "surveys.tui.import.role.timestamp", "id": "surveys.tui.import.role.id", "contact": "surveys.tui.import.role.contact", "unmatched": "surveys.tui.import.role.unmatched", "meta": "surveys.tui.import.role.meta", "question": "surveys.tui.import.role.question"}

_SURVEYS_FORMAT = {"google": "surveys.format.google", "yandex": "surveys.format.yandex", "limesurvey": "surveys.format.limesurvey"}

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
        Binding("escape", "cancel", "tui.key.cancel", id="survey_import.cancel"),
        Binding("ctrl+s", "confirm", "surveys.tui.key.confirm_import", id="survey_import.confirm"),
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
        targets.append((t("surveys.tui.import.new_survey"), NEW))
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("surveys.tui.import.title")
            yield Input(placeholder=t("surveys.tui.import.path"), id="import-path")
            with Horizontal(id="import-options"):
                yield Select(targets, value=targets[0][1], allow_blank=False, id="import-target", compact=True)
                yield Select([(t("surveys.tui.import.no_match"), NO_MATCH), ("e-mail", "email"),
                              (t("surveys.tui.import.phone"), "phone")], value=NO_MATCH,
                             allow_blank=False, id="import-match", compact=True)
            yield Input(placeholder=t("surveys.tui.import.new_title"), id="import-title")
            yield Static(t("surveys.tui.import.hint"), id="import-status", markup=False)
            table: DataTable[str] = DataTable(id="mapping", cursor_type="row", zebra_stripes=True)
            yield table
            with Horizontal(id="buttons"):
                yield Button(t("surveys.tui.import.preview"), id="preview")
                yield Button(t("surveys.tui.import.confirm"), id="confirm", variant="primary", disabled=True)
                yield Button(t("tui.button.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.mapping.add_columns(t("surveys.tui.import.col_column"), t("surveys.tui.import.col_question"),
                                 t("surveys.tui.import.col_type"))
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
            self._status(t("surveys.tui.import.path_required"))
            return
        target = self.query_one("#import-target", Select).value
        title = self.query_one("#import-title", Input).value.strip() or Path(path).stem
        match = self.query_one("#import-match", Select).value
        self.previewed = True
        self._status(t("surveys.tui.import.reading"))
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
        self._status(t("surveys.tui.import.summary", format=t(_SURVEYS_FORMAT[plan.kind]),
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
