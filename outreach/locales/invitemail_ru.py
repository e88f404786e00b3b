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
}
