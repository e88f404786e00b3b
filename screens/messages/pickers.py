"""Modals of the Messages section: choose a template, a guardian, the child a message is about,
the groups it is for."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option

from outreach.common.i18n import N_, NP_, current_language, t
from outreach.messages.templates import Template
from outreach.roster.records import Child, Guardian
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.messages.draft import child_words
from outreach_screens.store import Store
from outreach_screens.widgets.guardian_finder import GuardianFinder
from outreach_screens.widgets.paged_table import PagedTable

SEARCH_DELAY = 0.2


def _season_names() -> dict[str, str]:
    return {
        "spring": t("spring"),
        "summer": t("summer"),
        "autumn": t("autumn"),
        "winter": t("winter"),
    }


def language_note(lang: str) -> str:
    """«на английском» for a text written in `lang`."""
    return {"ru": t("in Russian"), "en": t("in English")}.get(lang, lang)


def template_label(template: Template) -> str:
    """Title, season and (when not the interface's) language in words; the slug is for scripts."""
    season = _season_names().get(template.season)
    label = f"{template.title} ({season})" if season else template.title
    if template.lang != current_language():
        label += f" · {language_note(template.lang)}"
    if template.source == "user":
        label += f" · {t('mine')}"
    return label


def matches(template: Template, text: str) -> bool:
    """Case-insensitive (Cyrillic too) search over title, slug, language, season (its code and
    its name) and tags."""
    words = text.casefold().split()
    haystack = " ".join([template.title, template.slug, template.lang, template.season,
                         _season_names().get(template.season, ""), *template.tags]).casefold()
    return all(word in haystack for word in words)


class TemplatePicker(LocalizedModalScreen[Template | None]):
    """Type to filter the templates of both languages; enter chooses."""

    CSS_PATH = Path(__file__).with_name("pickers.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="messages.picker.close"),
        Binding("down", "to_list", show=False, id="messages.picker.down"),
    ]

    def __init__(self, found: list[Template]) -> None:
        super().__init__()
        language = current_language()
        self.found = sorted(found, key=lambda tpl: (tpl.lang != language, tpl.source != "user"))
        self.shown: list[Template] = list(self.found)

    @property
    def search_input(self) -> Input:
        return self.query_one("#template-search", Input)

    @property
    def options(self) -> OptionList:
        return self.query_one("#template-list", OptionList)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Choose a template")
            yield Input(placeholder=t("search by title, name, season or tag (both languages)"), id="template-search",
                        compact=True)
            yield OptionList(id="template-list")
            yield Label(t("type to filter · ↓ to the list · enter choose · esc close"), id="picker-hint")

    def on_mount(self) -> None:
        self._fill("")
        self.search_input.focus()

    def _fill(self, text: str) -> None:
        self.shown = [tpl for tpl in self.found if matches(tpl, text)]
        options = self.options
        options.clear_options()
        options.add_options([Option(Content(template_label(tpl))) for tpl in self.shown])
        if self.shown:
            options.highlighted = 0

    @on(Input.Changed, "#template-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#template-search")
    def _submitted(self) -> None:
        self._choose(self.options.highlighted)

    @on(OptionList.OptionSelected, "#template-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int | None) -> None:
        if index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.shown[index])

    def action_to_list(self) -> None:
        self.options.focus()

    def action_close(self) -> None:
        self.dismiss(None)


class GuardianPicker(LocalizedModalScreen[Guardian | None]):
    """The roster's paged table with search; enter chooses the highlighted guardian."""

    CSS_PATH = Path(__file__).with_name("pickers.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="messages.guardian.close"),
        Binding("enter", "choose", N_("Choose"), id="messages.guardian.choose"),
    ]

    def __init__(self, store: Store, title: str, group: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.title_text = title
        self.group = group

    @property
    def search_input(self) -> Input:
        return self.query_one(GuardianFinder).search_input

    @property
    def table(self) -> PagedTable:
        return self.query_one(GuardianFinder).table

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = self.title_text
            yield GuardianFinder(self.store, table_id="guardian-table",
                                 placeholder=t("search by name, phone or e-mail"),
                                 group=self.group, choose_group=False, search_delay=SEARCH_DELAY)

    def on_mount(self) -> None:
        self.search_input.focus()

    def action_choose(self) -> None:
        row = self.table.highlighted_row
        if row is not None:
            self.dismiss(row.data)

    def action_close(self) -> None:
        self.dismiss(None)


class GroupsPicker(LocalizedModalScreen[list[str] | None]):
    """Tick the groups a message is for (space), enter takes them, Esc changes nothing."""

    CSS_PATH = Path(__file__).with_name("pickers.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="messages.groups.close"),
        Binding("enter", "done", NP_("messages.tui.groups.key.done", "Done"), id="messages.groups.done", priority=True),
    ]

    def __init__(self, groups: list[str], chosen: list[str]) -> None:
        super().__init__()
        self.groups = groups
        self.chosen = chosen

    @property
    def options(self) -> SelectionList[str]:
        return self.query_one("#groups-list", SelectionList)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Which groups is the message for?")
            yield SelectionList[str](*((group, group, group in self.chosen) for group in self.groups),
                                     id="groups-list")
            yield Label(t("space tick · enter done · esc close"), id="picker-hint")

    def on_mount(self) -> None:
        self.options.focus()

    def action_done(self) -> None:
        ticked = set(self.options.selected)
        self.dismiss([group for group in self.groups if group in ticked])

    def action_close(self) -> None:
        self.dismiss(None)


class ChildPicker(LocalizedModalScreen[Child | None]):
    """Which of a parent's children the message is about; Esc leaves it unsaid (None)."""

    CSS_PATH = Path(__file__).with_name("pickers.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("No child in particular"), id="messages.child.close"),
    ]

    def __init__(self, guardian: Guardian) -> None:
        super().__init__()
        self.guardian = guardian

    @property
    def options(self) -> OptionList:
        return self.query_one("#child-list", OptionList)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = t("Which child is the message about?")
            yield Label(self.guardian.full_name, id="child-parent", markup=False)
            yield OptionList(*(Option(Content(child_words(child))) for child in self.guardian.students),
                             id="child-list")
            yield Label(t("enter choose · esc none in particular (the first by name)"), id="picker-hint")

    def on_mount(self) -> None:
        self.options.highlighted = 0
        self.options.focus()

    @on(OptionList.OptionSelected, "#child-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.guardian.students[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)
