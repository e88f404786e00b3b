"""English messages of Telegram links for a whole class: the sheet, the invitation, the watch."""

MESSAGES: dict[str, str] = {
    "telegramlinks.everyone": "all classes",
    "telegramlinks.no_folder": "The folder {path} does not exist.",
    "telegramlinks.all_linked": "Every parent in {scope} is already linked to Telegram (or declined it): no sheet to print.",
    "telegramlinks.no_invitees": "No parent in {scope} who is not linked to Telegram yet can be reached by e-mail.",
    "telegramlinks.sheet.title": "Telegram links for parents",
    "telegramlinks.sheet.heading": "Class {group}: connect school messages in Telegram",
    "telegramlinks.sheet.how": "Cut out your card, scan the QR code with your phone's camera (or open the link) and press Start in Telegram. The link is personal: please do not pass it on.",
    "telegramlinks.sheet.child": "Parent of {child}",
    "telegramlinks.col.group": "Class",
    "telegramlinks.col.guardian": "Parent",
    "telegramlinks.col.child": "Child",
    "telegramlinks.col.link": "Telegram link",
    "telegramlinks.written": "Link sheet written (parents: {count}): {path}",
    "telegramlinks.list_written": "The list of links is in {path}",
    "telegramlinks.invite_created": "Draft message {id} with personal Telegram links created (parents: {count}); check it, then send it: outreach message send {id}.",
    "telegramlinks.tui.key.sheet": "Link sheet",
    "telegramlinks.tui.key.sheet.tip": "Print Telegram links with QR codes for the parents of this class who are not linked yet",
    "telegramlinks.tui.sheet_written": "Telegram link sheet (parents: {count}): {path}",
    "telegramlinks.tui.linked": "Telegram linked, parents: {count}",
    "telegramlinks.tui.watch_failed": "Telegram links are not being picked up: {reason}",
}
