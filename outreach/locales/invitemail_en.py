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
}
