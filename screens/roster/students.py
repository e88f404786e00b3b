"""The students of the roster: every child by class and name with their parents, paged from
SQLite; add, rename or move to another class, remove; those still without a parent at a key."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Header, Input, Label
from textual.worker import Worker

from outreach.common.groups import canonical_group
from outreach.common.i18n import N_, t, tn
from outreach.contest.store import student_teams
from outreach.roster import classes, students
from outreach.roster import guardians as roster
from outreach.roster.records import Student
from outreach.roster.relations import relation_label
from outreach_screens.bindings import LocalizedScreen
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.failures import notify_failure
from outreach_screens.roster.field_form import FieldForm
from outreach_screens.roster.forget_flow import FamilyForgetting
from outreach_screens.store import FilteredSource, Store
from outreach_screens.widgets.file_watch import FileWatch
from outreach_screens.widgets.guardian_finder import SEARCH_DELAY
from outreach_screens.widgets.key_footer import KeyFooter
from outreach_screens.widgets.paged_table import PagedTable, TableRow
from outreach_screens.widgets.table_layout import Column


def parents_text(student: Student) -> str:
    """`мать: Петрова Анна; отец: Петров Илья`, or a dash."""
    parts = []
    for parent in student.parents:
        name = parent.short_name
        relation = parent.relation or ""
        parts.append(f"{relation_label(relation)}: {name}" if relation else name)
    return "; ".join(parts) or "—"


def student_row(student: Student) -> TableRow:
    return TableRow(student.id, (student.full_name, student.group or "",
                                         parents_text(student)), student)


class StudentForm(FieldForm):
    """A student's name parts and class (suggested from the classes there are)."""

    FIELDS = students.STUDENT_EDITABLE
    HINTED = ("group",)

    def errors_of(self, values: dict[str, str]) -> dict[str, str]:
        return students.check_student(values)[1]


class ClassMoveForm(FieldForm):
    """The new name of a whole class, suggested a year up (10А → 11А)."""

    FIELDS = ("group",)  # no example placeholder: «10А» in a cleared field read as the class typed

    def __init__(self, source: str, groups: list[str]) -> None:
        super().__init__(t("Move the whole class {group} to", group=source),
                         {"group": classes.next_class(source)}, groups=groups)
        self.source = source

    def errors_of(self, values: dict[str, str]) -> dict[str, str]:
        target = canonical_group(values.get("group"))
        if not target:
            return {"group": t("Name the class to move {group} to.", group=self.source)}
        if target == self.source:
            return {"group": t("The class {group} is already called so: nothing to move.", group=self.source)}
        return {}


class ClassPlanned(Message):
    def __init__(self, plan: classes.ClassMove) -> None:
        super().__init__()
        self.plan = plan


class ClassMoved(Message):
    def __init__(self, plan: classes.ClassMove) -> None:
        super().__init__()
        self.plan = plan


class StudentSaved(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class StudentsScreen(LocalizedScreen[None]):
    """Opened from the roster (`s`); follows the roster's class filter; escape goes back."""

    CSS_PATH = Path(__file__).with_name("students.tcss")
    AUTO_FOCUS = "#students-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash,full_stop", "focus_search", N_("Search"), key_display="/",
                show=False, id="students.search"),
        Binding("a,ф", "add", N_("Add"), tooltip=N_("Add a student to a class"), id="students.add"),
        Binding("e,у", "edit", N_("Edit"), tooltip=N_("Rename, or move to another class"),
                id="students.edit"),
        Binding("delete,d,в", "remove", N_("Remove"), id="students.remove"),
        Binding("f,а", "forget", N_("Forget family"), tooltip=N_("Erase the selected student's family everywhere (152-FZ)"),
                id="students.forget"),
        Binding("m,ь", "move_class", N_("Move class"),
                tooltip=N_("Move the whole class of the highlighted student at once (a year up: 10А → 11А)"),
                id="students.move_class"),
        Binding("w,ц", "toggle_lone", N_("Without parents"), id="students.lone"),
        Binding("escape", "back", N_("Back"), id="students.back"),
    ]

    def __init__(self, store: Store, group: str | None, groups: list[str]) -> None:
        super().__init__()
        self.store = store
        self.group = group
        self.groups = groups
        self.lone_only = False
        self._search_timer: Timer | None = None
        self.forgetting = FamilyForgetting(self, store, erased=self._family_erased)

    @property
    def table(self) -> PagedTable:
        return self.query_one("#students-table", PagedTable)

    @property
    def search_input(self) -> Input:
        return self.query_one("#student-search", Input)

    @property
    def file_watch(self) -> FileWatch:
        return self.query_one(FileWatch)

    @property
    def filter(self) -> students.StudentFilter:
        return students.StudentFilter(self.group, self.search_input.value.strip() or None,
                                    self.lone_only)

    @property
    def highlighted(self) -> Student | None:
        row = self.table.highlighted_row
        return row.data if row is not None else None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="students-toolbar"):
            yield Label("/", id="search-key")
            yield Input(placeholder=t("search by any part of the name"), id="student-search", compact=True)
            yield Label("", id="student-count")
        table = PagedTable([Column(t("Student"), ratio=4), Column(t("Class"), ratio=0),
                            Column(t("Parents"), ratio=5)],
                           id="students-table", empty_text=t("No students here. Press a to add one."))
        table.tooltip = t("Students: ↑↓ to move; the keys in the footer act on the highlighted one")
        yield table
        yield FileWatch(self.store.path)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "outreach"
        scope = self.group or t("All groups")
        self.sub_title = f"{t('Students')} · {scope} · {self.store.name}"
        self._reload(keep_position=False)

    @on(FileWatch.Changed)
    def _file_changed(self) -> None:
        self._reload()

    def _reload(self, keep_position: bool = True) -> None:
        source = FilteredSource(self.store, self.filter, students.count_students,
                                students.list_students, student_row)
        self.table.load(source, keep_position=keep_position)

    @on(PagedTable.Loaded)
    def _loaded(self, event: PagedTable.Loaded) -> None:
        key = N_("{count} without a parent") if self.lone_only else N_("Students: {count}")
        self.query_one("#student-count", Label).update(t(key, count=event.count))

    @on(Input.Changed, "#student-search")
    def _search_changed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self._reload(False))

    @on(Input.Submitted, "#student-search")
    def _search_submitted(self) -> None:
        self._reload(False)
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove", "forget", "move_class") and self.highlighted is None:
            return None
        return True

    @on(PagedTable.Highlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    # -- actions --------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.search_input.focus()

    def action_back(self) -> None:
        if self.focused is self.search_input:
            self.table.focus()
        else:
            self.dismiss(None)

    def action_toggle_lone(self) -> None:
        self.lone_only = not self.lone_only
        self._reload(False)

    def action_add(self) -> None:
        form = StudentForm(t("New student"), {"group": self.group or ""},
                           groups=self.groups)
        self.app.push_screen(form, self._form_closed(None))

    def action_edit(self) -> None:
        student = self.highlighted
        if student is None:
            return
        values = {key: student.value(key) or "" for key in students.STUDENT_EDITABLE}
        form = StudentForm(t("Edit: {name}", name=student.full_name), values,
                           groups=self.groups)
        self.app.push_screen(form, self._form_closed(student.id))

    def _form_closed(self, student_id: int | None) -> Any:
        def closed(values: dict[str, str] | None) -> None:
            if values is not None:
                self._save(student_id, values)
        return closed

    def action_remove(self) -> None:
        student = self.highlighted
        if student is not None:
            self._find_teams(student)

    @work(thread=True, exclusive=True, exit_on_error=False, group="students-teams")
    def _find_teams(self, student: Student) -> None:
        with self.store.session() as db:
            teams = student_teams(db, student.id)
            alone = [parent.short_name for parent in student.parents  # no other child in the roster
                     if not db.execute("SELECT 1 FROM student_guardians WHERE guardian_id = ? AND student_id != ?",
                                       [parent.id, student.id]).fetchone()]
        self.app.call_from_thread(self._confirm_remove, student, teams, alone)

    def _confirm_remove(self, student: Student, teams: list[str], alone: list[str] | None = None) -> None:
        name = student.full_name
        body = t("{name} leaves the roster; the links to the parents ({parents}) go too, the parents stay.", name=name, parents=parents_text(student))
        if teams:
            body += " " + t("Their place in the contest goes too ({teams}): the team keeps its name and its results, without its driver.", teams=", ".join(teams))
        if alone:
            body += " " + t("Left without a child in the roster: {parents}; their contacts and consent stay. To erase the family's personal data instead: Esc, then f (Forget family).", parents=", ".join(alone))
        screen = ConfirmScreen(t("Remove a student"), body, t("Remove this student?"), t("Remove"),
                               danger=True)

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._remove(student.id, name)

        self.app.push_screen(screen, confirmed)

    def action_forget(self) -> None:
        student = self.highlighted
        if student is not None:
            self.forgetting.ask(student_id=student.id)

    def action_move_class(self) -> None:
        """Ask the new name (a year up suggested), then say what moves and ask again."""
        student = self.highlighted
        source = self.group or (student.group if student is not None else None)
        if not source:
            return

        def named(values: dict[str, str] | None) -> None:
            if values is not None:
                self._plan_move(source, values["group"])

        self.app.push_screen(ClassMoveForm(source, self.groups), named)

    @work(thread=True, exclusive=True, exit_on_error=False, group="students-plan")
    def _plan_move(self, source: str, target: str) -> None:
        with self.store.session() as db:
            plan = classes.plan_class_move(db, source, target)
        self.post_message(ClassPlanned(plan))

    @on(ClassPlanned)
    def _confirm_move(self, message: ClassPlanned) -> None:
        plan = message.plan
        screen = ConfirmScreen(t("Move a whole class"), classes.move_summary(plan),
                               t("Move {source} to {target}?", source=plan.source, target=plan.target),
                               t("Move"))

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._move(plan)

        self.app.push_screen(screen, confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="students-write")
    def _move(self, plan: classes.ClassMove) -> None:
        with self.store.session() as db:
            done = classes.move_class(db, plan.source, plan.target)
        self.post_message(ClassMoved(done))

    @on(ClassMoved)
    def _moved(self, message: ClassMoved) -> None:
        plan = message.plan
        self.groups = sorted({*(g for g in self.groups if g != plan.source), plan.target})
        if self.group == plan.source:  # the list follows the class to its new name
            self.group = plan.target
            self.sub_title = f"{t('Students')} · {plan.target} · {self.store.name}"
        if hasattr(self.app, "group") and self.app.group == plan.source:
            self.app.group = plan.target
        self.notify(tn("{source} → {target}: {n} student moved.", "{source} → {target}: {n} students moved.", plan.moving,
                       source=plan.source, target=plan.target), markup=False)
        self.file_watch.seen()
        self._reload()

    def _family_erased(self) -> None:
        self.file_watch.seen()
        self._reload()

    # -- workers: writing -----------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="students-write")
    def _save(self, student_id: int | None, values: dict[str, str]) -> None:
        clean, _ = students.check_student(values)  # the form checked it
        with self.store.session() as db:
            if student_id is None:
                new_id = roster.add_student(db, clean["surname"], clean["name"],
                                            clean["patronymic"], clean["group"])
                text = t("Student added, id {id}.", id=new_id)
            else:
                changed = roster.edit_student(db, student_id, dict(clean))
                text = t("Saved.") if changed else t("Nothing changed.")
        self.post_message(StudentSaved(text))

    @work(thread=True, exclusive=True, exit_on_error=False, group="students-write")
    def _remove(self, student_id: int, name: str) -> None:
        with self.store.session() as db:
            roster.remove_student(db, student_id)
        self.post_message(StudentSaved(t("{name} removed.", name=name)))

    @on(StudentSaved)
    def _saved(self, message: StudentSaved) -> None:
        self.notify(message.text, markup=False)
        self.file_watch.seen()
        self._reload()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failure(self, event)
