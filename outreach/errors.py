"""User-facing errors: one clear sentence, already translated."""


class OutreachError(Exception):
    """Invalid data or a refused action; the CLI exits 1 and prints the message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(OutreachError):
    """A requested record does not exist."""
