"""Manual entry of paper questionnaires: one form per questionnaire, keyboard only."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, RadioButton, RadioSet, SelectionList, Static
from textual.worker import Worker

from outreach import surveys
from outreach.common.i18n import N_, t
from outreach.roster.records import Guardian
from outreach.surveys.model import question_blocks
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.failures import describe
from outreach_screens.messages.pickers import GuardianPicker
from outreach_screens.store import Store
from outreach_screens.widgets.form_scroll import FormScroll


class QuestionnaireSaved(Message):
    def __init__(self, response_id: int) -> None:
        super().__init__()
        self.response_id = response_id


class SurveyEntryScreen(LocalizedModalScreen[int]):
    """Tab moves between questions; arrows and enter/space choose, or a digit (a scale's «4»
    as the paper reads); ctrl+s saves and clears the form for the next questionnaire; escape
    closes (dismissing with the count saved)."""

    CSS_PATH = Path(__file__).with_name("entry.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="survey_entry.save"),
        Binding("ctrl+f", "find", N_("Find respondent"), tooltip=N_("Find the guardian who filled in the form by any part of the name"), id="survey_entry.find"),
        Binding("escape", "close", N_("Close"), id="survey_entry.close"),
    ]

    def __init__(self, store: Store, survey: surveys.Survey) -> None:
        super().__init__()
        self.store = store
        self.survey = survey
        self.saved = 0
        self._typed: tuple[RadioSet | SelectionList[int], str, int] | None = None  # the digits typed last, the option chosen

    @property
    def guardian_input(self) -> Input:
        return self.query_one("#entry-guardian", Input)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Paper questionnaire · {title}", title=self.survey.title)
            with FormScroll(id="entry-form"):
                yield Label(t("Respondent (optional)"))
                yield Input(placeholder=t("name, guardian id, e-mail or phone; ctrl+f finds in the roster"), id="entry-guardian")
                for grid, rows in question_blocks(self.survey.questions):
                    if grid is not None:  # a grid's title once, its rows under it
                        yield Label(grid, classes="question", markup=False)
                    for q, text in rows:
                        yield from self._question(q, text, "question" if grid is None else "grid-row")
            yield Static(t("tab next question · arrows and enter or a digit choose · space ticks · ctrl+s save · esc close"), id="entry-status", markup=False)

    @staticmethod
    def _question(q: surveys.Question, text: str, kind: str) -> ComposeResult:
        """A question's label (`kind`: its CSS class) and the field that answers it."""
        yield Label(text, classes=kind, markup=False)
        if q.type == "multiple":
            yield SelectionList[int](*[(o.label, o.saved_id) for o in q.options], id=f"q-{q.id}", classes=kind)
        elif q.type == "text":
            yield Input(id=f"q-{q.id}", classes=kind)
        else:
            with RadioSet(id=f"q-{q.id}", classes=kind):
                for o in q.options:
                    yield RadioButton(o.label)

    def on_mount(self) -> None:
        self.guardian_input.focus()

    def on_key(self, event: events.Key) -> None:
        """A digit chooses that option of the focused question: the option so named (a
        scale's «4»), else the one in that place; in a list of several it ticks or unticks it.
        A second digit that makes an option's name with the first («1», «0» on a 1–10 scale)
        chooses that option instead."""
        focused = self.focused
        if not (event.character and event.character.isdigit()) or not isinstance(focused, RadioSet | SelectionList):
            return
        labels = ([str(b.label) for b in focused.query(RadioButton)] if isinstance(focused, RadioSet)
                  else [str(focused.get_option_at_index(i).prompt) for i in range(focused.option_count)])
        earlier = self._typed if self._typed is not None and self._typed[0] is focused else None
        if earlier is not None and earlier[1] + event.character in labels and self._still_chosen(focused, earlier[2]):
            typed, undo = earlier[1] + event.character, earlier[2]
            index = labels.index(typed)
        else:
            typed, undo = event.character, None
            index = labels.index(typed) if typed in labels else int(typed) - 1
        if not 0 <= index < len(labels):
            return
        event.stop()
        self._typed = (focused, typed, index)
        if isinstance(focused, RadioSet):
            list(focused.query(RadioButton))[index].value = True
            return
        if undo is not None:
            focused.toggle(focused.get_option_at_index(undo).value)
        focused.highlighted = index
        focused.toggle(focused.get_option_at_index(index).value)

    @staticmethod
    def _still_chosen(question: RadioSet | SelectionList[int], index: int) -> bool:
        """Whether the option a digit chose is still chosen (nothing changed it since)."""
        if isinstance(question, RadioSet):
            return question.pressed_index == index
        return question.get_option_at_index(index).value in question.selected

    def action_find(self) -> None:
        self.app.push_screen(GuardianPicker(self.store, t("Who filled in this questionnaire?")), self._found)

    def _found(self, chosen: Guardian | None) -> None:
        if chosen is not None:
            self.guardian_input.value = str(chosen.id)
            self.query_one("#entry-status", Static).update(t("Respondent: {name} (no. {id}).", id=chosen.id, name=chosen.full_name))
            self.guardian_input.focus()

    def answers(self) -> dict[int, str | list[str]]:
        """What the form holds now, as `add_response` takes it."""
        result: dict[int, str | list[str]] = {}
        for q in self.survey.questions:
            widget = self.query_one(f"#q-{q.id}")
            if isinstance(widget, SelectionList):
                chosen = set(widget.selected)
                labels = [o.label for o in q.options if o.id in chosen]
                if labels:
                    result[q.saved_id] = labels
            elif isinstance(widget, Input):
                if widget.value.strip():
                    result[q.saved_id] = widget.value
            elif isinstance(widget, RadioSet) and widget.pressed_index >= 0:
                result[q.saved_id] = q.options[widget.pressed_index].label
        return result

    def action_save(self) -> None:
        self._save(self.guardian_input.value, self.answers())

    @work(thread=True, exclusive=True, exit_on_error=False, group="survey-entry")
    def _save(self, respondent: str, answers: dict[int, str | list[str]]) -> None:
        with self.store.session() as db:
            guardian = surveys.find_guardian(db, respondent)
            rid = surveys.add_response(db, self.survey.id, answers, guardian_id=guardian)
        self.post_message(QuestionnaireSaved(rid))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.error is not None:
            self.query_one("#entry-status", Static).update(describe(event.worker.error))

    @on(QuestionnaireSaved)
    async def _saved(self, message: QuestionnaireSaved) -> None:
        self.saved += 1
        await self.recompose()
        self.query_one("#entry-status", Static).update(
            t("Questionnaire saved as response {id} ({count} this session); the form is clear for the next one.", id=message.response_id, count=self.saved))
        self.guardian_input.focus()

    def unsaved_work(self) -> str | None:
        """The questionnaire on the screen, when anything is filled in (for quitting)."""
        if not self.guardian_input.value.strip() and not self.answers():
            return None
        return t("A paper questionnaire of «{title}» is filled in and not saved.", title=self.survey.title)

    def flush_work(self) -> None:
        """A half-filled questionnaire is not saved by itself (a slip must not become an answer)."""

    def action_close(self) -> None:
        """Esc closes; a questionnaire filled in and not saved, only after asking (Esc is
        pressed to leave a field as often as to leave the form)."""
        if self.unsaved_work() is None:
            self.dismiss(self.saved)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(self.saved)

        self.app.push_screen(ConfirmScreen(
            t("Paper questionnaire · {title}", title=self.survey.title),
            t("The answers on the screen are not saved: ctrl+s saves them."),
            t("Close the questionnaire without saving it?"), t("Do not save"), danger=True), answered)
