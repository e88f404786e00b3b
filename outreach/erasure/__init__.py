"""Forgetting a family: the erasure itself, and down to the disk and the backups."""
