"""The Channels section: the coverage report as bars, and one guardian's channel preferences."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Header, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from outreach.channels.call_list import sheet_stem
from outreach.channels.coverage import Coverage, coverage
from outreach.channels.preferences import set_preferences
from outreach.common.channel_names import GUARDIAN_CHANNELS, channel_label
from outreach.common.i18n import t
from outreach.messages.telegram_sheet import SHEET_NAME, SheetReport, write_sheet
from outreach.roster import guardians as roster
from outreach_screens.bindings import LocalizedScreen
from outreach_screens.channels.form import ADDRESSED, ChannelForm, ChannelFormData
from outreach_screens.channels.link_sheet import LinkSheetDialog
from outreach_screens.channels.rows import GuardianChannels, read_guardian
from outreach_screens.failures import notify_failure
from outreach_screens.roster.guardian_list import Choice, GuardianList
from outreach_screens.roster.rows import Guardian, full_name
from outreach_screens.store import Store
from outreach_screens.widgets.coverage_bars import CoverageBars
from outreach_screens.widgets.file_watch import FileWatch
from outreach_screens.widgets.guardian_finder import GuardianFinder
from outreach_screens.widgets.key_footer import KeyFooter
from outreach_screens.widgets.paged_table import PagedTable
from outreach_screens.widgets.preference_list import PreferenceList, moved


class ReportLoaded(Message):
    def __init__(self, group: str | None, report: Coverage) -> None:
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


class SheetWritten(Message):
    def __init__(self, result: SheetReport) -> None:
        super().__init__()
        self.result = result


class ChannelsScreen(LocalizedScreen[None]):
    """Who the chosen group reaches and how; pick a guardian to see and change their channels."""

    CSS_PATH = Path(__file__).with_name("screen.tcss")
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
        Binding("l,д", "link_sheet", "telegramlinks.tui.key.sheet",
                tooltip="telegramlinks.tui.key.sheet.tip", id="channels.link_sheet"),
        Binding("p,з,enter", "focus_prefs", "channels.tui.key.prefs", key_display="p",
                tooltip="channels.tui.key.prefs.tip", show=False, id="channels.prefs"),
        Binding("g,п", "focus_group", "tui.key.group", tooltip="tui.key.group.tip", show=False,
                id="channels.group"),
        Binding("escape", "focus_table", "tui.key.to_table", show=False, id="channels.to_table"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.report: Coverage | None = None
        self.highlighted: Guardian | None = None
        self.state: GuardianChannels | None = None
        self.writing = False
        self._resumes = 0

    # -- typed accessors ----------------------------------------------------------------

    @property
    def finder(self) -> GuardianFinder:
        return self.query_one(GuardianFinder)

    @property
    def filter(self) -> roster.Filter:
        return self.finder.filter

    @property
    def table(self) -> PagedTable:
        return self.finder.table

    @property
    def search_input(self) -> Input:
        return self.finder.search_input

    @property
    def group_select(self) -> Select[str]:
        return self.finder.group_select

    @property
    def count_label(self) -> Label:
        return self.finder.count_label

    @property
    def file_watch(self) -> FileWatch:
        return self.query_one(FileWatch)

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
        with GuardianFinder(self.store, table_id="channels-table",
                            placeholder=t("tui.roster.search_placeholder"),
                            all_groups=t("channels.tui.all_groups"),
                            group=getattr(self.app, "group", None)):
            with Horizontal(id="panels"):
                yield CoverageBars(id="report")
                with Vertical(id="guardian-box"):
                    yield Label(t("channels.tui.pick"), id="guardian-name", markup=False)
                    prefs = PreferenceList(id="prefs")
                    prefs.tooltip = t("channels.tui.key.prefs.tip")
                    yield prefs
                    yield Static("", id="quiet", markup=False)
                    yield Static("", id="channel-detail", markup=False)
        yield FileWatch(self.store.path)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('channels.tui.section')} · {self.store.name}"
        self._load_report(self.filter.group)

    def on_screen_resume(self) -> None:
        """Back from another section: follow its group, and show what may have changed there."""
        self._resumes += 1
        if self._resumes == 1 or not self.is_mounted:
            return  # the first showing: on_mount loads
        group = getattr(self.app, "group", None)
        if group != self.filter.group:
            self.finder.set_filter(group, self.search_input.value)  # the report follows
            self.finder.load_groups()
            if self.state is not None:
                self._load_guardian(self.state.guardian_id)
        else:
            self._file_changed()

    @on(FileWatch.Changed)
    def _file_changed(self) -> None:
        """Show what another section or another connection changed."""
        self.file_watch.seen()
        self.finder.reload(keep_position=True)
        self._load_report(self.filter.group)
        if self.state is not None:
            self._load_guardian(self.state.guardian_id)

    # -- the picker ---------------------------------------------------------------------

    @on(GuardianFinder.FilterChanged)
    def _filter_changed(self, event: GuardianFinder.FilterChanged) -> None:
        if event.group_changed:
            self._load_report(self.filter.group)

    @on(GuardianFinder.Loaded)
    def _table_loaded(self, event: GuardianFinder.Loaded) -> None:
        self.count_label.update(t("tui.roster.count", total=event.count))

    @on(GuardianFinder.Highlighted)
    def _row_highlighted(self, event: GuardianFinder.Highlighted) -> None:
        self.highlighted = event.guardian
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
            source = t("wholescreens.channels.quiet_own") if own else t("wholescreens.channels.quiet_default")
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
        self.channel_detail.update(f"{channel_label(row.channel)}: {row.state}" if row is not None else "")

    # -- reading --------------------------------------------------------------------------

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
        rows = [(channel_label(c), int(report["reachable"][c]), int(report["primary"][c]))
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
            self.file_watch.seen()
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
                self.file_watch.seen()
                self._load_guardian(data.guardian_id)
                self._load_report(self.filter.group)

        self.app.push_screen(ChannelForm(self.store, data), closed)

    def action_show_list(self, which: str) -> None:
        if self.report is None:
            return
        ids = list(self.report["unreachable"] if which == "unreachable" else self.report["no_consent"])
        scope = self.filter.group or t("channels.tui.all_groups")
        title = t(f"channels.tui.list.{which}", scope=scope, count=len(ids))
        stem = sheet_stem(which.replace("_", "-"), self.filter.group)
        self.app.push_screen(GuardianList(self.store, title, ids, stem), self._list_closed)

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
        self.finder.show_guardian(int(guardian["id"]), full_name(guardian))

    def action_to_roster(self) -> None:
        if self.state is not None:
            self.jump_to_roster(self.state.guardian)

    def jump_to_roster(self, guardian: Guardian) -> None:
        """Switch to the Roster section with `guardian` searched for and under the cursor."""
        from outreach_screens.roster.screen import RosterScreen

        self.app.switch_mode("roster")
        screen = self.app.screen
        if isinstance(screen, RosterScreen):
            screen.call_after_refresh(screen.show_guardian, int(guardian["id"]),
                                      full_name(guardian))

    # -- the Telegram link sheet --------------------------------------------------------

    def action_link_sheet(self) -> None:
        group = self.filter.group
        name = f"telegram-links-{group}.html" if group else SHEET_NAME
        scope = group or t("channels.tui.all_groups")
        self.app.push_screen(LinkSheetDialog(Path.home() / name, scope), partial(self._sheet_chosen, group))

    def _sheet_chosen(self, group: str | None, path: Path | None) -> None:
        if path is not None:
            self._write_sheet(group, path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="channels-sheet")
    def _write_sheet(self, group: str | None, path: Path) -> None:
        with self.store.session() as db:
            result = write_sheet(db, path, group)
        self.post_message(SheetWritten(result))

    @on(SheetWritten)
    def _sheet_written(self, message: SheetWritten) -> None:
        self.notify(t("telegramlinks.tui.sheet_written", count=message.result["guardians"],
                      path=message.result["path"]), markup=False, timeout=10)
