"""Find a guardian: a search box and a group choice over the roster's paged table.

The finder owns the filter: typing searches after a short pause (enter searches at once and
moves to the table), choosing a group filters by it and becomes the app's group, and the
group list is read in a worker. Widgets composed inside it sit between its toolbar and table.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Select
from textual.worker import Worker

from outreach.common.i18n import t
from outreach.roster import guardians as roster
from outreach.roster.records import Guardian
from outreach_screens.bindings import LocalizedScreen
from outreach_screens.failures import notify_failure
from outreach_screens.roster.rows import guardian_source, roster_columns
from outreach_screens.store import Store
from outreach_screens.widgets.paged_table import PagedTable
from outreach_screens.widgets.widget_message import WidgetMessage

ALL_GROUPS = "\x00all"
SEARCH_DELAY = 0.25


class GuardianFinder(Vertical):
    """A toolbar (`/` search, count, group) and a PagedTable of the guardians it matches."""

    DEFAULT_CSS = """
    GuardianFinder {
        height: 1fr;

        & > #toolbar {
            height: 1;
        }
        #search-key {
            width: 2;
            color: $text-accent;
            text-style: bold;
        }
        #search {
            width: 1fr;
        }
        #count {
            width: auto;
            padding: 0 2;
            color: $text-muted;
        }
        #group {
            width: 22;
        }
    }
    """

    class Loaded(WidgetMessage["GuardianFinder"]):
        """The table has counted and shown the guardians the filter matches."""

        def __init__(self, finder: GuardianFinder, count: int) -> None:
            super().__init__(finder)
            self.count = count

    class Highlighted(WidgetMessage["GuardianFinder"]):
        """The guardian under the table's cursor (None when the table is empty)."""

        def __init__(self, finder: GuardianFinder, guardian: Guardian | None) -> None:
            super().__init__(finder)
            self.guardian = guardian

    class FilterChanged(WidgetMessage["GuardianFinder"]):
        """The search text, the group or the consent filter changed; the table is reloading."""

        def __init__(self, finder: GuardianFinder, group_changed: bool) -> None:
            super().__init__(finder)
            self.group_changed = group_changed

    class _GroupsLoaded(Message):
        def __init__(self, names: list[str]) -> None:
            super().__init__()
            self.names = names

    def __init__(self, store: Store, *, table_id: str, placeholder: str, all_groups: str = "",
                 group: str | None = None, choose_group: bool = True,
                 search_delay: float = SEARCH_DELAY, children_elsewhere: str = "",
                 id: str | None = None) -> None:
        """`choose_group=False` keeps `group` fixed: no group choice, no count, no `/` hint;
        `children_elsewhere`: where else the children show (a narrow table leaves them out)."""
        super().__init__(id=id)
        self.store = store
        self.table_id = table_id
        self.placeholder = placeholder
        self.all_groups = all_groups
        self.choose_group = choose_group
        self.search_delay = search_delay
        self.children_elsewhere = children_elsewhere
        self.filter = roster.Filter(group=group)
        self.groups: list[str] = []
        self.groups_shown = False  # whether the Select has been given the groups (even none)
        self._between: list[Widget] = []
        self._search_timer: Timer | None = None
        self._wanted: int | None = None

    # -- typed accessors ----------------------------------------------------------------

    @property
    def table(self) -> PagedTable:
        return self.query_one(f"#{self.table_id}", PagedTable)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    @property
    def group_select(self) -> Select[str]:
        return self.query_one("#group", Select)

    @property
    def count_label(self) -> Label:
        return self.query_one("#count", Label)

    # -- layout -------------------------------------------------------------------------

    def compose_add_child(self, widget: Widget) -> None:
        """What the screen composes inside the finder goes between the toolbar and the table."""
        self._between.append(widget)

    def compose(self) -> ComposeResult:
        with Horizontal(id="toolbar"):
            if self.choose_group:
                yield Label("/", id="search-key")
            yield Input(placeholder=self.placeholder, id="search", compact=True)
            if self.choose_group:
                yield Label("", id="count")
                yield Select([(self.all_groups, ALL_GROUPS)], value=ALL_GROUPS,
                             allow_blank=False, id="group", compact=True,
                             tooltip=t("Show the guardians of one group"))
        yield from self._between
        table = PagedTable(roster_columns(self.children_elsewhere), id=self.table_id, empty_text=self._empty_text())
        table.tooltip = t("Parents: ↑↓ to move; the keys in the footer act on the highlighted one")
        yield table

    def _empty_text(self) -> str:
        if self.filter.no_consent_since:
            return t("Nobody to ask for consent here: every consent is under a year old (or withdrawn).")
        return t("No guardians here. Press i to import a roster or a to add one.")

    def on_mount(self) -> None:
        self.reload(keep_position=False)
        if self.choose_group:
            self.load_groups()

    # -- filter and search ----------------------------------------------------------------

    def reload(self, keep_position: bool = True) -> Worker[None]:
        """The rows again (the loading worker returned: keys typed meanwhile can wait for it)."""
        return self.table.load(guardian_source(self.store, self.filter), keep_position=keep_position)

    def set_filter(self, group: str | None, text: str | None) -> None:
        """The group and the search text; the consent filter stays as it is."""
        self._apply(replace(self.filter, group=group or None, text=(text or "").strip() or None))

    def set_no_consent_since(self, day: str | None) -> None:
        """Only the guardians with no consent given since the ISO `day` (None: everyone)."""
        self._apply(replace(self.filter, no_consent_since=day))

    def _apply(self, flt: roster.Filter) -> None:
        if flt == self.filter:
            return
        group_changed = flt.group != self.filter.group
        self.filter = flt
        self.table.empty_text = self._empty_text()
        self.reload(keep_position=False)
        self.post_message(self.FilterChanged(self, group_changed))

    def select_group(self, group: str | None) -> None:
        """Choose `group` (all groups when it is unknown) as if the teacher had."""
        self._choose(group if group in self.groups else None)

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(self.search_delay, self._apply_search)

    def _apply_search(self) -> None:
        self._search_timer = None
        self.set_filter(self.filter.group, self.search_input.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._apply_search()
        self.table.focus()

    @on(Select.Changed, "#group")
    def _group_changed(self, event: Select.Changed) -> None:
        self._choose(None if event.value in (ALL_GROUPS, Select.NULL) else str(event.value))

    def _choose(self, group: str | None) -> None:
        """The filter, the app's group and the list's shown value set together, at once: the
        group list reloaded (after a write) shows the filter's group, so a choice still on
        its way as a `Select.Changed` would leave the list showing another group than the
        filter, and choosing the group shown would then change nothing."""
        with self.prevent(Select.Changed):
            self.group_select.value = group if group in self.groups else ALL_GROUPS
        if hasattr(self.app, "group"):
            self.app.group = group
        self.set_filter(group, self.search_input.value)

    # -- the table ----------------------------------------------------------------------

    def show_guardian(self, guardian_id: int, text: str) -> None:
        """Search for `text` and put the cursor on `guardian_id` once the table has them (the
        consent filter off: the guardian may not match it)."""
        self._wanted = guardian_id
        self.search_input.value = text
        group = getattr(self.app, "group", self.filter.group)
        self._apply(roster.Filter(group=group, text=text.strip() or None))
        self._find_wanted()
        self.table.focus()

    def _find_wanted(self) -> None:
        if self._wanted is None or self.table.is_loading:
            return
        for index in range(self.table.row_count):
            row = self.table.row_at(index)
            if row is None:
                break
            if row.key == self._wanted:
                self.table.cursor = index
                self._wanted = None
                return

    @on(PagedTable.Loaded)
    def _table_loaded(self, event: PagedTable.Loaded) -> None:
        event.stop()
        self._find_wanted()
        self.post_message(self.Loaded(self, event.count))

    @on(PagedTable.Highlighted)
    def _row_highlighted(self, event: PagedTable.Highlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(self, event.row.data if event.row is not None else None))

    # -- the group list -----------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="finder-groups")
    def load_groups(self) -> None:
        with self.store.session() as db:
            names = roster.group_names(db)
        self.post_message(self._GroupsLoaded(names))

    @on(_GroupsLoaded)
    def _groups_loaded(self, message: _GroupsLoaded) -> None:
        """The list of groups as stored now; when it has not changed (most reloads: a write
        elsewhere) the Select is left alone — new options close its list, and a teacher in
        the middle of choosing would see it shut and her Enter open it again."""
        select = self.group_select
        if message.names != self.groups or not self.groups_shown:
            self.groups, self.groups_shown = message.names, True
            options = [(self.all_groups, ALL_GROUPS), *((n, n) for n in message.names)]
            with self.prevent(Select.Changed):
                select.set_options(options)
        with self.prevent(Select.Changed):
            select.value = self.filter.group if self.filter.group in message.names else ALL_GROUPS
        if self.filter.group and self.filter.group not in message.names:
            self.set_filter(None, self.search_input.value)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)


class FinderScreen(LocalizedScreen[None]):
    """A screen built around one `GuardianFinder` (Roster, Channels): its keys to the search,
    the group and the table."""

    @property
    def finder(self) -> GuardianFinder:
        return self.query_one(GuardianFinder)

    def action_focus_search(self) -> None:
        self.finder.search_input.focus()

    def action_focus_group(self) -> None:
        self.finder.group_select.focus()

    def action_focus_table(self) -> None:
        self.finder.table.focus()
