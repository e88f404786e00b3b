"""The Channels section: the coverage report as bars, and one guardian's channel preferences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from outreach import roster
from outreach.channel_names import GUARDIAN_CHANNELS
from outreach.channels import (ROSTER_FIELD, Preferences, Reach, load_preferences, reach_one,
                               set_preferences)
from outreach.contacts import format_phone
from outreach.coverage import coverage
from outreach.i18n import t
from outreach.settings import all_settings

from .bindings import localize_bindings
from .channel_form import ADDRESSED, ChannelForm, ChannelFormData
from .failures import notify_failure
from .guardian_list import Choice, GuardianList
from .roster_rows import Guardian, GuardianSource, full_name, roster_columns
from .store import Store
from .widgets.coverage_bars import CoverageBars
from .widgets.paged_table import PagedTable
from .widgets.preference_list import PreferenceList, PreferenceRow, moved

ALL_GROUPS = "\x00all"
SEARCH_DELAY = 0.25


@dataclass(frozen=True)
class GuardianChannels:
    """Everything the right-hand panel shows about one guardian, read in one worker."""

    guardian: Guardian
    prefs: Preferences
    reach: Reach
    default_quiet: str

    @property
    def guardian_id(self) -> int:
        return int(self.guardian["id"])

    def roster_address(self, channel: str) -> str:
        value = self.guardian.get(ROSTER_FIELD.get(channel, ""))
        return str(value) if value else ""

    def address(self, channel: str) -> str:
        if channel == "paper":
            return t("channels.tui.via_student") if self.guardian["students"] else "—"
        value = self.prefs.addresses.get(channel) or self.roster_address(channel)
        if value and channel in ("sms", "phone"):
            return format_phone(value)
        return value or "—"

    def rows(self) -> list[PreferenceRow]:
        order = self.reach.order
        rows = []
        for channel in [*order, *(c for c in GUARDIAN_CHANNELS if c not in order)]:
            rank = order.index(channel) + 1 if channel in order else None
            reachable = channel in self.reach.channels
            if reachable:
                state = t("channels.state.ok")
            elif rank is not None:
                state = t(f"channels.reason.{self.reach.reasons.get(channel, 'no_consent')}")
            elif channel in self.prefs.opted_out:
                state = t("channels.reason.opted_out")
            else:
                state = t("channels.tui.unlisted")
            rows.append(PreferenceRow(channel, rank, self.address(channel), state, reachable,
                                      channel in self.prefs.opted_out))
        return rows


def read_guardian(db: Any, guardian_id: int) -> GuardianChannels:
    return GuardianChannels(roster.get_guardian(db, guardian_id), load_preferences(db, guardian_id),
                            reach_one(db, guardian_id), all_settings(db)["quiet_hours"])


class GroupsLoaded(Message):
    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names


class ReportLoaded(Message):
    def __init__(self, group: str | None, report: dict[str, Any]) -> None:
        super().__init__()
        self.group = group
        self.report = report


class GuardianLoaded(Message):
    def __init__(self, state: GuardianChannels, follow: str | None = None,
                 written: bool = False) -> None:
        super().__init__()
        self.state = state
        self.follow = follow
        self.written = written


class ChannelsScreen(Screen[None]):
    """Who the chosen group reaches and how; pick a guardian to see and change their channels."""

    CSS_PATH = "channels.tcss"
    AUTO_FOCUS = "#channels-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash,full_stop", "focus_search", "tui.key.search", key_display="/",
                tooltip="tui.key.search.tip", show=False, id="channels.search"),
        Binding("u,г", "show_list('unreachable')", "channels.tui.key.unreachable",
                tooltip="channels.tui.key.unreachable.tip", id="channels.unreachable"),
        Binding("n,т", "show_list('no_consent')", "channels.tui.key.no_consent",
                tooltip="channels.tui.key.no_consent.tip", id="channels.no_consent"),
        Binding("e,у", "edit", "channels.tui.key.edit", tooltip="channels.tui.key.edit.tip",
                id="channels.edit"),
        Binding("r,к", "to_roster", "channels.tui.key.roster",
                tooltip="channels.tui.key.roster.tip", id="channels.roster"),
        Binding("p,з,enter", "focus_prefs", "channels.tui.key.prefs", key_display="p",
                tooltip="channels.tui.key.prefs.tip", show=False, id="channels.prefs"),
        Binding("g,п", "focus_group", "tui.key.group", tooltip="tui.key.group.tip", show=False,
                id="channels.group"),
        Binding("escape", "focus_table", "tui.key.to_table", show=False, id="channels.to_table"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        localize_bindings(self)
        self.store = store
        self.filter = roster.Filter()
        self.groups: list[str] = []
        self.report: dict[str, Any] | None = None
        self.highlighted: Guardian | None = None
        self.state: GuardianChannels | None = None
        self.writing = False
        self._search_timer: Timer | None = None
        self._resumes = 0
        self._wanted: int | None = None

    # -- typed accessors ----------------------------------------------------------------

    @property
    def table(self) -> PagedTable:
        return self.query_one("#channels-table", PagedTable)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    @property
    def group_select(self) -> Select[str]:
        return self.query_one("#group", Select)

    @property
    def count_label(self) -> Label:
        return self.query_one("#count", Label)

    @property
    def bars(self) -> CoverageBars:
        return self.query_one("#report", CoverageBars)

    @property
    def prefs_list(self) -> PreferenceList:
        return self.query_one("#prefs", PreferenceList)

    @property
    def guardian_label(self) -> Label:
        return self.query_one("#guardian-name", Label)

    @property
    def quiet_line(self) -> Static:
        return self.query_one("#quiet", Static)

    @property
    def channel_detail(self) -> Static:
        return self.query_one("#channel-detail", Static)

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="toolbar"):
            yield Label("/", id="search-key")
            yield Input(placeholder=t("channels.tui.search_placeholder"), id="search", compact=True)
            yield Label("", id="count")
            yield Select([(t("channels.tui.all_groups"), ALL_GROUPS)], value=ALL_GROUPS,
                         allow_blank=False, id="group", compact=True,
                         tooltip=t("tui.key.group.tip"))
        with Horizontal(id="panels"):
            yield CoverageBars(id="report")
            with Vertical(id="guardian-box"):
                yield Label(t("channels.tui.pick"), id="guardian-name", markup=False)
                yield PreferenceList(id="prefs")
                yield Static("", id="quiet", markup=False)
                yield Static("", id="channel-detail", markup=False)
        yield PagedTable(roster_columns(), id="channels-table", empty_text=t("tui.roster.empty"))
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('channels.tui.section')} · {self.store.name}"
        group = getattr(self.app, "group", None)
        self.filter = roster.Filter(group=group)
        self._reload_table(keep_position=False)
        self._load_groups()
        self._load_report(group)

    def on_screen_resume(self) -> None:
        """Back from another section: follow its group, and show what may have changed there."""
        self._resumes += 1
        if self._resumes == 1 or not self.is_mounted:
            return  # the first showing: on_mount loads
        group = getattr(self.app, "group", None)
        if group != self.filter.group:
            self._set_filter(group, self.search_input.value)
            self._load_groups()
        else:
            self._reload_table(keep_position=True)
        self._load_report(self.filter.group)
        if self.state is not None:
            self._load_guardian(self.state.guardian_id)

    # -- filter and search ----------------------------------------------------------------

    def _reload_table(self, keep_position: bool = True) -> None:
        self.table.load(GuardianSource(self.store, self.filter), keep_position=keep_position)

    def _set_filter(self, group: str | None, text: str | None) -> None:
        flt = roster.Filter(group=group or None, text=(text or "").strip() or None)
        if flt == self.filter:
            return
        group_changed = flt.group != self.filter.group
        self.filter = flt
        self._reload_table(keep_position=False)
        if group_changed:
            self._load_report(flt.group)

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_search)

    def _apply_search(self) -> None:
        self._search_timer = None
        self._set_filter(self.filter.group, self.search_input.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._apply_search()
        self.table.focus()

    @on(Select.Changed, "#group")
    def _group_changed(self, event: Select.Changed) -> None:
        group = None if event.value in (ALL_GROUPS, Select.NULL) else str(event.value)
        if hasattr(self.app, "group"):
            self.app.group = group
        self._set_filter(group, self.search_input.value)

    # -- the picker ---------------------------------------------------------------------

    @on(PagedTable.Loaded, "#channels-table")
    def _table_loaded(self, event: PagedTable.Loaded) -> None:
        self.count_label.update(t("tui.roster.count", total=event.count))
        self._find_wanted()

    def _find_wanted(self) -> None:
        """Put the cursor on the guardian asked for by `_pick`, once the table has them."""
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

    @on(PagedTable.Highlighted, "#channels-table")
    def _row_highlighted(self, event: PagedTable.Highlighted) -> None:
        self.highlighted = event.row.data if event.row is not None else None
        if self.highlighted is None:
            self._show_guardian(None)
        elif self.state is None or self.state.guardian_id != int(self.highlighted["id"]):
            self._load_guardian(int(self.highlighted["id"]))

    def _show_guardian(self, state: GuardianChannels | None, follow: str | None = None) -> None:
        had = self.state is not None
        self.state = state
        if state is None:
            self.guardian_label.update(t("channels.tui.pick"))
            self.prefs_list.show([])
            self.quiet_line.update("")
            self.channel_detail.update("")
        else:
            name = full_name(state.guardian)
            if not state.reach.explicit:
                name += f" ({t('channels.tui.default_order')})"
            self.guardian_label.update(name)
            quiet = t("channels.tui.quiet_off") if state.reach.quiet.off else str(state.reach.quiet)
            own = bool(state.prefs.quiet_hours)
            source = t("channels.quiet_own") if own else t("channels.quiet_default")
            line = t("channels.quiet_line", quiet=quiet, source=source)
            if state.reach.deferred_until is not None:
                until = f"{state.reach.deferred_until:%H:%M}"
                line += " " + t("channels.reason.quiet_hours", until=until)
            self.quiet_line.update(line)
            self.prefs_list.show(state.rows(), follow=follow)
        if had != (state is not None):
            self.refresh_bindings()

    @on(PreferenceList.Highlighted, "#prefs")
    def _channel_highlighted(self, event: PreferenceList.Highlighted) -> None:
        row = event.row
        self.channel_detail.update(f"{row.channel}: {row.state}" if row is not None else "")

    # -- reading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="channels-groups")
    def _load_groups(self) -> None:
        with self.store.session() as db:
            names = roster.group_names(db)
        self.post_message(GroupsLoaded(names))

    @on(GroupsLoaded)
    def _groups_loaded(self, message: GroupsLoaded) -> None:
        self.groups = message.names
        options = [(t("channels.tui.all_groups"), ALL_GROUPS), *((n, n) for n in message.names)]
        with self.prevent(Select.Changed):
            self.group_select.set_options(options)
            self.group_select.value = (self.filter.group if self.filter.group in message.names
                                       else ALL_GROUPS)
        if self.filter.group and self.filter.group not in message.names:
            self._set_filter(None, self.search_input.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="channels-report")
    def _load_report(self, group: str | None) -> None:
        with self.store.session() as db:
            report = coverage(db, roster.Filter(group=group))
        self.post_message(ReportLoaded(group, report))

    @on(ReportLoaded)
    def _report_loaded(self, message: ReportLoaded) -> None:
        if message.group != self.filter.group:
            return
        self.report = report = message.report
        scope = message.group or t("channels.tui.all_groups")
        rows = [(c, int(report["reachable"][c]), int(report["primary"][c]))
                for c in GUARDIAN_CHANNELS]
        self.bars.show(
            t("channels.tui.report_title", scope=scope, audience=report["audience"]),
            int(report["audience"]), rows,
            (t("channels.col.reachable"), t("channels.col.primary")),
            t("channels.tui.missing", unreachable=len(report["unreachable"]),
              no_consent=len(report["no_consent"])))
        self.refresh_bindings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="channels-guardian")
    def _load_guardian(self, guardian_id: int) -> None:
        with self.store.session() as db:
            state = read_guardian(db, guardian_id)
        self.post_message(GuardianLoaded(state))

    @on(GuardianLoaded)
    def _guardian_loaded(self, message: GuardianLoaded) -> None:
        if message.written:
            self.writing = False
            self._load_report(self.filter.group)
        current = self.highlighted
        if current is not None and int(current["id"]) != message.state.guardian_id:
            return
        self._show_guardian(message.state, message.follow)

    # -- writing ------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="channels-write")
    def _write(self, guardian_id: int, changes: dict[str, Any], follow: str | None) -> None:
        with self.store.session() as db:
            set_preferences(db, guardian_id, **changes)
            state = read_guardian(db, guardian_id)
        self.post_message(GuardianLoaded(state, follow, written=True))

    def _start_write(self, changes: dict[str, Any], follow: str | None) -> None:
        if self.state is None or self.writing:
            self.app.bell()
            return
        self.writing = True
        self._write(self.state.guardian_id, changes, follow)

    @on(PreferenceList.MoveAsked, "#prefs")
    def _move_asked(self, event: PreferenceList.MoveAsked) -> None:
        if self.state is None:
            return
        order = moved(self.state.reach.order, GUARDIAN_CHANNELS, event.channel, event.delta)
        if order is None:
            self.app.bell()
            return
        self._start_write({"prefer": order}, event.channel)

    @on(PreferenceList.ToggleAsked, "#prefs")
    def _toggle_asked(self, event: PreferenceList.ToggleAsked) -> None:
        key = "opt_in" if event.row.opted_out else "opt_out"
        self._start_write({key: [event.row.channel]}, event.row.channel)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "channels-write" and event.state is WorkerState.ERROR:
            self.writing = False
        notify_failure(self, event)

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "to_roster") and self.state is None:
            return None
        if action == "show_list" and self.report is None:
            return False
        return True

    def action_focus_search(self) -> None:
        self.search_input.focus()

    def action_focus_group(self) -> None:
        self.group_select.focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_focus_prefs(self) -> None:
        if self.state is not None:
            self.prefs_list.focus()

    def action_edit(self) -> None:
        state = self.state
        if state is None:
            return
        data = ChannelFormData(
            state.guardian_id, full_name(state.guardian), state.prefs.quiet_hours,
            state.default_quiet, {c: a for c, a in state.prefs.addresses.items() if c in ADDRESSED},
            {c: state.roster_address(c) for c in ADDRESSED if state.roster_address(c)})
        name = data.name

        def closed(saved: bool | None) -> None:
            if saved:
                self.notify(t("channels.tui.saved", name=name), markup=False)
                self._load_guardian(data.guardian_id)
                self._load_report(self.filter.group)

        self.app.push_screen(ChannelForm(self.store, data), closed)

    def action_show_list(self, which: str) -> None:
        if self.report is None:
            return
        ids = list(self.report[which])
        scope = self.filter.group or t("channels.tui.all_groups")
        title = t(f"channels.tui.list.{which}", scope=scope, count=len(ids))
        self.app.push_screen(GuardianList(self.store, title, ids), self._list_closed)

    def _list_closed(self, choice: Choice | None) -> None:
        if choice is None:
            return
        what, guardian = choice
        if what == "roster":
            self.jump_to_roster(guardian)
        else:
            self._pick(guardian)

    def _pick(self, guardian: Guardian) -> None:
        """Show `guardian` in the picker: search for them by name, then load their channels."""
        self._wanted = int(guardian["id"])
        self.search_input.value = full_name(guardian)
        self._apply_search()
        self._find_wanted()
        self.table.focus()

    def action_to_roster(self) -> None:
        if self.state is not None:
            self.jump_to_roster(self.state.guardian)

    def jump_to_roster(self, guardian: Guardian) -> None:
        """Switch to the Roster section with `guardian` searched for and under the cursor."""
        from .roster import RosterScreen  # noqa: PLC0415 - the sections import lazily

        self.app.switch_mode("roster")
        screen = self.app.screen
        if isinstance(screen, RosterScreen):
            screen.call_after_refresh(screen.show_guardian, int(guardian["id"]),
                                      full_name(guardian))
