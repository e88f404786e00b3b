"""What the Messages section's workers report, by message."""

from __future__ import annotations

from textual.message import Message

from outreach.messages.delivery.send import SendReport
from outreach.messages.sms_length import SmsLength
from outreach.messages.templates import Template
from outreach_screens.messages.draft import ChosenParent, Draft, ShownPlan


class ChoicesLoaded(Message):
    def __init__(self, found: list[Template], groups: list[str], polls: list[tuple[str, int]],
                 problem: str) -> None:
        super().__init__()
        self.found = found
        self.groups = groups
        self.polls = polls
        self.problem = problem


class DraftFound(Message):
    """The draft kept from the last session (`state` None: there was none); `gone_out`: the
    message it was saved as has gone out since (a save makes a new message)."""

    def __init__(self, state: dict[str, object] | None, template: Template | None,
                 chosen: list[ChosenParent], saved_as: int | None, gone_out: bool = False) -> None:
        super().__init__()
        self.state = state
        self.template = template
        self.chosen = chosen
        self.saved_as = saved_as
        self.gone_out = gone_out


class RecipientFound(Message):
    def __init__(self, guardian: tuple[int, str] | None) -> None:
        super().__init__()
        self.guardian = guardian


class PreviewRendered(Message):
    def __init__(self, text: str, error: str, names: list[str] | None,
                 sms: SmsLength | None = None) -> None:
        super().__init__()
        self.text = text
        self.error = error
        self.names = names
        self.sms = sms


class MessageSaved(Message):
    """A draft stored as message `message_id`: `edited` when into the message it was saved
    as before; `gone_out`: the message being edited, when it had gone out and a new one was made;
    `left`: that message's deliveries not gone yet (they still go with its old text);
    `withdrawn`: its deliveries withdrawn as the new one replaces it (None: it does not)."""

    def __init__(self, message_id: int, plan: ShownPlan, snapshot: tuple[object, ...],
                 then_send: bool, *, edited: bool = False, gone_out: int | None = None, left: int = 0,
                 withdrawn: int | None = None) -> None:
        super().__init__()
        self.message_id = message_id
        self.plan = plan
        self.snapshot = snapshot
        self.then_send = then_send
        self.edited = edited
        self.gone_out = gone_out
        self.left = left
        self.withdrawn = withdrawn


class ReplaceAsked(Message):
    """The draft edits message `old`, gone out with `left` deliveries not gone yet: the
    teacher is asked whether the new text replaces it for them before anything is saved."""

    def __init__(self, draft: Draft, old: int, left: int, then_send: bool) -> None:
        super().__init__()
        self.draft = draft
        self.old = old
        self.left = left
        self.then_send = then_send


class DraftRejected(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class PlanReady(Message):
    def __init__(self, message_id: int, plan: ShownPlan, report: SendReport | None) -> None:
        super().__init__()
        self.message_id = message_id
        self.plan = plan
        self.report = report


class SendProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SendProgress)


class SendFinished(Message):
    def __init__(self, message_id: int, report: SendReport, counts: dict[str, int],
                 cancelled: bool) -> None:
        super().__init__()
        self.message_id = message_id
        self.report = report
        self.counts = counts
        self.cancelled = cancelled


class TemplateSaved(Message):
    """The teacher's own template was written (`error`: why it was not)."""

    def __init__(self, template: Template | None, found: list[Template], error: str = "") -> None:
        super().__init__()
        self.template = template
        self.found = found
        self.error = error
