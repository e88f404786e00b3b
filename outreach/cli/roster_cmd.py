"""`outreach roster …`: import, list, students, add, link, edit, remove, consent, forget, export."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from outreach.cli.common import (
    Commands,
    JsonOption,
    confirmed,
    err,
    known_group,
    made_for_nothing_removed,
    open_db,
    out,
    print_json,
    refuse_excel_for_workbook,
    refuse_given,
    refuse_sheets_for_text,
    refuse_text_options_for_workbook,
    usage_error,
)
from outreach.common.collation import russian_order_key
from outreach.common.errors import OutreachError
from outreach.common.formats import parse_day, show_day
from outreach.common.i18n import N_, t, tn
from outreach.erasure.disk import journalled
from outreach.roster import guardians as roster
from outreach.roster.export import export_roster
from outreach.roster.students import (
    NAME_PARTS,
    StudentFilter,
    get_student,
    list_students,
    name_slip,
)

if TYPE_CHECKING:
    from outreach.erasure.forget import Forgotten
    from outreach.roster.importing.changes import Absent
    from outreach.roster.importing.importer import ImportReport, SheetRead
    from outreach.roster.importing.rows import Problem

app = Commands(no_args_is_help=True, help="The parent roster: import, list, edit, consent, forget, export.")

GroupOption = Annotated[Optional[str], typer.Option("--group", help="Only this group (class).")]
GuardianId = Annotated[Optional[int], typer.Option("--guardian", help="A guardian id.")]
StudentId = Annotated[Optional[int], typer.Option("--student", help="A student id.")]
ChildOption = Annotated[str, typer.Option("--child", help="The child's ФИО: found in --group, or added.")]
ChildGroupOption = Annotated[str, typer.Option("--group", help="The child's group (class).")]
EmailAsTyped = Annotated[bool, typer.Option(
    "--yes", help="Keep an e-mail whose domain looks mistyped (gmail.con) as it is (it is refused otherwise).")]


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="Roster file: CSV, XLSX, ODS or XLS.")],
    group: Annotated[Optional[str], typer.Option(
        "--group", help="Class for rows without one; never overrides a class the file states.")] = None,
    encoding: Annotated[Optional[str], typer.Option(help="Force the encoding (utf-8, cp1251…).")] = None,
    delimiter: Annotated[Optional[str], typer.Option(help="Force the delimiter (',' ';' tab).")] = None,
    map_: Annotated[Optional[list[str]], typer.Option("--map", help="'Header=field', a field with its person's slot, e.g. 'Мама=mother.fio', 'Phone 2=parent2.phone'.")] = None,
    sheet: Annotated[Optional[list[str]], typer.Option(
        "--sheet", help="Read only this workbook sheet (repeatable); default: every non-empty sheet.")] = None,
    header_row: Annotated[Optional[int], typer.Option(
        "--header-row", min=1, help="The header's row number as the spreadsheet shows it; default: found.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Import the good rows, write rejects.")] = False,
    rejects: Annotated[Optional[Path], typer.Option(help="Where to write rejected rows (default: FILE.rejects.xlsx; a .csv name gets CSV).")] = None,
    json_: JsonOption = False,
) -> None:
    """Import a roster file. Example: outreach roster import class.csv --group 10А --dry-run"""
    if not skip_invalid:
        refuse_given({"--rejects": rejects}, t("rejected rows are written only with --skip-invalid; without it a file with problems imports nothing."))
    refuse_text_options_for_workbook(file, {"--encoding": encoding, "--delimiter": delimiter},
                                     t("a workbook has sheets, not an encoding or a delimiter; --sheet chooses which to read."))
    refuse_sheets_for_text(file, sheet)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from outreach.roster.importing.importer import import_roster

    with made_for_nothing_removed() as used:
        db = open_db(create=True)
        run = partial(import_roster, db, file, group=group, encoding=encoding, delimiter=delimiter, mapping=map_ or [],
                      sheets=sheet or [], header_row=header_row, dry_run=dry_run, skip_invalid=skip_invalid, rejects=rejects)
        if not err.is_terminal:  # a bar ending in a pipe or a log still writes a line break there
            report = run()
        else:
            with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                          console=err, transient=True) as bar:
                task = bar.add_task(t("Importing"), total=None)
                report = run(progress=lambda done, total: bar.update(task, completed=done, total=total))
        used[0] = report.written
    refused = bool(report.rejected) and not skip_invalid
    if json_:
        print_json(asdict(report))
        if refused:
            err.print(t("Nothing was imported. Problems in the file: {count} (listed under \"rejected\"); fix them or use --skip-invalid.", count=len(report.rejected)), markup=False)
    else:
        _print_report(report)
    if refused:
        raise typer.Exit(1)


def _sheet_line(sheet: SheetRead) -> str:
    group = t(", class {group}", group=sheet.group) if sheet.group else ""
    return t("«{name}» (header in row {row}{group})", name=sheet.name, row=sheet.header_row, group=group)


def _print_report(report: ImportReport) -> None:
    from outreach.common.tabular import excerpt
    from outreach.roster.importing.changes import consent_day_line

    for problem in report.rejected[:50]:
        err.print(_problem_line(problem), markup=False)
    if len(report.rejected) > 50:
        err.print(tn("… and {n} more problem.", "… and {n} more problems.", len(report.rejected) - 50))
    if report.ignored_columns:
        err.print(t("Columns not imported on purpose (outreach keeps no data it does not use): {columns}.", columns=", ".join(excerpt(c) for c in report.ignored_columns)),
                  markup=False)
    if report.unrecognised_columns:
        err.print(t("Columns not recognised and ignored: {columns}.", columns=", ".join(excerpt(c) for c in report.unrecognised_columns)),
                  markup=False)
    if report.consent_dated_by:
        err.print(consent_day_line(report.consent_dated_by), markup=False)
    if report.filled_cells:
        err.print(t("Blank cells under a merged student or class cell filled from above: {count}.", count=report.filled_cells))
    if any(s.name for s in report.sheets):
        err.print(t("Sheets read: {sheets}.", sheets=", ".join(_sheet_line(s) for s in report.sheets)), markup=False)
    if report.skipped_sheets:
        err.print(t("Sheets without roster columns, not read: {sheets}.", sheets=", ".join(f"«{s}»" for s in report.skipped_sheets)),
                  markup=False)
    for warning in report.warnings:
        err.print(warning, markup=False)
    if report.class_missing:
        err.print(t("The file names no class: give it with --group, e.g. --group 5Б (rows with a class of their own keep it)."), markup=False)
    _print_changes(report)
    s, g = report.students, report.guardians
    key = N_("Dry run, nothing written. Would create students: {sc} ({su} updated, {sn} unchanged); guardians: {gc} ({gu} updated, {gn} unchanged). Problems: {rejected}.") if report.dry_run else (N_("Imported. Students: {sc} created, {su} updated, {sn} unchanged. Guardians: {gc} created, {gu} updated, {gn} unchanged. Rejected problems: {rejected}.") if report.written else N_("Nothing was written. Problems found: {rejected} (fix them, or use --skip-invalid). Students that would be created: {sc}, guardians: {gc}."))
    out.print(t(key, sc=s.created, su=s.updated, sn=s.unchanged, gc=g.created, gu=g.updated,
                gn=g.unchanged, rejected=len(report.rejected)))
    if report.rejects_path:
        out.print(t("Rejected rows written to {path}.", path=report.rejects_path))


CHANGES_SHOWN = 50


def _print_changes(report: ImportReport) -> None:
    """What changes in people already stored, and who of the file's classes it no longer
    names (they stay): the lines to read before confirming."""
    from outreach.roster.importing.changes import update_line

    if report.updates:
        out.print(t("Changes to people already in the roster (would be made):") if report.dry_run
                  else t("Changes to people already in the roster:") if report.written
                  else t("Changes to people already in the roster (not made):"), markup=False)
        for update in report.updates[:CHANGES_SHOWN]:
            out.print("  " + update_line(update), markup=False)
        if len(report.updates) > CHANGES_SHOWN:
            out.print("  " + t("… and {count} more (--json lists them all).", count=len(report.updates) - CHANGES_SHOWN), markup=False)
    gone = [a for a in report.not_in_file if a.left]
    if gone:
        out.print(t("Left the school by the file's status column, still in the roster (remove them yourself: outreach roster remove --student N): {students}.",
                    students=_absent_names(gone, numbered=True)), markup=False)
    if missing := [a for a in report.not_in_file if not a.left]:
        out.print(t("Not in the file, left in the roster as they are (remove them yourself if they left the class): {students}.",
                    students=_absent_names(missing)), markup=False)


def _absent_names(students: list[Absent], numbered: bool = False) -> str:
    """«Васильев Вася (7А)» or, `numbered`, «Васильев Вася (7А, no. 12)», by commas, and how
    many more past CHANGES_SHOWN."""
    names = [t("{name} ({group}, no. {id})", name=a.name, group=a.group, id=a.id) if numbered else f"{a.name} ({a.group})"
             for a in students[:CHANGES_SHOWN]]
    more = len(students) - len(names)
    return ", ".join(names) + (t(" and {count} more", count=more) if more > 0 else "")


def _problem_line(problem: Problem) -> str:
    """«Row 3, Телефон: not a valid phone number — «12345» (Соколов Роман Ильич)»."""
    from outreach.roster.importing.importer import on_sheet

    line = t("Row {row}, {field}: {reason}", row=problem.row, field=problem.field or "—", reason=problem.detail)
    return on_sheet(getattr(problem, "sheet", ""), line)


def _day_option(typed: str | None, option: str) -> str | None:
    """A day typed for `option` in ISO, or a usage error naming the option."""
    try:
        return parse_day(typed).isoformat() if typed else None
    except OutreachError as exc:
        raise usage_error(exc.message, option) from None


@app.command("list")
def list_(group: GroupOption = None,
          search: Annotated[Optional[str], typer.Option(help="Any part of a name, phone or e-mail.")] = None,
          consent_before: Annotated[Optional[str], typer.Option(
              "--consent-before", help="Only guardians whose consent was given before this day, ДД.ММ.ГГГГ or YYYY-MM-DD (to collect it again).")] = None,
          no_consent_since: Annotated[Optional[str], typer.Option(
              "--no-consent-since", help="Only guardians with no consent given since this day, ДД.ММ.ГГГГ or YYYY-MM-DD: given before it, or never (whom to ask for it; a withdrawal is left out).")] = None,
          json_: JsonOption = False) -> None:
    """List guardians with their children. Example: outreach roster list --search иван --json"""
    before = _day_option(consent_before, "--consent-before")
    since = _day_option(no_consent_since, "--no-consent-since")
    db = open_db()
    rows = roster.list_guardians(db, roster.Filter(known_group(db, group), search, before, since))
    if json_:
        print_json([asdict(row) for row in rows])  # the contract's keys, and each child's relation
        return
    # only the listings draw tables: an export starts without rich's
    from outreach.cli.tables import whole_words
    from outreach.common.contacts import format_phone

    cells = [[str(row.id), row.full_name, ", ".join(f"{s.surname} {s.name} ({s.group})" for s in row.students),
              format_phone(row.phone), row.email or "",
              "✓ " + show_day(str(row.consent_date or "")) if row.consent else "—"] for row in rows]
    headers = [t("ID"), t("Guardian"), t("Children"), t("Phone"), t("E-mail"), t("Consent")]
    # an id and a date read whole, a phone where it fits (else at its spaces), an e-mail folded
    out.print(whole_words(headers, cells, out.width, whole={0, 5}, fold={4}))
    out.print(t("Guardians: {count}.", count=len(rows)))


@app.command("students")
def students(group: GroupOption = None,
             search: Annotated[Optional[str], typer.Option(help="Any part of the student's name.")] = None,
             without_guardians: Annotated[bool, typer.Option("--without-guardians", help="Only students no guardian is linked to yet.")] = False,
             json_: JsonOption = False) -> None:
    """List students with their class and guardians' ids. Example: outreach roster students --group 10А --without-guardians"""
    db = open_db()
    rows = list_students(db, StudentFilter(known_group(db, group), search, without_guardians))
    if json_:
        print_json([asdict(row) for row in rows])
        return
    from outreach.cli.tables import whole_words

    cells = [[str(row.id), row.full_name, row.group or "", ", ".join(map(str, row.guardians)) or "—"] for row in rows]
    headers = [t("ID"), t("Student"), t("Class"), t("Guardians")]
    out.print(whole_words(headers, cells, out.width, whole={0, 2}))
    out.print(t("Students: {count}.", count=len(rows)))


@contextmanager
def _named_by_option() -> Iterator[None]:
    """A refused field named by the option that gave it: «--phone: недействительный номер телефона.»"""
    try:
        yield
    except roster.SuspiciousEmail as exc:
        raise OutreachError(t("{field}: {question} Correct it or repeat with --yes.",
                              field="--email", question=exc.reason)) from None
    except roster.SameGuardian as exc:
        raise OutreachError(t("{field}: {reason} (outreach roster edit --guardian {id}).",
                              field=f"--{exc.field}", reason=exc.reason, id=exc.existing)) from None
    except roster.InvalidField as exc:
        raise OutreachError(t("{field}: {reason}.", field="--" + exc.field.replace("_", "-"),
                              reason=exc.reason)) from None


def _guardian_values(**values: Optional[str]) -> dict[str, Optional[str]]:
    return {k: v for k, v in values.items() if v is not None}


@app.command("add-guardian")
def add_guardian(
    surname: Annotated[str, typer.Option(help="Surname (Фамилия).")],
    name: Annotated[str, typer.Option(help="Given name (Имя).")] = "",
    patronymic: Annotated[str, typer.Option(help="Patronymic (Отчество).")] = "",
    phone: Annotated[Optional[str], typer.Option(help="Phone in any common format.")] = None,
    email: Annotated[Optional[str], typer.Option(help="E-mail address.")] = None,
    telegram: Annotated[Optional[str], typer.Option(help="Telegram @handle, t.me link or chat id.")] = None,
    vk: Annotated[Optional[str], typer.Option(help="VK id or vk.com link.")] = None,
    max_: Annotated[Optional[str], typer.Option("--max", help="MAX handle or phone.")] = None,
    extra_contacts: Annotated[Optional[str], typer.Option(
        help="Further phones, e-mails and handles, by commas.")] = None,
    notes: Annotated[Optional[str], typer.Option(help="Notes for the teacher.")] = None,
    student: Annotated[Optional[list[int]], typer.Option(help="Link to this student id (repeatable).")] = None,
    child: ChildOption = "",
    group: ChildGroupOption = "",
    relation: Annotated[str, typer.Option(help="Relation to the student(s): mother, father, …")] = "",
    yes: EmailAsTyped = False,
    json_: JsonOption = False,
) -> None:
    """Add a guardian. Example: outreach roster add-guardian --surname Петрова --name Анна --phone '8 912 345-67-89' --child 'Петров Иван' --group 10А --relation мать"""
    if not student and not child:
        refuse_given({"--relation": relation or None}, t("it is the relation to a child; name the child with --student ID or --child."))
    db = open_db(create=True)
    with _named_by_option():
        gid = roster.add_guardian(db, _guardian_values(
            surname=surname, name=name, patronymic=patronymic, phone=phone, email=email,
            telegram=telegram, vk=vk, max=max_, extra_contacts=extra_contacts, notes=notes),
            [(s, relation) for s in student or []],
            _child(child, group, relation), confirmed=yes)
    print_json({"id": gid}) if json_ else out.print(t("Guardian added, id {id}.", id=gid))
    _extension_said(phone)


@app.command("link")
def link(
    guardian: Annotated[int, typer.Argument(help="The guardian's id.")],
    student: StudentId = None,
    child: ChildOption = "",
    group: ChildGroupOption = "",
    relation: Annotated[str, typer.Option(help="The guardian's relation to the child: mother, father, …")] = "",
    json_: JsonOption = False,
) -> None:
    """Link a guardian to a child, by student id or by name and class (the student is added if new). Example: outreach roster link 12 --child 'Петров Иван' --group 10А --relation отец"""
    if (student is None) == (not child) or (student is not None and group):
        raise usage_error(t("Give either --student ID or --child FIO with --group NAME."))
    db = open_db()
    if student is not None:
        roster.link(db, student, guardian, relation)
        student_id = student
    else:
        student_id = roster.link_child(db, guardian, _named_child(child, group, relation))
    if json_:
        print_json({"guardian": guardian, "student": student_id})
    else:
        out.print(t("Guardian {guardian} linked to student {student}.", guardian=guardian, student=student_id))


def _child(child: str, group: str, relation: str) -> roster.ChildIn | None:
    """The child named by --child/--group, checked as the app's form checks it."""
    if group and not child:  # a class alone names nobody
        raise _nameless()
    found, errors = roster.check_child({"child": child, "group": group,
                                        "relation": relation if child else ""})
    if errors:
        field, reason = next(iter(errors.items()))
        raise usage_error(f"--{field}: {reason}")
    return found


def _named_child(child: str, group: str, relation: str) -> roster.ChildIn:
    """The child `link` needs: a name of blanks names nobody."""
    found = _child(child, group, relation)
    if found is None:
        raise _nameless()
    return found


def _nameless() -> typer.BadParameter:
    return usage_error(f"--child: {t('the student needs a surname and a first name')}")


@app.command("add-student")
def add_student(
    surname: Annotated[str, typer.Option(help="Surname.")],
    name: Annotated[str, typer.Option(help="Given name.")],
    group: Annotated[str, typer.Option(help="Group (class), created if new.")],
    patronymic: Annotated[str, typer.Option(help="Patronymic.")] = "",
    guardian: Annotated[Optional[list[int]], typer.Option(help="Link to this guardian id (repeatable).")] = None,
    relation: Annotated[str, typer.Option(help="The guardian's relation to the student.")] = "",
    json_: JsonOption = False,
) -> None:
    """Add a student. Example: outreach roster add-student --surname Петров --name Иван --group 10А"""
    typed = zip(NAME_PARTS, (surname, name, patronymic), strict=True)
    if slip := next(((part, reason) for part, text in typed if (reason := name_slip(text))), None):
        raise roster.InvalidField(*slip)  # «Иван 7А», a phone typed as the name: as the form says
    if not guardian:
        refuse_given({"--relation": relation or None}, t("it is a guardian's relation to the student; name the guardian with --guardian ID."))
    db = open_db(create=True)
    sid = roster.add_student(db, surname, name, patronymic, group, [(g, relation) for g in guardian or []])
    print_json({"id": sid}) if json_ else out.print(t("Student added, id {id}.", id=sid))


def _one_target(guardian: Optional[int], student: Optional[int]) -> int:
    """The one id given: exactly one of --guardian and --student (a usage error otherwise)."""
    if guardian is not None and student is None:
        return guardian
    if student is not None and guardian is None:
        return student
    raise usage_error(t("Give exactly one of --guardian ID or --student ID."))


@app.command("edit")
def edit(
    guardian: GuardianId = None,
    student: StudentId = None,
    surname: Annotated[Optional[str], typer.Option(help="New surname.")] = None,
    name: Annotated[Optional[str], typer.Option(help="New given name.")] = None,
    patronymic: Annotated[Optional[str], typer.Option(help="New patronymic.")] = None,
    phone: Annotated[Optional[str], typer.Option(help="New phone ('' clears).")] = None,
    email: Annotated[Optional[str], typer.Option(help="New e-mail ('' clears).")] = None,
    telegram: Annotated[Optional[str], typer.Option(help="New Telegram ('' clears).")] = None,
    vk: Annotated[Optional[str], typer.Option(help="New VK ('' clears).")] = None,
    max_: Annotated[Optional[str], typer.Option("--max", help="New MAX ('' clears).")] = None,
    extra_contacts: Annotated[Optional[str], typer.Option(
        help="The further phones, e-mails and handles, by commas; they replace the kept ones ('' clears).")] = None,
    notes: Annotated[Optional[str], typer.Option(help="New notes ('' clears).")] = None,
    group: Annotated[Optional[str], typer.Option(help="New group (students only).")] = None,
    yes: EmailAsTyped = False,
) -> None:
    """Edit a guardian or a student. Example: outreach roster edit --guardian 3 --email anna@mail.ru"""
    target = _one_target(guardian, student)
    if guardian is not None:
        refuse_given({"--group": group}, t("it is a student's class, and a guardian has none; use it with --student ID."))
    else:
        refuse_given({"--phone": phone, "--email": email, "--telegram": telegram, "--vk": vk, "--max": max_,
                      "--extra-contacts": extra_contacts, "--notes": notes, "--yes": yes},
                      t("it is a parent's field, and a student has only a name and a class; use it with --guardian ID."))
        if group == "":
            raise usage_error(t("a student stays in a class; give the new one."), "--group")
    db = open_db()
    with _named_by_option():
        if guardian is not None:
            changed = roster.edit_guardian(db, target, _guardian_values(
                surname=surname, name=name, patronymic=patronymic, phone=phone, email=email,
                telegram=telegram, vk=vk, max=max_, extra_contacts=extra_contacts, notes=notes), confirmed=yes)
            who = roster.get_guardian(db, target).full_name
        else:
            changed = roster.edit_student(db, target, _guardian_values(
                surname=surname, name=name, patronymic=patronymic, group=group))
            who = get_student(db, target).full_name
    # named: a mistyped number shows at once
    out.print(t("Saved: {who} (no. {id}).", who=who, id=target) if changed else t("Nothing changed."), markup=False)
    if guardian is not None:
        _extension_said(phone)


@app.command("move-class")
def move_class(
    group: Annotated[str, typer.Argument(help="The class as it is now.")],
    to: Annotated[str, typer.Argument(help="Its new name (a year up: 11А).")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    json_: JsonOption = False,
) -> None:
    """Move a whole class at once (the September move up a year). Example: outreach roster move-class 10А 11А"""
    from outreach.roster import classes

    db = open_db()
    plan = classes.plan_class_move(db, group, to)
    if not yes:
        (err if json_ else out).print(classes.move_summary(plan))
        if not confirmed(t("Move the class?"), to_err=json_):
            raise OutreachError(t("Nothing was moved (not confirmed; use --yes in scripts)."))
    done = classes.move_class(db, plan.source, plan.target)
    if json_:
        print_json({"from": done.source, "to": done.target, "moved": done.moving})
        return
    out.print(tn("{source} → {target}: {n} student moved.", "{source} → {target}: {n} students moved.", done.moving,
                 source=done.source, target=done.target))


def _extension_said(phone: str | None) -> None:
    """Say (on stderr, beside --json) where an extension typed after the phone went."""
    extension = roster.phone_extension({"phone": phone})
    if extension is not None:
        err.print(t("The phone is saved without its extension {extension}; the extension is kept in the notes.", extension=extension))


@app.command("remove")
def remove(guardian: GuardianId = None, student: StudentId = None) -> None:
    """Remove a guardian or a student from the roster. Example: outreach roster remove --guardian 3"""
    target = _one_target(guardian, student)
    db = open_db()
    if guardian is not None:
        who = roster.get_guardian(db, target).full_name  # named: a mistyped number shows at once
        roster.remove_guardian(db, target)
    else:
        child = get_student(db, target)
        who = f"{child.full_name}, {child.group}" if child.group else child.full_name
        roster.remove_student(db, target)
    out.print(t("Removed from the roster: {who} (no. {id}).", who=who, id=target), markup=False)


@app.command("consent")
def consent(
    ids: Annotated[Optional[list[int]], typer.Argument(help="Guardian ids.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every guardian.")] = False,
    group: GroupOption = None,
    given: Annotated[bool, typer.Option("--given", help="Record consent given.")] = False,
    withdrawn: Annotated[bool, typer.Option("--withdrawn", help="Record consent withdrawn.")] = False,
    date_: Annotated[Optional[str], typer.Option("--date", help="Date of the signed form, ДД.ММ.ГГГГ or YYYY-MM-DD.")] = None,
    scope: Annotated[Optional[str], typer.Option(help="What the consent covers.")] = None,
) -> None:
    """Record consent to personal-data processing. Example: outreach roster consent --all --given --date 2026-09-01"""
    if sum([bool(ids), all_, group is not None]) != 1:
        raise usage_error(t("Give guardian ids, or --all, or --group NAME (exactly one of them)."))
    if given == withdrawn:
        raise usage_error(t("Give exactly one of --given or --withdrawn."))
    if withdrawn:
        refuse_given({"--scope": scope}, t("a withdrawal withdraws the whole consent; --scope goes with --given."))
    try:
        day = parse_day(date_) if date_ else None
    except OutreachError as exc:
        raise usage_error(exc.message) from None
    db = open_db()
    targets = ids or roster.guardian_ids(db, roster.Filter(group=known_group(db, group)))
    change = roster.change_consent(db, targets, given, day, scope, keep_withdrawn=not ids)
    out.print(tn("Consent recorded for {n} guardian.", "Consent recorded for {n} guardians.", change.count) if given else
              tn("Consent withdrawal recorded for {n} guardian.", "Consent withdrawal recorded for {n} guardians.", change.count))
    if ids:  # by number: who they are, so that a mistyped one shows at once
        out.print(", ".join(f"{roster.get_guardian(db, gid).full_name} ({t('no. {id}', id=gid)})" for gid in ids),
                  markup=False)
    if change.kept:
        out.print(t("Left as they are: {count} who withdrew their consent (ids {ids}); to record it again for one, give the id.",
                    count=len(change.kept), ids=", ".join(map(str, change.kept))))


@app.command("forget")
def forget(guardian: GuardianId = None, student: StudentId = None,
           group: Annotated[Optional[str], typer.Option(
               "--group", help="A whole class that leaves the school: its students, and the parents with no child in another class.")] = None,
           yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
           json_: JsonOption = False) -> None:
    """Erase a family's personal data everywhere (152-FZ), or a whole class's with --group. Example: outreach roster forget --student 7 --yes"""
    if group is not None:
        if guardian is not None or student is not None:
            raise usage_error(t("Give --group alone: a class is erased whole, without --guardian or --student."))
        _forget_class(group, yes, json_)
        return
    from outreach.erasure.forget import (  # ≈ 30 ms no other command needs
        forget_family,
        forgotten_summary,
    )

    _one_target(guardian, student)
    db = open_db()
    if not yes and not journalled(db, guardian, student):
        guardians, students = roster.family(db, guardian, student)
        names = sorted((roster.get_guardian(db, i).full_name for i in guardians), key=russian_order_key)
        (err if json_ else out).print(t("This erases everywhere: guardians {guardians}, students {students} — {names}.", guardians=len(guardians), students=len(students),
                                        names=", ".join(names)))
        if not confirmed(t("Erase this family's personal data for good?"), to_err=json_):
            raise OutreachError(t("Nothing was erased (not confirmed; use --yes in scripts)."))
    done = forget_family(db, guardian, student)
    if json_:
        print_json(done)
        return
    _said_erased(forgotten_summary(done), done)


def _forget_class(group: str, yes: bool, json_: bool) -> None:
    """`forget --group`: say what goes and who stays, ask, erase the class in one step."""
    from outreach.erasure import classes

    db = open_db()
    if not yes:
        (err if json_ else out).print(classes.class_erasure_summary(classes.plan_class_erasure(db, group)))
        if not confirmed(t("Erase this class's personal data for good?"), to_err=json_):
            raise OutreachError(t("Nothing was erased (not confirmed; use --yes in scripts)."))
    done = classes.forget_class(db, group)
    if json_:
        print_json(done)
        return
    _said_erased(classes.class_forgotten_summary(done), done)


def _said_erased(summary: str, done: Forgotten) -> None:
    """The summary of an erasure: on stderr when a part is left to finish."""
    unfinished = done["backups_failed"] or done["backups_missing"] or done["waiting_for"] is not None
    (err if unfinished else out).print(summary)


@app.command("export")
def export(path: Annotated[str, typer.Argument(help="CSV file to write (a .xlsx name: an Excel workbook), or - for stdout.")],
           group: GroupOption = None,
           excel: Annotated[bool, typer.Option("--excel", help="UTF-8 with BOM and ';' for Excel.")] = False,
           redact: Annotated[bool, typer.Option("--redact", help="Mask phones and e-mails.")] = False) -> None:
    """Export the roster as CSV. Example: outreach roster export 10a.csv --group 10А --excel"""
    refuse_excel_for_workbook(path, excel)
    db = open_db()
    count = export_roster(db, path, roster.Filter(group=known_group(db, group)), excel, redact)
    if path != "-":
        err.print(t("Rows written to {path}: {count}.", count=count, path=path))
