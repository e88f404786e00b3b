"""The roster section: a paged, searchable, filterable table of guardians and its actions."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Static
from textual.worker import Worker

from outreach.common import clock
from outreach.common.formats import show_day
from outreach.common.i18n import N_, NP_, t, tn
from outreach.common.tabular import XLSX
from outreach.erasure.classes import (
    ClassErasure,
    ClassForgotten,
    class_forgotten_summary,
    plan_class_erasure,
)
from outreach.roster import guardians as roster
from outreach.roster.export import export_roster
from outreach.roster.records import Guardian
from outreach.roster.students import StudentFilter, count_students
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.failures import notify_failure
from outreach_screens.key_gate import KeysWaitFor
from outreach_screens.roster.class_erase import ClassEraseDialog
from outreach_screens.roster.consent_dialog import ConsentChoice, ConsentDialog
from outreach_screens.roster.export_dialog import ExportChoice, ExportDialog
from outreach_screens.roster.forget_flow import FamilyForgetting
from outreach_screens.roster.guardian_form import GuardianForm
from outreach_screens.roster.import_wizard import ImportWizard
from outreach_screens.roster.rows import (
    child_text,
    children_labels,
    consent_now,
    detail_line,
    year_old_before,
)
from outreach_screens.roster.students import StudentsScreen
from outreach_screens.store import Store
from outreach_screens.widgets.file_watch import FileWatch
from outreach_screens.widgets.guardian_finder import FinderScreen, GuardianFinder
from outreach_screens.widgets.key_footer import KeyFooter


class TotalCounted(Message):
    def __init__(self, total: int, lone: int) -> None:
        super().__init__()
        self.total = total
        self.lone = lone


class GuardianSaved(Message):
    def __init__(self, guardian_id: int, created: bool, changed: bool, extension: str | None = None) -> None:
        super().__init__()
        self.guardian_id = guardian_id
        self.created = created
        self.changed = changed
        self.extension = extension  # typed after the phone, kept in the notes


class GuardianRefused(Message):
    """Saving a guardian refused: the form's values and why, per field."""

    def __init__(self, values: dict[str, str], errors: dict[str, str], guardian_id: int | None = None,
                 questioned: bool = False) -> None:
        super().__init__()
        self.values = values
        self.errors = errors
        self.guardian_id = guardian_id  # None: a new one
        self.questioned = questioned  # only the e-mail's domain was doubted: saving again keeps it


class ConsentChanged(Message):
    def __init__(self, change: roster.ConsentChange, text: str) -> None:
        super().__init__()
        self.change = change
        self.text = text


class ConsentUndone(Message):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class ClassCounted(Message):
    def __init__(self, group: str, guardian_ids: list[int], withdrawn: int) -> None:
        super().__init__()
        self.group = group
        self.guardian_ids = guardian_ids
        self.withdrawn = withdrawn


class ClassErasurePlanned(Message):
    def __init__(self, plan: ClassErasure) -> None:
        super().__init__()
        self.plan = plan


class GuardianRemoved(Message):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class RosterExported(Message):
    def __init__(self, count: int, path: str) -> None:
        super().__init__()
        self.count = count
        self.path = path


class RosterScreen(FinderScreen):
    """Guardians with their children, phone and consent; search, filter, edit, import, export."""

    CSS_PATH = Path(__file__).with_name("screen.tcss")
    AUTO_FOCUS = "#roster-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash,full_stop", "focus_search", N_("Search"), key_display="/",
                tooltip=N_("Search by any part of a name, phone or e-mail"), show=False, id="roster.search"),
        Binding("a,ф", "add", N_("Add"), tooltip=N_("Add a guardian"), id="roster.add"),
        Binding("e,у", "edit", N_("Edit"), tooltip=N_("Edit the highlighted guardian"), id="roster.edit"),
        Binding("c,с", "consent", N_("Consent"), tooltip=N_("Record consent given or withdrawn: asks for the date and scope first"),
                id="roster.consent"),
        Binding("C,С", "consent_class", N_("Class consent"),
                tooltip=N_("Record consent for every guardian of the class chosen in the filter"), key_display="shift+c",
                id="roster.consent_class"),
        Binding("ctrl+z", "undo_consent", N_("Undo consent"),
                tooltip=N_("Put back the consent as it was before the last change"), id="roster.undo_consent"),
        Binding("r,к", "remove_guardian", N_("Remove parent"), tooltip=N_("Remove only this guardian (contacts, links to the children); the children stay"),
                id="roster.remove_guardian"),
        Binding("f,а", "forget", N_("Forget family"), tooltip=N_("Erase the whole family of the highlighted guardian everywhere: parents and children (152-FZ)"),
                id="roster.forget"),
        Binding("F,А", "erase_class", N_("Erase this class's data…"),
                tooltip=N_("The class chosen in the filter leaves the school: erase its students, and the parents with no child in another class (152-FZ)"),
                key_display="shift+f", id="roster.erase_class"),
        Binding("i,ш", "import", NP_("tui.key.import", "Import"), tooltip=N_("Import a roster from CSV or XLSX"),
                id="roster.import"),
        Binding("x,ч", "export", N_("Export"), tooltip=N_("Export the guardians shown to a CSV file"),
                id="roster.export"),
        Binding("s,ы", "students", N_("Students"), tooltip=N_("Every student by class, with their parents: rename, move, remove"),
                id="roster.students"),
        Binding("g,п", "focus_group", N_("Group"), tooltip=N_("Show the guardians of one group"), show=False,
                id="roster.group"),
        Binding("y,н", "consent_due(True)", N_("Consent to collect"),
                tooltip=N_("Show only the guardians to ask for consent: given a year ago or earlier, or never"),
                id="roster.consent_due"),
        Binding("y,н", "consent_due(False)", N_("Everyone"), tooltip=N_("Show every guardian again"),
                id="roster.everyone"),
        Binding("escape", "focus_table", N_("Back to the table"), show=False, id="roster.to_table"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.total = 0
        self.lone = 0  # students without a guardian
        self.highlighted: Guardian | None = None
        self.last_consent: roster.ConsentChange | None = None  # what ctrl+z undoes
        # the guardian (None: a new one) and the e-mail whose domain saving questioned last
        self.questioned_email: tuple[int | None, str] | None = None
        self.forgetting = FamilyForgetting(self, store, erased=self._refresh_all)

    # -- typed accessors ----------------------------------------------------------------

    @property
    def detail(self) -> Static:
        return self.query_one("#detail", Static)

    @property
    def file_watch(self) -> FileWatch:
        return self.query_one(FileWatch)

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield GuardianFinder(self.store, table_id="roster-table",
                             placeholder=t("search by name, phone or e-mail"),
                             all_groups=t("All groups"), children_elsewhere=t("children below"))
        with Vertical(id="detail-box"):
            yield Static("", id="detail", markup=False)
        yield FileWatch(self.store.path)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "outreach"
        self.sub_title = f"{t('Roster')} · {self.store.name}"
        self._count_all()

    @on(FileWatch.Changed)
    def _file_changed(self) -> None:
        self._refresh_all()

    def on_screen_resume(self) -> None:
        group = getattr(self.app, "group", None)
        if self.is_mounted and group != self.finder.filter.group:
            self.finder.select_group(group)

    # -- table events ---------------------------------------------------------------------

    @on(GuardianFinder.Loaded)
    def _table_loaded(self, event: GuardianFinder.Loaded) -> None:
        self._show_count(event.count)

    def show_guardian(self, guardian_id: int, text: str) -> None:
        """Search for `text` and put the cursor on `guardian_id` (a jump from another section)."""
        self.finder.show_guardian(guardian_id, text)

    def _show_count(self, shown: int) -> None:
        if self.finder.filter.no_consent_since:
            self.finder.count_label.update(t("Consent to collect: {shown} of {total}", shown=shown, total=self.total))
            return
        if self.finder.filter.group or self.finder.filter.text:
            text = t("Guardians: {shown} of {total}", shown=shown, total=self.total)
        else:
            text = t("Guardians: {total}", total=shown)
        self.finder.count_label.update(t("{text} · children without a parent: {count}", text=text, count=self.lone) if self.lone else text)

    @on(GuardianFinder.Highlighted)
    def _row_highlighted(self, event: GuardianFinder.Highlighted) -> None:
        had = self.highlighted is not None
        self.highlighted = event.guardian
        box = self.query_one("#detail-box")
        if self.highlighted is None:
            box.border_title = ""
            self.detail.update(self._nothing_selected())
        else:
            box.border_title = Content(self.highlighted.full_name)
            self.detail.update(detail_line(self.highlighted, year_old_before()))
        if had != (self.highlighted is not None):
            self.refresh_bindings()

    def _nothing_selected(self) -> str:
        """What the detail box says with no row: how to go on when only students are in."""
        if self.total == 0 and self.lone and not (self.finder.filter.group or self.finder.filter.text):
            return t("No guardians yet, only students: a adds a parent with the child's name and class; i imports a list of parents.")
        return t("No guardian selected.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "consent", "remove_guardian", "forget") and self.highlighted is None:
            return None
        if action in ("consent_class", "erase_class"):
            return self.finder.filter.group is not None
        if action == "undo_consent":
            return self.last_consent is not None
        if action == "consent_due":  # y shows those to ask, then everyone again
            return parameters[:1] != (self.consent_due,)
        return True

    @property
    def consent_due(self) -> bool:
        """Whether the table shows only the guardians to ask for consent."""
        return self.finder.filter.no_consent_since is not None

    @on(GuardianFinder.FilterChanged)
    def _filter_changed(self) -> None:
        self.refresh_bindings()

    # -- workers: reading -----------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-total")
    def _count_all(self) -> None:
        with self.store.session() as db:
            total = roster.count_guardians(db)
            lone = count_students(db, StudentFilter(without_guardians=True))
        self.post_message(TotalCounted(total, lone))

    @on(TotalCounted)
    def _total_counted(self, message: TotalCounted) -> None:
        self.total, self.lone = message.total, message.lone
        if self.highlighted is None:
            self.detail.update(self._nothing_selected())
        if not self.finder.table.is_loading:
            self._show_count(self.finder.table.row_count)

    def _refresh_all(self) -> None:
        """After a write: the table (keeping the cursor), the total and the groups."""
        self.file_watch.seen()
        self.finder.reload(keep_position=True)
        self._count_all()
        self.finder.load_groups()

    # -- actions --------------------------------------------------------------------------

    def action_add(self, values: dict[str, str] | None = None, errors: dict[str, str] | None = None) -> None:
        """The form for a new guardian; opened again with what was typed when saving refused it."""
        if errors is None:  # a new form: nothing typed in it was questioned
            self.questioned_email = None
        values = values or {"group": self.finder.filter.group or ""}
        form = GuardianForm(t("New guardian"), values, groups=self.finder.groups, errors=errors)
        self.app.push_screen(form, self._form_closed(None))

    def action_edit(self, values: dict[str, str] | None = None, errors: dict[str, str] | None = None) -> None:
        """The highlighted guardian's form; opened again with what was typed when saving refused it."""
        if errors is None:
            self.questioned_email = None
        guardian = self.highlighted
        if guardian is None:
            return
        values = values or roster.editable_values(guardian)
        title = t("Edit: {name}", name=guardian.full_name)
        form = GuardianForm(title, values, children=children_labels(guardian),
                            groups=self.finder.groups, errors=errors, kept=guardian.extra_contacts)
        self.app.push_screen(form, self._form_closed(guardian.id))

    def _form_closed(self, guardian_id: int | None) -> Any:
        def closed(values: dict[str, str] | None) -> None:
            if values is not None:
                confirmed = self.questioned_email == (guardian_id, values["email"])
                self._save_guardian(guardian_id, values, confirmed)
        return closed

    def action_consent(self) -> None:
        """Ask (given or withdrawn, the date, the scope); the opposite of now is offered, and
        given again for a consent a year old (September's new forms)."""
        guardian = self.highlighted
        if guardian is None:
            return
        name = guardian.full_name
        about = f"{name}. {consent_now(guardian)}"
        given = not guardian.consent or guardian.consent_given_before(year_old_before())
        dialog = ConsentDialog(t("Consent to personal-data processing"), about, given=given,
                               scope=guardian.consent_scope or "")
        self.app.push_screen(dialog, self._consent_chosen([guardian.id], name))

    def action_consent_due(self, due: bool) -> None:
        """Only the guardians whose consent is a year old or missing (`due`), or everyone."""
        self.finder.set_no_consent_since(year_old_before() if due else None)

    def action_consent_class(self) -> None:
        if self.finder.filter.group is not None:  # keys typed after «C» go to the dialog the count opens
            self.app.post_message(KeysWaitFor(self._count_class(self.finder.filter.group)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-class")
    def _count_class(self, group: str) -> None:
        with self.store.session() as db:
            ids = roster.guardian_ids(db, roster.Filter(group=group))
            withdrawn = sum(1 for state in roster.consent_states(db, ids).values() if state.withdrawn_at)
        self.post_message(ClassCounted(group, ids, withdrawn))

    @on(ClassCounted)
    def _class_counted(self, message: ClassCounted) -> None:
        """The class's guardians counted now are exactly those the change will touch."""
        about = t("This applies to every guardian of class {group}: {count} in all.", group=message.group, count=len(message.guardian_ids))
        if message.withdrawn:
            about += " " + t("Consent given here leaves the {count} who withdrew theirs as they are (record it for one with c).", count=message.withdrawn)
        dialog = ConsentDialog(t("Consent for class {group}", group=message.group), about, given=True)
        self.app.push_screen(dialog, self._consent_chosen(message.guardian_ids, None))

    def _consent_chosen(self, guardian_ids: list[int], name: str | None) -> Any:
        """Recorded, then the table shown again: the keys typed after Enter wait for both (the
        next «c» of a teacher going down the «y» list is for the parent then highlighted)."""
        def chosen(choice: ConsentChoice | None) -> None:
            if choice is not None and guardian_ids:
                self.app.post_message(KeysWaitFor(self._change_consent(guardian_ids, choice, name)))
        return chosen

    def action_undo_consent(self) -> None:
        if self.last_consent is not None:
            self._undo_consent(self.last_consent)

    def action_remove_guardian(self) -> None:
        """This guardian only (contacts, links to the children); the children stay."""
        guardian = self.highlighted
        if guardian is None:
            return
        name = guardian.full_name
        children = ", ".join(child_text(s) for s in guardian.students)
        body = (t("Only {name} leaves the roster, with their contacts and their links to {children}. The children and their other guardians stay.", name=name, children=children) if children
                else t("Only {name} leaves the roster, with their contacts; no child is linked to them.", name=name))
        screen = ConfirmScreen(t("Remove this parent only"), body, t("Remove this parent and keep the children?"),
                               t("Remove parent"), danger=True)

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._remove_guardian(guardian.id, name)

        self.app.push_screen(screen, confirmed)

    def action_forget(self) -> None:
        guardian = self.highlighted
        if guardian is not None:
            self.forgetting.ask(guardian_id=guardian.id)

    def action_erase_class(self) -> None:
        self.erase_class()

    def erase_class(self) -> None:
        """Ask to erase the class chosen in the filter (the key, the command palette)."""
        if self.finder.filter.group is None:
            self.notify(t("Choose the class to erase first: g, then the class in the list."), markup=False)
        else:
            self._plan_class_erasure(self.finder.filter.group)

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-class")
    def _plan_class_erasure(self, group: str) -> None:
        with self.store.session() as db:
            plan = plan_class_erasure(db, group)
        self.post_message(ClassErasurePlanned(plan))

    @on(ClassErasurePlanned)
    def _confirm_class_erasure(self, message: ClassErasurePlanned) -> None:
        self.app.push_screen(ClassEraseDialog(self.store, message.plan), self._class_erased)

    def _class_erased(self, done: ClassForgotten | None) -> None:
        if done is None:
            return
        failed = done["backups_failed"] or done["backups_missing"] or done["waiting_for"] is not None
        self.notify(class_forgotten_summary(done), markup=False, timeout=10,
                    severity="warning" if failed else "information")
        self.finder.select_group(None)
        self._refresh_all()

    def action_import(self) -> None:
        self.app.push_screen(ImportWizard(self.store, self.finder.filter.group), self._import_closed)

    def action_students(self) -> None:
        screen = StudentsScreen(self.store, self.finder.filter.group, self.finder.groups)
        self.app.push_screen(screen, lambda _: self._refresh_all())

    def action_export(self) -> None:
        default = Path.cwd() / f"roster-{clock.today().isoformat()}{XLSX}"
        self.app.push_screen(ExportDialog(default, self.finder.filter), self._export_chosen)

    # -- workers: writing -----------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-write")
    def _save_guardian(self, guardian_id: int | None, values: dict[str, str], confirmed: bool) -> None:
        """`confirmed`: the e-mail was questioned on the last save and is saved as typed."""
        own = {key: values[key] for key in roster.GUARDIAN_EDITABLE}
        child, _ = roster.check_child(values)  # the form checked it
        with self.store.session() as db:
            try:
                if guardian_id is None:
                    saved, changed = roster.add_guardian(db, own, child=child, confirmed=confirmed), True
                else:
                    saved, changed = guardian_id, roster.edit_guardian(db, guardian_id, own, child,
                                                                       confirmed=confirmed)
            except roster.SuspiciousEmail as doubt:
                self.post_message(GuardianRefused(values, {"email": t("{question} Save again to keep it as typed.", question=doubt.reason)},
                                                  guardian_id, questioned=True))
                return
            except roster.InvalidField as refused:  # one already in the roster, say
                self.post_message(GuardianRefused(values, {refused.field: refused.reason}, guardian_id))
                return
        self.post_message(GuardianSaved(saved, created=guardian_id is None, changed=changed,
                                        extension=roster.phone_extension(own)))

    @on(GuardianRefused)
    def _guardian_refused(self, message: GuardianRefused) -> None:
        self.questioned_email = (message.guardian_id, message.values["email"]) if message.questioned else None
        highlighted = self.highlighted
        if message.guardian_id is None:
            self.action_add(message.values, message.errors)
        elif highlighted is not None and highlighted.id == message.guardian_id:
            self.action_edit(message.values, message.errors)
        else:  # the list moved meanwhile: the reason at least
            self.notify(next(iter(message.errors.values())), severity="error", markup=False)

    @on(GuardianSaved)
    def _guardian_saved(self, message: GuardianSaved) -> None:
        self.questioned_email = None
        text = (t("Guardian added, id {id}.", id=message.guardian_id) if message.created
                else t("Saved.") if message.changed else t("Nothing changed."))
        if message.extension is not None:
            text += " " + t("The phone is saved without its extension {extension}; the extension is kept in the notes.",
                            extension=message.extension)
        self.notify(text, markup=False)
        if message.changed:
            self._refresh_all()

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-write")
    def _change_consent(self, guardian_ids: list[int], choice: ConsentChoice,
                        name: str | None) -> None:
        with self.store.session() as db:
            change = roster.change_consent(db, guardian_ids, choice.given, choice.day, choice.scope,
                                           keep_withdrawn=name is None)
        if name is not None:
            key = N_("Consent recorded for {name} on {day}.") if choice.given else N_("Consent of {name} recorded as withdrawn on {day}.")
            text = t(key, name=name, day=show_day(choice.day))
        else:
            text = (tn("Consent recorded for {n} guardian.", "Consent recorded for {n} guardians.", change.count) if choice.given
                    else tn("Consent withdrawal recorded for {n} guardian.", "Consent withdrawal recorded for {n} guardians.",
                            change.count))
            if change.kept:
                text += " " + t("Left as they are: {count} who withdrew their consent.", count=len(change.kept))
        self.post_message(ConsentChanged(change, text))

    @on(ConsentChanged)
    def _consent_changed(self, message: ConsentChanged) -> None:
        self.last_consent = message.change
        self.refresh_bindings()
        self.notify(f"{message.text} {t('To undo, press ctrl+z.')}", markup=False, timeout=10)
        self.app.post_message(KeysWaitFor(self.finder.reload(keep_position=True)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-write")
    def _undo_consent(self, change: roster.ConsentChange) -> None:
        with self.store.session() as db:
            count = roster.undo_consent(db, change)
        self.post_message(ConsentUndone(count))

    @on(ConsentUndone)
    def _consent_undone(self, message: ConsentUndone) -> None:
        self.last_consent = None
        self.refresh_bindings()
        text = (t("Consent put back as it was (guardians: {count}).", count=message.count) if message.count
                else t("Nothing to undo: the consent has been changed since."))
        self.notify(text, markup=False)
        self.finder.reload(keep_position=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster-write")
    def _remove_guardian(self, guardian_id: int, name: str) -> None:
        with self.store.session() as db:
            roster.remove_guardian(db, guardian_id)
        self.post_message(GuardianRemoved(name))

    @on(GuardianRemoved)
    def _guardian_removed(self, message: GuardianRemoved) -> None:
        self.notify(t("{name} removed from the roster; the children stay.", name=message.name), markup=False)
        self._refresh_all()

    def _import_closed(self, summary: str | None) -> None:
        if summary:
            self.notify(summary, title=t("Import a roster"), timeout=10, markup=False)
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
        self.notify(t("Rows written to {path}: {count}.", count=message.count, path=message.path),
                    markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)
