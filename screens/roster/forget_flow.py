"""Forgetting a family from a screen: find whom it takes, ask with their names, erase in a
worker, say what was erased (152-FZ erasure; the domain call is `forget_family`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.screen import Screen

from outreach.common.collation import russian_order_key
from outreach.common.i18n import t
from outreach.erasure.forget import Forgotten, forget_family, forgotten_summary
from outreach.roster import guardians as roster
from outreach.roster.students import get_student
from outreach_screens.confirm import ConfirmScreen
from outreach_screens.store import Store

Target = tuple[int | None, int | None]  # (guardian id, student id): one of them


class FamilyForgetting:
    """Owned by a screen: `ask(guardian_id=…)` or `ask(student_id=…)`. Its workers run on the
    screen (whose worker handler reports failures); `erased` runs after an erasure."""

    def __init__(self, screen: Screen[Any], store: Store, erased: Callable[[], None]) -> None:
        self.screen = screen
        self.store = store
        self.erased = erased

    def ask(self, guardian_id: int | None = None, student_id: int | None = None) -> None:
        self.screen.run_worker(partial(self._find_family, (guardian_id, student_id)),
                               thread=True, exclusive=True, exit_on_error=False,
                               group="forget-find")

    def _find_family(self, target: Target) -> None:
        with self.store.session() as db:
            guardians, students = roster.family(db, *target)
            guardian_names = sorted((roster.get_guardian(db, g).full_name for g in guardians), key=russian_order_key)
            student_names = []
            for sid in students:
                student = get_student(db, sid)
                name = student.full_name
                student_names.append(f"{name} ({student.group})" if student.group else name)
            student_names.sort(key=russian_order_key)
        self.screen.app.call_from_thread(self._confirm, target, guardian_names, student_names)

    def _confirm(self, target: Target, guardians: list[str], students: list[str]) -> None:
        body = t("This erases everywhere: guardians {guardians}, students {students} — {names}.", guardians=len(guardians), students=len(students),
                 names=", ".join([*guardians, *students]))
        screen = ConfirmScreen(t("Forget the whole family (152-FZ erasure)"), body, t("Erase this family's personal data for good?"),
                               t("Forget family"), danger=True)

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.screen.run_worker(partial(self._forget, target), thread=True,
                                       exclusive=True, exit_on_error=False,
                                       group="forget-write")

        self.screen.app.push_screen(screen, confirmed)

    def _forget(self, target: Target) -> None:
        with self.store.session() as db:
            counts = forget_family(db, *target)
        self.screen.app.call_from_thread(self._done, counts)

    def _done(self, counts: Forgotten) -> None:
        failed = counts["backups_failed"] or counts["backups_missing"] or counts["waiting_for"] is not None
        self.screen.notify(forgotten_summary(counts), markup=False,
                           severity="warning" if failed else "information")
        self.erased()
