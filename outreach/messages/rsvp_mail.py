"""The e-mail side of answers to an invitation: the .ics request an invitation's e-mail carries
(icalendar: METHOD:REQUEST, one VEVENT whose UID is stable per invitation, the school mailbox
as ORGANIZER, the parent as ATTENDEE), the line of reply words under its text, and reading
a parent's reply: an iCalendar REPLY (PARTSTAT=ACCEPTED/DECLINED, as Gmail, Outlook and Apple
Mail send it) or a reply word at the start of the text («Приду», «Да, придём», «Не смогу»,
«Нет», "Yes", "No", or «+» / «-» alone; quoted history below is not read). Chat replies in
Telegram and MAX are read with the same words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from outreach.common.i18n import t
from outreach.messages.rsvp import Answer, Event

PRODID = "-//outreach//invitation//RU"
_UID = re.compile(r"^outreach-rsvp-([0-9]{1,12})@")
_PARTSTAT: dict[str, Answer] = {"ACCEPTED": "yes", "DECLINED": "no"}


@dataclass(frozen=True)
class Person:
    """A name (may be empty) and an e-mail address."""

    name: str
    address: str

    def cal_address(self) -> vCalAddress:
        address = vCalAddress(f"mailto:{self.address}")
        if self.name:
            address.params["CN"] = vText(self.name)
        return address


def event_uid(message_id: int, domain: str) -> str:
    """The invitation's event UID: the same in every letter and reminder of it, so a calendar
    updates one event."""
    return f"outreach-rsvp-{message_id}@{domain}"


def calendar_request(event: Event, organizer: Person, attendee: Person, domain: str, now: datetime) -> bytes:
    """The invitation's .ics for one parent (METHOD:REQUEST)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
    vevent = VEvent()
    vevent.add("uid", event_uid(event.message_id, domain))
    vevent.add("dtstamp", now.astimezone(UTC))
    vevent.add("dtstart", event.start.astimezone(UTC))
    vevent.add("dtend", event.end.astimezone(UTC))
    vevent.add("summary", event.title)
    if event.place:
        vevent.add("location", event.place)
    vevent.add("organizer", organizer.cal_address())
    guest = attendee.cal_address()
    guest.params.update({"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"})
    vevent.add("attendee", guest)
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CONFIRMED")
    calendar.add_component(vevent)
    return bytes(calendar.to_ical())


def reply_words(lang: str) -> str:
    """The line under an invitation's e-mail text that says how to answer."""
    return t("Reply to this e-mail with «Yes» or «No».", lang=lang)


@dataclass(frozen=True)
class MailAnswer:
    """An answer found in a parent's e-mail, and the invitation it names (a calendar's reply
    names it by its UID; a reply word by the letter it answers: None here)."""

    answer: Answer
    invitation: int | None = None


def calendar_answer(data: bytes) -> MailAnswer | None:
    """The answer an iCalendar REPLY carries; None for anything else (a request, a tentative
    answer, a file that does not parse)."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError:  # icalendar's parse errors are ValueErrors
        return None
    if str(calendar.get("method", "")).upper() != "REPLY":
        return None
    for vevent in calendar.walk("VEVENT"):
        attendees = vevent.get("attendee")
        for attendee in attendees if isinstance(attendees, list) else [attendees]:
            answer = _PARTSTAT.get(str(getattr(attendee, "params", {}).get("PARTSTAT", "")).upper())
            if answer is not None:
                found = _UID.match(str(vevent.get("uid", "")))
                return MailAnswer(answer, int(found.group(1)) if found else None)
    return None


# the words before an answer: a greeting, thanks, an apology («Извините, всё-таки не сможем»)
_GREETING = re.compile(r"^(?:(?:здравствуйте|добрый (?:день|вечер)|доброе утро|привет|hello|hi|dear [^,!.]+"
                       r"|спасибо(?: большое)?|благодарю|извините|простите|к сожалению|увы|все-таки|все же"
                       r"|thank you|thanks|sorry|unfortunately)(?:[\s,!.:]+|$))+")
_NO = (r"нет|не (смогу|сможем|сможет|смогут|приду|придем|придет|придут|получится|будем|буду|будет)"
       r"|no|nope|can ?not|can't|won't|will not|not coming|unable|decline")
_YES = (r"да|приду|придем|придет|придут|буду|будем|будет|обязательно|конечно|yes|yep|sure|coming|will come"
        r"|i'll come|we'll come|i will come|we will come|accept")
_PHRASES = re.compile(rf"\b(?:(?P<no>{_NO})|(?P<yes>{_YES}))\b")


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
# A sign alone on the line: «+», «++», «+1», «+ 2» (a count of people the tally does not keep)
# or «-», «–», «—»; «+7 912 …» (a phone) and «--» (a signature's line) are not answers.
_SIGN = re.compile(r"^(?:(?P<yes>\+{1,3}|\+ ?[1-9][0-9]?)|(?P<no>[-–—]))[!.)]*$")


def answer_in_text(text: str) -> Answer | None:
    """The reply word the text starts with (its first sentence, on the first line not quoted,
    after a greeting), when nothing else in that sentence says otherwise and it is not a
    question («Будет ли трансляция?»), or a «+» / «-» that is that whole line; None when the
    text is not an answer."""
    line = next((ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith(">")), "")
    line = _GREETING.sub("", " ".join(line.lower().replace("ё", "е").replace("’", "'").split()))
    sign = _SIGN.match(line)
    if sign:
        return "yes" if sign.group("yes") else "no"
    sentence = _SENTENCE_END.split(line, maxsplit=1)[0]
    if sentence.endswith("?"):
        return None
    found = list(_PHRASES.finditer(sentence))
    if not found or found[0].start() != 0:
        return None
    kinds = {"no" if match.group("no") else "yes" for match in found}
    if len(kinds) != 1:
        return None
    return "no" if kinds == {"no"} else "yes"
