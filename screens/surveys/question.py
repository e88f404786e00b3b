"""Correcting a question's type after an import guessed wrong (`t` in the Surveys section)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select

from outreach import surveys
from outreach.common.i18n import N_, t
from outreach.surveys.identity import WHO_FIELDS, field_label
from outreach.surveys.model import question_blocks, type_label
from outreach_screens.bindings import LocalizedModalScreen

REREAD = N_("The answers are read again: nothing is lost, what fits no option is kept as other.")
REMOVED = N_("The question is removed with its answers; responses without a parent are matched again by them.")


@dataclass(frozen=True)
class Retype:
    """The question chosen (a grid: all its rows) and its new type, for the caller to save."""

    text: str
    question_ids: list[int]
    type: str  # a question type, or identity.WHO_FIELDS: the question is who answered


class QuestionTypeDialog(LocalizedModalScreen[Retype | None]):
    """Choose a question (a grid once, as the survey lists it) and its type."""

    CSS_PATH = Path(__file__).with_name("question.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="survey_question.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="survey_question.save"),
    ]

    def __init__(self, survey: surveys.Survey) -> None:
        super().__init__()
        self.survey = survey
        self.blocks = [(grid or rows[0][1], [q for q, _ in rows]) for grid, rows in question_blocks(survey.questions)]

    @property
    def question_select(self) -> Select[int]:
        return self.query_one("#question-choice", Select)

    @property
    def type_select(self) -> Select[str]:
        return self.query_one("#question-type", Select)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Question type")
            yield Label(t("Question"))
            yield Select([(text, index) for index, (text, _) in enumerate(self.blocks)], value=0,
                         allow_blank=False, id="question-choice")
            yield Label(t("Type"))
            yield Select([(type_label(x), x) for x in surveys.TYPES]
                         + [(t("who answered: {field}", field=field_label(f)), f) for f in WHO_FIELDS],
                         value=self.blocks[0][1][0].type,
                         allow_blank=False, id="question-type")
            yield Label(t(REREAD), id="question-hint")
            with Horizontal(id="buttons"):
                yield Button(t("Save"), id="save", variant="primary")
                yield Button(t("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.question_select.focus()

    @on(Select.Changed, "#question-choice")
    def _question_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.type_select.value = self.blocks[event.value][1][0].type

    @on(Select.Changed, "#question-type")
    def _type_chosen(self, event: Select.Changed) -> None:
        """The hint says what saving does: the answers read again, or the question removed."""
        self.query_one("#question-hint", Label).update(t(REMOVED if event.value in WHO_FIELDS else REREAD))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        block, qtype = self.question_select.value, self.type_select.value
        if isinstance(block, int) and isinstance(qtype, str):
            text, questions = self.blocks[block]
            self.dismiss(Retype(text, [q.saved_id for q in questions], qtype))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
