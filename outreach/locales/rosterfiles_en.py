"""English messages of the roster import's file reading: sheets, header rows, workbooks."""

MESSAGES: dict[str, str] = {
    "import.csv_unreadable": "The file cannot be read as a table ({detail}).",
    "import.workbook_unreadable": "The {kind} file cannot be read: it is damaged or cut off. Open it in a spreadsheet program and save it again.",
    "import.html_table": "This file is a web page (an HTML table) saved under a spreadsheet's name; open it in a spreadsheet program and save it as XLSX or CSV.",
    "import.no_sheet": "The workbook has no sheet «{sheet}»; its sheets: {sheets}.",
    "import.sheet_not_workbook": "--sheet applies to workbooks (XLSX, ODS, XLS); this file is a plain-text table.",
    "import.bad_header_row": "Header row {row} is not in the sheet: it has {rows} rows.",
    "import.rejects.sheet": "sheet",
    "cli.import.on_sheet": "Sheet «{sheet}», {line}",
    "cli.import.sheets": "Sheets read: {sheets}.",
    "cli.import.sheet": "«{name}» (header in row {row}{group})",
    "cli.import.sheet_group": ", class {group}",
    "cli.import.skipped_sheets": "Sheets without roster columns, not read: {sheets}.",
    "cli.import.refused": "Nothing was imported: the file has {count} problems (listed under \"rejected\"); fix them or use --skip-invalid.",
    "tui.import.header_row": "Header row:",
    "tui.import.sheets": "Sheets:",
    "tui.import.sheet_line": "Sheet «{name}»: header in row {row}, {rows} rows{group}",
    "tui.import.sheet_group": ", class {group}",
    "tui.import.meaning": "Read «{header}» as:",
    "tui.import.no_names": "No column is read as a name yet: choose below which column holds the student's or the parent's name.",
    "tui.import.ignore": "do not import",
}
