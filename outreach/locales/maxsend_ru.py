"""Русские сообщения о доставке в MAX через бота (`message send`)."""

MESSAGES: dict[str, str] = {
    "maxsend.check.max": "спросите у родителя, пришло ли сообщение в MAX",
    "maxsend.check.max_parts": "доставлены части: {parts}; спросите у родителя, пришло ли остальное в MAX",
}
