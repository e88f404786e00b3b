"""The message being composed in the TUI, and how plans and previews read (formatting only)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import sqlite_utils

from outreach.common.channel_names import channel_label
from outreach.common.errors import OutreachError
from outreach.common.formats import show_moment
from outreach.common.i18n import current_language, t
from outreach.messages import compose, templates
from outreach.messages.delivery.batch import Plan
from outreach.messages.delivery.preflight import Unconfigured
from outreach.messages.markup import to_text
from outreach.messages.replacement import Waiting
from outreach.messages.sms_length import SmsLength, describe
from outreach.messages.template_tokens import field_word, meant_token, variable_words
from outreach.messages.templates import Template
from outreach.roster.records import Child, Guardian
from outreach.settings.values import all_settings

HELD_MOMENTS = 3  # moments of quiet hours' end named one by one; more: the first and the last

AUDIENCE_KINDS = ("all", "group", "guardian", "not-answered", "groups")


@dataclass(frozen=True)
class Draft:
    """Everything `compose.create_message` needs, as chosen on the screen."""

    template: Template
    body: str
    values: tuple[tuple[str, str], ...]
    audience: tuple[str, ...]
    mode: str
    broadcast: tuple[str, ...]
    attachments: tuple[str, ...] = ()
    problem: str = ""
    """Why the editor's text cannot become a message (an unknown placeholder), if it cannot."""

    @property
    def snapshot(self) -> tuple[object, ...]:
        """What saving depends on: a saved message is stale once this changes."""
        return (self.template.lang, self.template.slug, self.body, self.values, self.audience,
                self.mode, self.broadcast, self.attachments)

    def check(self) -> None:
        if self.problem:
            raise OutreachError(self.problem)
        if missing := self.missing():
            raise OutreachError(fill_in(self.template, missing))

    def missing(self) -> list[str]:
        """The template's variables the draft has no value for yet."""
        given = {name for name, value in self.values if value}
        return [name for name in variable_names(self.template, self.body) if name not in given]

    def with_marks(self) -> Draft:
        """The draft with each missing value shown as its field's word in brackets, as the
        editor shows it («[дата]»): a preview of the message's shape before it is filled in."""
        words = variable_words(self.template.variables, current_language())
        marks = tuple((name, f"[{words.get(name, name)}]") for name in self.missing())
        return replace(self, values=(*self.values, *marks))

    def as_message(self) -> compose.Message:
        tpl = self.template
        return compose.Message(0, tpl.slug, tpl.lang, tpl.title, tpl.subject, self.body,
                               dict(self.values), list(self.audience), self.mode,
                               list(self.broadcast), None, "")

    def create(self, db: sqlite_utils.Database, replacing: int | None = None,
               heirs: Waiting | None = None) -> int:
        """Store the draft as a message (into `replacing` while nothing of it has gone out);
        `heirs`: whom a message it replaces has not reached, who get it too."""
        self.check()
        heirs = heirs or Waiting([], [])
        return compose.create_message(db, self.template, audience=list(self.audience),
                                      values=dict(self.values), mode=self.mode,
                                      broadcast=[*self.broadcast, *heirs.broadcast], body=self.body,
                                      attachments=self.attachments, replacing=replacing,
                                      heirs=heirs.guardians)


@dataclass(frozen=True)
class ChosenParent:
    """A parent of «chosen parents», and the child of theirs the message is about (None: not
    said, the first by name)."""

    id: int
    name: str
    child: Child | None = None

    @classmethod
    def of(cls, guardian: Guardian, child: Child | None = None) -> ChosenParent:
        """The parent by surname and first name: with the child, one line of the options' width."""
        return cls(guardian.id, guardian.short_name, child)

    @property
    def spec(self) -> str:
        return compose.guardian_spec(self.id, self.child.id if self.child else None)

    @property
    def label(self) -> str:
        """«Иванова Ольга (Петя, 7А)»."""
        return f"{self.name} ({child_words(self.child)})" if self.child else self.name


def child_words(child: Child) -> str:
    """A child as a parent's list names them: «Петя, 7А»."""
    name = child.name or child.surname
    return f"{name}, {child.group}" if child.group else name


def audience_specs(kind: str, value: str | None, guardians: list[ChosenParent],
                   groups: list[str]) -> tuple[str, ...]:
    """The `--audience` values for the screen's choice."""
    if kind == "group" and value:
        return (f"group:{value}",)
    if kind == "groups" and groups:
        return tuple(f"group:{group}" for group in groups)
    if kind == "guardian" and guardians:
        return tuple(parent.spec for parent in guardians)
    if kind == "not-answered" and value:
        return (f"not-answered:{value}",)
    return ("all",)


def fill_in(template: Template, names: list[str]) -> str:
    """What the teacher still has to fill in, named as the fields below the editor name them."""
    lang = current_language()
    words = variable_words(template.variables, lang)
    text = t("Fill in below: {names}.", names=", ".join(words.get(name, name) for name in names))
    meant = [(name, token) for name in names if name not in template.variables and (token := meant_token(name))]
    return " ".join([text, *(t("«{name}» would be the same for every parent; each one's own is [{field}] (Ctrl+O).",
                                 name=words.get(name, name), field=field_word(token, lang)) for name, token in meant)])


def variable_names(template: Template, body: str) -> list[str]:
    """The declared variables first, then any other free name the edited body uses."""
    names = list(template.variables)
    extra = sorted(templates.free_variables(body, template.subject) - set(names))
    return names + extra


@dataclass(frozen=True)
class Preview:
    """The draft rendered for one parent (or the broadcast version), as plain text."""

    subject: str
    text: str

    @property
    def shown(self) -> str:
        """The subject above the text, unless the text begins with it (a message written
        without a template takes its first line as the subject: shown once, not twice)."""
        first = next((line.strip() for line in self.text.splitlines() if line.strip()), "")
        if first == self.subject.strip():
            return self.text
        return f"{self.subject}\n\n{self.text}"


def render_preview(db: sqlite_utils.Database, draft: Draft, guardian_id: int | None) -> Preview:
    """Subject and plain text of the draft for one parent (or the broadcast version)."""
    draft.check()
    subject, body = compose.render_for(db, draft.as_message(), guardian_id, all_settings(db))
    return Preview(subject, to_text(body))


@dataclass
class ShownPlan:
    """A saved message's plan as the section shows it: the domain's plan, the channels in it
    not set up, the lines about shared addresses and attached files, and (before a send) the
    audience in words and the delivery log's counts."""

    found: Plan
    unconfigured: list[Unconfigured] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sharing an address, attached files
    audience_words: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def plan_line(plan: ShownPlan) -> str:
    found = plan.found
    channels = " · ".join(f"{channel_label(channel)} {count}"
                          for channel, count in found["by_channel"].items()) or "—"
    deferred = str(found["deferred"])
    if found["deferred_until"]:  # the last one goes then
        deferred += " " + t("(until: {when})", when=show_moment(max(found["deferred_until"])))
    line = t("plan: {channels} · deferred {deferred} · unreachable {unreachable} · no consent {no_consent}", channels=channels, deferred=deferred,
             unreachable=len(found["unreachable"]), no_consent=len(found["no_consent"]))
    if plan.unconfigured:
        line += " · " + t("not set up: {channels}", channels=", ".join(
            f"{channel_label(m.channel)} {m.count}" for m in plan.unconfigured))
    return " ".join([line, *plan.notes])


def held_until(until: dict[str, int]) -> str:
    """When the letters held by quiet hours go: one moment, or each moment with its count when
    parents' quiet hours end at different times («сегодня в 07:30 (1), сегодня в 08:00 (30)»;
    the first and the last of more than three)."""
    moments = sorted(until.items())
    if len(moments) == 1:
        return show_moment(moments[0][0])
    said = [f"{show_moment(moment)} ({count})" for moment, count in moments]
    return ", ".join(said) if len(said) <= HELD_MOMENTS else f"{said[0]} … {said[-1]}"


def plan_note(plan: ShownPlan, sms: SmsLength | None) -> str:
    """The SMS counter for a plan that sends SMS (nothing otherwise)."""
    return describe(sms) if sms is not None and plan.found["by_channel"].get("sms") else ""
