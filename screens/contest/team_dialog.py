"""Entering or editing a contest team in the app: the student driver, the parents the roster
links to them (ticked), another adult only after an explicit confirmation, the start number
(the next free one suggested)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from outreach.common.errors import OutreachError
from outreach.common.i18n import N_, pt, t
from outreach.contest import store as contests
from outreach.roster import guardians as roster
from outreach.roster.records import Guardian, Student
from outreach.roster.students import StudentFilter, get_student, list_students
from outreach_screens.bindings import LocalizedModalScreen
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.dialogs import button_row
from outreach_screens.failures import notify_failure
from outreach_screens.key_gate import KeysWaitFor
from outreach_screens.roster.rows import child_text
from outreach_screens.store import Store

FOUND = 5  # how many matches each search lists


@dataclass(frozen=True)
class TeamChoice:
    """What the teacher confirmed: `any_guardian` only after saying yes to a relative."""

    student_id: int | None  # None only for an edited team whose student was forgotten
    guardian_ids: list[int]
    name: str | None
    any_guardian: bool
    number: int | None  # None: the suggested one, taken as the next free number when saved


class TeamLoaded(Message):
    """The suggested start number, and for an edited team its student as the roster has them."""

    def __init__(self, number: int, student: Student | None) -> None:
        super().__init__()
        self.number = number
        self.student = student


class StudentsFound(Message):
    """The students matching `typed`; `chosen`: Enter was pressed on the search (go to them)."""

    def __init__(self, students: list[Student], typed: str, chosen: bool) -> None:
        super().__init__()
        self.students = students
        self.typed = typed
        self.chosen = chosen


class AdultsFound(Message):
    """The adults matching `typed`; `chosen`: Enter was pressed on the search."""

    def __init__(self, guardians: list[Guardian], typed: str, chosen: bool) -> None:
        super().__init__()
        self.guardians = guardians
        self.typed = typed
        self.chosen = chosen


class RelativeAdded(Message):
    """A relative typed in the search, added to the roster and linked to the student."""

    def __init__(self, guardian_id: int, name: str) -> None:
        super().__init__()
        self.guardian_id = guardian_id
        self.name = name


class TeamDialog(LocalizedModalScreen[TeamChoice | None]):
    """Search the student, tick the parents; a guardian found by the second search who is not
    linked to the student is marked so and needs a yes before the team is entered."""

    CSS_PATH = Path(__file__).with_name("team_dialog.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="team_dialog.cancel"),
        Binding("ctrl+s", "save", N_("Save"), tooltip=N_("Check the fields and save"), id="team_dialog.save"),
    ]

    def __init__(self, store: Store, contest_id: int, team: contests.Team | None = None) -> None:
        super().__init__()
        self.store = store
        self.contest_id = contest_id
        self.team = team
        self.student: Student | None = None
        self.names: dict[int, str] = {}  # guardian id → name, for the confirmation
        self.unlinked: set[int] = set()
        self.relatives: set[int] = set()  # an edited team's relatives, confirmed when entered
        self._found: dict[str, Student | Guardian] = {}
        self.suggested: int | None = None

    @property
    def guardian_list(self) -> SelectionList[int]:
        return self.query_one("#team-guardians", SelectionList)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog") as dialog:
            dialog.border_title = (t("New team") if self.team is None else
                                   t("Team №{number}: {name}", number=self.team.number,
                                     name=self.team.name))
            yield Label(t("Student driver"))
            yield Input(id="team-student", placeholder=t("any part of the name, enter to choose"), compact=True,
                        disabled=self.team is not None)
            yield self._matches("team-students")
            yield Label(t("Parents in the team (space ticks or unticks)"))
            yield SelectionList[int](id="team-guardians", compact=True)
            yield Label(t("Another adult from the roster (a relative)"))
            yield Input(id="team-adult", placeholder=t("any part of the name, enter to choose"), compact=True)
            yield self._matches("team-adults")
            yield Label(t("Team name"))
            with Horizontal(id="team-name-number"):
                yield Input((self.team.given_name or "") if self.team else "", id="team-name",
                            placeholder=t("by default the family's surname"), compact=True)
                yield Label(t("Start №"), id="team-number-label")
                yield Input(id="team-number", compact=True, type="integer")
            yield Static("", id="team-error", markup=False)
            yield from button_row(t("Enter the team") if self.team is None else t("Save"),
                                  t("Cancel"), go_id="save")

    @staticmethod
    def _matches(id: str) -> OptionList:
        """A search's matches: a stop for Tab only while it lists someone."""
        matches = OptionList(id=id, compact=True)
        matches.can_focus = False
        return matches

    def on_mount(self) -> None:
        self.app.post_message(KeysWaitFor(self._load()))  # keys typed after «a» go to the team as loaded
        if self.team is None:
            self.query_one("#team-student", Input).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="team-load")
    def _load(self) -> None:
        with self.store.session() as db:
            number = self.team.number if self.team else contests.next_number(db, self.contest_id)
            student = self.team.student if self.team else None
            found = get_student(db, student.person_id) if student else None
        self.post_message(TeamLoaded(number, found))

    @on(TeamLoaded)
    def _loaded(self, message: TeamLoaded) -> None:
        self.suggested = message.number
        self.query_one("#team-number", Input).value = str(message.number)
        if self.team is None:
            return
        if message.student is not None:
            self._show_student(message.student)
        in_team = {m.person_id for m in self.team.guardians}
        for member in self.team.guardians:
            if member.person_id not in self.names:  # a relative entered with a yes
                self._add_adult(member.person_id, f"{member.surname} {member.name}".strip(),
                                linked=message.student is None)
                self.unlinked.discard(member.person_id)
                self.relatives.add(member.person_id)
        for index in range(self.guardian_list.option_count):
            gid = self.guardian_list.get_option_at_index(index).value
            if gid not in in_team:
                self.guardian_list.deselect(gid)
        self.guardian_list.focus()

    # -- searching ------------------------------------------------------------------------

    @on(Input.Changed, "#team-student")
    def _student_typed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self._find_students(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="team-students")
    def _find_students(self, text: str, chosen: bool = False) -> None:
        with self.store.session() as db:
            found = list_students(db, StudentFilter(text=text), limit=FOUND)
        self.post_message(StudentsFound(found, text, chosen))

    @on(StudentsFound)
    def _students_found(self, message: StudentsFound) -> None:
        matches = self.query_one("#team-students", OptionList)
        self._fill(matches, "student", message.students)
        if message.chosen and not message.students:
            self._error(t("No student in the roster matches «{typed}»; a student is added in Roster (key 1), Students (s).",
                          typed=message.typed.strip()))
        elif message.chosen and len(message.students) == 1:
            self._choose_student(message.students[0])
        elif message.chosen:
            self._to_first(matches)

    @on(Input.Changed, "#team-adult")
    def _adult_typed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self._find_adults(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="team-adults")
    def _find_adults(self, text: str, chosen: bool = False) -> None:
        with self.store.session() as db:
            found = roster.list_guardians(db, roster.Filter(text=text), limit=FOUND)
        self.post_message(AdultsFound(found, text, chosen))

    @on(AdultsFound)
    def _adults_found(self, message: AdultsFound) -> None:
        matches = self.query_one("#team-adults", OptionList)
        self._fill(matches, "adult", message.guardians)
        if message.chosen and len(message.guardians) == 1:
            self._choose_adult(message.guardians[0])
        elif message.chosen and message.guardians:
            self._to_first(matches)
        elif message.chosen:
            self._ask_new_relative(message.typed.strip())

    def _ask_new_relative(self, typed: str) -> None:
        """Nobody in the roster by that name: offer to add them as the student's relative."""
        student = self.student
        if student is None:
            self._error(t("Choose the student driver first."))
            return
        body = t("Nobody in the roster matches «{typed}». They can be added to it as a relative of {student}: the name only, without contacts and without consent to messages (both can be added in Roster later).",
                 typed=typed, student=child_text(student))
        question = ConfirmScreen(t("Not in the roster"), body, t("Add them to the roster and to the team?"),
                                 pt("contest.team.relative", "Add"))

        def answered(yes: bool | None) -> None:
            if yes:
                self._add_relative(student.id, typed)

        self.app.push_screen(question, answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="team-relative")
    def _add_relative(self, student_id: int, typed: str) -> None:
        with self.store.session() as db:
            gid = roster.add_relative(db, student_id, typed)
            name = roster.get_guardian(db, gid).full_name
        self.post_message(RelativeAdded(gid, name))

    @on(RelativeAdded)
    def _relative_added(self, message: RelativeAdded) -> None:
        self._done_searching("team-adult", "team-adults", "")
        self._add_adult(message.guardian_id, message.name, linked=True)
        self._error("")
        self.guardian_list.focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "team-relative" and isinstance(event.worker.error, OutreachError):
            self._error(event.worker.error.message)
            return
        notify_failure(self, event)

    def _error(self, text: str) -> None:
        self.query_one("#team-error", Static).update(text)

    def _fill(self, options: OptionList, kind: str, people: Sequence[Student | Guardian]) -> None:
        options.clear_options()
        options.can_focus = bool(people)  # an empty list is no stop for Tab on the way to Save
        for person in people:
            key = f"{kind}-{person.id}"
            self._found[key] = person
            label = child_text(person) if isinstance(person, Student) else person.full_name
            options.add_option(Option(label, id=key))

    @on(Input.Submitted, "#team-student")
    @on(Input.Submitted, "#team-adult")
    def _to_matches(self, event: Input.Submitted) -> None:
        """Enter on a search, once the search for what is typed is done: the one match
        chosen, as the hint «enter to choose» says; of several, the first highlighted (Enter
        there chooses it)."""
        if not event.value.strip():
            return
        if event.input.id == "team-student":
            self._find_students(event.value, chosen=True)
        else:
            self._find_adults(event.value, chosen=True)

    @staticmethod
    def _to_first(matches: OptionList) -> None:
        matches.highlighted = 0
        matches.focus()

    @on(Input.Submitted, "#team-name")
    @on(Input.Submitted, "#team-number")
    def _save_on_enter(self) -> None:
        """Enter in the name or the start number enters the team, as the button does."""
        self.action_save()

    # -- choosing -------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#team-students")
    def _student_chosen(self, event: OptionList.OptionSelected) -> None:
        student = self._found[str(event.option_id)]
        if isinstance(student, Student):
            self._choose_student(student)

    def _choose_student(self, student: Student) -> None:
        self._show_student(student)
        self.guardian_list.focus()

    def _show_student(self, student: Student) -> None:
        """The chosen student in the search field, their parents ticked below."""
        self.student = student
        self._done_searching("team-student", "team-students", child_text(student))
        self.unlinked.clear()
        self.names.clear()
        guardians = self.guardian_list
        guardians.clear_options()
        for parent in student.parents:
            self.names[parent.id] = parent.full_name
            guardians.add_option((parent.full_name, parent.id, True))

    @on(OptionList.OptionSelected, "#team-adults")
    def _adult_chosen(self, event: OptionList.OptionSelected) -> None:
        adult = self._found[str(event.option_id)]
        if isinstance(adult, Guardian):
            self._choose_adult(adult)

    def _choose_adult(self, adult: Guardian) -> None:
        """Another adult ticked in the team, unless already there (or no student chosen)."""
        gid = adult.id
        self._done_searching("team-adult", "team-adults", "")
        if self.student is None or gid in self.guardian_list.selected or gid in self.names:
            return
        self._add_adult(gid, adult.full_name,
                        linked=gid in self.student.guardians)
        self.guardian_list.focus()

    def _add_adult(self, gid: int, name: str, linked: bool) -> None:
        """Another adult, ticked; one the roster does not link to the student is marked so."""
        self.names[gid] = name
        if not linked:
            self.unlinked.add(gid)
        self.guardian_list.add_option((name if linked else t("{name} — not linked to this student", name=name),
                                       gid, True))

    def _done_searching(self, field: str, matches: str, value: str) -> None:
        """Show the choice in the search field; its list of matches empties."""
        search = self.query_one(f"#{field}", Input)
        with search.prevent(Input.Changed):
            search.value = value
        found = self.query_one(f"#{matches}", OptionList)
        found.clear_options()
        found.can_focus = False

    # -- saving ---------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        error = self.query_one("#team-error", Static)
        if self.student is None and self.team is None:
            error.update(t("Choose the student driver first."))
            return
        chosen = list(self.guardian_list.selected)
        if not chosen:
            error.update(t("Parents in the team: tick at least one (space)."))  # the CLI's names --guardian
            return
        typed = self._number()
        if typed is None:
            return
        # the suggestion untouched: the next free number when saved (another desk may enter a team)
        number = None if self.team is None and typed == self.suggested else typed
        name = " ".join(self.query_one("#team-name", Input).value.split()) or None
        strangers = [gid for gid in chosen if gid in self.unlinked]
        student_id = self.student.id if self.student else None
        relatives = bool(strangers) or any(gid in self.relatives for gid in chosen)
        choice = TeamChoice(student_id, chosen, name, any_guardian=relatives, number=number)
        if not strangers:
            self.dismiss(choice)
            return
        body = t("The roster does not link {names} to {student}.", names=", ".join(self.names[g] for g in strangers),
                 student=child_text(self.student) if self.student else "")
        question = ConfirmScreen(t("Not this student's parent"), body, t("Enter them in the team all the same, as a relative?"),
                                 t("Yes, a relative"))

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(choice)

        self.app.push_screen(question, answered)

    def _number(self) -> int | None:
        """The start number typed, or None with the reason shown under the fields."""
        typed = self.query_one("#team-number", Input).value.strip()
        number = int(typed) if typed.isdigit() else 0
        if number < 1:
            self.query_one("#team-error", Static).update(t(
                "{field}: {reason}", field=t("Start №"),
                reason=t("The start number must be a positive whole number, not {number}.", number=typed or "—")))
            self.query_one("#team-number", Input).focus()
            return None
        return number

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
