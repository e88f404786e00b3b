"""The Inbox section: parents' replies in threads, answers, absence notes."""
