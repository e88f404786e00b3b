"""Русские сообщения почтовой стороны приглашений: слова для ответа, время и место события,
ответы родителей, полученные письмом."""

MESSAGES: dict[str, str] = {
    "invitemail.reply_words": "Ответьте на это письмо словом «Приду» или «Не смогу».",
    "invitemail.event.no_time": "У сообщения {id} ещё нет времени события: укажите его в --at ДД.ММ.ГГГГ ЧЧ:ММ.",
    "invitemail.event.passed": "Время события {when} уже прошло.",
    "invitemail.event.bad_minutes": "Событие должно длиться хотя бы минуту, а не {value}.",
    "invitemail.event.line": "Событие: {when}, {minutes} мин.",
    "invitemail.event.line_place": "Событие: {when}, {minutes} мин., {place}.",
    "invitemail.fetch.answers": "Записано ответов на приглашения из писем: {count}.",
    "invitemail.tui.key.event": "Когда/где",
    "invitemail.tui.key.event.tip": "Когда и где событие: письма понесут приглашение в календарь (.ics)",
    "invitemail.tui.event.title": "Событие",
    "invitemail.tui.field.when": "Когда (ДД.ММ.ГГГГ ЧЧ:ММ)",
    "invitemail.tui.field.when.hint": "03.12.2026 18:30",
    "invitemail.tui.field.minutes": "Сколько длится, минут",
    "invitemail.tui.field.place": "Где",
    "invitemail.tui.field.name": "Название в календаре",
    "invitemail.tui.event.hint": "В письмах родителям будет приглашение в календарь и слова для ответа.",
    "invitemail.tui.field_error": "{field}: {reason}",
    "invitemail.tui.event_set": "Сообщение {id}. {event}",
}
