"""The Channels section: preferences, coverage, Telegram links."""
