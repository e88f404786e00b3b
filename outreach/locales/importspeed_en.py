"""English messages of the importspeed branch (parsing a big file beside the import)."""

MESSAGES: dict[str, str] = {
    "import.parsing_stopped": "Reading the file stopped before its end: the system ended the process"
                              " reading it (short of memory?). Nothing was imported; try again.",
}
