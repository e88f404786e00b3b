"""English messages of the roster import's write phase."""

MESSAGES: dict[str, str] = {
    "rosterspeed.database_busy": "The database is busy with another program; try again.",
}
