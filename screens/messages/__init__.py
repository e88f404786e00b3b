"""The Messages section: composer, pickers, sending, the log and the outbox."""
