"""English messages of MAX deliveries through the bot (`message send`)."""

MESSAGES: dict[str, str] = {
    "maxsend.check.max": "ask the parent whether it came in MAX",
    "maxsend.check.max_parts": "parts delivered: {parts}; ask the parent whether the rest came in MAX",
}
