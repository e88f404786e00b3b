"""English messages of the delivery pipeline and message attachments."""

MESSAGES: dict[str, str] = {
    "pipeline.attach.kb": "{size} KB",
    "pipeline.attach.mb": "{size} MB",
    "pipeline.attach.decimal": ".",
    "pipeline.attach.missing": "Attachment {path}: there is no such file.",
    "pipeline.attach.unreadable": "Attachment {path}: the file cannot be read (check its permissions).",
    "pipeline.attach.too_big": "The attachments take {size} together; a message may carry at most {limit}: leave some out or send a link to them instead.",
    "pipeline.attach.gone": "Attachment «{name}» is no longer readable at {path}: nothing of message {id} was sent. Put the file back, or compose the message again.",
    "pipeline.attach.plan": "Attachments: {files}.",
    "pipeline.attach.not_carried": "Only e-mails carry the attachments; these go without them: {channels}.",
    "pipeline.tui.key.attachments": "Attachments",
    "pipeline.tui.key.attachments.tip": "Attach files to the e-mails (typed as paths)",
    "pipeline.tui.attach.title": "Attachments",
    "pipeline.tui.attach.placeholder": "Path to a file; Enter adds it",
    "pipeline.tui.attach.hint": "Enter adds · Delete removes · Esc done. At most {limit} in all, e-mails only.",
    "pipeline.tui.attach.total": "Files: {count}, {size}",
    "pipeline.tui.attach.label": "Attachments: {count}",
    "pipeline.tui.attach.key.done": "Done",
    "pipeline.tui.attach.key.remove": "Remove",
}
