"""The Roster section: the guardian list, forms, import wizard, consent, students."""
