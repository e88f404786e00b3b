"""English messages: files, the storage's faults, erasure that finishes (storage-faults)."""

MESSAGES: dict[str, str] = {
    "files.is_folder": "{path} is a folder; give the path of a file to write.",
    "files.under_a_file": "Cannot write {path}: a part of that path is a file, not a folder.",
    "files.too_long": "Cannot write {path}: the path or a name in it is too long.",
    "files.unwritable": "Cannot write {path}: {reason}.",
    "erasure.waiting": "Removed from the lists: {guardians} guardians, {students} students; but the database file still holds their data while {programs} has it open. Close it, then run this command again or start outreach: the erasure finishes then.",
    "erasure.another_program": "another program",
    "storage.busy": "The database is busy with another program; try again.",
    "errors.internal": "Internal error ({kind}). Please report it.",
    "errors.internal_logged": "Internal error ({kind}). What happened (without personal data) is written in {path}; please send that file with your report.",
    "names.control_chars": "contains an invisible control character (such as NUL); type it again",
    "cli.number_out_of_range": "{given}: the number is out of range (at most 9223372036854775807).",
}
