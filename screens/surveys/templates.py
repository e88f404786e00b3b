"""Choosing the template of a new survey (`n` in the Surveys section)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from outreach.common.collation import russian_order_key
from outreach.common.i18n import N_, current_language, t, tn
from outreach.surveys.model import TemplateInfo
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.messages.pickers import language_note
from outreach_screens.widgets.prose import WholePhrases


class SurveyTemplatePicker(LocalizedModalScreen[TemplateInfo | None]):
    """The shipped templates, the interface language's first; enter chooses, escape cancels."""

    CSS_PATH = Path(__file__).with_name("templates.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="survey_templates.close"),
    ]

    def __init__(self, templates: list[TemplateInfo]) -> None:
        super().__init__()
        language = current_language()
        self.templates = sorted(templates, key=lambda x: (x["lang"] != language, russian_order_key(x["title"])))

    @property
    def options(self) -> OptionList:
        return self.query_one("#survey-template-list", OptionList)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("New survey from a template")
            yield OptionList(*[Option(WholePhrases(template_label(x))) for x in self.templates],
                             id="survey-template-list")
            yield Label(t("arrows choose · enter creates the survey · esc cancels"), id="survey-template-hint")

    def on_mount(self) -> None:
        self.options.highlighted = 0 if self.templates else None
        self.options.focus()

    @on(OptionList.OptionSelected, "#survey-template-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.templates[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)


def template_label(template: TemplateInfo) -> str:
    """«Каналы связи с родителями · 6 вопросов»; a template in another language than the
    interface's says which («How to reach parents · на английском · 6 вопросов»). The count
    and its word are joined by a no-break space: a wrapped line never starts with «вопросов»."""
    parts = [template["title"]]
    if template["lang"] != current_language():
        parts.append(language_note(template["lang"]))
    parts.append(tn("{n} question", "{n} questions", template["questions"]).replace(" ", "\u00a0"))
    return " · ".join(parts)
