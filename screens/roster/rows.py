"""How guardians look in the roster table and its detail line (formatting only)."""

from __future__ import annotations

from functools import partial

from outreach.common import clock
from outreach.common.contacts import contact_text, format_phone
from outreach.common.formats import show_day
from outreach.common.i18n import pt, t
from outreach.roster import guardians as roster
from outreach.roster.records import Child, Guardian, Student
from outreach.roster.relations import relation_label
from outreach_screens.store import FilteredSource, Store
from outreach_screens.widgets.paged_table import TableRow
from outreach_screens.widgets.table_layout import Column


def roster_columns(children_elsewhere: str = "") -> list[Column]:
    """The guardians' columns; `children_elsewhere` (where else the children show) lets a
    narrow table leave the children out rather than take two lines a row."""
    return [
        Column(t("Guardian"), ratio=5),
        Column(t("Children"), ratio=4, elsewhere=children_elsewhere),
        Column(t("Phone"), width=16),
        Column(t("Consent"), width=15),
    ]


YEAR_OLD = "⏳"
"""After a consent's date: given a year ago or earlier, to be asked for again."""


def year_old_before() -> str:
    """The ISO day before which a consent is a year old today, by the app's clock."""
    return roster.year_old_before(clock.today())


def child_text(student: Child | Student) -> str:
    name = student.short_name
    return f"{name} {student.group}" if student.group else name


def consent_text(guardian: Guardian, year_old: str) -> str:
    """«✓ 01.09.2026», with «⏳» after it when given before the ISO day `year_old`."""
    if guardian.consent:
        text = f"✓ {show_day(str(guardian.consent_date or ''))}"
        return f"{text} {YEAR_OLD}" if guardian.consent_given_before(year_old) else text
    if guardian.consent_withdrawn_at:
        return f"✗ {t('withdrawn')}"
    return "—"


def consent_now(guardian: Guardian) -> str:
    """The consent on record, in a sentence: what a consent change would replace."""
    if guardian.consent:
        scope = guardian.consent_scope
        text = t("On record: given on {day}.", day=show_day(str(guardian.consent_date or "")))
        return f"{text} {t('consent: {scope}', scope=scope)}" if scope else text
    if guardian.consent_withdrawn_at:
        return t("On record: withdrawn on {day}.", day=show_day(str(guardian.consent_withdrawn_at)))
    return t("No consent on record yet.")


def guardian_row(guardian: Guardian, year_old: str) -> TableRow:
    """The guardian's cells; a consent given before the ISO day `year_old` is marked."""
    cells = (
        guardian.full_name,
        ", ".join(child_text(s) for s in guardian.students) or "—",
        format_phone(guardian.phone),
        consent_text(guardian, year_old),
    )
    return TableRow(guardian.id, cells, guardian)


def children_labels(guardian: Guardian) -> list[str]:
    """Each child as `мать: Петров Иван (10А)`."""
    labels = []
    for student in guardian.students:
        child = student.short_name
        if student.group:
            child += f" ({student.group})"
        relation = student.relation or ""
        labels.append(t("{relation} of {child}", relation=relation_label(relation), child=child)
                      if relation else child)
    return labels


def detail_line(guardian: Guardian, year_old: str) -> str:
    """Relation and children with groups, a consent a year old (given before the ISO day
    `year_old`), e-mail, the further contacts an import kept, messengers: one line."""
    parts = children_labels(guardian)
    if not guardian.students:
        parts.append(t("no children linked"))
    if guardian.consent_given_before(year_old):
        parts.append(t("{mark} consent given a year ago or earlier ({day}): ask for it again", mark=YEAR_OLD,
                       day=show_day(str(guardian.consent_date or ""))))
    if guardian.email:
        parts.append(guardian.email)
    if guardian.extra_contacts:  # a second phone or e-mail in the file's cell: what search finds her by
        parts.append(t("also: {contacts}", contacts=", ".join(contact_text(c) for c in guardian.extra_contacts)))
    messengers = [f"{label} {_handle(channel, handle)}" for channel, handle, label in
                  (("telegram", guardian.telegram, "Telegram"), ("vk", guardian.vk, pt("tui.roster.vk", "VK")),
                   ("max", guardian.max, "MAX")) if handle]
    parts.append(", ".join(messengers) if messengers else t("no messengers"))
    if guardian.consent and guardian.consent_scope:
        parts.append(t("consent: {scope}", scope=guardian.consent_scope))
    return " · ".join(parts)


def _handle(channel: str, value: str) -> str:
    if channel == "telegram" and not value.lstrip("-").isdigit():
        return "@" + value
    return value


def guardian_source(store: Store, flt: roster.Filter) -> FilteredSource[roster.Filter, Guardian]:
    """The guardians a roster filter matches, sorted by name, year-old consents marked."""
    row = partial(guardian_row, year_old=year_old_before())
    return FilteredSource(store, flt, roster.count_guardians, roster.list_guardians, row)
