"""Channels: each guardian's preferences, coverage, Telegram linking."""
