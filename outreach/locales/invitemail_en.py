"""English messages of the e-mail side of invitations: reply words, the event's time and place,
answers recorded from parents' e-mail."""

MESSAGES: dict[str, str] = {
    "invitemail.reply_words": "Reply to this e-mail with «Yes» or «No».",
    "invitemail.event.no_time": "Message {id} has no event time yet: give it with --at ДД.ММ.ГГГГ ЧЧ:ММ.",
    "invitemail.event.passed": "The event time {when} has already passed.",
    "invitemail.event.bad_minutes": "The event must last at least a minute, not {value}.",
    "invitemail.event.line": "Event: {when}, {minutes} min.",
    "invitemail.event.line_place": "Event: {when}, {minutes} min., {place}.",
    "invitemail.fetch.answers": "Answers to invitations recorded from e-mail: {count}.",
    "invitemail.tui.key.event": "When/where",
    "invitemail.tui.key.event.tip": "When and where the event is: the e-mails carry it as a calendar invitation (.ics)",
    "invitemail.tui.event.title": "The event",
    "invitemail.tui.field.when": "When (ДД.ММ.ГГГГ ЧЧ:ММ)",
    "invitemail.tui.field.when.hint": "03.12.2026 18:30",
    "invitemail.tui.field.minutes": "How long, minutes",
    "invitemail.tui.field.place": "Where",
    "invitemail.tui.field.name": "Name in the calendar",
    "invitemail.tui.event.hint": "Parents' e-mails will carry a calendar invitation and the words to answer with.",
    "invitemail.tui.field_error": "{field}: {reason}",
    "invitemail.tui.event_set": "Message {id}. {event}",
}
