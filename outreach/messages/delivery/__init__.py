"""Delivering messages: SMTP e-mail, the Telegram Bot API, and files for the rest."""
