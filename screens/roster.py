"""The roster section: a paged, searchable, filterable table of guardians and its actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, Select, Static
from textual.worker import Worker

from outreach import clock, roster
from outreach.export import export_roster
from outreach.i18n import t

from .bindings import localize_bindings
from .confirm import ConfirmScreen
from .export_dialog import ExportChoice, ExportDialog
from .failures import notify_failure
from .guardian_form import GuardianForm
from .import_wizard import ImportWizard
from .roster_rows import Guardian, GuardianSource, detail_line, full_name, roster_columns
from .store import Store
from .widgets.paged_table import PagedTable

ALL_GROUPS = "\x00all"
SEARCH_DELAY = 0.25


class GroupsLoaded(Message):
    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names


class TotalCounted(Message):
    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total


class GuardianSaved(Message):
    def __init__(self, guardian_id: int, created: bool, changed: bool) -> None:
        super().__init__()
        self.guardian_id = guardian_id
        self.created = created
        self.changed = changed


class ConsentChanged(Message):
    def __init__(self, name: str, given: bool, day: str) -> None:
        super().__init__()
        self.name = name
        self.given = given
        self.day = day


class FamilyFound(Message):
    def __init__(self, guardian_id: int, guardians: list[str], students: list[str]) -> None:
        super().__init__()
        self.guardian_id = guardian_id
        self.guardians = guardians
        self.students = students


class FamilyErased(Message):
    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__()
        self.counts = counts


class RosterExported(Message):
    def __init__(self, count: int, path: str) -> None:
        super().__init__()
        self.count = count
        self.path = path


class RosterScreen(Screen[None]):
    """Guardians with their children, phone and consent; search, filter, edit, import, export."""

    CSS_PATH = "roster.tcss"
    AUTO_FOCUS = "#roster-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash,full_stop", "focus_search", "tui.key.search", key_display="/",
                tooltip="tui.key.search.tip", show=False, id="roster.search"),
        Binding("a,ф", "add", "tui.key.add", tooltip="tui.key.add.tip", id="roster.add"),
        Binding("e,у", "edit", "tui.key.edit", tooltip="tui.key.edit.tip", id="roster.edit"),
        Binding("c,с", "consent", "tui.key.consent", tooltip="tui.key.consent.tip",
                id="roster.consent"),
        Binding("f,а", "forget", "tui.key.forget", tooltip="tui.key.forget.tip",
                id="roster.forget"),
        Binding("i,ш", "import", "tui.key.import", tooltip="tui.key.import.tip",
                id="roster.import"),
        Binding("x,ч", "export", "tui.key.export", tooltip="tui.key.export.tip",
                id="roster.export"),
        Binding("g,п", "focus_group", "tui.key.group", tooltip="tui.key.group.tip", show=False,
                id="roster.group"),
        Binding("escape", "focus_table", "tui.key.to_table", show=False, id="roster.to_table"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        localize_bindings(self)
        self.store = store
        self.filter = roster.Filter()
        self.total = 0
        self.highlighted: Guardian | None = None
        self._search_timer: Timer | None = None
        self._wanted: int | None = None
        self.groups: list[str] = []

    # -- typed accessors ----------------------------------------------------------------

    @property
    def table(self) -> PagedTable:
        return self.query_one("#roster-table", PagedTable)

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
    def detail(self) -> Static:
        return self.query_one("#detail", Static)

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="toolbar"):
            yield Label("/", id="search-key")
            yield Input(placeholder=t("tui.roster.search_placeholder"), id="search", compact=True)
            yield Label("", id="count")
            yield Select([(t("tui.roster.all_groups"), ALL_GROUPS)], value=ALL_GROUPS,
                         allow_blank=False, id="group", compact=True,
                         tooltip=t("tui.key.group.tip"))
        yield PagedTable(roster_columns(), id="roster-table", empty_text=t("tui.roster.empty"))
        with Vertical(id="detail-box"):
            yield Static("", id="detail", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('tui.section.roster')} · {self.store.name}"
        self._reload_table(keep_position=False)
        self._load_groups()
        self._count_all()

    def on_screen_resume(self) -> None:
        group = getattr(self.app, "group", None)
        if group != self.filter.group and self.is_mounted:
            self._select_group(group)

    # -- filter and search ----------------------------------------------------------------

    def _reload_table(self, keep_position: bool = True) -> None:
        self.table.load(GuardianSource(self.store, self.filter), keep_position=keep_position)

    def _set_filter(self, group: str | None, text: str | None) -> None:
        flt = roster.Filter(group=group or None, text=(text or "").strip() or None)
        if flt == self.filter:
            return
        self.filter = flt
        self._reload_table(keep_position=False)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_search)

    def _apply_search(self) -> None:
        self._search_timer = None
        self._set_filter(self.filter.group, self.search_input.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
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

    def _select_group(self, group: str | None) -> None:
        value = group if group in self.groups else ALL_GROUPS
        self.group_select.value = value

    # -- table events ---------------------------------------------------------------------

    @on(PagedTable.Loaded, "#roster-table")
    def _table_loaded(self, event: PagedTable.Loaded) -> None:
        self._show_count(event.count)
        self._find_wanted()

    def show_guardian(self, guardian_id: int, text: str) -> None:
        """Search for `text` and put the cursor on `guardian_id` (a jump from another section)."""
        self._wanted = guardian_id
        self.search_input.value = text
        self._set_filter(getattr(self.app, "group", self.filter.group), text)
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

    def _show_count(self, shown: int) -> None:
        if self.filter.group or self.filter.text:
            text = t("tui.roster.count_filtered", shown=shown, total=self.total)
        else:
            text = t("tui.roster.count", total=shown)
        self.count_label.update(text)

    @on(PagedTable.Highlighted, "#roster-table")
    def _row_highlighted(self, event: PagedTable.Highlighted) -> None:
        had = self.highlighted is not None
        self.highlighted = event.row.data if event.row is not None else None
        box = self.query_one("#detail-box")
        if self.highlighted is None:
            box.border_title = ""
            self.detail.update(t("tui.roster.no_selection"))
        else:
            box.border_title = Content(full_name(self.highlighted))
            self.detail.update(detail_line(self.highlighted))
        if had != (self.highlighted is not None):
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "consent", "forget") and self.highlighted is None:
            return None
        return True

    # -- workers: reading -----------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-groups")
    def _load_groups(self) -> None:
        with self.store.session() as db:
            names = roster.group_names(db)
        self.post_message(GroupsLoaded(names))

    @on(GroupsLoaded)
    def _groups_loaded(self, message: GroupsLoaded) -> None:
        self.groups = message.names
        options = [(t("tui.roster.all_groups"), ALL_GROUPS), *((n, n) for n in message.names)]
        select = self.group_select
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = self.filter.group if self.filter.group in message.names else ALL_GROUPS
        if self.filter.group and self.filter.group not in message.names:
            self._set_filter(None, self.search_input.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-total")
    def _count_all(self) -> None:
        with self.store.session() as db:
            total = roster.count_guardians(db)
        self.post_message(TotalCounted(total))

    @on(TotalCounted)
    def _total_counted(self, message: TotalCounted) -> None:
        self.total = message.total
        if not self.table.is_loading:
            self._show_count(self.table.row_count)

    def _refresh_all(self) -> None:
        """After a write: the table (keeping the cursor), the total and the groups."""
        self._reload_table(keep_position=True)
        self._count_all()
        self._load_groups()

    # -- actions --------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.search_input.focus()

    def action_focus_group(self) -> None:
        self.group_select.focus()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_add(self) -> None:
        self.app.push_screen(GuardianForm(t("tui.form.add_title")), self._form_closed(None))

    def action_edit(self) -> None:
        guardian = self.highlighted
        if guardian is None:
            return
        values = {key: str(guardian.get(key) or "") for key in roster.GUARDIAN_EDITABLE}
        title = t("tui.form.edit_title", name=full_name(guardian))
        self.app.push_screen(GuardianForm(title, values), self._form_closed(int(guardian["id"])))

    def _form_closed(self, guardian_id: int | None) -> Any:
        def closed(values: dict[str, str] | None) -> None:
            if values is not None:
                self._save_guardian(guardian_id, values)
        return closed

    def action_consent(self) -> None:
        guardian = self.highlighted
        if guardian is not None:
            self._toggle_consent(int(guardian["id"]), not guardian["consent"], full_name(guardian))

    def action_forget(self) -> None:
        guardian = self.highlighted
        if guardian is not None:
            self._find_family(int(guardian["id"]))

    def action_import(self) -> None:
        self.app.push_screen(ImportWizard(self.store, self.filter.group), self._import_closed)

    def action_export(self) -> None:
        default = Path.cwd() / f"roster-{clock.today().isoformat()}.csv"
        self.app.push_screen(ExportDialog(default, self.filter), self._export_chosen)

    # -- workers: writing -----------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-write")
    def _save_guardian(self, guardian_id: int | None, values: dict[str, str]) -> None:
        with self.store.session() as db:
            if guardian_id is None:
                new_id = roster.add_guardian(db, values)
                self.post_message(GuardianSaved(new_id, created=True, changed=True))
            else:
                changed = roster.edit_guardian(db, guardian_id, values)
                self.post_message(GuardianSaved(guardian_id, created=False, changed=changed))

    @on(GuardianSaved)
    def _guardian_saved(self, message: GuardianSaved) -> None:
        if message.created:
            self.notify(t("roster.added_guardian", id=message.guardian_id), markup=False)
        else:
            text = t("roster.edited") if message.changed else t("roster.unchanged")
            self.notify(text, markup=False)
        if message.changed:
            self._refresh_all()

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-write")
    def _toggle_consent(self, guardian_id: int, given: bool, name: str) -> None:
        day = clock.today()
        with self.store.session() as db:
            roster.set_consent(db, [guardian_id], given, day=day)
        self.post_message(ConsentChanged(name, given, day.isoformat()))

    @on(ConsentChanged)
    def _consent_changed(self, message: ConsentChanged) -> None:
        key = "tui.roster.consent_given" if message.given else "tui.roster.consent_gone"
        self.notify(t(key, name=message.name, day=message.day), markup=False)
        self._reload_table(keep_position=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-forget")
    def _find_family(self, guardian_id: int) -> None:
        with self.store.session() as db:
            guardians, students = roster.family(db, guardian_id=guardian_id)
            guardian_names = [full_name(roster.get_guardian(db, g)) for g in sorted(guardians)]
            student_names = []
            for sid in sorted(students):
                student = roster.get_student(db, sid)
                name = full_name(student)
                student_names.append(f"{name} ({student['group']})" if student["group"] else name)
        self.post_message(FamilyFound(guardian_id, guardian_names, student_names))

    @on(FamilyFound)
    def _family_found(self, message: FamilyFound) -> None:
        names = [*message.guardians, *message.students]
        body = t("roster.forget_preview", guardians=len(message.guardians),
                 students=len(message.students), names=", ".join(names))
        screen = ConfirmScreen(t("tui.forget.title"), body, t("roster.forget_confirm"),
                               t("tui.forget.confirm_button"), danger=True)

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._forget(message.guardian_id)

        self.app.push_screen(screen, confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-write")
    def _forget(self, guardian_id: int) -> None:
        with self.store.session() as db:
            counts = roster.forget(db, guardian_id=guardian_id)
        self.post_message(FamilyErased(counts))

    @on(FamilyErased)
    def _family_erased(self, message: FamilyErased) -> None:
        self.notify(t("roster.forgotten", **message.counts), markup=False)
        self._refresh_all()

    def _import_closed(self, summary: str | None) -> None:
        if summary:
            self.notify(summary, title=t("tui.import.title"), timeout=10, markup=False)
            self._refresh_all()

    def _export_chosen(self, choice: ExportChoice | None) -> None:
        if choice is not None:
            self._export(choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-export")
    def _export(self, choice: ExportChoice) -> None:
        with self.store.session() as db:
            count = export_roster(db, choice.path, choice.filter, excel=choice.excel,
                                  redacted=choice.redact)
        self.post_message(RosterExported(count, str(choice.path)))

    @on(RosterExported)
    def _roster_exported(self, message: RosterExported) -> None:
        self.notify(t("roster.exported", count=message.count, path=message.path),
                    markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)
