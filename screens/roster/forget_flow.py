"""Forgetting a family from a screen: find whom it takes, ask with their names, erase in a
worker, say what was erased (152-FZ erasure; the domain call is `roster.forget`)."""

from __future__ import annotations

from textual import work
from textual.message import Message
from textual.screen import Screen

from outreach.common.i18n import t
from outreach.erasure.forget import forget_family, forgotten_summary
from outreach.roster import guardians as roster
from outreach.roster.students import get_student
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.roster.rows import full_name
from outreach_screens.store import Store

Target = tuple[int | None, int | None]  # (guardian id, student id): one of them


class FamilyFound(Message):
    def __init__(self, target: Target, guardians: list[str], students: list[str]) -> None:
        super().__init__()
        self.target = target
        self.guardians = guardians
        self.students = students


class FamilyErased(Message):
    def __init__(self, counts: dict[str, object]) -> None:
        super().__init__()
        self.counts = counts


class ForgetsFamilies(Screen[None]):
    """`ask_to_forget(guardian_id=…)` or `(student_id=…)`; `family_erased` runs afterwards."""

    store: Store

    def ask_to_forget(self, guardian_id: int | None = None, student_id: int | None = None) -> None:
        self._find_family((guardian_id, student_id))

    @work(thread=True, exclusive=True, exit_on_error=False, group="forget-find")
    def _find_family(self, target: Target) -> None:
        with self.store.session() as db:
            guardians, students = roster.family(db, *target)
            guardian_names = [full_name(roster.get_guardian(db, g)) for g in sorted(guardians)]
            student_names = []
            for sid in sorted(students):
                student = get_student(db, sid)
                name = full_name(student)
                student_names.append(f"{name} ({student['group']})" if student["group"] else name)
        self.post_message(FamilyFound(target, guardian_names, student_names))

    def on_family_found(self, message: FamilyFound) -> None:
        names = [*message.guardians, *message.students]
        body = t("roster.forget_preview", guardians=len(message.guardians),
                 students=len(message.students), names=", ".join(names))
        screen = ConfirmScreen(t("forget.tui.title"), body, t("roster.forget_confirm"),
                               t("forget.tui.key"), danger=True)

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._forget(message.target)

        self.app.push_screen(screen, confirmed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="forget-write")
    def _forget(self, target: Target) -> None:
        with self.store.session() as db:
            counts = forget_family(db, *target)
        self.post_message(FamilyErased(counts))

    def on_family_erased(self, message: FamilyErased) -> None:
        self.notify(forgotten_summary(message.counts), markup=False,
                    severity="warning" if message.counts["backups_failed"]
                    or message.counts["waiting_for"] is not None else "information")
        self.family_erased()

    def family_erased(self) -> None:
        raise NotImplementedError
