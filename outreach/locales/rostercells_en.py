"""English messages of reading roster headers and cells."""

MESSAGES: dict[str, str] = {
    "cli.import.problem_detail": "Row {row}, {field}: {reason} — «{value}» ({person})",
    "cli.import.problem_value": "Row {row}, {field}: {reason} — «{value}»",
    "cli.import.not_kept": "Columns not imported on purpose (outreach keeps no data it does not use): {columns}.",
    "cli.import.filled": "Blank cells under a merged student or class cell filled from above: {count}.",
    "import.warning.no_guardians": "No parent was found in the file although it has contact columns ({columns}): check which columns hold the parents' names, or use --map 'Header=mother.fio'.",
    "tui.field.guardian.contacts": "contacts (phone, e-mail, handles)",
    "tui.field.grade": "grade (year)",
    "tui.field.letter": "class letter",
}
