"""The Channels section: the coverage report as bars, and one guardian's channel preferences."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Header, Label, Static
from textual.worker import Worker, WorkerState

from outreach.channels.call_list import sheet_stem
from outreach.channels.coverage import Coverage, Instead, coverage, instead
from outreach.channels.preferences import PreferenceChanges, set_preferences
from outreach.common.channel_names import GUARDIAN_CHANNELS, channel_label
from outreach.common.i18n import N_, t
from outreach.messages.telegram_sheet import SHEET_NAME, SheetReport, create_invite, write_sheet
from outreach.roster import guardians as roster
from outreach.roster.records import Guardian
from outreach_screens.channels.form import ADDRESSED, ChannelForm, ChannelFormData
from outreach_screens.channels.link_sheet import LinkSheetDialog
from outreach_screens.channels.rows import GuardianChannels, read_guardian
from outreach_screens.failures import notify_failure
from outreach_screens.messages.outbox import open_log
from outreach_screens.roster.guardian_list import Choice, GuardianList
from outreach_screens.store import Store
from outreach_screens.widgets.coverage_bars import CoverageBars
from outreach_screens.widgets.file_watch import FileWatch
from outreach_screens.widgets.guardian_finder import FinderScreen, GuardianFinder
from outreach_screens.widgets.key_footer import KeyFooter
from outreach_screens.widgets.preference_list import PreferenceList, moved
from outreach_screens.widgets.prose import Prose

_CHANNELS_TUI_LIST = {"unreachable": N_("No channel of their own ({scope}): {count}"), "no_consent": N_("Without consent ({scope}): {count}"), "empty": N_("Nobody here."), "hint": N_("enter: open in the roster · p: pick here · esc: close")}


class ReportLoaded(Message):
    def __init__(self, group: str | None, report: Coverage, instead: Instead) -> None:
        super().__init__()
        self.group = group
        self.report = report
        self.instead = instead


class GuardianLoaded(Message):
    def __init__(self, state: GuardianChannels, follow: str | None = None,
                 written: bool = False) -> None:
        super().__init__()
        self.state = state
        self.follow = follow
        self.written = written


class InviteDrafted(Message):
    """The draft of personal Telegram links made (`create_invite`): its id and how many parents."""

    def __init__(self, message_id: int, count: int) -> None:
        super().__init__()
        self.message_id = message_id
        self.count = count


class SheetWritten(Message):
    def __init__(self, result: SheetReport) -> None:
        super().__init__()
        self.result = result


class ChannelsScreen(FinderScreen):
    """Who the chosen group reaches and how; pick a guardian to see and change their channels."""

    CSS_PATH = Path(__file__).with_name("screen.tcss")
    AUTO_FOCUS = "#channels-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash,full_stop", "focus_search", N_("Search"), key_display="/",
                tooltip=N_("Search by any part of a name, phone or e-mail"), show=False, id="channels.search"),
        Binding("u,г", "show_list('unreachable')", N_("No channel"),
                tooltip=N_("List the parents no channel of their own reaches: a call, a paper memo or nothing"), id="channels.unreachable"),
        Binding("n,т", "show_list('no_consent')", N_("No consent"),
                tooltip=N_("List the parents who have not given consent to personal-data processing"), id="channels.no_consent"),
        Binding("e,у", "edit", N_("Addresses"), tooltip=N_("Edit this parent's channel addresses and quiet hours"),
                id="channels.edit"),
        Binding("r,к", "to_roster", N_("In roster"),
                tooltip=N_("Open this parent in the Roster section"), id="channels.roster"),
        Binding("l,д", "link_sheet", N_("Link sheet"),
                tooltip=N_("Print Telegram links with QR codes for the parents of this class who are not linked yet"), id="channels.link_sheet"),
        Binding("i,ш", "invite_links", N_("Invite by e-mail"),
                tooltip=N_("Draft an e-mail with each parent's own Telegram link to the parents of this class not linked yet; you check it and send it"),
                id="channels.invite"),
        Binding("p,з,enter", "focus_prefs", N_("Channel list"), key_display="p",
                tooltip=N_("Go to this parent's channel list to reorder it or opt out"), show=False, id="channels.prefs"),
        Binding("g,п", "focus_group", N_("Group"), tooltip=N_("Show the guardians of one group"), show=False,
                id="channels.group"),
        Binding("escape", "focus_table", N_("Back to the table"), show=False, id="channels.to_table"),
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
                            placeholder=t("search by name, phone or e-mail"),
                            all_groups=t("all groups"),
                            group=getattr(self.app, "group", None)):
            with Horizontal(id="panels"):
                yield CoverageBars(id="report")
                with Vertical(id="guardian-box"):
                    yield Label(t("Pick a parent in the table below (/ searches)"), id="guardian-name", markup=False)
                    prefs = PreferenceList(id="prefs")
                    prefs.tooltip = t("Go to this parent's channel list to reorder it or opt out")
                    yield prefs
                    yield Prose(id="quiet")
                    yield Prose(id="channel-detail")
        yield FileWatch(self.store.path)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('Channels')} · {self.store.name}"
        self._load_report(self.finder.filter.group)

    def on_screen_resume(self) -> None:
        """Back from another section: follow its group, and show what may have changed there."""
        self._resumes += 1
        if self._resumes == 1 or not self.is_mounted:
            return  # the first showing: on_mount loads
        group = getattr(self.app, "group", None)
        if group != self.finder.filter.group:
            self.finder.set_filter(group, self.finder.search_input.value)  # the report follows
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
        self._load_report(self.finder.filter.group)
        if self.state is not None:
            self._load_guardian(self.state.guardian_id)

    # -- the picker ---------------------------------------------------------------------

    @on(GuardianFinder.FilterChanged)
    def _filter_changed(self, event: GuardianFinder.FilterChanged) -> None:
        if event.group_changed:
            self._load_report(self.finder.filter.group)

    @on(GuardianFinder.Loaded)
    def _table_loaded(self, event: GuardianFinder.Loaded) -> None:
        self.finder.count_label.update(t("Guardians: {total}", total=event.count))

    @on(GuardianFinder.Highlighted)
    def _row_highlighted(self, event: GuardianFinder.Highlighted) -> None:
        self.highlighted = event.guardian
        if self.highlighted is None:
            self._show_guardian(None)
        elif self.state is None or self.state.guardian_id != self.highlighted.id:
            self._load_guardian(self.highlighted.id)

    def _show_guardian(self, state: GuardianChannels | None, follow: str | None = None) -> None:
        had = self.state is not None
        self.state = state
        if state is None:
            self.guardian_label.update(t("Pick a parent in the table below (/ searches)"))
            self.prefs_list.show([])
            self.quiet_line.update("")
            self.channel_detail.update("")
        else:
            name = state.guardian.full_name
            if not state.reach.explicit:
                name += f" ({t('default order')})"
            self.guardian_label.update(name)
            quiet = t("off") if state.reach.quiet.off else str(state.reach.quiet)
            own = bool(state.prefs.quiet_hours)
            source = t("own") if own else t("school's")
            line = t("Quiet hours: {quiet} ({source}).", quiet=quiet, source=source)
            if state.reach.deferred_until is not None:
                until = f"{state.reach.deferred_until:%H:%M}"
                line += " " + t("quiet hours: waits until {until}", until=until)
            self.quiet_line.update(line)
            self.prefs_list.show(state.rows(), follow=follow)
        if had != (state is not None):
            self.refresh_bindings()

    @on(PreferenceList.Highlighted, "#prefs")
    def _channel_highlighted(self, event: PreferenceList.Highlighted) -> None:
        row = event.row
        if row is None:
            self.channel_detail.update("")
            return
        address = f" {row.address}" if row.address != "—" else ""
        self.channel_detail.update(f"{channel_label(row.channel)}{address}: {row.state}")

    # -- reading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="channels-report")
    def _load_report(self, group: str | None) -> None:
        with self.store.session() as db:
            report = coverage(db, roster.Filter(group=group))
            found = instead(db, report["unreachable"])
        self.post_message(ReportLoaded(group, report, found))

    @on(ReportLoaded)
    def _report_loaded(self, message: ReportLoaded) -> None:
        if message.group != self.finder.filter.group:
            return
        self.report = report = message.report
        scope = message.group or t("all groups")
        rows = [(channel_label(c), int(report["reachable"][c]), int(report["primary"][c]))
                for c in GUARDIAN_CHANNELS]
        self.bars.show(
            t("Reach: {scope}, parents {audience}", scope=scope, audience=report["audience"]),
            int(report["audience"]), rows,
            (t("Reaches"), t("Primary")),
            self._no_channel_line(report, message.instead))
        self.refresh_bindings()

    @staticmethod
    def _no_channel_line(report: Coverage, found: Instead) -> str:
        """Those no channel reaches, named as the message plan names them («без канала 2:
        звонок 1, недоступны 1»), and those without consent."""
        count, no_consent = len(report["unreachable"]), len(report["no_consent"])
        if not count:
            return t("no channel 0 · no consent {no_consent} (u / n)", no_consent=no_consent)
        return t("no channel {count}: {instead} · no consent {no_consent} (u / n)", count=count,
                 instead=found.words(), no_consent=no_consent)

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
            self._load_report(self.finder.filter.group)
        current = self.highlighted
        if current is not None and current.id != message.state.guardian_id:
            return
        self._show_guardian(message.state, message.follow)

    # -- writing ------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="channels-write")
    def _write(self, guardian_id: int, changes: PreferenceChanges, follow: str | None) -> None:
        with self.store.session() as db:
            set_preferences(db, guardian_id, **changes)
            state = read_guardian(db, guardian_id)
        self.post_message(GuardianLoaded(state, follow, written=True))

    def _start_write(self, changes: PreferenceChanges, follow: str | None) -> None:
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
        channel = [event.row.channel]
        changes: PreferenceChanges = {"opt_in": channel} if event.row.opted_out else {"opt_out": channel}
        self._start_write(changes, event.row.channel)

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

    def action_focus_prefs(self) -> None:
        if self.state is not None:
            self.prefs_list.focus()

    def action_edit(self) -> None:
        state = self.state
        if state is None:
            return
        data = ChannelFormData(
            state.guardian_id, state.guardian.full_name, state.prefs.quiet_hours,
            state.default_quiet, {c: a for c, a in state.prefs.addresses.items() if c in ADDRESSED},
            {c: state.roster_address(c) for c in ADDRESSED if state.roster_address(c)})
        name = data.name

        def closed(saved: bool | None) -> None:
            if saved:
                self.notify(t("Channels of {name} saved.", name=name), markup=False)
                self.file_watch.seen()
                self._load_guardian(data.guardian_id)
                self._load_report(self.finder.filter.group)

        self.app.push_screen(ChannelForm(self.store, data), closed)

    def action_show_list(self, which: str) -> None:
        if self.report is None:
            return
        ids = list(self.report["unreachable"] if which == "unreachable" else self.report["no_consent"])
        scope = self.finder.filter.group or t("all groups")
        title = t(_CHANNELS_TUI_LIST[which], scope=scope, count=len(ids))
        stem = sheet_stem(which.replace("_", "-"), self.finder.filter.group)
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
        self.finder.show_guardian(guardian.id, guardian.full_name)

    def action_to_roster(self) -> None:
        if self.state is not None:
            self.jump_to_roster(self.state.guardian)

    def jump_to_roster(self, guardian: Guardian) -> None:
        """Switch to the Roster section with `guardian` searched for and under the cursor."""
        from outreach_screens.roster.screen import RosterScreen

        self.app.switch_mode("roster")
        screen = self.app.screen
        if isinstance(screen, RosterScreen):
            screen.call_after_refresh(screen.show_guardian, guardian.id,
                                      guardian.full_name)

    # -- the Telegram link sheet --------------------------------------------------------

    def action_link_sheet(self) -> None:
        group = self.finder.filter.group
        name = f"telegram-links-{group}.html" if group else SHEET_NAME
        scope = group or t("all groups")
        self.app.push_screen(LinkSheetDialog(Path.home() / name, scope), partial(self._sheet_chosen, group))

    @work(thread=True, exclusive=True, exit_on_error=False, group="channels-invite")
    def action_invite_links(self) -> None:
        """`outreach channels link-invite` for the class in the filter; the draft opens in
        Messages, where ctrl+g sends it."""
        with self.store.session() as db:
            message_id, count = create_invite(db, self.finder.filter.group)
        self.post_message(InviteDrafted(message_id, count))

    @on(InviteDrafted)
    def _invite_drafted(self, message: InviteDrafted) -> None:
        self.notify(t("Draft {id} with each parent's own Telegram link made (parents: {count}); check it, then ctrl+g sends it.",
                      id=message.message_id, count=message.count), timeout=10, markup=False)
        self.app.call_later(open_log, self.app, message.message_id)

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
        self.notify(t("Telegram link sheet (parents: {count}): {path}", count=message.result["guardians"],
                      path=message.result["path"]), markup=False, timeout=10)
