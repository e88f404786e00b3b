"""The Messages section's options under the editor: audience, mode, free variables, broadcast.

The widget owns these choices and says so by message (`ComposeOptions.Changed`); the screen
reads them back (`specs`, `mode`, `broadcast`, `values`) to build its draft. Choosing a group
here becomes the app's group, as in the roster's finder.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList

from outreach.common.channel_names import BROADCAST, channel_label
from outreach.common.i18n import N_, current_language, t
from outreach.messages import compose
from outreach.messages.template_tokens import variable_words
from outreach.roster.records import Guardian
from outreach_screens.messages.draft import AUDIENCE_KINDS, ChosenParent, audience_specs
from outreach_screens.messages.pickers import ChildPicker, GroupsPicker, GuardianPicker
from outreach_screens.store import Store
from outreach_screens.widgets.widget_message import WidgetMessage

_MESSAGES_TUI_AUDIENCE = {
    "all": N_("everyone"),
    "group": N_("a group"),
    "groups": N_("several groups"),
    "guardian": N_("chosen parents"),
    "not-answered": N_("did not answer survey"),
    "choose": N_("choose parents… ({count} chosen)"),
    "pick_title": N_("Add or remove a parent (enter)"),
    "choose_groups": N_("choose groups… ({count} chosen)"),
}

_MESSAGES_TUI_MODE = {"preferred": N_("preferred channel"), "duplicate": N_("every channel"), "tip": N_("preferred: the first reachable channel per parent; every channel: duplicate on all")}

ALL = "all"


NAME_WIDTH = 22
"""The widest a free variable's name gets beside its field (a longer one wraps)."""


class ComposeOptions(Horizontal):
    """Audience kind and value (or chosen guardians), mode, the free variables and broadcast."""

    DEFAULT_CSS = """
    ComposeOptions {
        height: 5;
        margin: 0 1;

        #choices {
            width: 1fr;
            height: 5;
            .row {
                height: 1;
            }
            #audience-kind, #mode {
                width: 24;
            }
            #audience-value {
                width: 1fr;
                margin-left: 1;
            }
            #pick-guardians, #pick-groups {
                width: 1fr;
                margin-left: 1;
            }
            #saved {
                width: 1fr;
                margin-left: 1;
                color: $text-muted;
            }
        }
        #variables {
            height: 3;
            border-top: solid $primary 30%;
            border-title-color: $text-muted;
            .var-name {
                width: 16;  /* show_variables widens it for the longest name, up to NAME_WIDTH */
                height: auto;
                padding-right: 1;
                color: $text-accent;
            }
            .var-value {
                width: 1fr;
            }
            .row {
                height: auto;  /* a long name («ссылка на видеовстречу») wraps, whole */
            }
        }
        #broadcast {
            width: 22;
            height: 5;
            margin-left: 1;
            border-top: solid $primary 30% !important;  /* compact lists drop borders !important */
            border-title-color: $text-muted;
        }
    }
    """

    class Changed(WidgetMessage["ComposeOptions"]):
        """Something the draft depends on changed; `audience` when its recipients may have;
        `added`: the parent just chosen (the preview shows theirs)."""

        def __init__(self, options: ComposeOptions, audience: bool, added: Guardian | None = None) -> None:
            super().__init__(options)
            self.audience = audience
            self.added = added

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.groups: list[str] = []
        self.polls: list[tuple[str, int]] = []
        self.group: str | None = None
        self.kind = ALL
        self.chosen: list[ChosenParent] = []
        self.chosen_groups: list[str] = []
        self.values: dict[str, str] = {}
        self.names: list[str] = []
        self.audience_fixed = False
        """Once the teacher chose the audience (or a template), it belongs to the draft."""

    # -- typed accessors ----------------------------------------------------------------

    @property
    def audience_kind(self) -> Select[str]:
        return self.query_one("#audience-kind", Select)

    @property
    def audience_value(self) -> Select[str]:
        return self.query_one("#audience-value", Select)

    @property
    def pick_button(self) -> Button:
        return self.query_one("#pick-guardians", Button)

    @property
    def groups_button(self) -> Button:
        return self.query_one("#pick-groups", Button)

    @property
    def mode_select(self) -> Select[str]:
        return self.query_one("#mode", Select)

    @property
    def broadcast_list(self) -> SelectionList[str]:
        return self.query_one("#broadcast", SelectionList)

    @property
    def variables_box(self) -> VerticalScroll:
        return self.query_one("#variables", VerticalScroll)

    @property
    def saved_label(self) -> Label:
        return self.query_one("#saved", Label)

    # -- what the draft reads --------------------------------------------------------------

    @property
    def specs(self) -> tuple[str, ...]:
        """The `--audience` values for the current choice."""
        kind = str(self.audience_kind.value)
        value = self.audience_value.value
        chosen = None if value is Select.NULL else str(value)
        return audience_specs(kind, chosen, self.chosen, self.chosen_groups)

    @property
    def mode(self) -> str:
        return str(self.mode_select.value)

    @property
    def broadcast(self) -> tuple[str, ...]:
        return tuple(self.broadcast_list.selected)

    @property
    def group_chosen(self) -> bool:
        return self.audience_kind.value == "group"

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="choices"):
            with Horizontal(classes="row"):
                yield Select(self._kind_options(), value=ALL, allow_blank=False,
                             id="audience-kind", compact=True,
                             tooltip=t("Who gets the message: everyone, a group or several, chosen parents, or those who did not answer a survey"))
                yield Select([], prompt="—", id="audience-value", compact=True)
                yield Button("", id="pick-guardians", compact=True)
                yield Button("", id="pick-groups", compact=True)
            with Horizontal(classes="row"):
                yield Select([(t(_MESSAGES_TUI_MODE[m]), m) for m in compose.MODES],
                             value="preferred", allow_blank=False, id="mode",
                             compact=True, tooltip=t("preferred: the first reachable channel per parent; every channel: duplicate on all"))
                yield Label("", id="saved", markup=False)
            yield VerticalScroll(id="variables", can_focus=False)  # its fields are the stops
        yield SelectionList[str](*((channel_label(c), c) for c in BROADCAST), id="broadcast",
                                 compact=True)

    def _kind_options(self) -> list[tuple[str, str]]:
        return [(t(_MESSAGES_TUI_AUDIENCE[kind]), kind) for kind in AUDIENCE_KINDS]

    def on_mount(self) -> None:
        self._title_broadcast()
        self.variables_box.border_title = t("values to fill in")
        self.variables_box.display = False
        self.group = getattr(self.app, "group", None)
        self._update_audience_widgets()
        self._changed(audience=False)

    # -- audience ------------------------------------------------------------------------

    def set_choices(self, groups: list[str], polls: list[tuple[str, int]]) -> None:
        """The roster's groups and the surveys, once loaded."""
        self.groups, self.polls = groups, polls
        self._apply_group()

    def follow_group(self, group: str | None) -> None:
        """Take up the app's group when it changed elsewhere, as long as the draft has not
        begun: a filter in another section never changes a message's audience."""
        if self.audience_fixed:
            return
        if group != self.group and self.audience_kind.value in (ALL, "group"):
            self.group = group
            self._apply_group()

    def _apply_group(self) -> None:
        with self.prevent(Select.Changed):
            if self.group in self.groups:
                self.audience_kind.value = self.kind = "group"
            elif self.audience_kind.value == "group":
                self.audience_kind.value = self.kind = ALL
        self._update_audience_widgets()
        self._changed(audience=True)

    def _update_audience_widgets(self) -> None:
        kind = self.audience_kind.value
        value, button = self.audience_value, self.pick_button
        value.display = kind in ("group", "not-answered")
        button.display = kind == "guardian"
        button.label = t("choose parents… ({count} chosen)", count=len(self.chosen))
        self.groups_button.display = kind == "groups"
        self.groups_button.label = t("choose groups… ({count} chosen)", count=len(self.chosen_groups))
        with self.prevent(Select.Changed):
            if kind == "group":
                value.set_options([(g, g) for g in self.groups])
                if self.group in self.groups:
                    value.value = self.group
            elif kind == "not-answered":
                value.set_options([(title, str(sid)) for title, sid in self.polls])

    @on(Select.Changed, "#audience-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value == self.kind:
            return
        self.audience_fixed = True
        self.kind = str(event.value)
        self._update_audience_widgets()
        if self.kind == ALL:
            self._set_app_group(None)
        self._show_chosen()
        self._changed(audience=True)

    @on(Select.Changed, "#audience-value")
    def _value_changed(self, event: Select.Changed) -> None:
        self.audience_fixed = True
        if self.kind == "group" and isinstance(event.value, str) and event.value != self.group:
            self._set_app_group(event.value)
        self._changed(audience=True)

    def _set_app_group(self, group: str | None) -> None:
        self.group = group
        if hasattr(self.app, "group"):
            self.app.group = group

    @on(Button.Pressed, "#pick-guardians")
    def _pick_guardians(self) -> None:
        self.app.push_screen(GuardianPicker(self.store, t("Add or remove a parent (enter)")), self._picked)

    @on(Button.Pressed, "#pick-groups")
    def _pick_groups(self) -> None:
        self.app.push_screen(GroupsPicker(self.groups, self.chosen_groups), self._groups_picked)

    def _groups_picked(self, groups: list[str] | None) -> None:
        if groups is None:
            return
        self.audience_fixed = True
        self.chosen_groups = groups
        self._update_audience_widgets()
        self._show_chosen()
        self._changed(audience=True)

    def _picked(self, guardian: Guardian | None) -> None:
        """A parent chosen already is taken off; of a parent with two or more children the
        teacher is asked which one the message is about."""
        if guardian is None:
            return
        if any(parent.id == guardian.id for parent in self.chosen):
            self._choose([parent for parent in self.chosen if parent.id != guardian.id])
        elif len(guardian.students) < 2:
            self._choose([*self.chosen, ChosenParent.of(guardian)], guardian)
        else:
            self.app.push_screen(ChildPicker(guardian), lambda child: self._choose(
                [*self.chosen, ChosenParent.of(guardian, child)], guardian))

    def _choose(self, chosen: list[ChosenParent], added: Guardian | None = None) -> None:
        self.audience_fixed = True
        self.chosen = chosen
        self._update_audience_widgets()
        self._show_chosen()
        self._changed(audience=True, added=added)

    def _show_chosen(self) -> None:
        """The parents or the groups chosen, as many as fit beside the mode."""
        labels = self.chosen_groups if self.kind == "groups" else [parent.label for parent in self.chosen]
        self.saved_label.update(fitted(labels, self.saved_label.size.width))

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_chosen)  # the list fitted to the label's new width

    # -- a kept draft ------------------------------------------------------------------------

    def state(self) -> dict[str, object]:
        """The choices as a draft keeps them (guardians and the children meant by id only)."""
        value = self.audience_value.value
        return {"kind": self.kind, "value": None if value is Select.NULL else str(value),
                "chosen": [parent.id for parent in self.chosen], "groups": list(self.chosen_groups),
                "children": {str(parent.id): parent.child.id for parent in self.chosen if parent.child},
                "mode": self.mode,
                "broadcast": list(self.broadcast), "values": dict(self.values)}

    def restore(self, state: dict[str, object], chosen: list[ChosenParent]) -> None:
        """Bring back a kept draft's choices (`chosen`: its guardians still in the roster)."""
        kind = str(state.get("kind") or ALL)
        value = state.get("value")
        self.audience_fixed = True
        self.chosen = chosen
        kept_groups = state.get("groups")
        self.chosen_groups = [g for g in kept_groups if g in self.groups] if isinstance(kept_groups, list) else []
        self.values = {str(k): str(v) for k, v in dict(state.get("values") or {}).items()}  # type: ignore[call-overload]
        with self.prevent(Select.Changed, SelectionList.SelectedChanged):
            if kind in AUDIENCE_KINDS:
                self.audience_kind.value = self.kind = kind
            if kind == "group" and value in self.groups:
                self.group = str(value)
            self._update_audience_widgets()
            if kind == "not-answered" and value in {str(sid) for _, sid in self.polls}:
                self.audience_value.value = str(value)
            if state.get("mode") in compose.MODES:
                self.mode_select.value = str(state["mode"])
            for channel in state.get("broadcast") or []:  # type: ignore[attr-defined]
                if channel in BROADCAST:
                    self.broadcast_list.select(channel)
        self._show_chosen()
        self._title_broadcast()
        self._changed(audience=True)

    # -- variables -----------------------------------------------------------------------

    def keep_values(self, declared: dict[str, str]) -> None:
        """Forget values for variables a newly chosen template does not declare."""
        self.values = {k: v for k, v in self.values.items() if k in declared}

    def fill(self, variables: dict[str, str]) -> None:
        """Fill in `variables`, in the values and in their fields."""
        self.values.update(variables)
        for field in self.query(".var-value").results(Input):
            if field.name in variables:
                field.value = variables[field.name]
        self._changed(audience=False)

    def value_field(self, name: str) -> Input | None:
        """The field of the free variable `name`, when the draft has one."""
        return next((field for field in self.query(".var-value").results(Input) if field.name == name), None)

    async def show_variables(self, names: list[str], hints: dict[str, str]) -> None:
        """One field per free variable, in `names` order, named by the word its token shows in
        the editor («дата» for `date`); the rest of the template's hint is the placeholder
        («например 25 сентября»), the whole hint the tooltip."""
        self.names = names
        box = self.variables_box
        await box.remove_children()
        words = {name: variable_words(hints, current_language()).get(name, name) for name in names}
        width = min(NAME_WIDTH, max([16, *(cell_len(word) + 1 for word in words.values())]))
        rows = []
        for name in names:
            label = Label(words[name], classes="var-name", markup=False)
            label.styles.width = width  # the fields in one column; a longer name wraps
            row = Horizontal(label,
                             Input(self.values.get(name, ""), placeholder=_beyond(hints.get(name, ""), words[name]),
                                   name=name, compact=True, classes="var-value",
                                   tooltip=hints.get(name) or words[name]),
                             classes="row")
            rows.append(row)
        if rows:
            await box.mount_all(rows)
        box.display = bool(rows)

    @on(Input.Changed, ".var-value")
    def _variable_changed(self, event: Input.Changed) -> None:
        if event.input.name:
            self.values[event.input.name] = event.value
            self._changed(audience=False)

    @on(SelectionList.SelectedChanged, "#broadcast")
    def _broadcast_changed(self) -> None:
        self._title_broadcast()
        self._changed(audience=False)

    def _title_broadcast(self) -> None:
        """The public posts' box says how many are ticked: none until the teacher ticks one."""
        count = len(self.broadcast_list.selected)
        self.broadcast_list.border_title = (t("public posts: {count}", count=count) if count
                                            else t("public posts: none"))

    @on(Select.Changed, "#mode")
    def _option_changed(self) -> None:
        self._changed(audience=False)

    def _changed(self, audience: bool, added: Guardian | None = None) -> None:
        self.post_message(self.Changed(self, audience, added))


def fitted(labels: list[str], width: int) -> str:
    """The labels joined, as many as fit `width` with «and N more» for the rest (all of them
    while the width is not known yet)."""
    whole = ", ".join(labels)
    if width <= 0 or cell_len(whole) <= width:
        return whole
    for shown in range(len(labels) - 1, 0, -1):
        text = ", ".join(labels[:shown]) + t(" and {count} more", count=len(labels) - shown)
        if cell_len(text) <= width:
            return text
    return labels[0] + t(" and {count} more", count=len(labels) - 1)


def _beyond(hint: str, word: str) -> str:
    """The hint without the field's own word at its start: «текст (можно в Markdown)» → «можно
    в Markdown», not the label said twice."""
    body = re.sub(r"^the\s+", "", hint)  # as the word was found (template_tokens.variable_words)
    rest = body[len(word):] if body.startswith(word) else hint
    return rest.strip().strip(",").strip().removeprefix("(").removesuffix(")").strip()
