"""English messages of the files for people: workbook titles, export dialogs, file formats."""

MESSAGES: dict[str, str] = {
    "peoplefiles.roster.title": "Roster",
    "peoplefiles.rejects.title": "Rejected rows",
    "peoplefiles.import.skip_invalid": "Skip the rows with problems (they go to a .rejects.xlsx file)",
    "peoplefiles.export.path": "File to write (.xlsx, or .csv):",
    "peoplefiles.absences.title": "Absences",
    "peoplefiles.absences.key": "To Excel",
    "peoplefiles.absences.key.tip": "Write the list as an Excel workbook (.xlsx)",
    "peoplefiles.absences.hint": "x — write the list for Excel (.xlsx) · esc — back",
    "peoplefiles.absences.written": "Absent children: {count}. The list for Excel: {path}",
    "peoplefiles.contest.xlsx": "Excel workbooks (.xlsx); unticked: CSV",
    "peoplefiles.contest.what": "the standings and the protocol (every team × event)",
    "peoplefiles.export.excel": "CSV for Excel (UTF-8 with BOM, ';')",
}
